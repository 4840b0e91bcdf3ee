package evaluate

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/classifier"
	"github.com/stance-nlp/stance/data"
	"github.com/stance-nlp/stance/evaluate/result"
	"github.com/stance-nlp/stance/internal/testkit"
)

// TestMain restarts the test binary with GODEBUG=cgocheck=0, which golearn's
// training needs from process start (see package cgocheck).
func TestMain(m *testing.M) { testkit.RunWithCgocheckOff(m) }

func seedSet(t *testing.T) *classifier.TrainingSet {
	t.Helper()
	rows := testkit.Seed(t, "text", "stance", "sentiment")
	s := &classifier.TrainingSet{Columns: []string{"stance", "sentiment"}, Labels: make([][]string, 2)}
	for _, row := range rows {
		s.Texts = append(s.Texts, row[0])
		s.Labels[0] = append(s.Labels[0], row[1])
		s.Labels[1] = append(s.Labels[1], row[2])
	}
	return s
}

// TestCVMatchesTrain checks that the learning curve's full-share point is
// the per-fold mean that `stance train` stores for the same recipe and
// seed, and that the pooled report is internally consistent.
func TestCVMatchesTrain(t *testing.T) {
	s := seedSet(t)
	r := classifier.RecipeV1()
	b, err := classifier.Train(s, r, nil)
	if err != nil {
		t.Fatal(err)
	}
	crs, err := CV(s, r, CVOptions{Options: Options{Seed: r.Seed, Bootstrap: 200}, Folds: r.Folds, Curve: []float64{0.5, 1}})
	if err != nil {
		t.Fatal(err)
	}
	for c, cr := range crs {
		want := b.Columns[c].CV
		last := cr.LearningCurve[len(cr.LearningCurve)-1]
		if math.Abs(last.MacroF1-want.MacroF1) > 1e-12 || math.Abs(last.Accuracy-want.Accuracy) > 1e-12 {
			t.Errorf("%s: curve at share 1 has macro-F1 %v accuracy %v; train stored %v %v", cr.Name, last.MacroF1, last.Accuracy, want.MacroF1, want.Accuracy)
		}
		if len(cr.LearningCurve) != 2 || cr.LearningCurve[0].TrainSize >= last.TrainSize {
			t.Errorf("%s: learning curve %+v, want two points of growing size", cr.Name, cr.LearningCurve)
		}
		total := 0
		for _, row := range cr.Confusion {
			for _, n := range row {
				total += n
			}
		}
		if total != len(s.Texts) || cr.N != len(s.Texts) {
			t.Errorf("%s: confusion holds %d predictions, N = %d, want %d", cr.Name, total, cr.N, len(s.Texts))
		}
		if !(cr.Accuracy.Lo <= cr.Accuracy.Value && cr.Accuracy.Value <= cr.Accuracy.Hi && cr.Accuracy.Lo < cr.Accuracy.Hi) {
			t.Errorf("%s: accuracy interval %+v does not bracket its value", cr.Name, cr.Accuracy)
		}
		if cr.Baseline.Label != want.BaselineLabel {
			t.Errorf("%s: baseline label %s, train says %s", cr.Name, cr.Baseline.Label, want.BaselineLabel)
		}
	}
}

func TestCVRepeatsAndDeterminism(t *testing.T) {
	s := seedSet(t)
	r := classifier.RecipeV1()
	r.Model = classifier.KindNaiveBayes
	o := CVOptions{Options: Options{Seed: 3, Bootstrap: 100}, Folds: 3, Repeats: 2}
	a, err := CV(s, r, o)
	if err != nil {
		t.Fatal(err)
	}
	b, err := CV(s, r, o)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Error("two runs with the same seed differ")
	}
	total := 0
	for _, row := range a[0].Confusion {
		for _, n := range row {
			total += n
		}
	}
	if total != 2*len(s.Texts) {
		t.Errorf("two repeats pooled %d predictions, want %d", total, 2*len(s.Texts))
	}
}

func TestEvalUnseenGoldLabel(t *testing.T) {
	s := seedSet(t)
	r := classifier.RecipeV1()
	r.Folds = 0
	b, err := classifier.Train(s, r, nil)
	if err != nil {
		t.Fatal(err)
	}
	g := &Gold{
		Texts:   []string{"We should pay them to defect.", "Stay out of Syria.", "What a day.", "no label here"},
		Columns: []string{"stance"},
		Labels:  [][]string{{"pro-defection", "anti-intervention", "sarcasm", ""}},
	}
	crs, err := Eval(b, g, Options{Bootstrap: -1})
	if err != nil {
		t.Fatal(err)
	}
	cr := crs[0]
	if cr.N != 3 {
		t.Errorf("scored %d documents, want 3 (the unlabelled one left out)", cr.N)
	}
	i := slices.Index(cr.Labels, "sarcasm")
	if i < 0 || cr.PerClass[i].Predicted != 0 || cr.PerClass[i].Support != 1 {
		t.Errorf("labels %v, per-class %+v: want the unseen gold label listed, never predicted", cr.Labels, cr.PerClass)
	}
	if cr.Baseline.Label != "anti-defection" {
		t.Errorf("baseline %s, want the training majority anti-defection", cr.Baseline.Label)
	}
	if _, err := Eval(b, &Gold{Texts: []string{"x"}, Columns: []string{"frame"}, Labels: [][]string{{"a"}}}, Options{}); err == nil || !strings.Contains(err.Error(), `no label column "frame"`) {
		t.Errorf("got %v, want an error naming the missing column", err)
	}
}

func TestAgree(t *testing.T) {
	anns := []Annotator{
		{Name: "ann", IDs: []string{"1", "2", "3", "4"}, Labels: [][]string{{"a", "a", "b", "b"}}},
		{Name: "bob", IDs: []string{"4", "3", "2", "1"}, Labels: [][]string{{"b", "b", "b", "a"}}},
	}
	ags, err := Agree(anns, []string{"x"})
	if err != nil {
		t.Fatal(err)
	}
	ag := ags[0]
	// Items 1..4: ann a a b b, bob a b b b. p_o = 3/4; marginals ann (1/2, 1/2),
	// bob (1/4, 3/4): p_e = 1/8 + 3/8 = 1/2; kappa = (3/4 - 1/2)/(1/2) = 1/2.
	if p := ag.Pairs[0]; p.N != 4 || math.Abs(p.Kappa-0.5) > 1e-12 || p.Agree != 0.75 {
		t.Errorf("pair %+v, want n 4, agreement 0.75, kappa 0.5", p)
	}
	if ag.FleissKappa == nil || len(ag.Disagreements) != 1 || ag.Disagreements[0].ID != "2" {
		t.Errorf("fleiss %v, disagreements %+v: want Fleiss set and item 2 listed", ag.FleissKappa, ag.Disagreements)
	}
	// An item only one annotator labelled leaves Fleiss' kappa undefined.
	anns[1].Labels[0][0] = ""
	ags, err = Agree(anns, []string{"x"})
	if err != nil {
		t.Fatal(err)
	}
	if ags[0].FleissKappa != nil || ags[0].Items != 3 {
		t.Errorf("fleiss %v, items %d: want no Fleiss' kappa and 3 items", ags[0].FleissKappa, ags[0].Items)
	}
}

func TestSummarize(t *testing.T) {
	in := "id,source,stance\n1,a,pro\n2,a,anti\n3,b,anti\n4,b,anti\n"
	r, err := data.NewCSVReader(strings.NewReader(in), "in.csv")
	if err != nil {
		t.Fatal(err)
	}
	s, err := Summarize(r, "in.csv", []string{"stance"}, "source")
	if err != nil {
		t.Fatal(err)
	}
	c := s.Columns[0]
	if s.Rows != 4 || !slices.Equal(c.Labels, []string{"anti", "pro"}) || !slices.Equal(c.Total.Counts, []int{3, 1}) {
		t.Errorf("summary %+v", s)
	}
	if len(c.Groups) != 2 || c.Groups[1].Name != "b" || !slices.Equal(c.Groups[1].Shares, []float64{1, 0}) {
		t.Errorf("groups %+v, want a then b with b all anti", c.Groups)
	}
	r, _ = data.NewCSVReader(strings.NewReader(in), "in.csv")
	if _, err := Summarize(r, "in.csv", []string{"sentiment"}, ""); err == nil || !strings.Contains(err.Error(), `no label column "sentiment"`) {
		t.Errorf("got %v, want a missing-column error", err)
	}
}

func TestExplain(t *testing.T) {
	s := &classifier.TrainingSet{Columns: []string{"tone"}, Labels: [][]string{nil}}
	for i := 0; i < 20; i++ {
		s.Texts = append(s.Texts, "good film", "bad film")
		s.Labels[0] = append(s.Labels[0], "pos", "neg")
	}
	r := classifier.RecipeV1()
	r.Folds = 0
	b, err := classifier.Train(s, r, nil)
	if err != nil {
		t.Fatal(err)
	}
	text := "Good films, not bad ones"
	ex, err := Explain(b, ExplainOptions{Top: 2, Rows: RowsAll}, []Doc{{ID: "d1", Text: text}})
	if err != nil {
		t.Fatal(err)
	}
	top := ex[0].Top[slices.Index(ex[0].Labels, "pos")]
	if !strings.HasPrefix(top[0].Term, "good") {
		t.Errorf("top terms of pos %+v, want good (or good film) first", top)
	}
	d := ex[0].Docs[0]
	if d.Label != "pos" || !strings.HasPrefix(d.Contributions[0].Term, "good") || len(d.Contributions) != 2 {
		t.Errorf("doc explanation %+v, want pos because of good", d)
	}
	// The stemmed terms show as written: "good film" as "Good films".
	for _, f := range d.Contributions {
		if want := map[string]string{"good": "Good", "good film": "Good films"}[f.Term]; f.Words != want {
			t.Errorf("term %q shown as %q, want %q", f.Term, f.Words, want)
		}
	}
	// The runner-up is neg, for which "bad" speaks against pos; it is
	// marked in the text as such, and good as for.
	if d.RunnerUp != "neg" || len(d.Against) == 0 || d.Against[0].Term != "bad" || d.Against[0].Words != "bad" {
		t.Errorf("runner-up %q against %+v, want neg because of bad", d.RunnerUp, d.Against)
	}
	marked := map[string]string{}
	for _, m := range d.Marks {
		marked[text[m.Start:m.End]] = m.Kind
	}
	if marked["bad"] != result.MarkAgainst || !strings.HasPrefix(text[d.Marks[0].Start:d.Marks[0].End], "Good") || d.Marks[0].Kind != result.MarkFor {
		t.Errorf("marks %v, want Good… for and bad against", marked)
	}
	if _, err := Explain(b, ExplainOptions{Top: 2, Rows: "some"}, nil); err == nil {
		t.Error("rows \"some\" accepted")
	}
}

func TestPickRows(t *testing.T) {
	// Six documents: gold g, predicted p with confidence c.
	gold := []string{"a", "a", "b", "b", "", "a"}
	pred := []string{"a", "b", "a", "b", "a", "b"}
	conf := []float64{0.9, 0.8, 0.6, 0.5, 0.4, 0.95}
	docs := make([]Doc, len(gold))
	preds := make([][]classifier.Prediction, len(gold))
	for i := range docs {
		docs[i] = Doc{ID: fmt.Sprint(i)}
		if gold[i] != "" {
			docs[i].Gold = map[string]string{"x": gold[i]}
		}
		preds[i] = []classifier.Prediction{{Label: pred[i], Confidence: conf[i]}}
	}
	noGold := make([]Doc, len(docs))
	for i := range noGold {
		noGold[i] = Doc{ID: fmt.Sprint(i)}
	}
	for _, tc := range []struct {
		rows  string
		limit int
		docs  []Doc
		want  []picked
		as    string // the rows resolved
	}{
		// Errors are 5 (0.95), 1 (0.8), 2 (0.6); the rest by confidence
		// 4 (0.4), 3 (0.5), 0 (0.9).
		{RowsErrors, 2, docs, []picked{{5, "error"}, {1, "error"}}, RowsErrors},
		{RowsUnsure, 3, docs, []picked{{4, "unsure"}, {3, "unsure"}, {2, "unsure"}}, RowsUnsure},
		{RowsAuto, 4, docs, []picked{{5, "error"}, {1, "error"}, {4, "unsure"}, {3, "unsure"}}, RowsMixed},
		{RowsAuto, 3, docs, []picked{{5, "error"}, {1, "error"}, {4, "unsure"}}, RowsMixed},
		{RowsMixed, 6, docs, []picked{{5, "error"}, {1, "error"}, {2, "error"}, {4, "unsure"}, {3, "unsure"}, {0, "unsure"}}, RowsMixed},
		{RowsAuto, 2, noGold, []picked{{4, "unsure"}, {3, "unsure"}}, RowsUnsure},
		{RowsFirst, 2, docs, []picked{{0, ""}, {1, ""}}, RowsFirst},
		{RowsAll, 1, docs, []picked{{0, ""}, {1, ""}, {2, ""}, {3, ""}, {4, ""}, {5, ""}}, RowsAll},
	} {
		o := ExplainOptions{Rows: tc.rows, Limit: tc.limit}
		got, rows := pickRows(tc.docs, preds, 0, "x", o)
		if !slices.Equal(got, tc.want) || rows != tc.as {
			t.Errorf("%s, limit %d: got %v as %s, want %v as %s", tc.rows, tc.limit, got, rows, tc.want, tc.as)
		}
	}
}
