package classifier

import (
	"math"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/metrics"
)

// pstanceJoint turns a P-Stance split, grouped by target, into one label
// column of target and polarity as the codebook spells them: FAVOR of
// Donald Trump is "pro-Donald Trump", AGAINST "anti-Donald Trump".
func pstanceJoint(s *TrainingSet) *TrainingSet {
	j := &TrainingSet{Texts: s.Texts, Columns: []string{"stance"}, Labels: [][]string{make([]string, len(s.Texts))}}
	for i, l := range s.Labels[0] {
		pol := PolarityAnti
		if l == "FAVOR" {
			pol = PolarityPro
		}
		j.Labels[0][i] = pol + "-" + s.Groups[i]
	}
	return j
}

// TestPStanceStructured measures the target × polarity model against the
// flat model of the same six labels (three targets, two polarities) on
// P-Stance: both trained with the default recipe on the train split,
// scored on the val split (the test split is left for reporting). It
// gives:
//   - the six labels' macro-F1, and the accuracy of the target alone;
//   - P-Stance's F_avg (pstanceScore) with the target known, as P-Stance
//     scores: of the two labels of the tweet's target, the more probable;
//   - the same with the target unknown: the polarity of the label
//     predicted, whatever its target.
//
// docs/structure.md quotes its log:
//
//	go test -run 'TestPStanceStructured$' -v ./classifier
func TestPStanceStructured(t *testing.T) {
	if testing.Short() {
		t.Skip("P-Stance training takes a minute; skipped in -short mode")
	}
	trainG, valG := readPStanceGrouped(t, "train"), readPStanceGrouped(t, "val")
	train, val := pstanceJoint(trainG), pstanceJoint(valG)
	type score struct{ macro, target, known, unknown float64 }
	scores := map[string]score{}
	for _, structure := range []string{"", StructureTargetPolarity} {
		r := DefaultRecipe()
		r.Folds, r.Structure = 0, structure
		b, err := Train(train, r, nil)
		if err != nil {
			t.Fatal(err)
		}
		col := &b.Columns[0]
		if (col.Structure != nil) != (structure != "") {
			t.Fatalf("structure %q trained a column of structure %+v", structure, col.Structure)
		}
		at := func(l string) int {
			for k, x := range col.Labels {
				if x == l {
					return k
				}
			}
			t.Fatalf("no label %q", l)
			return -1
		}
		p := b.NewPredictor()
		gold := make([]int, len(val.Texts))
		pred := make([]int, len(val.Texts))
		known := make([]string, len(val.Texts))
		unknown := make([]string, len(val.Texts))
		targetRight := 0
		for i, text := range val.Texts {
			pr := p.Predict(text)[0]
			gold[i], pred[i] = at(val.Labels[0][i]), pr.Index
			tg := valG.Groups[i]
			known[i] = "AGAINST"
			if pr.Probs[at("pro-"+tg)] > pr.Probs[at("anti-"+tg)] {
				known[i] = "FAVOR"
			}
			unknown[i] = "AGAINST"
			if strings.HasPrefix(pr.Label, "pro-") {
				unknown[i] = "FAVOR"
			}
			if strings.SplitN(pr.Label, "-", 2)[1] == tg {
				targetRight++
			}
		}
		var sc score
		sc.macro = metrics.MacroF1(gold, pred, len(col.Labels))
		sc.target = float64(targetRight) / float64(len(val.Texts))
		_, sc.known = pstanceScore(valG.Labels[0], known, valG.Groups)
		_, sc.unknown = pstanceScore(valG.Labels[0], unknown, valG.Groups)
		name := "flat"
		if structure != "" {
			name = structure
		}
		t.Logf("P-Stance val, %-15s six-label macro-F1 %.2f%%, target accuracy %.2f%%, F_avg target known %.2f%%, target unknown %.2f%%",
			name, 100*sc.macro, 100*sc.target, 100*sc.known, 100*sc.unknown)
		scores[name] = sc
		if structure != "" {
			// P(pro-t)/P(anti-t) = P(pro)/P(anti) whatever t: the target
			// never changes the polarity.
			for i := range known {
				if known[i] != unknown[i] {
					t.Fatalf("val tweet %d: polarity %s with its target known, %s with the label's", i, known[i], unknown[i])
				}
			}
		}
	}
	// The figures docs/structure.md gives, to within a rounding.
	for _, c := range []struct {
		name        string
		macro, fAvg float64
	}{{"flat", 0.7216, 0.7504}, {StructureTargetPolarity, 0.6594, 0.6869}} {
		if sc := scores[c.name]; math.Abs(sc.macro-c.macro) > 0.005 || math.Abs(sc.known-c.fAvg) > 0.005 {
			t.Errorf("%s: macro-F1 %.4f, F_avg %.4f; docs/structure.md says %.4f and %.4f", c.name, sc.macro, sc.known, c.macro, c.fAvg)
		}
	}
}
