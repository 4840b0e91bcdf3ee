package metrics

import (
	"math"
	"testing"
)

func TestScores(t *testing.T) {
	// Expected values computed by hand from the confusion matrix and checked
	// against sklearn.metrics (1.2.1): accuracy_score and
	// f1_score(average="macro", zero_division=0).
	tests := []struct {
		name       string
		gold, pred []int
		k          int
		acc, macro float64
	}{
		{"perfect", []int{0, 1, 2}, []int{0, 1, 2}, 3, 1, 1},
		// class 0: P=1/2 R=1/2 F=1/2; class 1: P=1/2 R=1/2 F=1/2
		{"half", []int{0, 0, 1, 1}, []int{0, 1, 0, 1}, 2, 0.5, 0.5},
		// class 2 never predicted: F1 0; class 0: P 2/3 R 1 F 0.8; class 1: P 1 R 1 F 1
		{"never predicted", []int{0, 0, 1, 2}, []int{0, 0, 1, 0}, 3, 0.75, (0.8 + 1 + 0) / 3},
		// class 2 absent from gold and pred: left out of the mean
		{"absent class", []int{0, 1}, []int{0, 1}, 3, 1, 1},
		{"one class", []int{1, 1, 1}, []int{1, 1, 1}, 2, 1, 1},
		{"empty", nil, nil, 2, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Accuracy(tt.gold, tt.pred); math.Abs(got-tt.acc) > 1e-12 {
				t.Errorf("Accuracy = %v, want %v", got, tt.acc)
			}
			if got := MacroF1(tt.gold, tt.pred, tt.k); math.Abs(got-tt.macro) > 1e-12 {
				t.Errorf("MacroF1 = %v, want %v", got, tt.macro)
			}
		})
	}
}

func TestMajority(t *testing.T) {
	tests := []struct {
		y    []int
		k    int
		want int
	}{
		{[]int{2, 1, 2, 0}, 3, 2},
		{[]int{1, 0}, 2, 0}, // tie: smallest index
		{nil, 2, -1},
	}
	for _, tt := range tests {
		if got := Majority(tt.y, tt.k); got != tt.want {
			t.Errorf("Majority(%v) = %d, want %d", tt.y, got, tt.want)
		}
	}
}

const tol = 1e-9

func near(got, want float64) bool { return math.Abs(got-want) <= tol }

func TestPerClassFromConfusion(t *testing.T) {
	tests := []struct {
		name string
		c    [][]int
		want []ClassScores
	}{
		{
			// gold [0 0 1 2], pred [0 0 1 0]: class 2 never predicted.
			// class 0: TP 2, column 2+0+1 = 3, row 2: P 2/3, R 1, F 2(2/3)/(5/3) = 4/5
			// class 1: TP 1, column 1, row 1: P R F 1
			// class 2: TP 0, column 0, row 1: P 0 (0/0), R 0/1, F 0
			name: "never predicted",
			c:    [][]int{{2, 0, 0}, {0, 1, 0}, {1, 0, 0}},
			want: []ClassScores{{2.0 / 3, 1, 0.8, 2}, {1, 1, 1, 1}, {0, 0, 0, 1}},
		},
		{
			// gold [0 0 1 1], pred [0 2 1 1]: class 2 predicted but absent
			// from gold, class 3 absent from both.
			// class 0: TP 1, column 1, row 2: P 1, R 1/2, F 2(1/2)/(3/2) = 2/3
			// class 2: TP 0, column 1, row 0: P 0/1, R 0 (0/0), F 0
			name: "absent from gold",
			c:    [][]int{{1, 0, 1, 0}, {0, 2, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}},
			want: []ClassScores{{1, 0.5, 2.0 / 3, 2}, {1, 1, 1, 2}, {0, 0, 0, 0}, {0, 0, 0, 0}},
		},
		{"empty", nil, []ClassScores{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := PerClassFromConfusion(tt.c)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d classes, want %d", len(got), len(tt.want))
			}
			for c, w := range tt.want {
				g := got[c]
				if !near(g.Precision, w.Precision) || !near(g.Recall, w.Recall) || !near(g.F1, w.F1) || g.Support != w.Support {
					t.Errorf("class %d: got %+v, want %+v", c, g, w)
				}
			}
		})
	}
}

func TestPerClassUsesConfusion(t *testing.T) {
	gold := []int{0, 0, 1, 2}
	pred := []int{0, 0, 1, 0}
	got := PerClass(gold, pred, 3)
	want := PerClassFromConfusion(Confusion(gold, pred, 3))
	for c := range want {
		if got[c] != want[c] {
			t.Errorf("class %d: got %+v, want %+v", c, got[c], want[c])
		}
	}
}

func TestNormalizeRows(t *testing.T) {
	tests := []struct {
		name string
		c    [][]int
		want [][]float64
	}{
		// rows [2 0 0]/2, [0 1 0]/1, [1 0 0]/1
		{"never predicted", [][]int{{2, 0, 0}, {0, 1, 0}, {1, 0, 0}}, [][]float64{{1, 0, 0}, {0, 1, 0}, {1, 0, 0}}},
		// row [1 0 1 0]/2; rows of classes absent from gold stay 0
		{"zero rows", [][]int{{1, 0, 1, 0}, {0, 2, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}},
			[][]float64{{0.5, 0, 0.5, 0}, {0, 1, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}}},
		// [1 2]/3 = [1/3 2/3]
		{"thirds", [][]int{{1, 2}, {0, 3}}, [][]float64{{1.0 / 3, 2.0 / 3}, {0, 1}}},
		{"empty", nil, [][]float64{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := NormalizeRows(tt.c)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d rows, want %d", len(got), len(tt.want))
			}
			for i := range tt.want {
				for j := range tt.want[i] {
					if !near(got[i][j], tt.want[i][j]) {
						t.Errorf("[%d][%d]: got %v, want %v", i, j, got[i][j], tt.want[i][j])
					}
				}
			}
		})
	}
}

func TestAverages(t *testing.T) {
	tests := []struct {
		name       string
		gold, pred []int
		k          int
		classes    []int
		micro, wtd float64
		mean       float64
		macro      float64
	}{
		{
			// Per class (TestPerClassFromConfusion): F1 = 0.8, 1, 0; support 2, 1, 1.
			// micro = accuracy = 3/4; weighted = (2·0.8 + 1·1 + 1·0)/4 = 2.6/4;
			// mean over {1, 2} = (1 + 0)/2.
			name: "never predicted", gold: []int{0, 0, 1, 2}, pred: []int{0, 0, 1, 0}, k: 3,
			classes: []int{1, 2}, micro: 0.75, wtd: 0.65, mean: 0.5, macro: 0.6,
		},
		{
			// F1 = 2/3, 1, 0, 0; support 2, 2, 0, 0.
			// micro = 3/4; weighted = (2·2/3 + 2·1)/4 = 5/6;
			// mean over all four = (2/3 + 1 + 0 + 0)/4 = 5/12, whereas
			// MacroF1 leaves class 3 (in neither gold nor pred) out: (2/3+1+0)/3 = 5/9.
			name: "absent from gold", gold: []int{0, 0, 1, 1}, pred: []int{0, 2, 1, 1}, k: 4,
			classes: []int{0, 1, 2, 3}, micro: 0.75, wtd: 5.0 / 6, mean: 5.0 / 12, macro: 5.0 / 9,
		},
		{
			// Class 0 absent: F1(0) = 0, F1(1) = 1. mean over {0, 1} = 1/2.
			name: "one class", gold: []int{1, 1, 1}, pred: []int{1, 1, 1}, k: 2,
			classes: []int{0, 1}, micro: 1, wtd: 1, mean: 0.5, macro: 1,
		},
		{
			// All wrong: every F1 is 0.
			name: "all wrong", gold: []int{0, 1}, pred: []int{1, 0}, k: 2,
			classes: []int{0, 1}, micro: 0, wtd: 0, mean: 0, macro: 0,
		},
		{
			// Empty class list: mean 0 by convention.
			name: "no classes", gold: []int{0, 1}, pred: []int{0, 1}, k: 2,
			classes: nil, micro: 1, wtd: 1, mean: 0, macro: 1,
		},
		{
			// n = 0: every ratio is 0/0 = 0.
			name: "empty", gold: nil, pred: nil, k: 2,
			classes: []int{0, 1}, micro: 0, wtd: 0, mean: 0, macro: 0,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := MicroF1(tt.gold, tt.pred, tt.k); !near(got, tt.micro) {
				t.Errorf("MicroF1 = %v, want %v", got, tt.micro)
			}
			if got, acc := MicroF1(tt.gold, tt.pred, tt.k), Accuracy(tt.gold, tt.pred); !near(got, acc) {
				t.Errorf("MicroF1 = %v, want Accuracy %v", got, acc)
			}
			if got := WeightedF1(tt.gold, tt.pred, tt.k); !near(got, tt.wtd) {
				t.Errorf("WeightedF1 = %v, want %v", got, tt.wtd)
			}
			if got := MeanF1(tt.gold, tt.pred, tt.k, tt.classes); !near(got, tt.mean) {
				t.Errorf("MeanF1(%v) = %v, want %v", tt.classes, got, tt.mean)
			}
			if got := MacroF1(tt.gold, tt.pred, tt.k); !near(got, tt.macro) {
				t.Errorf("MacroF1 = %v, want %v", got, tt.macro)
			}
		})
	}
}

func TestPanics(t *testing.T) {
	tests := []struct {
		name string
		f    func()
	}{
		{"Confusion lengths", func() { Confusion([]int{0}, nil, 2) }},
		{"MicroF1 lengths", func() { MicroF1([]int{0}, nil, 2) }},
		{"WeightedF1 lengths", func() { WeightedF1([]int{0}, nil, 2) }},
		{"MeanF1 class out of range", func() { MeanF1([]int{0}, []int{0}, 2, []int{2}) }},
		{"PerClassFromConfusion not square", func() { PerClassFromConfusion([][]int{{1, 0}, {0}}) }},
		{"CohenKappa lengths", func() { CohenKappa([]int{0, 1}, []int{0}, 2) }},
		{"CohenKappa label", func() { CohenKappa([]int{0, 2}, []int{0, 1}, 2) }},
		{"KrippendorffAlpha label", func() { KrippendorffAlpha([][]int{{0, 3}}, 2) }},
		{"Brier lengths", func() { Brier([][]float64{{1, 0}}, nil) }},
		{"Brier gold out of range", func() { Brier([][]float64{{1, 0}}, []int{2}) }},
		{"Reliability no bins", func() { Reliability([][]float64{{1, 0}}, []int{0}, 0) }},
		{"ECE lengths", func() { ECE(nil, []int{0}, 10) }},
		{"Bootstrap negative n", func() { Bootstrap(-1, 10, 1, func([]int) float64 { return 0 }) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				r := recover()
				if r == nil {
					t.Fatal("got no panic, want one")
				}
				if s, ok := r.(string); !ok || len(s) < 9 || s[:9] != "metrics: " {
					t.Errorf("got panic %v, want a string starting %q", r, "metrics: ")
				}
			}()
			tt.f()
		})
	}
}
