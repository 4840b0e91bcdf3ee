// Package metrics scores predicted labels against gold labels: counts and
// F1 averages (this file), agreement between raters (agreement.go),
// calibration of predicted probabilities (calibration.go) and bootstrap
// intervals (bootstrap.go).
//
// Conventions: labels are class indices 0..k-1 (Pairwise also takes
// Missing, -1, for an item a rater left out); gold and pred are aligned
// slices of equal length. A ratio with a zero denominator (precision of a
// class never predicted, say) is defined as 0, as scikit-learn's
// zero_division=0 does.
package metrics

import (
	"fmt"

	"gonum.org/v1/gonum/floats"
)

// Confusion returns the k×k confusion matrix: C[g][p] counts the documents
// of gold class g predicted as class p.
func Confusion(gold, pred []int, k int) [][]int {
	mustAlign(gold, pred)
	c := make([][]int, k)
	for i := range c {
		c[i] = make([]int, k)
	}
	for i, g := range gold {
		c[g][pred[i]]++
	}
	return c
}

// Accuracy returns the share of documents predicted right,
//
//	accuracy = (1/n) Σ_i 1{pred_i = gold_i}
//
// and 0 for no documents.
func Accuracy(gold, pred []int) float64 {
	mustAlign(gold, pred)
	if len(gold) == 0 {
		return 0
	}
	right := 0
	for i, g := range gold {
		if pred[i] == g {
			right++
		}
	}
	return float64(right) / float64(len(gold))
}

// ClassScores holds one class's precision, recall, F1 and support.
type ClassScores struct {
	Precision, Recall, F1 float64
	Support               int // gold documents of the class
}

// PerClass returns the scores of each class c:
//
//	precision_c = TP_c / (TP_c + FP_c)
//	recall_c    = TP_c / (TP_c + FN_c)
//	F1_c        = 2 precision_c recall_c / (precision_c + recall_c)
//
// each 0 where its denominator is 0. It is PerClassFromConfusion of
// Confusion(gold, pred, k), and matches scikit-learn's
// precision_recall_fscore_support(labels=range(k), zero_division=0).
func PerClass(gold, pred []int, k int) []ClassScores {
	return PerClassFromConfusion(Confusion(gold, pred, k))
}

// PerClassFromConfusion returns the scores of each class c of a k×k
// confusion matrix C (C[g][p] counts gold g predicted as p, as Confusion
// builds it):
//
//	TP_c = C[c][c]
//	TP_c + FP_c = Σ_g C[g][c]   (column sum: predicted as c)
//	TP_c + FN_c = Σ_p C[c][p]   (row sum: support of c)
//	precision_c = TP_c / (TP_c + FP_c)
//	recall_c    = TP_c / (TP_c + FN_c)
//	F1_c        = 2 precision_c recall_c / (precision_c + recall_c)
//
// each 0 where its denominator is 0 (scikit-learn's zero_division=0). It
// panics if C is not square.
func PerClassFromConfusion(c [][]int) []ClassScores {
	k := mustSquare(c)
	out := make([]ClassScores, k)
	for i := 0; i < k; i++ {
		tp := c[i][i]
		var gold, predicted int
		for j := 0; j < k; j++ {
			gold += c[i][j]
			predicted += c[j][i]
		}
		s := ClassScores{Support: gold}
		if predicted > 0 {
			s.Precision = float64(tp) / float64(predicted)
		}
		if gold > 0 {
			s.Recall = float64(tp) / float64(gold)
		}
		if s.Precision+s.Recall > 0 {
			s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
		}
		out[i] = s
	}
	return out
}

// MacroF1 returns the unweighted mean of the per-class F1 over the classes
// that occur in gold or pred,
//
//	macro-F1 = (1/|L|) Σ_{c ∈ L} F1_c,   L = classes with support or predictions
//
// which is scikit-learn's f1_score(average="macro") on the labels present.
func MacroF1(gold, pred []int, k int) float64 {
	per := PerClass(gold, pred, k)
	present := make([]bool, k)
	for i, g := range gold {
		present[g] = true
		present[pred[i]] = true
	}
	var sum float64
	n := 0
	for c, s := range per {
		if present[c] {
			sum += s.F1
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return sum / float64(n)
}

// MicroF1 returns the micro-averaged F1, computed from the counts pooled
// over all k classes,
//
//	P_micro = Σ_c TP_c / Σ_c (TP_c + FP_c)
//	R_micro = Σ_c TP_c / Σ_c (TP_c + FN_c)
//	micro-F1 = 2 P_micro R_micro / (P_micro + R_micro)
//
// and 0 for no documents. For single-label multi-class data it equals
// Accuracy: every document is predicted as exactly one class, so each
// error is one false positive (for the predicted class) and one false
// negative (for the gold class) at once; hence Σ_c FP_c = Σ_c FN_c = n -
// Σ_c TP_c, both denominators are n, and P_micro = R_micro = micro-F1 =
// Σ_c TP_c / n. Labels must lie in 0..k-1. It is scikit-learn's
// f1_score(average="micro").
func MicroF1(gold, pred []int, k int) float64 {
	c := Confusion(gold, pred, k)
	var tp, predicted, support int
	for i := range c {
		tp += c[i][i]
		for j := range c {
			support += c[i][j]
			predicted += c[j][i]
		}
	}
	var p, r float64
	if predicted > 0 {
		p = float64(tp) / float64(predicted)
	}
	if support > 0 {
		r = float64(tp) / float64(support)
	}
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// WeightedF1 returns the mean of the per-class F1 weighted by each class's
// support (its number of gold documents),
//
//	weighted-F1 = Σ_c support_c F1_c / Σ_c support_c
//
// and 0 for no documents. Classes absent from gold weigh nothing, and a
// class never predicted adds F1 = 0 with its full weight. Labels must lie
// in 0..k-1. It is scikit-learn's f1_score(average="weighted",
// zero_division=0).
func WeightedF1(gold, pred []int, k int) float64 {
	per := PerClass(gold, pred, k)
	f1 := make([]float64, k)
	w := make([]float64, k)
	for c, s := range per {
		f1[c] = s.F1
		w[c] = float64(s.Support)
	}
	total := floats.Sum(w)
	if total == 0 {
		return 0
	}
	return floats.Dot(w, f1) / total
}

// MeanF1 returns the unweighted mean of the per-class F1 over exactly the
// given classes, whether or not they occur in gold or pred,
//
//	mean-F1 = (1/|S|) Σ_{c ∈ S} F1_c,   S = classes
//
// and 0 for an empty S. A class in S that is neither in gold nor predicted
// adds F1 = 0. A class listed twice counts twice. With S = {FAVOR, AGAINST}
// it is F_avg, the official score of SemEval-2016 Task 6 (Mohammad et al.
// 2016, "SemEval-2016 Task 6: Detecting Stance in Tweets"), which leaves
// out the NONE class; it equals scikit-learn's f1_score(labels=S,
// average="macro", zero_division=0). Labels and classes must lie in
// 0..k-1; it panics on a class outside that range.
func MeanF1(gold, pred []int, k int, classes []int) float64 {
	per := PerClass(gold, pred, k)
	if len(classes) == 0 {
		return 0
	}
	f1 := make([]float64, len(classes))
	for i, c := range classes {
		mustLabel(c, k)
		f1[i] = per[c].F1
	}
	return floats.Sum(f1) / float64(len(f1))
}

// NormalizeRows returns the row-normalised confusion matrix: each count
// divided by the sum of its row (the support of the gold class),
//
//	N[g][p] = C[g][p] / Σ_q C[g][q]
//
// so N[g][g] is the recall of class g. Rows that sum to 0 (classes absent
// from gold) stay all 0. It is scikit-learn's
// confusion_matrix(normalize="true") with zero_division=0 behaviour; rows
// of C may be of any length.
func NormalizeRows(c [][]int) [][]float64 {
	out := make([][]float64, len(c))
	for i, row := range c {
		r := make([]float64, len(row))
		for j, v := range row {
			r[j] = float64(v)
		}
		if sum := floats.Sum(r); sum != 0 {
			for j := range r {
				r[j] /= sum // divide, not scale by 1/sum: same rounding as sklearn
			}
		}
		out[i] = r
	}
	return out
}

// Majority returns the most frequent class in y, the smallest index among
// ties, and -1 for no documents.
func Majority(y []int, k int) int {
	count := make([]int, k)
	for _, c := range y {
		count[c]++
	}
	best := -1
	for c, n := range count {
		if n > 0 && (best < 0 || n > count[best]) {
			best = c
		}
	}
	return best
}

func mustAlign(gold, pred []int) {
	if len(gold) != len(pred) {
		panic(fmt.Sprintf("metrics: %d gold labels but %d predictions", len(gold), len(pred)))
	}
}

// mustSquare returns the size k of the k×k matrix c and panics if c is not
// square.
func mustSquare(c [][]int) int {
	for i, row := range c {
		if len(row) != len(c) {
			panic(fmt.Sprintf("metrics: confusion matrix has %d rows but row %d has %d columns", len(c), i, len(row)))
		}
	}
	return len(c)
}

// mustLabel panics unless 0 <= c < k.
func mustLabel(c, k int) {
	if c < 0 || c >= k {
		panic(fmt.Sprintf("metrics: label %d outside 0..%d", c, k-1))
	}
}
