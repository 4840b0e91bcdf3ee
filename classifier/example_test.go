package classifier_test

import (
	"bytes"
	"fmt"

	"github.com/stance-nlp/stance/classifier"
	"github.com/stance-nlp/stance/models"
)

// Train a model on a handful of annotated comments, any label column and
// label set, and label a new comment with it.
func ExampleTrain() {
	set := &classifier.TrainingSet{
		Texts: []string{
			"Help the officers defect.", "Defection saves lives.", "Officers should defect now.",
			"Bomb them now.", "Send troops and planes.", "Intervene with force.",
		},
		Columns: []string{"frame"},
		Labels:  [][]string{{"defect", "defect", "defect", "force", "force", "force"}},
	}
	r := classifier.RecipeV1()
	r.Folds = 0                          // no cross-validation for six comments
	r.Trainer = classifier.TrainerSparse // the project's own trainer: no cgo
	b, err := classifier.Train(set, r, nil)
	if err != nil {
		panic(err)
	}
	p := b.NewPredictor()
	for _, text := range []string{"the officers defect", "send planes"} {
		pred := p.Predict(text)[0]
		fmt.Printf("%s: %s\n", text, pred.Label)
	}
	// Output:
	// the officers defect: defect
	// send planes: force
}

// Label comments with the model shipped in the binary: one prediction per
// label column, with every label's probability.
func ExampleBundle_NewPredictor() {
	b, err := classifier.ReadBundle(bytes.NewReader(models.Default()))
	if err != nil {
		panic(err)
	}
	p := b.NewPredictor()
	for c, pred := range p.Predict("Assad's officers should be helped to defect.") {
		col := b.Columns[c]
		fmt.Printf("%s: %d labels, probabilities summing to %.2f\n", col.Name, len(col.Labels), sum(pred.Probs))
	}
	fmt.Println(b.InputColumns().Labels)
	// Output:
	// stance: 7 labels, probabilities summing to 1.00
	// sentiment: 3 labels, probabilities summing to 1.00
	// [stance sentiment]
}

func sum(xs []float64) float64 {
	t := 0.0
	for _, x := range xs {
		t += x
	}
	return t
}
