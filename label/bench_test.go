package label

import (
	"bytes"
	"encoding/csv"
	"io"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/classifier"
	"github.com/stance-nlp/stance/data"
	"github.com/stance-nlp/stance/internal/testkit"
	"github.com/stance-nlp/stance/models"
)

// benchCSV returns an in-memory CSV of n realistic comments (see
// testkit.Comments) in the canonical columns.
func benchCSV(tb testing.TB, n int) []byte {
	tb.Helper()
	cs := testkit.Comments(tb, n)
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"id", "source", "author", "location", "text"})
	for i, c := range cs {
		w.Write([]string{"b" + strings.Repeat("0", 6) + string(rune('0'+i%10)), "bench", c.Author, c.Location, c.Text})
	}
	w.Flush()
	return buf.Bytes()
}

// BenchmarkRun labels an in-memory CSV of 5,000 comments with the shipped
// model, reading, predicting on every core and writing CSV to io.Discard:
// the whole of `stance label` but for the file system. chars-2-5 labels
// with a model of the shipped recipe plus char 2-5 grams, trained on the
// seed corpus (by the sparse trainer, which needs no cgo).
func BenchmarkRun(b *testing.B) {
	for _, bc := range []struct {
		name         string
		probs, chars bool
	}{{"labels", false, false}, {"probs", true, false}, {"chars-2-5", false, true}} {
		b.Run(bc.name, func(b *testing.B) {
			const n = 5000
			in := benchCSV(b, n)
			m, err := classifier.ReadBundle(bytes.NewReader(models.Default()))
			if bc.chars {
				m, err = charGramModel(b)
			}
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(in)))
			b.ReportAllocs()
			for b.Loop() {
				r, err := data.NewCSVReader(bytes.NewReader(in), "bench.csv")
				if err != nil {
					b.Fatal(err)
				}
				st, err := Run(r, data.NewWriter(io.Discard), m, Options{Probs: bc.probs})
				if err != nil || st.Rows != n {
					b.Fatalf("%d rows, %v", st.Rows, err)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
		})
	}
}

// charGramModel trains the default recipe with char 2-5 grams on the seed
// corpus's stance and sentiment.
func charGramModel(tb testing.TB) (*classifier.Bundle, error) {
	s := &classifier.TrainingSet{Columns: []string{"stance", "sentiment"}, Labels: make([][]string, 2)}
	for _, row := range testkit.Seed(tb, "text", "stance", "sentiment") {
		s.Texts = append(s.Texts, row[0])
		s.Labels[0] = append(s.Labels[0], row[1])
		s.Labels[1] = append(s.Labels[1], row[2])
	}
	r := classifier.RecipeV1()
	r.Folds, r.Trainer = 0, classifier.TrainerSparse
	r.Features.CharNGramMin, r.Features.CharNGramMax = 2, 5
	return classifier.Train(s, r, nil)
}
