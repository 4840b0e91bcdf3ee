package classifier

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"

	"github.com/sjwhitworth/golearn/base"
	"github.com/sjwhitworth/golearn/linear_models"

	"github.com/stance-nlp/stance/features"
	"github.com/stance-nlp/stance/internal/cgocheck"
)

// LogReg is L2-regularised logistic regression trained one-vs-rest by
// golearn's liblinear binding (solver L2R_LR, trust-region Newton, which is
// deterministic) and scored by this package's sparse code.
//
// For class c it minimises over w (the last weight acts as the intercept,
// regularised as liblinear's own bias term is):
//
//	½‖w‖² + C Σ_i ln(1 + exp(-t_i wᵀx_i)),   t_i = +1 if y_i = c else -1
//
// With NB set, each x_i is first scaled elementwise by the naive Bayes
// log-count ratio r_c of class c (features.LogCountRatio; NB-LR after Wang
// and Manning 2012), and r_c is folded into the saved weights, so scoring
// needs no extra step. Two classes train one model; class 0's row is the
// negation of class 1's, which leaves the probabilities those of a single
// binary model.
//
// Why golearn is driven through its low-level NewProblem/Train/Export: its
// LogisticRegression has no intercept, no probabilities and no Save, and
// Predict drops negative feature values. The weights are read back from
// liblinear's exported text model. Training still copies the data densely
// (n × (F+1) values twice over), which bounds it to corpora of moderate
// size; see README.md.
type LogReg struct {
	C       float64 `json:"c"`        // inverse regularisation strength
	Eps     float64 `json:"eps"`      // liblinear stopping tolerance
	NB      bool    `json:"nb"`       // scale features by the NB log-count ratio
	NBAlpha float64 `json:"nb_alpha"` // smoothing of the log-count ratio
	Linear
}

// golearnMu serialises training: liblinear's print hook and golearn's
// logger are process-wide.
var golearnMu sync.Mutex

// ErrCgocheck is returned when training is attempted in a process that was
// not started with GODEBUG=cgocheck=0.
var ErrCgocheck = errors.New("classifier: golearn's liblinear training needs GODEBUG=cgocheck=0 at process start " +
	"(the stance command sets it itself; in your own program call cgocheck.Ensure first)")

// Fit trains one binary logistic regression per class (one in all for two
// classes).
func (m *LogReg) Fit(X []features.Vector, y []int, nFeatures, nClasses int) error {
	if err := checkFit(X, y, nFeatures, nClasses); err != nil {
		return err
	}
	if !cgocheck.Off() {
		return ErrCgocheck
	}
	if m.C <= 0 {
		return fmt.Errorf("classifier: logistic regression C = %g; must be > 0", m.C)
	}
	eps := m.Eps
	if eps <= 0 {
		eps = 0.01
	}
	alpha := m.NBAlpha
	if alpha <= 0 {
		alpha = 1
	}
	W := make([][]float64, nClasses)
	B := make([]float64, nClasses)
	first := 0
	if nClasses == 2 {
		first = 1
	}
	for c := first; c < nClasses; c++ {
		var r []float64
		if m.NB {
			r = features.LogCountRatio(X, y, c, nFeatures, alpha)
		}
		w, b, err := trainBinary(X, y, c, r, nFeatures, m.C, eps)
		if err != nil {
			return err
		}
		for j := range r {
			w[j] *= r[j]
		}
		W[c], B[c] = w, b
	}
	if nClasses == 2 {
		W[0] = make([]float64, nFeatures)
		for j, v := range W[1] {
			W[0][j] = -v
		}
		B[0] = -B[1]
	}
	m.Linear = Linear{Link: OvR, W: W, B: B}
	return nil
}

// absentScore is the intercept given to a class with no training documents
// (or every one): σ(∓8) leaves it near 0 (or 1) without infinities.
const absentScore = 8

// trainBinary fits class c against the rest and returns the weights of the
// features (scaled by r when r is not nil) and the intercept.
func trainBinary(X []features.Vector, y []int, c int, r []float64, nFeatures int, C, eps float64) ([]float64, float64, error) {
	pos := 0
	for _, yi := range y {
		if yi == c {
			pos++
		}
	}
	switch pos {
	case 0:
		return make([]float64, nFeatures), -absentScore, nil
	case len(y):
		return make([]float64, nFeatures), absentScore, nil
	}
	// Dense rows, as golearn's NewProblem wants them; column nFeatures is a
	// constant 1 that carries the intercept, since golearn's own bias
	// argument writes malformed feature nodes.
	dense := make([][]float64, len(X))
	t := make([]float64, len(X))
	for i, x := range X {
		row := make([]float64, nFeatures+1)
		for k, j := range x.Index {
			v := x.Value[k]
			if r != nil {
				v *= r[j]
			}
			row[j] = v
		}
		row[nFeatures] = 1
		dense[i] = row
		t[i] = -1
		if y[i] == c {
			t[i] = 1
		}
	}
	dir, err := os.MkdirTemp("", "stance-liblinear-")
	if err != nil {
		return nil, 0, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "model")

	golearnMu.Lock()
	base.SetLoggerOut(io.Discard)
	prob := linear_models.NewProblem(dense, t, 0)
	param := linear_models.NewParameter(linear_models.L2R_LR, C, eps)
	model := linear_models.Train(prob, param)
	err = linear_models.Export(model, path)
	golearnMu.Unlock()
	// The dense copies are garbage now; hand them back to the OS so that
	// the next class's copy does not stack on top of them in RSS.
	dense, prob = nil, nil
	debug.FreeOSMemory()
	if err != nil {
		return nil, 0, fmt.Errorf("classifier: exporting liblinear model: %w", err)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	// NewProblem declares one feature more than the rows hold, so the
	// exported model has a weight for a column that is always zero.
	w, err := readLiblinear(f, nFeatures+2)
	if err != nil {
		return nil, 0, err
	}
	return w[:nFeatures], w[nFeatures], nil
}

// readLiblinear parses a two-class liblinear text model and returns the
// weights oriented so that a positive score means label +1.
func readLiblinear(rd io.Reader, n int) ([]float64, error) {
	sc := bufio.NewScanner(rd)
	sign := 0.0
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "label ") {
			f := strings.Fields(line)
			if len(f) != 3 {
				return nil, fmt.Errorf("classifier: liblinear model has labels %q; want two", line)
			}
			switch f[1] {
			case "1":
				sign = 1
			case "-1":
				sign = -1
			}
		}
		if line == "w" {
			break
		}
	}
	if sign == 0 {
		return nil, errors.New("classifier: liblinear model has no usable label line")
	}
	w := make([]float64, 0, n)
	for sc.Scan() {
		s := strings.TrimSpace(sc.Text())
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, fmt.Errorf("classifier: liblinear weight %q: %w", s, err)
		}
		w = append(w, sign*v)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(w) != n {
		return nil, fmt.Errorf("classifier: liblinear model has %d weights, want %d", len(w), n)
	}
	return w, nil
}
