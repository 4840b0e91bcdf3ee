package metrics

import (
	"math"
	"testing"
)

// accuracyAt returns a Bootstrap statistic: the accuracy of pred against
// gold on the documents at idx.
func accuracyAt(gold, pred []int) func(idx []int) float64 {
	return func(idx []int) float64 {
		if len(idx) == 0 {
			return 0
		}
		right := 0
		for _, i := range idx {
			if gold[i] == pred[i] {
				right++
			}
		}
		return float64(right) / float64(len(idx))
	}
}

// threeQuarters returns n gold labels and predictions that agree on every
// document but each fourth, over 3 classes (accuracy 3/4 when 4 divides n).
func threeQuarters(n int) (gold, pred []int) {
	gold = make([]int, n)
	pred = make([]int, n)
	for i := range gold {
		gold[i] = i % 3
		pred[i] = gold[i]
		if i%4 == 0 {
			pred[i] = (gold[i] + 1) % 3
		}
	}
	return gold, pred
}

func TestBootstrapDeterministic(t *testing.T) {
	stat := accuracyAt(refGold, refPred)
	lo1, hi1 := Bootstrap(len(refGold), 1000, 42, stat)
	lo2, hi2 := Bootstrap(len(refGold), 1000, 42, stat)
	if lo1 != lo2 || hi1 != hi2 {
		t.Errorf("seed 42 twice: got (%v, %v) then (%v, %v), want the same", lo1, hi1, lo2, hi2)
	}
}

func TestBootstrapCoversStatistic(t *testing.T) {
	// Accuracy on the sklearn fixture is 20/30 (reference_test.go); its
	// resampled 95% interval must hold it, and must be a real interval.
	stat := accuracyAt(refGold, refPred)
	all := Accuracy(refGold, refPred)
	for _, seed := range []uint64{1, 2, 3} {
		lo, hi := Bootstrap(len(refGold), 2000, seed, stat)
		if !(lo <= all && all <= hi) || !(lo < hi) {
			t.Errorf("seed %d: got [%v, %v], want lo < hi around %v", seed, lo, hi, all)
		}
		if lo < 0 || hi > 1 {
			t.Errorf("seed %d: got [%v, %v], want within [0, 1]", seed, lo, hi)
		}
	}
}

func TestBootstrapNarrows(t *testing.T) {
	// Accuracy 3/4 on n documents: the binomial standard error
	// sqrt(.75·.25/n) gives a 95% width near 3.92·0.433/√n, about .27 for
	// n = 40, .085 for n = 400 and .027 for n = 4000.
	prev := math.Inf(1)
	for _, n := range []int{40, 400, 4000} {
		gold, pred := threeQuarters(n)
		lo, hi := Bootstrap(n, 500, 7, accuracyAt(gold, pred))
		width := hi - lo
		approx := 3.92 * math.Sqrt(0.75*0.25/float64(n))
		if !(width < prev) {
			t.Errorf("n = %d: got width %v, want narrower than %v for fewer documents", n, width, prev)
		}
		if width < approx/2 || width > approx*2 {
			t.Errorf("n = %d: got width %v, want near %v", n, width, approx)
		}
		prev = width
	}
}

func TestBootstrapQuantiles(t *testing.T) {
	// A statistic that returns 1, 2, ..., reps in turn: the sorted values are
	// 1..reps and stat.Empirical picks the ⌈p·reps⌉-th smallest, so with
	// reps = 200: lo = the 5th (0.025·200) = 5, hi = the 195th = 195.
	calls := 0
	lo, hi := Bootstrap(10, 200, 1, func(idx []int) float64 {
		if len(idx) != 10 {
			t.Fatalf("got %d indices, want 10", len(idx))
		}
		for _, i := range idx {
			if i < 0 || i >= 10 {
				t.Fatalf("got index %d, want 0..9", i)
			}
		}
		calls++
		return float64(calls)
	})
	if lo != 5 || hi != 195 || calls != 200 {
		t.Errorf("got (%v, %v) after %d calls, want (5, 195) after 200", lo, hi, calls)
	}
}

func TestBootstrapNothingToResample(t *testing.T) {
	gold, pred := threeQuarters(8) // accuracy 6/8
	tests := []struct {
		name   string
		n      int
		reps   int
		lo, hi float64
	}{
		// reps <= 0: both bounds are the statistic on all documents, 6/8
		{"no reps", 8, 0, 0.75, 0.75},
		{"negative reps", 8, -5, 0.75, 0.75},
		// n = 0: stat of no documents, which accuracyAt defines as 0
		{"no documents", 0, 100, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var seen []int
			stat := func(idx []int) float64 {
				seen = append([]int(nil), idx...)
				return accuracyAt(gold, pred)(idx)
			}
			lo, hi := Bootstrap(tt.n, tt.reps, 1, stat)
			if lo != tt.lo || hi != tt.hi {
				t.Errorf("got (%v, %v), want (%v, %v)", lo, hi, tt.lo, tt.hi)
			}
			for i, v := range seen {
				if v != i {
					t.Fatalf("got indices %v, want 0..%d in order", seen, tt.n-1)
				}
			}
			if len(seen) != tt.n {
				t.Errorf("got %d indices, want %d", len(seen), tt.n)
			}
		})
	}
}

func TestBootstrapNaN(t *testing.T) {
	lo, hi := Bootstrap(5, 10, 1, func([]int) float64 { return math.NaN() })
	if !math.IsNaN(lo) || !math.IsNaN(hi) {
		t.Errorf("got (%v, %v), want (NaN, NaN)", lo, hi)
	}
}
