package active

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
)

// Strategy names an order in which to present unlabelled items.
type Strategy string

// The strategies.
//
//	Uncertainty: smallest margin first, margin = p_(1) - p_(2), the gap
//	             between the two most probable classes (Scheffer et al.
//	             2001, "margin sampling"); ties by index.
//	Random:      a seeded shuffle.
//	FileOrder:   the input order.
const (
	Uncertainty Strategy = "uncertainty"
	Random      Strategy = "random"
	FileOrder   Strategy = "file"
)

// ParseStrategy returns the Strategy named s.
func ParseStrategy(s string) (Strategy, error) {
	switch Strategy(s) {
	case Uncertainty, Random, FileOrder:
		return Strategy(s), nil
	}
	return "", fmt.Errorf("unknown order %q (want uncertainty, random or file)", s)
}

// Margin returns p_(1) - p_(2), the difference between the largest and
// second-largest probability; 1 for fewer than two classes.
func Margin(p []float64) float64 {
	if len(p) < 2 {
		return 1
	}
	a, b := p[0], p[1]
	if b > a {
		a, b = b, a
	}
	for _, v := range p[2:] {
		switch {
		case v > a:
			a, b = v, a
		case v > b:
			b = v
		}
	}
	return a - b
}

// Order returns the items of pool (indices) in the order the strategy
// presents them. margin(i) gives item i's margin; it is only called for
// Uncertainty. seed drives Random. pool is not modified.
func Order(s Strategy, pool []int, margin func(i int) float64, seed uint64) []int {
	out := slices.Clone(pool)
	switch s {
	case Uncertainty:
		m := make(map[int]float64, len(out))
		for _, i := range out {
			m[i] = margin(i)
		}
		slices.SortStableFunc(out, func(a, b int) int {
			if c := cmp.Compare(m[a], m[b]); c != 0 {
				return c
			}
			return cmp.Compare(a, b)
		})
	case Random:
		rng := rand.New(rand.NewPCG(seed, 0x414354495645)) // "ACTIVE"
		rng.Shuffle(len(out), func(a, b int) { out[a], out[b] = out[b], out[a] })
	default:
		slices.Sort(out)
	}
	return out
}
