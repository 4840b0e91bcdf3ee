package data

import _ "embed"

//go:embed CODEBOOK.md
var codebook []byte

// Codebook returns the annotation guide of the seed corpus (CODEBOOK.md),
// shown beside the labels by stance annotate. Callers must not modify it.
func Codebook() []byte { return codebook }
