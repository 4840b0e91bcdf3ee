package classifier

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/stance-nlp/stance/features"

	"gonum.org/v1/gonum/floats"
)

// MinGroupRows is the fewest training documents a group needs for a model
// of its own. A smaller group is labelled by the pooled model: a
// vocabulary and weights fitted on a handful of documents are not worth
// preferring to those fitted on all of them.
const MinGroupRows = 20

// GroupModel is the model of one group of a Bundle trained with a group
// column: the documents whose group column holds Value, fitted on their
// own exactly as Train fits a whole set (a vocabulary of their own, one
// model per label column), beside the pooled model fitted on every
// document.
//
// A group falls back to the pooled model, and Note says why:
//   - entirely, when it has fewer than MinGroupRows documents (Vectorizer
//     and Columns are then empty);
//   - for one label column, when its documents hold a single label in it:
//     a model needs two, and predicting that label with certainty would
//     claim more than a handful of documents show. Columns then lacks
//     that column.
//
// A group's model only predicts the labels its own documents hold; the
// others get probability 0 (Predictor.PredictGroup).
type GroupModel struct {
	Value      string               `json:"value"`
	Rows       int                  `json:"rows"`                 // training documents of the group
	Vectorizer *features.Vectorizer `json:"vectorizer,omitempty"` // nil when the group has no model of its own
	Columns    []Column             `json:"columns,omitempty"`    // in Bundle.Columns order, those with a model of the group's own
	Note       string               `json:"note,omitempty"`       // why the pooled model labels the group, or some of its columns

	scorer *byTerm
}

// Group returns the group model of value, or nil when value was not a
// group of the training data (or b has no groups).
func (b *Bundle) Group(value string) *GroupModel {
	if i := b.groupAt(value); i >= 0 {
		return &b.Groups[i]
	}
	return nil
}

// groupAt returns the index in b.Groups of the group of value, or -1.
func (b *Bundle) groupAt(value string) int {
	if b.groupIndex != nil {
		if i, ok := b.groupIndex[value]; ok {
			return i
		}
		return -1
	}
	return slices.IndexFunc(b.Groups, func(g GroupModel) bool { return g.Value == value })
}

// fitGroups fits the model of every group of s, whose pooled model is b,
// as GroupModel says, and adds them to b.
func fitGroups(b *Bundle, s *TrainingSet, r Recipe, progress Progress) error {
	members := map[string][]int{}
	for i, g := range s.Groups {
		members[g] = append(members[g], i)
	}
	values := make([]string, 0, len(members))
	for v := range members {
		values = append(values, v)
	}
	slices.Sort(values)
	b.GroupBy, b.Groups = s.GroupBy, make([]GroupModel, len(values))
	for gi, v := range values {
		idx := members[v]
		g := &b.Groups[gi]
		g.Value, g.Rows = v, len(idx)
		if len(idx) < MinGroupRows {
			g.Note = fmt.Sprintf("%d rows, fewer than %d: labelled by the pooled model", len(idx), MinGroupRows)
			progress.say("group %q: %s", v, g.Note)
			continue
		}
		sub := s.cut(idx)
		var notes []string
		for c, name := range s.Columns {
			labels := make([]string, len(idx))
			for j, i := range idx {
				labels[j] = s.Labels[c][i]
			}
			if set := LabelSet(labels); len(set) < 2 {
				notes = append(notes, fmt.Sprintf("%s has the single label %q: labelled by the pooled model", name, set[0]))
				continue
			}
			sub.Columns = append(sub.Columns, name)
			sub.Labels = append(sub.Labels, labels)
		}
		g.Note = strings.Join(notes, "; ")
		if g.Note != "" {
			progress.say("group %q: %s", v, g.Note)
		}
		if len(sub.Columns) == 0 {
			continue
		}
		progress.say("training group %q (%d rows)", v, len(idx))
		gb, err := fit(sub, r, nil)
		if err != nil {
			return fmt.Errorf("group %q: %w", v, err)
		}
		g.Vectorizer, g.Columns, g.scorer = gb.Vectorizer, gb.Columns, gb.scorer
	}
	b.indexGroups()
	return nil
}

// indexGroups sets b.groupIndex from b.Groups.
func (b *Bundle) indexGroups() {
	b.groupIndex = make(map[string]int, len(b.Groups))
	for i := range b.Groups {
		b.groupIndex[b.Groups[i].Value] = i
	}
}

// initGroups rebuilds the models of b's groups from their saved JSON and
// checks them against the pooled model: unique values, each column one of
// b's with labels among its labels, in order.
func (b *Bundle) initGroups() error {
	if len(b.Groups) == 0 {
		return nil
	}
	if b.GroupBy == "" {
		return errors.New("model file has group models but no group column")
	}
	b.indexGroups()
	if len(b.groupIndex) != len(b.Groups) {
		return errors.New("model file has two group models of the same value")
	}
	for gi := range b.Groups {
		g := &b.Groups[gi]
		if len(g.Columns) == 0 {
			continue
		}
		if g.Vectorizer == nil {
			return fmt.Errorf("model of group %q has no vectorizer", g.Value)
		}
		last := -1
		for i := range g.Columns {
			c := &g.Columns[i]
			at := slices.IndexFunc(b.Columns, func(p Column) bool { return p.Name == c.Name })
			if at <= last {
				return fmt.Errorf("model of group %q: column %q is not a label column of the pooled model, in its order", g.Value, c.Name)
			}
			last = at
			pooled := b.Columns[at].Labels
			for k, l := range c.Labels {
				// The pooled labels are sorted (checkFields): a binary
				// search keeps this linear-logarithmic in the labels.
				if _, found := slices.BinarySearch(pooled, l); !found || k > 0 && c.Labels[k-1] >= l {
					return fmt.Errorf("model of group %q, column %s: labels %q are not sorted labels of the pooled model's %q", g.Value, c.Name, c.Labels, pooled)
				}
			}
			m, err := newModel(b.Recipe, c.Structure)
			if err != nil {
				return err
			}
			if err := m.Load(bytes.NewReader(c.Model)); err != nil {
				return fmt.Errorf("model of group %q, column %s: %w", g.Value, c.Name, err)
			}
			if err := checkModel(m, g.Vectorizer.Len(), c.Labels); err != nil {
				return fmt.Errorf("model of group %q, column %s: %w", g.Value, c.Name, err)
			}
			c.model = m
		}
		g.scorer = newByTerm(g.linears()...)
	}
	return nil
}

// linears returns the weights of the parts of the group's columns
// (partsOf), in column order.
func (g *GroupModel) linears() []*Linear {
	var ms []*Linear
	for i := range g.Columns {
		ms = append(ms, partsOf(g.Columns[i].model)...)
	}
	return ms
}

// groupPredictor is a Predictor's state for one group with a model of its
// own: an extractor of the group's vocabulary and scratch space.
type groupPredictor struct {
	g      *GroupModel
	ext    *features.Extractor
	scorer *byTerm
	first  []int // first[n]: the index in scorer of g.Columns[n]'s first part (firstParts)
	scores []float64
	probs  []float64
	cols   []int   // cols[n]: the index in Bundle.Columns of g.Columns[n]
	labels [][]int // labels[n][k]: the index in the pooled column's labels of g.Columns[n].Labels[k]
	prior  []Prediction
}

// group returns the predictor state of the group of value, made on first
// use, or nil when the group has no model of its own or was not seen in
// training.
func (p *Predictor) group(value string) *groupPredictor {
	i := p.b.groupAt(value)
	if i < 0 || len(p.b.Groups[i].Columns) == 0 {
		return nil
	}
	if p.groups == nil {
		p.groups = make([]*groupPredictor, len(p.b.Groups))
	}
	if gp := p.groups[i]; gp != nil {
		return gp
	}
	g := &p.b.Groups[i]
	gp := &groupPredictor{g: g, ext: g.Vectorizer.NewExtractor(), scorer: g.scorer, first: firstParts(g.Columns)}
	if gp.scorer == nil {
		// A Bundle put together by hand: lay the weights out here.
		gp.scorer = newByTerm(g.linears()...)
	}
	// The prior: the pooled model's, with the group's own label shares in
	// the columns it has a model of.
	gp.prior = p.b.prior()
	for n := range g.Columns {
		c := &g.Columns[n]
		at := slices.IndexFunc(p.b.Columns, func(pc Column) bool { return pc.Name == c.Name })
		gp.cols = append(gp.cols, at)
		idx := make([]int, len(c.Labels))
		for k, l := range c.Labels {
			idx[k] = slices.Index(p.b.Columns[at].Labels, l)
		}
		gp.labels = append(gp.labels, idx)
		own := (&Bundle{Columns: []Column{*c}}).prior()[0]
		pr := &gp.prior[at]
		clear(pr.Probs)
		for k, q := range own.Probs {
			pr.Probs[idx[k]] = q
		}
		pr.Index = floats.MaxIdx(pr.Probs)
		pr.Label, pr.Confidence = p.b.Columns[at].Labels[pr.Index], pr.Probs[pr.Index]
	}
	p.groups[i] = gp
	return gp
}

// PredictGroup is Predict for a document of the given group: each column
// is predicted by the group's own model where it has one, else by the
// pooled model, which also predicts every column of a group not seen in
// training (Bundle.Group(group) == nil) and of every group of a Bundle
// without groups. Probabilities are over the pooled column's labels, those
// the group's model never saw given 0, so that a Prediction means the
// same whichever model made it. A column's Calibration is the pooled
// model's and applies to it alone: a group's own model gives its raw
// probabilities. The slice and its Probs are overwritten by the next call.
func (p *Predictor) PredictGroup(group, text string) []Prediction {
	gp := p.group(group)
	if gp == nil {
		return p.Predict(text)
	}
	if len(gp.cols) < len(p.b.Columns) {
		p.Predict(text) // the columns the group leaves to the pooled model
	}
	x := gp.ext.VectorScratch(text)
	gp.scores = gp.scorer.scores(x, gp.scores)
	for n, c := range gp.cols {
		var kg int
		gp.probs, kg = columnProbs(&gp.g.Columns[n], gp.scorer, gp.first[n], gp.scores, gp.probs)
		labels := p.b.Columns[c].Labels
		o := &p.out[c]
		o.Probs = slices.Grow(o.Probs[:0], len(labels))[:len(labels)]
		clear(o.Probs)
		for k, q := range gp.probs {
			o.Probs[gp.labels[n][k]] = q
		}
		k := gp.labels[n][kg]
		o.Index, o.Label, o.Confidence = k, labels[k], o.Probs[k]
	}
	return p.out
}

// PriorGroup is Prior for a document of the given group: the label shares
// of the group's training documents in the columns it has a model of, the
// pooled shares elsewhere (see PredictGroup). The result is the same on
// every call and must not be modified.
func (p *Predictor) PriorGroup(group string) []Prediction {
	if gp := p.group(group); gp != nil {
		return gp.prior
	}
	return p.prior
}
