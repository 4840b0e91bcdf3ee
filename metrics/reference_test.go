package metrics

import "testing"

// The sklearn fixture: 30 headline/body pairs in the four FNC-1 stance
// classes 0 = unrelated, 1 = discuss, 2 = agree, 3 = disagree, where the
// rare class "disagree" is never predicted. refGold, refPred and refProbs
// MUST match gold, pred and probs in testdata/reference.py item for item;
// the constants below are that script's output.
var (
	refGold = []int{0, 0, 1, 2, 0, 3, 1, 0, 2, 0, 1, 1, 3, 0, 2,
		0, 0, 1, 2, 3, 0, 1, 0, 2, 0, 1, 3, 0, 2, 1}
	refPred = []int{0, 0, 1, 2, 0, 2, 2, 0, 2, 1, 1, 0, 1, 0, 1,
		0, 0, 1, 2, 2, 0, 1, 0, 2, 2, 1, 0, 0, 0, 1}
	refProbs = [][]float64{
		{0.85, 0.08, 0.05, 0.02},
		{0.92, 0.04, 0.03, 0.01},
		{0.10, 0.70, 0.15, 0.05},
		{0.05, 0.20, 0.65, 0.10},
		{0.78, 0.12, 0.06, 0.04},
		{0.05, 0.25, 0.45, 0.25},
		{0.10, 0.38, 0.42, 0.10},
		{0.95, 0.03, 0.01, 0.01},
		{0.08, 0.22, 0.60, 0.10},
		{0.40, 0.45, 0.10, 0.05},
		{0.15, 0.62, 0.18, 0.05},
		{0.50, 0.35, 0.10, 0.05},
		{0.10, 0.40, 0.22, 0.28},
		{0.88, 0.07, 0.03, 0.02},
		{0.12, 0.48, 0.30, 0.10},
		{0.97, 0.01, 0.01, 0.01},
		{0.70, 0.20, 0.06, 0.04},
		{0.20, 0.55, 0.20, 0.05},
		{0.05, 0.15, 0.72, 0.08},
		{0.06, 0.24, 0.38, 0.32},
		{0.83, 0.10, 0.04, 0.03},
		{0.09, 0.81, 0.07, 0.03},
		{0.66, 0.25, 0.05, 0.04},
		{0.04, 0.16, 0.68, 0.12},
		{0.30, 0.25, 0.35, 0.10},
		{0.18, 0.58, 0.16, 0.08},
		{0.44, 0.20, 0.16, 0.20},
		{0.90, 0.05, 0.03, 0.02},
		{0.47, 0.21, 0.26, 0.06},
		{0.11, 0.74, 0.10, 0.05},
	}
)

// sklearn 1.2.1, metrics/testdata/reference.py
const (
	refAccuracy   = 0.6666666666666666  // accuracy_score
	refMacroF1    = 0.519327731092437   // f1_score(average="macro")
	refMicroF1    = 0.6666666666666666  // f1_score(average="micro")
	refWeightedF1 = 0.6225210084033616  // f1_score(average="weighted")
	refMeanF1Agr  = 0.28571428571428575 // f1_score(labels=[2, 3], average="macro")
	refKappa      = 0.5192307692307693  // cohen_kappa_score
	refBrierBin   = 0.06775666666666666 // brier_score_loss(related, 1 - P(unrelated))
)

// sklearn 1.2.1, metrics/testdata/reference.py:
// precision_recall_fscore_support(labels=[0, 1, 2, 3], zero_division=0)
var refPerClass = []ClassScores{
	{Precision: 0.7692307692307693, Recall: 0.8333333333333334, F1: 0.8, Support: 12},
	{Precision: 0.6666666666666666, Recall: 0.75, F1: 0.7058823529411765, Support: 8},
	{Precision: 0.5, Recall: 0.6666666666666666, F1: 0.5714285714285715, Support: 6},
	{Precision: 0.0, Recall: 0.0, F1: 0.0, Support: 4},
}

// sklearn 1.2.1, metrics/testdata/reference.py:
// confusion_matrix(labels=[0, 1, 2, 3], normalize="true")
var refNormalized = [][]float64{
	{0.8333333333333334, 0.08333333333333333, 0.08333333333333333, 0.0},
	{0.125, 0.75, 0.125, 0.0},
	{0.16666666666666666, 0.16666666666666666, 0.6666666666666666, 0.0},
	{0.25, 0.25, 0.5, 0.0},
}

// numpy 1.24.2 from the formulas, metrics/testdata/reference.py (a
// cross-check written separately from the Go code, not an sklearn function)
const (
	refBrier = 0.31253333333333333 // Σ_c (p_ic - onehot_ic)² averaged over i
	refECE10 = 0.27499999999999997 // ECE over 10 equal-width bins
)

func TestSklearnReference(t *testing.T) {
	const k = 4
	scalars := []struct {
		name      string
		got, want float64
	}{
		{"Accuracy", Accuracy(refGold, refPred), refAccuracy},
		{"MacroF1", MacroF1(refGold, refPred, k), refMacroF1},
		{"MicroF1", MicroF1(refGold, refPred, k), refMicroF1},
		{"WeightedF1", WeightedF1(refGold, refPred, k), refWeightedF1},
		{"MeanF1(agree, disagree)", MeanF1(refGold, refPred, k, []int{2, 3}), refMeanF1Agr},
		{"CohenKappa", CohenKappa(refGold, refPred, k), refKappa},
		{"Brier", Brier(refProbs, refGold), refBrier},
		{"ECE", ECE(refProbs, refGold, 10), refECE10},
	}
	for _, s := range scalars {
		if !near(s.got, s.want) {
			t.Errorf("%s: got %v, want %v", s.name, s.got, s.want)
		}
	}

	for c, got := range PerClass(refGold, refPred, k) {
		want := refPerClass[c]
		if !near(got.Precision, want.Precision) || !near(got.Recall, want.Recall) ||
			!near(got.F1, want.F1) || got.Support != want.Support {
			t.Errorf("PerClass class %d: got %+v, want %+v", c, got, want)
		}
	}

	norm := NormalizeRows(Confusion(refGold, refPred, k))
	for g := range refNormalized {
		for p := range refNormalized[g] {
			if !near(norm[g][p], refNormalized[g][p]) {
				t.Errorf("NormalizeRows[%d][%d]: got %v, want %v", g, p, norm[g][p], refNormalized[g][p])
			}
		}
	}

	// Binary sub-fixture, built as in reference.py: related (any class but
	// unrelated) is the positive class, with probability 1 - P(unrelated).
	// Brier over both classes is twice sklearn's brier_score_loss.
	bin := make([][]float64, len(refProbs))
	related := make([]int, len(refGold))
	for i, p := range refProbs {
		bin[i] = []float64{p[0], 1 - p[0]}
		if refGold[i] != 0 {
			related[i] = 1
		}
	}
	if got, want := Brier(bin, related), 2*refBrierBin; !near(got, want) {
		t.Errorf("Brier on the binary sub-fixture: got %v, want 2 × %v = %v", got, refBrierBin, want)
	}

	// The fixture's probabilities agree with its predictions: the
	// reliability accuracies, weighted by counts, give back the accuracy.
	right := 0.0
	for _, b := range Reliability(refProbs, refGold, 10) {
		right += float64(b.Count) * b.Accuracy
	}
	if got := right / float64(len(refGold)); !near(got, refAccuracy) {
		t.Errorf("accuracy from Reliability bins: got %v, want %v", got, refAccuracy)
	}
}
