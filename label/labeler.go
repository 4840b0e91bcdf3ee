package label

import (
	"github.com/stance-nlp/stance/classifier"
	"github.com/stance-nlp/stance/data"
)

// Labeler labels the records of one input one at a time, each exactly as
// Run labels it: the same output row, notes and errors. It is for callers
// that read and write rows themselves, such as a distributed job that
// labels the shards of a corpus on many machines and writes rows in an
// order of its own. Run is faster on one machine.
//
// A Labeler is not safe for concurrent use; a Bundle may be shared by any
// number of them.
type Labeler struct {
	rowLabeler
	header []string
	pred   *classifier.Predictor
	probs  probFormat
	t      tally
	st     Stats
}

// NewLabeler returns a Labeler for the records of r, or the error Run
// would return for r's header. Options.Workers, Batch and Progress are not
// used.
func NewLabeler(r data.Reader, b *classifier.Bundle, opts Options) (*Labeler, error) {
	opts = opts.withDefaults()
	rl, header, err := newRowLabeler(r, b, opts)
	if err != nil {
		return nil, err
	}
	st := newStats(b)
	l := &Labeler{rowLabeler: rl, header: header, pred: b.NewPredictor(), probs: newProbFormat(), st: st}
	l.t = tally{shift: b.NewShiftCounter(), inSample: st.InSample.Fresh()}
	return l, nil
}

// Header returns the output header (see Header). The caller may modify
// the result.
func (l *Labeler) Header() []string { return append([]string(nil), l.header...) }

// Label returns the output row of rec, a new slice. A text over
// Options.MaxTextBytes without Options.TruncateText is the
// *data.ParseError Run returns for it, and the row is not counted.
func (l *Labeler) Label(rec *data.Record) ([]string, error) {
	if err := l.checkLength(rec); err != nil {
		return nil, err
	}
	idx := make([]int, len(l.bundle.Columns))
	row := l.row(rec, l.pred, l.probs, make([]string, 0, l.width), idx, &l.t)
	l.st.count(idx)
	return row, nil
}

// Stats returns the counts of the rows labelled so far, as Run's Stats
// would give for them.
func (l *Labeler) Stats() Stats {
	st := l.st
	st.Counts = make([][]int, len(l.st.Counts))
	for c := range st.Counts {
		st.Counts[c] = append([]int(nil), l.st.Counts[c]...)
	}
	st.shift = l.bundle.NewShiftCounter()
	st.InSample = l.bundle.InSampleCheck()
	st.add(&l.t)
	st.Shift = st.shift.Shift()
	return st
}
