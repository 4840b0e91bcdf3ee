package report

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/stance-nlp/stance/evaluate/result"
)

// The fixtures are reports as the commands would build them, with the
// awkward cases a renderer must survive: long label names, a class never
// predicted, empty reliability bins, an empty (unlabelled) label, more
// disagreements than the text report lists, and comment text with
// markup, pipes and newlines. Their scores are computed from the
// confusion matrices below, so that they are consistent with each other.

// stanceLabels has long names on purpose: they must stay readable as tick
// labels and table headings.
func stanceLabels() []string {
	return []string{"against", "anti-intervention", "favor", "humanitarian-concern", "neutral", "off-topic", "pro-intervention"}
}

func sentimentLabels() []string { return []string{"negative", "neutral", "positive"} }

// stanceConfusion never predicts humanitarian-concern (column 3).
func stanceConfusion() [][]int {
	return [][]int{
		{38, 6, 4, 0, 7, 1, 2},
		{9, 31, 2, 0, 5, 0, 3},
		{5, 1, 44, 0, 6, 2, 4},
		{3, 4, 2, 0, 6, 1, 2},
		{6, 3, 5, 0, 71, 4, 3},
		{1, 0, 2, 0, 5, 37, 0},
		{2, 3, 6, 0, 4, 1, 29},
	}
}

func sentimentConfusion() [][]int {
	return [][]int{
		{112, 21, 9},
		{25, 96, 14},
		{8, 17, 68},
	}
}

// scoredColumn fills a result.Column from a confusion matrix: the
// per-class scores, the averages and kappa as the metrics package defines
// them, made-up but plausible intervals, and reliability bins with counts
// binCounts whose accuracy runs a little under their confidence.
func scoredColumn(name string, labels []string, conf [][]int, majority int, binCounts []int, brier float64) result.Column {
	k := len(labels)
	n, correct := 0, 0
	support := make([]int, k)
	predicted := make([]int, k)
	for g := range k {
		for p := range k {
			n += conf[g][p]
			support[g] += conf[g][p]
			predicted[p] += conf[g][p]
			if g == p {
				correct += conf[g][p]
			}
		}
	}
	c := result.Column{Name: name, Labels: labels, N: n, Seed: 1, Bootstrap: 1000, Confusion: conf}
	var macro, weighted float64
	present := 0
	for i := range k {
		tp := float64(conf[i][i])
		var prec, rec, f1 float64
		if predicted[i] > 0 {
			prec = tp / float64(predicted[i])
		}
		if support[i] > 0 {
			rec = tp / float64(support[i])
		}
		if prec+rec > 0 {
			f1 = 2 * prec * rec / (prec + rec)
		}
		if support[i] > 0 || predicted[i] > 0 {
			macro += f1
			present++
		}
		weighted += f1 * float64(support[i])
		c.PerClass = append(c.PerClass, result.Class{
			Label: labels[i], Precision: prec, Recall: rec, F1: around(f1, 0.35/math.Sqrt(float64(support[i]+1))),
			Support: support[i], Predicted: predicted[i],
		})
	}
	acc := float64(correct) / float64(n)
	c.Accuracy = around(acc, 0.05)
	c.MacroF1 = around(macro/float64(present), 0.06)
	c.MicroF1 = acc
	c.WeightedF1 = weighted / float64(n)
	var pe float64
	for i := range k {
		pe += float64(support[i]) * float64(predicted[i]) / float64(n*n)
	}
	c.Kappa = (acc - pe) / (1 - pe)
	for g := range k {
		row := make([]float64, k)
		for p := range k {
			if support[g] > 0 {
				row[p] = float64(conf[g][p]) / float64(support[g])
			}
		}
		c.ConfusionNorm = append(c.ConfusionNorm, row)
	}
	base := float64(support[majority]) / float64(n)
	c.Baseline = result.Baseline{Label: labels[majority], Accuracy: base, MacroF1: 2 * base / (1 + base) / float64(k)}
	c.Brier = &brier
	var ece float64
	for b, count := range binCounts {
		bin := result.Bin{Lo: float64(b) / 10, Hi: float64(b+1) / 10, Count: count}
		if count > 0 {
			bin.Confidence = bin.Lo + 0.055 + 0.002*float64(b)
			right := math.Round((bin.Confidence - 0.04 - 0.01*float64(b%3)) * float64(count))
			bin.Accuracy = right / float64(count)
			ece += float64(count) / float64(n) * math.Abs(bin.Accuracy-bin.Confidence)
		}
		c.Reliability = append(c.Reliability, bin)
	}
	c.ECE = &ece
	return c
}

// around is v with an interval of half-width h, clipped to [0, 1]; a
// score of 0 gets none, as the bootstrap gives a class never predicted.
func around(v, h float64) result.Estimate {
	if v == 0 {
		return result.Estimate{}
	}
	return result.Estimate{Value: v, Lo: math.Max(0, v-h), Hi: math.Min(1, v+h)}
}

// withErrors adds to c the confused pairs its confusion matrix implies,
// commonest first (ties in label order, as evaluate sorts them), each
// with an example from texts in turn, and the errors errs.
func withErrors(c result.Column, errs []result.Error, texts []string) result.Column {
	wrong := 0
	for g := range c.Confusion {
		for p, n := range c.Confusion[g] {
			if g != p {
				wrong += n
			}
		}
	}
	for g := range c.Confusion {
		for p, n := range c.Confusion[g] {
			if g == p || n == 0 {
				continue
			}
			ex := result.Error{ID: fmt.Sprintf("c%03d", len(c.Confused)+1), Text: texts[len(c.Confused)%len(texts)],
				Gold: c.Labels[g], Predicted: c.Labels[p], Confidence: 0.9 - 0.05*float64(len(c.Confused))}
			c.Confused = append(c.Confused, result.Confusion{Gold: c.Labels[g], Predicted: c.Labels[p], Count: n, Share: float64(n) / float64(wrong), Example: ex})
		}
	}
	slices.SortStableFunc(c.Confused, func(a, b result.Confusion) int { return b.Count - a.Count })
	c.Errors = errs
	return c
}

// sentimentErrors are errors of the sentiment column of the fixtures,
// with the awkward texts: markup, a pipe, a newline, a long comment.
func sentimentErrors() []result.Error {
	return []result.Error{
		{ID: "c201", Text: scriptText, Gold: "positive", Predicted: "negative", Confidence: 0.9412},
		{ID: "c202", Text: "Not bad at all.\nActually the best news in weeks.", Gold: "positive", Predicted: "negative", Confidence: 0.8811},
		{ID: "c203", Text: strings.Repeat("The convoy reached the border crossing this morning. ", 6), Gold: "neutral", Predicted: "negative", Confidence: 0.7004},
	}
}

func evalReport() *Report {
	stance := scoredColumn("stance", stanceLabels(), stanceConfusion(), 4, []int{0, 6, 21, 38, 52, 61, 58, 49, 47, 38}, 0.5412)
	f := (stance.PerClass[0].F1.Value + stance.PerClass[2].F1.Value) / 2
	stance.Subset = &result.SubsetF1{Labels: []string{"against", "favor"}, Value: f}
	return &Report{
		Schema: SchemaVersion,
		Kind:   "eval",
		Title:  "Stance model on the held-out comments",
		Model: &ModelInfo{
			Source: "models/stance-2024.model", Kind: "logreg",
			Recipe:   "tf-idf of word 1-2-grams (min_df 2) + logistic regression (C 1, balanced)",
			Features: 18432, TrainRows: 2960,
		},
		Data: "data/test.csv",
		Columns: []result.Column{
			stance,
			withErrors(scoredColumn("sentiment", sentimentLabels(), sentimentConfusion(), 0, []int{0, 0, 0, 18, 34, 52, 61, 70, 72, 63}, 0.4177),
				sentimentErrors(), []string{"They lied again | as always", "Good.", "Reports say talks resume on Monday."}),
		},
	}
}

// predReport is evalReport as eval -pred makes it from a labelled file
// without confidences: no calibration, and no model.
func predReport() *Report {
	r := evalReport()
	r.Title = "Predictions pred_stance, pred_sentiment of data/test.csv against its gold labels"
	r.Model = nil
	for i := range r.Columns {
		c := &r.Columns[i]
		c.Name = "pred_" + c.Name
		c.Brier, c.ECE, c.Reliability = nil, nil, nil
		c.Errors, c.Confused = nil, nil // without the texts, eval -pred lists no errors
	}
	return r
}

func cvReport() *Report {
	r := evalReport()
	r.Kind = "cv"
	r.Title = "Stance recipe, 5-fold cross-validation"
	r.Model = &ModelInfo{Source: "recipe", Kind: "logreg", Recipe: r.Model.Recipe, TrainRows: 3330}
	r.Data = "data/all.csv"
	sizes := []int{333, 666, 1332, 1998, 2664}
	for i := range r.Columns {
		c := &r.Columns[i]
		c.Folds, c.Repeats, c.Seed = 5, 2, 20240611
		for j, s := range sizes {
			f := float64(j)
			c.LearningCurve = append(c.LearningCurve, result.CurvePoint{
				TrainSize:  s,
				MacroF1:    0.41 + 0.16*(1-math.Exp(-f/1.6)) + 0.02*float64(i),
				MacroF1SD:  0.031 - 0.004*f,
				Accuracy:   0.55 + 0.11*(1-math.Exp(-f/1.4)) + 0.03*float64(i),
				AccuracySD: 0.022 - 0.0025*f,
			})
		}
	}
	return r
}

// calibratedCVReport is cvReport with each column's probabilities
// calibrated in every training fold: the reliability bins of cvReport are
// the uncalibrated ones, and the calibrated bins hold the same documents
// spread to lower confidences, their accuracy close to it.
func calibratedCVReport() *Report {
	r := cvReport()
	r.Title = "Stance recipe, 5-fold cross-validation, temperature-calibrated"
	for i := range r.Columns {
		c := &r.Columns[i]
		c.Calibration = "temperature"
		c.Temperatures = []float64{2.31, 2.254, 2.47, 2.1, 2.388, 2.29, 2.35, 2.2, 2.41, 2.265}
		c.BrierUncalibrated, c.ECEUncalibrated, c.ReliabilityUncalibrated = *c.Brier, *c.ECE, c.Reliability
		brier, ece := *c.Brier-0.031, 0.0
		c.Brier, c.ECE, c.Reliability = &brier, &ece, nil
		// Each bin's documents move down by two bins (the first bins
		// pile up in bin 1), and their accuracy is within a few points
		// of their confidence.
		counts := make([]int, len(c.ReliabilityUncalibrated))
		for b, bin := range c.ReliabilityUncalibrated {
			counts[max(b-2, 1)] += bin.Count
		}
		for b, count := range counts {
			bin := result.Bin{Lo: float64(b) / 10, Hi: float64(b+1) / 10, Count: count}
			if count > 0 {
				bin.Confidence = bin.Lo + 0.048 + 0.001*float64(b)
				right := math.Round((bin.Confidence + 0.02*float64(b%3-1)) * float64(count))
				bin.Accuracy = right / float64(count)
				*c.ECE += float64(count) / float64(c.N) * math.Abs(bin.Accuracy-bin.Confidence)
			}
			c.Reliability = append(c.Reliability, bin)
		}
	}
	return r
}

func agreeReport() *Report {
	stance := stanceLabels()
	ann := []string{"ana", "ben", "chloe"}
	fleiss := 0.684
	var stanceDis []result.Disagreement
	for i := range 57 {
		l := []string{stance[i%7], stance[(i+1+i/7)%7], stance[(i+3)%7]}
		if i%23 == 5 {
			l[2] = "" // chloe skipped the item
		}
		stanceDis = append(stanceDis, result.Disagreement{ID: fmt.Sprintf("c%04d", 17+7*i), Labels: l})
	}
	var sentDis []result.Disagreement
	sent := sentimentLabels()
	for i := range 12 {
		sentDis = append(sentDis, result.Disagreement{ID: fmt.Sprintf("c%04d", 20+11*i), Labels: []string{sent[i%3], sent[(i+1)%3], sent[(i+i/4)%3]}})
	}
	return &Report{
		Schema: SchemaVersion,
		Kind:   "agree",
		Title:  "Agreement of the three annotators, pilot batch",
		Data:   "annotations/ana.csv, annotations/ben.csv, annotations/chloe.csv",
		Agreement: []result.Agreement{
			{
				Column: "stance", Labels: stance, Annotators: ann, Items: 120,
				Pairs: []result.Pair{
					{A: "ana", B: "ben", N: 120, Kappa: 0.712, Agree: 0.7583333333333333},
					{A: "ana", B: "chloe", N: 118, Kappa: 0.655, Agree: 0.711864406779661},
					{A: "ben", B: "chloe", N: 118, Kappa: 0.688, Agree: 0.7372881355932204},
				},
				FleissKappa: &fleiss,
				Alpha:       0.6857,
				Counts: [][]int{
					{21, 17, 19, 6, 34, 11, 12},
					{19, 20, 18, 9, 31, 12, 11},
					{22, 15, 21, 4, 33, 10, 13},
				},
				Disagreements: stanceDis,
			},
			{
				Column: "sentiment", Labels: sent, Annotators: ann, Items: 120,
				Pairs: []result.Pair{
					{A: "ana", B: "ben", N: 120, Kappa: 0.771, Agree: 0.85},
					{A: "ana", B: "chloe", N: 115, Kappa: 0.702, Agree: 0.8086956521739131},
					{A: "ben", B: "chloe", N: 115, Kappa: 0.744, Agree: 0.8347826086956521},
				},
				Alpha:         0.7413,
				Counts:        [][]int{{48, 44, 28}, {51, 40, 29}, {45, 43, 27}},
				Disagreements: sentDis,
			},
		},
	}
}

// group is a Group with its shares computed.
func group(name string, counts ...int) result.Group {
	g := result.Group{Name: name, Counts: counts}
	for _, c := range counts {
		g.N += c
	}
	for _, c := range counts {
		g.Shares = append(g.Shares, float64(c)/float64(g.N))
	}
	return g
}

func summaryReport() *Report {
	return &Report{
		Schema: SchemaVersion,
		Kind:   "summarize",
		Title:  "Labels of the annotated comments by source",
		Data:   "data/labelled.csv",
		Summary: &result.Summary{
			By:   "source",
			Rows: 1200,
			Columns: []result.SummaryColumn{
				{
					Column: "stance", Labels: stanceLabels(),
					Total: group("all", 229, 160, 198, 65, 290, 132, 126),
					Groups: []result.Group{
						group("bbc", 70, 45, 81, 22, 120, 30, 44),
						group("guardian", 66, 58, 60, 31, 101, 28, 44),
						group("reddit", 72, 40, 38, 9, 51, 62, 28),
						group("twitter-archive-2019-q3", 21, 17, 19, 3, 18, 12, 10),
					},
				},
				{
					// "" counts the rows left unlabelled.
					Column: "sentiment", Labels: []string{"", "negative", "neutral", "positive"},
					Total: group("all", 17, 528, 413, 242),
					Groups: []result.Group{
						group("bbc", 4, 150, 170, 88),
						group("guardian", 0, 161, 142, 85),
						group("reddit", 11, 168, 71, 50),
						group("twitter-archive-2019-q3", 2, 49, 30, 19),
					},
				},
			},
		},
	}
}

// scriptText is a comment that tries to run a script in the HTML page
// and to break a Markdown table.
const scriptText = "<script>alert(1)</script> Sending troops would only make it worse | nobody asked for this."

// marksOf marks, in text, each word (its first occurrence) as its kind:
// pairs of word and kind, in the order they occur.
func marksOf(text string, pairs ...string) []result.Mark {
	var out []result.Mark
	for k := 0; k < len(pairs); k += 2 {
		i := strings.Index(text, pairs[k])
		out = append(out, result.Mark{Start: i, End: i + len(pairs[k]), Kind: pairs[k+1]})
	}
	return out
}

func explainDocs(col string) []result.DocExplain {
	long := "We have a duty to protect civilians.\nThe aid convoys have been stopped for three weeks now, and every report from the border says the same thing: " +
		"people are running out of water, the hospitals are out of fuel, and nobody in the capital seems to care. Something has to be done before winter."
	if col == "sentiment" {
		return []result.DocExplain{
			{ID: "c101", Text: scriptText, Label: "negative", Confidence: 0.8123, Gold: "neutral", Reason: "error",
				Contributions: []result.Feature{{Term: "wors", Words: "worse", Weight: 1.204}, {Term: "nobodi", Words: "nobody", Weight: 0.611}, {Term: "onli", Words: "only", Weight: 0.188}, {Term: "troop", Words: "troops", Weight: -0.052}},
				RunnerUp:      "neutral", RunnerUpConfidence: 0.1502, Against: []result.Feature{{Term: "send", Words: "Sending", Weight: 0.402}},
				Marks: marksOf(scriptText, "Sending", result.MarkAgainst, "only", result.MarkFor, "worse", result.MarkFor, "nobody", result.MarkFor)},
			{ID: "c102", Text: long, Label: "negative", Confidence: 0.6611, Contributions: []result.Feature{{Term: "out of", Weight: 0.734}, {Term: "stopped", Weight: 0.52}, {Term: "duty", Weight: -0.214}}},
			{ID: "c103", Text: "**Finally** someone says it: _intervene now_, #1 priority", Label: "positive", Confidence: 0.5402, Contributions: []result.Feature{{Term: "finally", Weight: 0.98}, {Term: "priority", Weight: 0.33}}},
		}
	}
	return []result.DocExplain{
		{ID: "c101", Text: scriptText, Label: "anti-intervention", Confidence: 0.7345, Contributions: []result.Feature{{Term: "troops", Weight: 1.812}, {Term: "make it worse", Weight: 1.12}, {Term: "nobody asked", Weight: 0.874}, {Term: "would only", Weight: 0.301}, {Term: "|", Weight: 0.012}}},
		{ID: "c102", Text: long, Label: "humanitarian-concern", Confidence: 0.4188, Contributions: []result.Feature{{Term: "civilians", Weight: 1.433}, {Term: "aid convoys", Weight: 1.27}, {Term: "hospitals", Weight: 0.902}, {Term: "water", Weight: 0.51}, {Term: "duty", Weight: 0.204}, {Term: "capital", Weight: -0.118}}},
		{ID: "c103", Text: "**Finally** someone says it: _intervene now_, #1 priority", Label: "pro-intervention", Confidence: 0.6874, Contributions: []result.Feature{{Term: "intervene", Weight: 2.011}, {Term: "finally", Weight: 0.402}, {Term: "priority", Weight: 0.27}}},
	}
}

func explainReport() *Report {
	stanceTop := [][]result.Feature{
		{{Term: "against", Weight: 2.412}, {Term: "oppose", Weight: 2.118}, {Term: "no way", Weight: 1.774}, {Term: "wrong", Weight: 1.502}, {Term: "disagree", Weight: 1.311}},
		{{Term: "troops", Weight: 2.903}, {Term: "stay out", Weight: 2.541}, {Term: "not our war", Weight: 2.202}, {Term: "quagmire", Weight: 1.87}, {Term: "make it worse", Weight: 1.551}},
		{{Term: "agree", Weight: 2.251}, {Term: "support", Weight: 2.104}, {Term: "right call", Weight: 1.688}, {Term: "well said", Weight: 1.402}, {Term: "yes|no", Weight: 0.914}},
		{{Term: "civilians", Weight: 1.644}, {Term: "aid convoys", Weight: 1.433}, {Term: "refugees", Weight: 1.205}, {Term: "hospitals", Weight: 0.988}, {Term: "children", Weight: 0.871}},
		{{Term: "report", Weight: 0.712}, {Term: "according to", Weight: 0.604}, {Term: "said", Weight: 0.411}, {Term: "statement", Weight: 0.201}, {Term: "however", Weight: -0.093}},
		{{Term: "football", Weight: 3.104}, {Term: "subscribe", Weight: 2.877}, {Term: "weather", Weight: 2.341}, {Term: "lol", Weight: 1.902}, {Term: "recipe", Weight: 1.655}},
		{{Term: "intervene", Weight: 2.771}, {Term: "act now", Weight: 2.402}, {Term: "responsibility to protect", Weight: 2.013}, {Term: "no-fly zone", Weight: 1.804}, {Term: "finally", Weight: 1.12}},
	}
	sentTop := [][]result.Feature{
		{{Term: "worse", Weight: 2.014}, {Term: "terrible", Weight: 1.902}, {Term: "nobody", Weight: 1.311}, {Term: "shame", Weight: 1.204}, {Term: "disaster", Weight: 1.113}},
		{{Term: "report", Weight: 0.902}, {Term: "said", Weight: 0.744}, {Term: "according to", Weight: 0.611}, {Term: "|", Weight: 0.0}, {Term: "today", Weight: -0.044}},
		{{Term: "finally", Weight: 1.872}, {Term: "great", Weight: 1.764}, {Term: "thank", Weight: 1.502}, {Term: "hope", Weight: 1.201}, {Term: "well said", Weight: 1.1}},
	}
	return &Report{
		Schema: SchemaVersion,
		Kind:   "explain",
		Title:  "Why the shipped model labels these comments as it does",
		Model:  &ModelInfo{Source: "shipped model", Kind: "logreg", Recipe: "tf-idf of word 1-2-grams + logistic regression", Features: 18432, TrainRows: 2960},
		Data:   "comments-to-explain.csv",
		Explain: []result.ExplainColumn{
			{Column: "stance", Labels: stanceLabels(), Top: stanceTop, Docs: explainDocs("stance")},
			{Column: "sentiment", Labels: sentimentLabels(), Top: sentTop, Rows: "errors+unsure", Docs: explainDocs("sentiment")},
		},
	}
}

// fixture is a named report; the name is also its golden files' base.
type fixture struct {
	name   string
	r      *Report
	charts int // charts its HTML page draws
}

func fixtures() []fixture {
	return []fixture{
		{"eval", evalReport(), 2 * 3},
		{"eval-pred", predReport(), 2 * 2},
		{"cv", cvReport(), 2 * 4},
		{"cv-calibrated", calibratedCVReport(), 2 * 4},
		{"agree", agreeReport(), 2},
		{"summarize", summaryReport(), 2},
		{"explain", explainReport(), 7 + 3},
	}
}
