package classifier

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/internal/testkit"
)

// seedSet reads the annotated seed corpus shipped in data/.
func seedSet(t testing.TB) *TrainingSet {
	t.Helper()
	s := &TrainingSet{Columns: []string{"stance", "sentiment"}, Labels: make([][]string, 2)}
	for _, row := range testkit.Seed(t, "text", "stance", "sentiment") {
		s.Texts = append(s.Texts, row[0])
		s.Labels[0] = append(s.Labels[0], row[1])
		s.Labels[1] = append(s.Labels[1], row[2])
	}
	return s
}

// toySet is a small separable corpus: documents of class "pos" say "good",
// "neg" say "bad", "mid" say "maybe".
func toySet() *TrainingSet {
	s := &TrainingSet{Columns: []string{"tone"}, Labels: [][]string{nil}}
	words := map[string]string{"pos": "good great", "neg": "bad awful", "mid": "maybe perhaps"}
	for i := 0; i < 30; i++ {
		for _, l := range []string{"pos", "neg", "mid"} {
			s.Texts = append(s.Texts, words[l]+" film number "+strings.Repeat("x", i%4+1))
			s.Labels[0] = append(s.Labels[0], l)
		}
	}
	return s
}

func recipes() map[string]Recipe {
	lr := RecipeV1()
	lr.Model, lr.Folds = KindLogReg, 3
	lrPlain := lr
	lrPlain.NB = false
	lrSparse := lr
	lrSparse.Trainer = TrainerSparse
	lrBal := lr
	lrBal.ClassWeight = ClassWeightBalanced
	nb := RecipeV1()
	nb.Model, nb.Folds = KindNaiveBayes, 3
	nbBal := nb
	nbBal.ClassWeight = ClassWeightBalanced
	return map[string]Recipe{"logreg-nb": lr, "logreg": lrPlain, "logreg-nb-sparse": lrSparse, "logreg-nb-balanced": lrBal,
		"nb": nb, "nb-balanced": nbBal}
}

func TestTrainToy(t *testing.T) {
	for name, r := range recipes() {
		t.Run(name, func(t *testing.T) {
			b, err := Train(toySet(), r, nil)
			if err != nil {
				t.Fatal(err)
			}
			p := b.NewPredictor()
			tests := []struct{ text, want string }{
				{"a good film", "pos"},
				{"an awful film", "neg"},
				{"perhaps", "mid"},
			}
			for _, tt := range tests {
				pr := p.Predict(tt.text)[0]
				if pr.Label != tt.want {
					t.Errorf("Predict(%q) = %s (%.3f), want %s", tt.text, pr.Label, pr.Confidence, tt.want)
				}
			}
			if cv := b.Columns[0].CV; cv == nil || cv.Accuracy < 0.99 {
				t.Errorf("cross-validated accuracy on a separable set = %+v, want 1", cv)
			}
		})
	}
}

func TestProbsSumToOne(t *testing.T) {
	texts := []string{"", "good", "bad bad bad awful", "maybe good maybe bad", "unknown words only", strings.Repeat("great ", 500)}
	for name, r := range recipes() {
		r.Folds = 0
		t.Run(name, func(t *testing.T) {
			b, err := Train(toySet(), r, nil)
			if err != nil {
				t.Fatal(err)
			}
			p := b.NewPredictor()
			for _, text := range texts {
				pr := p.Predict(text)[0]
				var sum float64
				for _, q := range pr.Probs {
					if q < 0 || q > 1 || math.IsNaN(q) {
						t.Errorf("%q: probability %v outside [0,1]", text, q)
					}
					sum += q
				}
				if math.Abs(sum-1) > 1e-9 {
					t.Errorf("%q: probabilities sum to %v, want 1", text, sum)
				}
				if pr.Confidence != pr.Probs[pr.Index] {
					t.Errorf("%q: confidence %v is not the probability of the label %v", text, pr.Confidence, pr.Probs[pr.Index])
				}
			}
		})
	}
}

func TestSaveLoadRoundTrip(t *testing.T) {
	texts := []string{"a good film", "awful", "maybe", "nothing known here", ""}
	for name, r := range recipes() {
		t.Run(name, func(t *testing.T) {
			b, err := Train(toySet(), r, nil)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if _, err := b.WriteTo(&buf); err != nil {
				t.Fatal(err)
			}
			saved := buf.Bytes()
			c, err := ReadBundle(bytes.NewReader(saved))
			if err != nil {
				t.Fatal(err)
			}
			p, q := b.NewPredictor(), c.NewPredictor()
			for _, text := range texts {
				a, b := p.Predict(text)[0], q.Predict(text)[0]
				if a.Label != b.Label || a.Confidence != b.Confidence {
					t.Errorf("%q: before save %s %v, after load %s %v", text, a.Label, a.Confidence, b.Label, b.Confidence)
				}
			}
			var again bytes.Buffer
			if _, err := c.WriteTo(&again); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(saved, again.Bytes()) {
				t.Error("a loaded model does not save to the same bytes")
			}
		})
	}
}

func TestRetrainIsByteIdentical(t *testing.T) {
	for name, r := range recipes() {
		t.Run(name, func(t *testing.T) {
			var out [2]bytes.Buffer
			for i := range out {
				b, err := Train(seedSet(t), r, nil)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := b.WriteTo(&out[i]); err != nil {
					t.Fatal(err)
				}
			}
			if !bytes.Equal(out[0].Bytes(), out[1].Bytes()) {
				t.Error("two trainings on the same data and recipe wrote different files")
			}
		})
	}
}

func TestReadBundleErrors(t *testing.T) {
	r := recipes()["nb"]
	r.Folds = 0
	b, err := Train(toySet(), r, nil)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	b.WriteTo(&buf)
	good := buf.String()
	flip := []byte(good)
	flip[len(flip)-10] ^= 1
	tests := []struct {
		name  string
		input string
		want  error  // compared with errors.Is when set
		msg   string // else a substring of the message
	}{
		{"empty", "", ErrNotModel, ""},
		{"csv", "id,text\n1,hello\n", ErrNotModel, ""},
		{"binary", "\x00\x01\x02garbage", ErrNotModel, ""},
		{"truncated payload", good[:len(good)/2], ErrTruncated, ""},
		{"truncated header", good[:20], ErrTruncated, ""},
		{"one bit flipped", string(flip), ErrCorrupt, ""},
		{"trailing bytes", good + "x", ErrCorrupt, ""},
		{"other version", strings.Replace(good, "format 4\n", "format 9\n", 1), nil, "model file format 9; this stance reads formats 2, 3 and 4"},
		{"format of groups without groups", string(sealGroups(payloadOf([]byte(good)))), nil, "model file format 3 holds no group models"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadBundle(strings.NewReader(tt.input))
			switch {
			case err == nil:
				t.Fatal("got no error")
			case tt.want != nil && !errors.Is(err, tt.want):
				t.Errorf("got %v, want %v", err, tt.want)
			case tt.want == nil && !strings.Contains(err.Error(), tt.msg):
				t.Errorf("got %q, want it to contain %q", err, tt.msg)
			}
		})
	}
}

// TestSeedCorpusBeatsMajority checks the default recipe's cross-validated
// scores on the annotated seed corpus against the majority-class baseline
// computed in the same folds.
func TestSeedCorpusBeatsMajority(t *testing.T) {
	b, err := Train(seedSet(t), RecipeV1(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range b.Columns {
		cv := c.CV
		t.Logf("%s: cv accuracy %.3f (majority %.3f), macro-F1 %.3f (majority %.3f)", c.Name, cv.Accuracy, cv.BaselineAcc, cv.MacroF1, cv.BaselineMacro)
		if cv.Accuracy <= cv.BaselineAcc {
			t.Errorf("%s: cross-validated accuracy %.3f is not above the majority-class rate %.3f", c.Name, cv.Accuracy, cv.BaselineAcc)
		}
		if cv.MacroF1 <= cv.BaselineMacro {
			t.Errorf("%s: cross-validated macro-F1 %.3f is not above the majority baseline's %.3f", c.Name, cv.MacroF1, cv.BaselineMacro)
		}
	}
}

// TestSST2 holds the default recipe to the bar of issue 2: at least 81.8%
// accuracy on SST-2's test split when trained on its train split
// (scikit-learn's best bag-of-words model, MultinomialNB on binary 1-2
// grams, measured 81.77% here; fastText 79.8%).
func TestSST2(t *testing.T) {
	if testing.Short() {
		t.Skip("SST-2 training takes a few seconds; skipped in -short mode")
	}
	acc := sst2Accuracy(t, DefaultRecipe(), "test")
	t.Logf("SST-2 test accuracy of the default recipe: %.2f%%", 100*acc)
	// The bar of the issue that chose this default (82.0%); the default
	// was chosen on the dev split, and reaches 82.92% (docs/accuracy.md).
	if acc < 0.820 {
		t.Errorf("SST-2 test accuracy %.4f, want >= 0.820", acc)
	}
}

func TestStratifiedFolds(t *testing.T) {
	y := []int{0, 0, 0, 0, 0, 0, 1, 1, 1, 2}
	fold := StratifiedFolds(y, 3, 3, 7)
	per := make([][3]int, 3)
	for i, f := range fold {
		per[f][y[i]]++
	}
	for f, c := range per {
		if c[0] != 2 || c[1] != 1 {
			t.Errorf("fold %d holds %v of classes 0 and 1, want 2 and 1", f, c)
		}
	}
	again := StratifiedFolds(y, 3, 3, 7)
	for i := range fold {
		if fold[i] != again[i] {
			t.Fatal("same seed gave different folds")
		}
	}
}

func TestTrainingSetErrors(t *testing.T) {
	tests := []struct {
		name string
		set  TrainingSet
		msg  string
	}{
		{"empty", TrainingSet{Columns: []string{"a"}, Labels: [][]string{nil}}, "no training documents"},
		{"one label", TrainingSet{Texts: []string{"x", "y"}, Columns: []string{"a"}, Labels: [][]string{{"p", "p"}}}, "only one label"},
		{"missing label", TrainingSet{Texts: []string{"x", "y"}, Columns: []string{"a"}, Labels: [][]string{{"p", ""}}}, "document 2 has no a label"},
		{"short column", TrainingSet{Texts: []string{"x", "y"}, Columns: []string{"a"}, Labels: [][]string{{"p"}}}, "1 labels for 2 texts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Train(&tt.set, recipes()["nb"], nil)
			if err == nil || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("got %v, want an error containing %q", err, tt.msg)
			}
		})
	}
}
