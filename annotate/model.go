package annotate

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/stance-nlp/stance/active"
	"github.com/stance-nlp/stance/classifier"
)

// Model sources, as /api/state reports them.
const (
	sourceNone      = "none"
	sourceInitial   = "initial"
	sourceRetrained = "retrained"
)

// predictions is one model's view of every item, and the queue order it
// implies. A value is never modified after it is built: a retrain builds a
// new one and swaps the pointer, so readers need no lock.
type predictions struct {
	version   int
	source    string
	trainedOn int       // items a retrained model learnt from
	trainedAt time.Time // when a retrained model was swapped in
	has       []bool    // per schema column: the model predicts it
	offset    []int     // per schema column: start of its labels in a row of probs
	width     int       // labels over all columns
	probs     []float32 // [item*width + offset[c] + label]: the model's probability, in schema label order
	margin    []float64 // per item: mean margin over the predicted columns
	order     []int     // item indices in presentation order
}

// suggests reports whether the model gives suggestions for some column.
func (p *predictions) suggests() bool { return slices.Contains(p.has, true) }

// suggestion is the model's choice for one column of one item.
type suggestion struct {
	Label      string    `json:"label"`
	Confidence float64   `json:"confidence"`
	Probs      []float64 `json:"probs"` // schema label order
}

// suggest returns the model's choice for item i in every column it
// predicts. Labels of the model that the schema lacks carry probability
// that no button shows, so the choice is the most probable schema label.
func (p *predictions) suggest(i int, cols []Column) map[string]suggestion {
	if !p.suggests() {
		return nil
	}
	out := map[string]suggestion{}
	for c, col := range cols {
		if !p.has[c] {
			continue
		}
		row := p.probs[i*p.width+p.offset[c] : i*p.width+p.offset[c]+len(col.Labels)]
		s := suggestion{Probs: make([]float64, len(row))}
		best := 0
		for k, v := range row {
			s.Probs[k] = math.Round(float64(v)*1e4) / 1e4
			if v > row[best] {
				best = k
			}
		}
		s.Label, s.Confidence = col.Labels[best], s.Probs[best]
		out[col.Name] = s
	}
	return out
}

// newPredictions scores every item with b (nil: no model) and orders the
// queue by strategy. Uncertainty ranks by the mean margin over the schema
// columns the model predicts, so that no column dominates just by coming
// first; without a model it falls back to file order.
func newPredictions(b *classifier.Bundle, items []Item, cols []Column, strategy active.Strategy, seed uint64) *predictions {
	p := &predictions{source: sourceNone, has: make([]bool, len(cols)), offset: make([]int, len(cols))}
	for c, col := range cols {
		p.offset[c] = p.width
		p.width += len(col.Labels)
	}
	// model[c] is the bundle column of schema column c; to[c][k] maps the
	// model's label k onto the schema's label index, -1 if the schema
	// lacks it.
	model := make([]int, len(cols))
	to := make([][]int, len(cols))
	if b != nil {
		for c, col := range cols {
			model[c] = -1
			for m := range b.Columns {
				if b.Columns[m].Name == col.Name {
					model[c] = m
					p.has[c] = true
					for _, l := range b.Columns[m].Labels {
						to[c] = append(to[c], slices.Index(col.Labels, l))
					}
				}
			}
		}
	}
	all := make([]int, len(items))
	for i := range all {
		all[i] = i
	}
	if !p.suggests() {
		if strategy == active.Uncertainty {
			strategy = active.FileOrder
		}
		p.order = active.Order(strategy, all, nil, seed)
		return p
	}
	p.source = sourceInitial
	p.probs = make([]float32, len(items)*p.width)
	p.margin = make([]float64, len(items))
	// Each worker needs its own Predictor; items are split in contiguous
	// chunks so that workers write disjoint parts of probs.
	workers := min(runtime.GOMAXPROCS(0), len(items))
	chunk := (len(items) + workers - 1) / workers
	var wg sync.WaitGroup
	for lo := 0; lo < len(items); lo += chunk {
		hi := min(lo+chunk, len(items))
		wg.Go(func() {
			pr := b.NewPredictor()
			for i := lo; i < hi; i++ {
				preds := pr.Predict(items[i].Text)
				sum, n := 0.0, 0
				for c := range cols {
					if model[c] < 0 {
						continue
					}
					pc := preds[model[c]]
					for k, v := range pc.Probs {
						if j := to[c][k]; j >= 0 {
							p.probs[i*p.width+p.offset[c]+j] = float32(v)
						}
					}
					sum += active.Margin(pc.Probs)
					n++
				}
				p.margin[i] = sum / float64(n)
			}
		})
	}
	wg.Wait()
	p.order = active.Order(strategy, all, func(i int) float64 { return p.margin[i] }, seed)
	return p
}

// doubled returns which items need two annotators: the round(share × n)
// items with the smallest SHA-256 of (seed, id). Hashing the id rather
// than the position keeps the choice when the file is reordered, and
// taking the smallest hashes gives exactly the share asked for.
func doubled(items []Item, share float64, seed uint64) []bool {
	n := int(math.Round(share * float64(len(items))))
	out := make([]bool, len(items))
	if n == 0 {
		return out
	}
	type hashed struct {
		h uint64
		i int
	}
	hs := make([]hashed, len(items))
	var buf [8]byte
	binary.LittleEndian.PutUint64(buf[:], seed)
	for i, it := range items {
		sum := sha256.Sum256(append(buf[:], it.ID...))
		hs[i] = hashed{binary.BigEndian.Uint64(sum[:8]), i}
	}
	slices.SortFunc(hs, func(a, b hashed) int {
		return cmp.Or(cmp.Compare(a.h, b.h), cmp.Compare(a.i, b.i))
	})
	for _, h := range hs[:n] {
		out[h.i] = true
	}
	return out
}

// keyRows are the keyboard rows that label keys come from, one row per
// label column in schema order. s (skip) and u (undo) are left out of
// their rows so that every key has one meaning.
const keyRows = "1234567890 qwertyiop adfghjkl zxcvbnm"

// labelKeys returns the shortcut key of every label: column c's labels get
// the keys of row c in order; labels beyond a row's length, and columns
// beyond the fourth, have none ("") and are chosen by clicking.
func labelKeys(cols []Column) [][]string {
	rows := strings.Fields(keyRows)
	out := make([][]string, len(cols))
	for c, col := range cols {
		out[c] = make([]string, len(col.Labels))
		if c >= len(rows) {
			continue
		}
		for k := range col.Labels {
			if k < len(rows[c]) {
				out[c][k] = string(rows[c][k])
			}
		}
	}
	return out
}

// trainingSet collects the items with final labels (see ledger.resolve).
// It returns a reason instead when retraining cannot work: no items, or a
// column with fewer than two distinct labels, which liblinear cannot fit.
func trainingSet(l *ledger, items []Item) (*classifier.TrainingSet, string) {
	set := &classifier.TrainingSet{Labels: make([][]string, len(l.cols))}
	for _, c := range l.cols {
		set.Columns = append(set.Columns, c.Name)
	}
	for i := range items {
		labels, _ := l.resolve(i)
		if labels == nil {
			continue
		}
		set.Texts = append(set.Texts, items[i].Text)
		for c, k := range labels {
			set.Labels[c] = append(set.Labels[c], l.cols[c].Labels[k])
		}
	}
	if len(set.Texts) == 0 {
		return nil, "no item has final labels yet (labelled, and not disputed between annotators)"
	}
	for c, name := range set.Columns {
		if distinct := classifier.LabelSet(set.Labels[c]); len(distinct) < 2 {
			return nil, fmt.Sprintf("column %s has only one distinct label (%s) among %d labelled items; retraining needs at least two",
				name, distinct[0], len(set.Texts))
		}
	}
	return set, ""
}
