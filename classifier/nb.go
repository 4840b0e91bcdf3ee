package classifier

import (
	"math"

	"github.com/stance-nlp/stance/features"
)

// NaiveBayes is a multinomial naive Bayes classifier, written in this
// project because golearn has only a Bernoulli model that returns no
// scores and is O(features × classes) per row (see docs/golearn.md).
//
// With N_cj the summed weight of term j over the training documents of
// class c, F the number of terms and α the smoothing:
//
//	θ_cj = (N_cj + α) / (Σ_j N_cj + α F)
//	s_c  = ln P(c) + Σ_j x_j ln θ_cj,   P(c) = n_c / n
//
// and probabilities are the softmax of s. This is scikit-learn's
// MultinomialNB (Manning, Raghavan and Schütze 2008, section 13.2).
//
// With ClassWeight ClassWeightBalanced the prior is uniform over the K'
// classes that have training documents, so that a rare class is not
// outvoted by its rarity alone (scikit-learn's fit_prior=False):
//
//	P(c) = 1/K'
//
// The term probabilities θ are the same either way.
type NaiveBayes struct {
	Alpha       float64 `json:"alpha"`                  // additive smoothing; 1 is Laplace
	ClassWeight string  `json:"class_weight,omitempty"` // "" (none) or ClassWeightBalanced: uniform prior
	Linear
}

// Fit estimates the class priors and term probabilities.
func (m *NaiveBayes) Fit(X []features.Vector, y []int, nFeatures, nClasses int) error {
	return m.fitCounts(X, y, nil, nil, 0, nFeatures, nClasses)
}

// fitCounts is Fit with the unlabelled rows U added to the counts, row u
// counting lambda·post[u][c] in class c (EM's M-step, see TrainEM):
//
//	N_cj = Σ_{l: y_l = c} x_lj + λ Σ_u P(c|u) x_uj
//	n_c  = |{l: y_l = c}| + λ Σ_u P(c|u),   P(c) = n_c / (n + λ |U|)
//
// With λ = 0 every added count is 0 and the model is Fit's, bit for bit.
func (m *NaiveBayes) fitCounts(X []features.Vector, y []int, U []features.Vector, post [][]float64, lambda float64, nFeatures, nClasses int) error {
	if err := checkFit(X, y, nFeatures, nClasses); err != nil {
		return err
	}
	uniform, err := balanced(m.ClassWeight)
	if err != nil {
		return err
	}
	alpha := m.Alpha
	if alpha <= 0 {
		alpha = 1
	}
	n := make([]float64, nClasses)
	W := make([][]float64, nClasses)
	for c := range W {
		W[c] = make([]float64, nFeatures)
	}
	for i, x := range X {
		n[y[i]]++
		for k, j := range x.Index {
			W[y[i]][j] += x.Value[k]
		}
	}
	rows := float64(len(X))
	for i, u := range U {
		for c, p := range post[i] {
			w := lambda * p
			n[c] += w
			for k, j := range u.Index {
				W[c][j] += w * u.Value[k]
			}
		}
		rows += lambda
	}
	seen := 0
	for _, nc := range n {
		if nc > 0 {
			seen++
		}
	}
	B := make([]float64, nClasses)
	for c, w := range W {
		var total float64
		for _, v := range w {
			total += v
		}
		denom := math.Log(total + alpha*float64(nFeatures))
		for j := range w {
			w[j] = math.Log(w[j]+alpha) - denom
		}
		// An unseen class gets probability 0 in the prior; a large negative
		// finite score keeps the model file free of -Inf.
		switch {
		case n[c] == 0:
			B[c] = -1e3
		case uniform:
			B[c] = -math.Log(float64(seen))
		default:
			B[c] = math.Log(n[c] / rows)
		}
	}
	m.Linear = Linear{Link: Softmax, W: W, B: B}
	return nil
}
