package classifier

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"

	"github.com/sjwhitworth/golearn/base"
	"github.com/sjwhitworth/golearn/linear_models"

	"github.com/stance-nlp/stance/features"
	"github.com/stance-nlp/stance/internal/cgocheck"
)

// LogReg is L2-regularised logistic regression trained one-vs-rest and
// scored by this package's sparse code. Two trainers minimise the same
// objective: golearn's liblinear binding (solver L2R_LR, trust-region
// Newton), and this package's own sparse trust-region Newton method
// (sparse.go). Both are deterministic.
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
// With ClassWeight ClassWeightBalanced each binary problem weighs its two
// sides equally. For class c with n_c of the n training documents, the
// loss of a document is weighed by s_i:
//
//	½‖w‖² + C Σ_i s_i ln(1 + exp(-t_i wᵀx_i)),
//	s_i = p_c = n / (2 n_c)         if y_i = c
//	s_i = q_c = n / (2 (n − n_c))   otherwise
//
// so that each side carries a total weight of n/2, as all n documents do
// in the balanced case n_c = n/2, where p_c = q_c = 1. This is
// scikit-learn's LogisticRegression(class_weight="balanced",
// multi_class="ovr") with its lbfgs, newton-cg, sag or saga solvers, which
// compute the balanced weights after masking the labels one-vs-rest (its
// liblinear solver differs: positives n/(K n_c), negatives 1). With two
// classes the one model, class 1 against class 0, weighs each document
// n/(2 n_{y_i}), scikit-learn's n/(K n_y) for K = 2. The NB log-count
// ratio r_c is computed from the unweighted counts either way. liblinear
// takes the weights as per-class costs C p_c and C q_c; the sparse trainer
// as per-row costs C s_i.
//
// Which trainer runs is Choice (a Recipe's Trainer): "golearn", "sparse"
// (the project's dual coordinate descent, dual.go), "newton" (its
// trust-region Newton method, sparse.go), or "auto"/"" for golearn when
// the dense copy it makes is at most GolearnMaxCells cells and "sparse"
// above that. Fit records the
// trainer it used in Trainer, which is saved with the weights.
//
// Why golearn is driven through its low-level NewProblem/Train/Export: its
// LogisticRegression has no intercept, no probabilities and no Save, and
// Predict drops negative feature values. The weights are read back from
// liblinear's exported text model. golearn's training copies the data
// densely (n × (F+1) values twice over), which bounds it to corpora of
// moderate size; see docs/golearn.md.
type LogReg struct {
	C       float64 `json:"c"`                 // inverse regularisation strength
	Eps     float64 `json:"eps"`               // stopping tolerance (liblinear's eps; 0: the trainer's default, 0.01, or dualEps for the dual trainer)
	NB      bool    `json:"nb"`                // scale features by the NB log-count ratio
	NBAlpha float64 `json:"nb_alpha"`          // smoothing of the log-count ratio
	Trainer string  `json:"trainer,omitempty"` // the trainer Fit used: UsedGolearn, UsedSparse or UsedNewton
	Choice  string  `json:"-"`                 // the trainer to use: one of Trainers (TrainerAuto or "" for auto)

	// ClassWeight is "" (or ClassWeightNone) for unweighted documents, or
	// ClassWeightBalanced for the weighting above.
	ClassWeight string `json:"class_weight,omitempty"`
	Linear

	// slots, when set, is shared with the other columns' fits of one
	// Train: the binary problems of all of them take turns on the cores.
	slots chan struct{}
	// rowWeight, when set, multiplies each training row's cost: C_i =
	// C s_i rowWeight[i] (instance weights, see TrainAdapted). Only the
	// sparse trainers take per-row costs, so auto picks the dual trainer
	// then and golearn is refused.
	rowWeight []float64
}

// The trainers a Recipe may ask for.
const (
	TrainerAuto    = "auto"
	TrainerGolearn = "golearn"
	TrainerSparse  = "sparse"
	TrainerNewton  = "newton"
)

// Trainers lists the trainer choices, default first.
func Trainers() []string { return []string{TrainerAuto, TrainerGolearn, TrainerSparse, TrainerNewton} }

// The trainers a fitted LogReg records in its Trainer field.
const (
	UsedGolearn = "golearn-liblinear"
	UsedSparse  = "sparse-dual"   // dual coordinate descent, dual.go
	UsedNewton  = "sparse-newton" // trust-region Newton, sparse.go
)

// GolearnMaxCells is the largest dense copy, n × (F+1) cells for n
// documents and F features, for which TrainerAuto still uses golearn;
// above it the sparse trainer runs.
//
// golearn's binding allocates n × (F+1) float64s and as many 16-byte
// liblinear nodes per binary problem. Only the pages that nonzeros land on
// become resident, so its peak RSS grows with the cells and with the
// document length. Measured peaks (both label columns of the 100k
// benchmark's synthetic comments, docs/golearn.md): 0.21 GB at 36M
// cells, 0.45 GB at 104M (once 2.1 GB on the same input), 0.58 GB at 145M,
// 0.73 GB at 190M, 1.27 GB at 387M and 2.6 GB at 952M cells, about 3-5
// bytes a cell. 250M cells keeps comment-length text near 0.9 GB, inside
// the ~1 GB budget. Short sentences touch fewer pages (SST-2 train,
// 6,920 × 74,016 = 512M cells, peaks at 0.59 GB), but the rule goes by
// size alone, so SST-2 is trained by the sparse trainer under "auto"; it
// gives the same predictions there (TestSparseAgreesWithGolearnSST2).
const GolearnMaxCells = 250_000_000

// trainerFor returns the trainer that Fit uses for choice on n documents
// and nFeatures features.
func trainerFor(choice string, n, nFeatures int) (string, error) {
	switch choice {
	case TrainerGolearn:
		return UsedGolearn, nil
	case TrainerSparse:
		return UsedSparse, nil
	case TrainerNewton:
		return UsedNewton, nil
	case TrainerAuto, "":
		if float64(n)*float64(nFeatures+1) <= GolearnMaxCells {
			return UsedGolearn, nil
		}
		return UsedSparse, nil
	}
	return "", fmt.Errorf("classifier: unknown trainer %q (want one of %v)", choice, Trainers())
}

// golearnMu serialises training: liblinear's print hook and golearn's
// logger are process-wide.
var golearnMu sync.Mutex

// ErrCgocheck is returned when training is attempted in a process that was
// not started with GODEBUG=cgocheck=0.
var ErrCgocheck = errors.New("classifier: golearn's liblinear training needs GODEBUG=cgocheck=0 at process start " +
	"(the stance command sets it itself; in your own program call cgocheck.Ensure first)")

// Fit trains one binary logistic regression per class (one in all for two
// classes), with the trainer Choice selects, and records it in Trainer.
// The sparse trainers fit the classes in parallel, at most one binary
// problem per core (across the columns of one Train); each class is an
// independent sequential computation, so the result does not depend on
// scheduling.
func (m *LogReg) Fit(X []features.Vector, y []int, nFeatures, nClasses int) error {
	if err := checkFit(X, y, nFeatures, nClasses); err != nil {
		return err
	}
	if m.C <= 0 {
		return fmt.Errorf("classifier: logistic regression C = %g; must be > 0", m.C)
	}
	weighted, err := balanced(m.ClassWeight)
	if err != nil {
		return err
	}
	used, err := trainerFor(m.Choice, len(X), nFeatures)
	if err != nil {
		return err
	}
	if m.rowWeight != nil {
		if len(m.rowWeight) != len(X) {
			return fmt.Errorf("classifier: %d row weights for %d rows", len(m.rowWeight), len(X))
		}
		switch m.Choice {
		case TrainerAuto, "":
			used = UsedSparse
		case TrainerGolearn:
			return errors.New("classifier: instance weights need the sparse or newton trainer, not golearn")
		}
	}
	if used == UsedGolearn && !cgocheck.Off() {
		return ErrCgocheck
	}
	if used == UsedGolearn && weighted {
		if err := liblinearLayoutErr(); err != nil {
			return err
		}
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
	var rows *csr
	if used != UsedGolearn {
		rows = newCSR(X, nFeatures)
	}
	if used == UsedSparse {
		var nb func(c int) []float64
		if m.NB {
			nb = func(c int) []float64 { return features.LogCountRatio(X, y, c, nFeatures, alpha) }
		}
		deps := m.Eps
		if deps <= 0 {
			deps = dualEps
		}
		dualFit(rows, y, m.rowWeight, first, nClasses, nb, nFeatures, m.C, deps, weighted, m.slots, W, B)
		return m.finish(used, W, B)
	}
	fitClass := func(c int) error {
		var r []float64
		if m.NB {
			r = features.LogCountRatio(X, y, c, nFeatures, alpha)
		}
		var w []float64
		var b float64
		if used != UsedGolearn {
			w, b = trainBinarySparse(rows, y, m.rowWeight, c, r, nFeatures, m.C, eps, weighted)
		} else {
			var err error
			if w, b, err = trainBinary(X, y, c, r, nFeatures, m.C, eps, weighted); err != nil {
				return err
			}
		}
		for j := range r {
			w[j] *= r[j]
		}
		W[c], B[c] = w, b
		return nil
	}
	errs := make([]error, nClasses)
	if used != UsedGolearn {
		parallel(first, nClasses, m.slots, func(c int) { errs[c] = fitClass(c) })
	} else {
		for c := first; c < nClasses; c++ {
			errs[c] = fitClass(c)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	return m.finish(used, W, B)
}

// finish completes a fit whose classes from the first fitted have weights
// W and intercepts B: with two classes, class 0's model is class 1's
// negated.
func (m *LogReg) finish(used string, W [][]float64, B []float64) error {
	nFeatures := len(W[len(W)-1])
	if len(W) == 2 {
		W[0] = make([]float64, nFeatures)
		for j, v := range W[1] {
			W[0][j] = -v
		}
		B[0] = -B[1]
	}
	m.Trainer = used
	m.Linear = Linear{Link: OvR, W: W, B: B}
	return nil
}

// parallel calls f(c) for c in [lo, hi), each in its own goroutine once
// one of slots is free (one per core when slots is nil), and waits for
// them. Sharing slots between fits bounds the binary problems solved at
// once, and so their memory, across columns fitted concurrently.
func parallel(lo, hi int, slots chan struct{}, f func(int)) {
	if slots == nil {
		slots = make(chan struct{}, runtime.GOMAXPROCS(0))
	}
	var wg sync.WaitGroup
	for c := lo; c < hi; c++ {
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			f(c)
		})
	}
	wg.Wait()
}

// Trainer returns the trainer that fitted the column's model (UsedGolearn
// or UsedSparse), or "" for a model that is not logistic regression or was
// saved before trainers were recorded.
func (c *Column) Trainer() string {
	m := c.model
	if s, ok := m.(*Structured); ok {
		// Both parts see the same documents' features, the target model
		// all of them, so it is the one the choice by size went by.
		m = s.Target
	}
	if m, ok := m.(*LogReg); ok {
		return m.Trainer
	}
	return ""
}

// absentScore is the intercept given to a class with no training documents
// (or every one): σ(∓8) leaves it near 0 (or 1) without infinities.
const absentScore = 8

// balancedWeights returns the loss weights of ClassWeightBalanced for a
// binary problem of n documents, pos of them positive (0 < pos < n): p for
// the positive documents and q for the negative ones (see LogReg).
func balancedWeights(n, pos int) (p, q float64) {
	return float64(n) / (2 * float64(pos)), float64(n) / (2 * float64(n-pos))
}

// trainBinary fits class c against the rest and returns the weights of the
// features (scaled by r when r is not nil) and the intercept. With
// weighted, the two sides are weighed by balancedWeights.
func trainBinary(X []features.Vector, y []int, c int, r []float64, nFeatures int, C, eps float64, weighted bool) ([]float64, float64, error) {
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
	var costs *liblinearCosts
	if weighted {
		p, q := balancedWeights(len(y), pos)
		costs = setLiblinearCosts(param, p, q)
	}
	model := linear_models.Train(prob, param)
	costs.release()
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
