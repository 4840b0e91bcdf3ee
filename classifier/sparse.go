package classifier

import (
	"cmp"
	"math"
	"slices"

	"github.com/stance-nlp/stance/features"
)

// This file is the project's own trainer of L2-regularised logistic
// regression: a trust-region Newton method whose steps come from conjugate
// gradients (Lin, Weng and Keerthi 2008, "Trust region Newton method for
// large-scale logistic regression", JMLR 9), written from the paper's
// mathematics. It works on the sparse vectors directly: the only dense
// arrays are a handful of weight-length and document-length vectors.
//
// For a binary problem with targets t_i = ±1, documents x_i (scaled
// elementwise by r when NB scaling is on) extended by a constant 1 that
// carries the intercept, and w = (v, b):
//
//	f(w)  = ½‖w‖² + C Σ_i ℓ(t_i z_i),   z_i = wᵀx_i,  ℓ(m) = ln(1 + e^{-m})
//	∇f(w) = w + C Σ_i (σ(t_i z_i) − 1) t_i x_i
//	∇²f(w) = I + C Xᵀ D X,              D_ii = σ(z_i)(1 − σ(z_i))
//
// with σ(u) = 1/(1+e^{-u}). The Hessian is never formed: conjugate
// gradients need only products ∇²f(w)·s = s + C Xᵀ(D (X s)), one pass over
// the nonzeros each.
//
// With per-row costs C_i (class weighting: C_i = C s_i, see LogReg), C
// moves inside the sums: C Σ_i ℓ(t_i z_i) becomes Σ_i C_i ℓ(t_i z_i),
// the gradient's terms are C_i (σ(t_i z_i) − 1) t_i x_i, and D_ii is
// scaled by C_i in the Hessian. This is liblinear's l2r_lr_fun, which
// takes a cost per row.

// Trust-region constants of Lin, Weng and Keerthi (2008), section 2:
// a step is accepted when the actual reduction is more than eta0 times the
// predicted one; eta1, eta2 split the ratio into poor, fair and good, and
// the radius shrinks to sigma1 of the step or grows by sigma3.
const (
	trEta0   = 1e-4
	trEta1   = 0.25
	trEta2   = 0.75
	trSigma1 = 0.25
	trSigma3 = 4
	// cgXi stops conjugate gradients once the residual is below cgXi‖∇f‖
	// (the paper's ξ_k = 0.1).
	cgXi = 0.1
	// newtonMaxIter bounds the outer iterations, as liblinear's 1000.
	newtonMaxIter = 1000
)

// csr holds the documents' nonzeros in one contiguous block (compressed
// sparse rows), shared read-only by the binary problems of one Fit. It is
// a sparse copy, the size of the nonzeros; val is nil when every value is
// 1 (binary weighting), which halves the bytes each pass reads.
//
// Features are renumbered by falling document frequency (ties by index):
// word frequencies are Zipfian, so most nonzeros then touch the first few
// thousand weights, which stay in cache, instead of being spread over the
// whole weight vector. rank[j] is the new number of feature j.
type csr struct {
	ptr  []int   // row i is idx[ptr[i]:ptr[i+1]]
	idx  []int32 // renumbered feature indices
	val  []float64
	rank []int32
}

func newCSR(X []features.Vector, nF int) *csr {
	nnz := 0
	ones := true
	df := make([]int, nF)
	for _, x := range X {
		nnz += len(x.Index)
		for _, j := range x.Index {
			df[j]++
		}
		for _, v := range x.Value {
			ones = ones && v == 1
		}
	}
	order := make([]int32, nF)
	for j := range order {
		order[j] = int32(j)
	}
	slices.SortFunc(order, func(a, b int32) int {
		if c := cmp.Compare(df[b], df[a]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	m := &csr{ptr: make([]int, len(X)+1), idx: make([]int32, 0, nnz), rank: make([]int32, nF)}
	for k, j := range order {
		m.rank[j] = int32(k)
	}
	if !ones {
		m.val = make([]float64, 0, nnz)
	}
	for i, x := range X {
		for _, j := range x.Index {
			m.idx = append(m.idx, m.rank[j])
		}
		if !ones {
			m.val = append(m.val, x.Value...)
		}
		m.ptr[i+1] = len(m.idx)
	}
	return m
}

func (m *csr) rows() int { return len(m.ptr) - 1 }

// binaryLR is one binary logistic-regression problem over sparse rows.
type binaryLR struct {
	X  *csr
	t  []float64 // ±1 per document
	r  []float64 // feature scale (NB log-count ratio) or nil
	nF int       // features; weight vectors have nF+1 entries, the last the intercept
	C  float64
	cw []float64 // per-row costs C_i replacing C, or nil for C on every row

	z  []float64 // X w at the last fun call
	d  []float64 // D_ii at the last grad call
	sc []float64 // scratch of length nF+1 for r ⊙ w
	sa []float64 // scratch of length nF for Xᵀu before scaling by r

	trace func(iter int, f, gnorm float64) // called after each iteration when set (tests)
}

func newBinaryLR(X *csr, t, r []float64, nF int, C float64, cw []float64) *binaryLR {
	n := X.rows()
	p := &binaryLR{X: X, t: t, r: r, nF: nF, C: C, cw: cw,
		z: make([]float64, n), d: make([]float64, n), sc: make([]float64, nF)}
	if r != nil {
		p.sa = make([]float64, nF)
	}
	return p
}

// cost is row i's C_i: cw[i], or C when there are no per-row costs.
func (p *binaryLR) cost(i int) float64 {
	if p.cw == nil {
		return p.C
	}
	return p.cw[i]
}

// scaled returns w's feature part scaled by r (w itself without NB).
func (p *binaryLR) scaled(w []float64) []float64 {
	if p.r == nil {
		return w[:p.nF]
	}
	for j, rj := range p.r {
		p.sc[j] = w[j] * rj
	}
	return p.sc
}

// rowDot is x_iᵀv over the features (no intercept).
func (p *binaryLR) rowDot(i int, v []float64) float64 {
	lo, hi := p.X.ptr[i], p.X.ptr[i+1]
	idx := p.X.idx[lo:hi]
	var s float64
	if p.X.val == nil {
		for _, j := range idx {
			s += v[j]
		}
		return s
	}
	val := p.X.val[lo:hi]
	for k, j := range idx {
		s += val[k] * v[j]
	}
	return s
}

// rowAdd adds a x_i to acc over the features.
func (p *binaryLR) rowAdd(i int, a float64, acc []float64) {
	lo, hi := p.X.ptr[i], p.X.ptr[i+1]
	idx := p.X.idx[lo:hi]
	if p.X.val == nil {
		for _, j := range idx {
			acc[j] += a
		}
		return
	}
	val := p.X.val[lo:hi]
	for k, j := range idx {
		acc[j] += a * val[k]
	}
}

// mulX writes X w into out (the intercept included).
func (p *binaryLR) mulX(w, out []float64) {
	v := p.scaled(w)
	b := w[p.nF]
	for i := range out {
		out[i] = p.rowDot(i, v) + b
	}
}

// accumulator returns where Xᵀu is summed before finish: out itself, or
// scratch that finish scales by r and adds to out.
func (p *binaryLR) accumulator(out []float64) []float64 {
	if p.r == nil {
		return out
	}
	clear(p.sa)
	return p.sa
}

func (p *binaryLR) finish(acc, out []float64) {
	if p.r != nil {
		for j, rj := range p.r {
			out[j] += acc[j] * rj
		}
	}
}

// addMulXT adds Xᵀ u to out (the intercept's entry is Σ u_i).
func (p *binaryLR) addMulXT(u, out []float64) {
	acc := p.accumulator(out)
	var b float64
	for i, ui := range u {
		if ui != 0 {
			b += ui
			p.rowAdd(i, ui, acc)
		}
	}
	p.finish(acc, out)
	out[p.nF] += b
}

// logistic loss ℓ(m) = ln(1 + e^{-m}), without overflow for either sign.
func logLoss(m float64) float64 {
	if m >= 0 {
		return math.Log1p(math.Exp(-m))
	}
	return -m + math.Log1p(math.Exp(m))
}

// sigmoid σ(m) = 1/(1+e^{-m}).
func sigmoid(m float64) float64 {
	if m >= 0 {
		return 1 / (1 + math.Exp(-m))
	}
	e := math.Exp(m)
	return e / (1 + e)
}

// fun returns f(w) and keeps z = X w for grad.
func (p *binaryLR) fun(w []float64) float64 {
	p.mulX(w, p.z)
	var loss float64
	if p.cw != nil {
		for i, zi := range p.z {
			loss += p.cw[i] * logLoss(p.t[i]*zi)
		}
		return 0.5*dot(w, w) + loss
	}
	for i, zi := range p.z {
		loss += logLoss(p.t[i] * zi)
	}
	return 0.5*dot(w, w) + p.C*loss
}

// grad writes ∇f(w) into g, using the z of the last fun(w), and keeps D
// for hessVec. u is scratch of the documents' length.
func (p *binaryLR) grad(w, g, u []float64) {
	for i, zi := range p.z {
		s := sigmoid(p.t[i] * zi)
		p.d[i] = s * (1 - s)
		u[i] = p.cost(i) * (s - 1) * p.t[i]
	}
	copy(g, w)
	p.addMulXT(u, g)
}

// hessVec writes ∇²f(w) s = s + C Xᵀ(D (X s)) (C_i per row with costs) into out, with the D of the
// last grad call, in one pass over the rows: each row's x_iᵀs is scaled
// and added back while the row is in cache.
func (p *binaryLR) hessVec(s, out []float64) {
	v := p.scaled(s)
	copy(out, s)
	acc := p.accumulator(out)
	sb := s[p.nF]
	var b float64
	for i, d := range p.d {
		a := p.cost(i) * d * (p.rowDot(i, v) + sb)
		b += a
		p.rowAdd(i, a, acc)
	}
	p.finish(acc, out)
	out[p.nF] += b
}

func dot(a, b []float64) float64 {
	var s float64
	for i, v := range a {
		s += v * b[i]
	}
	return s
}

// axpy sets y += a x.
func axpy(a float64, x, y []float64) {
	for i, v := range x {
		y[i] += a * v
	}
}

// newtonStats describes a finished minimisation, for tests and logs.
type newtonStats struct {
	Iter, CGIter  int
	F, GNorm, Tol float64
}

// minimize runs the trust-region Newton method from w = 0 and returns the
// minimiser. It stops when ‖∇f(w)‖ ≤ tolRel · ‖∇f(0)‖ (liblinear's
// criterion for L2R_LR, with tolRel = eps · max(min(pos, neg), 1) / n),
// when no further decrease is representable, or after newtonMaxIter
// iterations. Everything is sequential, so the result is the same bytes
// every run.
func (p *binaryLR) minimize(tolRel float64) ([]float64, newtonStats) {
	m := p.nF + 1
	w := make([]float64, m)
	g := make([]float64, m)
	s := make([]float64, m)
	res := make([]float64, m) // CG residual −g − H s
	dir := make([]float64, m)
	hd := make([]float64, m)
	wNew := make([]float64, m)
	u := make([]float64, p.X.rows())

	f := p.fun(w)
	p.grad(w, g, u)
	gnorm := math.Sqrt(dot(g, g))
	tol := tolRel * gnorm
	delta := gnorm
	st := newtonStats{Tol: tol}
	for st.Iter < newtonMaxIter && gnorm > tol {
		st.Iter++
		cg, boundary := p.steihaug(delta, g, s, res, dir, hd)
		st.CGIter += cg

		copy(wNew, w)
		axpy(1, s, wNew)
		gs := dot(g, s)
		// q(s) = gᵀs + ½ sᵀHs and Hs = −g − res, so q(s) = ½(gᵀs − sᵀres).
		prered := -0.5 * (gs - dot(s, res))
		fNew := p.fun(wNew)
		actred := f - fNew
		snorm := math.Sqrt(dot(s, s))
		if st.Iter == 1 {
			delta = math.Min(delta, snorm)
		}
		switch rho := actred / prered; {
		case prered <= 0 || rho < trEta1:
			delta = trSigma1 * math.Min(snorm, delta)
		case rho >= trEta2 && boundary:
			delta *= trSigma3
		}
		if prered > 0 && actred > trEta0*prered {
			w, wNew = wNew, w
			f = fNew
			p.grad(w, g, u)
			gnorm = math.Sqrt(dot(g, g))
		}
		// A rejected step leaves z at wNew, which is harmless: grad only
		// ever follows the fun call of the point it is taken at.
		if p.trace != nil {
			p.trace(st.Iter, f, gnorm)
		}
		if f < -1e32 {
			break // unbounded below: cannot happen with the L2 term, kept as a guard
		}
		if math.Abs(actred) <= 1e-12*math.Abs(f) && math.Abs(prered) <= 1e-12*math.Abs(f) {
			break // no decrease left at float64 precision
		}
		if delta < 1e-300 {
			break
		}
	}
	st.F, st.GNorm = f, gnorm
	return w, st
}

// steihaug approximately minimises q(s) = gᵀs + ½ sᵀ∇²f s subject to
// ‖s‖ ≤ delta by conjugate gradients from s = 0 (Steihaug 1983): it stops
// when the residual falls below cgXi‖g‖ or the iterate would leave the
// ball, in which case it stops on the boundary. It writes the step into s
// and the residual −g − ∇²f s into res, and reports the number of Hessian
// products and whether the step is on the boundary. dir and hd are
// scratch.
//
// (A diagonal preconditioner, (1−α)I + α diag(∇²f) after Hsia, Chiang and
// Lin 2018, was tried with α = 0.01, 0.1 and 1: on the NB-scaled binary
// features of the default recipe it took 6-25% more Hessian products than
// plain CG, so there is none.)
func (p *binaryLR) steihaug(delta float64, g, s, res, dir, hd []float64) (int, bool) {
	clear(s)
	for i, v := range g {
		res[i] = -v
		dir[i] = -v
	}
	rr := dot(res, res)
	stop := cgXi * math.Sqrt(rr)
	for it := 1; ; it++ {
		if math.Sqrt(rr) <= stop {
			return it - 1, false
		}
		p.hessVec(dir, hd)
		alpha := rr / dot(dir, hd) // ∇²f ⪰ I, so the curvature is positive
		axpy(alpha, dir, s)
		if dot(s, s) > delta*delta {
			// Step back and go to the boundary along dir: the τ ≥ 0 with
			// ‖s + τ dir‖ = delta.
			axpy(-alpha, dir, s)
			sd, dd, ss := dot(s, dir), dot(dir, dir), dot(s, s)
			rad := math.Sqrt(sd*sd + dd*(delta*delta-ss))
			var tau float64
			if sd >= 0 {
				tau = (delta*delta - ss) / (sd + rad)
			} else {
				tau = (rad - sd) / dd
			}
			axpy(tau, dir, s)
			axpy(-tau, hd, res)
			return it, true
		}
		axpy(-alpha, hd, res)
		rrNew := dot(res, res)
		beta := rrNew / rr
		for i, v := range res {
			dir[i] = v + beta*dir[i]
		}
		rr = rrNew
	}
}

// solveBinary minimises the binary problem with targets t, feature scale
// r (nil for none, in the original feature numbering) and per-row costs cw
// (nil for C on every row), and returns the nF+1 weights (the last the
// intercept) in the original numbering. trace, when not nil, sees every
// iteration.
func solveBinary(X *csr, t, r, cw []float64, nF int, C, tolRel float64, trace func(int, float64, float64)) ([]float64, newtonStats) {
	var rr []float64 // r in the csr's numbering
	if r != nil {
		rr = make([]float64, nF)
		for j, k := range X.rank {
			rr[k] = r[j]
		}
	}
	p := newBinaryLR(X, t, rr, nF, C, cw)
	p.trace = trace
	wr, st := p.minimize(tolRel)
	w := make([]float64, nF+1)
	for j, k := range X.rank {
		w[j] = wr[k]
	}
	w[nF] = wr[nF]
	return w, st
}

// trainBinarySparse fits class c against the rest with the trust-region
// Newton method and returns the weights of the features (in the r-scaled
// space when r is not nil) and the intercept, like trainBinary; with
// weighted, row i's cost is C times its balancedWeights weight.
func trainBinarySparse(X *csr, y []int, rw []float64, c int, r []float64, nFeatures int, C, eps float64, weighted bool) ([]float64, float64) {
	t, cw, pos := oneVsRest(y, rw, c, C, weighted)
	switch pos {
	case 0:
		return make([]float64, nFeatures), -absentScore
	case len(y):
		return make([]float64, nFeatures), absentScore
	}
	tolRel := eps * float64(max(min(pos, len(y)-pos), 1)) / float64(len(y))
	w, _ := solveBinary(X, t, r, cw, nFeatures, C, tolRel, nil)
	return w[:nFeatures:nFeatures], w[nFeatures]
}

// oneVsRest returns the binary problem of class c against the rest: the
// targets t (+1 for class c, −1 for the rest), with weighted the per-row
// costs C times the balancedWeights weight of the row's side (nil
// without), each times rw[i] when rw (instance weights) is not nil, and
// the number of class c's rows.
func oneVsRest(y []int, rw []float64, c int, C float64, weighted bool) (t, cw []float64, pos int) {
	t = make([]float64, len(y))
	for i, yi := range y {
		t[i] = -1
		if yi == c {
			t[i] = 1
			pos++
		}
	}
	if weighted && pos > 0 && pos < len(y) {
		pw, qw := balancedWeights(len(y), pos)
		cw = make([]float64, len(y))
		for i, ti := range t {
			cw[i] = C * qw
			if ti > 0 {
				cw[i] = C * pw
			}
		}
	}
	if rw != nil {
		if cw == nil {
			cw = make([]float64, len(y))
			for i := range cw {
				cw[i] = C
			}
		}
		for i := range cw {
			cw[i] *= rw[i]
		}
	}
	return t, cw, pos
}
