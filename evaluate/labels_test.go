package evaluate

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/data"
)

// TestScoreLabels checks ScoreLabels against figures worked by hand.
func TestScoreLabels(t *testing.T) {
	l := &Labelled{
		Columns: []string{"pred_stance", "pred_tone", "plain"},
		Gold: [][]string{
			{"a", "a", "a", "b", "b", "c", ""},
			{"neg", "pos", "pos"},
			{"x", "y"},
		},
		Pred: [][]string{
			{"a", "a", "b", "b", "c", "c", "z"},
			{"neg", "pos", "neg"},
			{"x", "x"},
		},
		Confidence: [][]float64{{0.9, 0.8, 0.6, 0.7, 0.55, 0.95, 0.5}},
		ProbLabels: [][]string{nil, {"neg", "pos"}},
		Probs:      [][][]float64{nil, {{0.8, 0.2}, {0.3, 0.7}, {0.6, 0.4}}},
	}
	crs, err := ScoreLabels(l, Options{Bootstrap: -1, Bins: 4})
	if err != nil {
		t.Fatal(err)
	}
	near := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-9 {
			t.Errorf("%s = %.6f, want %.6f", what, got, want)
		}
	}

	// pred_stance: the row without a gold label (predicted "z") is left
	// out, and so is its label. Confusion [gold][pred] over a, b, c:
	//	a: 2 1 0   b: 0 1 1   c: 0 0 1
	// accuracy 4/6; F1 a = 2·1·(2/3)/(1+2/3) = 0.8, b = 0.5,
	// c = 2·(1/2)·1/(3/2) = 2/3; macro-F1 (0.8 + 0.5 + 2/3)/3.
	// Baseline: the majority gold label a, right on 3 of 6, F1 of a
	// 2·(1/2)·1/(3/2) = 2/3, macro-F1 (2/3)/3.
	// Reliability in 4 bins: [.5, .75) holds .6 (wrong), .7 (right),
	// .55 (wrong): confidence 1.85/3, accuracy 1/3; [.75, 1] holds .9, .8,
	// .95, all right: confidence 2.65/3, accuracy 1.
	// ECE = (3/6)|1/3 - 1.85/3| + (3/6)|1 - 2.65/3| = 0.85/6 + 0.35/6 = 0.2.
	st := crs[0]
	if st.Name != "pred_stance" || !slices.Equal(st.Labels, []string{"a", "b", "c"}) || st.N != 6 {
		t.Fatalf("column %s, labels %v, n %d: want pred_stance over a, b, c, 6 documents", st.Name, st.Labels, st.N)
	}
	if want := [][]int{{2, 1, 0}, {0, 1, 1}, {0, 0, 1}}; !slices.EqualFunc(st.Confusion, want, slices.Equal) {
		t.Errorf("confusion %v, want %v", st.Confusion, want)
	}
	near("accuracy", st.Accuracy.Value, 4.0/6)
	near("macro-F1", st.MacroF1.Value, (0.8+0.5+2.0/3)/3)
	near("F1 of c", st.PerClass[2].F1.Value, 2.0/3)
	if st.Baseline.Label != "a" {
		t.Errorf("baseline label %s, want a", st.Baseline.Label)
	}
	near("baseline accuracy", st.Baseline.Accuracy, 0.5)
	near("baseline macro-F1", st.Baseline.MacroF1, 2.0/9)
	if st.Brier != nil || st.ECE == nil || len(st.Reliability) != 4 {
		t.Fatalf("Brier %v, ECE %v, %d bins: want ECE and 4 bins from the confidences, no Brier", st.Brier, st.ECE, len(st.Reliability))
	}
	near("ECE", *st.ECE, 0.2)
	near("confidence of bin [.5, .75)", st.Reliability[2].Confidence, 1.85/3)
	near("accuracy of bin [.75, 1]", st.Reliability[3].Accuracy, 1)

	// pred_tone, with every label's probability: Brier = mean of
	// (.8-1)²+.2² = .08, .3²+(.7-1)² = .18, .6²+(.4-1)² = .72: .98/3.
	// Bins: .8 (right) in [.75, 1], gap .2; .7 (right) and .6 (wrong) in
	// [.5, .75): confidence .65, accuracy .5, gap .15.
	// ECE = (1/3)·.2 + (2/3)·.15 = 1/6.
	tone := crs[1]
	if tone.Brier == nil || tone.ECE == nil {
		t.Fatalf("Brier %v, ECE %v: want both from the probabilities", tone.Brier, tone.ECE)
	}
	near("Brier", *tone.Brier, 0.98/3)
	near("ECE of pred_tone", *tone.ECE, 1.0/6)
	near("accuracy of pred_tone", tone.Accuracy.Value, 2.0/3)

	// plain, without probabilities: no calibration at all.
	if p := crs[2]; p.Brier != nil || p.ECE != nil || p.Reliability != nil {
		t.Errorf("Brier %v, ECE %v, reliability %v: want none without probabilities", p.Brier, p.ECE, p.Reliability)
	}
}

func TestScoreLabelsErrors(t *testing.T) {
	tests := []struct {
		name string
		l    *Labelled
		want string
		is   error
	}{
		{"no prediction", &Labelled{Columns: []string{"p"}, Gold: [][]string{{"a", "b"}}, Pred: [][]string{{"a", ""}}},
			"p: document 2 has a gold label but no prediction", ErrNoPrediction},
		{"unpaired", &Labelled{Columns: []string{"p"}, Gold: [][]string{{"a", "b"}}, Pred: [][]string{{"a"}}},
			"p: gold and predicted labels do not pair up", nil},
		{"no gold", &Labelled{Columns: []string{"p"}, Gold: [][]string{{"", ""}}, Pred: [][]string{{"a", "b"}}},
			"no document has a gold label beside p", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ScoreLabels(tt.l, Options{Bootstrap: -1})
			if err == nil || err.Error() != tt.want {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("got %v, want it to wrap %v", err, tt.is)
			}
		})
	}
}

func TestReadLabelled(t *testing.T) {
	read := func(in string, gold, pred []string) (*Labelled, error) {
		t.Helper()
		r, err := data.NewCSVReader(strings.NewReader(in), "l.csv")
		if err != nil {
			t.Fatal(err)
		}
		return ReadLabelled(r, "l.csv", gold, pred)
	}
	// The columns `stance label -prefix pred_` writes: with -probs for
	// stance, without for sentiment.
	in := "id,stance,sentiment,pred_stance,pred_stance_confidence,pred_stance_note,pred_stance_p_anti,pred_stance_p_pro,pred_sentiment,pred_sentiment_confidence\n" +
		"1,pro,neg,pro,0.7000,,0.3000,0.7000,neg,0.6000\n" +
		"2,,pos,anti,0.5500,,0.5500,0.4500,neg,0.8000\n"
	l, err := read(in, []string{"stance", "sentiment"}, []string{"pred_stance", "pred_sentiment"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(l.Columns, []string{"pred_stance", "pred_sentiment"}) || !slices.Equal(l.Gold[0], []string{"pro", ""}) || !slices.Equal(l.Pred[1], []string{"neg", "neg"}) {
		t.Errorf("read %+v", l)
	}
	if !slices.Equal(l.ProbLabels[0], []string{"anti", "pro"}) || !slices.Equal(l.Probs[0][0], []float64{0.3, 0.7}) || l.Confidence[0] != nil {
		t.Errorf("pred_stance: probability labels %v, rows %v, confidences %v: want the -probs columns, no confidences", l.ProbLabels[0], l.Probs[0], l.Confidence[0])
	}
	if l.Probs[1] != nil || !slices.Equal(l.Confidence[1], []float64{0.6, 0.8}) {
		t.Errorf("pred_sentiment: probabilities %v, confidences %v: want the confidences alone", l.Probs[1], l.Confidence[1])
	}

	errs := []struct {
		name, in   string
		gold, pred string
		want       string
	}{
		{"missing prediction column", "stance,Pred_stance\npro,pro\n", "stance", "pred_stance",
			`l.csv: no prediction column "pred_stance"; columns are: "stance", "Pred_stance"; did you mean "Pred_stance"?`},
		{"missing gold column", "Stance,pred_stance\npro,pro\n", "stance", "pred_stance",
			`l.csv: no gold label column "stance"; columns are: "Stance", "pred_stance"; did you mean "Stance"?`},
		{"empty prediction", "stance,pred_stance\npro,pro\nanti,\n", "stance", "pred_stance",
			`l.csv:3: column "pred_stance": no prediction beside the gold label "anti" of "stance"`},
		{"bad confidence", "stance,pred_stance,pred_stance_confidence\npro,pro,1.5\n", "stance", "pred_stance",
			`l.csv:2: column "pred_stance_confidence": "1.5" is not a probability`},
	}
	for _, tt := range errs {
		t.Run(tt.name, func(t *testing.T) {
			_, err := read(tt.in, []string{tt.gold}, []string{tt.pred})
			if err == nil || err.Error() != tt.want {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
}
