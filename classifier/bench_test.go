package classifier

import (
	"bytes"
	"os"
	"slices"
	"testing"

	"github.com/stance-nlp/stance/internal/testkit"
)

// BenchmarkPredict labels comments with the shipped model (both columns):
// feature extraction plus scoring, one goroutine.
func BenchmarkPredict(b *testing.B) {
	texts := testkit.Texts(b, 2000)
	m, err := ReadBundle(bytes.NewReader(shippedModel(b)))
	if err != nil {
		b.Fatal(err)
	}
	p := m.NewPredictor()
	var n int64
	for _, t := range texts {
		n += int64(len(t))
	}
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			p.Predict(t)
		}
	}
	b.ReportMetric(float64(len(texts))*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkPredictCalibrated is BenchmarkPredict with a temperature
// calibration on both columns (T = 2.4, about what the seed corpus
// fits): the cost of Calibration.Apply on top of scoring.
func BenchmarkPredictCalibrated(b *testing.B) {
	texts := testkit.Texts(b, 2000)
	m, err := ReadBundle(bytes.NewReader(shippedModel(b)))
	if err != nil {
		b.Fatal(err)
	}
	for i := range m.Columns {
		m.Columns[i].Calibration = &Calibration{Method: CalibrateTemperature, Temperature: 2.4}
	}
	p := m.NewPredictor()
	var n int64
	for _, t := range texts {
		n += int64(len(t))
	}
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			p.Predict(t)
		}
	}
	b.ReportMetric(float64(len(texts))*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkReadBundle loads the shipped model (3.2 MB of JSON): the fixed
// cost of every `stance label` run.
func BenchmarkReadBundle(b *testing.B) {
	m := shippedModel(b)
	b.SetBytes(int64(len(m)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ReadBundle(bytes.NewReader(m)); err != nil {
			b.Fatal(err)
		}
	}
}

// TestPredictorMatchesModel checks the Predictor's fast paths against the
// plain ones on the shipped model: weights parsed by loadLinear equal
// those of Model.Load, and probabilities from the term-major layout equal
// Model.Probs bit for bit.
func TestPredictorMatchesModel(t *testing.T) {
	b, err := ReadBundle(bytes.NewReader(shippedModel(t)))
	if err != nil {
		t.Fatal(err)
	}
	for i := range b.Columns {
		c := &b.Columns[i]
		m, err := b.Recipe.New()
		if err != nil {
			t.Fatal(err)
		}
		if err := m.Load(bytes.NewReader(c.Model)); err != nil {
			t.Fatal(err)
		}
		got, want := c.Linear(), linearOf(m)
		if got.Link != want.Link || !slices.Equal(got.B, want.B) || len(got.W) != len(want.W) {
			t.Fatalf("column %s: loadLinear and Load differ", c.Name)
		}
		for k := range got.W {
			if !slices.Equal(got.W[k], want.W[k]) {
				t.Fatalf("column %s: row %d differs", c.Name, k)
			}
		}
	}
	p := b.NewPredictor()
	e := b.Vectorizer.NewExtractor()
	for _, text := range append(testkit.Texts(t, 300), "", "!!!", "unseen zzz qqq") {
		preds := p.Predict(text)
		x := e.Vector(text)
		for i := range b.Columns {
			want := b.Columns[i].model.Probs(x, nil)
			if cal := b.Columns[i].Calibration; cal != nil {
				cal.Apply(want)
			}
			if !slices.Equal(preds[i].Probs, want) {
				t.Fatalf("%q column %d: %v, want %v", text, i, preds[i].Probs, want)
			}
		}
	}
}

// shippedModel returns the bytes of models/default.model. Package models
// loads models with this package, so this package's own tests read the
// file rather than import it.
func shippedModel(tb testing.TB) []byte {
	tb.Helper()
	m, err := os.ReadFile("../models/default.model")
	if err != nil {
		tb.Fatal(err)
	}
	return m
}
