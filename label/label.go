package label

import (
	"errors"
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
	// Columns names the text column (Columns.TextColumnIn) and, for a
	// model with groups, the group column that routes each row to the
	// model of its group ("" labels every row with the pooled model); its
	// other columns are not used.
	Columns data.Columns
	Probs   bool   // add <col>_p_<label> for every label
	Prefix  string // prefixed to every added column name
	Workers int    // goroutines predicting; runtime.NumCPU() when 0
	Batch   int    // rows per unit of work; 256 when 0
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
	// OutOfFold, when not nil, holds the out-of-fold predictions of the
	// model's training texts by classifier.TextHash
	// (classifier.OutOfFold): a row whose text is one of them is
	// labelled with them, noted NoteOutOfFold, rather than by the model
	// that was fitted on it, so that its label is not in-sample. Read
	// only.
	OutOfFold map[uint64][]classifier.Prediction
}

// DefaultMaxTextBytes is the longest text Run labels without
// TruncateText: far above any real comment (the longest of the seed corpus
// is under 4 kB), low enough that a paste-bomb or a broken quote that
// swallowed a file is caught rather than labelled.
const DefaultMaxTextBytes = 1 << 20

// ErrTextTooLong is wrapped, in a *data.ParseError naming the line, for a
// text over Options.MaxTextBytes when Options.TruncateText is off.
var ErrTextTooLong = errors.New("labelled only when cut to the limit")

// ClashError is returned by Header and Run when a column the labels would
// be written to is already an input column (a gold file, or output
// labelled before): Options.Prefix names the added columns apart.
type ClashError struct {
	Column string // the added column that the input already has
	// Free is a prefix with which no added column clashes ("pred_",
	// else "pred2_", "pred3_", ...), for the message to suggest; "" if
	// none of the first hundred is.
	Free string
}

// Error says which column clashes.
func (e *ClashError) Error() string {
	return fmt.Sprintf("the input already has a column %q", e.Column)
}

// Notes written into <col>_note. A row may have several, joined by "; ".
const (
	NoteEmpty = "empty text: labelled from the training prior"
	// NoteUnfamiliar marks a row the model knows too few words of
	// (classifier.FewKnownShare): its label rests on the rest, or on the
	// model's intercepts alone. Only models with a shift profile note it.
	NoteUnfamiliar = "unfamiliar: the model knows under half its words"
	// NoteOutOfFold marks a training row labelled by the model of the
	// cross-validation fold that held it out (Options.OutOfFold).
	NoteOutOfFold = "training row: labelled out-of-fold"
	noteTruncated = "text over %d bytes: labelled from its first %d bytes"
	noteUnseen    = "group %q not seen in training: labelled by the pooled model"
)

// ErrNoGroups is returned by Run when Options.Columns names a group
// column but the model has no groups to route rows to.
var ErrNoGroups = errors.New("the model was trained without groups")

// Stats counts what Run wrote.
type Stats struct {
	Rows      int
	Empty     int // rows with empty or whitespace-only text, labelled from the prior
	Truncated int // rows whose text was cut to MaxTextBytes for labelling
	Unseen    int // rows of a group not seen in training, labelled by the pooled model
	// Unfamiliar counts the rows noted NoteUnfamiliar.
	Unfamiliar int
	// OutOfFold counts the training rows labelled out-of-fold.
	OutOfFold int
	Noted     int        // rows with any note
	Columns   []string   // label column names, model order
	Labels    [][]string // each column's labels
	Counts    [][]int    // Counts[c][k]: rows given label k in column c
	// Shift is the shift check of the input against the model's
	// training data (classifier.Shift), over the rows with text.
	Shift *classifier.Shift
	// InSample counts the rows whose text is one of the model's training
	// texts (classifier.InSample); nil when the model file does not
	// record them.
	InSample *classifier.InSample

	shift *classifier.ShiftCounter // the batches' counts, merged in input order
}

// Header returns the output header: the input header followed, for each
// label column <col> of b, by <col> and <col>_confidence, then <col>_note
// (empty, or why the row's label deserves a second look: empty text, a
// truncated text, a group not seen in training, or a repair made while
// reading the row), and with
// opts.Probs by <col>_p_<label> for every label; opts.Prefix goes before
// each. It fails when an added name is already an input column.
func Header(in []string, b *classifier.Bundle, opts Options) ([]string, error) {
	out, clash := header(in, b, opts.Probs, opts.Prefix)
	if clash == "" {
		return out, nil
	}
	e := &ClashError{Column: clash}
	for i := 1; i <= 100; i++ {
		p := "pred_"
		if i > 1 {
			p = fmt.Sprintf("pred%d_", i)
		}
		if _, c := header(in, b, opts.Probs, p); c == "" {
			e.Free = p
			break
		}
	}
	return nil, e
}

// header returns the output header that Header describes with prefix, or
// the first added column that clashes.
func header(in []string, b *classifier.Bundle, probs bool, prefix string) (out []string, clash string) {
	out = slices.Clone(in)
	for _, c := range b.Columns {
		add := []string{c.Name, c.Name + "_confidence", c.Name + "_note"}
		if probs {
			for _, l := range c.Labels {
				add = append(add, c.Name+"_p_"+l)
			}
		}
		for _, a := range add {
			a = prefix + a
			if slices.Contains(out, a) {
				return nil, a
			}
			out = append(out, a)
		}
	}
	return out, ""
}

// batch is the unit of work: Options.Batch records read in a row, then
// labelled, then written.
type batch struct {
	seq int
	tally
	recs []*data.Record
	rows [][]string
	idx  [][]int // idx[j][c]: label index of row j in column c
	err  error
}

// tally is what labelling rows counts besides their labels: the rows with
// empty, truncated, unfamiliar and noted text, of unseen groups and
// labelled out-of-fold, and the shift and in-sample checks.
type tally struct {
	empty, truncated, unfamiliar, noted, unseen, oof int
	shift                                            *classifier.ShiftCounter
	inSample                                         *classifier.InSample
}

// Run labels every record of r with b and writes the rows to w, header
// first. It returns after the last row is written (w is flushed) or at the
// first read or write error; rows already written stay in order, and the
// caller decides what to do with partial output.
//
// Three stages run at once (see pipeline): one goroutine reads batches,
// Options.Workers goroutines label them, and the caller's goroutine writes
// them back in input order.
//
// For a model with groups, each row is labelled by the model of the group
// its Options.Columns.Group column names (classifier.Predictor.PredictGroup);
// a row whose group the model has not seen is labelled by the pooled
// model, and its <col>_note says so.
func Run(r data.Reader, w *data.Writer, b *classifier.Bundle, opts Options) (Stats, error) {
	opts = opts.withDefaults()
	rl, header, err := newRowLabeler(r, b, opts)
	if err != nil {
		return Stats{}, err
	}
	st := newStats(b)
	if err := w.Write(header); err != nil {
		return st, err
	}
	p := &pipeline{
		rowLabeler: rl,
		todo:       make(chan *batch, opts.Workers),
		done:       make(chan *batch, opts.Workers),
		stop:       make(chan struct{}),
		inSample:   st.InSample,
	}
	go p.read(r)
	p.startWorkers()
	err = p.writeInOrder(w, &st)
	st.Shift = st.shift.Shift()
	return st, err
}

// withDefaults fills in the zero fields of o as Options documents.
func (o Options) withDefaults() Options {
	if o.Workers <= 0 {
		o.Workers = runtime.NumCPU()
	}
	if o.Batch <= 0 {
		o.Batch = 256
	}
	if o.MaxTextBytes <= 0 {
		o.MaxTextBytes = DefaultMaxTextBytes
	}
	return o
}

// pipeline is one Run's three stages and the channels between them:
//
//	read --todo--> workers --done--> writeInOrder
//
// The reader closes todo after the last batch; the workers close done when
// all of them have ended. The writer closes stop at the first error, which
// makes the reader and the workers give up instead of blocking on a send;
// it still drains done until it is closed.
type pipeline struct {
	rowLabeler
	todo     chan *batch
	done     chan *batch
	stop     chan struct{}
	inSample *classifier.InSample // read only: the batches count on Fresh copies
}

// rowLabeler is what labelling one record needs, shared by Run's workers
// and by Labeler. It is read only once made.
type rowLabeler struct {
	opts     Options
	bundle   *classifier.Bundle
	textIdx  int // the text column of the input
	groupIdx int // the group column of the input, -1 when rows are not routed by group
	width    int // columns of an output row
}

// newRowLabeler checks the header of r against b and opts (the text
// and group columns are there, no added column clashes) and returns the
// labeler and the output header. opts must have its defaults filled in.
func newRowLabeler(r data.Reader, b *classifier.Bundle, opts Options) (rowLabeler, []string, error) {
	in := r.Header()
	textCol := opts.Columns.TextColumnIn(r)
	textIdx := slices.Index(in, textCol)
	if textIdx < 0 {
		return rowLabeler{}, nil, data.NewColumnError(opts.File, data.KindText, textCol, in)
	}
	groupIdx := -1
	if g := opts.Columns.Group; g != "" {
		if len(b.Groups) == 0 {
			return rowLabeler{}, nil, fmt.Errorf("group column %q: %w", g, ErrNoGroups)
		}
		if groupIdx = slices.Index(in, g); groupIdx < 0 {
			return rowLabeler{}, nil, data.NewColumnError(opts.File, data.KindGroupBy, g, in)
		}
	}
	header, err := Header(in, b, opts)
	if err != nil {
		return rowLabeler{}, nil, err
	}
	return rowLabeler{opts: opts, bundle: b, textIdx: textIdx, groupIdx: groupIdx, width: len(header)}, header, nil
}

// checkLength returns the error for rec when its text is over
// Options.MaxTextBytes and Options.TruncateText is off.
func (l *rowLabeler) checkLength(rec *data.Record) error {
	if n := textLen(rec, l.textIdx); n > l.opts.MaxTextBytes && !l.opts.TruncateText {
		return &data.ParseError{File: l.opts.File, Line: rec.Line, Err: fmt.Errorf(
			"the text is %d bytes, over the limit of %d: %w", n, l.opts.MaxTextBytes, ErrTextTooLong)}
	}
	return nil
}

// read cuts the records of r into batches, numbered in input order, and
// sends them to the workers. A read error, or a text over MaxTextBytes
// without TruncateText, ends the batch it falls in, which carries the
// error and is the last one sent. It runs in a goroutine of its own, since
// a data.Reader is sequential.
func (p *pipeline) read(r data.Reader) {
	defer close(p.todo)
	for seq := 0; ; seq++ {
		bt := &batch{seq: seq}
		for len(bt.recs) < p.opts.Batch {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				bt.err = err
				break
			}
			if err := p.checkLength(rec); err != nil {
				bt.err = err
				break
			}
			bt.recs = append(bt.recs, rec)
		}
		if len(bt.recs) == 0 && bt.err == nil {
			return
		}
		select {
		case p.todo <- bt:
		case <-p.stop:
			return
		}
		if bt.err != nil || len(bt.recs) < p.opts.Batch {
			return
		}
	}
}

// startWorkers starts Options.Workers goroutines that label the batches
// of todo and send them on to done, each with a Predictor of its own (a
// Predictor is not safe to share), and one that closes done once they
// have all ended.
func (p *pipeline) startWorkers() {
	probs := newProbFormat()
	finished := make(chan struct{})
	for i := 0; i < p.opts.Workers; i++ {
		go func() {
			defer func() { finished <- struct{}{} }()
			pred := p.bundle.NewPredictor()
			for bt := range p.todo {
				p.label(bt, pred, probs)
				select {
				case p.done <- bt:
				case <-p.stop:
					return
				}
			}
		}()
	}
	go func() {
		for i := 0; i < p.opts.Workers; i++ {
			<-finished
		}
		close(p.done)
	}()
}

// label predicts every record of bt and fills in its output rows, label
// indices and counts of noted rows.
func (p *pipeline) label(bt *batch, pred *classifier.Predictor, probs probFormat) {
	cols, width := len(p.bundle.Columns), p.width
	// One backing array each for the batch's rows and label indices: a
	// few allocations per batch, not per row.
	bt.rows = make([][]string, len(bt.recs))
	bt.idx = make([][]int, len(bt.recs))
	idx := make([]int, len(bt.recs)*cols)
	cells := make([]string, len(bt.recs)*width)
	bt.shift = p.bundle.NewShiftCounter()
	bt.inSample = p.inSample.Fresh()
	for j, rec := range bt.recs {
		bt.idx[j] = idx[j*cols : (j+1)*cols : (j+1)*cols]
		bt.rows[j] = p.row(rec, pred, probs, cells[j*width:j*width:(j+1)*width], bt.idx[j], &bt.tally)
	}
}

// row appends the output row of rec to dst and returns it, sets idx[c]
// to the index of its label in column c, and counts it in t.
func (l *rowLabeler) row(rec *data.Record, pred *classifier.Predictor, probs probFormat, dst []string, idx []int, t *tally) []string {
	opts := l.opts
	row := append(dst, rec.Fields...)
	text := ""
	if l.textIdx < len(rec.Fields) {
		text = rec.Fields[l.textIdx]
	}
	notes := rec.Notes
	var oof []classifier.Prediction
	if opts.OutOfFold != nil {
		oof = opts.OutOfFold[classifier.TextHash(text)]
	}
	// Rows labelled out-of-fold are not in-sample: only the others
	// are counted for the in-sample warning.
	if t.inSample != nil && oof == nil {
		t.inSample.Add(text)
	}
	predict, prior := pred.Predict, pred.Prior
	if l.groupIdx >= 0 {
		group := ""
		if l.groupIdx < len(rec.Fields) {
			group = strings.TrimSpace(rec.Fields[l.groupIdx])
		}
		predict = func(text string) []classifier.Prediction { return pred.PredictGroup(group, text) }
		prior = func() []classifier.Prediction { return pred.PriorGroup(group) }
		if l.bundle.Group(group) == nil {
			notes = append(notes[:len(notes):len(notes)], fmt.Sprintf(noteUnseen, group))
			t.unseen++
		}
	}
	var preds []classifier.Prediction
	blank := strings.TrimSpace(text) == ""
	switch {
	case blank:
		preds = prior()
		notes = append(notes[:len(notes):len(notes)], NoteEmpty)
		t.empty++
	case len(text) > opts.MaxTextBytes:
		text = cut(text, opts.MaxTextBytes)
		preds = predict(text)
		notes = append(notes[:len(notes):len(notes)], fmt.Sprintf(noteTruncated, opts.MaxTextBytes, opts.MaxTextBytes))
		t.truncated++
	case oof != nil:
		preds = oof
		notes = append(notes[:len(notes):len(notes)], NoteOutOfFold)
		t.oof++
	default:
		preds = predict(text)
	}
	if !blank {
		// Coverage is the pooled vocabulary's, whichever model
		// predicted: the profile it is compared with is the pooled
		// model's.
		words, known := pred.Coverage(text)
		if t.shift.Add(words, known, preds) {
			notes = append(notes[:len(notes):len(notes)], NoteUnfamiliar)
			t.unfamiliar++
		}
	}
	note := strings.Join(notes, "; ")
	if note != "" {
		t.noted++
	}
	for c, pr := range preds {
		idx[c] = pr.Index
		row = append(row, pr.Label, probs.format(pr.Confidence), note)
		if opts.Probs {
			for _, q := range pr.Probs {
				row = append(row, probs.format(q))
			}
		}
	}
	return row
}

// writeInOrder writes the batches of done to w in input order, holding
// back those that arrive before an earlier one, and adds them to st. After
// each batch it calls Options.Progress. At the first error, a write error
// or the one a batch carries from reading, it closes stop and returns that
// error once done is drained; otherwise it flushes w and returns w's
// error.
func (p *pipeline) writeInOrder(w *data.Writer, st *Stats) error {
	pending := map[int]*batch{}
	next := 0
	var runErr error
	for bt := range p.done {
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
				close(p.stop)
				break
			}
			if cur.err != nil {
				runErr = cur.err
				close(p.stop)
				break
			}
			if p.opts.Progress != nil {
				p.opts.Progress(st.Rows)
			}
		}
	}
	if runErr != nil {
		return runErr
	}
	w.Flush()
	return w.Error()
}

func (st *Stats) write(w *data.Writer, bt *batch) error {
	st.add(&bt.tally)
	for j, row := range bt.rows {
		if err := w.Write(row); err != nil {
			return err
		}
		st.count(bt.idx[j])
	}
	return nil
}

// add adds the counts of t, but for rows and labels, to st.
func (st *Stats) add(t *tally) {
	st.Empty += t.empty
	st.Truncated += t.truncated
	st.Unseen += t.unseen
	st.Unfamiliar += t.unfamiliar
	st.OutOfFold += t.oof
	st.Noted += t.noted
	if t.shift != nil {
		st.shift.Merge(t.shift)
	}
	st.InSample.Merge(t.inSample)
}

// count counts one row with label indices idx.
func (st *Stats) count(idx []int) {
	st.Rows++
	for c, k := range idx {
		st.Counts[c][k]++
	}
}

// newStats returns the empty Stats of a run of b.
func newStats(b *classifier.Bundle) Stats {
	st := Stats{shift: b.NewShiftCounter(), InSample: b.InSampleCheck()}
	for _, c := range b.Columns {
		st.Columns = append(st.Columns, c.Name)
		st.Labels = append(st.Labels, c.Labels)
		st.Counts = append(st.Counts, make([]int, len(c.Labels)))
	}
	return st
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
