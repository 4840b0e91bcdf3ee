package active

import (
	"math"
	"slices"
	"testing"
)

func TestMargin(t *testing.T) {
	tests := []struct {
		p    []float64
		want float64
	}{
		{[]float64{0.7, 0.2, 0.1}, 0.5},
		{[]float64{0.1, 0.2, 0.7}, 0.5},
		{[]float64{0.4, 0.4, 0.2}, 0},
		{[]float64{0.3, 0.5, 0.2}, 0.2},
		{[]float64{1}, 1},
	}
	for _, tt := range tests {
		if got := Margin(tt.p); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("Margin(%v) = %v, want %v", tt.p, got, tt.want)
		}
	}
}

func TestOrder(t *testing.T) {
	margins := map[int]float64{3: 0.9, 5: 0.1, 7: 0.5, 9: 0.1}
	m := func(i int) float64 { return margins[i] }
	pool := []int{9, 7, 5, 3}
	if got := Order(Uncertainty, pool, m, 0); !slices.Equal(got, []int{5, 9, 7, 3}) {
		t.Errorf("uncertainty order %v, want [5 9 7 3] (ties by index)", got)
	}
	if got := Order(FileOrder, pool, m, 0); !slices.Equal(got, []int{3, 5, 7, 9}) {
		t.Errorf("file order %v", got)
	}
	a, b := Order(Random, pool, m, 4), Order(Random, pool, m, 4)
	if !slices.Equal(a, b) || len(a) != 4 {
		t.Errorf("random order not deterministic: %v %v", a, b)
	}
	if !slices.Equal(pool, []int{9, 7, 5, 3}) {
		t.Error("Order modified its pool")
	}
	if _, err := ParseStrategy("smart"); err == nil {
		t.Error("ParseStrategy accepted an unknown name")
	}
}
