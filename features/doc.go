// Package features turns comment text into sparse bag-of-words vectors.
//
// Conventions:
//   - A document is one comment's text; a term is a stemmed word n-gram whose
//     words are joined by a single space ("not bomb"), or, when the Config
//     asks for them, a character n-gram of an unstemmed word after one
//     space (" <bom"; Readable prints "[<bom]"), or, when the Config holds
//     rules (see IsRule), a rule's name after '@' ("@intervention";
//     Readable prints "{intervention}"), counted once in a document where
//     any of its phrases occurs.
//   - A Vector is sparse: Index holds term indices in strictly increasing
//     order and Value the weight at each; absent indices are zero.
//   - Term indices are positions in Vectorizer.Terms, which is sorted, so the
//     same training texts and Config always give the same indices.
//   - Fitting reads all training texts; transforming is per document and
//     streams. A Vectorizer is read-only after Fit and safe for concurrent
//     use; an Extractor holds per-goroutine scratch space and is not.
package features
