package classifier

import (
	"fmt"
	"math/rand/v2"
	"slices"

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

// CVPlan says how CrossPredict cross-validates.
type CVPlan struct {
	Folds   int    // k of the k folds: at least 2, at most the documents
	Repeats int    // times the k folds are dealt afresh; 1 when 0
	Seed    uint64 // repeat r (from 0) deals its folds with seed Seed + r
	// Subsets, when not nil, is called at the start of each fold (repeat
	// and fold from 0) with the fold's training part, document indices in
	// increasing order, and returns the training sets to fit instead, such
	// as the shares of a learning curve: one fit each, in order, an empty
	// set left out. CrossPredict returns its error as it is.
	Subsets func(repeat, fold int, train []int) ([][]int, error)
	// Choose, when not nil, picks the recipe of each fold from the
	// fold's training part (the documents of train, in order), in place of
	// the recipe CrossPredict was given: a recipe search inside each fold
	// (nested cross-validation) scores the search itself on documents it
	// never saw.
	Choose func(repeat, fold int, train *TrainingSet) (Recipe, error)
	// Progress, when not nil, is told the start of each fold.
	Progress Progress
}

// CVFit is one fit of a cross-validation and its out-of-fold
// predictions.
type CVFit struct {
	Repeat, Fold int   // from 0
	Subset       int   // index of the training set among those CVPlan.Subsets returned; 0 without
	Train        []int // the documents fitted, in increasing order
	Test         []int // the documents of the fold, predicted, in increasing order
	// Probs[c][j] are the probabilities of document Test[j] over the
	// labels of column c, LabelSet(s.Labels[c]); a label missing from the
	// documents fitted has probability 0.
	Probs [][][]float64
	// Pooled, for a grouped set, holds the probabilities the pooled model
	// of the same fit gave, laid out as Probs, where Probs holds those of
	// the model of each document's group; nil for a set without groups.
	Pooled [][][]float64
	// cov is the coverage of each document of Test by the vocabulary of
	// the fit's pooled model, for Train's Profile.
	cov []coverage
}

// CrossPredict cross-validates recipe r on s and calls each with the
// out-of-fold predictions of every fit, in order of repeat, fold and
// training set; an error from each stops it and is returned as it is.
//
// For each repeat, the documents are dealt into p.Folds folds stratified
// on the first label column (StratifiedFolds, seeded p.Seed + repeat).
// Each fold is predicted by the recipe fitted, vocabulary included, on
// the other folds (or on the sets p.Subsets picks from them), exactly as
// Train fits it there, so no text of a fold leaks into its features and a
// label the training set lacks is one the model never predicts. r.Folds
// is ignored, and so is r.Calibrate: the probabilities are the models'
// own, which is what a calibration is fitted on. A column whose training set holds a single label, where no
// model can be fitted, predicts that label with probability 1.
//
// A grouped set (s.Groups) is stratified on group and first label
// together, so that every fold holds its share of each group's labels;
// each fit is Train's, the pooled model and one per group, and each
// document is predicted by the model of its group (Predictor.PredictGroup),
// the pooled model's predictions given beside (CVFit.Pooled).
//
// This is the one cross-validation loop of the project: CrossValidate
// (the scores Train stores) and package evaluate's cross-validated
// reports both score its predictions.
func CrossPredict(s *TrainingSet, r Recipe, p CVPlan, each func(*CVFit) error) error {
	if err := s.Validate(); err != nil {
		return err
	}
	if p.Folds < 2 || p.Folds > len(s.Texts) {
		return fmt.Errorf("classifier: %d folds for %d documents", p.Folds, len(s.Texts))
	}
	if err := s.checkStructured(r); err != nil {
		return err
	}
	s = s.ShareGrams()
	repeats := max(p.Repeats, 1)
	r.Folds, r.Calibrate = 0, ""
	sets := make([][]string, len(s.Columns))
	for c := range s.Columns {
		sets[c] = LabelSet(s.Labels[c])
	}
	strata := s.Labels[0]
	if s.Groups != nil {
		strata = make([]string, len(s.Texts))
		for i, g := range s.Groups {
			strata[i] = g + "\x00" + s.Labels[0][i]
		}
	}
	set0 := LabelSet(strata)
	y0 := encode(strata, set0)
	for rep := range repeats {
		fold := StratifiedFolds(y0, len(set0), p.Folds, p.Seed+uint64(rep))
		for f := range p.Folds {
			where := fmt.Sprintf("fold %d", f+1)
			if repeats > 1 {
				where = fmt.Sprintf("repeat %d, fold %d", rep+1, f+1)
				p.Progress.say("cross-validation repeat %d/%d, fold %d/%d", rep+1, repeats, f+1, p.Folds)
			} else {
				p.Progress.say("cross-validation fold %d/%d", f+1, p.Folds)
			}
			var train, test []int
			for i, fi := range fold {
				if fi == f {
					test = append(test, i)
				} else {
					train = append(train, i)
				}
			}
			fr := r
			if p.Choose != nil {
				var err error
				if fr, err = p.Choose(rep, f, s.subset(train)); err != nil {
					return fmt.Errorf("%s: %w", where, err)
				}
				fr.Folds = 0
			}
			subsets := [][]int{train}
			if p.Subsets != nil {
				var err error
				if subsets, err = p.Subsets(rep, f, train); err != nil {
					return err
				}
			}
			for n, sub := range subsets {
				if len(sub) == 0 {
					continue
				}
				probs, pooled, cov, err := foldProbs(s, sub, test, fr, sets)
				if err != nil {
					return fmt.Errorf("%s: %w", where, err)
				}
				if err := each(&CVFit{Repeat: rep, Fold: f, Subset: n, Train: sub, Test: test, Probs: probs, Pooled: pooled, cov: cov}); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// subset returns the documents idx of s, in that order, as a TrainingSet
// of s's columns.
func (s *TrainingSet) subset(idx []int) *TrainingSet {
	out := s.cut(idx)
	out.Columns, out.Labels = s.Columns, make([][]string, len(s.Columns))
	for c := range s.Columns {
		out.Labels[c] = make([]string, len(idx))
		for j, i := range idx {
			out.Labels[c][j] = s.Labels[c][i]
		}
	}
	return out
}

// foldProbs fits r on the documents train of s, as Train would, and
// returns, for each column c, the probabilities of each test document
// over sets[c], the column's labels in all of s. For a grouped s, out
// holds those of the model of each document's group, and pooled those of
// the pooled model; pooled is nil otherwise. cov is the coverage of each
// test document by the pooled model's vocabulary, all zero when no column
// could be fitted.
func foldProbs(s *TrainingSet, train, test []int, r Recipe, sets [][]string) (out, pooled [][][]float64, cov []coverage, err error) {
	grouped := s.Groups != nil
	sub := s.cut(train)
	if grouped {
		sub.GroupBy, sub.Groups = s.GroupBy, make([]string, len(train))
		for j, i := range train {
			sub.Groups[j] = s.Groups[i]
		}
	}
	blank := func() [][][]float64 {
		p := make([][][]float64, len(s.Columns))
		for c := range p {
			p[c] = make([][]float64, len(test))
			for j := range test {
				p[c][j] = make([]float64, len(sets[c]))
			}
		}
		return p
	}
	out = blank()
	cov = make([]coverage, len(test))
	if grouped {
		pooled = blank()
	}
	var fitted []int // the columns of s that sub holds
	for c := range s.Columns {
		labels := make([]string, len(train))
		for j, i := range train {
			labels[j] = s.Labels[c][i]
		}
		if set := LabelSet(labels); len(set) < 2 {
			k, _ := slices.BinarySearch(sets[c], set[0])
			for j := range test {
				out[c][j][k] = 1
				if grouped {
					pooled[c][j][k] = 1
				}
			}
			continue
		}
		fitted = append(fitted, c)
		sub.Columns = append(sub.Columns, s.Columns[c])
		sub.Labels = append(sub.Labels, labels)
	}
	if len(fitted) == 0 {
		return out, pooled, cov, nil
	}
	b, err := fitAll(sub, r, nil)
	if err != nil {
		return nil, nil, nil, err
	}
	p := b.NewPredictor()
	put := func(dst [][][]float64, j int, preds []Prediction) {
		for n, pr := range preds {
			c := fitted[n]
			for k, l := range b.Columns[n].Labels {
				m, _ := slices.BinarySearch(sets[c], l)
				dst[c][j][m] = pr.Probs[k]
			}
		}
	}
	for j, i := range test {
		// Coverage right after the pooled model's Predict reuses its
		// tokens.
		dst := out
		if grouped {
			dst = pooled
		}
		put(dst, j, p.Predict(s.Texts[i]))
		cov[j].words, cov[j].known = p.Coverage(s.Texts[i])
		if grouped {
			put(out, j, p.PredictGroup(s.Groups[i], s.Texts[i]))
		}
	}
	return out, pooled, cov, nil
}

// CrossValidate scores recipe r on s by stratified k-fold cross-validation
// (k = r.Folds, seed r.Seed; one repeat of CrossPredict): in each fold,
// the accuracy and macro-F1 of the most probable label, and those of the
// majority label of the fold's training part. It returns one CVScores per
// column: for a grouped s, those of the models by group.
func CrossValidate(s *TrainingSet, r Recipe, progress Progress) ([]CVScores, error) {
	grouped, _, _, err := crossValidate(s, r, progress)
	return grouped, err
}

// outOfFold is the pooled out-of-fold predictions of one cross-validation:
// probs[c][i] over the labels of column c, LabelSet(s.Labels[c]), and
// gold[c][i] the index of the true label, for each document once.
type outOfFold struct {
	probs [][][]float64
	gold  [][]int
	cov   []coverage // of each document, in the order of probs
}

// calibrate fits the calibration method names to each column of o
// (FitCalibration), with progress told of it.
func (o *outOfFold) calibrate(method string, columns []string, progress Progress) ([]*Calibration, error) {
	cals := make([]*Calibration, len(o.probs))
	for c := range cals {
		var err error
		if cals[c], err = FitCalibration(method, o.probs[c], o.gold[c]); err != nil {
			return nil, err
		}
		if cals[c] != nil {
			progress.say("calibrating %s: %s on %d out-of-fold predictions", columns[c], cals[c], cals[c].Docs)
		}
	}
	return cals, nil
}

// FitCalibrations fits r.Calibrate (see Calibration) to each column of s
// as Train does: on the out-of-fold predictions of the r.Folds-fold
// cross-validation, seed r.Seed, that CrossValidate scores. It returns
// one map per column, nil for each when r calibrates nothing. Package
// evaluate calls it on each training fold of its own cross-validation,
// to score calibration on documents the map has not seen.
func FitCalibrations(s *TrainingSet, r Recipe, progress Progress) ([]*Calibration, error) {
	if !r.Calibrates() {
		return make([]*Calibration, len(s.Columns)), nil
	}
	_, _, o, err := crossValidate(s, r, progress)
	if err != nil {
		return nil, err
	}
	return o.calibrate(r.Calibrate, s.Columns, progress)
}

// crossValidate is CrossValidate, which for a grouped s also returns the
// scores of the pooled model on the same folds (pooled is out for a set
// without groups), and the pooled model's out-of-fold predictions, on
// which Train fits its calibration.
func crossValidate(s *TrainingSet, r Recipe, progress Progress) (out, pooled []CVScores, o *outOfFold, err error) {
	k := r.Folds
	if k < 2 {
		return nil, nil, nil, fmt.Errorf("classifier: %d folds; need at least 2", k)
	}
	if k > len(s.Texts) {
		return nil, nil, nil, fmt.Errorf("classifier: %d folds for %d documents", k, len(s.Texts))
	}
	sets := make([][]string, len(s.Columns))
	ys := make([][]int, len(s.Columns))
	for c := range s.Columns {
		sets[c] = LabelSet(s.Labels[c])
		ys[c] = encode(s.Labels[c], sets[c])
	}
	type foldScore struct{ acc, macro, bacc, bmacro float64 }
	// scores[0] of the predictions CrossPredict gives in Probs, scores[1]
	// of those in Pooled.
	var scores [2][][]foldScore
	for i := range scores {
		scores[i] = make([][]foldScore, len(s.Columns))
	}
	o = &outOfFold{probs: make([][][]float64, len(s.Columns)), gold: make([][]int, len(s.Columns))}
	err = CrossPredict(s, r, CVPlan{Folds: k, Seed: r.Seed, Progress: progress}, func(f *CVFit) error {
		// The pooled model's predictions are those of the model Train
		// writes as Columns, which the calibration is fitted for.
		pooledProbs := f.Pooled
		if pooledProbs == nil {
			pooledProbs = f.Probs
		}
		o.cov = append(o.cov, f.cov...)
		for c := range s.Columns {
			o.probs[c] = append(o.probs[c], pooledProbs[c]...)
			o.gold[c] = append(o.gold[c], pick(ys[c], f.Test)...)
		}
		for which, probs := range [][][][]float64{f.Probs, f.Pooled} {
			if probs == nil {
				continue
			}
			for c := range s.Columns {
				nc := len(sets[c])
				yte := pick(ys[c], f.Test)
				pred := make([]int, len(f.Test))
				for j := range pred {
					pred[j] = floats.MaxIdx(probs[c][j])
				}
				maj := metrics.Majority(pick(ys[c], f.Train), nc)
				base := make([]int, len(yte))
				for i := range base {
					base[i] = maj
				}
				scores[which][c] = append(scores[which][c], foldScore{
					acc:    metrics.Accuracy(yte, pred),
					macro:  metrics.MacroF1(yte, pred, nc),
					bacc:   metrics.Accuracy(yte, base),
					bmacro: metrics.MacroF1(yte, base, nc),
				})
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, nil, err
	}
	summarise := func(scores [][]foldScore) []CVScores {
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
		return out
	}
	out = summarise(scores[0])
	if s.Groups == nil {
		return out, out, o, nil
	}
	return out, summarise(scores[1]), o, nil
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
