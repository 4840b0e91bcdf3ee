package metrics_test

import (
	"fmt"

	"github.com/stance-nlp/stance/metrics"
)

// Scores of predictions against gold labels, classes as indices 0..k-1.
// Class 2 is never predicted: its precision is 0 by convention, as
// scikit-learn's zero_division=0 has it.
func ExampleMacroF1() {
	gold := []int{0, 0, 1, 1, 2, 2}
	pred := []int{0, 1, 1, 1, 0, 1}
	fmt.Printf("accuracy %.3f macro-F1 %.3f\n", metrics.Accuracy(gold, pred), metrics.MacroF1(gold, pred, 3))
	for k, c := range metrics.PerClass(gold, pred, 3) {
		fmt.Printf("class %d: precision %.3f recall %.3f F1 %.3f\n", k, c.Precision, c.Recall, c.F1)
	}
	// Output:
	// accuracy 0.500 macro-F1 0.389
	// class 0: precision 0.500 recall 0.500 F1 0.500
	// class 1: precision 0.500 recall 1.000 F1 0.667
	// class 2: precision 0.000 recall 0.000 F1 0.000
}

// Cohen's kappa for every pair of raters, over the items both labelled
// (Missing marks an item a rater left out).
func ExamplePairwise() {
	labels := [][]int{
		{0, 1, 1, 2},
		{0, 1, 2, 2},
		{0, metrics.Missing, 1, 2},
	}
	for _, p := range metrics.Pairwise(labels, 3) {
		fmt.Printf("raters %d and %d: %d items, agree %.2f, kappa %.3f\n", p.A, p.B, p.N, p.Agree, p.Kappa)
	}
	// Output:
	// raters 0 and 1: 4 items, agree 0.75, kappa 0.636
	// raters 0 and 2: 3 items, agree 1.00, kappa 1.000
	// raters 1 and 2: 3 items, agree 0.67, kappa 0.500
}
