package metrics

import (
	"errors"
	"fmt"

	"gonum.org/v1/gonum/floats"
)

// CohenKappa returns Cohen's kappa for two raters a and b who labelled the
// same n items,
//
//	κ   = (p_o - p_e) / (1 - p_e)
//	p_o = (1/n) Σ_i 1{a_i = b_i}
//	p_e = Σ_c (n_a(c)/n) (n_b(c)/n)
//
// where n_a(c) and n_b(c) count the items each rater put in class c (the
// marginals). When 1 - p_e = 0, which happens only if both raters put every
// item in one and the same class, κ is taken as 1 if p_o = 1 (always the
// case then) and 0 otherwise; scikit-learn returns NaN there. No items give
// 0. The sums are kept in integers, so the test for 1 - p_e = 0 is exact.
// Labels must lie in 0..k-1; it panics if a and b differ in length.
// Cohen (1960), "A coefficient of agreement for nominal scales";
// scikit-learn's cohen_kappa_score (unweighted).
func CohenKappa(a, b []int, k int) float64 {
	mustAlign(a, b)
	na := make([]int, k)
	nb := make([]int, k)
	agree := 0
	for i := range a {
		mustLabel(a[i], k)
		mustLabel(b[i], k)
		na[a[i]]++
		nb[b[i]]++
		if a[i] == b[i] {
			agree++
		}
	}
	n := len(a)
	// Multiply through by n²: κ = (n·agree - Σ n_a n_b) / (n² - Σ n_a n_b).
	chance := 0
	for c := range na {
		chance += na[c] * nb[c]
	}
	den := n*n - chance
	if den == 0 {
		if n > 0 && agree == n {
			return 1
		}
		return 0
	}
	return float64(n*agree-chance) / float64(den)
}

// Missing marks an item that a rater did not label, in the ratings given
// to Pairwise.
const Missing = -1

// PairAgreement is the agreement of raters A and B (indices into the
// ratings given to Pairwise, A < B) over the N items both labelled.
type PairAgreement struct {
	A, B  int
	N     int
	Kappa float64 // CohenKappa over the N items; 0 when N = 0
	Agree float64 // observed agreement p_o over the N items; 0 when N = 0
}

// Pairwise returns the agreement of every pair of raters a < b, in the
// order (0,1), (0,2), ..., (0,m-1), (1,2), ..., where labels[r][i] is rater
// r's label of item i, in 0..k-1, or Missing. Each pair is scored over the
// items both labelled, I_ab = {i : labels[a][i] ≠ Missing ≠ labels[b][i]}:
//
//	N     = |I_ab|
//	Agree = (1/N) Σ_{i∈I_ab} 1{labels[a][i] = labels[b][i]}
//	Kappa = CohenKappa of labels[a] and labels[b] restricted to I_ab
//
// so every pair has its own items, and its own marginals in p_e. Both are
// 0 for a pair with no item in common. It panics if the raters' label
// slices differ in length or a label is outside 0..k-1 and not Missing.
// This is the pairwise Cohen's kappa of annotation studies, reported for
// each pair rather than averaged (Light's kappa is the mean).
func Pairwise(labels [][]int, k int) []PairAgreement {
	for r := range labels {
		if len(labels[r]) != len(labels[0]) {
			panic(fmt.Sprintf("metrics: rater 0 has %d items but rater %d has %d", len(labels[0]), r, len(labels[r])))
		}
	}
	var out []PairAgreement
	var x, y []int
	for a := range labels {
		for b := a + 1; b < len(labels); b++ {
			x, y = x[:0], y[:0]
			for i, la := range labels[a] {
				if lb := labels[b][i]; la != Missing && lb != Missing {
					x = append(x, la)
					y = append(y, lb)
				}
			}
			p := PairAgreement{A: a, B: b, N: len(x)}
			if len(x) > 0 {
				p.Kappa = CohenKappa(x, y, k)
				p.Agree = Accuracy(x, y)
			}
			out = append(out, p)
		}
	}
	return out
}

// FleissKappa returns Fleiss' kappa for N items each rated by the same
// number n ≥ 2 of raters (not necessarily the same raters), where
// ratings[i] lists the n labels item i received:
//
//	n_ij = raters who put item i in class j
//	P_i  = (Σ_j n_ij² - n) / (n (n - 1))     (agreeing rater pairs on item i)
//	P̄    = (1/N) Σ_i P_i
//	p_j  = (1/(N n)) Σ_i n_ij
//	P̄_e  = Σ_j p_j²
//	κ    = (P̄ - P̄_e) / (1 - P̄_e)
//
// When 1 - P̄_e = 0 (every rating is the same class) κ is taken as 1 if
// P̄ = 1 (always the case then) and 0 otherwise, as in CohenKappa. It
// returns an error if there are no items, if an item has fewer than 2
// ratings or a different number from the first item, or if a label is
// outside 0..k-1. Fleiss (1971), "Measuring nominal scale agreement among
// many raters", Psychological Bulletin 76(5).
func FleissKappa(ratings [][]int, k int) (float64, error) {
	if len(ratings) == 0 {
		return 0, errors.New("metrics: Fleiss' kappa of no items")
	}
	n := len(ratings[0])
	if n < 2 {
		return 0, fmt.Errorf("metrics: Fleiss' kappa needs at least 2 ratings per item, item 0 has %d", n)
	}
	N := len(ratings)
	total := make([]int, k) // Σ_i n_ij
	count := make([]int, k) // n_ij of the current item
	pairs := 0              // Σ_i Σ_j n_ij (n_ij - 1)
	for i, item := range ratings {
		if len(item) != n {
			return 0, fmt.Errorf("metrics: Fleiss' kappa needs the same number of ratings per item: item 0 has %d, item %d has %d", n, i, len(item))
		}
		clear(count)
		for _, c := range item {
			if c < 0 || c >= k {
				return 0, fmt.Errorf("metrics: item %d has label %d outside 0..%d", i, c, k-1)
			}
			count[c]++
			total[c]++
		}
		for _, nij := range count {
			pairs += nij * (nij - 1)
		}
	}
	// Σ_j n_ij² - n = Σ_j n_ij (n_ij - 1), since Σ_j n_ij = n.
	pBar := float64(pairs) / float64(N*n*(n-1))
	sq := 0
	for _, t := range total {
		sq += t * t
	}
	if sq == N*n*N*n { // P̄_e = Σ_j (total_j / (N n))² = 1
		if pairs == N*n*(n-1) {
			return 1, nil
		}
		return 0, nil
	}
	p := make([]float64, k)
	for j, t := range total {
		p[j] = float64(t) / float64(N*n)
	}
	pe := floats.Dot(p, p)
	return (pBar - pe) / (1 - pe), nil
}

// KrippendorffAlpha returns Krippendorff's alpha for nominal data, where
// ratings[u] lists the values the coders gave unit u (missing values are
// simply left out, so units may have any number of values):
//
//	m_u  = values in unit u; units with m_u < 2 are not pairable and ignored
//	n_uc = values c in unit u
//	o_ck = Σ_u n_uc (n_uk - 1{c = k}) / (m_u - 1)   (coincidence matrix: ordered
//	       pairs of values from different coders, each unit weighing m_u)
//	n_c  = Σ_k o_ck = Σ_u n_uc,   n = Σ_c n_c       (pairable values)
//	D_o  = (1/n) Σ_{c≠k} o_ck
//	D_e  = (1/(n(n-1))) Σ_{c≠k} n_c n_k
//	α    = 1 - D_o/D_e = 1 - (n-1) (n - Σ_c o_cc) / (n² - Σ_c n_c²)
//
// Only the diagonal o_cc of the coincidence matrix is needed for nominal
// data, and n_c is counted in integers, so the test for D_e = 0 is exact.
// When D_e = 0 because all pairable values are the same class, α is taken
// as 1 (perfect agreement; Krippendorff leaves it undefined). With no
// pairable values at all it returns 0. Values must lie in 0..k-1.
// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability",
// section C (nominal data, any number of observers, missing data).
func KrippendorffAlpha(ratings [][]int, k int) float64 {
	nc := make([]int, k)    // n_c over pairable units
	count := make([]int, k) // n_uc of the current unit
	var diag float64        // Σ_c o_cc
	for _, unit := range ratings {
		m := len(unit)
		if m < 2 {
			continue
		}
		clear(count)
		for _, v := range unit {
			mustLabel(v, k)
			count[v]++
			nc[v]++
		}
		pairs := 0 // Σ_c n_uc (n_uc - 1)
		for _, x := range count {
			pairs += x * (x - 1)
		}
		diag += float64(pairs) / float64(m-1)
	}
	n, sq := 0, 0
	for _, x := range nc {
		n += x
		sq += x * x
	}
	if n == 0 {
		return 0
	}
	de := n*n - sq // n(n-1) D_e
	if de == 0 {   // every pairable value is the same class
		return 1
	}
	return 1 - float64(n-1)*(float64(n)-diag)/float64(de)
}
