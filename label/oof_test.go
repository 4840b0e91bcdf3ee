package label

import (
	"bytes"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/classifier"
	"github.com/stance-nlp/stance/data"
	"github.com/stance-nlp/stance/internal/testkit"
)

// TestOutOfFoldRowsAndInSample labels the seed corpus with the shipped
// model, which was trained on it: without out-of-fold predictions every
// row is in-sample and the summary warns; with them for one text, that
// row takes them, is noted, and is no longer counted in-sample.
func TestOutOfFoldRowsAndInSample(t *testing.T) {
	b := shipped(t)
	var texts []string
	for _, row := range testkit.Seed(t, "text") {
		texts = append(texts, row[0])
	}
	first := texts[0]
	// A made-up prediction that the model would not give, so that its use
	// is visible: the last label of each column at confidence 0.1234.
	fake := make([]classifier.Prediction, len(b.Columns))
	for c, col := range b.Columns {
		k := len(col.Labels) - 1
		fake[c] = classifier.Prediction{Index: k, Label: col.Labels[k], Confidence: 0.1234}
	}
	tests := []struct {
		name     string
		oof      map[uint64][]classifier.Prediction
		matched  int
		oofRows  int
		warns    bool
		firstRow string // the first row's stance, confidence and note
	}{
		{"in-sample", nil, 202, 0, true, ""},
		{"one row out-of-fold", map[uint64][]classifier.Prediction{classifier.TextHash(first): fake}, 201, 1, true,
			strings.Join([]string{fake[0].Label, "0.1234", NoteOutOfFold}, ",")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			st, err := Run(textsReader(texts), data.NewWriter(&out), b, Options{OutOfFold: tt.oof})
			if err != nil {
				t.Fatal(err)
			}
			if st.InSample == nil || st.InSample.Matched != tt.matched || st.OutOfFold != tt.oofRows {
				t.Fatalf("in-sample %+v, out-of-fold rows %d; want %d matched, %d out-of-fold", st.InSample, st.OutOfFold, tt.matched, tt.oofRows)
			}
			var sum bytes.Buffer
			if err := st.WriteSummary(&sum); err != nil {
				t.Fatal(err)
			}
			if got := strings.Contains(sum.String(), "the model's training rows"); got != tt.warns {
				t.Errorf("summary warns %v, want %v:\n%s", got, tt.warns, sum.String())
			}
			if tt.firstRow != "" {
				r, err := data.NewCSVReader(&out, "out")
				if err != nil {
					t.Fatal(err)
				}
				h := r.Header()
				rec, err := r.Read()
				if err != nil && err != io.EOF {
					t.Fatal(err)
				}
				i := slices.Index(h, "stance")
				if got := strings.Join(rec.Fields[i:i+3], ","); got != tt.firstRow {
					t.Errorf("first row %q, want %q", got, tt.firstRow)
				}
			}
		})
	}
}
