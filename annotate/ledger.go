package annotate

import (
	"errors"
	"fmt"
	"slices"
)

// errConflict marks a well-formed action that the current state does not
// allow (nothing to undo, skipping an item one has labelled); the HTTP
// layer answers 409 instead of 400.
var errConflict = errors.New("conflict")

// ledger is the state the journal describes: who labelled or skipped what,
// what was taken back, and the adjudicated labels. The Server and Export
// both build it by replaying the journal, so both resolve labels the same
// way. It is not safe for concurrent use.
type ledger struct {
	cols    []Column
	ids     map[string]int   // item id -> index
	anyID   bool             // accept ids not in ids, adding them (Repair without the data)
	labelAt []map[string]int // per column: label -> index

	entries []entry
	labels  [][]int // per entry: label index per column; nil unless label or adjudicate
	undone  []bool  // per entry: a label or skip taken back by an undo

	byAnn  map[string][]int   // annotator -> seqs of their label and skip entries
	marks  []map[string][]int // per item: annotator -> seqs of label and skip entries
	adjud  []int              // per item: seq of the latest adjudication, 0 if none
	nLabel int                // label entries, for "retrain every N labels"
}

func newLedger(items []Item, cols []Column) *ledger {
	l := &ledger{
		cols:  cols,
		ids:   make(map[string]int, len(items)),
		byAnn: map[string][]int{},
		marks: make([]map[string][]int, len(items)),
		adjud: make([]int, len(items)),
	}
	for i, it := range items {
		l.ids[it.ID] = i
	}
	for _, c := range cols {
		m := make(map[string]int, len(c.Labels))
		for k, lab := range c.Labels {
			m[lab] = k
		}
		l.labelAt = append(l.labelAt, m)
	}
	return l
}

// encode checks a full set of labels, one per column, and returns their
// indices.
func (l *ledger) encode(labels map[string]string) ([]int, error) {
	for name := range labels {
		if !slices.ContainsFunc(l.cols, func(c Column) bool { return c.Name == name }) {
			return nil, fmt.Errorf("unknown label column %q", name)
		}
	}
	out := make([]int, len(l.cols))
	for c, col := range l.cols {
		lab, ok := labels[col.Name]
		if !ok || lab == "" {
			return nil, fmt.Errorf("no %s label", col.Name)
		}
		k, ok := l.labelAt[c][lab]
		if !ok {
			return nil, fmt.Errorf("unknown %s label %q", col.Name, lab)
		}
		out[c] = k
	}
	return out, nil
}

// decode turns label indices back into a column -> label map.
func (l *ledger) decode(labels []int) map[string]string {
	if labels == nil {
		return nil
	}
	m := make(map[string]string, len(labels))
	for c, k := range labels {
		m[l.cols[c].Name] = l.cols[c].Labels[k]
	}
	return m
}

// check reports whether e may be applied next, returning its label indices.
func (l *ledger) check(e entry) ([]int, error) {
	if e.Seq != len(l.entries)+1 {
		return nil, fmt.Errorf("entry seq %d follows %d", e.Seq, len(l.entries))
	}
	if _, err := checkName(e.Annotator); err != nil {
		return nil, err
	}
	i, ok := l.ids[e.ID]
	if !ok && (!l.anyID || e.ID == "") {
		return nil, fmt.Errorf("unknown item id %q", e.ID)
	}
	switch e.Op {
	case opLabel, opAdjudicate:
		return l.encode(e.Labels)
	case opSkip:
		if !ok {
			return nil, nil // an item first seen has no label to conflict with
		}
		if op, _ := l.status(i, e.Annotator); op == opLabel {
			return nil, fmt.Errorf("%w: %s already labelled %s; undo or relabel instead of skipping", errConflict, e.Annotator, e.ID)
		}
		return nil, nil
	case opUndo:
		u := e.Undoes
		if u < 1 || u > len(l.entries) {
			return nil, fmt.Errorf("undo of entry %d, which does not exist", u)
		}
		t := l.entries[u-1]
		if (t.Op != opLabel && t.Op != opSkip) || l.undone[u-1] || t.Annotator != e.Annotator || t.ID != e.ID {
			return nil, fmt.Errorf("undo of entry %d, which is not a live label or skip of %s on %s", u, e.Annotator, e.ID)
		}
		return nil, nil
	}
	return nil, fmt.Errorf("unknown operation %q", e.Op)
}

// apply checks e and adds it to the state.
func (l *ledger) apply(e entry) error {
	labels, err := l.check(e)
	if err != nil {
		return err
	}
	i, ok := l.ids[e.ID]
	if !ok { // an id first seen, with anyID
		i = len(l.marks)
		l.ids[e.ID] = i
		l.marks = append(l.marks, nil)
		l.adjud = append(l.adjud, 0)
	}
	l.entries = append(l.entries, e)
	l.labels = append(l.labels, labels)
	l.undone = append(l.undone, false)
	switch e.Op {
	case opLabel, opSkip:
		if e.Op == opLabel {
			l.nLabel++
		}
		l.byAnn[e.Annotator] = append(l.byAnn[e.Annotator], e.Seq)
		if l.marks[i] == nil {
			l.marks[i] = map[string][]int{}
		}
		l.marks[i][e.Annotator] = append(l.marks[i][e.Annotator], e.Seq)
	case opUndo:
		l.undone[e.Undoes-1] = true
	case opAdjudicate:
		l.adjud[i] = e.Seq
	}
	return nil
}

// status returns the annotator's current mark on item i: opLabel or opSkip
// with the seq of the entry, or "" and 0. The latest live entry wins.
func (l *ledger) status(i int, ann string) (op string, seq int) {
	seqs := l.marks[i][ann]
	for k := len(seqs) - 1; k >= 0; k-- {
		if s := seqs[k]; !l.undone[s-1] {
			return l.entries[s-1].Op, s
		}
	}
	return "", 0
}

// lastLive returns the seq of the annotator's latest live label or skip,
// on item i or on any item when i < 0; 0 when there is none.
func (l *ledger) lastLive(ann string, i int) int {
	seqs := l.byAnn[ann]
	for k := len(seqs) - 1; k >= 0; k-- {
		s := seqs[k]
		if l.undone[s-1] {
			continue
		}
		if i < 0 || l.ids[l.entries[s-1].ID] == i {
			return s
		}
	}
	return 0
}

// vote is one annotator's current labels on an item.
type vote struct {
	Annotator string
	Labels    []int
}

// votes returns the current labels of every annotator who labelled item i,
// by annotator name.
func (l *ledger) votes(i int) []vote {
	var out []vote
	for ann := range l.marks[i] {
		if op, s := l.status(i, ann); op == opLabel {
			out = append(out, vote{ann, l.labels[s-1]})
		}
	}
	slices.SortFunc(out, func(a, b vote) int {
		switch {
		case a.Annotator < b.Annotator:
			return -1
		case a.Annotator > b.Annotator:
			return 1
		}
		return 0
	})
	return out
}

// labelledBy counts the distinct annotators whose current mark on item i
// is a label.
func (l *ledger) labelledBy(i int) int {
	n := 0
	for ann := range l.marks[i] {
		if op, _ := l.status(i, ann); op == opLabel {
			n++
		}
	}
	return n
}

// Resolution states of an item.
const (
	unlabelled  = "unlabelled"
	agreed      = "agreed"
	disputed    = "disputed"
	adjudicated = "adjudicated"
)

// resolve returns item i's final labels and how they were reached: the
// latest adjudication if any, else the annotators' labels when every
// annotator who labelled the item gave the same labels in every column.
// Disputed and unlabelled items have no final labels.
func (l *ledger) resolve(i int) ([]int, string) {
	if s := l.adjud[i]; s > 0 {
		return l.labels[s-1], adjudicated
	}
	vs := l.votes(i)
	if len(vs) == 0 {
		return nil, unlabelled
	}
	for _, v := range vs[1:] {
		if !slices.Equal(v.Labels, vs[0].Labels) {
			return nil, disputed
		}
	}
	return vs[0].Labels, agreed
}

// annotators returns the names of everyone with a live label, sorted.
func (l *ledger) annotators() []string {
	var out []string
	for ann := range l.byAnn {
		if l.hasLabel(ann) {
			out = append(out, ann)
		}
	}
	slices.Sort(out)
	return out
}

// hasLabel reports whether the annotator currently has a label on any item.
func (l *ledger) hasLabel(ann string) bool {
	for _, s := range l.byAnn[ann] {
		if !l.undone[s-1] && l.entries[s-1].Op == opLabel {
			i := l.ids[l.entries[s-1].ID]
			if op, cur := l.status(i, ann); op == opLabel && cur == s {
				return true
			}
		}
	}
	return false
}

// history returns the seqs of the annotator's current marks (label or
// skip), one per item, oldest first.
func (l *ledger) history(ann string) []int {
	var out []int
	for _, s := range l.byAnn[ann] {
		if l.undone[s-1] {
			continue
		}
		i := l.ids[l.entries[s-1].ID]
		if _, cur := l.status(i, ann); cur == s {
			out = append(out, s)
		}
	}
	return out
}
