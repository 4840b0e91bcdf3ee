package metrics

import (
	"fmt"
	"math/rand/v2"
	"sort"

	gstat "gonum.org/v1/gonum/stat"
)

// Bootstrap returns the percentile bootstrap 95% interval of a statistic
// of n documents:
//
//	for r = 1..reps: idx_r = n indices drawn uniformly from 0..n-1 with
//	                 replacement, s_r = stat(idx_r)
//	lo = Q(0.025), hi = Q(0.975)   over the sorted s_1..s_reps
//
// where Q is gonum's stat.Quantile with stat.Empirical: Q(p) is the
// ⌈p·reps⌉-th smallest s_r (no interpolation). stat computes the statistic
// on the documents listed in idx (repeats included), for example
// Accuracy of the gold and pred labels at those indices.
//
// The draws come from math/rand/v2's PCG seeded with rand.NewPCG(seed,
// seed), and idx_r is filled by r.IntN(n) in order, so the result is the
// same on every run for the same seed and stat.
// The idx slice is reused between calls: stat must not keep it. If reps <=
// 0 or n == 0 there is nothing to resample and both bounds are
// stat(0..n-1), the statistic on all documents. If stat returns NaN on any
// resample both bounds are NaN. It panics if n < 0. Efron and Tibshirani
// (1993), "An Introduction to the Bootstrap", chapter 13 (percentile
// intervals).
func Bootstrap(n, reps int, seed uint64, stat func(idx []int) float64) (lo, hi float64) {
	if n < 0 {
		panic(fmt.Sprintf("metrics: bootstrap of %d documents", n))
	}
	idx := make([]int, n)
	if reps <= 0 || n == 0 {
		for i := range idx {
			idx[i] = i
		}
		s := stat(idx)
		return s, s
	}
	r := rand.New(rand.NewPCG(seed, seed))
	s := make([]float64, reps)
	for j := range s {
		for i := range idx {
			idx[i] = r.IntN(n)
		}
		s[j] = stat(idx)
	}
	sort.Float64s(s)
	return gstat.Quantile(0.025, gstat.Empirical, s, nil), gstat.Quantile(0.975, gstat.Empirical, s, nil)
}
