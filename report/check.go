package report

import (
	"errors"
	"fmt"

	"github.com/stance-nlp/stance/evaluate/result"
)

// check reports whether r is a Report the renderers can draw: its Kind is
// known, exactly the matching one of Columns, Agreement, Summary and
// Explain is set, and every per-label slice and matrix has one entry per
// label. The renderers index by label, so a report that breaks this would
// otherwise panic or show numbers under the wrong label.
func check(r *Report) error {
	if r == nil {
		return errors.New("report: nil Report")
	}
	set := 0
	if len(r.Columns) > 0 {
		set++
	}
	if len(r.Agreement) > 0 {
		set++
	}
	if r.Summary != nil {
		set++
	}
	if len(r.Explain) > 0 {
		set++
	}
	var ok bool
	switch r.Kind {
	case "eval", "cv":
		ok = len(r.Columns) > 0
	case "agree":
		ok = len(r.Agreement) > 0
	case "summarize":
		ok = r.Summary != nil
	case "explain":
		ok = len(r.Explain) > 0
	default:
		return fmt.Errorf("report: unknown kind %q", r.Kind)
	}
	if !ok || set != 1 {
		return fmt.Errorf("report: a %q report needs exactly its own part set (columns for eval and cv, agreement, summary or explain)", r.Kind)
	}
	for _, c := range r.Columns {
		if err := checkColumn(&c); err != nil {
			return fmt.Errorf("report: column %q: %w", c.Name, err)
		}
	}
	for _, a := range r.Agreement {
		if err := checkAgreement(&a); err != nil {
			return fmt.Errorf("report: column %q: %w", a.Column, err)
		}
	}
	if r.Summary != nil {
		for _, s := range r.Summary.Columns {
			if err := checkSummary(&s); err != nil {
				return fmt.Errorf("report: column %q: %w", s.Column, err)
			}
		}
	}
	for _, e := range r.Explain {
		if len(e.Top) != len(e.Labels) {
			return fmt.Errorf("report: column %q: %d lists of top features for %d labels", e.Column, len(e.Top), len(e.Labels))
		}
	}
	return nil
}

func checkColumn(c *result.Column) error {
	k := len(c.Labels)
	if k == 0 {
		return errors.New("no labels")
	}
	if len(c.PerClass) != k {
		return fmt.Errorf("%d per-class rows for %d labels", len(c.PerClass), k)
	}
	if err := square("confusion matrix", len(c.Confusion), k, func(i int) int { return len(c.Confusion[i]) }); err != nil {
		return err
	}
	return square("row-normalised confusion matrix", len(c.ConfusionNorm), k, func(i int) int { return len(c.ConfusionNorm[i]) })
}

// square checks that a matrix with rows rows, row i of length n(i), is
// k × k.
func square(what string, rows, k int, n func(int) int) error {
	if rows != k {
		return fmt.Errorf("%s has %d rows for %d labels", what, rows, k)
	}
	for i := range rows {
		if n(i) != k {
			return fmt.Errorf("%s: row %d has %d entries for %d labels", what, i, n(i), k)
		}
	}
	return nil
}

func checkAgreement(a *result.Agreement) error {
	if len(a.Annotators) == 0 {
		return errors.New("no annotators")
	}
	if len(a.Counts) != len(a.Annotators) {
		return fmt.Errorf("label counts of %d annotators for %d annotators", len(a.Counts), len(a.Annotators))
	}
	for i, c := range a.Counts {
		if len(c) != len(a.Labels) {
			return fmt.Errorf("annotator %q: %d label counts for %d labels", a.Annotators[i], len(c), len(a.Labels))
		}
	}
	for _, d := range a.Disagreements {
		if len(d.Labels) != len(a.Annotators) {
			return fmt.Errorf("disagreement %q: %d labels for %d annotators", d.ID, len(d.Labels), len(a.Annotators))
		}
	}
	return nil
}

func checkSummary(s *result.SummaryColumn) error {
	for _, g := range append([]result.Group{s.Total}, s.Groups...) {
		if len(g.Counts) != len(s.Labels) || len(g.Shares) != len(s.Labels) {
			return fmt.Errorf("group %q: %d counts and %d shares for %d labels", g.Name, len(g.Counts), len(g.Shares), len(s.Labels))
		}
	}
	return nil
}
