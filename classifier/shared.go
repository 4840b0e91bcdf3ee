package classifier

import (
	"sync"

	"github.com/stance-nlp/stance/features"
)

// sharedGrams holds the n-grams of the documents of one TrainingSet, cut
// once per tokenisation (features.SameGrams) and shared by every fit on
// that set or on sets cut from it: the folds of a cross-validation, the
// groups of a grouped set, the recipes of a search. Cutting n-grams
// (tokenising, stemming, character grams) is most of what a fit does
// besides the solver, and the folds of a 5-fold cross-validation would
// otherwise do it six times over. Vectors come out exactly as a fit from
// the texts makes them (features.Grams), so results do not change.
type sharedGrams struct {
	texts []string
	mu    sync.Mutex
	made  []*features.Grams
}

// of returns the n-grams of every document under c, cutting them on first
// use.
func (g *sharedGrams) of(c features.Config) (*features.Grams, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, m := range g.made {
		if features.SameGrams(m.Config(), c) {
			return m, nil
		}
	}
	m, err := features.NewGrams(c, g.texts)
	if err != nil {
		return nil, err
	}
	g.made = append(g.made, m)
	return m, nil
}

// ShareGrams returns a shallow copy of s whose fits, and those of every
// set cut from it (cross-validation folds, groups), cut each document's
// n-grams once per tokenisation and share them, instead of once per fit.
// It costs about four bytes per n-gram occurrence for as long as the copy
// is kept. Train and CrossPredict share n-grams by themselves; a caller
// that cross-validates many recipes on one set (a recipe search) calls
// ShareGrams once and passes the copy to each.
func (s *TrainingSet) ShareGrams() *TrainingSet {
	if s.shared != nil {
		return s
	}
	c := *s
	c.shared, c.docs = &sharedGrams{texts: s.Texts}, nil
	return &c
}

// docsOf returns the indices, among the texts of s.shared, of the
// documents idx of s (all of them when idx is nil).
func (s *TrainingSet) docsOf(idx []int) []int {
	if idx == nil {
		if s.docs != nil {
			return s.docs
		}
		idx = make([]int, len(s.Texts))
		for i := range idx {
			idx[i] = i
		}
		return idx
	}
	if s.docs == nil {
		return idx
	}
	out := make([]int, len(idx))
	for j, i := range idx {
		out[j] = s.docs[i]
	}
	return out
}

// cut returns an empty set of the documents idx of s that shares s's
// n-grams: the caller fills in its texts and labels.
func (s *TrainingSet) cut(idx []int) *TrainingSet {
	out := &TrainingSet{Texts: make([]string, len(idx)), Structures: s.Structures}
	for j, i := range idx {
		out.Texts[j] = s.Texts[i]
	}
	if s.shared != nil {
		out.shared, out.docs = s.shared, s.docsOf(idx)
	}
	return out
}

// vectorize fits a vectorizer under c on the texts of s and returns it
// with their vectors, from the shared n-grams when s has them.
func vectorize(c features.Config, s *TrainingSet) (*features.Vectorizer, []features.Vector, error) {
	if s.shared != nil {
		g, err := s.shared.of(c)
		if err != nil {
			return nil, nil, err
		}
		docs := s.docsOf(nil)
		vec, err := g.Fit(c, docs)
		if err != nil {
			return nil, nil, err
		}
		return vec, g.Vectors(vec, docs), nil
	}
	vec, err := features.Fit(c, s.Texts)
	if err != nil {
		return nil, nil, err
	}
	e := vec.NewExtractor()
	X := make([]features.Vector, len(s.Texts))
	for i, t := range s.Texts {
		X[i] = e.Vector(t)
	}
	return vec, X, nil
}
