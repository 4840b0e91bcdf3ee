package classifier

import (
	"fmt"
	"math/rand/v2"

	"github.com/stance-nlp/stance/features"
	"github.com/stance-nlp/stance/metrics"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/stat"
)

// CVScores summarises a k-fold cross-validation of one label column. Each
// figure is the mean over folds, with the sample standard deviation
// beside it:
//
//	mean = (1/k) Σ_f s_f,   sd = sqrt( Σ_f (s_f - mean)² / (k-1) )
//
// Baseline figures come from predicting, in each fold, the majority label
// of that fold's training part.
type CVScores struct {
	Folds         int     `json:"folds"`
	Seed          uint64  `json:"seed"`
	Accuracy      float64 `json:"accuracy"`
	AccuracySD    float64 `json:"accuracy_sd"`
	MacroF1       float64 `json:"macro_f1"`
	MacroF1SD     float64 `json:"macro_f1_sd"`
	BaselineAcc   float64 `json:"baseline_accuracy"`
	BaselineMacro float64 `json:"baseline_macro_f1"`
	BaselineLabel string  `json:"baseline_label"` // the majority label of the whole set
}

// StratifiedFolds assigns each document to one of k folds so that every
// class is spread as evenly as possible: the documents of each class are
// shuffled (seeded PCG) and dealt round-robin, continuing the deal from
// one class to the next. It returns the fold of each document.
func StratifiedFolds(y []int, nClasses, k int, seed uint64) []int {
	rng := rand.New(rand.NewPCG(seed, 0x5354414e4345)) // "STANCE"
	byClass := make([][]int, nClasses)
	for i, c := range y {
		byClass[c] = append(byClass[c], i)
	}
	fold := make([]int, len(y))
	next := 0
	for _, idx := range byClass {
		rng.Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
		for _, i := range idx {
			fold[i] = next % k
			next++
		}
	}
	return fold
}

// CrossValidate scores recipe r on s by stratified k-fold cross-validation
// (k = r.Folds, stratified on the first label column). Each fold fits its
// own vocabulary on its training part only, so no test text leaks into the
// features. It returns one CVScores per column.
func CrossValidate(s *TrainingSet, r Recipe, progress Progress) ([]CVScores, error) {
	k := r.Folds
	if k < 2 {
		return nil, fmt.Errorf("classifier: %d folds; need at least 2", k)
	}
	if k > len(s.Texts) {
		return nil, fmt.Errorf("classifier: %d folds for %d documents", k, len(s.Texts))
	}
	sets := make([][]string, len(s.Columns))
	ys := make([][]int, len(s.Columns))
	for c := range s.Columns {
		sets[c] = LabelSet(s.Labels[c])
		ys[c] = encode(s.Labels[c], sets[c])
	}
	fold := StratifiedFolds(ys[0], len(sets[0]), k, r.Seed)
	type foldScore struct{ acc, macro, bacc, bmacro float64 }
	scores := make([][]foldScore, len(s.Columns))
	for f := 0; f < k; f++ {
		progress.say("cross-validation fold %d/%d", f+1, k)
		var trainTexts, testTexts []string
		var trainIdx, testIdx []int
		for i, t := range s.Texts {
			if fold[i] == f {
				testTexts = append(testTexts, t)
				testIdx = append(testIdx, i)
			} else {
				trainTexts = append(trainTexts, t)
				trainIdx = append(trainIdx, i)
			}
		}
		vec, X, err := vectorize(r.Features, trainTexts)
		if err != nil {
			return nil, fmt.Errorf("fold %d: %w", f+1, err)
		}
		e := vec.NewExtractor()
		Xt := make([]features.Vector, len(testTexts))
		for i, t := range testTexts {
			Xt[i] = e.Vector(t)
		}
		for c, name := range s.Columns {
			nc := len(sets[c])
			ytr := pick(ys[c], trainIdx)
			yte := pick(ys[c], testIdx)
			m, err := r.New()
			if err != nil {
				return nil, err
			}
			if err := m.Fit(X, ytr, vec.Len(), nc); err != nil {
				return nil, fmt.Errorf("fold %d, %s: %w", f+1, name, err)
			}
			pred := make([]int, len(Xt))
			var p []float64
			for i, x := range Xt {
				p = m.Probs(x, p)
				pred[i] = floats.MaxIdx(p)
			}
			maj := metrics.Majority(ytr, nc)
			base := make([]int, len(yte))
			for i := range base {
				base[i] = maj
			}
			scores[c] = append(scores[c], foldScore{
				acc:    metrics.Accuracy(yte, pred),
				macro:  metrics.MacroF1(yte, pred, nc),
				bacc:   metrics.Accuracy(yte, base),
				bmacro: metrics.MacroF1(yte, base, nc),
			})
		}
	}
	out := make([]CVScores, len(s.Columns))
	for c := range s.Columns {
		get := func(f func(foldScore) float64) []float64 {
			v := make([]float64, len(scores[c]))
			for i, s := range scores[c] {
				v[i] = f(s)
			}
			return v
		}
		acc, accSD := meanSD(get(func(s foldScore) float64 { return s.acc }))
		mac, macSD := meanSD(get(func(s foldScore) float64 { return s.macro }))
		bacc, _ := meanSD(get(func(s foldScore) float64 { return s.bacc }))
		bmac, _ := meanSD(get(func(s foldScore) float64 { return s.bmacro }))
		out[c] = CVScores{
			Folds: k, Seed: r.Seed,
			Accuracy: acc, AccuracySD: accSD, MacroF1: mac, MacroF1SD: macSD,
			BaselineAcc: bacc, BaselineMacro: bmac,
			BaselineLabel: sets[c][metrics.Majority(ys[c], len(sets[c]))],
		}
	}
	return out, nil
}

func pick(y []int, idx []int) []int {
	out := make([]int, len(idx))
	for i, j := range idx {
		out[i] = y[j]
	}
	return out
}

// meanSD is the mean and sample standard deviation (0 for one value).
func meanSD(v []float64) (mean, sd float64) {
	if len(v) < 2 {
		return stat.Mean(v, nil), 0
	}
	return stat.MeanStdDev(v, nil)
}
