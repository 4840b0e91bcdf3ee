package tune

import (
	"reflect"
	"testing"

	"github.com/stance-nlp/stance/classifier"
	"github.com/stance-nlp/stance/internal/testkit"
)

func TestMain(m *testing.M) { testkit.RunWithCgocheckOff(m) }

func seedSet(t *testing.T) *classifier.TrainingSet {
	rows := testkit.Seed(t, "text", "stance", "sentiment")
	s := &classifier.TrainingSet{Columns: []string{"stance", "sentiment"}, Labels: make([][]string, 2)}
	for _, r := range rows {
		s.Texts = append(s.Texts, r[0])
		s.Labels[0] = append(s.Labels[0], r[1])
		s.Labels[1] = append(s.Labels[1], r[2])
	}
	return s
}

// TestSearchIsDeterministic checks that the same data, seed and fits give
// the same board, that the fits stay within the budget, that the default
// is scored on every fold, and that the best is scored on every fold.
func TestSearchIsDeterministic(t *testing.T) {
	s := seedSet(t)
	o := Options{Fits: 24, Seed: 7}
	a, err := Search(s, o)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Search(s, o)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a.Board, b.Board) && !sameBoard(a.Board, b.Board) {
		t.Errorf("two searches differ:\n%v\n%v", names(a.Board), names(b.Board))
	}
	if a.Budget != o.Fits || a.Fits > a.Budget {
		t.Errorf("%d fits for a budget of %d", a.Fits, o.Fits)
	}
	if a.Best.Folds != 5 {
		t.Errorf("best scored on %d folds, want 5", a.Best.Folds)
	}
	var def *Entry
	for i := range a.Board {
		if a.Board[i].Name == "default" {
			def = &a.Board[i]
		}
	}
	if def == nil || def.Folds != 5 {
		t.Errorf("default not scored on every fold: %+v", def)
	}
	if a.Best.MacroF1 < def.MacroF1 {
		t.Errorf("best %.3f below the default %.3f", a.Best.MacroF1, def.MacroF1)
	}
	t.Logf("%d candidates, %d fits; best %s %.3f (default %.3f)", a.Candidates, a.Fits, a.Best.Name, a.Best.MacroF1, def.MacroF1)
}

func names(b []Entry) []string {
	var out []string
	for _, e := range b {
		out = append(out, e.Name)
	}
	return out
}

// sameBoard compares boards without the timings.
func sameBoard(a, b []Entry) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Name != b[i].Name || a[i].MacroF1 != b[i].MacroF1 || a[i].Folds != b[i].Folds {
			return false
		}
	}
	return true
}

func TestRoundFolds(t *testing.T) {
	tests := []struct {
		k, eta int
		want   []int
	}{{5, 3, []int{1, 3, 5}}, {10, 3, []int{1, 3, 9, 10}}, {2, 3, []int{1, 2}}, {3, 3, []int{1, 3}}}
	for _, tt := range tests {
		if got := roundFolds(tt.k, tt.eta); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("roundFolds(%d, %d) = %v, want %v", tt.k, tt.eta, got, tt.want)
		}
	}
}

func TestCandidates(t *testing.T) {
	base := classifier.RecipeV1()
	c, err := DefaultSpace().Candidates(base, 1)
	if err != nil {
		t.Fatal(err)
	}
	if c[0].Name != "default" || !sameRecipe(c[0].Recipe, base) {
		t.Errorf("first candidate %q, want the default", c[0].Name)
	}
	// 6 C × 2 NB × 3 n-grams × 2 weightings × 2 min-df × 2 class weights
	// × 3 char n-grams for logreg, 3 α × 3 n-grams × 2 weightings × 2
	// min-df × 2 class weights × 3 char n-grams for naive Bayes (the
	// default among them, met first).
	if want := (6*2*3*2*2*2 + 3*3*2*2*2) * 3; len(c) != want {
		t.Errorf("%d candidates, want %d", len(c), want)
	}
	again, _ := DefaultSpace().Candidates(base, 1)
	if !reflect.DeepEqual(c, again) {
		t.Error("the same seed gave another order")
	}
}
