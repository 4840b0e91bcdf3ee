package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// result is everything a simulation reports.
type result struct {
	settings settings
	seeds    int
	pool     int     // sentences in the pool (SST-2 train)
	test     int     // sentences scored (SST-2 test)
	full     float64 // test accuracy of the model trained on the whole pool
	curves   []curve // one per strategy
}

// checkpoints returns the label counts at which the summary reports
// accuracy.
func checkpoints() []int { return []int{200, 500, 1000, 2000} }

// shares are the fractions of the full-data accuracy that the summary asks
// each strategy to reach: 95%, the headline, and 90%, which stays within
// reach of shorter runs.
func shares() []float64 { return []float64{0.95, 0.90} }

// reached describes how many labels c needs to reach share × the
// full-data accuracy.
func (r *result) reached(c curve, share float64) string {
	if n, ok := c.labelsToReach(share * r.full); ok {
		return strconv.Itoa(n)
	}
	return fmt.Sprintf("not reached within %d", c.last())
}

// at describes c's mean accuracy (± sd over seeds) at n labels, or "-"
// when the run did not get that far. Between two scored sizes the mean is
// interpolated and marked "≈", without an sd.
func (r *result) at(c curve, n int) string {
	v, ok := c.accuracyAt(n)
	if !ok {
		return "-"
	}
	for _, q := range c.points {
		switch {
		case q.labels == n && r.seeds > 1:
			return fmt.Sprintf("%.1f%% ± %.1f", 100*v, 100*q.sd)
		case q.labels == n:
			return fmt.Sprintf("%.1f%%", 100*v)
		}
	}
	return fmt.Sprintf("≈%.1f%%", 100*v)
}

// ratio compares the labels the second curve (random) and the first
// (uncertainty) need to reach share × the full-data accuracy, as a
// sentence. A curve that never gets there counts as needing more than its
// last label count.
func (r *result) ratio(share float64) string {
	if len(r.curves) < 2 {
		return ""
	}
	a, b := r.curves[0], r.curves[1]
	head := fmt.Sprintf("Labels to reach %.0f%% of full-data accuracy, %s / %s:", 100*share, b.strategy, a.strategy)
	na, okA := a.labelsToReach(share * r.full)
	nb, okB := b.labelsToReach(share * r.full)
	switch {
	case okA && okB:
		return fmt.Sprintf("%s %d / %d = %.2f", head, nb, na, float64(nb)/float64(na))
	case okA:
		return fmt.Sprintf("%s > %d / %d = > %.2f", head, b.last(), na, float64(b.last())/float64(na))
	case okB:
		return fmt.Sprintf("%s %d / > %d = < %.2f", head, nb, a.last(), float64(nb)/float64(a.last()))
	}
	return fmt.Sprintf("%s neither reaches it within %d labels", head, max(a.last(), b.last()))
}

// writeSummary prints the headline numbers.
func writeSummary(w io.Writer, r *result) error {
	var b strings.Builder
	fmt.Fprintf(&b, "SST-2 active-learning simulation: pool %d train sentences, scored on %d test sentences\n", r.pool, r.test)
	fmt.Fprintf(&b, "seed set %d, batch %d, up to %d labels, seeds 1..%d (mean ± sd over seeds)\n",
		r.settings.seedLabels, r.settings.batch, r.settings.max, r.seeds)
	fmt.Fprintf(&b, "full-data accuracy (%d labels): %.2f%%; 95%% of it: %.2f%%; 90%%: %.2f%%\n\n", r.pool, 100*r.full, 95*r.full, 90*r.full)
	head := []string{"strategy"}
	for _, f := range shares() {
		head = append(head, fmt.Sprintf("labels to %.0f%% of full", 100*f))
	}
	for _, n := range checkpoints() {
		head = append(head, fmt.Sprintf("@%d", n))
	}
	rows := [][]string{head}
	for _, c := range r.curves {
		row := []string{string(c.strategy)}
		for _, f := range shares() {
			row = append(row, r.reached(c, f))
		}
		for _, n := range checkpoints() {
			row = append(row, r.at(c, n))
		}
		rows = append(rows, row)
	}
	writeAligned(&b, rows)
	b.WriteString("\n")
	for _, f := range shares() {
		if s := r.ratio(f); s != "" {
			fmt.Fprintf(&b, "%s\n", s)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeAligned writes rows as left-aligned columns two spaces apart.
func writeAligned(b *strings.Builder, rows [][]string) {
	var width []int
	for _, row := range rows {
		for i, cell := range row {
			if i == len(width) {
				width = append(width, 0)
			}
			width[i] = max(width[i], utf8.RuneCountInString(cell))
		}
	}
	for _, row := range rows {
		var line strings.Builder
		for i, cell := range row {
			line.WriteString(cell + strings.Repeat(" ", width[i]-utf8.RuneCountInString(cell)+2))
		}
		b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
	}
}

// writeCSV writes the curves in long form, one row per strategy and label
// count, then a row "full-data" for the model trained on the whole pool.
func writeCSV(w io.Writer, r *result) error {
	cw := csv.NewWriter(w)
	head := []string{"strategy", "labels", "seeds", "mean_accuracy", "sd", "min", "max"}
	for s := 1; s <= r.seeds; s++ {
		head = append(head, fmt.Sprintf("seed_%d", s))
	}
	cw.Write(head)
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', 4, 64) }
	for _, c := range r.curves {
		for _, q := range c.points {
			row := []string{string(c.strategy), strconv.Itoa(q.labels), strconv.Itoa(len(q.runs)), f(q.mean), f(q.sd), f(q.min), f(q.max)}
			for _, v := range q.runs {
				row = append(row, f(v))
			}
			cw.Write(row)
		}
	}
	full := []string{"full-data", strconv.Itoa(r.pool), "1", f(r.full), f(0), f(r.full), f(r.full)}
	cw.Write(append(full, make([]string, r.seeds)...))
	cw.Flush()
	return cw.Error()
}

// writeMarkdown writes the summary and the whole curve as Markdown tables.
func writeMarkdown(w io.Writer, r *result) error {
	var b strings.Builder
	b.WriteString("# SST-2: uncertainty sampling against random sampling\n\n")
	fmt.Fprintf(&b, "Pool: %d SST-2 train sentences; scored on %d test sentences. ", r.pool, r.test)
	fmt.Fprintf(&b, "Seed set %d, batch %d, up to %d labels, seeds 1..%d.\n", r.settings.seedLabels, r.settings.batch, r.settings.max, r.seeds)
	fmt.Fprintf(&b, "Full-data accuracy (%d labels): **%.2f%%**; 95%% of it: %.2f%%; 90%%: %.2f%%.\n\n", r.pool, 100*r.full, 95*r.full, 90*r.full)
	b.WriteString("| strategy |")
	for _, f := range shares() {
		fmt.Fprintf(&b, " labels to %.0f%% of full |", 100*f)
	}
	for _, n := range checkpoints() {
		fmt.Fprintf(&b, " @%d |", n)
	}
	b.WriteString("\n|---|" + strings.Repeat("---|", len(shares())+len(checkpoints())) + "\n")
	for _, c := range r.curves {
		fmt.Fprintf(&b, "| %s |", c.strategy)
		for _, f := range shares() {
			fmt.Fprintf(&b, " %s |", r.reached(c, f))
		}
		for _, n := range checkpoints() {
			fmt.Fprintf(&b, " %s |", r.at(c, n))
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
	for _, f := range shares() {
		if s := r.ratio(f); s != "" {
			fmt.Fprintf(&b, "%s.\n\n", s)
		}
	}
	b.WriteString("## Test accuracy against labels (mean ± sd over seeds, min-max)\n\n| labels |")
	for _, c := range r.curves {
		fmt.Fprintf(&b, " %s |", c.strategy)
	}
	b.WriteString("\n|---:|" + strings.Repeat("---:|", len(r.curves)) + "\n")
	for i := range r.curves[0].points {
		fmt.Fprintf(&b, "| %d |", r.curves[0].points[i].labels)
		for _, c := range r.curves {
			q := c.points[i]
			fmt.Fprintf(&b, " %.2f%% ± %.2f (%.2f-%.2f) |", 100*q.mean, 100*q.sd, 100*q.min, 100*q.max)
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
