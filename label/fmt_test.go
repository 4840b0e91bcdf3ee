package label

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
)

// TestFmtProb checks the table lookup against strconv on random
// probabilities, the ties of four-decimal rounding and their neighbours.
func TestFmtProb(t *testing.T) {
	f := newProbFormat()
	check := func(p float64) {
		if got, want := f.format(p), strconv.FormatFloat(p, 'f', 4, 64); got != want {
			t.Fatalf("format(%v) = %q, want %q", p, got, want)
		}
	}
	rnd := rand.New(rand.NewPCG(3, 4))
	for range 200000 {
		check(rnd.Float64())
	}
	for k := 0; k <= 10000; k++ {
		for _, p := range []float64{float64(k) / 1e4, (float64(k) + 0.5) / 1e4} {
			check(p)
			check(math.Nextafter(p, 0))
			check(math.Nextafter(p, 2))
		}
	}
	for _, p := range []float64{0, 1, -0.0, 1e-300, math.NaN(), math.Inf(1), -1, 2} {
		check(p)
	}
}
