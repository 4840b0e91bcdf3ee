package label

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/stance-nlp/stance/classifier"
)

// Measured consequences of a shift, quoted by the warning. docs/shift.md,
// "The shift check", says where each comes from.
const (
	// shippedOffPageAccuracy is the shipped seed model's stance accuracy
	// on comments from other pages.
	shippedOffPageAccuracy = "6.5%"
	// seedsPlus100Accuracy is the stance accuracy reached on a new comment
	// set by a model trained on the seed comments plus 100 labelled
	// comments of that set.
	seedsPlus100Accuracy = "33%"
)

// ShiftLine is the line of the label summary (and of eval's and
// explain's warnings) that gives the shift check's figures: the input's
// unknown-word share, share of unfamiliar rows, per column the distance
// of its label shares from the held-out ones and its mean confidence,
// each beside the model's held-out figure, and the verdict.
func ShiftLine(s *classifier.Shift) string {
	if !s.Profiled {
		return "shift check: not run: the model file has no profile of its training data (a format 2 or 3 file, or a model trained with -folds 0)"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "shift check: %s of %d words unknown (held out in training: %s), %s of rows unfamiliar (%s)",
		pct(s.Unknown), s.Words, pct(s.CVUnknown), pct(s.FewKnown), pct(s.CVFewKnown))
	for _, c := range s.Columns {
		fmt.Fprintf(&b, ", %s label distance %.2f", c.Name, c.Distance)
	}
	for _, c := range s.Columns {
		fmt.Fprintf(&b, ", %s confidence %.2f (%.2f)", c.Name, c.Confidence, c.CVConfidence)
	}
	if !s.Warn() {
		b.WriteString(": like the training data")
		var skipped []string
		if s.Words < classifier.MinShiftWords {
			skipped = append(skipped, fmt.Sprintf("words not compared on under %d", classifier.MinShiftWords))
		}
		if s.Rows < classifier.MinShiftRows {
			skipped = append(skipped, fmt.Sprintf("rows and labels not compared on under %d rows", classifier.MinShiftRows))
		}
		if len(skipped) > 0 {
			fmt.Fprintf(&b, " (%s)", strings.Join(skipped, "; "))
		}
		return b.String()
	}
	fmt.Fprintf(&b, ": UNLIKE the training data (%s)", strings.Join(reasons(s), ", "))
	return b.String()
}

// reasons names the figures of s beyond their thresholds.
func reasons(s *classifier.Shift) []string {
	var out []string
	if s.UnknownHigh {
		out = append(out, "unknown words")
	}
	if s.FewKnownHigh {
		out = append(out, "unfamiliar rows")
	}
	for _, c := range s.Columns {
		if c.Shifted {
			out = append(out, c.Name+" label shares")
		}
	}
	return out
}

// WriteShiftWarning writes the shift check's warning when s warns, and
// nothing otherwise: what differs between the input and the training data
// of b, what that means for accuracy, and what to do next, as commands on
// input (the input file as the user named it).
func WriteShiftWarning(w io.Writer, s *classifier.Shift, b *classifier.Bundle, input string) error {
	if !s.Warn() {
		return nil
	}
	if input == "" || input == "-" {
		input = "comments.csv"
	}
	train := fmt.Sprintf("%d training comments", b.Data.Rows)
	if b.Data.Source != "" {
		train += " of " + b.Data.Source
	}
	var m strings.Builder
	fmt.Fprintf(&m, "warning: this input is unlike the model's training data (%s):\n", train)
	if s.UnknownHigh {
		fmt.Fprintf(&m, "  - %s of its words are unknown to the model, against %s of held-out training comments' words\n", pct(s.Unknown), pct(s.CVUnknown))
	}
	if s.FewKnownHigh {
		fmt.Fprintf(&m, "  - %d rows (%s) are unfamiliar: the model knows under half their words, against %s held out\n",
			s.Unfamiliar, pct(s.FewKnown), pct(s.CVFewKnown))
	}
	for _, c := range s.Columns {
		if !c.Shifted {
			continue
		}
		fmt.Fprintf(&m, "  - %s: the predicted label shares lie %.2f from those on held-out training comments (total variation)", c.Name, c.Distance)
		over, under := c.Over()
		var parts []string
		for _, l := range over {
			parts = append(parts, labelShare(&c, l, "over"))
		}
		for _, l := range under {
			parts = append(parts, labelShare(&c, l, "under"))
		}
		if len(parts) > 0 {
			fmt.Fprintf(&m, ": %s", strings.Join(parts, "; "))
		}
		m.WriteString("\n")
	}
	for _, c := range s.Columns {
		fmt.Fprintf(&m, "  - mean %s confidence %.2f, against %.2f held out", c.Name, c.Confidence, c.CVConfidence)
		if c.Confidence >= c.CVConfidence-0.05 {
			m.WriteString(": confidence does not fall on unfamiliar text, so do not read it as accuracy here")
		}
		m.WriteString("\n")
	}
	fmt.Fprintf(&m, "What it means: expect accuracy far below the model's cross-validated scores. The shipped model, trained on one thread, labelled the stance of comments from other pages right %s of the time.\n", shippedOffPageAccuracy)
	store := strings.TrimSuffix(input, filepath.Ext(input)) + "-annotations"
	old := b.Data.Source // the model's training file, by its base name
	if old == "" {
		old = "old.csv"
	}
	fmt.Fprintf(&m, "Next: label a sample of this input and adapt the model to it (docs/adapting.md, \"Labelling a new comment set\"):\n")
	fmt.Fprintf(&m, "  stance annotate -data %s -store %s -base-data %s\n", input, store, old)
	fmt.Fprintf(&m, "  stance annotate export -data %s -store %s -o labelled.csv\n", input, store)
	fmt.Fprintf(&m, "  stance ingest -o old-and-new.csv %s labelled.csv\n", old)
	fmt.Fprintf(&m, "  stance train -domain-col source -o adapted.model old-and-new.csv\n")
	fmt.Fprintf(&m, "How many: the seed model plus 100 labels of a new comment set reached %s stance accuracy; on the seed thread, stance macro-F1 rises from 0.215 with 65 labels to 0.279 with 162 (cross-validated learning curve, docs/shift.md).\n", seedsPlus100Accuracy)
	_, err := io.WriteString(w, m.String())
	return err
}

// labelShare says how far label l of c is over- or under-predicted.
func labelShare(c *classifier.ColumnShift, l, way string) string {
	for k, x := range c.Labels {
		if x == l {
			return fmt.Sprintf("%s %s-predicted (%s of rows, %s held out, %s of training comments)", l, way, pct(c.Shares[k]), pct(c.Predicted[k]), pct(c.Prior[k]))
		}
	}
	return l
}

// pct formats a share as a percentage with one decimal.
func pct(x float64) string { return fmt.Sprintf("%.1f%%", 100*x) }
