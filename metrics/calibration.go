package metrics

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
)

// Brier returns the multi-class Brier score, the mean squared distance
// between each document's probability vector and the one-hot vector of its
// gold class,
//
//	Brier = (1/n) Σ_i Σ_c (p_ic - 1{gold_i = c})²
//
// from 0 (certain and right) to 2 (certain and wrong), and 0 for no
// documents. probs[i] holds document i's class probabilities; they are not
// checked to sum to 1. For two classes it is twice scikit-learn's
// brier_score_loss(y, p) on the positive-class probability p = p_i1, since
// (p_i0 - y_i0)² = (p_i1 - y_i1)² when p_i0 = 1 - p_i1. It panics if probs
// and gold differ in length or gold_i is outside 0..len(probs[i])-1.
// Brier (1950), "Verification of forecasts expressed in terms of
// probability", Monthly Weather Review 78(1).
func Brier(probs [][]float64, gold []int) float64 {
	mustProbs(probs, gold)
	if len(gold) == 0 {
		return 0
	}
	sq := make([]float64, len(gold))
	for i, p := range probs {
		for c, v := range p {
			if c == gold[i] {
				v--
			}
			sq[i] += v * v
		}
	}
	return floats.Sum(sq) / float64(len(gold))
}

// Bin is one bin of a reliability diagram: the documents whose top-label
// confidence lies in [Lo, Hi) ([Lo, Hi] for the last bin).
type Bin struct {
	Lo, Hi     float64
	Count      int     // documents in the bin
	Confidence float64 // mean top-label confidence max_c p_ic of those documents
	Accuracy   float64 // share of them whose argmax class is gold
}

// Reliability returns the reliability diagram of probs against gold in
// bins equal-width bins over [0, 1] of the top-label confidence:
//
//	conf_i = max_c p_ic,   ŷ_i = argmax_c p_ic (ties: the lowest class)
//	bin b  = { i : b/B ≤ conf_i < (b+1)/B },   the last bin also takes 1
//	conf_b = (1/n_b) Σ_{i ∈ b} conf_i
//	acc_b  = (1/n_b) Σ_{i ∈ b} 1{ŷ_i = gold_i}
//
// The edges are Lo = float64(b)/float64(B) and Hi = float64(b+1)/float64(B),
// and membership is decided against those float64 edges, so a confidence
// of exactly 0.7 falls in the bin with Lo = 0.7. Confidences below 0 or
// above 1 go to the first or last bin. Empty bins are returned with Count,
// Confidence and Accuracy 0. It panics if bins < 1, if probs and gold
// differ in length or gold_i is outside 0..len(probs[i])-1. This is the
// binning of Guo et al. (2017), "On Calibration of Modern Neural Networks",
// section 2, after DeGroot and Fienberg (1983).
func Reliability(probs [][]float64, gold []int, bins int) []Bin {
	mustProbs(probs, gold)
	conf := make([]float64, len(probs))
	right := make([]bool, len(probs))
	for i, p := range probs {
		top := floats.MaxIdx(p)
		conf[i], right[i] = p[top], top == gold[i]
	}
	return TopReliability(conf, right, bins)
}

// TopReliability is Reliability from each document's top-label confidence
// conf_i and whether its predicted label was right, for predictions that
// come without the other labels' probabilities (a labelled file with a
// confidence column):
//
//	bin b  = { i : b/B ≤ conf_i < (b+1)/B },   the last bin also takes 1
//	conf_b = (1/n_b) Σ_{i ∈ b} conf_i
//	acc_b  = (1/n_b) Σ_{i ∈ b} 1{right_i}
//
// with the edges and empty bins of Reliability. It panics if bins < 1 or
// conf and right differ in length.
func TopReliability(conf []float64, right []bool, bins int) []Bin {
	if bins < 1 {
		panic(fmt.Sprintf("metrics: %d reliability bins", bins))
	}
	if len(conf) != len(right) {
		panic(fmt.Sprintf("metrics: %d confidences but %d outcomes", len(conf), len(right)))
	}
	out := make([]Bin, bins)
	for b := range out {
		out[b].Lo = float64(b) / float64(bins)
		out[b].Hi = float64(b+1) / float64(bins)
	}
	for i, c := range conf {
		b := binOf(c, out)
		out[b].Count++
		out[b].Confidence += c
		if right[i] {
			out[b].Accuracy++
		}
	}
	for b := range out {
		if n := float64(out[b].Count); n > 0 {
			out[b].Confidence /= n
			out[b].Accuracy /= n
		}
	}
	return out
}

// binOf returns the bin b with bins[b].Lo <= conf < bins[b].Hi, the last
// bin for conf >= 1 and the first for conf < 0.
func binOf(conf float64, bins []Bin) int {
	last := len(bins) - 1
	b := int(conf * float64(len(bins))) // estimate; corrected against the edges below
	switch {
	case conf < 0 || b < 0:
		return 0
	case b > last:
		return last
	}
	for b > 0 && conf < bins[b].Lo {
		b--
	}
	for b < last && conf >= bins[b].Hi {
		b++
	}
	return b
}

// ECE returns the expected calibration error over the Reliability bins,
//
//	ECE = Σ_b (n_b / n) |acc_b - conf_b|
//
// and 0 for no documents. It panics as Reliability does. Naeini, Cooper
// and Hauskrecht (2015), "Obtaining Well Calibrated Probabilities Using
// Bayesian Binning", and Guo et al. (2017), "On Calibration of Modern
// Neural Networks", section 2.
func ECE(probs [][]float64, gold []int, bins int) float64 {
	return eceOf(Reliability(probs, gold, bins), len(gold))
}

// TopECE is ECE over the TopReliability bins of conf and right, and 0 for
// no documents. It panics as TopReliability does.
func TopECE(conf []float64, right []bool, bins int) float64 {
	return eceOf(TopReliability(conf, right, bins), len(conf))
}

// eceOf is Σ_b (n_b / n) |acc_b - conf_b| over the bins rel of n documents.
func eceOf(rel []Bin, n int) float64 {
	if n == 0 {
		return 0
	}
	gap := make([]float64, len(rel))
	for b, bin := range rel {
		gap[b] = float64(bin.Count) * math.Abs(bin.Accuracy-bin.Confidence)
	}
	return floats.Sum(gap) / float64(n)
}

// mustProbs panics unless probs and gold align and every gold_i indexes
// its row of probs.
func mustProbs(probs [][]float64, gold []int) {
	if len(probs) != len(gold) {
		panic(fmt.Sprintf("metrics: %d probability rows but %d gold labels", len(probs), len(gold)))
	}
	for i, g := range gold {
		if g < 0 || g >= len(probs[i]) {
			panic(fmt.Sprintf("metrics: gold label %d of document %d outside its %d probabilities", g, i, len(probs[i])))
		}
	}
}
