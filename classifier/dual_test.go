package classifier

import (
	"testing"

	"github.com/stance-nlp/stance/features"
	"github.com/stance-nlp/stance/internal/testkit"
)

// dualSolveVectors runs the dual descent to eps on a problem in the original
// feature numbering and returns w in the r-scaled space, as solveBinary
// does for the Newton method.
func dualSolveVectors(X []features.Vector, t, r, cw []float64, nF int, C, eps float64) ([]float64, dualStats) {
	m := newCSR(X, nF)
	var rr []float64
	if r != nil {
		rr = make([]float64, nF)
		for j, k := range m.rank {
			rr[k] = r[j]
		}
	}
	u, st := dualSolve(m, nF, C, dualClass{t: t, r: rr, cw: cw}, 1, eps)
	w := make([]float64, nF+1)
	for j, k := range m.rank {
		w[j] = u[k] // u = r ⊙ w
		if r != nil {
			if r[j] == 0 {
				w[j] = 0 // w_j never moves when r_j is 0
			} else {
				w[j] /= r[j]
			}
		}
	}
	w[nF] = u[nF]
	return w, st
}

// TestDualOptimum1D checks the dual descent on the problems of
// TestSparseNewtonOptimum1D: run tight, its w is the primal minimiser,
// the gradient of the objective (computed independently, denseGrad)
// being ~0 there.
func TestDualOptimum1D(t *testing.T) {
	for _, tc := range optimum1DCases {
		X := vecs1(tc.x)
		for _, C := range []float64{0.5, 1, 100} {
			cw := make([]float64, len(tc.x))
			for i := range cw {
				cw[i] = C
				if tc.s != nil {
					cw[i] = C * tc.s[i]
				}
			}
			g0 := norm(denseGrad(X, tc.t, tc.r, cw, 1, C, []float64{0, 0}))
			w, st := dualSolveVectors(X, tc.t, tc.r, cw, 1, C, 1e-9)
			// Large C converges slowly in the dual (the paper's section
			// 6): within 1000 epochs, 1e-4 of the gradient at 0.
			if g := norm(denseGrad(X, tc.t, tc.r, cw, 1, C, w)); g > 1e-4*g0 {
				t.Errorf("%s C=%g: ‖∇f(w)‖ = %g at w = %v (‖∇f(0)‖ = %g; %+v)", tc.name, C, g, w, g0, st)
			}
		}
	}
}

// TestDualMatchesNewton checks the dual descent's default stop against
// the Newton trainer's, on a random problem and on the seed corpus's
// stance classes under the default recipe's features (NB scaling,
// balanced costs, C=0.3): its objective is no further above the optimum
// (a Newton solve to 1e-10) than the Newton trainer's default stop, or
// within 0.1% of it, and the two agree on nearly every training
// document's side of the boundary.
func TestDualMatchesNewton(t *testing.T) {
	type problem struct {
		name string
		X    []features.Vector
		y    []int
		nF   int
	}
	X, y := randomProblem(400, 60, 11)
	probs := []problem{{"random", X, y, 60}}
	rows := testkit.Seed(t, "text", "stance")
	texts, labels := make([]string, len(rows)), make([]string, len(rows))
	for i, r := range rows {
		texts[i], labels[i] = r[0], r[1]
	}
	vec, SX, err := vectorize(DefaultRecipe().Features, &TrainingSet{Texts: texts})
	if err != nil {
		t.Fatal(err)
	}
	probs = append(probs, problem{"seed stance", SX, encode(labels, LabelSet(labels)), vec.Len()})
	for _, pr := range probs {
		classes := 0
		for _, c := range pr.y {
			classes = max(classes, c+1)
		}
		for c := range classes {
			r := features.LogCountRatio(pr.X, pr.y, c, pr.nF, 1)
			tt := make([]float64, len(pr.y))
			pos := 0
			for i, yi := range pr.y {
				tt[i] = -1
				if yi == c {
					tt[i], pos = 1, pos+1
				}
			}
			pw, qw := balancedWeights(len(pr.y), pos)
			cw := make([]float64, len(tt))
			for i, ti := range tt {
				cw[i] = 0.3 * qw
				if ti > 0 {
					cw[i] = 0.3 * pw
				}
			}
			tolRel := 0.01 * float64(max(min(pos, len(pr.y)-pos), 1)) / float64(len(pr.y))
			wn, _ := solveBinary(newCSR(pr.X, pr.nF), tt, r, cw, pr.nF, 0.3, tolRel, nil)
			wd, ds := dualSolveVectors(pr.X, tt, r, cw, pr.nF, 0.3, dualEps)
			fd := newBinaryLR(newCSR(pr.X, pr.nF), tt, nil, pr.nF, 0.3, cw)
			rr := make([]float64, pr.nF)
			for j, k := range fd.X.rank {
				rr[k] = r[j]
			}
			fd.r, fd.sa = rr, make([]float64, pr.nF)
			f := func(w []float64) float64 { // f(w), w in the original numbering
				wr := make([]float64, len(w))
				for j, k := range fd.X.rank {
					wr[k] = w[j]
				}
				wr[pr.nF] = w[pr.nF]
				return fd.fun(wr)
			}
			wt, _ := solveBinary(newCSR(pr.X, pr.nF), tt, r, cw, pr.nF, 0.3, 1e-10, nil)
			fStar, fDual, fNewton := f(wt), f(wd), f(wn)
			if gap := fDual - fStar; gap > max(fNewton-fStar, 1e-3*fStar) {
				t.Errorf("%s class %d: dual objective %g, %g above the optimum %g; the Newton stop's is %g (%+v)", pr.name, c, fDual, gap, fStar, fNewton, ds)
			}
			agree := 0
			for _, x := range pr.X {
				zn, zd := wn[pr.nF], wd[pr.nF]
				for k, j := range x.Index {
					zn += x.Value[k] * r[j] * wn[j]
					zd += x.Value[k] * r[j] * wd[j]
				}
				if (zn > 0) == (zd > 0) {
					agree++
				}
			}
			if float64(agree) < 0.98*float64(len(pr.X)) {
				t.Errorf("%s class %d: the trainers agree on %d of %d documents", pr.name, c, agree, len(pr.X))
			}
			t.Logf("%s class %d: %d epochs; f* %.6g, dual %.6g, Newton %.6g; agree %d/%d", pr.name, c, ds.Epochs, fStar, fDual, fNewton, agree, len(pr.X))
		}
	}
}
