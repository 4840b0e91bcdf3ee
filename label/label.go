package label

import (
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/stance-nlp/stance/classifier"
	"github.com/stance-nlp/stance/data"
)

// Options configures Run.
type Options struct {
	TextColumn string // the column holding the text; "text" when empty
	Probs      bool   // add <col>_p_<label> for every label
	Prefix     string // prefixed to every added column name
	Workers    int    // goroutines predicting; runtime.NumCPU() when 0
	Batch      int    // rows per unit of work; 256 when 0
	// File names the input in errors ("file:line: ...").
	File string
	// MaxTextBytes bounds the text of one row; DefaultMaxTextBytes when 0.
	// A longer text is an error, unless TruncateText.
	MaxTextBytes int
	// TruncateText labels a text longer than MaxTextBytes from its first
	// MaxTextBytes bytes (cut at a character boundary) and notes it; the
	// row is written whole.
	TruncateText bool
	// Progress, when not nil, is called from the writing goroutine after
	// each batch with the number of rows written so far.
	Progress func(rows int)
}

// DefaultMaxTextBytes is the longest text Run labels without
// TruncateText: far above any real comment (the longest of the seed corpus
// is under 4 kB), low enough that a paste-bomb or a broken quote that
// swallowed a file is caught rather than labelled.
const DefaultMaxTextBytes = 1 << 20

// Notes written into <col>_note. A row may have several, joined by "; ".
const (
	NoteEmpty     = "empty text: labelled from the training prior"
	noteTruncated = "text over %d bytes: labelled from its first %d bytes"
)

// Stats counts what Run wrote.
type Stats struct {
	Rows      int
	Empty     int        // rows with empty or whitespace-only text, labelled from the prior
	Truncated int        // rows whose text was cut to MaxTextBytes for labelling
	Noted     int        // rows with any note
	Columns   []string   // label column names, model order
	Labels    [][]string // each column's labels
	Counts    [][]int    // Counts[c][k]: rows given label k in column c
}

// Header returns the output header: the input header followed, for each
// label column <col> of b, by <col> and <col>_confidence, then <col>_note
// (empty, or why the row's label deserves a second look: empty text, a
// truncated text, or a repair made while reading the row), and with
// opts.Probs by <col>_p_<label> for every label; opts.Prefix goes before
// each. It fails when an added name is already an input column.
func Header(in []string, b *classifier.Bundle, opts Options) ([]string, error) {
	out := slices.Clone(in)
	for _, c := range b.Columns {
		add := []string{c.Name, c.Name + "_confidence", c.Name + "_note"}
		if opts.Probs {
			for _, l := range c.Labels {
				add = append(add, c.Name+"_p_"+l)
			}
		}
		for _, a := range add {
			a = opts.Prefix + a
			if slices.Contains(out, a) {
				return nil, fmt.Errorf("the input already has a column %q; name the added columns apart with --prefix (e.g. --prefix pred_)", a)
			}
			out = append(out, a)
		}
	}
	return out, nil
}

type batch struct {
	seq int
	// rows with empty, truncated and noted text
	empty, truncated, noted int
	recs                    []*data.Record
	rows                    [][]string
	idx                     [][]int // idx[j][c]: label index of row j in column c
	err                     error
}

// Run labels every record of r with b and writes the rows to w, header
// first. It returns after the last row is written (w is flushed) or at the
// first read or write error; rows already written stay in order, and the
// caller decides what to do with partial output.
func Run(r data.Reader, w *data.Writer, b *classifier.Bundle, opts Options) (Stats, error) {
	if opts.TextColumn == "" {
		opts.TextColumn = "text"
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.NumCPU()
	}
	if opts.Batch <= 0 {
		opts.Batch = 256
	}
	if opts.MaxTextBytes <= 0 {
		opts.MaxTextBytes = DefaultMaxTextBytes
	}
	in := r.Header()
	textIdx := slices.Index(in, opts.TextColumn)
	if textIdx < 0 {
		return Stats{}, data.MissingColumn("text", opts.TextColumn, in, "-text-col")
	}
	header, err := Header(in, b, opts)
	if err != nil {
		return Stats{}, err
	}
	st := Stats{}
	for _, c := range b.Columns {
		st.Columns = append(st.Columns, c.Name)
		st.Labels = append(st.Labels, c.Labels)
		st.Counts = append(st.Counts, make([]int, len(c.Labels)))
	}
	if err := w.Write(header); err != nil {
		return st, err
	}

	todo := make(chan *batch, opts.Workers)
	done := make(chan *batch, opts.Workers)
	stop := make(chan struct{})
	// Reader: one goroutine, since a data.Reader is sequential.
	go func() {
		defer close(todo)
		for seq := 0; ; seq++ {
			bt := &batch{seq: seq}
			for len(bt.recs) < opts.Batch {
				rec, err := r.Read()
				if err == io.EOF {
					break
				}
				if err != nil {
					bt.err = err
					break
				}
				if n := textLen(rec, textIdx); n > opts.MaxTextBytes && !opts.TruncateText {
					bt.err = &data.ParseError{File: opts.File, Line: rec.Line, Err: fmt.Errorf(
						"the text is %d bytes, over the limit of %d; pass --max-text-bytes N to label such rows from their first N bytes",
						n, opts.MaxTextBytes)}
					break
				}
				bt.recs = append(bt.recs, rec)
			}
			if len(bt.recs) == 0 && bt.err == nil {
				return
			}
			select {
			case todo <- bt:
			case <-stop:
				return
			}
			if bt.err != nil || len(bt.recs) < opts.Batch {
				return
			}
		}
	}()
	// Workers: each owns a Predictor, which is not safe to share.
	probs := newProbFormat()
	finished := make(chan struct{})
	for i := 0; i < opts.Workers; i++ {
		go func() {
			defer func() { finished <- struct{}{} }()
			p := b.NewPredictor()
			for bt := range todo {
				// One backing array each for the batch's rows and label
				// indices: a few allocations per batch, not per row.
				bt.rows = make([][]string, len(bt.recs))
				bt.idx = make([][]int, len(bt.recs))
				idx := make([]int, len(bt.recs)*len(b.Columns))
				cells := make([]string, len(bt.recs)*len(header))
				for j, rec := range bt.recs {
					bt.idx[j] = idx[j*len(b.Columns) : (j+1)*len(b.Columns) : (j+1)*len(b.Columns)]
					row := cells[j*len(header) : j*len(header) : (j+1)*len(header)]
					row = append(row, rec.Fields...)
					text := ""
					if textIdx < len(rec.Fields) {
						text = rec.Fields[textIdx]
					}
					notes := rec.Notes
					var preds []classifier.Prediction
					switch {
					case strings.TrimSpace(text) == "":
						preds = p.Prior()
						notes = append(notes[:len(notes):len(notes)], NoteEmpty)
						bt.empty++
					case len(text) > opts.MaxTextBytes:
						preds = p.Predict(cut(text, opts.MaxTextBytes))
						notes = append(notes[:len(notes):len(notes)], fmt.Sprintf(noteTruncated, opts.MaxTextBytes, opts.MaxTextBytes))
						bt.truncated++
					default:
						preds = p.Predict(text)
					}
					note := strings.Join(notes, "; ")
					if note != "" {
						bt.noted++
					}
					for c, pr := range preds {
						bt.idx[j][c] = pr.Index
						row = append(row, pr.Label, probs.format(pr.Confidence), note)
						if opts.Probs {
							for _, q := range pr.Probs {
								row = append(row, probs.format(q))
							}
						}
					}
					bt.rows[j] = row
				}
				select {
				case done <- bt:
				case <-stop:
					return
				}
			}
		}()
	}
	go func() {
		for i := 0; i < opts.Workers; i++ {
			<-finished
		}
		close(done)
	}()

	// Writer: restores input order.
	pending := map[int]*batch{}
	next := 0
	var runErr error
	for bt := range done {
		if runErr != nil {
			continue
		}
		pending[bt.seq] = bt
		for {
			cur, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			if err := st.write(w, cur); err != nil {
				runErr = err
				close(stop)
				break
			}
			if cur.err != nil {
				runErr = cur.err
				close(stop)
				break
			}
			if opts.Progress != nil {
				opts.Progress(st.Rows)
			}
		}
	}
	if runErr != nil {
		return st, runErr
	}
	w.Flush()
	return st, w.Error()
}

func (st *Stats) write(w *data.Writer, bt *batch) error {
	st.Empty += bt.empty
	st.Truncated += bt.truncated
	st.Noted += bt.noted
	for j, row := range bt.rows {
		if err := w.Write(row); err != nil {
			return err
		}
		st.Rows++
		for c, k := range bt.idx[j] {
			st.Counts[c][k]++
		}
	}
	return nil
}

// textLen is the length in bytes of rec's text field (0 if it has none).
func textLen(rec *data.Record, i int) int {
	if i < len(rec.Fields) {
		return len(rec.Fields[i])
	}
	return 0
}

// cut returns the longest prefix of s of at most n bytes that does not
// split a UTF-8 sequence.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// probFormat writes probabilities with four decimals: enough to rank and
// threshold, short enough for spreadsheets. It gives
// strconv.FormatFloat(p, 'f', 4, 64) without an allocation per cell: a
// probability has only 10,001 such strings, made once per Run.
type probFormat []string

func newProbFormat() probFormat {
	s := make(probFormat, 10001)
	for k := range s {
		s[k] = strconv.FormatFloat(float64(k)/1e4, 'f', 4, 64)
	}
	return s
}

// format returns p with four decimals. Values within rounding distance of
// a tie between two table strings, or outside [0, 1], are formatted
// directly, so the result is always strconv's.
func (f probFormat) format(p float64) string {
	if p >= 0 && p <= 1 {
		x := p * 1e4
		k := math.Round(x)
		if d := math.Abs(x - k); d < 0.5-1e-6 {
			return f[int(k)]
		}
	}
	return strconv.FormatFloat(p, 'f', 4, 64)
}
