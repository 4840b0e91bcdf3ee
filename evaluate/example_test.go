package evaluate_test

import (
	"fmt"
	"strings"

	"github.com/stance-nlp/stance/classifier"
	"github.com/stance-nlp/stance/data"
	"github.com/stance-nlp/stance/evaluate"
)

// Score a trained model against gold labels it has not seen: accuracy and
// macro-F1 with bootstrap intervals, per-class scores and the confusion
// matrix, in plain values that package report renders.
func ExampleEval() {
	train := &classifier.TrainingSet{
		Texts: []string{
			"Help the officers defect.", "Defection saves lives.", "Officers should defect now.",
			"Bomb them now.", "Send troops and planes.", "Intervene with force.",
		},
		Columns: []string{"frame"},
		Labels:  [][]string{{"defect", "defect", "defect", "force", "force", "force"}},
	}
	r := classifier.RecipeV1()
	r.Folds, r.Trainer = 0, classifier.TrainerSparse
	b, err := classifier.Train(train, r, nil)
	if err != nil {
		panic(err)
	}
	gold := &evaluate.Gold{
		Texts:   []string{"the officers should defect", "send the planes", "defection now", "troops and force"},
		Columns: []string{"frame"},
		Labels:  [][]string{{"defect", "force", "defect", "defect"}},
	}
	cols, err := evaluate.Eval(b, gold, evaluate.Options{Bootstrap: -1})
	if err != nil {
		panic(err)
	}
	c := cols[0]
	fmt.Printf("%s: n=%d accuracy %.2f macro-F1 %.2f\n", c.Name, c.N, c.Accuracy.Value, c.MacroF1.Value)
	fmt.Println("labels", c.Labels, "confusion [gold][predicted]", c.Confusion)
	// Output:
	// frame: n=4 accuracy 0.75 macro-F1 0.73
	// labels [defect force] confusion [gold][predicted] [[2 1] [0 1]]
}

// Agreement of three annotators on the same comments, matched by id; an
// empty label means the annotator skipped the comment. (By hand: ann1 and
// ann2 agree on 3 of 4 with chance agreement 5/16, kappa (3/4 - 5/16) /
// (1 - 5/16) = 0.636; alpha = 1 - (2/10) / (66/90) = 0.727.)
func ExampleAgree() {
	anns := []evaluate.Annotator{
		{Name: "ann1", IDs: []string{"c1", "c2", "c3", "c4"}, Labels: [][]string{{"pro", "anti", "anti", "neutral"}}},
		{Name: "ann2", IDs: []string{"c1", "c2", "c3", "c4"}, Labels: [][]string{{"pro", "anti", "neutral", "neutral"}}},
		{Name: "ann3", IDs: []string{"c2", "c1", "c4"}, Labels: [][]string{{"anti", "pro", ""}}},
	}
	ags, err := evaluate.Agree(anns, []string{"stance"})
	if err != nil {
		panic(err)
	}
	ag := ags[0]
	for _, p := range ag.Pairs {
		fmt.Printf("%s-%s: %d items, kappa %.3f\n", p.A, p.B, p.N, p.Kappa)
	}
	fmt.Printf("Krippendorff's alpha %.3f; to adjudicate: %v\n", ag.Alpha, ag.Disagreements)
	// Output:
	// ann1-ann2: 4 items, kappa 0.636
	// ann1-ann3: 2 items, kappa 1.000
	// ann2-ann3: 2 items, kappa 1.000
	// Krippendorff's alpha 0.727; to adjudicate: [{c3 [anti neutral ]}]
}

// Score predictions another tool made, read from the file it wrote, with
// no model: here one column of predicted stances beside the gold ones,
// without probabilities, so the report leaves calibration out. (By hand:
// 3 of 4 right; F1 of anti 2/3, of pro 4/5; macro-F1 0.733.)
func ExampleScoreLabels() {
	in := "id,stance,tool_stance\n1,pro,pro\n2,pro,pro\n3,anti,pro\n4,anti,anti\n"
	r, err := data.NewCSVReader(strings.NewReader(in), "tool.csv")
	if err != nil {
		panic(err)
	}
	l, err := evaluate.ReadLabelled(r, "tool.csv", []string{"stance"}, []string{"tool_stance"})
	if err != nil {
		panic(err)
	}
	cols, err := evaluate.ScoreLabels(l, evaluate.Options{Bootstrap: -1})
	if err != nil {
		panic(err)
	}
	c := cols[0]
	fmt.Printf("%s: n=%d accuracy %.2f macro-F1 %.3f, calibration scored: %v\n", c.Name, c.N, c.Accuracy.Value, c.MacroF1.Value, c.ECE != nil)
	// Output:
	// tool_stance: n=4 accuracy 0.75 macro-F1 0.733, calibration scored: false
}
