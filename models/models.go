package models

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"

	"github.com/stance-nlp/stance/classifier"
	"github.com/stance-nlp/stance/data"
)

//go:embed default.model
var defaultModel []byte

// Default returns the bytes of the shipped model file. Callers must not
// modify them.
func Default() []byte { return defaultModel }

// ShippedName names the shipped model in messages and reports.
const ShippedName = "shipped model"

// Load reads the model file at path, or the shipped model when path is "".
// A directory is refused at once rather than read as a bad model file.
// Errors name the file ("shipped model" for the shipped one).
func Load(path string) (*classifier.Bundle, error) {
	var r io.Reader
	if path == "" {
		r = bytes.NewReader(Default())
		path = ShippedName
	} else {
		f, err := data.OpenPlain(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	b, err := classifier.ReadBundle(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return b, nil
}
