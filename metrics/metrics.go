// Package metrics scores predicted labels against gold labels.
//
// Conventions: labels are class indices 0..k-1; gold and pred are aligned
// slices of equal length. A ratio with a zero denominator (precision of a
// class never predicted, say) is defined as 0, as scikit-learn's
// zero_division=0 does.
package metrics

import "fmt"

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
// each 0 where its denominator is 0.
func PerClass(gold, pred []int, k int) []ClassScores {
	c := Confusion(gold, pred, k)
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
