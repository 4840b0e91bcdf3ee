package classifier

import (
	"errors"
	"fmt"
	"math"

	"github.com/stance-nlp/stance/features"
)

// Link names how a Linear model's scores become probabilities.
type Link string

// The links. With s_c the score of class c and σ(t) = 1/(1+e^{-t}):
//
//	Softmax: p_c = e^{s_c} / Σ_k e^{s_k}
//	OvR:     p_c = σ(s_c) / Σ_k σ(s_k)   (one-vs-rest, as liblinear and scikit-learn)
const (
	Softmax Link = "softmax"
	OvR     Link = "ovr-sigmoid"
)

// Linear is a fitted linear model: one weight row and bias per class.
type Linear struct {
	Link Link        `json:"link"`
	W    [][]float64 `json:"w"` // W[c][j]: weight of term j for class c
	B    []float64   `json:"b"`
}

// Classes returns the number of classes.
func (m *Linear) Classes() int { return len(m.B) }

// Probs writes the class probabilities of x into dst (grown if short) and
// returns it. They sum to 1.
func (m *Linear) Probs(x features.Vector, dst []float64) []float64 {
	k := len(m.B)
	if cap(dst) < k {
		dst = make([]float64, k)
	}
	dst = dst[:k]
	for c := range dst {
		dst[c] = x.Dot(m.W[c]) + m.B[c]
	}
	switch m.Link {
	case Softmax:
		max := math.Inf(-1)
		for _, s := range dst {
			max = math.Max(max, s)
		}
		var z float64
		for c, s := range dst {
			dst[c] = math.Exp(s - max)
			z += dst[c]
		}
		for c := range dst {
			dst[c] /= z
		}
	case OvR:
		var z float64
		for c, s := range dst {
			dst[c] = 1 / (1 + math.Exp(-s))
			z += dst[c]
		}
		for c := range dst {
			dst[c] /= z
		}
	default:
		panic("classifier: unknown link " + string(m.Link))
	}
	return dst
}

func (m *Linear) check(nFeatures int) error {
	if m.Link != Softmax && m.Link != OvR {
		return fmt.Errorf("classifier: unknown link %q", m.Link)
	}
	if len(m.B) < 2 || len(m.W) != len(m.B) {
		return fmt.Errorf("classifier: %d weight rows for %d classes", len(m.W), len(m.B))
	}
	for c, w := range m.W {
		if len(w) != nFeatures {
			return fmt.Errorf("classifier: class %d has %d weights for %d features", c, len(w), nFeatures)
		}
		for _, v := range w {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return errors.New("classifier: weights hold NaN or Inf")
			}
		}
	}
	return nil
}

// checkFit validates the arguments shared by every Fit.
func checkFit(X []features.Vector, y []int, nFeatures, nClasses int) error {
	switch {
	case len(X) == 0:
		return errors.New("classifier: no training documents")
	case len(X) != len(y):
		return fmt.Errorf("classifier: %d documents but %d labels", len(X), len(y))
	case nClasses < 2:
		return fmt.Errorf("classifier: %d classes; need at least 2", nClasses)
	case nFeatures < 1:
		return errors.New("classifier: no features")
	}
	for i, c := range y {
		if c < 0 || c >= nClasses {
			return fmt.Errorf("classifier: label %d of document %d outside 0..%d", c, i, nClasses-1)
		}
	}
	for i, x := range X {
		for _, j := range x.Index {
			if int(j) >= nFeatures || j < 0 {
				return fmt.Errorf("classifier: document %d has feature %d outside 0..%d", i, j, nFeatures-1)
			}
		}
	}
	return nil
}
