package annotate

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/classifier"
)

// cueSet returns n rows in which "alpha" marks pos and "beta" neg, or the
// reverse with flip, each with two filler words.
func cueSet(n int, flip bool) *classifier.TrainingSet {
	filler := []string{"today", "people", "really", "think", "about", "news", "week"}
	s := &classifier.TrainingSet{Columns: []string{"tone"}, Labels: [][]string{nil}}
	for i := range n {
		cue, label := "alpha", "pos"
		if i%2 == 1 {
			cue, label = "beta", "neg"
		}
		if flip {
			label = map[string]string{"pos": "neg", "neg": "pos"}[label]
		}
		s.Texts = append(s.Texts, fmt.Sprintf("%s %s %s", filler[i%len(filler)], cue, filler[(i/2)%len(filler)]))
		s.Labels[0] = append(s.Labels[0], label)
	}
	return s
}

// TestRetrainAdapts checks the background retrain's training: with the
// starting model's data and items from another file, it adapts (the items
// flip the cue, and the retrained model follows them); items from the
// model's own file, or no starting data, train on the items alone as
// before; fewer than minAdaptItems items are pooled with the starting
// data. Data other than the model's is refused.
func TestRetrainAdapts(t *testing.T) {
	r := classifier.DefaultRecipe()
	r.Features.CharNGramMin, r.Features.CharNGramMax, r.Features.MinDF = 0, 0, 1
	r.Folds, r.Calibrate = 0, ""
	base := cueSet(80, false)
	model, err := classifier.Train(base, r, nil)
	if err != nil {
		t.Fatal(err)
	}
	model.Data.Source = "old.csv"
	cfg := Config{Recipe: r, Model: model, Base: base, Columns: []Column{{Name: "tone", Labels: []string{"neg", "pos"}}}}
	if err := cfg.checkBase(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, source string
		items        int
		method       string // "" for no adaptation
		alpha        string // the retrained model's label of "today alpha news"
	}{
		{"another source", "new.csv", 30, "chosen", "neg"},
		{"few items", "new.csv", 6, classifier.AdaptPooled, "pos"},
		{"the model's source", "old.csv", 30, "", "neg"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := cfg
			c.ItemsSource = tc.source
			b, err := c.train(cueSet(tc.items, true), t.Logf)
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case tc.method == "" && b.Adapt != nil:
				t.Errorf("adapted (%s); want the items alone", b.Adapt.Method)
			case tc.method == "chosen" && (b.Adapt == nil || !b.Adapt.Chosen):
				t.Errorf("record %+v; want a method chosen by cross-validation", b.Adapt)
			case tc.method != "" && tc.method != "chosen" && (b.Adapt == nil || b.Adapt.Method != tc.method):
				t.Errorf("record %+v; want %s", b.Adapt, tc.method)
			}
			if got := b.NewPredictor().Predict("today alpha news")[0].Label; got != tc.alpha {
				t.Errorf("alpha labelled %s, want %s", got, tc.alpha)
			}
		})
	}
	other := cueSet(80, true)
	bad := cfg
	bad.Base = other
	if err := bad.checkBase(); err == nil || !strings.Contains(err.Error(), "not the data it was trained on") {
		t.Errorf("data other than the model's: error %v", err)
	}
}
