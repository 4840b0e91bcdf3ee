package classifier

import (
	"bytes"
	"math"
	"runtime"
	"testing"

	"github.com/stance-nlp/stance/features"
	"github.com/stance-nlp/stance/metrics"
)

// vec1 is a one-feature document with value v (no entry when v is 0).
func vec1(v float64) features.Vector {
	if v == 0 {
		return features.Vector{}
	}
	return features.Vector{Index: []int32{0}, Value: []float64{v}}
}

// denseGrad is ∇f(w) computed directly from the definition, row by row,
// independently of binaryLR: w + Σ_i C_i (σ(t_i z_i) − 1) t_i x̃_i, where
// x̃_i is x_i scaled by r and extended by a constant 1, and C_i is cw[i], or
// C for every row when cw is nil.
func denseGrad(X []features.Vector, t, r, cw []float64, nF int, C float64, w []float64) []float64 {
	g := append([]float64(nil), w...)
	for i, x := range X {
		xd := make([]float64, nF+1)
		for k, j := range x.Index {
			xd[j] = x.Value[k]
			if r != nil {
				xd[j] *= r[j]
			}
		}
		xd[nF] = 1
		var z float64
		for j := range xd {
			z += xd[j] * w[j]
		}
		ci := C
		if cw != nil {
			ci = cw[i]
		}
		coef := ci * (1/(1+math.Exp(-t[i]*z)) - 1) * t[i]
		for j := range xd {
			g[j] += coef * xd[j]
		}
	}
	return g
}

// vecs1 is the one-feature documents of values xs (vec1 each).
func vecs1(xs []float64) []features.Vector {
	X := make([]features.Vector, len(xs))
	for i, v := range xs {
		X[i] = vec1(v)
	}
	return X
}

func norm(v []float64) float64 { return math.Sqrt(dot(v, v)) }

// TestSparseNewtonSymmetric1D checks a problem whose optimum is known: x = +1
// labelled +1 and x = −1 labelled −1, twice each. By symmetry the intercept
// is 0, and the weight solves ∂f/∂w = w − 4C σ(−w) = 0 (each of the four
// documents contributes −C σ(−w)), found here by bisection.
func TestSparseNewtonSymmetric1D(t *testing.T) {
	for _, C := range []float64{0.1, 1, 10} {
		X := []features.Vector{vec1(1), vec1(-1), vec1(1), vec1(-1)}
		tt := []float64{1, -1, 1, -1}
		w, st := solveBinary(newCSR(X, 1), tt, nil, nil, 1, C, 1e-12, nil)
		lo, hi := 0.0, 4*C
		for range 200 {
			mid := (lo + hi) / 2
			if mid-4*C*sigmoid(-mid) < 0 {
				lo = mid
			} else {
				hi = mid
			}
		}
		if math.Abs(w[0]-lo) > 1e-7 || math.Abs(w[1]) > 1e-7 {
			t.Errorf("C=%g: w = %v, want [%.12f 0] (%+v)", C, w, lo, st)
		}
	}
}

// optimum1DCases are 1-D problems (one feature and the intercept) whose
// minimisers the trainers' tests check by the gradient there.
var optimum1DCases = []struct {
	name string
	x, t []float64
	r    []float64
	s    []float64 // row weights: the costs are C s_i (nil: C)
}{
	{"separable", []float64{2, 1.5, 1, -0.5, -1, -3}, []float64{1, 1, 1, -1, -1, -1}, nil, nil},
	{"non-separable", []float64{2, 1, 0, -1, 0.5, -2, 1}, []float64{1, 1, -1, -1, -1, 1, -1}, nil, nil},
	{"unbalanced", []float64{1, 0, 0, 0, 0, 0, 0, 0, 0, 1}, []float64{1, -1, -1, -1, -1, -1, -1, -1, -1, -1}, nil, nil},
	{"nb-scaled", []float64{1, 1, 0, 1, 0, 0}, []float64{1, 1, 1, -1, -1, -1}, []float64{0.7}, nil},
	{"row costs", []float64{1, 0, 0, 0, 0, 0, 0, 0, 0, 1}, []float64{1, -1, -1, -1, -1, -1, -1, -1, -1, -1}, nil,
		[]float64{5, 5.0 / 9, 5.0 / 9, 5.0 / 9, 5.0 / 9, 5.0 / 9, 5.0 / 9, 5.0 / 9, 5.0 / 9, 5.0 / 9}},
}

// TestSparseNewtonOptimum1D checks the minimiser of 1-D separable and
// non-separable problems (with intercept, NB scaling and per-row costs C
// s_i) by the gradient of the objective, computed independently, being ~0
// there.
func TestSparseNewtonOptimum1D(t *testing.T) {
	for _, tc := range optimum1DCases {
		X := vecs1(tc.x)
		for _, C := range []float64{0.5, 1, 100} {
			var cw []float64
			for _, si := range tc.s {
				cw = append(cw, C*si)
			}
			g0 := norm(denseGrad(X, tc.t, tc.r, cw, 1, C, []float64{0, 0}))
			w, st := solveBinary(newCSR(X, 1), tc.t, tc.r, cw, 1, C, 1e-10, nil)
			g := norm(denseGrad(X, tc.t, tc.r, cw, 1, C, w))
			if g > 1e-6*g0 {
				t.Errorf("%s C=%g: ‖∇f(w)‖ = %g at w = %v (‖∇f(0)‖ = %g; %+v)", tc.name, C, g, w, g0, st)
			}
			if math.Abs(g-st.GNorm) > 1e-9*g0 {
				t.Errorf("%s C=%g: trainer's gradient norm %g, direct %g", tc.name, C, st.GNorm, g)
			}
		}
	}
}

// randomProblem is a seeded sparse problem of n documents over nF features.
func randomProblem(n, nF int, seed uint64) ([]features.Vector, []int) {
	x := seed | 1
	next := func() uint64 { x ^= x << 13; x ^= x >> 7; x ^= x << 17; return x }
	X := make([]features.Vector, n)
	y := make([]int, n)
	for i := range X {
		y[i] = int(next() % 3)
		var v features.Vector
		for j := 0; j < nF; j++ {
			// Class-dependent term rates make the problem learnable but noisy.
			if next()%uint64(nF) < 3 || (j%3 == y[i] && next()%4 == 0) {
				v.Index = append(v.Index, int32(j))
				v.Value = append(v.Value, 1)
			}
		}
		X[i] = v
	}
	return X, y
}

// TestSparseNewtonDescends checks on a random sparse problem that every
// iteration lowers the objective (a trust-region method only accepts
// decreasing steps), that the stopping rule is met, and that the result's
// gradient agrees with the direct computation.
func TestSparseNewtonDescends(t *testing.T) {
	X, y := randomProblem(300, 40, 7)
	r := features.LogCountRatio(X, y, 1, 40, 1)
	tt := make([]float64, len(y))
	pos := 0
	for i, c := range y {
		tt[i] = -1
		if c == 1 {
			tt[i] = 1
			pos++
		}
	}
	f0 := newBinaryLR(newCSR(X, 40), tt, r, 40, 1, nil).fun(make([]float64, 41)) // f(0) needs no renumbering
	prev := f0
	iters := 0
	trace := func(iter int, f, gnorm float64) {
		iters++
		if f > prev {
			t.Errorf("iteration %d: objective rose from %v to %v", iter, prev, f)
		}
		prev = f
	}
	tolRel := 0.01 * float64(min(pos, len(y)-pos)) / float64(len(y))
	w, st := solveBinary(newCSR(X, 40), tt, r, nil, 40, 1, tolRel, trace)
	t.Logf("%+v", st)
	if iters == 0 || st.F >= f0 {
		t.Fatalf("no progress: %+v, f(0) = %v", st, f0)
	}
	g := norm(denseGrad(X, tt, r, nil, 40, 1, w))
	if g > st.Tol*(1+1e-9) {
		t.Errorf("‖∇f(w)‖ = %g above the tolerance %g", g, st.Tol)
	}
	// f is 1-strongly convex (its Hessian is I + C XᵀDX ⪰ I), so
	// f(w) − f* ≤ ½‖∇f(w)‖²: check it against a much tighter solve.
	_, tight := solveBinary(newCSR(X, 40), tt, r, nil, 40, 1, 1e-9, nil)
	if gap := st.F - tight.F; gap < -1e-9 || gap > 0.5*g*g {
		t.Errorf("objective %v at the default stop, %v at a tight one; gap above ½‖∇f‖² = %v", st.F, tight.F, 0.5*g*g)
	}
}

// TestSparseAbsentClass checks that a class with no training documents gets
// the same constant model from both trainers.
func TestSparseAbsentClass(t *testing.T) {
	X, y := randomProblem(60, 10, 3)
	for i := range y {
		if y[i] == 2 {
			y[i] = 0
		}
	}
	for _, choice := range []string{TrainerGolearn, TrainerSparse} {
		m := &LogReg{C: 1, NB: true, Choice: choice}
		if err := m.Fit(X, y, 10, 3); err != nil {
			t.Fatal(err)
		}
		if m.B[2] != -absentScore {
			t.Errorf("%s: intercept of the absent class = %v, want %v", choice, m.B[2], -absentScore)
		}
		for _, v := range m.W[2] {
			if v != 0 {
				t.Errorf("%s: absent class has weight %v", choice, v)
				break
			}
		}
	}
}

// TestSparseDeterministic checks that the sparse trainer gives the same
// bytes whatever the number of cores it runs on.
func TestSparseDeterministic(t *testing.T) {
	r := RecipeV1()
	r.Trainer, r.Folds = TrainerSparse, 0
	var out []string
	for _, procs := range []int{1, 2, 4} {
		old := runtime.GOMAXPROCS(procs)
		b, err := Train(seedSet(t), r, nil)
		runtime.GOMAXPROCS(old)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if _, err := b.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		out = append(out, buf.String())
		if got := b.Columns[0].Trainer(); got != UsedSparse {
			t.Errorf("trainer recorded as %q, want %q", got, UsedSparse)
		}
	}
	for i := 1; i < len(out); i++ {
		if out[i] != out[0] {
			t.Errorf("GOMAXPROCS changed the model file")
		}
	}
}

func TestTrainerChoice(t *testing.T) {
	tests := []struct {
		choice string
		n, f   int
		want   string
	}{
		{TrainerAuto, 202, 13384, UsedGolearn},
		{"", 6920, 74015, UsedSparse}, // SST-2 train: 512M cells
		{TrainerAuto, 3000, 63290, UsedGolearn},
		{TrainerAuto, 100000, 200000, UsedSparse},
		{TrainerGolearn, 100000, 200000, UsedGolearn},
		{TrainerSparse, 10, 10, UsedSparse},
	}
	for _, tt := range tests {
		got, err := trainerFor(tt.choice, tt.n, tt.f)
		if err != nil || got != tt.want {
			t.Errorf("trainerFor(%q, %d, %d) = %q, %v; want %q", tt.choice, tt.n, tt.f, got, err, tt.want)
		}
	}
	r := RecipeV1()
	r.Trainer = "liblinear"
	if err := r.Validate(); err == nil {
		t.Error("Validate accepted an unknown trainer")
	}
}

// agreement is the share of equal entries of a and b.
func agreement(a, b []int) float64 {
	same := 0
	for i := range a {
		if a[i] == b[i] {
			same++
		}
	}
	return float64(same) / float64(len(a))
}

// TestSparseAgreesWithGolearnSST2 trains both trainers on SST-2 train with
// the default recipe and compares their predictions on SST-2 test.
func TestSparseAgreesWithGolearnSST2(t *testing.T) {
	if testing.Short() {
		t.Skip("SST-2 training; skipped in -short mode")
	}
	trX, trY := readSST2(t, "train")
	teX, teY := readSST2(t, "test")
	pred := map[string][]int{}
	var gold []int
	for _, choice := range []string{TrainerGolearn, TrainerSparse} {
		r := RecipeV1()
		r.Trainer, r.Folds = choice, 0
		b, err := Train(&TrainingSet{Texts: trX, Columns: []string{"sentiment"}, Labels: [][]string{trY}}, r, nil)
		if err != nil {
			t.Fatal(err)
		}
		p := b.NewPredictor()
		gold = encode(teY, b.Columns[0].Labels)
		for _, x := range teX {
			pred[choice] = append(pred[choice], p.Predict(x)[0].Index)
		}
	}
	accG := metrics.Accuracy(gold, pred[TrainerGolearn])
	accS := metrics.Accuracy(gold, pred[TrainerSparse])
	agree := agreement(pred[TrainerGolearn], pred[TrainerSparse])
	t.Logf("SST-2 test: golearn %.2f%%, sparse %.2f%%, agreement %.2f%% of %d", 100*accG, 100*accS, 100*agree, len(gold))
	if agree < 0.99 {
		t.Errorf("agreement %.4f, want >= 0.99", agree)
	}
	if math.Abs(accG-accS) > 0.003 {
		t.Errorf("accuracy %.4f (sparse) vs %.4f (golearn): more than 0.3 points apart", accS, accG)
	}
}

// TestSparseAgreesWithGolearnSeed compares the two trainers on the seed
// corpus, both columns, on out-of-fold predictions of the default recipe's
// 5 stratified folds (and on the training documents themselves).
func TestSparseAgreesWithGolearnSeed(t *testing.T) {
	s := seedSet(t)
	r := RecipeV1()
	for c, name := range s.Columns {
		set := LabelSet(s.Labels[c])
		y := encode(s.Labels[c], set)
		fold := StratifiedFolds(encode(s.Labels[0], LabelSet(s.Labels[0])), len(LabelSet(s.Labels[0])), r.Folds, r.Seed)
		var oof, in [2][]int
		for f := 0; f < r.Folds; f++ {
			var trT, teT []string
			var trY []int
			for i, text := range s.Texts {
				if fold[i] == f {
					teT = append(teT, text)
				} else {
					trT = append(trT, text)
					trY = append(trY, y[i])
				}
			}
			vec, X, err := vectorize(r.Features, &TrainingSet{Texts: trT})
			if err != nil {
				t.Fatal(err)
			}
			e := vec.NewExtractor()
			for k, choice := range []string{TrainerGolearn, TrainerSparse} {
				m := &LogReg{C: r.C, NB: r.NB, NBAlpha: r.Alpha, Choice: choice}
				if err := m.Fit(X, trY, vec.Len(), len(set)); err != nil {
					t.Fatal(err)
				}
				var p []float64
				for _, text := range teT {
					p = m.Probs(e.Vector(text), p)
					oof[k] = append(oof[k], argmax(p))
				}
				if f == 0 {
					for _, x := range X {
						p = m.Probs(x, p)
						in[k] = append(in[k], argmax(p))
					}
				}
			}
		}
		a, ain := agreement(oof[0], oof[1]), agreement(in[0], in[1])
		t.Logf("seed %s: out-of-fold agreement %.2f%% of %d, on training documents %.2f%% of %d", name, 100*a, len(oof[0]), 100*ain, len(in[0]))
		if a < 0.97 || ain < 0.97 {
			t.Errorf("%s: agreement %.4f out of fold, %.4f in training; want >= 0.97", name, a, ain)
		}
	}
}

func argmax(p []float64) int {
	k := 0
	for i, v := range p {
		if v > p[k] {
			k = i
		}
	}
	return k
}

// TestSST2Sparse reports the default recipe's SST-2 test accuracy with the
// sparse trainer alone (the default "auto" picks golearn for SST-2).
func TestSST2Sparse(t *testing.T) {
	if testing.Short() {
		t.Skip("SST-2 training; skipped in -short mode")
	}
	r := RecipeV1()
	r.Trainer = TrainerSparse
	acc := sst2Accuracy(t, r, "test")
	t.Logf("SST-2 test accuracy of the default recipe, sparse trainer: %.2f%%", 100*acc)
	if acc < 0.815 {
		t.Errorf("SST-2 test accuracy %.4f with the sparse trainer, want >= 0.815", acc)
	}
}
