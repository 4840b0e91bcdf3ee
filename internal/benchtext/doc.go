// Package benchtext makes realistic comments for benchmarks and tests: the
// sentences of the annotated seed corpus (data/syria-comments.csv)
// recombined, one to four to a comment, deterministically. Comments made
// this way have the length, vocabulary and punctuation of real reader
// comments without repeating any one of them whole.
package benchtext
