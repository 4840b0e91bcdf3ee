package classifier

import (
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/metrics"
	"gonum.org/v1/gonum/floats"

	"github.com/stance-nlp/stance/internal/benchdata"
)

// The calibration maps compared by TestCalibrationTable. Each is fitted
// on predictions (their scores s, probabilities p and gold labels) and
// returns a function from one document's s and p to calibrated
// probabilities.
type calibrator struct {
	name string
	fit  func(scores, probs [][]float64, gold []int) func(s, p []float64) []float64
}

func calibrators() []calibrator {
	return []calibrator{
		{"none", func(_, _ [][]float64, _ []int) func(s, p []float64) []float64 {
			return func(_, p []float64) []float64 { return slices.Clone(p) }
		}},
		// The map shipped: q ∝ p^(1/T).
		{"temperature of p (shipped)", func(_, probs [][]float64, gold []int) func(s, p []float64) []float64 {
			c := &Calibration{Method: CalibrateTemperature, Temperature: FitTemperature(probs, gold)}
			return func(_, p []float64) []float64 {
				q := slices.Clone(p)
				c.Apply(q)
				return q
			}
		}},
		// q ∝ σ(s/T): the one-vs-rest link at temperature T.
		{"temperature of s, ovr link", func(scores, _ [][]float64, gold []int) func(s, p []float64) []float64 {
			apply := func(t float64, s []float64) []float64 {
				q := make([]float64, len(s))
				var z float64
				for k, v := range s {
					q[k] = 1 / (1 + math.Exp(-v/t))
					z += q[k]
				}
				floats.Scale(1/z, q)
				return q
			}
			t := minimiseT(func(t float64) float64 {
				return meanNLL(scores, gold, func(s []float64) []float64 { return apply(t, s) })
			})
			return func(s, _ []float64) []float64 { return apply(t, s) }
		}},
		// q = softmax(s/T).
		{"temperature of s, softmax", func(scores, _ [][]float64, gold []int) func(s, p []float64) []float64 {
			apply := func(t float64, s []float64) []float64 {
				q := make([]float64, len(s))
				for k, v := range s {
					q[k] = v / t
				}
				(&Linear{Link: Softmax}).link(q)
				return q
			}
			t := minimiseT(func(t float64) float64 {
				return meanNLL(scores, gold, func(s []float64) []float64 { return apply(t, s) })
			})
			return func(s, _ []float64) []float64 { return apply(t, s) }
		}},
		// q ∝ σ(a_k s_k + b_k): Platt scaling of each class's one-vs-rest
		// score, fitted as a logistic regression on the class's
		// membership, then normalised.
		{"Platt per class", func(scores, _ [][]float64, gold []int) func(s, p []float64) []float64 {
			k := len(scores[0])
			a, b := make([]float64, k), make([]float64, k)
			for c := range k {
				x := make([]float64, len(scores))
				y := make([]bool, len(scores))
				for i, s := range scores {
					x[i], y[i] = s[c], gold[i] == c
				}
				a[c], b[c] = platt(x, y)
			}
			return func(s, _ []float64) []float64 {
				q := make([]float64, len(s))
				var z float64
				for c, v := range s {
					q[c] = 1 / (1 + math.Exp(-(a[c]*v + b[c])))
					z += q[c]
				}
				floats.Scale(1/z, q)
				return q
			}
		}},
	}
}

// minimiseT minimises f over ln T in [ln 0.01, ln 100] by golden-section
// search (f is unimodal there for every map above).
func minimiseT(f func(t float64) float64) float64 {
	lo, hi := math.Log(0.01), math.Log(100)
	g := (math.Sqrt(5) - 1) / 2
	x1, x2 := hi-g*(hi-lo), lo+g*(hi-lo)
	f1, f2 := f(math.Exp(x1)), f(math.Exp(x2))
	for range 80 {
		if f1 < f2 {
			hi, x2, f2 = x2, x1, f1
			x1 = hi - g*(hi-lo)
			f1 = f(math.Exp(x1))
		} else {
			lo, x1, f1 = x1, x2, f2
			x2 = lo + g*(hi-lo)
			f2 = f(math.Exp(x2))
		}
	}
	return math.Exp((lo + hi) / 2)
}

// platt fits P(y) = σ(a x + b) by Newton's method with backtracking, to
// Platt's (1999) smoothed targets (n₊+1)/(n₊+2) and 1/(n₋+2), which keep
// a and b finite on separable data.
func platt(x []float64, y []bool) (a, b float64) {
	var pos, neg float64
	for _, v := range y {
		if v {
			pos++
		} else {
			neg++
		}
	}
	target := make([]float64, len(y))
	for i, v := range y {
		target[i] = 1 / (neg + 2)
		if v {
			target[i] = (pos + 1) / (pos + 2)
		}
	}
	// loss is the cross-entropy against the targets, computed stably.
	loss := func(a, b float64) float64 {
		var l float64
		for i, v := range x {
			z := a*v + b
			// -t ln σ(z) - (1-t) ln σ(-z) = ln(1+e^z) - t z
			l += math.Max(z, 0) + math.Log1p(math.Exp(-math.Abs(z))) - target[i]*z
		}
		return l
	}
	a, b = 1, 0
	cur := loss(a, b)
	for range 200 {
		var ga, gb, haa, hab, hbb float64
		for i, v := range x {
			p := 1 / (1 + math.Exp(-(a*v + b)))
			w := p * (1 - p)
			ga += (p - target[i]) * v
			gb += p - target[i]
			haa += w * v * v
			hab += w * v
			hbb += w
		}
		haa, hbb = haa+1e-9, hbb+1e-9
		det := haa*hbb - hab*hab
		da, db := (hbb*ga-hab*gb)/det, (haa*gb-hab*ga)/det
		step := 1.0
		for ; step > 1e-10; step /= 2 {
			if l := loss(a-step*da, b-step*db); l <= cur {
				a, b, cur = a-step*da, b-step*db, l
				break
			}
		}
		if step <= 1e-10 || math.Abs(step*da)+math.Abs(step*db) < 1e-10 {
			break
		}
	}
	return a, b
}

// nllFloor keeps the log-loss of a gold label given probability 0 finite.
const nllFloor = 1e-15

// meanNLL is the mean of −ln q_y over the documents, q = apply(s).
func meanNLL(scores [][]float64, gold []int, apply func(s []float64) []float64) float64 {
	var sum float64
	for i, s := range scores {
		sum -= math.Log(math.Max(apply(s)[gold[i]], nllFloor))
	}
	return sum / float64(len(scores))
}

// predictions are a column's predictions of some documents: scores
// s = W x + b, probabilities and gold label indices, and the fold of each
// (for out-of-fold predictions).
type predictions struct {
	scores, probs [][]float64
	gold, fold    []int
}

func (p *predictions) subset(keep func(i int) bool) *predictions {
	out := &predictions{}
	for i := range p.gold {
		if keep(i) {
			out.scores = append(out.scores, p.scores[i])
			out.probs = append(out.probs, p.probs[i])
			out.gold = append(out.gold, p.gold[i])
			out.fold = append(out.fold, p.fold[i])
		}
	}
	return out
}

// predict returns b's predictions of texts for each column, gold labels
// in labels[c] (which must be labels b knows).
func predict(b *Bundle, texts []string, labels [][]string) []*predictions {
	e := b.Vectorizer.NewExtractor()
	out := make([]*predictions, len(b.Columns))
	for c := range b.Columns {
		out[c] = &predictions{gold: encode(labels[c], b.Columns[c].Labels), fold: make([]int, len(texts))}
	}
	for _, t := range texts {
		x := e.Vector(t)
		for c := range b.Columns {
			lin := b.Columns[c].Linear()
			s := make([]float64, lin.Classes())
			for k := range s {
				s[k] = x.Dot(lin.W[k]) + lin.B[k]
			}
			p := slices.Clone(s)
			lin.link(p)
			out[c].scores = append(out[c].scores, s)
			out[c].probs = append(out[c].probs, p)
		}
	}
	return out
}

// outOfFoldPredictions cross-validates r on s in k folds as CrossPredict
// deals them, keeping the scores too. Every training part must hold every
// label (true of the sets measured here).
func outOfFoldPredictions(t *testing.T, s *TrainingSet, r Recipe, k int) []*predictions {
	t.Helper()
	r.Folds, r.Calibrate = 0, ""
	sets := make([][]string, len(s.Columns))
	for c := range sets {
		sets[c] = LabelSet(s.Labels[c])
	}
	fold := StratifiedFolds(encode(s.Labels[0], sets[0]), len(sets[0]), k, r.Seed)
	out := make([]*predictions, len(s.Columns))
	for c := range out {
		out[c] = &predictions{}
	}
	for f := range k {
		train, test := &TrainingSet{Columns: s.Columns}, &TrainingSet{Columns: s.Columns}
		train.Labels, test.Labels = make([][]string, len(s.Columns)), make([][]string, len(s.Columns))
		for i, fi := range fold {
			part := train
			if fi == f {
				part = test
			}
			part.Texts = append(part.Texts, s.Texts[i])
			for c := range s.Columns {
				part.Labels[c] = append(part.Labels[c], s.Labels[c][i])
			}
		}
		b, err := fit(train, r, nil)
		if err != nil {
			t.Fatal(err)
		}
		for c, p := range predict(b, test.Texts, test.Labels) {
			if !slices.Equal(b.Columns[c].Labels, sets[c]) {
				t.Fatalf("fold %d of %s lacks a label", f+1, s.Columns[c])
			}
			out[c].scores = append(out[c].scores, p.scores...)
			out[c].probs = append(out[c].probs, p.probs...)
			out[c].gold = append(out[c].gold, p.gold...)
			for range p.gold {
				out[c].fold = append(out[c].fold, f)
			}
		}
	}
	return out
}

// calScores are the scores of calibrated probabilities.
type calScores struct{ nll, ece, brier, acc float64 }

func scoreProbs(q [][]float64, gold []int) calScores {
	var nll float64
	pred := make([]int, len(q))
	for i, p := range q {
		nll -= math.Log(math.Max(p[gold[i]], nllFloor))
		pred[i] = floats.MaxIdx(p)
	}
	return calScores{
		nll:   nll / float64(len(q)),
		ece:   metrics.ECE(q, gold, 10),
		brier: metrics.Brier(q, gold),
		acc:   metrics.Accuracy(gold, pred),
	}
}

// crossFitted scores calibrator m on out-of-fold predictions p: each
// fold's predictions are calibrated by the map fitted on the other folds'.
func crossFitted(m calibrator, p *predictions, k int) calScores {
	q := make([][]float64, len(p.gold))
	for f := range k {
		train := p.subset(func(i int) bool { return p.fold[i] != f })
		apply := m.fit(train.scores, train.probs, train.gold)
		for i := range q {
			if p.fold[i] == f {
				q[i] = apply(p.scores[i], p.probs[i])
			}
		}
	}
	return scoreProbs(q, p.gold)
}

// heldOut scores calibrator m fitted on the out-of-fold predictions oof
// of the training split on the predictions test of the model trained on
// the whole split: what Train ships, scored on data it never saw.
func heldOut(m calibrator, oof, test *predictions) calScores {
	apply := m.fit(oof.scores, oof.probs, oof.gold)
	q := make([][]float64, len(test.gold))
	for i := range q {
		q[i] = apply(test.scores[i], test.probs[i])
	}
	return scoreProbs(q, test.gold)
}

// readPStance returns the tweets and stances of one target in a split,
// skipping the test when P-Stance is not beside the checkout.
func readPStance(t *testing.T, split, target string) (texts, labels []string) {
	t.Helper()
	dir, err := benchdata.Dir("pstance")
	if err != nil {
		t.Skipf("P-Stance benchmark not found: %v", err)
	}
	sets, err := benchdata.PStance(dir, split)
	if err != nil {
		t.Fatal(err)
	}
	k := slices.Index(benchdata.PStanceTargets(), target)
	return sets[k].Texts, sets[k].Labels
}

// TestCalibrationTable measures the calibration maps on the default recipe
// (STANCE_CALIBRATION=1; about half a minute): out-of-fold NLL, ECE (10 bins),
// Brier score and accuracy of 5-fold cross-validation, each fold's map
// fitted on the other folds' out-of-fold predictions, on the seed corpus,
// SST-2 train and each P-Stance target's train split; and for SST-2 and
// P-Stance also the held-out protocol that mirrors Train: the map fitted
// on the training split's out-of-fold predictions, applied to the model
// trained on the whole split, scored on the test split. The numbers back
// the choice documented on Calibration.
func TestCalibrationTable(t *testing.T) {
	if os.Getenv("STANCE_CALIBRATION") == "" {
		t.Skip("set STANCE_CALIBRATION=1 to measure the calibration maps")
	}
	r := RecipeV1()
	const k = 5
	report := func(name string, p *predictions, test *predictions) {
		t.Logf("%-26s T = %.3f fitted on all %d out-of-fold predictions", name, FitTemperature(p.probs, p.gold), len(p.gold))
		for _, m := range calibrators() {
			s := crossFitted(m, p, k)
			line := fmt.Sprintf("%-26s %-28s cv NLL %.3f ECE %.3f Brier %.3f acc %.3f", name, m.name, s.nll, s.ece, s.brier, s.acc)
			if test != nil {
				h := heldOut(m, p, test)
				line += fmt.Sprintf(" | test NLL %.3f ECE %.3f Brier %.3f acc %.3f", h.nll, h.ece, h.brier, h.acc)
			}
			t.Log(line)
		}
	}
	seed := seedSet(t)
	for c, p := range outOfFoldPredictions(t, seed, r, k) {
		report("seed "+seed.Columns[c], p, nil)
	}
	holdout := func(name string, trX, trY, teX, teY []string, col string) {
		set := &TrainingSet{Texts: trX, Columns: []string{col}, Labels: [][]string{trY}}
		oof := outOfFoldPredictions(t, set, r, k)[0]
		b, err := fit(set, r, nil)
		if err != nil {
			t.Fatal(err)
		}
		report(name, oof, predict(b, teX, [][]string{teY})[0])
	}
	if _, err := benchdata.Dir("sst2"); err == nil {
		trX, trY := readSST2(t, "train")
		teX, teY := readSST2(t, "test")
		holdout("SST-2", trX, trY, teX, teY, "sentiment")
	}
	if _, err := benchdata.Dir("pstance"); err == nil {
		for _, target := range []string{"Donald Trump", "Joe Biden", "Bernie Sanders"} {
			trX, trY := readPStance(t, "train", target)
			teX, teY := readPStance(t, "test", target)
			holdout("P-Stance "+strings.Fields(target)[1], trX, trY, teX, teY, "stance")
		}
	}
}
