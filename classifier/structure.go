package classifier

import (
	"fmt"
	"slices"
	"strings"

	"github.com/stance-nlp/stance/data"
)

// The label structures a Recipe may ask for (Recipe.Structure).
const (
	// StructureFlat trains one model over a column's labels, as they are.
	StructureFlat = "flat"
	// StructureTargetPolarity trains, for each column whose labels are a
	// target and a polarity ("pro-defection": target defection, polarity
	// pro; "neutral": no target), one model of the target and one of the
	// polarity (see Structured).
	StructureTargetPolarity = "target-polarity"
)

// Structures lists the label structures, default first.
func Structures() []string { return []string{StructureFlat, StructureTargetPolarity} }

// The two polarities of a structured label, in the class order of the
// polarity model (sorted).
const (
	PolarityAnti = "anti"
	PolarityPro  = "pro"
)

// LabelPart is what one label of a structured column says: its target and
// polarity, or, for the label of no target (the codebook's "neutral"),
// both empty.
type LabelPart struct {
	Target   string `json:"target,omitempty"`
	Polarity string `json:"polarity,omitempty"`
}

// None reports whether the label has no target.
func (p LabelPart) None() bool { return p.Target == "" }

// Decomposition declares the structure of a label column's labels: the
// part of each label, and the targets in order of precedence, the first
// being the one an annotator takes when several apply (the codebook's
// "take the first that applies"). It comes from a schema file (see
// ParseSchemaStructures) or, for labels spelled as the codebook spells
// them, from the labels themselves (ConventionalDecomposition).
type Decomposition struct {
	Targets []string             // in order of precedence
	Parts   map[string]LabelPart // by label
}

// Structure is the decomposition of a trained structured column, as its
// model file records it (Column.Structure): the part of each of its
// labels, in Column.Labels order, and its targets in order of precedence.
type Structure struct {
	Targets []string    `json:"targets"`
	Parts   []LabelPart `json:"parts"`
}

// ConventionalDecomposition decomposes labels spelled as the codebook
// spells stance: "pro-X" and "anti-X" are target X with polarity pro and
// anti, and "neutral" (or "none") has no target. It reports false when any
// label is spelled otherwise, or when there is not at least one target.
// The targets' precedence is their order in the codebook's stance table
// (data/CODEBOOK.md: defection, intervention, assad), which is the order
// of its "if more than one fits" rules; targets the codebook does not know
// follow, sorted.
func ConventionalDecomposition(labels []string) (Decomposition, bool) {
	d := Decomposition{Parts: map[string]LabelPart{}}
	nones := 0
	for _, l := range labels {
		p, ok := conventionalPart(l)
		if !ok {
			return Decomposition{}, false
		}
		if p.None() {
			nones++
		}
		d.Parts[l] = p
	}
	if nones > 1 {
		return Decomposition{}, false
	}
	var known []string // the codebook's targets, in the order of its stance table
	for _, c := range data.CodebookColumns() {
		for _, l := range c.Labels {
			if p, ok := conventionalPart(l); ok && !p.None() && !slices.Contains(known, p.Target) {
				known = append(known, p.Target)
			}
		}
	}
	var rest []string
	for _, p := range d.Parts {
		switch {
		case p.None():
		case slices.Contains(known, p.Target):
		case !slices.Contains(rest, p.Target):
			rest = append(rest, p.Target)
		}
	}
	slices.Sort(rest)
	for _, t := range known {
		if slices.ContainsFunc(labels, func(l string) bool { return d.Parts[l].Target == t }) {
			d.Targets = append(d.Targets, t)
		}
	}
	d.Targets = append(d.Targets, rest...)
	if len(d.Targets) == 0 {
		return Decomposition{}, false
	}
	return d, true
}

// conventionalPart is the part of one label under the codebook's
// convention (see ConventionalDecomposition).
func conventionalPart(l string) (LabelPart, bool) {
	if l == "neutral" || l == "none" {
		return LabelPart{}, true
	}
	for _, pol := range []string{PolarityPro, PolarityAnti} {
		if t, ok := strings.CutPrefix(l, pol+"-"); ok && t != "" {
			return LabelPart{Target: t, Polarity: pol}, true
		}
	}
	return LabelPart{}, false
}

// structure returns the Structure of a column whose labels (sorted, as
// Column.Labels) are decomposed by d, with d's targets that the labels use,
// or an error naming a label d leaves out.
func (d Decomposition) structure(labels []string) (*Structure, error) {
	st := &Structure{Parts: make([]LabelPart, len(labels))}
	for k, l := range labels {
		p, ok := d.Parts[l]
		if !ok {
			return nil, fmt.Errorf("label %q has no target and polarity declared", l)
		}
		st.Parts[k] = p
	}
	for _, t := range d.Targets {
		if slices.ContainsFunc(st.Parts, func(p LabelPart) bool { return p.Target == t }) {
			st.Targets = append(st.Targets, t)
		}
	}
	return st, st.check(labels)
}

// check reports whether the structure fits the column's labels: a part per
// label, each target and polarity pair once, at most one label of no
// target, polarities pro or anti, and every target among Targets, once.
//
// It takes time linear in the labels and targets: a model file may hold
// any number of them, and 100,000 targets checked pairwise took 41 s.
func (st *Structure) check(labels []string) error {
	if len(st.Parts) != len(labels) {
		return fmt.Errorf("%d label parts for %d labels", len(st.Parts), len(labels))
	}
	used := make(map[string]bool, len(st.Targets)) // target: used by a label
	for _, t := range st.Targets {
		if _, dup := used[t]; t == "" || dup {
			return fmt.Errorf("targets %.200q: each must be named, and once", st.Targets)
		}
		used[t] = false
	}
	seen := map[LabelPart]string{}
	for k, p := range st.Parts {
		switch {
		case p.None() && p.Polarity != "":
			return fmt.Errorf("label %q has polarity %q but no target", labels[k], p.Polarity)
		case !p.None() && p.Polarity != PolarityPro && p.Polarity != PolarityAnti:
			return fmt.Errorf("label %q has polarity %q; want %s or %s", labels[k], p.Polarity, PolarityPro, PolarityAnti)
		case !p.None():
			if _, ok := used[p.Target]; !ok {
				return fmt.Errorf("label %q has target %q, which is not among the targets %.200q", labels[k], p.Target, st.Targets)
			}
			used[p.Target] = true
		}
		if prev, dup := seen[p]; dup {
			what := "no target"
			if !p.None() {
				what = p.Polarity + " " + p.Target
			}
			return fmt.Errorf("labels %q and %q both mean %s", prev, labels[k], what)
		}
		seen[p] = labels[k]
	}
	// Training lists only the targets its labels have (Decomposition.structure).
	for _, t := range st.Targets {
		if !used[t] {
			return fmt.Errorf("target %q is no label's", t)
		}
	}
	return nil
}

// targetClasses returns the classes of the target model: "" (no target)
// first when a label has none, then the targets, sorted.
func (st *Structure) targetClasses() []string {
	set := make([]string, len(st.Parts))
	for k, p := range st.Parts {
		set[k] = p.Target
	}
	return LabelSet(set)
}

// polarityClasses returns the polarities the labels hold, sorted: both
// ([anti pro]) for a structure with a polarity model.
func (st *Structure) polarityClasses() []string {
	var set []string
	for _, p := range st.Parts {
		if !p.None() {
			set = append(set, p.Polarity)
		}
	}
	return LabelSet(set)
}

// fittable reports whether both parts of a structured model can be fitted
// on labels of this structure: at least two target classes (targets, and
// no target) and both polarities.
func (st *Structure) fittable() bool {
	return len(st.targetClasses()) >= 2 && len(st.polarityClasses()) == 2
}

// structureOf returns the structure that column c of s has under r: nil
// when r asks for none (or for StructureFlat), or when the column's labels
// neither are declared in s.Structures nor follow the codebook's
// convention. A column s.Structures declares must fit its declaration.
func (s *TrainingSet) structureOf(r Recipe, c int) (*Structure, error) {
	if r.Structure != StructureTargetPolarity {
		return nil, nil
	}
	labels := LabelSet(s.Labels[c])
	if d, ok := s.Structures[s.Columns[c]]; ok {
		st, err := d.structure(labels)
		if err != nil {
			return nil, fmt.Errorf("column %s: %w", s.Columns[c], err)
		}
		return st, nil
	}
	d, ok := ConventionalDecomposition(labels)
	if !ok {
		return nil, nil
	}
	return d.structure(labels)
}

// checkStructured returns an error when r asks for structured columns and
// no column of s has a structure, or a column's declared structure does
// not fit its labels: a recipe that would quietly train flat is a mistake.
func (s *TrainingSet) checkStructured(r Recipe) error {
	if r.Structure != StructureTargetPolarity {
		return nil
	}
	for c := range s.Columns {
		st, err := s.structureOf(r, c)
		if err != nil {
			return fmt.Errorf("classifier: %w", err)
		}
		if st != nil {
			return nil
		}
	}
	return fmt.Errorf("classifier: structure %s: no label column of %q has labels pro-TARGET, anti-TARGET and neutral (or none), or a structure declared in a schema", r.Structure, s.Columns)
}
