package classifier

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
)

// cvSet is 31 short documents: tone pos and neg in turn, with one mid,
// and a column other that is p everywhere but on one document, so that
// some fold's training part lacks mid, and another's holds p only.
func cvSet() *TrainingSet {
	s := &TrainingSet{Columns: []string{"tone", "other"}, Labels: [][]string{nil, nil}}
	for i := range 30 {
		s.Texts = append(s.Texts, []string{"good great film", "bad awful film"}[i%2])
		s.Labels[0] = append(s.Labels[0], []string{"pos", "neg"}[i%2])
		s.Labels[1] = append(s.Labels[1], "p")
	}
	s.Texts = append(s.Texts, "maybe perhaps")
	s.Labels[0] = append(s.Labels[0], "mid")
	s.Labels[1] = append(s.Labels[1], "q")
	return s
}

func TestCrossPredict(t *testing.T) {
	errStop := errors.New("stop")
	half := func(_, _ int, train []int) ([][]int, error) {
		return [][]int{train[:len(train)/2], nil, train}, nil
	}
	tests := []struct {
		name    string
		plan    CVPlan
		fits    int // calls of each
		subsets []int
		tested  int // times each document is predicted
		err     error
		msg     string
	}{
		{name: "five folds", plan: CVPlan{Folds: 5, Seed: 1}, fits: 5, subsets: []int{0}, tested: 1},
		{name: "repeated", plan: CVPlan{Folds: 3, Repeats: 2, Seed: 4}, fits: 6, subsets: []int{0}, tested: 2},
		{name: "subsets, an empty one left out", plan: CVPlan{Folds: 3, Seed: 1, Subsets: half}, fits: 6, subsets: []int{0, 2}, tested: 2},
		{name: "subsets error", plan: CVPlan{Folds: 3, Subsets: func(int, int, []int) ([][]int, error) { return nil, errStop }}, err: errStop},
		{name: "one fold", plan: CVPlan{Folds: 1}, msg: "1 folds for 31 documents"},
		{name: "more folds than documents", plan: CVPlan{Folds: 32}, msg: "32 folds for 31 documents"},
	}
	r := RecipeV1()
	r.Model = KindNaiveBayes
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := cvSet()
			fits := 0
			var subsets []int
			tested := make([]int, len(s.Texts))
			err := CrossPredict(s, r, tt.plan, func(f *CVFit) error {
				fits++
				if !slices.Contains(subsets, f.Subset) {
					subsets = append(subsets, f.Subset)
				}
				for _, i := range f.Test {
					tested[i]++
					if slices.Contains(f.Train, i) {
						t.Errorf("repeat %d, fold %d: document %d both fitted and predicted", f.Repeat, f.Fold, i)
					}
				}
				if f.Subset == 0 && tt.plan.Subsets == nil && len(f.Train)+len(f.Test) != len(s.Texts) {
					t.Errorf("repeat %d, fold %d: %d fitted and %d predicted of %d documents", f.Repeat, f.Fold, len(f.Train), len(f.Test), len(s.Texts))
				}
				return nil
			})
			switch {
			case tt.err != nil || tt.msg != "":
				if tt.err != nil && err != tt.err || tt.msg != "" && (err == nil || !strings.Contains(err.Error(), tt.msg)) {
					t.Fatalf("got error %v, want %v%s", err, tt.err, tt.msg)
				}
				return
			case err != nil:
				t.Fatal(err)
			}
			if fits != tt.fits || !slices.Equal(subsets, tt.subsets) {
				t.Errorf("got %d fits of training sets %v, want %d of %v", fits, subsets, tt.fits, tt.subsets)
			}
			for i, n := range tested {
				if n != tt.tested {
					t.Errorf("document %d predicted %d times, want %d", i, n, tt.tested)
				}
			}
		})
	}
}

// TestCrossPredictLabels checks the probabilities of the labels a fold's
// training part lacks: 0 for a label never seen, and certainty for the
// only label of a column.
func TestCrossPredictLabels(t *testing.T) {
	for name, r := range recipes() {
		t.Run(name, func(t *testing.T) {
			s := cvSet()
			var lacksMid, onlyP int
			err := CrossPredict(s, r, CVPlan{Folds: 3, Seed: 1}, func(f *CVFit) error {
				var tone, other []string
				for _, i := range f.Train {
					tone = append(tone, s.Labels[0][i])
					other = append(other, s.Labels[1][i])
				}
				for j := range f.Test {
					for c, p := range f.Probs {
						var sum float64
						for _, q := range p[j] {
							sum += q
						}
						if len(p[j]) != len(LabelSet(s.Labels[c])) || math.Abs(sum-1) > 1e-12 {
							t.Errorf("column %d: probabilities %v, want one per label summing to 1", c, p[j])
						}
					}
					if !slices.Contains(tone, "mid") {
						lacksMid++
						if p := f.Probs[0][j][0]; p != 0 { // mid is label 0 of mid, neg, pos
							t.Errorf("fold %d: mid, absent from training, has probability %g", f.Fold, p)
						}
					}
					if !slices.Contains(other, "q") {
						onlyP++
						if p := f.Probs[1][j]; !slices.Equal(p, []float64{1, 0}) {
							t.Errorf("fold %d: other, trained on p only, has probabilities %v, want [1 0]", f.Fold, p)
						}
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if lacksMid == 0 || onlyP == 0 {
				t.Errorf("%d predictions without mid in training, %d with p only; want some of both", lacksMid, onlyP)
			}
		})
	}
}
