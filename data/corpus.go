package data

import _ "embed"

//go:embed syria-comments.csv
var seedCorpus []byte

// SeedCorpusFile is the name of the seed corpus in the repository.
const SeedCorpusFile = "data/syria-comments.csv"

// SeedCorpus returns the annotated seed corpus, syria-comments.csv: the
// training data of the shipped model, which stance demo needs to label
// the seed thread with out-of-fold predictions. Callers must not modify
// it.
func SeedCorpus() []byte { return seedCorpus }
