package features

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"

	"github.com/stance-nlp/stance/internal/testkit"
)

// shippedVectorizer decodes the vectorizer of the shipped model without
// the classifier package (which imports this one).
func shippedVectorizer(tb testing.TB) *Vectorizer {
	tb.Helper()
	m := shippedModel(tb)
	i := bytes.Index(m, []byte("\n\n"))
	if i < 0 {
		tb.Fatal("shipped model has no header")
	}
	var b struct {
		Vectorizer *Vectorizer `json:"vectorizer"`
	}
	if err := json.Unmarshal(m[i+2:], &b); err != nil {
		tb.Fatal(err)
	}
	return b.Vectorizer
}

func totalBytes(texts []string) int64 {
	var n int64
	for _, t := range texts {
		n += int64(len(t))
	}
	return n
}

// reportDocs reports docs/s for docs documents per iteration.
func reportDocs(b *testing.B, docs int) {
	b.ReportMetric(float64(docs)*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkTokenizeStem is the first half of feature extraction: tokens of
// each comment, then their stems, as the Extractor does under the default
// recipe.
func BenchmarkTokenizeStem(b *testing.B) {
	texts := testkit.Texts(b, 2000)
	tok := DefaultTokenizer()
	s := NewStemmer(0)
	var dst []string
	b.SetBytes(totalBytes(texts))
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			dst = tok.Tokens(dst[:0], t)
			for _, w := range dst {
				s.Stem(w)
			}
		}
	}
	reportDocs(b, len(texts))
}

// BenchmarkVectorize turns comments into sparse vectors over the shipped
// model's vocabulary (stemmed 1- and 2-grams), reusing the scratch vector
// as labelling does.
func BenchmarkVectorize(b *testing.B) {
	texts := testkit.Texts(b, 2000)
	e := shippedVectorizer(b).NewExtractor()
	b.SetBytes(totalBytes(texts))
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			e.VectorScratch(t)
		}
	}
	reportDocs(b, len(texts))
}

// BenchmarkVectorizeCharNGrams is BenchmarkVectorize with the shipped
// recipe's features plus char 2-5 grams, fitted on the 202 seed comments.
func BenchmarkVectorizeCharNGrams(b *testing.B) {
	var seed []string
	for _, row := range testkit.Seed(b, "text") {
		seed = append(seed, row[0])
	}
	c := DefaultConfig()
	c.CharNGramMin, c.CharNGramMax = 2, 5
	v, err := Fit(c, seed)
	if err != nil {
		b.Fatal(err)
	}
	texts := testkit.Texts(b, 2000)
	e := v.NewExtractor()
	b.SetBytes(totalBytes(texts))
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			e.VectorScratch(t)
		}
	}
	reportDocs(b, len(texts))
}

// BenchmarkLoadVectorizer decodes the shipped model's vocabulary and builds
// its term index, the bulk of loading a model.
func BenchmarkLoadVectorizer(b *testing.B) {
	m := shippedModel(b)
	i := bytes.Index(m, []byte("\n\n"))
	var b0 struct {
		Vectorizer json.RawMessage `json:"vectorizer"`
	}
	if err := json.Unmarshal(m[i+2:], &b0); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(b0.Vectorizer)))
	b.ReportAllocs()
	for b.Loop() {
		var v Vectorizer
		if err := json.Unmarshal(b0.Vectorizer, &v); err != nil {
			b.Fatal(err)
		}
	}
}

// shippedModel returns the bytes of models/default.model, read from the
// file: package models loads models with package classifier, which
// imports this one.
func shippedModel(tb testing.TB) []byte {
	tb.Helper()
	m, err := os.ReadFile("../models/default.model")
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// BenchmarkVectorizeRules is BenchmarkVectorizeCharNGrams under the
// default recipe's features (char 3-5 grams, min-df 2) with the rules of
// data/syria.rules, the cost of matching them.
func BenchmarkVectorizeRules(b *testing.B) {
	var seed []string
	for _, row := range testkit.Seed(b, "text") {
		seed = append(seed, row[0])
	}
	src, err := os.ReadFile("../data/syria.rules")
	if err != nil {
		b.Fatal(err)
	}
	rules, err := ParseRules("syria.rules", src)
	if err != nil {
		b.Fatal(err)
	}
	c := DefaultConfig()
	c.CharNGramMin, c.CharNGramMax, c.MinDF = 3, 5, 2
	for _, r := range []string{"", FormatRules(rules)} {
		c.Rules = r
		v, err := Fit(c, seed)
		if err != nil {
			b.Fatal(err)
		}
		texts := testkit.Texts(b, 2000)
		name := "none"
		if r != "" {
			name = "syria"
		}
		b.Run(name, func(b *testing.B) {
			e := v.NewExtractor()
			b.SetBytes(totalBytes(texts))
			b.ReportAllocs()
			for b.Loop() {
				for _, t := range texts {
					e.VectorScratch(t)
				}
			}
			reportDocs(b, len(texts))
		})
	}
}
