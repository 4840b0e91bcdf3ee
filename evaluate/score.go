package evaluate

import (
	"slices"

	"github.com/stance-nlp/stance/evaluate/result"
	"github.com/stance-nlp/stance/metrics"
	"gonum.org/v1/gonum/stat"
)

// Options configures the scoring shared by every evaluation.
type Options struct {
	Bootstrap int      // resamples behind each interval; 1000 when 0, none when < 0
	Seed      uint64   // seeds the bootstrap (and the folds of cross-validation)
	Bins      int      // reliability-diagram bins; 10 when 0
	Subset    []string // labels whose mean F1 is reported as SubsetF1 (SemEval's F_avg over FAVOR and AGAINST is this); labels missing from a column are ignored
}

func (o Options) bootstrap() int {
	switch {
	case o.Bootstrap == 0:
		return 1000
	case o.Bootstrap < 0:
		return 0
	}
	return o.Bootstrap
}

func (o Options) bins() int {
	if o.Bins <= 0 {
		return 10
	}
	return o.Bins
}

// scored is one column's predictions: gold[i], pred[i] and probs[i] for
// prediction i, which belongs to document doc[i]. Cross-validation
// repeated R times predicts every document R times; the bootstrap then
// resamples documents, carrying all their predictions, so that the
// repeats do not narrow the intervals.
//
// Predictions read from a file may come without probabilities: then probs
// is nil, and conf[i] is the probability of pred[i] when the file gave it
// (nil when it did not).
type scored struct {
	labels []string
	gold   []int
	pred   []int
	probs  [][]float64
	conf   []float64
	doc    []int
	nDocs  int
	// src[i] is prediction i's document as an index into the texts
	// column is given (docTexts), when there are texts.
	src []int
	// For calibrated probabilities: the map's name, its temperatures, and
	// raw[i], the probabilities of prediction i before calibration.
	calibration string
	temps       []float64
	raw         [][]float64
}

// column fills a result.Column from s. baseline is the index of the
// majority label to score as the baseline; d, when not nil, holds the
// documents' texts, for the list of errors.
func column(name string, s *scored, baseline int, o Options, d *docTexts) result.Column {
	k := len(s.labels)
	conf := metrics.Confusion(s.gold, s.pred, k)
	per := metrics.PerClass(s.gold, s.pred, k)
	base := make([]int, len(s.gold))
	for i := range base {
		base[i] = baseline
	}
	cr := result.Column{
		Name:          name,
		Labels:        slices.Clone(s.labels),
		N:             s.nDocs,
		Accuracy:      point(metrics.Accuracy(s.gold, s.pred)),
		MacroF1:       point(metrics.MacroF1(s.gold, s.pred, k)),
		MicroF1:       metrics.MicroF1(s.gold, s.pred, k),
		WeightedF1:    metrics.WeightedF1(s.gold, s.pred, k),
		Kappa:         metrics.CohenKappa(s.gold, s.pred, k),
		Confusion:     conf,
		ConfusionNorm: metrics.NormalizeRows(conf),
		Baseline: result.Baseline{
			Label:    s.labels[baseline],
			Accuracy: metrics.Accuracy(s.gold, base),
			MacroF1:  metrics.MacroF1(s.gold, base, k),
		},
		Seed:      o.Seed,
		Bootstrap: o.bootstrap(),
	}
	s.setCalibration(&cr, o.bins())
	if s.raw != nil {
		cr.Calibration, cr.Temperatures = s.calibration, s.temps
		cr.BrierUncalibrated = metrics.Brier(s.raw, s.gold)
		cr.ECEUncalibrated = metrics.ECE(s.raw, s.gold, o.bins())
		cr.ReliabilityUncalibrated = bins(s.raw, s.gold, o.bins())
	}
	predicted := make([]int, k)
	for _, p := range s.pred {
		predicted[p]++
	}
	for c, p := range per {
		cr.PerClass = append(cr.PerClass, result.Class{
			Label: s.labels[c], Precision: p.Precision, Recall: p.Recall,
			F1: point(p.F1), Support: p.Support, Predicted: predicted[c],
		})
	}
	var subset []int
	for _, l := range o.Subset {
		if i, ok := slices.BinarySearch(s.labels, l); ok {
			subset = append(subset, i)
		}
	}
	if len(subset) > 0 {
		sub := &result.SubsetF1{Value: metrics.MeanF1(s.gold, s.pred, k, subset)}
		for _, i := range subset {
			sub.Labels = append(sub.Labels, s.labels[i])
		}
		cr.Subset = sub
	}
	cr.Errors, cr.Confused = s.errorsOf(d)
	if reps := o.bootstrap(); reps > 0 && s.nDocs > 0 {
		s.intervals(&cr, reps, o.Seed)
	}
	return cr
}

// bins is the reliability diagram of probs against gold.
func bins(probs [][]float64, gold []int, n int) []result.Bin {
	var out []result.Bin
	for _, b := range metrics.Reliability(probs, gold, n) {
		out = append(out, result.Bin{Lo: b.Lo, Hi: b.Hi, Count: b.Count, Confidence: b.Confidence, Accuracy: b.Accuracy})
	}
	return out
}

// setCalibration sets the Brier score, ECE and reliability bins of cr: all
// three from s.probs, ECE and the bins alone from s.conf when there are
// no probabilities, none when there is neither.
func (s *scored) setCalibration(cr *result.Column, bins int) {
	var rel []metrics.Bin
	switch {
	case s.probs != nil:
		brier, ece := metrics.Brier(s.probs, s.gold), metrics.ECE(s.probs, s.gold, bins)
		cr.Brier, cr.ECE = &brier, &ece
		rel = metrics.Reliability(s.probs, s.gold, bins)
	case s.conf != nil:
		right := make([]bool, len(s.conf))
		for i := range right {
			right[i] = s.pred[i] == s.gold[i]
		}
		ece := metrics.TopECE(s.conf, right, bins)
		cr.ECE = &ece
		rel = metrics.TopReliability(s.conf, right, bins)
	}
	for _, b := range rel {
		cr.Reliability = append(cr.Reliability, result.Bin{Lo: b.Lo, Hi: b.Hi, Count: b.Count, Confidence: b.Confidence, Accuracy: b.Accuracy})
	}
}

func point(v float64) result.Estimate { return result.Estimate{Value: v, Lo: v, Hi: v} }

// intervals sets the bootstrap intervals of accuracy, macro-F1 and each
// class's F1.
func (s *scored) intervals(cr *result.Column, reps int, seed uint64) {
	k := len(s.labels)
	byDoc := make([][]int, s.nDocs)
	for i, d := range s.doc {
		byDoc[d] = append(byDoc[d], i)
	}
	var g, p []int
	sample := func(docs []int) {
		g, p = g[:0], p[:0]
		for _, d := range docs {
			for _, i := range byDoc[d] {
				g = append(g, s.gold[i])
				p = append(p, s.pred[i])
			}
		}
	}
	set := func(e *result.Estimate, f func() float64) {
		e.Lo, e.Hi = metrics.Bootstrap(s.nDocs, reps, seed, func(docs []int) float64 {
			sample(docs)
			return f()
		})
	}
	set(&cr.Accuracy, func() float64 { return metrics.Accuracy(g, p) })
	set(&cr.MacroF1, func() float64 { return metrics.MacroF1(g, p, k) })
	for c := range cr.PerClass {
		set(&cr.PerClass[c].F1, func() float64 { return metrics.PerClass(g, p, k)[c].F1 })
	}
}

// meanSD is the mean and sample standard deviation (0 for one value).
func meanSD(v []float64) (float64, float64) {
	if len(v) < 2 {
		return stat.Mean(v, nil), 0
	}
	return stat.MeanStdDev(v, nil)
}
