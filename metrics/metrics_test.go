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
