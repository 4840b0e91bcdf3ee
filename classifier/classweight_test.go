package classifier

import (
	"errors"
	"math"
	"reflect"
	"testing"
	"unsafe"

	"github.com/sjwhitworth/golearn/linear_models"

	"github.com/stance-nlp/stance/features"
)

// skewedProblem is a seeded sparse problem of n documents over nF
// features whose classes 0, 1 and 2 hold about 75%, 17% and 8% of the
// documents. Each document has a few noise terms and, with probability
// 1/3 each, the terms of its class (features j with j%3 = y), so the
// classes overlap and a learner that follows the base rates favours
// class 0.
func skewedProblem(n, nF int, seed uint64) ([]features.Vector, []int) {
	x := seed | 1
	next := func() uint64 { x ^= x << 13; x ^= x >> 7; x ^= x << 17; return x }
	X := make([]features.Vector, n)
	y := make([]int, n)
	for i := range X {
		switch u := next() % 100; {
		case u < 75:
			y[i] = 0
		case u < 92:
			y[i] = 1
		default:
			y[i] = 2
		}
		var v features.Vector
		for j := range nF {
			if next()%uint64(nF) < 4 || (j%3 == y[i] && next()%3 == 0) {
				v.Index = append(v.Index, int32(j))
				v.Value = append(v.Value, 1)
			}
		}
		X[i] = v
	}
	return X, y
}

// TestBalancedWeights checks the weights of ClassWeightBalanced: n/(2 n_c)
// and n/(2 (n − n_c)), each side's total n/2, and 1 for even classes.
func TestBalancedWeights(t *testing.T) {
	tests := []struct {
		n, pos int
		p, q   float64
	}{
		{10, 5, 1, 1},
		{10, 1, 5, 10.0 / 18},
		{202, 4, 202.0 / 8, 202.0 / 396},
	}
	for _, tt := range tests {
		p, q := balancedWeights(tt.n, tt.pos)
		if math.Abs(p-tt.p) > 1e-15 || math.Abs(q-tt.q) > 1e-15 {
			t.Errorf("balancedWeights(%d, %d) = %v, %v; want %v, %v", tt.n, tt.pos, p, q, tt.p, tt.q)
		}
		if sp, sq := p*float64(tt.pos), q*float64(tt.n-tt.pos); math.Abs(sp-sq) > 1e-12 || math.Abs(sp-float64(tt.n)/2) > 1e-12 {
			t.Errorf("balancedWeights(%d, %d): the sides weigh %v and %v, want %v each", tt.n, tt.pos, sp, sq, float64(tt.n)/2)
		}
	}
}

// TestBalancedTrainersAgree fits balanced logistic regression with both
// trainers on a small skewed problem, to a tight tolerance, and checks
// that they reach the same weights, that those weights are the minimiser
// of the weighted objective of LogReg's doc (its gradient, computed
// directly by denseGrad with the per-row costs, is ~0), and that the
// weighting reached liblinear at all (its weights move away from the
// unweighted ones).
func TestBalancedTrainersAgree(t *testing.T) {
	const nF = 12
	X, y := skewedProblem(160, nF, 5)
	for _, nb := range []bool{false, true} {
		fits := map[string]*LogReg{}
		for _, choice := range []string{TrainerGolearn, TrainerSparse} {
			for _, cw := range []string{"", ClassWeightBalanced} {
				m := &LogReg{C: 1, Eps: 1e-8, NB: nb, Choice: choice, ClassWeight: cw}
				if err := m.Fit(X, y, nF, 3); err != nil {
					t.Fatal(err)
				}
				fits[choice+"/"+cw] = m
			}
		}
		g, s := fits[TrainerGolearn+"/"+ClassWeightBalanced], fits[TrainerSparse+"/"+ClassWeightBalanced]
		u := fits[TrainerGolearn+"/"]
		var diff, moved, scale float64
		for c := range 3 {
			diff = max(diff, math.Abs(g.B[c]-s.B[c]))
			moved = max(moved, math.Abs(g.B[c]-u.B[c]))
			scale = max(scale, math.Abs(g.B[c]))
			for j := range nF {
				diff = max(diff, math.Abs(g.W[c][j]-s.W[c][j]))
				moved = max(moved, math.Abs(g.W[c][j]-u.W[c][j]))
				scale = max(scale, math.Abs(g.W[c][j]))
			}
		}
		t.Logf("NB %v: golearn and sparse differ by at most %.2g; balanced moved golearn's weights by up to %.3g (largest weight %.3g)", nb, diff, moved, scale)
		if diff > 1e-5*scale {
			t.Errorf("NB %v: balanced weights of golearn and sparse differ by %g (largest weight %g)", nb, diff, scale)
		}
		if moved < 0.1 {
			t.Errorf("NB %v: balanced golearn weights differ from unweighted ones by only %g: were the class weights passed?", nb, moved)
		}
		if nb {
			continue // W holds r-scaled weights; the gradient is checked without NB
		}
		for c := range 3 {
			tt := make([]float64, len(y))
			pos := 0
			for i, yi := range y {
				tt[i] = -1
				if yi == c {
					tt[i], pos = 1, pos+1
				}
			}
			p, q := balancedWeights(len(y), pos)
			cw := make([]float64, len(y))
			for i := range cw {
				cw[i] = q
				if tt[i] > 0 {
					cw[i] = p
				}
			}
			g0 := norm(denseGrad(X, tt, nil, cw, nF, 1, make([]float64, nF+1)))
			for name, m := range map[string]*LogReg{"golearn": g, "sparse": s} {
				w := append(append([]float64(nil), m.W[c]...), m.B[c])
				if gn := norm(denseGrad(X, tt, nil, cw, nF, 1, w)); gn > 1e-6*g0 {
					t.Errorf("%s, class %d: ‖∇f(w)‖ = %g of the weighted objective (‖∇f(0)‖ = %g)", name, c, gn, g0)
				}
			}
		}
	}
}

// rareShare trains m on X, y and returns the share of the test documents
// predicted as classes 1 or 2, and the recall of those classes.
func rareShare(t *testing.T, m Model, X []features.Vector, y []int, nF int, test []features.Vector, gold []int) (share, recall float64) {
	t.Helper()
	if err := m.Fit(X, y, nF, 3); err != nil {
		t.Fatal(err)
	}
	var rare, hit, relevant int
	var p []float64
	for i, x := range test {
		p = m.Probs(x, p)
		k := argmax(p)
		if k != 0 {
			rare++
		}
		if gold[i] != 0 {
			relevant++
			if k == gold[i] {
				hit++
			}
		}
	}
	return float64(rare) / float64(len(test)), float64(hit) / float64(relevant)
}

// TestBalancedFavoursRareClasses checks that balanced weighting, in both
// logistic regression trainers and in naive Bayes, predicts the rare
// classes of a skewed problem more often on held-out documents, and finds
// more of them, than the unweighted model.
func TestBalancedFavoursRareClasses(t *testing.T) {
	const nF = 30
	X, y := skewedProblem(400, nF, 11)
	test, gold := skewedProblem(2000, nF, 12)
	models := []struct {
		name string
		new  func(cw string) Model
	}{
		{"logreg golearn", func(cw string) Model { return &LogReg{C: 1, NB: true, Choice: TrainerGolearn, ClassWeight: cw} }},
		{"logreg sparse", func(cw string) Model { return &LogReg{C: 1, NB: true, Choice: TrainerSparse, ClassWeight: cw} }},
		{"naive Bayes", func(cw string) Model { return &NaiveBayes{Alpha: 1, ClassWeight: cw} }},
	}
	for _, mc := range models {
		t.Run(mc.name, func(t *testing.T) {
			s0, r0 := rareShare(t, mc.new(""), X, y, nF, test, gold)
			s1, r1 := rareShare(t, mc.new(ClassWeightBalanced), X, y, nF, test, gold)
			t.Logf("share predicted rare %.3f -> %.3f, recall of the rare classes %.3f -> %.3f (true share %.3f)", s0, s1, r0, r1, 1-share0(gold))
			if s1 <= s0 || r1 <= r0 {
				t.Errorf("balanced: share predicted rare %.3f, recall %.3f; unweighted %.3f, %.3f: want both higher", s1, r1, s0, r0)
			}
		})
	}
}

// share0 is the share of class 0 in y.
func share0(y []int) float64 {
	n := 0
	for _, v := range y {
		if v == 0 {
			n++
		}
	}
	return float64(n) / float64(len(y))
}

// TestNaiveBayesUniformPrior checks NaiveBayes's balanced prior against
// its definition: the term weights are those of the unweighted model, the
// intercept of each class seen in training is ln(1/K') for the K' classes
// seen, and a class without documents keeps its -1e3.
func TestNaiveBayesUniformPrior(t *testing.T) {
	X, y := skewedProblem(100, 9, 3)
	for i := range y {
		if y[i] == 2 {
			y[i] = 1 // of the 4 classes, 2 and 3 then have no documents
		}
	}
	plain, bal := &NaiveBayes{Alpha: 1}, &NaiveBayes{Alpha: 1, ClassWeight: ClassWeightBalanced}
	for _, m := range []*NaiveBayes{plain, bal} {
		if err := m.Fit(X, y, 9, 4); err != nil {
			t.Fatal(err)
		}
	}
	if !reflect.DeepEqual(plain.W, bal.W) {
		t.Error("balanced naive Bayes changed the term weights")
	}
	want := []float64{-math.Log(2), -math.Log(2), -1e3, -1e3}
	for c, b := range bal.B {
		if math.Abs(b-want[c]) > 1e-15 {
			t.Errorf("intercept of class %d = %v, want %v", c, b, want[c])
		}
	}
	if plain.B[0] <= plain.B[1] {
		t.Errorf("unweighted priors %v: the majority class should have the larger", plain.B)
	}
}

// TestLiblinearParameterMirror checks liblinearParameter against golearn's
// Parameter: the layout check passes, the mirror reads what NewParameter
// wrote, and the weights written through it are where liblinear looks.
// It also checks that a mirror of another layout is refused.
func TestLiblinearParameterMirror(t *testing.T) {
	if err := liblinearLayoutErr(); err != nil {
		t.Fatal(err)
	}
	param := linear_models.NewParameter(linear_models.L2R_LR, 2.5, 0.125)
	mp := (*liblinearParameter)(unsafe.Pointer(param))
	if mp.solverType != linear_models.L2R_LR || mp.eps != 0.125 || mp.cost != 2.5 || mp.nrWeight != 0 || mp.weightLabel != nil || mp.weight != nil || mp.p != 0 {
		t.Fatalf("the mirror reads %+v from NewParameter(L2R_LR, 2.5, 0.125)", *mp)
	}
	costs := setLiblinearCosts(param, 3, 0.75)
	if mp.nrWeight != 2 || *mp.weightLabel != 1 || *mp.weight != 3 ||
		*(*int32)(unsafe.Add(unsafe.Pointer(mp.weightLabel), 4)) != -1 || *(*float64)(unsafe.Add(unsafe.Pointer(mp.weight), 8)) != 0.75 {
		t.Errorf("after setLiblinearCosts(3, 0.75): %+v", *mp)
	}
	costs.release()
	if mp.nrWeight != 0 || mp.weightLabel != nil || mp.weight != nil {
		t.Errorf("after release: %+v", *mp)
	}
	type swapped struct {
		solverType  int32    `c:"solver_type"`
		cost        float64  `c:"C"`
		eps         float64  `c:"eps"`
		nrWeight    int32    `c:"nr_weight"`
		weightLabel *int32   `c:"weight_label"`
		weight      *float64 `c:"weight"`
		p           float64  `c:"p"`
	}
	type short struct {
		solverType int32   `c:"solver_type"`
		eps        float64 `c:"eps"`
	}
	outer := reflect.TypeFor[linear_models.Parameter]()
	for _, mirror := range []reflect.Type{reflect.TypeFor[swapped](), reflect.TypeFor[short](), reflect.TypeFor[int]()} {
		if err := layoutErr(outer, mirror); !errors.Is(err, ErrGolearnLayout) {
			t.Errorf("layoutErr with mirror %v = %v, want ErrGolearnLayout", mirror, err)
		}
	}
	if err := layoutErr(reflect.TypeFor[liblinearParameter](), reflect.TypeFor[liblinearParameter]()); !errors.Is(err, ErrGolearnLayout) {
		t.Errorf("layoutErr of a struct of seven fields as the outer type = %v, want ErrGolearnLayout", err)
	}
}

// TestClassWeightRecipe checks that a Recipe accepts "", none and
// balanced, refuses anything else, and that New hands the weighting to the
// model, recording none as "".
func TestClassWeightRecipe(t *testing.T) {
	for _, tt := range []struct {
		cw, recorded string
		ok           bool
	}{
		{"", "", true}, {ClassWeightNone, "", true}, {ClassWeightBalanced, ClassWeightBalanced, true}, {"Balanced", "", false}, {"auto", "", false},
	} {
		for _, kind := range Kinds() {
			r := RecipeV1()
			r.Model, r.ClassWeight = kind, tt.cw
			err := r.Validate()
			if (err == nil) != tt.ok {
				t.Errorf("%s, class weight %q: Validate() = %v, want ok %v", kind, tt.cw, err, tt.ok)
			}
			if !tt.ok {
				continue
			}
			m, _ := r.New()
			var got string
			switch m := m.(type) {
			case *LogReg:
				got = m.ClassWeight
			case *NaiveBayes:
				got = m.ClassWeight
			}
			if got != tt.recorded {
				t.Errorf("%s, class weight %q: the model records %q, want %q", kind, tt.cw, got, tt.recorded)
			}
		}
	}
}
