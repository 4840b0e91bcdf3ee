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
// the whole of `stance label` but for the file system.
func BenchmarkRun(b *testing.B) {
	for _, probs := range []bool{false, true} {
		name := "labels"
		if probs {
			name = "probs"
		}
		b.Run(name, func(b *testing.B) {
			const n = 5000
			in := benchCSV(b, n)
			m, err := classifier.ReadBundle(bytes.NewReader(models.Default()))
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
				st, err := Run(r, data.NewWriter(io.Discard), m, Options{Probs: probs})
				if err != nil || st.Rows != n {
					b.Fatalf("%d rows, %v", st.Rows, err)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
		})
	}
}
