package evaluate

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/stance-nlp/stance/data"
	"github.com/stance-nlp/stance/evaluate/result"
	"github.com/stance-nlp/stance/metrics"
)

// Labelled is predicted labels beside gold labels, as in a file that
// `stance label -prefix pred_` (or another tool) wrote over a gold file.
// It holds one pair of columns per entry of Columns; document i of pair c
// has gold label Gold[c][i] ("" when it has none: it is then left out of
// that pair's scores) and predicted label Pred[c][i].
//
// The probabilities are optional, per pair: Probs[c][i][k] is the
// probability document i was given for label ProbLabels[c][k], or, when
// Probs[c] is nil, Confidence[c][i] is the probability of Pred[c][i]; both
// may be nil (or shorter than Columns).
type Labelled struct {
	Columns    []string // the name each pair is reported under
	Gold       [][]string
	Pred       [][]string
	Confidence [][]float64
	ProbLabels [][]string
	Probs      [][][]float64
}

// ErrNoPrediction is wrapped by ScoreLabels and ReadLabelled for a
// document with a gold label but no predicted one: scoring without it
// would flatter the predictions, counting it wrong would invent a label.
var ErrNoPrediction = errors.New("no prediction")

// ScoreLabels scores predictions already made, one result.Column per pair
// of l, as Eval scores a model's: the same figures, intervals and
// per-class tables. Nothing is predicted here.
//
// A pair's label order is the sorted labels found in its gold and
// predicted labels and probability labels. Calibration is scored from
// what l holds: the Brier score, ECE and reliability from Probs[c]; ECE
// and reliability alone from Confidence[c], each document's confidence
// against whether its prediction was right (metrics.TopReliability);
// none without either (result.Column says how). The baseline predicts
// the majority gold label (the first in label order among ties), there
// being no training data to take it from.
func ScoreLabels(l *Labelled, o Options) ([]result.Column, error) {
	out := make([]result.Column, len(l.Columns))
	for c, name := range l.Columns {
		if c >= len(l.Gold) || c >= len(l.Pred) || len(l.Gold[c]) != len(l.Pred[c]) {
			return nil, fmt.Errorf("%s: gold and predicted labels do not pair up", name)
		}
		gold, pred := l.Gold[c], l.Pred[c]
		var conf []float64
		var probLabels []string
		var probs [][]float64
		if c < len(l.Probs) && l.Probs[c] != nil {
			probLabels, probs = l.ProbLabels[c], l.Probs[c]
			if len(probs) != len(gold) {
				return nil, fmt.Errorf("%s: %d probability rows for %d documents", name, len(probs), len(gold))
			}
		} else if c < len(l.Confidence) && l.Confidence[c] != nil {
			if conf = l.Confidence[c]; len(conf) != len(gold) {
				return nil, fmt.Errorf("%s: %d confidences for %d documents", name, len(conf), len(gold))
			}
		}
		var labels []string
		for i, g := range gold {
			if g == "" {
				continue
			}
			if pred[i] == "" {
				return nil, fmt.Errorf("%s: document %d has a gold label but %w", name, i+1, ErrNoPrediction)
			}
			labels = append(labels, g, pred[i])
		}
		labels = append(labels, probLabels...)
		slices.Sort(labels)
		labels = slices.Compact(labels)
		if len(labels) == 0 {
			return nil, fmt.Errorf("no document has a gold label beside %s", name)
		}
		s := &scored{labels: labels}
		if conf != nil {
			s.conf = []float64{}
		}
		if probs != nil {
			s.probs = [][]float64{}
		}
		index := func(l string) int {
			k, _ := slices.BinarySearch(labels, l)
			return k
		}
		for i, g := range gold {
			if g == "" {
				continue
			}
			s.gold = append(s.gold, index(g))
			s.pred = append(s.pred, index(pred[i]))
			s.doc = append(s.doc, s.nDocs)
			s.nDocs++
			switch {
			case probs != nil:
				p := make([]float64, len(labels))
				for k, pl := range probLabels {
					p[index(pl)] = probs[i][k]
				}
				s.probs = append(s.probs, p)
			case conf != nil:
				s.conf = append(s.conf, conf[i])
			}
		}
		out[c] = column(name, s, metrics.Majority(s.gold, len(labels)), o, nil)
	}
	return out, nil
}

// The columns ReadLabelled looks for beside a prediction column <pred>:
// those that `stance label` writes.
const (
	confidenceSuffix = "_confidence" // <pred>_confidence: the probability of the predicted label
	probInfix        = "_p_"         // <pred>_p_<label>: every label's probability
)

// ReadLabelled reads the pairs of gold and predicted label columns named
// by gold and pred (gold[c] against pred[c]) from r, from file, for
// ScoreLabels. Each pair is named after its prediction column. Beside a
// prediction column <pred> it reads, when the header has them, the
// probability columns <pred>_p_<label> that `stance label -probs` writes,
// else the column <pred>_confidence.
//
// A gold or prediction column missing from the header is a
// *data.ColumnError (of kind data.KindGold or data.KindPrediction). A
// probability that is not a number in [0, 1], and a gold label without a
// prediction (ErrNoPrediction), are *data.ParseError naming the line and
// column.
func ReadLabelled(r data.Reader, file string, gold, pred []string) (*Labelled, error) {
	if len(gold) == 0 || len(gold) != len(pred) {
		return nil, fmt.Errorf("%d gold columns for %d prediction columns; want one of each per pair", len(gold), len(pred))
	}
	h := r.Header()
	col := func(kind, name string) (int, error) {
		if i := slices.Index(h, name); i >= 0 {
			return i, nil
		}
		return -1, data.NewColumnError(file, kind, name, h)
	}
	type pair struct {
		gold, pred, conf int
		probs            []int // columns of <pred>_p_<label>
	}
	l := &Labelled{
		Columns:    slices.Clone(pred),
		Gold:       make([][]string, len(pred)),
		Pred:       make([][]string, len(pred)),
		Confidence: make([][]float64, len(pred)),
		ProbLabels: make([][]string, len(pred)),
		Probs:      make([][][]float64, len(pred)),
	}
	pairs := make([]pair, len(pred))
	for c := range pred {
		p := &pairs[c]
		var err error
		if p.gold, err = col(data.KindGold, gold[c]); err != nil {
			return nil, err
		}
		if p.pred, err = col(data.KindPrediction, pred[c]); err != nil {
			return nil, err
		}
		p.conf = slices.Index(h, pred[c]+confidenceSuffix)
		for i, name := range h {
			if label, ok := strings.CutPrefix(name, pred[c]+probInfix); ok && label != "" {
				p.probs = append(p.probs, i)
				l.ProbLabels[c] = append(l.ProbLabels[c], label)
			}
		}
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		field := func(i int) string {
			if i < len(rec.Fields) {
				return strings.TrimSpace(rec.Fields[i])
			}
			return ""
		}
		bad := func(i int, err error) error {
			return &data.ParseError{File: file, Line: rec.Line, Err: fmt.Errorf("column %q: %w", h[i], err)}
		}
		prob := func(i int) (float64, error) {
			v, err := strconv.ParseFloat(field(i), 64)
			if err != nil || !(v >= 0 && v <= 1) {
				return 0, bad(i, fmt.Errorf("%q is not a probability", field(i)))
			}
			return v, nil
		}
		for c, p := range pairs {
			g, pr := field(p.gold), field(p.pred)
			if g != "" && pr == "" {
				return nil, bad(p.pred, fmt.Errorf("%w beside the gold label %q of %q", ErrNoPrediction, g, h[p.gold]))
			}
			l.Gold[c] = append(l.Gold[c], g)
			l.Pred[c] = append(l.Pred[c], pr)
			switch {
			case len(p.probs) > 0:
				row := make([]float64, len(p.probs))
				if g != "" {
					for k, i := range p.probs {
						if row[k], err = prob(i); err != nil {
							return nil, err
						}
					}
				}
				l.Probs[c] = append(l.Probs[c], row)
			case p.conf >= 0:
				var v float64
				if g != "" {
					if v, err = prob(p.conf); err != nil {
						return nil, err
					}
				}
				l.Confidence[c] = append(l.Confidence[c], v)
			}
		}
	}
	return l, nil
}
