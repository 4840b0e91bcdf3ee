package label

import (
	"bytes"
	"errors"
	"io"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/data"
)

// TestLabelerMatchesRun labels the same inputs with Run and, row by row,
// with a Labeler: the rows and the counts must be the same, since a
// distributed job's output is only trusted because they are.
func TestLabelerMatchesRun(t *testing.T) {
	b := shipped(t)
	seed, err := os.ReadFile("../data/syria-comments.csv")
	if err != nil {
		t.Fatal(err)
	}
	big := strings.Repeat("x", 300)
	tests := []struct {
		name string
		in   string
		opts Options
	}{
		{"varied rows", bigInput(500), Options{}},
		{"probabilities and prefix", bigInput(50), Options{Probs: true, Prefix: "p_"}},
		{"the annotated seed corpus", string(seed), Options{Prefix: "pred_"}},
		{"truncated texts", "id,text\n1," + big + "\n2,short\n", Options{MaxTextBytes: 100, TruncateText: true}},
		{"invalid UTF-8, noted by the reader", "id,text\n1,caf\xe9 Assad\n", Options{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			open := func() data.Reader {
				r, err := data.Open(strings.NewReader(tt.in), "in.csv", data.FormatCSV)
				if err != nil {
					t.Fatal(err)
				}
				return r
			}
			var out bytes.Buffer
			st, err := Run(open(), data.NewWriter(&out), b, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			wantHeader, want := readCSV(t, out.String())

			r := open()
			l, err := NewLabeler(r, b, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if got := l.Header(); !reflect.DeepEqual(got, wantHeader) {
				t.Fatalf("header %q, Run wrote %q", got, wantHeader)
			}
			var got [][]string
			for {
				rec, err := r.Read()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				row, err := l.Label(rec)
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, row)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("rows differ from Run's: %d rows, Run wrote %d; first: %q vs %q", len(got), len(want), got[0], want[0])
			}
			gs := l.Stats()
			if gs.Rows != st.Rows || gs.Noted != st.Noted || gs.Truncated != st.Truncated || gs.Unfamiliar != st.Unfamiliar ||
				gs.Empty != st.Empty || !reflect.DeepEqual(gs.Counts, st.Counts) {
				t.Errorf("stats %+v, Run's %+v", gs, st)
			}
			if (gs.InSample == nil) != (st.InSample == nil) || (gs.InSample != nil && gs.InSample.Message() != st.InSample.Message()) {
				t.Errorf("in-sample check differs from Run's")
			}
		})
	}
}

// TestLabelerErrors checks that a Labeler refuses what Run refuses, with
// the same message.
func TestLabelerErrors(t *testing.T) {
	b := shipped(t)
	tests := []struct {
		name, in string
		opts     Options
	}{
		{"no text column", "id,body\n1,x\n", Options{}},
		{"an added column clashes", "id,text,stance\n1,x,y\n", Options{}},
		{"a text over the limit", "id,text\n1," + strings.Repeat("y", 200) + "\n", Options{MaxTextBytes: 100}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := data.Open(strings.NewReader(tt.in), "in.csv", data.FormatCSV)
			if err != nil {
				t.Fatal(err)
			}
			tt.opts.File = "in.csv"
			_, runErr := Run(r, data.NewWriter(io.Discard), b, tt.opts)
			if runErr == nil {
				t.Fatal("Run accepted the input")
			}
			r, _ = data.Open(strings.NewReader(tt.in), "in.csv", data.FormatCSV)
			l, err := NewLabeler(r, b, tt.opts)
			if err == nil {
				rec, _ := r.Read()
				_, err = l.Label(rec)
				if l.Stats().Rows != 0 {
					t.Error("a refused row was counted")
				}
			}
			if err == nil || err.Error() != runErr.Error() {
				t.Fatalf("Labeler: %v, Run: %v", err, runErr)
			}
			if errors.Is(runErr, ErrTextTooLong) != errors.Is(err, ErrTextTooLong) {
				t.Error("the errors wrap different causes")
			}
		})
	}
}
