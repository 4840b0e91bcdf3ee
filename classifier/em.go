package classifier

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/stance-nlp/stance/features"
	"github.com/stance-nlp/stance/metrics"
	"gonum.org/v1/gonum/floats"
)

// DefaultEMLambdas returns the weights of an unlabelled row, relative to a
// labelled one, that TrainEM chooses among: 0 is plain supervised naive
// Bayes. A fresh slice on every call.
func DefaultEMLambdas() []float64 { return []float64{0, 0.1, 0.3, 1} }

// EMConfig says how TrainEM uses unlabelled rows.
type EMConfig struct {
	// Lambdas is the grid of unlabelled-row weights; nil reads as
	// DefaultEMLambdas. One value is fitted without a comparison.
	Lambdas []float64
	// Iterations bounds the EM iterations; 0 reads as 10.
	Iterations int
	// Tol stops EM early when an iteration raises the log-likelihood by
	// less than Tol times its magnitude; 0 reads as 1e-6.
	Tol float64
	// Folds is the number of folds the comparison of Lambdas deals the
	// scored rows into; 0 reads as the recipe's Folds, or 5 when that is 0.
	Folds int
	// Scored, when not nil, marks the labelled rows whose labels the
	// comparison scores (the labelled rows of a new comment set): only
	// they are dealt into folds, and the others are in every fold's fit.
	// nil scores every labelled row.
	Scored []bool
}

// EMScore is the cross-validated score of one unlabelled-row weight: the
// mean over folds of the macro-F1 (metrics.MacroF1) of the scored rows,
// averaged over the label columns, with its sample standard deviation
// over folds.
type EMScore struct {
	Lambda    float64 `json:"lambda"`
	MacroF1   float64 `json:"macro_f1"`
	MacroF1SD float64 `json:"macro_f1_sd"`
}

// EMRecord is stored in a model trained by TrainEM: how many unlabelled
// rows it saw and the weight they were given.
type EMRecord struct {
	Unlabeled int     `json:"unlabeled"` // unlabelled rows read
	Lambda    float64 `json:"lambda"`    // the weight fitted; 0: plain naive Bayes
	// Iterations holds, per label column, the EM iterations run (0 for
	// lambda 0).
	Iterations []int `json:"iterations,omitempty"`
	// Folds and Seed deal the scored rows into the folds of the
	// comparison; Scores holds each weight's score there, in grid order.
	Folds  int       `json:"folds,omitempty"`
	Seed   uint64    `json:"seed,omitempty"`
	Scores []EMScore `json:"scores,omitempty"`
}

// TrainEM fits the naive Bayes recipe r on the labelled rows of s and the
// unlabelled texts by expectation-maximisation (Nigam, McCallum, Thrun and
// Mitchell 2000, "Text classification from labeled and unlabeled documents
// using EM"), one label column at a time:
//
//  1. fit naive Bayes on the labelled rows;
//  2. E-step: each unlabelled row u gets the posterior P(c|u) of the
//     current model;
//  3. M-step: refit with each unlabelled row counted in every class c with
//     weight λ·P(c|u) (see fitCounts), λ being its weight against a
//     labelled row's 1;
//  4. repeat 2-3 until an iteration raises the weighted log-likelihood L
//     by less than cfg.Tol·|L|, or for cfg.Iterations iterations.
//
// L is the objective EM climbs (multinomial coefficients left out):
//
//	L = Σ_c Σ_j α ln θ_cj + Σ_l ln P(y_l) P(x_l|y_l) + λ Σ_u ln Σ_c P(c) P(x_u|c)
//
// With λ > 0 the vocabulary is fitted on the labelled and unlabelled texts
// together, so that terms only the unlabelled rows hold get weights; with
// λ = 0 the model is Train's, vocabulary included.
//
// λ is chosen from cfg.Lambdas by cross-validation of the scored rows
// (cfg.Scored): folds stratified on the first label column (seed r.Seed),
// each fold's rows predicted by a model fitted on every other labelled row
// and every unlabelled one. The best mean macro-F1 wins, the earlier
// weight in the grid on a tie. A chosen λ = 0 returns Train's model; a
// chosen λ > 0 returns the model fitted on every row, whose columns' CV
// holds the comparison's scores for it and whose calibration (r.Calibrate)
// is fitted on its out-of-fold predictions; it has no Profile, so the
// shift check is off for it.
//
// EM needs r.Model KindNaiveBayes, flat label columns and ungrouped rows.
func TrainEM(s *TrainingSet, unlabeled []string, r Recipe, cfg EMConfig, progress Progress) (*Bundle, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	if r.Model != KindNaiveBayes {
		return nil, fmt.Errorf("classifier: unlabelled rows need model %s, not %s", KindNaiveBayes, r.Model)
	}
	if r.Structure != "" && r.Structure != StructureFlat {
		return nil, fmt.Errorf("classifier: unlabelled rows and structure %s together are not supported", r.Structure)
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if s.Groups != nil {
		return nil, fmt.Errorf("classifier: unlabelled rows and a group column together are not supported")
	}
	if len(unlabeled) == 0 {
		return nil, fmt.Errorf("classifier: no unlabelled rows")
	}
	if cfg.Scored != nil && len(cfg.Scored) != len(s.Texts) {
		return nil, fmt.Errorf("classifier: %d scored marks for %d texts", len(cfg.Scored), len(s.Texts))
	}
	lambdas := cfg.Lambdas
	if lambdas == nil {
		lambdas = DefaultEMLambdas()
	}
	if len(lambdas) == 0 {
		return nil, fmt.Errorf("classifier: no unlabelled-row weight to try")
	}
	for _, l := range lambdas {
		if !(l >= 0) || math.IsInf(l, 0) {
			return nil, fmt.Errorf("classifier: unlabelled-row weight %g; must be >= 0 and finite", l)
		}
	}
	em := emRun{iter: cfg.Iterations, tol: cfg.Tol}
	if em.iter == 0 {
		em.iter = 10
	}
	if em.tol == 0 {
		em.tol = 1e-6
	}
	if em.iter < 0 || em.tol < 0 {
		return nil, fmt.Errorf("classifier: EM iterations %d, tolerance %g; must be >= 0", cfg.Iterations, cfg.Tol)
	}
	rec := &EMRecord{Unlabeled: len(unlabeled)}
	chosen := 0
	var cv *emCV
	if len(lambdas) > 1 {
		folds := cfg.Folds
		if folds == 0 {
			folds = r.Folds
		}
		if folds == 0 {
			folds = 5
		}
		var err error
		if cv, err = em.crossValidate(s, unlabeled, r, lambdas, cfg.Scored, folds, progress); err != nil {
			return nil, err
		}
		rec.Folds, rec.Seed = folds, r.Seed
		for i, sc := range cv.scores {
			progress.say("unlabelled rows weighted %g: macro-F1 %.4f ± %.4f", sc.Lambda, sc.MacroF1, sc.MacroF1SD)
			if sc.MacroF1 > cv.scores[chosen].MacroF1 {
				chosen = i
			}
		}
		rec.Scores = cv.scores
	}
	rec.Lambda = lambdas[chosen]
	if rec.Lambda == 0 {
		b, err := Train(s, r, progress)
		if err != nil {
			return nil, err
		}
		b.EM = rec
		return b, nil
	}
	progress.say("fitting naive Bayes by EM on %d labelled and %d unlabelled rows, weight %g", len(s.Texts), len(unlabeled), rec.Lambda)
	f, err := newEMFit(s, unlabeled, r)
	if err != nil {
		return nil, err
	}
	b, iters, err := f.bundle(r, rec.Lambda, em)
	if err != nil {
		return nil, err
	}
	rec.Iterations = iters
	// The recipe as given, folds included: the comparison was its
	// cross-validation.
	b.Recipe = r
	b.Data = DataInfo{Rows: len(s.Texts), SHA256: emChecksum(s, unlabeled), TextHashes: encodeTextHashes(s.Texts)}
	b.EM = rec
	if cv == nil {
		b.Recipe.Calibrate = ""
		return b, nil
	}
	o := &outOfFold{probs: cv.probs[chosen], gold: cv.gold}
	cals, err := o.calibrate(r.Calibrate, s.Columns, progress)
	if err != nil {
		return nil, err
	}
	for c := range b.Columns {
		scores := cv.summary(chosen, c, r.Seed)
		b.Columns[c].CV = &scores
		b.Columns[c].Calibration = cals[c]
	}
	b.Profile = cv.profile(chosen, b.Columns, cals)
	return b, nil
}

// emChecksum is TrainingSet.Checksum with the unlabelled texts hashed
// after it, so that the model file tells two unlabelled sets apart.
func emChecksum(s *TrainingSet, unlabeled []string) string {
	u := &TrainingSet{Texts: unlabeled, Columns: []string{"\x00unlabelled"}, Labels: [][]string{make([]string, len(unlabeled))}}
	return (&TrainingSet{Texts: []string{s.Checksum(), u.Checksum()}, Columns: []string{"em"}, Labels: [][]string{{"", ""}}}).Checksum()
}

// emRun holds EM's stopping rule.
type emRun struct {
	iter int
	tol  float64
}

// emFit is the vocabulary and vectors of labelled rows and unlabelled
// texts, shared by the weights fitted on them.
type emFit struct {
	s   *TrainingSet
	vec *features.Vectorizer
	X   []features.Vector // the labelled rows'
	U   []features.Vector // the unlabelled texts'
}

func newEMFit(s *TrainingSet, unlabeled []string, r Recipe) (*emFit, error) {
	texts := make([]string, 0, len(s.Texts)+len(unlabeled))
	texts = append(append(texts, s.Texts...), unlabeled...)
	vec, err := features.Fit(r.Features, texts)
	if err != nil {
		return nil, err
	}
	e := vec.NewExtractor()
	X := make([]features.Vector, len(texts))
	for i, t := range texts {
		X[i] = e.Vector(t)
	}
	return &emFit{s: s, vec: vec, X: X[:len(s.Texts)], U: X[len(s.Texts):]}, nil
}

// bundle fits every column by EM with weight lambda and returns the model
// and the iterations each column ran.
func (f *emFit) bundle(r Recipe, lambda float64, em emRun) (*Bundle, []int, error) {
	r.Folds = 0
	b := &Bundle{Format: FormatVersion, Recipe: r, Vectorizer: f.vec, Columns: make([]Column, len(f.s.Columns))}
	iters := make([]int, len(f.s.Columns))
	for c, name := range f.s.Columns {
		set := LabelSet(f.s.Labels[c])
		y := encode(f.s.Labels[c], set)
		m := &NaiveBayes{Alpha: r.Alpha, ClassWeight: r.classWeight()}
		n, err := m.fitEM(f.X, y, f.U, f.vec.Len(), len(set), lambda, em)
		if err != nil {
			return nil, nil, fmt.Errorf("training %s: %w", name, err)
		}
		iters[c] = n
		counts := make([]int, len(set))
		for _, k := range y {
			counts[k]++
		}
		b.Columns[c] = Column{Name: name, Labels: set, Counts: counts, model: m}
	}
	b.scorer = newByTerm(b.linears()...)
	return b, iters, nil
}

// fitEM fits m on the labelled X, y and the unlabelled U by EM with weight
// lambda, as TrainEM says, and returns the iterations run.
func (m *NaiveBayes) fitEM(X []features.Vector, y []int, U []features.Vector, nFeatures, nClasses int, lambda float64, em emRun) (int, error) {
	if err := m.Fit(X, y, nFeatures, nClasses); err != nil {
		return 0, err
	}
	if lambda == 0 || len(U) == 0 {
		return 0, nil
	}
	uy := make([]int, len(U))
	if err := checkFit(U, uy, nFeatures, nClasses); err != nil {
		return 0, fmt.Errorf("unlabelled rows: %w", err)
	}
	post := make([][]float64, len(U))
	for i := range post {
		post[i] = make([]float64, nClasses)
	}
	prev := math.Inf(-1)
	n := 0
	for n < em.iter {
		ll := m.eStep(X, y, U, post, lambda)
		if n > 0 && ll-prev < em.tol*math.Abs(ll) {
			break
		}
		prev = ll
		if err := m.mStep(X, y, U, post, lambda, nFeatures, nClasses); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// eStep puts the posterior of each unlabelled row under m into post and
// returns the weighted log-likelihood L of m (see TrainEM).
func (m *NaiveBayes) eStep(X []features.Vector, y []int, U []features.Vector, post [][]float64, lambda float64) float64 {
	alpha := m.Alpha
	if alpha <= 0 {
		alpha = 1
	}
	var ll float64
	for _, w := range m.W {
		for _, v := range w {
			ll += alpha * v
		}
	}
	for i, x := range X {
		ll += m.B[y[i]] + x.Dot(m.W[y[i]])
	}
	for i, u := range U {
		p := post[i]
		for c := range p {
			p[c] = m.B[c] + u.Dot(m.W[c])
		}
		lse := floats.LogSumExp(p)
		ll += lambda * lse
		for c := range p {
			p[c] = math.Exp(p[c] - lse)
		}
	}
	return ll
}

// mStep refits m on the labelled rows and the unlabelled rows weighted by
// lambda times their posteriors (NaiveBayes.fitCounts).
func (m *NaiveBayes) mStep(X []features.Vector, y []int, U []features.Vector, post [][]float64, lambda float64, nFeatures, nClasses int) error {
	return m.fitCounts(X, y, U, post, lambda, nFeatures, nClasses)
}

// emCV is the comparison of the weights: their scores and out-of-fold
// probabilities of the scored rows, in fold order.
type emCV struct {
	candidateCV // a candidate per lambda
	scores      []EMScore
}

// crossValidate scores each of lambdas on the scored rows of s, as TrainEM
// says.
func (em emRun) crossValidate(s *TrainingSet, unlabeled []string, r Recipe, lambdas []float64, scored []bool, k int, progress Progress) (*emCV, error) {
	nCols := len(s.Columns)
	base, ys := newCandidateCV(s, len(lambdas))
	cv := &emCV{candidateCV: base}
	var idx []int
	for i := range s.Texts {
		if scored == nil || scored[i] {
			idx = append(idx, i)
		}
	}
	if k < 2 || k > len(idx) {
		return nil, fmt.Errorf("classifier: %d folds for %d scored rows", k, len(idx))
	}
	fold := StratifiedFolds(pickInts(ys[0], idx), len(cv.sets[0]), k, r.Seed)
	plain := r
	plain.Folds, plain.Calibrate = 0, ""
	for f := range k {
		progress.say("unlabelled-row weight cross-validation fold %d/%d", f+1, k)
		var train, test []int
		inTest := make([]bool, len(s.Texts))
		for j, i := range idx {
			if fold[j] == f {
				test = append(test, i)
				inTest[i] = true
			}
		}
		for i := range s.Texts {
			if !inTest[i] {
				train = append(train, i)
			}
		}
		sub := s.subset(train)
		if err := sub.Validate(); err != nil {
			return nil, fmt.Errorf("fold %d: %w", f+1, err)
		}
		for c := range s.Columns {
			yte := pickInts(ys[c], test)
			cv.gold[c] = append(cv.gold[c], yte...)
			maj := metrics.Majority(pickInts(ys[c], train), len(cv.sets[c]))
			base := make([]int, len(yte))
			for j := range base {
				base[j] = maj
			}
			cv.base[c][0] = append(cv.base[c][0], metrics.Accuracy(yte, base))
			cv.base[c][1] = append(cv.base[c][1], metrics.MacroF1(yte, base, len(cv.sets[c])))
		}
		var shared *emFit
		for li, lambda := range lambdas {
			var b *Bundle
			var err error
			if lambda == 0 {
				b, err = fit(sub, plain, nil)
			} else {
				if shared == nil {
					if shared, err = newEMFit(sub, unlabeled, r); err != nil {
						return nil, err
					}
				}
				b, _, err = shared.bundle(r, lambda, em)
			}
			if err != nil {
				return nil, fmt.Errorf("fold %d, weight %g: %w", f+1, lambda, err)
			}
			cv.scoreFold(li, b, s.Texts, test, ys)
		}
	}
	cv.scores = make([]EMScore, len(lambdas))
	for li, lambda := range lambdas {
		perFold := make([]float64, k)
		for c := range s.Columns {
			for f, v := range cv.mac[li][c] {
				perFold[f] += v / float64(nCols)
			}
		}
		cv.scores[li] = EMScore{Lambda: lambda}
		cv.scores[li].MacroF1, cv.scores[li].MacroF1SD = meanSD(perFold)
	}
	return cv, nil
}

// summary returns the CVScores of weight li in column c.
func (cv *emCV) summary(li, c int, seed uint64) CVScores {
	acc, accSD := meanSD(cv.acc[li][c])
	mac, macSD := meanSD(cv.mac[li][c])
	bacc, _ := meanSD(cv.base[c][0])
	bmac, _ := meanSD(cv.base[c][1])
	return CVScores{
		Folds: len(cv.acc[li][c]), Seed: seed,
		Accuracy: acc, AccuracySD: accSD, MacroF1: mac, MacroF1SD: macSD,
		BaselineAcc: bacc, BaselineMacro: bmac,
		BaselineLabel: cv.sets[c][metrics.Majority(cv.gold[c], len(cv.sets[c]))],
	}
}

// WriteComparison writes each weight's cross-validated score and marks the
// one fitted.
func (e *EMRecord) WriteComparison(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "unlabelled rows: %d\n", e.Unlabeled)
	for _, s := range e.Scores {
		mark := ""
		if s.Lambda == e.Lambda {
			mark = "  <- fitted"
		}
		fmt.Fprintf(&b, "weight %-5s cv macro-F1 %.3f ± %.3f%s\n", strconv.FormatFloat(s.Lambda, 'g', -1, 64), s.MacroF1, s.MacroF1SD, mark)
	}
	if len(e.Scores) > 0 {
		fmt.Fprintf(&b, "(%d folds, seed %d; weight 0 is plain naive Bayes; mean ± sd over folds)\n", e.Folds, e.Seed)
	}
	if e.Lambda == 0 {
		b.WriteString("the model is plain naive Bayes on the labelled rows\n")
	} else {
		fmt.Fprintf(&b, "the model is naive Bayes by EM, unlabelled rows weighted %g (iterations per column %v)\n", e.Lambda, e.Iterations)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
