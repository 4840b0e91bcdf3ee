package report

import (
	"fmt"
	"image/color"
	"slices"
	"strconv"
	"strings"

	"github.com/stance-nlp/stance/evaluate/result"
)

// builder lays a Report out as a doc.
type builder struct {
	charts bool           // draw the figures (only the HTML page shows them)
	names  map[string]int // figure names taken, to keep chart files apart
	err    error          // the first error drawing a figure
}

// build lays r out as a doc; with charts it also draws the figures.
func build(r *Report, charts bool) (*doc, error) {
	if err := check(r); err != nil {
		return nil, err
	}
	b := &builder{charts: charts, names: map[string]int{}}
	d := &doc{title: r.Title}
	if d.title == "" {
		d.title = kindTitle(r.Kind)
	}
	d.blocks = append(d.blocks, heading(1, d.title, ""), fields(header(r)...))
	switch r.Kind {
	case "eval", "cv":
		for i := range r.Columns {
			d.blocks = append(d.blocks, b.column(&r.Columns[i], i)...)
		}
	case "agree":
		for i := range r.Agreement {
			d.blocks = append(d.blocks, b.agreement(&r.Agreement[i], i)...)
		}
	case "summarize":
		for i := range r.Summary.Columns {
			d.blocks = append(d.blocks, b.summary(&r.Summary.Columns[i], r.Summary.By, i)...)
		}
	case "explain":
		for i := range r.Explain {
			d.blocks = append(d.blocks, b.explain(&r.Explain[i], i)...)
		}
	}
	if b.err != nil {
		return nil, b.err
	}
	return d, nil
}

// kindTitle is the title of a report that has none.
func kindTitle(kind string) string {
	switch kind {
	case "eval":
		return "Evaluation"
	case "cv":
		return "Cross-validation"
	case "agree":
		return "Inter-annotator agreement"
	case "summarize":
		return "Label summary"
	case "explain":
		return "Explanation"
	}
	return kind
}

// header lists what the whole report is about.
func header(r *Report) []field {
	fs := []field{{"report", r.Kind}}
	if r.InSample != "" {
		fs = append(fs, field{"warning", r.InSample})
	}
	if m := r.Model; m != nil {
		fs = append(fs, field{"model", m.Source})
		if m.Kind != "" {
			fs = append(fs, field{"model kind", m.Kind})
		}
		if m.Recipe != "" {
			fs = append(fs, field{"recipe", m.Recipe})
		}
		if m.Features > 0 {
			fs = append(fs, field{"features", strconv.Itoa(m.Features)})
		}
		if m.TrainRows > 0 {
			fs = append(fs, field{"training rows", strconv.Itoa(m.TrainRows)})
		}
	}
	if r.Data != "" {
		fs = append(fs, field{"data", r.Data})
	}
	if s := r.Summary; s != nil {
		fs = append(fs, field{"rows", strconv.Itoa(s.Rows)})
		if s.By != "" {
			fs = append(fs, field{"grouped by", s.By})
		}
	}
	return fs
}

// columnHeading opens the part of a report on column i.
func columnHeading(name string, i int) block {
	return heading(2, "Column: "+name, fmt.Sprintf("column-%d", i+1))
}

// figure draws one chart when the builder draws charts. name must be
// unique within the column; it is made unique within the report.
func (b *builder) figure(name, caption string, draw func() ([]byte, error)) block {
	if !b.charts {
		return block{kind: figureBlock}
	}
	name = b.unique(name)
	svg, err := drawSafely(draw)
	if err != nil && b.err == nil {
		b.err = fmt.Errorf("report: drawing %s: %w", name, err)
	}
	return block{kind: figureBlock, fig: &figure{name: name, caption: caption, svg: svg}}
}

// unique returns name, or name with a number appended when an earlier
// figure took it (two columns whose names differ only in punctuation).
func (b *builder) unique(name string) string {
	b.names[name]++
	if n := b.names[name]; n > 1 {
		name = fmt.Sprintf("%s-%d", name, n)
		b.names[name]++
	}
	return name
}

// drawSafely calls draw, turning a panic of the plotting library (which
// panics on some invalid input rather than returning an error) into an
// error, so that a bad report fails the command instead of crashing it.
func drawSafely(draw func() ([]byte, error)) (svg []byte, err error) {
	defer func() {
		if e := recover(); e != nil {
			svg, err = nil, fmt.Errorf("%v", e)
		}
	}()
	return draw()
}

// column lays out the evaluation of one column (eval, cv).
func (b *builder) column(c *result.Column, i int) []block {
	slug := slugOr(c.Name, fmt.Sprintf("column-%d", i+1))
	boot := "none (no intervals)"
	if c.Bootstrap > 0 {
		boot = fmt.Sprintf("%d resamples (95%% intervals)", c.Bootstrap)
	}
	fs := []field{
		{"documents", strconv.Itoa(c.N)},
		{"seed", strconv.FormatUint(c.Seed, 10)},
		{"bootstrap", boot},
	}
	if c.Folds > 0 {
		fs = append(fs, field{"folds × repeats", fmt.Sprintf("%d × %d", c.Folds, max(c.Repeats, 1))})
	}
	calibrated := len(c.ReliabilityUncalibrated) > 0
	if calibrated {
		fs = append(fs, field{"calibration", calibrationText(c)})
	}
	bs := []block{columnHeading(c.Name, i), fields(fs...)}
	for _, s := range columnCaveats(c.N, c.ECE != nil, c.Brier != nil) {
		bs = append(bs, note(s))
	}

	scores := &table{
		head: []string{"metric", "model", "majority baseline (" + showLabel(c.Baseline.Label) + ")"},
		num:  []bool{false, true, true},
		rows: [][]cell{
			{txt("accuracy"), txt(interval(c.Accuracy)), txt(num3(c.Baseline.Accuracy))},
			{txt("macro-F1"), txt(interval(c.MacroF1)), txt(num3(c.Baseline.MacroF1))},
			{txt("micro-F1"), txt(num3(c.MicroF1)), txt("-")},
			{txt("weighted-F1"), txt(num3(c.WeightedF1)), txt("-")},
			{txt("Cohen's kappa"), txt(num3(c.Kappa)), txt("-")},
		},
	}
	if c.Brier != nil {
		scores.rows = append(scores.rows, []cell{txt("Brier score"), txt(num3(*c.Brier)), txt("-")})
	}
	if c.ECE != nil {
		scores.rows = append(scores.rows, []cell{txt("ECE"), txt(num3(*c.ECE)), txt("-")})
	}
	if calibrated {
		scores.rows = append(scores.rows,
			[]cell{txt("Brier score, uncalibrated"), txt(num3(c.BrierUncalibrated)), txt("-")},
			[]cell{txt("ECE, uncalibrated"), txt(num3(c.ECEUncalibrated)), txt("-")},
		)
	}
	if s := c.Subset; s != nil {
		scores.rows = append(scores.rows, []cell{txt("mean F1 of " + strings.Join(s.Labels, ", ")), txt(num3(s.Value)), txt("-")})
	}
	bs = append(bs, heading(3, "Scores", ""), tableOf(scores))

	f1 := "F1"
	if c.Bootstrap > 0 {
		f1 = "F1 (95% interval)"
	}
	per := &table{
		head: []string{"label", "precision", "recall", f1, "support", "predicted"},
		num:  []bool{false, true, true, true, true, true},
	}
	colors := labelColors(c.Labels)
	// An undefined score is shown as n/a with a mark, explained under the
	// table; the JSON keeps the 0 the metrics define it as.
	marked := map[classCaveat]bool{}
	for k, p := range c.PerClass {
		prec, rec, f := num3(p.Precision), num3(p.Recall), interval(p.F1)
		cv := classCaveatOf(p.Support, p.Predicted)
		switch cv {
		case neverPredicted:
			prec = "n/a †"
		case notInGold:
			rec, f = "n/a ‡", num3(p.F1.Value)+" ‡"
		case absent:
			prec, rec, f = "n/a §", "n/a §", "n/a §"
		}
		marked[cv] = true
		per.rows = append(per.rows, []cell{
			labelCell(p.Label, colors[k]), txt(prec), txt(rec), txt(f),
			txt(strconv.Itoa(p.Support)), txt(strconv.Itoa(p.Predicted)),
		})
	}
	var notes []string
	if marked[neverPredicted] {
		notes = append(notes, "† never predicted: precision is undefined (0 of 0), and counts as 0 in the JSON.")
	}
	if marked[notInGold] {
		notes = append(notes, "‡ not in the gold labels but predicted: recall is undefined (0 of 0), and F1 counts as 0 in macro-F1.")
	}
	if marked[absent] {
		notes = append(notes, "§ neither in the gold labels nor predicted: left out of macro-F1.")
	}
	per.note = strings.Join(notes, " ")
	f1Caption := fmt.Sprintf("Per-class F1 of %s. Dashed line: macro-F1 (%s); dotted line: macro-F1 of the majority baseline (%s).", c.Name, num3(c.MacroF1.Value), num3(c.Baseline.MacroF1))
	if c.Bootstrap > 0 {
		f1Caption = fmt.Sprintf("Per-class F1 of %s with 95%% bootstrap intervals (error bars). Dashed line: macro-F1 (%s); dotted line: macro-F1 of the majority baseline (%s).", c.Name, num3(c.MacroF1.Value), num3(c.Baseline.MacroF1))
	}
	bs = append(bs, heading(3, "Per class", ""), row(
		tableOf(per),
		b.figure(slug+"-f1", f1Caption, func() ([]byte, error) { return f1Chart(c) }),
	))

	counts := &table{caption: "Counts (rows: gold labels, columns: predicted labels)"}
	norm := &table{caption: "Row-normalised (each gold row sums to 100%)"}
	for _, t := range []*table{counts, norm} {
		t.head = append([]string{`gold \ predicted`}, showLabels(c.Labels)...)
		t.num = make([]bool, len(t.head))
		for k := 1; k < len(t.num); k++ {
			t.num[k] = true
		}
	}
	for g, l := range c.Labels {
		cr := []cell{labelCell(l, colors[g])}
		nr := []cell{labelCell(l, colors[g])}
		for p := range c.Labels {
			cr = append(cr, txt(strconv.Itoa(c.Confusion[g][p])))
			nr = append(nr, txt(pct(c.ConfusionNorm[g][p])))
		}
		counts.rows = append(counts.rows, cr)
		norm.rows = append(norm.rows, nr)
	}
	bs = append(bs, heading(3, "Confusion matrix", ""), row(
		stack(tableOf(counts), tableOf(norm)),
		b.figure(slug+"-confusion", "Confusion matrix of "+c.Name+": gold labels in rows, predicted labels in columns. Row-normalised: each gold row sums to 1 and the colour shows the share of the row; cells show counts.",
			func() ([]byte, error) { return confusionChart(c) }),
	))

	bs = append(bs, errorBlocks(c)...)

	if len(c.LearningCurve) > 0 {
		lc := &table{
			head: []string{"training documents", "macro-F1 (mean ± sd)", "accuracy (mean ± sd)"},
			num:  []bool{true, true, true},
		}
		for _, p := range c.LearningCurve {
			lc.rows = append(lc.rows, []cell{txt(strconv.Itoa(p.TrainSize)), txt(meanSD(p.MacroF1, p.MacroF1SD)), txt(meanSD(p.Accuracy, p.AccuracySD))})
		}
		bs = append(bs, heading(3, "Learning curve", ""), row(
			tableOf(lc),
			b.figure(slug+"-learning-curve", "Learning curve of "+c.Name+": mean macro-F1 (solid) and accuracy (dashed) over the folds and repeats at each training size; the bands span ±1 standard deviation.",
				func() ([]byte, error) { return curveChart(c) }),
		))
	}

	if c.ECE == nil {
		// Predictions without probabilities: nothing to calibrate.
		return bs
	}
	rel := reliabilityTable(c.Reliability)
	relBlocks := []block{tableOf(rel)}
	caption := fmt.Sprintf("Reliability diagram of %s (ECE %s): mean top-label confidence against accuracy in each non-empty confidence bin; the dashed diagonal is perfect calibration, points below it are overconfident. The bars above count the documents in each bin.", c.Name, num3(*c.ECE))
	title := "Reliability (ECE " + num3(*c.ECE) + ")"
	if calibrated {
		rel.caption = "Calibrated probabilities (" + c.Calibration + ")"
		raw := reliabilityTable(c.ReliabilityUncalibrated)
		raw.caption = "Uncalibrated probabilities (the model's own)"
		relBlocks = []block{stack(tableOf(rel), tableOf(raw))}
		caption = fmt.Sprintf("Reliability diagram of %s, calibrated (solid, ECE %s) and uncalibrated (dotted, hollow points, ECE %s): mean top-label confidence against accuracy in each non-empty confidence bin; the dashed diagonal is perfect calibration, points below it are overconfident. The bars above count the documents in each bin of the calibrated probabilities.", c.Name, num3(*c.ECE), num3(c.ECEUncalibrated))
		title = "Reliability (ECE " + num3(*c.ECE) + "; uncalibrated " + num3(c.ECEUncalibrated) + ")"
	}
	if len(c.Reliability) > 0 {
		relBlocks = append(relBlocks, b.figure(slug+"-reliability", caption,
			func() ([]byte, error) { return reliabilityChart(c) }))
	}
	bs = append(bs, heading(3, title, ""), row(relBlocks...))
	return bs
}

// confusedLimit is how many pairs of confused labels a report lists; the
// JSON lists all.
const confusedLimit = 10

// errorBlocks lays out the errors of a column: the pairs of labels most
// often confused, with an example each, and the most confident errors
// with their text, where a reader sees what the scores above are made
// of.
func errorBlocks(c *result.Column) []block {
	if len(c.Confused) == 0 {
		return nil
	}
	colors := labelColors(c.Labels)
	colorOf := func(l string) color.Color {
		if k := slices.Index(c.Labels, l); k >= 0 {
			return colors[k]
		}
		return nil
	}
	wrong := 0
	for _, p := range c.Confused {
		wrong += p.Count
	}
	pairs := &table{
		caption: fmt.Sprintf("Labels confused, commonest pair first, with its most confident example (wrong predictions: %d)", wrong),
		head:    []string{"gold", "predicted", "count", "share of errors", "example"},
		num:     []bool{false, false, true, true, false},
	}
	for n, p := range c.Confused {
		if n == confusedLimit {
			pairs.note = fmt.Sprintf("... and %d more pairs", len(c.Confused)-confusedLimit)
			break
		}
		pairs.rows = append(pairs.rows, []cell{
			{text: showLabel(p.Gold), swatch: colorOf(p.Gold)}, {text: showLabel(p.Predicted), swatch: colorOf(p.Predicted)},
			txt(strconv.Itoa(p.Count)), txt(pct(p.Share)), longTxt(p.Example.Text),
		})
	}
	errs := &table{
		caption: fmt.Sprintf("Most confident errors, each document once (listed: %d)", len(c.Errors)),
		head:    []string{"id", "gold", "predicted", "confidence", "text"},
		num:     []bool{false, false, false, true, false},
	}
	for _, e := range c.Errors {
		errs.rows = append(errs.rows, []cell{
			txt(e.ID), {text: showLabel(e.Gold), swatch: colorOf(e.Gold)}, {text: showLabel(e.Predicted), swatch: colorOf(e.Predicted)},
			txt(num3(e.Confidence)), longTxt(e.Text),
		})
	}
	return []block{heading(3, "Errors", ""), tableOf(pairs), tableOf(errs)}
}

// reliabilityTable lists the bins of a reliability diagram.
func reliabilityTable(bins []result.Bin) *table {
	rel := &table{
		head: []string{"confidence bin", "documents", "mean confidence", "accuracy"},
		num:  []bool{false, true, true, true},
	}
	for k, bin := range bins {
		conf, acc := "-", "-"
		if bin.Count > 0 {
			conf, acc = num3(bin.Confidence), num3(bin.Accuracy)
		}
		rel.rows = append(rel.rows, []cell{txt(binName(bin, k == len(bins)-1)), txt(strconv.Itoa(bin.Count)), txt(conf), txt(acc)})
	}
	return rel
}

// calibrationText says how a column's probabilities were calibrated: the
// map and its temperature (eval), or the range of the temperatures fitted
// in the training folds (cv).
func calibrationText(c *result.Column) string {
	ts := c.Temperatures
	switch {
	case len(ts) == 0:
		return c.Calibration
	case len(ts) == 1 && c.Folds == 0:
		return fmt.Sprintf("%s, T = %s, stored in the model", c.Calibration, fixed(ts[0], 2))
	}
	return fmt.Sprintf("%s, fitted in each training fold on its own nested cross-validation: T from %s to %s over %d fits",
		c.Calibration, fixed(slices.Min(ts), 2), fixed(slices.Max(ts), 2), len(ts))
}

// binName names a reliability bin; the last bin also holds a confidence
// of exactly 1.
func binName(b result.Bin, last bool) string {
	end := ")"
	if last {
		end = "]"
	}
	return "[" + fixed(b.Lo, 2) + ", " + fixed(b.Hi, 2) + end
}

func showLabels(ls []string) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = showLabel(l)
	}
	return out
}

// agreement lays out the agreement of the annotators on one column.
func (b *builder) agreement(a *result.Agreement, i int) []block {
	slug := slugOr(a.Column, fmt.Sprintf("column-%d", i+1))
	bs := []block{
		columnHeading(a.Column, i),
		fields(
			field{"annotators", strings.Join(a.Annotators, ", ")},
			field{"items", strconv.Itoa(a.Items) + " (labelled by at least two annotators)"},
			field{"labels", strconv.Itoa(len(a.Labels))},
		),
	}

	pairs := &table{
		head: []string{"annotator A", "annotator B", "items", "observed agreement", "Cohen's kappa"},
		num:  []bool{false, false, true, true, true},
	}
	for _, p := range a.Pairs {
		pairs.rows = append(pairs.rows, []cell{txt(p.A), txt(p.B), txt(strconv.Itoa(p.N)), txt(pct(p.Agree)), txt(num3(p.Kappa))})
	}
	all := &table{head: []string{"statistic", "value"}, num: []bool{false, true}}
	if a.FleissKappa != nil {
		all.rows = append(all.rows, []cell{txt("Fleiss' kappa"), txt(num3(*a.FleissKappa))})
	}
	all.rows = append(all.rows, []cell{txt("Krippendorff's alpha (nominal)"), txt(num3(a.Alpha))})
	bs = append(bs,
		heading(3, "Pairwise agreement", ""), tableOf(pairs),
		heading(3, "Agreement of all annotators", ""), tableOf(all),
	)

	counts := &table{head: append(append([]string{"annotator"}, showLabels(a.Labels)...), "total")}
	counts.num = make([]bool, len(counts.head))
	for k := 1; k < len(counts.num); k++ {
		counts.num[k] = true
	}
	for n, name := range a.Annotators {
		r := []cell{txt(name)}
		total := 0
		for _, v := range a.Counts[n] {
			r = append(r, txt(strconv.Itoa(v)))
			total += v
		}
		counts.rows = append(counts.rows, append(r, txt(strconv.Itoa(total))))
	}
	bs = append(bs, heading(3, "Label counts", ""), row(
		tableOf(counts),
		b.figure(slug+"-label-counts", "Labels given by each annotator on "+a.Column+": for each label, one bar per annotator with the number of items the annotator gave it.",
			func() ([]byte, error) { return countsChart(a) }),
	))

	dis := &table{
		caption: fmt.Sprintf("%d items labelled differently (- where the annotator gave no label)", len(a.Disagreements)),
		head:    append([]string{"id"}, a.Annotators...),
		num:     make([]bool, len(a.Annotators)+1),
	}
	for n, d := range a.Disagreements {
		if n == disagreementLimit {
			dis.note = fmt.Sprintf("... and %d more", len(a.Disagreements)-disagreementLimit)
			break
		}
		r := []cell{txt(d.ID)}
		for _, l := range d.Labels {
			if l == "" {
				l = "-"
			}
			r = append(r, txt(l))
		}
		dis.rows = append(dis.rows, r)
	}
	return append(bs, heading(3, "Disagreements", ""), tableOf(dis))
}

// summary lays out the label distribution of one column.
func (b *builder) summary(s *result.SummaryColumn, by string, i int) []block {
	slug := slugOr(s.Column, fmt.Sprintf("column-%d", i+1))
	labels := &table{head: []string{"label", "count", "share"}, num: []bool{false, true, true}}
	colors := labelColors(s.Labels)
	for k, l := range s.Labels {
		labels.rows = append(labels.rows, []cell{labelCell(l, colors[k]), txt(strconv.Itoa(s.Total.Counts[k])), txt(pct(s.Total.Shares[k]))})
	}
	caption := "Label shares of " + s.Column + " over all rows."
	if len(s.Groups) > 0 {
		caption = "Label shares of " + s.Column + " in each group of " + by + ": each bar sums to 100%; the top bar is all rows, n in brackets."
	}
	bs := []block{columnHeading(s.Column, i), heading(3, "Labels", ""), row(
		tableOf(labels),
		b.figure(slug+"-shares", caption, func() ([]byte, error) { return sharesChart(s) }),
	)}
	if len(s.Groups) == 0 {
		return bs
	}
	groups := &table{head: append([]string{by, "n"}, showLabels(s.Labels)...)}
	if by == "" {
		groups.head[0] = "group"
	}
	groups.num = make([]bool, len(groups.head))
	for k := 1; k < len(groups.num); k++ {
		groups.num[k] = true
	}
	for _, g := range append([]result.Group{s.Total}, s.Groups...) {
		r := []cell{txt(g.Name), txt(strconv.Itoa(g.N))}
		for _, v := range g.Shares {
			r = append(r, txt(pct(v)))
		}
		groups.rows = append(groups.rows, r)
	}
	return append(bs, heading(3, "Shares by "+by, ""), tableOf(groups))
}

// explain lays out the explanation of one column.
func (b *builder) explain(e *result.ExplainColumn, i int) []block {
	slug := slugOr(e.Column, fmt.Sprintf("column-%d", i+1))
	bs := []block{columnHeading(e.Column, i)}
	colors := labelColors(e.Labels)
	// In HTML the labels are cards side by side: a table and its chart
	// each, under the label's name.
	var cards []block
	for k, l := range e.Labels {
		t := &table{head: []string{"term", "weight"}, num: []bool{false, true}}
		for _, f := range e.Top[k] {
			t.rows = append(t.rows, []cell{txt(f.Term), txt(num3(f.Weight))})
		}
		blocks := []block{tableOf(t)}
		if len(e.Top[k]) > 0 {
			fs := e.Top[k]
			blocks = append(blocks, b.figure(slug+"-top-"+slugOr(l, fmt.Sprintf("label-%d", k+1)),
				"The terms of highest weight in the score of "+showLabel(l)+" ("+e.Column+"), largest first.",
				func() ([]byte, error) { return featuresChart(showLabel(l), colors[k], fs) }))
		}
		cards = append(cards, stack(append([]block{heading(3, "Top features: "+showLabel(l), "")}, blocks...)...))
	}
	bs = append(bs, row(cards...))
	if len(e.Docs) == 0 {
		return bs
	}
	bs = append(bs, heading(3, "Documents", ""))
	if r := rowsText(e.Rows); r != "" {
		bs = append(bs, fields(field{"rows", r}))
	}
	// One collapsible part per predicted label, in label order, so that a
	// long page opens on its outline.
	for _, l := range e.Labels {
		var boxes []block
		errs := 0
		for _, d := range e.Docs {
			if d.Label != l {
				continue
			}
			if d.Reason == "error" {
				errs++
			}
			boxes = append(boxes, docBox(&d))
		}
		if len(boxes) == 0 {
			continue
		}
		summary := "Predicted " + showLabel(l) + ": " + countOf(len(boxes), "document")
		if errs > 0 {
			summary += ", " + countOf(errs, "error")
		}
		bs = append(bs, block{kind: detailsBlock, text: summary, blocks: boxes})
	}
	return bs
}

// countOf is n things, in the singular for one.
func countOf(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return strconv.Itoa(n) + " " + thing + "s"
}

// rowsText says which documents an explanation shows.
func rowsText(rows string) string {
	switch rows {
	case "errors+unsure":
		return "the most confident errors, then the least sure of the other documents"
	case "errors":
		return "the most confident errors"
	case "unsure":
		return "the least sure predictions"
	case "first":
		return "the first documents of the file"
	case "all":
		return "every document of the file"
	}
	return ""
}

// docBox lays out the explanation of one document: what it was labelled
// and why, its text marked where the listed terms occur, the terms that
// raised its label, and those that favour the runner-up.
func docBox(d *result.DocExplain) block {
	fs := []field{{"document", d.ID}, {"label", showLabel(d.Label)}, {"confidence", num3(d.Confidence)}}
	if d.Gold != "" {
		fs = append(fs, field{"gold", showLabel(d.Gold)})
	}
	if d.Reason != "" {
		fs = append(fs, field{"shown as", map[string]string{"error": "an error", "unsure": "one of the least sure"}[d.Reason]})
	}
	if d.RunnerUp != "" {
		fs = append(fs, field{"runner-up", showLabel(d.RunnerUp) + " (" + num3(d.RunnerUpConfidence) + ")"})
	}
	t := &table{
		caption: "Largest contributions to the score of " + showLabel(d.Label),
		head:    []string{"term", "as written", "contribution"},
		num:     []bool{false, false, true},
	}
	for _, f := range d.Contributions {
		t.rows = append(t.rows, []cell{txt(f.Term), txt(f.Words), txt(num3(f.Weight))})
	}
	bs := []block{fields(fs...), {kind: quoteBlock, text: d.Text, marks: d.Marks}, tableOf(t)}
	if len(d.Against) > 0 {
		a := &table{
			caption: "Evidence against " + showLabel(d.Label) + ": the terms that favour " + showLabel(d.RunnerUp) + " most",
			head:    []string{"term", "as written", "margin"},
			num:     []bool{false, false, true},
		}
		for _, f := range d.Against {
			a.rows = append(a.rows, []cell{txt(f.Term), txt(f.Words), txt(num3(f.Weight))})
		}
		bs = append(bs, tableOf(a))
	}
	return block{kind: boxBlock, blocks: bs}
}

// slugOr turns s into a file-name part of lower-case letters, digits and
// dashes, or returns alt when nothing of s is left.
func slugOr(s, alt string) string {
	var sb strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
			if dash && sb.Len() > 0 {
				sb.WriteByte('-')
			}
			dash = false
			sb.WriteRune(r)
		default:
			dash = true
		}
		if sb.Len() >= 40 {
			break
		}
	}
	if sb.Len() == 0 {
		return alt
	}
	return sb.String()
}
