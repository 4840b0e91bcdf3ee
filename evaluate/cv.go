package evaluate

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"github.com/stance-nlp/stance/classifier"
	"github.com/stance-nlp/stance/evaluate/result"
	"github.com/stance-nlp/stance/metrics"

	"gonum.org/v1/gonum/floats"
)

// CVOptions configures CV.
type CVOptions struct {
	Options
	Folds   int // k of k-fold; 5 when 0
	Repeats int // times the whole k-fold is run with a new shuffle; 1 when 0
	// Curve lists the shares of each training fold (0 < q <= 1) to train
	// on for the learning curve; empty means no curve. The full fold
	// (q = 1) is always fitted, since it gives the cross-validated
	// predictions.
	Curve []float64
	// Choose, when not nil, picks each fold's recipe from its training
	// part (classifier.CVPlan.Choose): with a recipe search, the report
	// scores the search itself, nested inside the folds.
	Choose func(train *classifier.TrainingSet) (classifier.Recipe, error)
	// Progress, when not nil, is told after each fit how many of the
	// total fits are done.
	Progress func(done, total int)
}

// DefaultCurve is the learning curve's training shares.
func DefaultCurve() []float64 { return []float64{0.1, 0.2, 0.4, 0.6, 0.8, 1} }

// CV cross-validates recipe r on s with classifier.CrossPredict: for each
// repeat, stratified k folds on the first label column, seeded with
// Seed+repeat; each fold fits the whole recipe, vocabulary included, on
// the other folds and predicts it. The report scores the pooled
// out-of-fold predictions (every document once per repeat), and the
// majority baseline predicts the commonest label of s.
//
// When s is grouped (s.Groups), every fit is train -by's: the pooled model
// and one per group, each document predicted by the model of its group,
// and the folds are stratified on group and label together; the report
// scores the out-of-fold predictions of all groups pooled.
//
// The learning curve's point at share 1 is the mean ± sd over folds (and
// repeats) of the per-fold scores, which is what `stance train` reports
// for the same seed; the pooled macro-F1 of the report can differ from
// it, since F1 does not average over folds.
//
// When r calibrates (r.Calibrate), each fold's predictions are calibrated
// by the map that Train would fit on the fold's training part:
// classifier.FitCalibrations on that part alone, a nested r.Folds-fold
// cross-validation (seed r.Seed) whose out-of-fold predictions fit T. The
// fold itself, and so every document scored, is never seen by its map, so
// the calibrated scores are honest estimates for a model trained with r,
// at the cost of r.Folds more fits per fold. (Fitting T on the training
// part's own in-sample predictions would be cheaper, but those are
// overconfident and would leave the map under-correcting; fitting it on
// the pooled out-of-fold predictions that are then scored would be
// optimistic.) The report gives the scores of the probabilities before
// calibration beside them; the labels are the same.
func CV(s *classifier.TrainingSet, r classifier.Recipe, o CVOptions) ([]result.Column, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	if o.Folds == 0 {
		o.Folds = 5
	}
	if o.Repeats == 0 {
		o.Repeats = 1
	}
	if o.Folds < 2 || o.Folds > len(s.Texts) {
		return nil, fmt.Errorf("%d folds for %d documents", o.Folds, len(s.Texts))
	}
	curve := slices.Clone(o.Curve)
	for _, q := range curve {
		if !(q > 0 && q <= 1) {
			return nil, fmt.Errorf("learning-curve share %g outside (0, 1]", q)
		}
	}
	if !slices.Contains(curve, 1) {
		curve = append(curve, 1)
	}
	slices.Sort(curve)
	curve = slices.Compact(curve)

	nc := len(s.Columns)
	sets := make([][]string, nc)
	ys := make([][]int, nc)
	sc := make([]*scored, nc)
	for c := range s.Columns {
		sets[c] = classifier.LabelSet(s.Labels[c])
		ys[c] = make([]int, len(s.Texts))
		for i, l := range s.Labels[c] {
			ys[c][i], _ = slices.BinarySearch(sets[c], l)
		}
		sc[c] = &scored{labels: sets[c], nDocs: len(s.Texts)}
	}
	// points[c][q] collects per-fold scores at curve share q.
	type foldScore struct{ size, macro, acc float64 }
	points := make([][][]foldScore, nc)
	for c := range points {
		points[c] = make([][]foldScore, len(curve))
	}
	inner := 0 // fits of each fold's nested cross-validation
	if r.Calibrates() {
		inner = r.Folds
		for c := range sc {
			sc[c].calibration = r.Calibrate
		}
	}
	total, done := o.Repeats*o.Folds*(len(curve)+inner), 0
	fitted := func() {
		done++
		if o.Progress != nil {
			o.Progress(done, total)
		}
	}
	plan := classifier.CVPlan{Folds: o.Folds, Repeats: o.Repeats, Seed: o.Seed}
	if o.Choose != nil {
		plan.Choose = func(_, _ int, train *classifier.TrainingSet) (classifier.Recipe, error) { return o.Choose(train) }
	}
	// Each fold fits one stratified share of its training part per point
	// of the curve, the full part last.
	plan.Subsets = func(rep, f int, train []int) ([][]int, error) {
		subs := make([][]int, len(curve))
		for qi, q := range curve {
			sub := subsample(train, ys[0], len(sets[0]), q, (o.Seed+uint64(rep))*1000003+uint64(f))
			if !twoLabels(ys, sub) {
				fitted()
				// A small share may hold one label only in some column:
				// that point of the curve is left out for this fold.
				if q < 1 {
					continue
				}
				return nil, fmt.Errorf("repeat %d, fold %d: %w", rep+1, f+1, errTooFewLabels)
			}
			subs[qi] = sub
		}
		return subs, nil
	}
	err := classifier.CrossPredict(s, r, plan, func(fit *classifier.CVFit) error {
		fitted()
		var cals []*classifier.Calibration
		if inner > 0 && curve[fit.Subset] == 1 {
			var err error
			if cals, err = classifier.FitCalibrations(subset(s, fit.Train), r, nil); err != nil {
				return fmt.Errorf("repeat %d, fold %d: calibration: %w", fit.Repeat+1, fit.Fold+1, err)
			}
			for range inner {
				fitted()
			}
		}
		for c := range s.Columns {
			gold := make([]int, len(fit.Test))
			pred := make([]int, len(fit.Test))
			for j, i := range fit.Test {
				gold[j] = ys[c][i]
				pred[j] = floats.MaxIdx(fit.Probs[c][j])
			}
			points[c][fit.Subset] = append(points[c][fit.Subset], foldScore{
				size:  float64(len(fit.Train)),
				macro: metrics.MacroF1(gold, pred, len(sets[c])),
				acc:   metrics.Accuracy(gold, pred),
			})
			if curve[fit.Subset] == 1 {
				sc[c].gold = append(sc[c].gold, gold...)
				sc[c].pred = append(sc[c].pred, pred...)
				sc[c].doc = append(sc[c].doc, fit.Test...)
				sc[c].src = append(sc[c].src, fit.Test...)
				if cals == nil || cals[c] == nil {
					sc[c].probs = append(sc[c].probs, fit.Probs[c]...)
					continue
				}
				sc[c].raw = append(sc[c].raw, fit.Probs[c]...)
				sc[c].temps = append(sc[c].temps, cals[c].Temperature)
				for _, p := range fit.Probs[c] {
					q := slices.Clone(p)
					cals[c].Apply(q)
					sc[c].probs = append(sc[c].probs, q)
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]result.Column, nc)
	for c, name := range s.Columns {
		cr := column(name, sc[c], metrics.Majority(ys[c], len(sets[c])), o.Options, &docTexts{texts: s.Texts, ids: s.IDs})
		cr.Folds, cr.Repeats = o.Folds, o.Repeats
		if len(o.Curve) > 0 {
			for qi := range curve {
				ps := points[c][qi]
				if len(ps) == 0 {
					continue
				}
				var size, macro, acc []float64
				for _, p := range ps {
					size = append(size, p.size)
					macro = append(macro, p.macro)
					acc = append(acc, p.acc)
				}
				sz, _ := meanSD(size)
				pt := result.CurvePoint{TrainSize: int(sz + 0.5)}
				pt.MacroF1, pt.MacroF1SD = meanSD(macro)
				pt.Accuracy, pt.AccuracySD = meanSD(acc)
				cr.LearningCurve = append(cr.LearningCurve, pt)
			}
		}
		out[c] = cr
	}
	return out, nil
}

// subset returns the documents idx of s as a training set of their own.
func subset(s *classifier.TrainingSet, idx []int) *classifier.TrainingSet {
	out := &classifier.TrainingSet{Columns: s.Columns, Texts: make([]string, len(idx)), Labels: make([][]string, len(s.Columns))}
	for j, i := range idx {
		out.Texts[j] = s.Texts[i]
	}
	for c := range s.Columns {
		out.Labels[c] = make([]string, len(idx))
		for j, i := range idx {
			out.Labels[c][j] = s.Labels[c][i]
		}
	}
	return out
}

var errTooFewLabels = errors.New("a column has fewer than two labels in this training share")

// twoLabels reports whether the documents idx hold at least two labels in
// every column of the encoded labels ys.
func twoLabels(ys [][]int, idx []int) bool {
	for _, y := range ys {
		if !slices.ContainsFunc(idx, func(i int) bool { return y[i] != y[idx[0]] }) {
			return false
		}
	}
	return true
}

// subsample returns a share q of idx, stratified on y: from each class
// round(q × its count) documents, at least one, picked by a seeded
// shuffle, in idx order.
func subsample(idx, y []int, k int, q float64, seed uint64) []int {
	if q >= 1 {
		return idx
	}
	rng := rand.New(rand.NewPCG(seed, 0x4355525645)) // "CURVE"
	byClass := make([][]int, k)
	for _, i := range idx {
		byClass[y[i]] = append(byClass[y[i]], i)
	}
	var out []int
	for _, members := range byClass {
		if len(members) == 0 {
			continue
		}
		n := int(q*float64(len(members)) + 0.5)
		n = max(n, 1)
		rng.Shuffle(len(members), func(a, b int) { members[a], members[b] = members[b], members[a] })
		out = append(out, members[:n]...)
	}
	slices.Sort(out)
	return out
}

// ParseCurve reads the training shares of a learning curve from a
// comma-separated list such as "0.1,0.5,1"; "none" (or "") means no curve.
// Every share must be in (0, 1].
func ParseCurve(s string) ([]float64, error) {
	if s == "none" {
		return nil, nil
	}
	var out []float64
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		q, err := strconv.ParseFloat(f, 64)
		if err != nil || !(q > 0 && q <= 1) {
			return nil, fmt.Errorf("%q is not a share in (0, 1]", f)
		}
		out = append(out, q)
	}
	return out, nil
}
