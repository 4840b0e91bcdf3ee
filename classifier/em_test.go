package classifier

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/features"
)

// TestMStepLambdaZeroIsNaiveBayes checks that EM's M-step with the
// unlabelled rows weighted 0 is plain naive Bayes bit for bit, whatever
// their posteriors: the grid's 0 must mean "supervised".
func TestMStepLambdaZeroIsNaiveBayes(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	const nF, nC = 30, 3
	vec := func() features.Vector {
		var v features.Vector
		for j := range int32(nF) {
			if rng.Float64() < 0.2 {
				v.Index = append(v.Index, j)
				v.Value = append(v.Value, float64(1+rng.IntN(3)))
			}
		}
		return v
	}
	var X, U []features.Vector
	var y []int
	for i := range 40 {
		X = append(X, vec())
		y = append(y, i%nC)
	}
	post := make([][]float64, 25)
	for i := range post {
		U = append(U, vec())
		a, b := rng.Float64(), rng.Float64()
		post[i] = []float64{a / (1 + a + b), b / (1 + a + b), 1 / (1 + a + b)}
	}
	for _, cw := range []string{"", ClassWeightBalanced} {
		for _, alpha := range []float64{1, 0.1} {
			plain := &NaiveBayes{Alpha: alpha, ClassWeight: cw}
			if err := plain.Fit(X, y, nF, nC); err != nil {
				t.Fatal(err)
			}
			em := &NaiveBayes{Alpha: alpha, ClassWeight: cw}
			if err := em.mStep(X, y, U, post, 0, nF, nC); err != nil {
				t.Fatal(err)
			}
			for c := range nC {
				if em.B[c] != plain.B[c] {
					t.Errorf("class weight %q, alpha %g: B[%d] = %v, plain %v", cw, alpha, c, em.B[c], plain.B[c])
				}
				for j := range nF {
					if em.W[c][j] != plain.W[c][j] {
						t.Fatalf("class weight %q, alpha %g: W[%d][%d] = %v, plain %v", cw, alpha, c, j, em.W[c][j], plain.W[c][j])
					}
				}
			}
			// And with weight 1 the unlabelled counts do move the model,
			// so that the comparison above could fail.
			moved := &NaiveBayes{Alpha: alpha, ClassWeight: cw}
			if err := moved.mStep(X, y, U, post, 1, nF, nC); err != nil {
				t.Fatal(err)
			}
			if moved.W[0][0] == plain.W[0][0] && moved.W[1][1] == plain.W[1][1] {
				t.Errorf("class weight %q, alpha %g: weight 1 left the model unchanged", cw, alpha)
			}
		}
	}
}

// twoClusters returns a synthetic set where the unlabelled rows carry the
// signal: class "a" documents draw words from one list of 20 and class
// "b" from another. The labelled rows (nLab per class) use only the first
// 3 words of their list, the test rows only the other 17, and the
// unlabelled rows (nUnlab, half each) any of the 20, so that only the
// unlabelled rows link the test rows' words to the labels.
func twoClusters(nLab, nUnlab int) (lab *TrainingSet, unlab, test []string, gold []string) {
	rng := rand.New(rand.NewPCG(11, 13))
	words := func(prefix string) []string {
		var w []string
		for i := range 20 {
			w = append(w, prefix+string(rune('a'+i)))
		}
		return w
	}
	lists := map[string][]string{"a": words("zal"), "b": words("qob")}
	doc := func(class string, lo, hi int) string {
		w := lists[class]
		var out []string
		for range 6 {
			out = append(out, w[lo+rng.IntN(hi-lo)])
		}
		return strings.Join(out, " ")
	}
	lab = &TrainingSet{Columns: []string{"stance"}, Labels: [][]string{nil}}
	for i := range 2 * nLab {
		c := []string{"a", "b"}[i%2]
		lab.Texts = append(lab.Texts, doc(c, 0, 3))
		lab.Labels[0] = append(lab.Labels[0], c)
	}
	for i := range nUnlab {
		unlab = append(unlab, doc([]string{"a", "b"}[i%2], 0, 20))
	}
	for i := range 100 {
		c := []string{"a", "b"}[i%2]
		test = append(test, doc(c, 3, 20))
		gold = append(gold, c)
	}
	return lab, unlab, test, gold
}

func emRecipe() Recipe {
	r := RecipeV1()
	r.Model = KindNaiveBayes
	r.Features.NGramMax = 1
	r.Folds = 3
	return r
}

func accuracyOn(t *testing.T, b *Bundle, texts, gold []string) float64 {
	t.Helper()
	p := b.NewPredictor()
	right := 0
	for i, text := range texts {
		if p.Predict(text)[0].Label == gold[i] {
			right++
		}
	}
	return float64(right) / float64(len(texts))
}

// TestEMHelpsWhenUnlabelledCarriesSignal checks that EM labels the test
// rows of twoClusters well where plain naive Bayes cannot: plain sees none
// of their words and falls back on the prior (accuracy 0.5 by
// construction), while EM learns them from the unlabelled rows.
func TestEMHelpsWhenUnlabelledCarriesSignal(t *testing.T) {
	lab, unlab, test, gold := twoClusters(3, 200)
	tests := []struct {
		lambda   float64
		min, max float64
	}{
		{0, 0, 0.6}, // the prior alone: every test row the same label
		{1, 0.9, 1}, // EM
		{0.3, 0.9, 1},
	}
	for _, tc := range tests {
		b, err := TrainEM(lab, unlab, emRecipe(), EMConfig{Lambdas: []float64{tc.lambda}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		acc := accuracyOn(t, b, test, gold)
		if acc < tc.min || acc > tc.max {
			t.Errorf("weight %g: test accuracy %.3f, want in [%g, %g]", tc.lambda, acc, tc.min, tc.max)
		}
		if b.EM == nil || b.EM.Lambda != tc.lambda || b.EM.Unlabeled != len(unlab) {
			t.Errorf("weight %g: record %+v", tc.lambda, b.EM)
		}
	}
}

// TestEMChoosesByCV checks that the cross-validated choice on
// twoClusters, whose held-out labelled rows plain naive Bayes labels
// perfectly too, is recorded with one score per weight, and that the
// chosen weight's scores are the columns' CV.
func TestEMChoosesByCV(t *testing.T) {
	lab, unlab, _, _ := twoClusters(6, 100)
	b, err := TrainEM(lab, unlab, emRecipe(), EMConfig{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	rec := b.EM
	if len(rec.Scores) != len(DefaultEMLambdas()) || rec.Folds != 3 {
		t.Fatalf("record %+v: want %d scores over 3 folds", rec, len(DefaultEMLambdas()))
	}
	best := rec.Scores[0]
	for _, s := range rec.Scores {
		if s.MacroF1 > best.MacroF1 {
			best = s
		}
	}
	if rec.Lambda != best.Lambda {
		t.Errorf("fitted weight %g, best by CV %g", rec.Lambda, best.Lambda)
	}
	if b.Columns[0].CV == nil {
		t.Fatal("no CV scores in the model")
	}
	var out bytes.Buffer
	if err := rec.WriteComparison(&out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "<- fitted") {
		t.Errorf("comparison marks no weight:\n%s", out.String())
	}
}

// TestEMDeterministic checks that the same data and settings give
// byte-identical model files, with the weights compared by CV and a
// weight > 0 fitted.
func TestEMDeterministic(t *testing.T) {
	lab, unlab, _, _ := twoClusters(6, 100)
	write := func(lambdas []float64) []byte {
		b, err := TrainEM(lab, unlab, emRecipe(), EMConfig{Lambdas: lambdas}, nil)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if _, err := b.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	for _, l := range [][]float64{nil, {1}} {
		a, b := write(l), write(l)
		if !bytes.Equal(a, b) {
			t.Errorf("weights %v: two fits differ", l)
		}
	}
}

// TestTrainEMErrors checks the settings TrainEM refuses.
func TestTrainEMErrors(t *testing.T) {
	lab, unlab, _, _ := twoClusters(6, 10)
	logreg := emRecipe()
	logreg.Model = KindLogReg
	tests := []struct {
		name   string
		r      Recipe
		unlab  []string
		cfg    EMConfig
		substr string
	}{
		{"logreg", logreg, unlab, EMConfig{}, "need model nb"},
		{"no unlabelled", emRecipe(), nil, EMConfig{}, "no unlabelled rows"},
		{"negative weight", emRecipe(), unlab, EMConfig{Lambdas: []float64{0, -1}}, "weight -1"},
		{"empty grid", emRecipe(), unlab, EMConfig{Lambdas: []float64{}}, "no unlabelled-row weight"},
		{"too many folds", emRecipe(), unlab, EMConfig{Folds: 20}, "20 folds for 12 scored rows"},
	}
	for _, tc := range tests {
		_, err := TrainEM(lab, tc.unlab, tc.r, tc.cfg, nil)
		if err == nil || !strings.Contains(err.Error(), tc.substr) {
			t.Errorf("%s: err %v, want one containing %q", tc.name, err, tc.substr)
		}
	}
}

// TestEMModelRecordsRecipe checks that a model fitted with a weight above
// 0 after the comparison keeps the recipe's folds and calibration, as
// Train's models do, and round-trips through the model file with its EM
// record.
func TestEMModelRecordsRecipe(t *testing.T) {
	lab, unlab, test, _ := twoClusters(6, 100)
	r := emRecipe()
	r.Calibrate = CalibrateTemperature
	b, err := TrainEM(lab, unlab, r, EMConfig{Lambdas: []float64{0.3, 1}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if b.Recipe.Folds != 3 || b.Recipe.Calibrate != CalibrateTemperature || b.Columns[0].Calibration == nil {
		t.Errorf("recipe %+v, calibration %v: want 3 folds and a temperature", b.Recipe, b.Columns[0].Calibration)
	}
	var buf bytes.Buffer
	if _, err := b.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := ReadBundle(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if back.EM == nil || back.EM.Lambda != b.EM.Lambda || len(back.EM.Scores) != 2 {
		t.Errorf("EM record read back %+v, written %+v", back.EM, b.EM)
	}
	// The shift profile comes from the comparison's held-out rows: every
	// labelled row once (3-fold CV over all of them).
	if back.Profile == nil || back.Profile.Docs != len(lab.Texts) {
		t.Errorf("profile %+v read back: want one measured on the %d labelled rows", back.Profile, len(lab.Texts))
	}
	p, q := b.NewPredictor(), back.NewPredictor()
	for _, text := range test[:10] {
		if a, c := p.Predict(text)[0], q.Predict(text)[0]; a.Label != c.Label || a.Probs[0] != c.Probs[0] {
			t.Errorf("%q: fitted %v, read back %v", text, a, c)
		}
	}
}
