package classifier

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// The calibrations a Recipe may ask for ("" reads as CalibrateNone).
const (
	CalibrateNone        = "none"
	CalibrateTemperature = "temperature"
)

// Calibrations lists the calibration choices, default first.
func Calibrations() []string { return []string{CalibrateNone, CalibrateTemperature} }

// The range FitTemperature searches. A temperature at either end means
// the fit ran into it: predictions that are right whenever confident (T
// towards 0) or no better than chance (T towards infinity).
const (
	MinTemperature = 0.01
	MaxTemperature = 100
)

// Calibration maps a column's probabilities onto calibrated ones. Its one
// method, temperature scaling, raises each probability to the power 1/T
// and renormalises:
//
//	q_k = p_k^(1/T) / Σ_j p_j^(1/T)
//
// which is softmax(ln p / T). For a softmax link (naive Bayes) it is
// softmax(s/T) of the scores s, the temperature scaling of Guo et al.
// (2017). For the one-vs-rest link of logistic regression it is
// softmax(ln σ(s) / T), and with two classes σ(s/T): Platt scaling
// without its intercept. T > 1 softens the probabilities, T < 1 sharpens
// them, T = 1 leaves them as they are. The map is monotone in p_k, so the
// most probable label never changes; a probability of 0 (a label the
// model never saw) stays 0.
//
// Why this form, measured by TestCalibrationTable (STANCE_CALIBRATION=1)
// on the default recipe's 5-fold out-of-fold predictions, each fold's map
// fitted on the other folds' predictions; for SST-2 and P-Stance (one
// model per target) also as Train ships it, the map fitted on the
// training split's out-of-fold predictions and scored on the test split
// (NLL per document, ECE over 10 bins):
//
//	                  none           temperature    Platt per class
//	                  NLL    ECE     NLL    ECE     NLL    ECE
//	seed stance       1.793  0.224   1.378  0.102   1.308  0.097  (accuracy 0.554 → 0.589)
//	seed sentiment    0.995  0.205   0.780  0.040   0.773  0.060
//	SST-2 test        0.423  0.030   0.423  0.030   0.420  0.039  (T = 1.02)
//	P-Stance Trump    0.484  0.037   0.471  0.035   0.468  0.029
//	P-Stance Biden    0.527  0.063   0.496  0.021   0.494  0.025
//	P-Stance Sanders  0.595  0.059   0.573  0.024   0.569  0.034
//
// Temperature on the scores instead, σ(s/T) or softmax(s/T), is the same
// map for two classes and within 0.013 of it in NLL and ECE on the seed
// corpus's three- and seven-label columns. Platt scaling of each label's
// one-vs-rest score, σ(a_k s_k + b_k) renormalised, gains at most 0.07
// in NLL (0.004 on the larger sets) but is worse in ECE on four of the
// six columns, and with two parameters per label it changes the most
// probable label, which calibration here must not. Temperature needs only
// the probabilities, so it is fitted on what CrossPredict returns and
// applies to either model kind. The fitted T on the whole seed corpus is
// 2.39 (stance) and 2.43 (sentiment), on P-Stance 1.38 to 1.72.
type Calibration struct {
	Method      string  `json:"method"`      // CalibrateTemperature
	Temperature float64 `json:"temperature"` // T, in [MinTemperature, MaxTemperature]
	Docs        int     `json:"docs"`        // out-of-fold predictions it was fitted on
}

// validCalibration reports whether choice names a calibration.
func validCalibration(choice string) bool {
	return choice == "" || slices.Contains(Calibrations(), choice)
}

// FitCalibration fits the calibration method names on probs, the
// out-of-fold probabilities of some documents (probs[i][k] over a
// column's labels), and gold, their label indices. It returns nil for
// CalibrateNone (or ""). Documents whose gold label has probability 0
// tell nothing about T and are left out, as are all of them when no
// document has two labels of nonzero probability.
func FitCalibration(method string, probs [][]float64, gold []int) (*Calibration, error) {
	switch method {
	case "", CalibrateNone:
		return nil, nil
	case CalibrateTemperature:
		if len(probs) != len(gold) {
			return nil, fmt.Errorf("classifier: %d probability rows for %d gold labels", len(probs), len(gold))
		}
		for i, g := range gold {
			if g < 0 || g >= len(probs[i]) {
				return nil, fmt.Errorf("classifier: gold label %d of document %d outside its %d probabilities", g, i, len(probs[i]))
			}
		}
		return &Calibration{Method: method, Temperature: FitTemperature(probs, gold), Docs: len(gold)}, nil
	}
	return nil, fmt.Errorf("classifier: unknown calibration %q (want one of %v)", method, Calibrations())
}

// FitTemperature returns the temperature T that minimises the negative
// log-likelihood of the tempered probabilities (see Calibration) of the
// gold labels, over β = 1/T:
//
//	NLL(β) = Σ_i [ ln Σ_k p_ik^β − β ln p_i,y_i ]
//
// a convex function of β, whose derivative Σ_i (E_q[ln p_i] − ln p_i,y_i)
// (q the tempered probabilities) rises with β. Its root is found by
// Newton's method on the derivative, kept inside a bracket that bisection
// shrinks, within [MinTemperature, MaxTemperature]; it returns an end of
// that range when the minimum lies beyond it, and 1 when no document
// constrains T. probs[i][k] ≥ 0 and gold[i] indexes probs[i].
func FitTemperature(probs [][]float64, gold []int) float64 {
	// l[i] holds ln p_ik - max_k ln p_ik for the labels of nonzero
	// probability of each document that can constrain T, gold first.
	var l [][]float64
	for i, p := range probs {
		if !(p[gold[i]] > 0) {
			continue
		}
		row := []float64{math.Log(p[gold[i]])}
		for k, v := range p {
			if k != gold[i] && v > 0 {
				row = append(row, math.Log(v))
			}
		}
		if len(row) < 2 {
			continue
		}
		m := slices.Max(row)
		for k := range row {
			row[k] -= m
		}
		l = append(l, row)
	}
	if len(l) == 0 {
		return 1
	}
	// grad returns NLL'(β) and NLL''(β).
	grad := func(beta float64) (g, h float64) {
		for _, row := range l {
			var z, m1, m2 float64
			for _, v := range row {
				e := math.Exp(beta * v)
				z += e
				m1 += e * v
				m2 += e * v * v
			}
			mean := m1 / z
			g += mean - row[0]
			h += max(m2/z-mean*mean, 0)
		}
		return g, h
	}
	lo, hi := 1/float64(MaxTemperature), 1/float64(MinTemperature)
	if g, _ := grad(lo); g >= 0 {
		return MaxTemperature
	}
	if g, _ := grad(hi); g <= 0 {
		return MinTemperature
	}
	beta := 1.0
	for range 200 {
		g, h := grad(beta)
		if g == 0 {
			break
		}
		if g < 0 {
			lo = beta
		} else {
			hi = beta
		}
		next := beta - g/h
		if !(h > 0) || !(next > lo && next < hi) {
			next = (lo + hi) / 2
		}
		if math.Abs(next-beta) <= 1e-12*beta || hi-lo <= 1e-12*beta {
			beta = next
			break
		}
		beta = next
	}
	return 1 / beta
}

// Apply calibrates the probabilities p of one document in place:
//
//	p_k ← p_k^(1/T) / Σ_j p_j^(1/T)
//
// A nil Calibration leaves p as it is.
func (c *Calibration) Apply(p []float64) {
	if c == nil || len(p) == 0 {
		return
	}
	beta := 1 / c.Temperature
	m := math.Log(slices.Max(p))
	if math.IsInf(m, -1) || math.IsNaN(m) {
		return
	}
	var z float64
	for k, v := range p {
		p[k] = math.Exp(beta * (math.Log(v) - m))
		z += p[k]
	}
	for k := range p {
		p[k] /= z
	}
}

// check reports a calibration a model file should not hold.
func (c *Calibration) check() error {
	if c.Method != CalibrateTemperature {
		return fmt.Errorf("unknown calibration method %q", c.Method)
	}
	if !(c.Temperature >= MinTemperature && c.Temperature <= MaxTemperature) {
		return fmt.Errorf("calibration temperature %g outside [%g, %g]", c.Temperature, float64(MinTemperature), float64(MaxTemperature))
	}
	if c.Docs < 0 {
		return errors.New("calibration fitted on a negative number of documents")
	}
	return nil
}

// String describes c as reports show it, such as "temperature T=1.84";
// "none" for nil.
func (c *Calibration) String() string {
	if c == nil {
		return CalibrateNone
	}
	return fmt.Sprintf("%s T=%.3g", c.Method, c.Temperature)
}
