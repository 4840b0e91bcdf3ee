package classifier

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"text/tabwriter"

	"github.com/stance-nlp/stance/features"
	"github.com/stance-nlp/stance/metrics"
	"gonum.org/v1/gonum/floats"
)

// The adaptation methods TrainAdapted knows. Each trains on the rows of an
// old comment set and of a new one (the "domains" of a domain column) and
// labels as the new one:
//   - AdaptPooled: every row alike, as Train does;
//   - AdaptTarget: the new rows alone;
//   - AdaptWeighted: every row, the new ones' loss weighted by a weight
//     from AdaptConfig.Weights (instance weighting; logistic regression
//     only);
//   - AdaptAugmented: feature augmentation (Daumé III 2007, "Frustratingly
//     easy domain adaptation"): each feature j gets a shared copy and one
//     copy per domain, and a document of domain d sets the shared copy and
//     the d copy, so that the model can give a cue one meaning shared by
//     all sets and a correction per set. A constant feature per domain
//     (a per-domain intercept) is augmented likewise. The new domain's
//     model is then the linear model w_shared + w_new, which is what the
//     model file stores.
//   - AdaptBlend: the mean of the AdaptTarget and AdaptAugmented models'
//     scores (weights and intercepts), both fitted over the vocabulary of
//     every row, so that the blend is again one linear model: an ensemble
//     that keeps the new set's own fit and the old set's evidence side by
//     side. A label no new row has keeps the augmented model's scores.
//
// AdaptAuto chooses between AdaptTarget and AdaptBlend per run by
// cross-validation on the new rows (see TrainAdapted); AdaptAll chooses
// among every method the same way. Why auto compares two methods and not
// all: with 100 new rows each fold scores 20 of them, and a choice among
// seven candidates that noisy picked pooled or weighted fits that then
// scored below target-only on P-Stance's val rows (BENCHMARKS.md,
// "Adapting to a new comment set"); the blend already carries the old
// rows' evidence.
const (
	AdaptAuto      = "auto"
	AdaptAll       = "all"
	AdaptPooled    = "pooled"
	AdaptTarget    = "target-only"
	AdaptWeighted  = "weighted"
	AdaptAugmented = "augmented"
	AdaptBlend     = "blend"
)

// AdaptMethods lists the methods, AdaptAuto and AdaptAll first.
func AdaptMethods() []string {
	return []string{AdaptAuto, AdaptAll, AdaptPooled, AdaptTarget, AdaptWeighted, AdaptAugmented, AdaptBlend}
}

// DefaultAdaptWeights returns the instance weights AdaptWeighted chooses
// among: what one new row counts for against one old row. A fresh slice on
// every call.
func DefaultAdaptWeights() []float64 { return []float64{3, 10, 30} }

// AdaptConfig says how TrainAdapted adapts.
type AdaptConfig struct {
	// Column names the domain column; Domains holds each row's value of it.
	Column  string
	Domains []string
	// New is the domain value of the new comment set; "" means the value
	// of the last row (annotations of a new set are appended to a file
	// after the old ones).
	New string
	// Method is one of AdaptMethods; "" reads as AdaptAuto.
	Method string
	// Weights is the grid of AdaptWeighted; nil reads as
	// DefaultAdaptWeights.
	Weights []float64
	// Folds is the number of folds the new rows are dealt into to compare
	// the methods; 0 reads as the recipe's Folds, or 5 when that is 0.
	Folds int
}

// AdaptScore is the cross-validated score of one candidate on the new
// rows: the mean over folds of the macro-F1 (metrics.MacroF1), averaged
// over the label columns, with its sample standard deviation over folds.
type AdaptScore struct {
	Method    string  `json:"method"`
	Weight    float64 `json:"weight,omitempty"` // AdaptWeighted's instance weight
	MacroF1   float64 `json:"macro_f1"`
	MacroF1SD float64 `json:"macro_f1_sd"`
	Err       string  `json:"error,omitempty"` // why the candidate could not be fitted in some fold
}

// Name returns the candidate's method, with its weight for AdaptWeighted
// (e.g. "weighted x10").
func (a AdaptScore) Name() string {
	if a.Method == AdaptWeighted {
		return a.Method + " x" + strconv.FormatFloat(a.Weight, 'g', -1, 64)
	}
	return a.Method
}

// AdaptRecord is stored in a model trained by TrainAdapted: which rows were
// the new set and how the model was adapted to it.
type AdaptRecord struct {
	Column  string   `json:"column"`  // the domain column
	New     string   `json:"new"`     // the new domain, which the model labels as
	Domains []string `json:"domains"` // every domain value, sorted
	NewRows int      `json:"new_rows"`
	OldRows int      `json:"old_rows"`
	Method  string   `json:"method"`           // the method fitted (never AdaptAuto or AdaptAll)
	Weight  float64  `json:"weight,omitempty"` // AdaptWeighted's weight
	Chosen  bool     `json:"chosen"`           // chosen by cross-validation (AdaptAuto, AdaptAll)
	// Folds and Seed deal the new rows into the folds of the comparison;
	// Scores holds each candidate's score there, in the order tried.
	Folds  int          `json:"folds,omitempty"`
	Seed   uint64       `json:"seed,omitempty"`
	Scores []AdaptScore `json:"scores,omitempty"`
}

// adaptSetup is a training set with its domains resolved: dom[i] is the
// index in domains of row i's domain, newDom that of the new one.
type adaptSetup struct {
	s       *TrainingSet
	domains []string
	dom     []int
	newDom  int
	isNew   []bool
	newIdx  []int
}

func newAdaptSetup(s *TrainingSet, a AdaptConfig) (*adaptSetup, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if s.Groups != nil {
		return nil, fmt.Errorf("classifier: a domain column and a group column together are not supported")
	}
	if len(a.Domains) != len(s.Texts) {
		return nil, fmt.Errorf("classifier: %d domain values for %d texts", len(a.Domains), len(s.Texts))
	}
	if i := slices.Index(a.Domains, ""); i >= 0 {
		return nil, fmt.Errorf("classifier: document %d has no %s value", i+1, a.Column)
	}
	st := &adaptSetup{s: s.ShareGrams(), domains: LabelSet(a.Domains)}
	newVal := a.New
	if newVal == "" {
		newVal = a.Domains[len(a.Domains)-1]
	}
	var ok bool
	if st.newDom, ok = slices.BinarySearch(st.domains, newVal); !ok {
		return nil, fmt.Errorf("classifier: no row has %s %q (values: %q)", a.Column, newVal, st.domains)
	}
	if len(st.domains) < 2 {
		return nil, fmt.Errorf("classifier: every row has %s %q: no old rows to adapt from", a.Column, newVal)
	}
	st.dom = encode(a.Domains, st.domains)
	st.isNew = make([]bool, len(s.Texts))
	for i, d := range st.dom {
		if d == st.newDom {
			st.isNew[i] = true
			st.newIdx = append(st.newIdx, i)
		}
	}
	return st, nil
}

// adaptCandidates returns what method asks to be tried.
func adaptCandidates(method string, weights []float64) ([]AdaptScore, error) {
	if weights == nil {
		weights = DefaultAdaptWeights()
	}
	for _, w := range weights {
		if !(w > 0) || math.IsInf(w, 0) {
			return nil, fmt.Errorf("classifier: instance weight %g; must be > 0", w)
		}
	}
	var out []AdaptScore
	add := func(m string) {
		if m != AdaptWeighted {
			out = append(out, AdaptScore{Method: m})
			return
		}
		for _, w := range weights {
			out = append(out, AdaptScore{Method: m, Weight: w})
		}
	}
	switch method {
	case AdaptAuto, "":
		add(AdaptTarget)
		add(AdaptBlend)
	case AdaptAll:
		for _, m := range AdaptMethods()[2:] {
			add(m)
		}
	case AdaptPooled, AdaptTarget, AdaptWeighted, AdaptAugmented, AdaptBlend:
		add(method)
	default:
		return nil, fmt.Errorf("classifier: unknown adaptation method %q (want one of %v)", method, AdaptMethods())
	}
	return out, nil
}

// TrainAdapted fits r on s, whose rows come from an old comment set and a
// new one (a.Domains), as the method a.Method says (see AdaptAuto and the
// methods beside it), and returns a model that labels as the new set.
//
// The methods are compared by cross-validation on the new set's labels:
// the new rows are dealt into a.Folds folds stratified on the first label
// column (StratifiedFolds, seed r.Seed); each fold's new rows are
// predicted by each candidate fitted on every old row and the other folds'
// new rows. A candidate's score is AdaptScore's. With AdaptAuto or
// AdaptAll, the best score wins, the earlier candidate on a tie (pooled,
// target-only, the weights in increasing order, augmented, blend), and the
// model is that candidate fitted on every row. Each column's CV holds the winner's scores on the
// new rows, and its calibration (r.Calibrate) is fitted on the winner's
// out-of-fold predictions of them. A single method given with r.Folds = 0
// is fitted without the comparison, and uncalibrated.
//
// Instance weights need logistic regression: with naive Bayes,
// AdaptWeighted is an error and AdaptAll leaves it out.
func TrainAdapted(s *TrainingSet, r Recipe, a AdaptConfig, progress Progress) (*Bundle, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	st, err := newAdaptSetup(s, a)
	if err != nil {
		return nil, err
	}
	cands, err := adaptCandidates(a.Method, a.Weights)
	if err != nil {
		return nil, err
	}
	if r.Model != KindLogReg {
		if a.Method == AdaptWeighted {
			return nil, fmt.Errorf("classifier: instance weights need model %s", KindLogReg)
		}
		cands = slices.DeleteFunc(cands, func(c AdaptScore) bool { return c.Method == AdaptWeighted })
	}
	rec := &AdaptRecord{
		Column: a.Column, New: st.domains[st.newDom], Domains: st.domains,
		NewRows: len(st.newIdx), OldRows: len(s.Texts) - len(st.newIdx),
		Chosen: len(cands) > 1,
	}
	folds := a.Folds
	if folds == 0 {
		folds = r.Folds
	}
	if folds == 0 && len(cands) > 1 {
		folds = 5
	}
	var cv *adaptCV
	chosen := 0
	if folds > 0 {
		if folds < 2 || folds > len(st.newIdx) {
			return nil, fmt.Errorf("classifier: %d folds for %d rows of %s %q", folds, len(st.newIdx), a.Column, rec.New)
		}
		rec.Folds, rec.Seed = folds, r.Seed
		if cv, err = st.crossValidate(r, cands, folds, r.Seed, progress); err != nil {
			return nil, err
		}
		for i, c := range cv.scores {
			progress.say("adaptation to %s %q: %-14s macro-F1 %.4f ± %.4f %s", a.Column, rec.New, c.Name(), c.MacroF1, c.MacroF1SD, c.Err)
			if c.Err == "" && (cv.scores[chosen].Err != "" || c.MacroF1 > cv.scores[chosen].MacroF1) {
				chosen = i
			}
		}
		if cv.scores[chosen].Err != "" {
			return nil, fmt.Errorf("classifier: no adaptation method could be fitted: %s", cv.scores[chosen].Err)
		}
		rec.Scores = cv.scores
	}
	c := cands[chosen]
	rec.Method, rec.Weight = c.Method, c.Weight
	progress.say("fitting %s on %d rows (%d of %s %q)", c.Name(), len(s.Texts), len(st.newIdx), a.Column, rec.New)
	all := make([]int, len(s.Texts))
	for i := range all {
		all[i] = i
	}
	b, err := st.fit(all, r, []AdaptScore{c})
	if err != nil {
		return nil, err
	}
	b[0].Recipe = r
	b[0].Data = DataInfo{Rows: len(s.Texts), SHA256: st.checksum(a.Column), TextHashes: encodeTextHashes(s.Texts)}
	b[0].Adapt = rec
	if cv != nil {
		scores, cals, err := cv.summary(chosen, r, progress)
		if err != nil {
			return nil, err
		}
		for col := range b[0].Columns {
			b[0].Columns[col].CV = &scores[col]
			b[0].Columns[col].Calibration = cals[col]
		}
		b[0].Profile = cv.profile(chosen, b[0].Columns, cals)
	} else {
		b[0].Recipe.Calibrate = ""
	}
	return b[0], nil
}

// checksum is TrainingSet.Checksum with the domain column and values
// hashed after it.
func (st *adaptSetup) checksum(column string) string {
	h := sha256.New()
	h.Write([]byte(st.s.Checksum()))
	h.Write([]byte("\x00domain " + column))
	for _, d := range st.dom {
		h.Write([]byte("\x00" + st.domains[d]))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// fit fits each candidate on the rows train of st.s (the new ones among
// them alone for AdaptTarget) and returns one model per candidate, each
// labelling as the new domain. The candidates other than AdaptTarget share
// one vocabulary, fitted on every row of train.
func (st *adaptSetup) fit(train []int, r Recipe, cands []AdaptScore) ([]*Bundle, error) {
	r.Folds, r.Calibrate = 0, ""
	out := make([]*Bundle, len(cands))
	var shared *adaptFit
	for i, c := range cands {
		if c.Method == AdaptTarget {
			var idx []int
			for _, j := range train {
				if st.isNew[j] {
					idx = append(idx, j)
				}
			}
			b, err := fit(st.s.subset(idx), r, nil)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", c.Name(), err)
			}
			out[i] = b
			continue
		}
		if shared == nil {
			sub := st.s.subset(train)
			if err := sub.Validate(); err != nil {
				return nil, err
			}
			vec, X, err := vectorize(r.Features, sub)
			if err != nil {
				return nil, err
			}
			shared = &adaptFit{st: st, train: train, sub: sub, vec: vec, X: X}
		}
		b, err := shared.bundle(r, c)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", c.Name(), err)
		}
		out[i] = b
	}
	return out, nil
}

// adaptFit is the vocabulary and vectors of one training part, shared by
// the candidates fitted on it.
type adaptFit struct {
	st    *adaptSetup
	train []int
	sub   *TrainingSet
	vec   *features.Vectorizer
	X     []features.Vector
}

// augment returns the vectors of feature augmentation for nV plain
// features and nD domains: a document of domain d has x's entries at j
// (shared) and at (1+d)·nV + j (the copy of domain d), and 1 at
// (1+nD)·nV + d (domain d's intercept): augmentedLen features in all.
func augment(X []features.Vector, dom []int, nV, nD int) []features.Vector {
	out := make([]features.Vector, len(X))
	for i, x := range X {
		n := x.Len()
		v := features.Vector{Index: make([]int32, 2*n+1), Value: make([]float64, 2*n+1)}
		off := int32((1 + dom[i]) * nV)
		for k, j := range x.Index {
			v.Index[k], v.Value[k] = j, x.Value[k]
			v.Index[n+k], v.Value[n+k] = j+off, x.Value[k]
		}
		v.Index[2*n], v.Value[2*n] = int32((1+nD)*nV+dom[i]), 1
		out[i] = v
	}
	return out
}

// augmentedLen is the number of features augment lays out.
func augmentedLen(nV, nD int) int { return (1+nD)*nV + nD }

// collapse returns the model of domain d over the nV plain features from
// one fitted on augmented vectors: w_j = w_shared,j + w_d,j and the
// intercept b + w_intercept,d, so that it scores a document of domain d as
// the augmented model does.
func collapse(m *Linear, d, nV, nD int) {
	for c := range m.W {
		w := make([]float64, nV)
		for j := range w {
			w[j] = m.W[c][j] + m.W[c][(1+d)*nV+j]
		}
		m.B[c] += m.W[c][(1+nD)*nV+d]
		m.W[c] = w
	}
}

// bundle fits candidate c on f's vectors.
func (f *adaptFit) bundle(r Recipe, c AdaptScore) (*Bundle, error) {
	st := f.st
	X, nF := f.X, f.vec.Len()
	var rw []float64
	switch c.Method {
	case AdaptAugmented, AdaptBlend:
		dom := pickInts(st.dom, f.train)
		X, nF = augment(X, dom, f.vec.Len(), len(st.domains)), augmentedLen(f.vec.Len(), len(st.domains))
	case AdaptWeighted:
		rw = make([]float64, len(f.train))
		for k, i := range f.train {
			rw[k] = 1
			if st.isNew[i] {
				rw[k] = c.Weight
			}
		}
	}
	b := &Bundle{Format: FormatVersion, Recipe: r, Vectorizer: f.vec, Columns: make([]Column, len(f.sub.Columns))}
	for col, name := range f.sub.Columns {
		set := LabelSet(f.sub.Labels[col])
		y := encode(f.sub.Labels[col], set)
		m, err := r.New()
		if err != nil {
			return nil, err
		}
		if lr, ok := m.(*LogReg); ok {
			lr.rowWeight = rw
		}
		if err := m.Fit(X, y, nF, len(set)); err != nil {
			return nil, fmt.Errorf("training %s: %w", name, err)
		}
		if c.Method == AdaptAugmented || c.Method == AdaptBlend {
			collapse(linearOf(m), st.newDom, f.vec.Len(), len(st.domains))
		}
		if c.Method == AdaptBlend {
			if err := f.blendTarget(r, col, set, linearOf(m)); err != nil {
				return nil, fmt.Errorf("training %s: %w", name, err)
			}
		}
		counts := make([]int, len(set))
		for _, k := range y {
			counts[k]++
		}
		b.Columns[col] = Column{Name: name, Labels: set, Counts: counts, model: m}
	}
	b.scorer = newByTerm(b.linears()...)
	return b, nil
}

// blendTarget fits r on the new rows of f alone (column col, over f's
// vocabulary) and makes m, the augmented model of labels set, the mean of
// the two models' scores. A label of set that no new row has keeps m's
// row.
func (f *adaptFit) blendTarget(r Recipe, col int, set []string, m *Linear) error {
	var X []features.Vector
	var labels []string
	for k, i := range f.train {
		if f.st.isNew[i] {
			X = append(X, f.X[k])
			labels = append(labels, f.sub.Labels[col][k])
		}
	}
	tset := LabelSet(labels)
	if len(tset) < 2 {
		return nil // one label: no model of the new rows to blend in
	}
	t, err := r.New()
	if err != nil {
		return err
	}
	if err := t.Fit(X, encode(labels, tset), f.vec.Len(), len(tset)); err != nil {
		return err
	}
	tl := linearOf(t)
	for tc, l := range tset {
		c, _ := slices.BinarySearch(set, l)
		floats.AddScaled(m.W[c], 1, tl.W[tc])
		floats.Scale(0.5, m.W[c])
		m.B[c] = (m.B[c] + tl.B[tc]) / 2
	}
	return nil
}

func pickInts(v []int, idx []int) []int {
	out := make([]int, len(idx))
	for k, i := range idx {
		out[k] = v[i]
	}
	return out
}

// adaptCV is the comparison of the candidates on the new rows: each
// candidate's scores and out-of-fold probabilities.
type adaptCV struct {
	candidateCV
	st     *adaptSetup
	scores []AdaptScore
	errs   map[int]string // candidate index -> error
}

// candidateCV is a cross-validated comparison of several candidate fits
// on the same folds (adaptation methods, EM weights): per candidate and
// label column, the out-of-fold probabilities and per-fold scores, beside
// the gold labels and the majority baseline of each fold.
type candidateCV struct {
	sets  [][]string      // each column's labels over all of s
	gold  [][]int         // gold[c][j]: the label index of scored row j (in fold order)
	probs [][][][]float64 // probs[cand][c][j]: the probabilities of scored row j
	base  [][2][]float64  // base[c]: per fold, the majority baseline's accuracy and macro-F1
	acc   [][][]float64   // acc[cand][c][f]
	mac   [][][]float64   // mac[cand][c][f]
	cov   [][]coverage    // cov[cand][j]: scored row j's content words, and those its fold's model knows
}

// newCandidateCV returns an empty comparison of n candidates on the label
// columns of s, and each column's labels of s encoded over sets.
func newCandidateCV(s *TrainingSet, n int) (candidateCV, [][]int) {
	nCols := len(s.Columns)
	cv := candidateCV{
		sets:  make([][]string, nCols),
		gold:  make([][]int, nCols),
		probs: make([][][][]float64, n),
		acc:   make([][][]float64, n),
		mac:   make([][][]float64, n),
		cov:   make([][]coverage, n),
		base:  make([][2][]float64, nCols),
	}
	ys := make([][]int, nCols)
	for c := range s.Columns {
		cv.sets[c] = LabelSet(s.Labels[c])
		ys[c] = encode(s.Labels[c], cv.sets[c])
	}
	for i := range n {
		cv.probs[i] = make([][][]float64, nCols)
		cv.acc[i] = make([][]float64, nCols)
		cv.mac[i] = make([][]float64, nCols)
	}
	return cv, ys
}

// crossValidate compares cands on st's new rows, as TrainAdapted says.
func (st *adaptSetup) crossValidate(r Recipe, cands []AdaptScore, k int, seed uint64, progress Progress) (*adaptCV, error) {
	s := st.s
	nCols := len(s.Columns)
	base, ys := newCandidateCV(s, len(cands))
	cv := &adaptCV{candidateCV: base, st: st, scores: slices.Clone(cands), errs: map[int]string{}}
	y0 := pickInts(ys[0], st.newIdx)
	fold := StratifiedFolds(y0, len(cv.sets[0]), k, seed)
	for f := range k {
		progress.say("adaptation cross-validation fold %d/%d", f+1, k)
		var train, test []int
		for i := range s.Texts {
			if !st.isNew[i] {
				train = append(train, i)
			}
		}
		for j, i := range st.newIdx {
			if fold[j] == f {
				test = append(test, i)
			} else {
				train = append(train, i)
			}
		}
		slices.Sort(train)
		for c := range s.Columns {
			cv.gold[c] = append(cv.gold[c], pickInts(ys[c], test)...)
			// The baseline: the majority label of the fold's new training rows.
			var newTrain []int
			for _, i := range train {
				if st.isNew[i] {
					newTrain = append(newTrain, ys[c][i])
				}
			}
			maj := metrics.Majority(newTrain, len(cv.sets[c]))
			yte := pickInts(ys[c], test)
			base := make([]int, len(yte))
			for j := range base {
				base[j] = maj
			}
			cv.base[c][0] = append(cv.base[c][0], metrics.Accuracy(yte, base))
			cv.base[c][1] = append(cv.base[c][1], metrics.MacroF1(yte, base, len(cv.sets[c])))
		}
		for ci, cand := range cands {
			if _, failed := cv.errs[ci]; failed {
				continue
			}
			bs, err := st.fit(train, r, []AdaptScore{cand})
			if err != nil {
				cv.errs[ci] = fmt.Sprintf("(fold %d: %v)", f+1, err)
				continue
			}
			cv.scoreFold(ci, bs[0], s.Texts, test, ys)
		}
	}
	for ci := range cands {
		if e, failed := cv.errs[ci]; failed {
			cv.scores[ci].Err = e
			continue
		}
		perFold := make([]float64, k)
		for c := range s.Columns {
			for f, v := range cv.mac[ci][c] {
				perFold[f] += v / float64(nCols)
			}
		}
		cv.scores[ci].MacroF1, cv.scores[ci].MacroF1SD = meanSD(perFold)
	}
	return cv, nil
}

// summary returns the CVScores of candidate ci on the new rows, per column,
// and the calibrations r asks for, fitted on its out-of-fold predictions.
func (cv *adaptCV) summary(ci int, r Recipe, progress Progress) ([]CVScores, []*Calibration, error) {
	s := cv.st.s
	scores := make([]CVScores, len(s.Columns))
	o := &outOfFold{probs: cv.probs[ci], gold: cv.gold}
	for c := range s.Columns {
		acc, accSD := meanSD(cv.acc[ci][c])
		mac, macSD := meanSD(cv.mac[ci][c])
		bacc, _ := meanSD(cv.base[c][0])
		bmac, _ := meanSD(cv.base[c][1])
		newY := cv.gold[c]
		scores[c] = CVScores{
			Folds: len(cv.acc[ci][c]), Seed: r.Seed,
			Accuracy: acc, AccuracySD: accSD, MacroF1: mac, MacroF1SD: macSD,
			BaselineAcc: bacc, BaselineMacro: bmac,
			BaselineLabel: cv.sets[c][metrics.Majority(newY, len(cv.sets[c]))],
		}
	}
	cals, err := o.calibrate(r.Calibrate, s.Columns, progress)
	if err != nil {
		return nil, nil, err
	}
	return scores, cals, nil
}

// profile returns the shift check's Profile of candidate ci, fitted as
// cols, from its out-of-fold predictions of the scored rows (for an
// adapted model, the new rows: those it labels as). The probabilities are put in cols' label order; a
// target-only model may lack labels only old rows have, which no fold's
// fit of it could predict either.
func (cv *candidateCV) profile(ci int, cols []Column, cals []*Calibration) *Profile {
	o := &outOfFold{probs: make([][][]float64, len(cols)), gold: cv.gold}
	for c := range cols {
		for _, pr := range cv.probs[ci][c] {
			out := make([]float64, len(cols[c].Labels))
			for k, l := range cols[c].Labels {
				m, _ := slices.BinarySearch(cv.sets[c], l)
				out[k] = pr[m]
			}
			o.probs[c] = append(o.probs[c], out)
		}
	}
	return newProfile(cv.cov[ci], o, cols, cals)
}

// scoreFold predicts the rows test of texts with b, candidate ci's fit on
// the other rows, each row once for every column, and appends what the
// comparison keeps: each row's coverage and probabilities (over cv.sets,
// whatever labels b knows) and the fold's accuracy and macro-F1 per column
// against ys, the gold label indices.
func (cv *candidateCV) scoreFold(ci int, b *Bundle, texts []string, test []int, ys [][]int) {
	p := b.NewPredictor()
	nCols := len(cv.sets)
	pred := make([][]int, nCols)
	for c := range pred {
		pred[c] = make([]int, len(test))
	}
	for j, i := range test {
		prs := p.Predict(texts[i])
		var cov coverage
		cov.words, cov.known = p.Coverage(texts[i])
		cv.cov[ci] = append(cv.cov[ci], cov)
		for c := range nCols {
			probs := make([]float64, len(cv.sets[c]))
			for k, l := range b.Columns[c].Labels {
				m, _ := slices.BinarySearch(cv.sets[c], l)
				probs[m] = prs[c].Probs[k]
			}
			pred[c][j] = floats.MaxIdx(probs)
			cv.probs[ci][c] = append(cv.probs[ci][c], probs)
		}
	}
	for c := range nCols {
		yte := pickInts(ys[c], test)
		cv.acc[ci][c] = append(cv.acc[ci][c], metrics.Accuracy(yte, pred[c]))
		cv.mac[ci][c] = append(cv.mac[ci][c], metrics.MacroF1(yte, pred[c], len(cv.sets[c])))
	}
}

// WriteComparison writes the candidates' cross-validated scores on the new
// rows, one line each, and marks the one fitted.
func (a *AdaptRecord) WriteComparison(w io.Writer) error {
	fmt.Fprintf(w, "adapting to %s %q: %d new rows, %d old rows (%q)\n", a.Column, a.New, a.NewRows, a.OldRows, slices.DeleteFunc(slices.Clone(a.Domains), func(d string) bool { return d == a.New }))
	if len(a.Scores) > 0 {
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "method\tcv macro-F1 on the new rows\t")
		for _, s := range a.Scores {
			mark := ""
			if s.Method == a.Method && s.Weight == a.Weight {
				mark = "<- fitted"
			}
			if s.Err != "" {
				fmt.Fprintf(tw, "%s\t-\t%s\n", s.Name(), s.Err)
				continue
			}
			fmt.Fprintf(tw, "%s\t%.3f ± %.3f\t%s\n", s.Name(), s.MacroF1, s.MacroF1SD, mark)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintf(w, "(%d folds over the new rows, seed %d, every old row in each fit; mean ± sd over folds)\n", a.Folds, a.Seed)
	}
	_, err := fmt.Fprintf(w, "the model labels as %s %q with %s\n", a.Column, a.New, AdaptScore{Method: a.Method, Weight: a.Weight}.Name())
	return err
}
