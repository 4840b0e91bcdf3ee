package classifier

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stance-nlp/stance/features"
)

// TestReadBundleRefusesBadFields edits one field of a valid model file at
// a time, writes it with a valid header (the checksum recomputed, as an
// attacker or a broken tool would), and checks that ReadBundle refuses it
// with an error naming the field. Each case is a file issue 13 found
// accepted (counts [-1, 3], which labelled an empty text with confidence
// 1.5; an empty column name, which gave an output header stance could not
// read; duplicate labels) or one of the same kind.
func TestReadBundleRefusesBadFields(t *testing.T) {
	good := fuzzModel(t, fuzzRecipes()["nb"])
	tests := []struct {
		name  string
		edit  func(b *Bundle)
		field string // the FieldError's Field, or "" for another error
		msg   string // a substring of the message
	}{
		{"negative count", func(b *Bundle) { b.Columns[0].Counts = []int{-1, 3, 1} }, "columns[0].counts[0]", "negative"},
		{"count past any corpus", func(b *Bundle) { b.Columns[1].Counts[0] = 1 << 50 }, "columns[1].counts[0]", "over the limit"},
		{"no documents", func(b *Bundle) { b.Columns[0].Counts = []int{0, 0, 0} }, "columns[0].counts", "no training documents"},
		{"a count short", func(b *Bundle) { b.Columns[0].Counts = b.Columns[0].Counts[:2] }, "columns[0].counts", "2 counts for 3 labels"},
		{"empty column name", func(b *Bundle) { b.Columns[1].Name = "" }, "columns[1].name", "empty"},
		{"blank column name", func(b *Bundle) { b.Columns[1].Name = " \t" }, "columns[1].name", "empty"},
		{"column twice", func(b *Bundle) { b.Columns[1].Name = b.Columns[0].Name }, "columns[1].name", "appears twice"},
		{"label twice", func(b *Bundle) { b.Columns[0].Labels[1] = b.Columns[0].Labels[0] }, "columns[0].labels", "repeated or out of order"},
		{"labels out of order", func(b *Bundle) {
			l := b.Columns[0].Labels
			l[0], l[1] = l[1], l[0]
		}, "columns[0].labels", "repeated or out of order"},
		{"empty label", func(b *Bundle) { b.Columns[0].Labels[0] = "" }, "columns[0].labels[0]", "empty"},
		{"NUL in a column name", func(b *Bundle) { b.Columns[0].Name = "sta\x00nce" }, "columns[0].name", "NUL"},
		{"negative rows", func(b *Bundle) { b.Data.Rows = -5 }, "data.rows", "negative"},
		{"negative documents of the vectorizer", func(b *Bundle) { b.Vectorizer.NDocs = -1 }, "vectorizer.n_docs", "negative"},
		{"checksum not hex", func(b *Bundle) { b.Data.SHA256 = "zz" }, "data.sha256", "not a SHA-256"},
		{"accuracy over 1", func(b *Bundle) { b.Columns[0].CV.Accuracy = 1.5 }, "columns[0].cv", "1.5 is not within [0, 1]"},
		{"negative SD", func(b *Bundle) { b.Columns[1].CV.MacroF1SD = -0.1 }, "columns[1].cv", "not within [0, 1]"},
		{"baseline label of no column", func(b *Bundle) { b.Columns[0].CV.BaselineLabel = "nobody" }, "columns[0].cv.baseline_label", "not a label"},
		{"negative folds of the scores", func(b *Bundle) { b.Columns[0].CV.Folds = -2 }, "columns[0].cv.folds", "negative"},
		{"unknown share over 1", func(b *Bundle) { b.Profile.Unknown = 2 }, "profile", "2 is not within [0, 1]"},
		{"predicted share negative", func(b *Bundle) { b.Profile.Columns[0].Predicted[1] = -0.5 }, "profile.columns[0]", "not within [0, 1]"},
		{"unknown model kind", func(b *Bundle) { b.Recipe.Model = "svm" }, "recipe", `unknown model "svm"`},
		{"negative alpha", func(b *Bundle) { b.Recipe.Alpha = -1 }, "recipe", "alpha = -1"},
		{"absurd alpha", func(b *Bundle) { b.Recipe.Alpha = 1e300 }, "recipe", "alpha = 1e+300"},
		{"negative n-gram", func(b *Bundle) { b.Recipe.Features.NGramMin = -1 }, "recipe.features.ngram_min", "negative"},
		{"search board share", func(b *Bundle) {
			b.Search = &SearchRecord{Folds: 2, Board: []SearchEntry{{Name: "x", Recipe: b.Recipe, MacroF1: 7}}}
		}, "search.board[0]", "7 is not within [0, 1]"},
		{"negative search fits", func(b *Bundle) { b.Search = &SearchRecord{Fits: -3} }, "search.fits", "negative"},
		{"EM weight", func(b *Bundle) { b.EM = &EMRecord{Unlabeled: 3, Lambda: 4} }, "em.lambda", "4 is not within [0, 1]"},
		{"adapted rows", func(b *Bundle) { b.Adapt = &AdaptRecord{NewRows: -1} }, "adapt.new_rows", "negative"},
		{"duplicate terms", func(b *Bundle) {
			v := b.Vectorizer
			v.Terms[1] = v.Terms[0]
		}, "", "terms are not sorted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := ReadBundle(bytes.NewReader(good))
			if err != nil {
				t.Fatal(err)
			}
			tt.edit(b)
			var buf bytes.Buffer
			if _, err := b.WriteTo(&buf); err != nil {
				t.Fatal(err)
			}
			got, err := ReadBundle(&buf)
			if err == nil {
				t.Fatalf("read back without an error")
			}
			if got != nil {
				t.Errorf("a bundle returned with the error %v", err)
			}
			var fe *FieldError
			if tt.field != "" && (!errors.As(err, &fe) || fe.Field != tt.field) {
				t.Errorf("got %v, want an error of field %s", err, tt.field)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("got %q, want it to contain %q", err, tt.msg)
			}
		})
	}
}

// endless is a stream of zero bytes without end, counting what is read
// of it.
type endless struct{ read int64 }

func (e *endless) Read(p []byte) (int, error) {
	clear(p)
	e.read += int64(len(p))
	return len(p), nil
}

// TestReadBundleDeclaredSize checks that a header declaring more payload
// than there is fails before the payload is read or room is made for it:
// a header declaring 10^11 bytes before a 1.5 GB stream once took 3.2 GB
// of memory before the checksum was checked.
func TestReadBundleDeclaredSize(t *testing.T) {
	header := func(n int64) string {
		return fmt.Sprintf("%s\nformat %d\nlength %d\nsha256 %064d\n\n", magic, FormatVersion, n, 0)
	}
	file := filepath.Join(t.TempDir(), "big.model")
	if err := os.WriteFile(file, []byte(header(1e11)+strings.Repeat("{", 1000)), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		open   func() (io.Reader, func() int64)
		want   error  // compared with errors.Is when set
		msg    string // a substring of the message
		bounds int64  // the most bytes that may be read
	}{
		{"a stream declaring 10^11 bytes", func() (io.Reader, func() int64) {
			e := &endless{}
			return io.MultiReader(strings.NewReader(header(1e11)), e), func() int64 { return e.read }
		}, nil, fmt.Sprintf("declares a payload of 100000000000 bytes; one read from a stream may have at most %d", MaxStreamBytes), 0},
		{"a stream declaring just over the limit", func() (io.Reader, func() int64) {
			e := &endless{}
			return io.MultiReader(strings.NewReader(header(MaxStreamBytes+1)), e), func() int64 { return e.read }
		}, nil, "one read from a stream may have at most", 0},
		{"bytes declaring more than they hold", func() (io.Reader, func() int64) {
			return bytes.NewReader([]byte(header(1e11) + "{}")), func() int64 { return 0 }
		}, ErrTruncated, "2 of its 100000000000 payload bytes are there", 0},
		{"a file declaring more than it holds", func() (io.Reader, func() int64) {
			f, err := os.Open(file)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { f.Close() })
			return f, func() int64 { return 0 }
		}, ErrTruncated, "1000 of its 100000000000 payload bytes are there", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, read := tt.open()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, err := ReadBundle(r)
			runtime.ReadMemStats(&after)
			switch {
			case err == nil:
				t.Fatal("got no error")
			case tt.want != nil && !errors.Is(err, tt.want):
				t.Errorf("got %v, want %v", err, tt.want)
			case !strings.Contains(err.Error(), tt.msg):
				t.Errorf("got %q, want it to contain %q", err, tt.msg)
			}
			// bufio's read-ahead of 4 KiB, of which the header is part.
			if n := read(); n > 4096 {
				t.Errorf("read %d bytes of the payload before refusing it", n)
			}
			if d := after.TotalAlloc - before.TotalAlloc; d > 1<<20 {
				t.Errorf("allocated %d bytes before refusing the file", d)
			}
		})
	}
}

// TestReadBundleBoundedWork checks model files that once took ReadBundle
// long to read, though of modest size: each is now refused, within a
// bounded wait. A structure's 100,000 unused targets (1 MB) were checked
// pairwise, 41 s; 40,000 rules (6.5 MB) were compiled three times, 4 s.
func TestReadBundleBoundedWork(t *testing.T) {
	tiny := &TrainingSet{
		Texts:   []string{"we must defect", "never defect", "stay out", "go in now", "hello", "nice day"},
		Columns: []string{"stance"},
		Labels:  [][]string{{"pro-defection", "anti-defection", "anti-intervention", "pro-intervention", "neutral", "neutral"}},
	}
	structured, err := Train(tiny, structuredRecipe(), nil)
	if err != nil {
		t.Fatal(err)
	}
	plain := fuzzModel(t, fuzzRecipes()["nb"])
	tests := []struct {
		name string
		make func() *Bundle
		msg  string
	}{
		{"100,000 targets no label has", func() *Bundle {
			b := *structured
			b.Columns = slices.Clone(b.Columns)
			st := *b.Columns[0].Structure
			st.Targets = slices.Clone(st.Targets)
			for i := range 100_000 {
				st.Targets = append(st.Targets, fmt.Sprintf("t%06d", i))
			}
			b.Columns[0].Structure = &st
			return &b
		}, `target "t000000" is no label's`},
		{"40,000 rules", func() *Bundle {
			b, err := ReadBundle(bytes.NewReader(plain))
			if err != nil {
				t.Fatal(err)
			}
			var rules strings.Builder
			for i := range 40_000 {
				fmt.Fprintf(&rules, "r%d: word%d again | other%d thing* | (a%d|b|c|d|e) (f|g|h) x | brib*\n", i, i, i, i)
			}
			b.Vectorizer.Config.Rules = rules.String()
			return b
		}, fmt.Sprintf("rules of 3195560 bytes; at most %d", features.MaxRulesBytes)}, // the length of the 40,000 lines above
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if _, err := tt.make().WriteTo(&buf); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() {
				_, err := ReadBundle(&buf)
				done <- err
			}()
			select {
			case err := <-done:
				if err == nil || !strings.Contains(err.Error(), tt.msg) {
					t.Errorf("got %v, want an error containing %q", err, tt.msg)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("ReadBundle still reading after 10 s")
			}
		})
	}
}
