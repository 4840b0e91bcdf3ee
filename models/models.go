package models

import _ "embed"

//go:embed default.model
var defaultModel []byte

// Default returns the bytes of the shipped model file. Callers must not
// modify them.
func Default() []byte { return defaultModel }
