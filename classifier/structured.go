package classifier

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"

	"github.com/stance-nlp/stance/features"

	"gonum.org/v1/gonum/floats"
)

// Structured is the model of a structured label column (Recipe.Structure
// StructureTargetPolarity, Column.Structure): two models of the recipe's
// kind on the column's features. Target decides the target, or none, and
// is fitted on every document; Polarity decides pro or anti and is fitted
// on the documents whose label has a target, whatever the target, so that
// the evidence of a polarity ("must", "stay out", "disaster") is learnt
// from all of them together rather than once per target.
//
// The probability of label l = (t, p) of document x is
//
//	P(l | x) = P_T(t | x) · P_P(p | x) / Σ_{p' ∈ pol(t)} P_P(p' | x)
//
// where pol(t) are the polarities the column has labels of for target t
// (both, in a column with pro-t and anti-t, when the sum is 1). The label
// of no target gets P_T(none | x). Summed over the labels of target t this
// is P_T(t | x), so the labels' probabilities sum to 1.
//
// Precedence. When several targets apply, the codebook's rule ("take the
// first that applies": defection, then intervention, then assad) decides
// the gold label, so the target model is fitted on the target that
// precedence chose and P_T(t | x) estimates "t is the first target that
// applies". Precedence enters the model through its training labels, not
// as a feature; at prediction it breaks exact ties between labels, the
// label of the earlier target (Structure.Targets) winning, the label of no
// target losing to any target (see Predictor.Predict).
type Structured struct {
	Target   Model // over the target classes: "" (none) first when a label has none, then the targets, sorted
	Polarity Model // over the polarities: anti, pro

	st     *Structure
	target []int // target[k]: the target model's class of label k
	pol    []int // pol[k]: the polarity model's class of label k, -1 for no target
	rank   []int // rank[k]: the precedence of label k's target; no target last

	jointOnce sync.Once
	joint     *Linear
}

// newModel returns an unfitted model of column c: the recipe's kind, or a
// Structured one of two when c has a structure.
func newModel(r Recipe, st *Structure) (Model, error) {
	if st == nil {
		return r.New()
	}
	t, err := r.New()
	if err != nil {
		return nil, err
	}
	p, err := r.New()
	if err != nil {
		return nil, err
	}
	m := &Structured{Target: t, Polarity: p, st: st}
	tc, pc := st.targetClasses(), st.polarityClasses()
	for _, part := range st.Parts {
		k, _ := slices.BinarySearch(tc, part.Target)
		m.target = append(m.target, k)
		if part.None() {
			m.pol = append(m.pol, -1)
			m.rank = append(m.rank, len(st.Targets))
			continue
		}
		k, _ = slices.BinarySearch(pc, part.Polarity)
		m.pol = append(m.pol, k)
		m.rank = append(m.rank, slices.Index(st.Targets, part.Target))
	}
	return m, nil
}

// setSlots shares slots among the binary problems of m's logistic
// regressions (see LogReg).
func setSlots(m Model, slots chan struct{}) {
	switch m := m.(type) {
	case *LogReg:
		m.slots = slots
	case *Structured:
		setSlots(m.Target, slots)
		setSlots(m.Polarity, slots)
	}
}

// Fit fits the target model on every document and the polarity model on
// those whose label has a target. y indexes the labels of the structure
// the model was made with, so nClasses must be their number.
func (m *Structured) Fit(X []features.Vector, y []int, nFeatures, nClasses int) error {
	if err := checkFit(X, y, nFeatures, nClasses); err != nil {
		return err
	}
	if nClasses != len(m.st.Parts) {
		return fmt.Errorf("classifier: %d classes for a structure of %d labels", nClasses, len(m.st.Parts))
	}
	yt := make([]int, len(y))
	var Xp []features.Vector
	var yp []int
	for i, k := range y {
		yt[i] = m.target[k]
		if m.pol[k] >= 0 {
			Xp = append(Xp, X[i])
			yp = append(yp, m.pol[k])
		}
	}
	if err := m.Target.Fit(X, yt, nFeatures, len(m.st.targetClasses())); err != nil {
		return fmt.Errorf("target model: %w", err)
	}
	if err := m.Polarity.Fit(Xp, yp, nFeatures, len(m.st.polarityClasses())); err != nil {
		return fmt.Errorf("polarity model: %w", err)
	}
	return nil
}

// Probs writes the labels' probabilities of x (see Structured) into dst.
func (m *Structured) Probs(x features.Vector, dst []float64) []float64 {
	pt := m.Target.Probs(x, nil)
	pp := m.Polarity.Probs(x, nil)
	dst = slices.Grow(dst[:0], len(m.st.Parts))[:len(m.st.Parts)]
	m.combine(pt, pp, dst)
	return dst
}

// combine writes the labels' probabilities into dst, from the target
// model's pt and the polarity model's pp.
func (m *Structured) combine(pt, pp, dst []float64) {
	for k := range dst {
		t := pt[m.target[k]]
		if m.pol[k] < 0 {
			dst[k] = t
			continue
		}
		// The polarities target t has labels of: both, unless the
		// column lacks one of its labels.
		var z float64
		for j := range dst {
			if m.target[j] == m.target[k] && m.pol[j] >= 0 {
				z += pp[m.pol[j]]
			}
		}
		if z > 0 {
			dst[k] = t * pp[m.pol[k]] / z
		} else {
			// Both polarity probabilities underflowed: split t evenly.
			dst[k] = t / float64(len(m.st.polarityClasses()))
		}
	}
}

// argmax returns the label of highest probability in probs, ties going to
// the label of the earlier target by precedence, then to the first in
// label order.
func (m *Structured) argmax(probs []float64) int {
	best := 0
	for k := 1; k < len(probs); k++ {
		if probs[k] > probs[best] || probs[k] == probs[best] && m.rank[k] < m.rank[best] {
			best = k
		}
	}
	return best
}

// structuredJSON is a Structured model in its model file: the two models'
// own Save output.
type structuredJSON struct {
	Target   json.RawMessage `json:"target"`
	Polarity json.RawMessage `json:"polarity"`
}

// Save writes m as JSON.
func (m *Structured) Save(w io.Writer) error {
	var t, p bytes.Buffer
	if err := m.Target.Save(&t); err != nil {
		return err
	}
	if err := m.Polarity.Save(&p); err != nil {
		return err
	}
	return json.NewEncoder(w).Encode(structuredJSON{Target: bytes.TrimSpace(t.Bytes()), Polarity: bytes.TrimSpace(p.Bytes())})
}

// Load reads a Structured model written by Save into m, made by newModel.
func (m *Structured) Load(r io.Reader) error {
	var j structuredJSON
	if err := json.NewDecoder(r).Decode(&j); err != nil {
		return err
	}
	if j.Target == nil || j.Polarity == nil {
		return errors.New("structured model: want a target and a polarity model")
	}
	if err := m.Target.Load(bytes.NewReader(j.Target)); err != nil {
		return fmt.Errorf("target model: %w", err)
	}
	if err := m.Polarity.Load(bytes.NewReader(j.Polarity)); err != nil {
		return fmt.Errorf("polarity model: %w", err)
	}
	return nil
}

// Joint returns the weights of each label as one linear model, for
// explaining predictions: label (t, p) gets the target model's row of t
// plus the polarity model's row of p, the label of no target the target
// model's row of none. With softmax parts these are exactly the terms'
// contributions to ln P(l | x), up to a normaliser that is the same for
// every label; with one-vs-rest parts they approximate them. Its
// probabilities are not the model's (use Probs); its link is Softmax.
func (m *Structured) Joint() *Linear {
	m.jointOnce.Do(func() {
		t, p := linearOf(m.Target), linearOf(m.Polarity)
		j := &Linear{Link: Softmax, W: make(Rows, len(m.st.Parts)), B: make([]float64, len(m.st.Parts))}
		for k := range m.st.Parts {
			j.W[k] = slices.Clone(t.W[m.target[k]])
			j.B[k] = t.B[m.target[k]]
			if m.pol[k] >= 0 {
				floats.Add(j.W[k], p.W[m.pol[k]])
				j.B[k] += p.B[m.pol[k]]
			}
		}
		m.joint = j
	})
	return m.joint
}

// partsOf returns the linear models whose scores make m's probabilities:
// m's own for a flat model, the target model's and the polarity model's
// for a Structured one.
func partsOf(m Model) []*Linear {
	if s, ok := m.(*Structured); ok {
		return []*Linear{linearOf(s.Target), linearOf(s.Polarity)}
	}
	return []*Linear{linearOf(m)}
}

// firstParts returns, for each of cols, the index of its first part among
// the parts of all of them in order (partsOf), and after the last column
// their number.
func firstParts(cols []Column) []int {
	first := []int{0}
	for i := range cols {
		first = append(first, first[i]+len(partsOf(cols[i].model)))
	}
	return first
}

// columnProbs writes into dst (grown if short) the probabilities of column
// c from the scores t gave for every part, c's starting at part a, and
// returns dst with the index of the label to predict. It links the
// scores of c's parts in place.
func columnProbs(c *Column, t *byTerm, a int, scores, dst []float64) ([]float64, int) {
	s, ok := c.model.(*Structured)
	if !ok {
		dst = append(dst[:0], scores[t.off[a]:t.off[a+1]]...)
		t.ms[a].link(dst)
		return dst, floats.MaxIdx(dst)
	}
	pt, pp := scores[t.off[a]:t.off[a+1]], scores[t.off[a+1]:t.off[a+2]]
	t.ms[a].link(pt)
	t.ms[a+1].link(pp)
	dst = slices.Grow(dst[:0], len(c.Labels))[:len(c.Labels)]
	s.combine(pt, pp, dst)
	return dst, s.argmax(dst)
}

// checkModel checks a model read from a file against the vectorizer's
// nFeatures and the column's labels.
func checkModel(m Model, nFeatures int, labels []string) error {
	for _, lin := range partsOf(m) {
		if err := lin.check(nFeatures); err != nil {
			return err
		}
	}
	s, ok := m.(*Structured)
	if !ok {
		if n := linearOf(m).Classes(); len(labels) != n {
			return fmt.Errorf("%d labels for %d classes", len(labels), n)
		}
		return nil
	}
	if err := s.st.check(labels); err != nil {
		return fmt.Errorf("structure: %w", err)
	}
	if !s.st.fittable() {
		return errors.New("structure: want at least two target classes and both polarities")
	}
	if n, want := linearOf(s.Target).Classes(), len(s.st.targetClasses()); n != want {
		return fmt.Errorf("target model has %d classes for %d targets", n, want)
	}
	if n := linearOf(s.Polarity).Classes(); n != 2 {
		return fmt.Errorf("polarity model has %d classes for 2 polarities", n)
	}
	return nil
}
