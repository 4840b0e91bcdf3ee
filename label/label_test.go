package label

import (
	"bytes"
	"fmt"
	"io"

	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/classifier"
	"github.com/stance-nlp/stance/data"
	"github.com/stance-nlp/stance/models"
)

func shipped(t *testing.T) *classifier.Bundle {
	t.Helper()
	b, err := classifier.ReadBundle(bytes.NewReader(models.Default()))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func readCSV(t *testing.T, s string) (header []string, rows [][]string) {
	t.Helper()
	r, err := data.NewCSVReader(strings.NewReader(s), "out.csv")
	if err != nil {
		t.Fatal(err)
	}
	rows, err = data.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return r.Header(), rows
}

// bigInput makes n rows with an id, a kept column and texts of varied
// length, some empty, some with quotes and newlines.
func bigInput(n int) string {
	var b strings.Builder
	b.WriteString("id,text,keep\n")
	for i := 0; i < n; i++ {
		text := ""
		switch i % 5 {
		case 1:
			text = "We should stay out of Syria."
		case 2:
			text = "\"Bribing\" officers,\nwith money? Treason!"
		case 3:
			text = strings.Repeat("Assad must go. ", i%40)
		case 4:
			text = "Help their families get out."
		}
		fmt.Fprintf(&b, "x%d,%s,k%d\n", i, csvQuote(text), i)
	}
	return b.String()
}

func csvQuote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

func TestRunKeepsRowsIdsAndColumns(t *testing.T) {
	b := shipped(t)
	tests := []struct {
		name  string
		n     int
		opts  Options
		added []string
	}{
		{"one row", 1, Options{}, []string{"stance", "stance_confidence", "stance_note", "sentiment", "sentiment_confidence", "sentiment_note"}},
		{"empty input", 0, Options{}, []string{"stance", "stance_confidence", "stance_note", "sentiment", "sentiment_confidence", "sentiment_note"}},
		{"many small batches", 1000, Options{Batch: 7, Workers: 4}, []string{"stance", "stance_confidence", "stance_note", "sentiment", "sentiment_confidence", "sentiment_note"}},
		{"one worker", 300, Options{Batch: 16, Workers: 1, Prefix: "pred_"}, []string{"pred_stance", "pred_stance_confidence", "pred_stance_note", "pred_sentiment", "pred_sentiment_confidence", "pred_sentiment_note"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := bigInput(tt.n)
			r, err := data.NewCSVReader(strings.NewReader(in), "in.csv")
			if err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			st, err := Run(r, data.NewWriter(&out), b, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			_, inRows := readCSV(t, in)
			header, rows := readCSV(t, out.String())
			if want := append([]string{"id", "text", "keep"}, tt.added...); !slices.Equal(header, want) {
				t.Errorf("header %q, want %q", header, want)
			}
			if len(rows) != tt.n || st.Rows != tt.n {
				t.Fatalf("got %d rows (stats %d), want %d", len(rows), st.Rows, tt.n)
			}
			for i, row := range rows {
				if !slices.Equal(row[:3], inRows[i]) {
					t.Fatalf("row %d: input fields %q came out as %q", i, inRows[i], row[:3])
				}
			}
			for c := range st.Columns {
				total := 0
				for _, n := range st.Counts[c] {
					total += n
				}
				if total != tt.n {
					t.Errorf("column %s: counts sum to %d, want %d", st.Columns[c], total, tt.n)
				}
			}
		})
	}
}

func TestRunProbs(t *testing.T) {
	b := shipped(t)
	in := "text\nWe must not bribe war criminals.\n"
	r, _ := data.NewCSVReader(strings.NewReader(in), "in.csv")
	var out bytes.Buffer
	if _, err := Run(r, data.NewWriter(&out), b, Options{Probs: true}); err != nil {
		t.Fatal(err)
	}
	header, rows := readCSV(t, out.String())
	var want []string
	want = append(want, "text")
	for _, c := range b.Columns {
		want = append(want, c.Name, c.Name+"_confidence", c.Name+"_note")
		for _, l := range c.Labels {
			want = append(want, c.Name+"_p_"+l)
		}
	}
	if !slices.Equal(header, want) {
		t.Fatalf("header %q, want %q", header, want)
	}
	// The confidence is the largest probability, and the probabilities of a
	// column sum to 1 within the rounding of four decimals.
	col := 1
	for _, c := range b.Columns {
		conf, _ := strconv.ParseFloat(rows[0][col+1], 64)
		var sum, max float64
		for k := range c.Labels {
			p, _ := strconv.ParseFloat(rows[0][col+3+k], 64)
			sum += p
			max = maxf(max, p)
		}
		if sum < 0.999 || sum > 1.001 || conf != max {
			t.Errorf("%s: probabilities sum to %v, confidence %v, top %v", c.Name, sum, conf, max)
		}
		col += 3 + len(c.Labels)
	}
}

func maxf(a, b float64) float64 {
	if a > b {
		return a
	}
	return b
}

func TestRunErrors(t *testing.T) {
	b := shipped(t)
	tests := []struct {
		name, in string
		opts     Options
		msg      string
	}{
		{"no text column", "id,body\n1,hi\n", Options{}, `no text column "text"; columns are: "id", "body"`},
		{"name clash", "text,stance\nhi,pro-assad\n", Options{}, `already has a column "stance"`},
		{"ragged row", "id,text\n1,a\n2,b,c\n", Options{}, "in.csv:3"},
		{"text over the limit", "id,text\n1,short\n2,\"" + strings.Repeat("x", 101) + "\"\n", Options{File: "in.csv", MaxTextBytes: 100},
			"in.csv:3: the text is 101 bytes, over the limit of 100: labelled only when cut to the limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := data.NewCSVReader(strings.NewReader(tt.in), "in.csv")
			if err != nil {
				t.Fatal(err)
			}
			_, err = Run(r, data.NewWriter(io.Discard), b, tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("got %v, want an error containing %q", err, tt.msg)
			}
		})
	}
}

// TestRunNotes checks the rows that get a note: empty and whitespace-only
// texts take the training prior (the shipped model's Counts: anti-defection
// 94 of 202 for stance, negative 131 of 202 for sentiment), texts over the
// limit are labelled from their start when TruncateText is set, and the
// reader's own notes come through. Every row is written, in order.
func TestRunNotes(t *testing.T) {
	b := shipped(t)
	long := "Help the officers defect. " + strings.Repeat("é", 60) // 26 + 120 bytes
	tests := []struct {
		name, text string
		opts       Options
		note       string
		same       string // a text that must get the same labels and confidences
	}{
		{"plain", "Help the officers defect.", Options{}, "", ""},
		{"empty", "", Options{}, NoteEmpty, ""},
		{"whitespace", " \t\n ", Options{}, NoteEmpty, ""},
		{"truncated", long, Options{MaxTextBytes: 41, TruncateText: true}, "text over 41 bytes: labelled from its first 41 bytes",
			"Help the officers defect. " + strings.Repeat("é", 7)}, // 40 bytes: the 41st would split an é
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := "id,text\nr1," + csvQuote(tt.text) + "\nr2,Assad must go.\n"
			r, _ := data.NewCSVReader(strings.NewReader(in), "in.csv")
			var out bytes.Buffer
			st, err := Run(r, data.NewWriter(&out), b, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			header, rows := readCSV(t, out.String())
			if len(rows) != 2 || rows[0][0] != "r1" || rows[1][0] != "r2" || rows[0][1] != tt.text {
				t.Fatalf("rows %q", rows)
			}
			for _, col := range []string{"stance_note", "sentiment_note"} {
				i := slices.Index(header, col)
				if rows[0][i] != tt.note || rows[1][i] != "" {
					t.Errorf("%s: %q, %q; want %q, \"\"", col, rows[0][i], rows[1][i], tt.note)
				}
			}
			if tt.note == NoteEmpty {
				want := map[string]string{"stance": "anti-defection", "stance_confidence": "0.4653", "sentiment": "negative", "sentiment_confidence": "0.6485"}
				for col, v := range want {
					if got := rows[0][slices.Index(header, col)]; got != v {
						t.Errorf("%s = %q, want %q (the training prior)", col, got, v)
					}
				}
				if st.Empty != 1 {
					t.Errorf("Stats.Empty = %d, want 1", st.Empty)
				}
			}
			if tt.same != "" {
				p := b.NewPredictor()
				for c, pr := range p.Predict(tt.same) {
					name := b.Columns[c].Name
					if got := rows[0][slices.Index(header, name)]; got != pr.Label {
						t.Errorf("%s = %q, want %q, the label of the cut text", name, got, pr.Label)
					}
				}
				if st.Truncated != 1 {
					t.Errorf("Stats.Truncated = %d, want 1", st.Truncated)
				}
			}
		})
	}
}

// notedReader is a data.Reader whose records carry notes, as the readers
// of package data add when they repair a row.
type notedReader struct{ recs []*data.Record }

func (n *notedReader) Header() []string { return []string{"id", "text"} }
func (n *notedReader) Read() (*data.Record, error) {
	if len(n.recs) == 0 {
		return nil, io.EOF
	}
	r := n.recs[0]
	n.recs = n.recs[1:]
	return r, nil
}

func TestRunReaderNotes(t *testing.T) {
	b := shipped(t)
	r := &notedReader{recs: []*data.Record{
		{Line: 2, Fields: []string{"a", "Assad must go \uFFFD"}, Notes: []string{"invalid UTF-8 replaced by U+FFFD"}},
		{Line: 3, Fields: []string{"b", ""}, Notes: []string{"ragged row"}},
		{Line: 4, Fields: []string{"c", "Help the officers defect"}},
		// "fine" and "okay" are no words of the seed thread's.
		{Line: 5, Fields: []string{"d", "fine okay \uFFFD"}, Notes: []string{"invalid UTF-8 replaced by U+FFFD"}},
	}}
	var out bytes.Buffer
	st, err := Run(r, data.NewWriter(&out), b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	header, rows := readCSV(t, out.String())
	i := slices.Index(header, "stance_note")
	want := []string{"invalid UTF-8 replaced by U+FFFD", "ragged row; " + NoteEmpty, "", "invalid UTF-8 replaced by U+FFFD; " + NoteUnfamiliar}
	for k, row := range rows {
		if row[i] != want[k] {
			t.Errorf("row %d note %q, want %q", k, row[i], want[k])
		}
	}
	if st.Noted != 3 || st.Empty != 1 || st.Unfamiliar != 1 {
		t.Errorf("Stats Noted %d Empty %d Unfamiliar %d, want 3, 1 and 1", st.Noted, st.Empty, st.Unfamiliar)
	}
}
