package classifier

import (
	"math"
	"math/rand/v2"
)

// This file is the project's default sparse trainer of the same problem
// sparse.go states, L2-regularised logistic regression with per-row costs
// C_i, solved through its dual by coordinate descent (Yu, Huang and Lin
// 2011, "Dual coordinate descent methods for logistic regression and
// maximum entropy models", Machine Learning 85), written from the paper's
// mathematics. With x_i extended by the constant 1 of the intercept (and
// scaled by r under NB scaling), the dual is
//
//	min_α  ½ αᵀQα + Σ_i [ α_i ln α_i + (C_i − α_i) ln(C_i − α_i) ],
//	Q_ij = t_i t_j x_iᵀx_j,   0 < α_i < C_i,
//
// and w = Σ_i α_i t_i x_i. Each step minimises over one α_i with the
// others fixed,
//
//	g(z) = ½ a_i (z − α_i)² + b_i (z − α_i) + z ln z + (C_i − z) ln(C_i − z),
//	a_i = ‖x_i‖²,  b_i = t_i wᵀx_i,
//
// by Newton's method on g'(z) = a_i (z − α_i) + b_i + ln(z / (C_i − z)),
// g''(z) = a_i + C_i / (z (C_i − z)); when the minimiser lies above C_i/2
// the same is done for C_i − α_i (b_i negated), so that the logarithm is
// always taken of the side far from 0, where it is accurate. An epoch
// visits the rows once, in a seeded random order; w is updated in place
// after each row, so an epoch costs two passes over the row's nonzeros
// (x_iᵀw and w += δ x_i), like one Hessian product of the Newton trainer.
//
// Each class of a one-vs-rest fit is one such descent, the classes in
// parallel as for the Newton trainer. (Solving four classes side by side,
// each row's nonzeros read once for all four and a feature's four weights
// in one cache line, was measured and was no faster: the cost is in the
// arithmetic and the bytes of the weights, per class.)
//
// Why it is the default sparse trainer: on both label columns of the 100k
// benchmark comments with the default recipe it stops in 5-8 epochs, an
// epoch costing what one Hessian product of the trust-region Newton
// trainer costs, which needs 66-98 of them per class; its objective there
// is lower than where the Newton trainer stops (TestDualMatchesNewton;
// BENCHMARKS.md).

// dualEps stops a class's descent after an epoch in which every row's
// |g'| at its start was below it. g' is in log-odds units; at 1 the
// objective is as close to the optimum as where the Newton trainer stops,
// or within 0.1% of it (TestDualMatchesNewton).
const dualEps = 1

// dualBlock is the rows visited in memory order between random jumps.
const dualBlock = 32

// dualMaxEpochs bounds the epochs.
const dualMaxEpochs = 1000

// dualStats describes a finished dual descent, for tests and logs.
type dualStats struct {
	Epochs int
	GMax   float64 // the largest |g'| of the last epoch
}

// dualClass is one binary problem: targets t (±1 per row), feature
// scale r in the csr's numbering (nil for none) and per-row costs cw (nil
// for C on every row).
type dualClass struct {
	t, r, cw []float64
}

// dualSolve minimises the binary problem p over the rows of X and returns
// u = r ⊙ w, the weights of the unscaled features (nF+1 entries, the
// last the intercept), in the csr's numbering. It stops after an epoch whose
// largest |g'| is below eps (dualEps in training; tests ask for more).
// The rows' order of each epoch comes from a PCG seeded with seed.
func dualSolve(X *csr, nF int, C float64, p dualClass, seed uint64, eps float64) ([]float64, dualStats) {
	n := X.rows()
	r := p.r
	if r == nil {
		r = make([]float64, nF)
		for j := range r {
			r[j] = 1
		}
	}
	cost := func(i int) float64 {
		if p.cw == nil {
			return C
		}
		return p.cw[i]
	}
	// The descent keeps u = r ⊙ w, the weights of the unscaled
	// features, rather than w: then x̃_iᵀw = x_iᵀu reads one array, and
	// only the update, w += d x̃_i, that is u += d (r ⊙ r) ⊙ x_i, reads a
	// second. u's last entry is the intercept.
	r2 := make([]float64, nF)
	for j, v := range r {
		r2[j] = v * v
	}
	u := make([]float64, nF+1)
	a := make([]float64, n)     // ‖x̃_i‖² + 1
	alpha := make([]float64, n) // the dual variables
	for i := range n {
		a[i] = rowNorm2(X, i, r) + 1
		alpha[i] = math.Min(0.001*cost(i), 1e-8)
		addRow(X, i, r2, alpha[i]*p.t[i], u)
	}
	// The rows are visited in blocks of consecutive rows, the
	// blocks in a fresh random order each epoch: within a block the rows'
	// nonzeros are read in memory order, which the processor prefetches.
	// Below dualBlock*100 rows the nonzeros sit in cache anyway, and
	// single rows shuffle better: there a block is one row.
	block := dualBlock
	if n < dualBlock*100 {
		block = 1
	}
	blocks := (n + block - 1) / block
	order := make([]int32, blocks)
	for i := range order {
		order[i] = int32(i)
	}
	rng := rand.New(rand.NewPCG(seed, 0x4455414c)) // "DUAL"
	// innerEps stops the Newton steps on one row; it tightens once most
	// rows need none (the paper's section 4).
	innerEps := 1e-2
	var st dualStats
	for st.Epochs < dualMaxEpochs {
		st.Epochs++
		rng.Shuffle(blocks, func(i, j int) { order[i], order[j] = order[j], order[i] })
		st.GMax = 0
		steps := 0
		for _, blk := range order {
			for i := int(blk) * block; i < min(int(blk+1)*block, n); i++ {
				c, ai := cost(i), a[i]
				b := p.t[i] * dotRow(X, i, u)
				// v is α_i or, on the far side of C_i/2, C_i − α_i.
				old, sign := alpha[i], 1.0
				if ai*(c/2-old)+b < 0 {
					old, sign, b = c-old, -1, -b
				}
				v := old
				if v > c/2 {
					v *= 0.1 // start on the near side of C_i/2
				}
				gp := ai*(v-old) + b + math.Log(v/(c-v))
				st.GMax = math.Max(st.GMax, math.Abs(gp))
				k := 0
				for ; k < 100 && math.Abs(gp) >= innerEps; k++ {
					if nv := v - gp/(ai+c/((c-v)*v)); nv > 0 {
						v = nv
					} else {
						v *= 0.1 // Newton left (0, C_i): shrink toward 0 instead
					}
					gp = ai*(v-old) + b + math.Log(v/(c-v))
				}
				steps += k
				if k == 0 {
					continue
				}
				addRow(X, i, r2, sign*(v-old)*p.t[i], u)
				if sign > 0 {
					alpha[i] = v
				} else {
					alpha[i] = c - v
				}
			}
		}
		if st.GMax < eps {
			break
		}
		if steps <= n/10 {
			innerEps = math.Max(1e-8, 0.1*innerEps)
		}
	}
	return u, st
}

// rowNorm2 is ‖x_i‖² over the features, x_i scaled by r.
func rowNorm2(X *csr, i int, r []float64) float64 {
	lo, hi := X.ptr[i], X.ptr[i+1]
	var s float64
	for k, j := range X.idx[lo:hi] {
		v := r[j]
		if X.val != nil {
			v *= X.val[lo+k]
		}
		s += v * v
	}
	return s
}

// dotRow is x_iᵀu with the intercept (u's last entry).
func dotRow(X *csr, i int, u []float64) float64 {
	lo, hi := X.ptr[i], X.ptr[i+1]
	idx := X.idx[lo:hi]
	var s float64
	if X.val == nil {
		for _, j := range idx {
			s += u[j]
		}
	} else {
		val := X.val[lo:hi]
		for k, j := range idx {
			s += val[k] * u[j]
		}
	}
	return s + u[len(u)-1]
}

// addRow adds d to the intercept (u's last entry) and d x_i ⊙ q to the
// rest of u.
func addRow(X *csr, i int, q []float64, d float64, u []float64) {
	u[len(u)-1] += d
	lo, hi := X.ptr[i], X.ptr[i+1]
	idx := X.idx[lo:hi]
	if X.val == nil {
		for _, j := range idx {
			u[j] += d * q[j]
		}
		return
	}
	val := X.val[lo:hi]
	for k, j := range idx {
		u[j] += d * val[k] * q[j]
	}
}

// dualFit fits the one-vs-rest problems of classes first..nClasses-1 on
// rows with the dual descent to eps, the classes in parallel (at most one
// per slot), and writes each class's weights and intercept into W[c] and
// B[c]. nb, when not nil, gives class c's NB scale in the original
// numbering, and W[c] is then the scaled weights times it, ready to
// score unscaled vectors; with weighted, row i's cost is C times its
// balancedWeights weight. A class with no documents, or with all of
// them, gets a constant model.
func dualFit(rows *csr, y []int, rw []float64, first, nClasses int, nb func(c int) []float64, nF int, C, eps float64, weighted bool, slots chan struct{}, W [][]float64, B []float64) {
	parallel(first, nClasses, slots, func(c int) {
		t, cw, pos := oneVsRest(y, rw, c, C, weighted)
		switch pos {
		case 0:
			W[c], B[c] = make([]float64, nF), -absentScore
			return
		case len(y):
			W[c], B[c] = make([]float64, nF), absentScore
			return
		}
		p := dualClass{t: t, cw: cw}
		if nb != nil {
			r := nb(c)
			p.r = make([]float64, nF)
			for j, k := range rows.rank {
				p.r[k] = r[j]
			}
		}
		u, _ := dualSolve(rows, nF, C, p, 1, eps)
		w := make([]float64, nF)
		for j, k := range rows.rank {
			w[j] = u[k]
		}
		W[c], B[c] = w, u[nF]
	})
}
