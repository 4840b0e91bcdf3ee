package evaluate

import (
	"math"
	"testing"

	"github.com/stance-nlp/stance/classifier"
	"github.com/stance-nlp/stance/internal/testkit"
)

// threadsSet is testkit.Threads grouped by thread.
func threadsSet() *classifier.TrainingSet {
	s := &classifier.TrainingSet{Columns: []string{"tone", "topic"}, Labels: make([][]string, 2), GroupBy: "thread", Groups: []string{}}
	for _, row := range testkit.Threads() {
		s.Texts = append(s.Texts, row[0])
		s.Labels[0] = append(s.Labels[0], row[1])
		s.Labels[1] = append(s.Labels[1], row[2])
		s.Groups = append(s.Groups, row[3])
	}
	return s
}

// TestCVGroups checks that CV of a grouped set fits the models by group in
// every fold: its per-fold mean at share 1 is the score Train stores for
// them (Bundle.GroupCV), and they beat the pooled model where the groups
// disagree.
func TestCVGroups(t *testing.T) {
	s := threadsSet()
	r := classifier.RecipeV1()
	r.Trainer, r.Folds = classifier.TrainerSparse, 4
	b, err := classifier.Train(s, r, nil)
	if err != nil {
		t.Fatal(err)
	}
	crs, err := CV(s, r, CVOptions{Options: Options{Seed: r.Seed, Bootstrap: -1}, Folds: r.Folds, Curve: []float64{1}})
	if err != nil {
		t.Fatal(err)
	}
	for c, cr := range crs {
		want := b.GroupCV[c]
		last := cr.LearningCurve[len(cr.LearningCurve)-1]
		if math.Abs(last.MacroF1-want.MacroF1) > 1e-12 || math.Abs(last.Accuracy-want.Accuracy) > 1e-12 {
			t.Errorf("%s: CV by group at share 1 has macro-F1 %v accuracy %v; train stored %v %v", cr.Name, last.MacroF1, last.Accuracy, want.MacroF1, want.Accuracy)
		}
		if cr.N != len(s.Texts) {
			t.Errorf("%s: %d documents scored, want all %d groups' pooled", cr.Name, cr.N, len(s.Texts))
		}
	}
	if g, p := crs[0].Accuracy.Value, b.Columns[0].CV.Accuracy; g < p+0.2 {
		t.Errorf("tone: accuracy by thread %.3f, pooled model %.3f; want the threads far ahead", g, p)
	}
}

// TestEvalGroups checks that Eval routes each document by its group, and
// that without groups it scores the pooled model.
func TestEvalGroups(t *testing.T) {
	s := threadsSet()
	r := classifier.RecipeV1()
	r.Trainer, r.Folds = classifier.TrainerSparse, 0
	b, err := classifier.Train(s, r, nil)
	if err != nil {
		t.Fatal(err)
	}
	// The same review in the two threads that disagree, and in a thread
	// not seen in training, which the pooled model labels.
	g := &Gold{
		Texts:   []string{"a good movie", "a good movie", "a bad novel", "a bad novel"},
		Columns: []string{"tone"},
		Labels:  [][]string{{"pos", "neg", "neg", "pos"}},
		Groups:  []string{"A", "B", "A", "B"},
	}
	crs, err := Eval(b, g, Options{Bootstrap: -1})
	if err != nil {
		t.Fatal(err)
	}
	if acc := crs[0].Accuracy.Value; acc != 1 {
		t.Errorf("accuracy by thread %v, want 1", acc)
	}
	g.Groups = nil
	crs, err = Eval(b, g, Options{Bootstrap: -1})
	if err != nil {
		t.Fatal(err)
	}
	if acc := crs[0].Accuracy.Value; acc > 0.5 {
		t.Errorf("accuracy of the pooled model %v: it cannot get both threads right", acc)
	}
}
