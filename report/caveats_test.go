package report

import (
	"slices"
	"testing"

	"github.com/stance-nlp/stance/evaluate/result"
)

func TestCaveats(t *testing.T) {
	calibrated := func(c result.Column) result.Column {
		brier, ece := 0.3, 0.05
		c.Brier, c.ECE = &brier, &ece
		return c
	}
	column := func(n int, rows ...result.Class) result.Column {
		return calibrated(result.Column{Name: "stance", N: n, PerClass: rows})
	}
	class := func(label string, support, predicted int) result.Class {
		return result.Class{Label: label, Support: support, Predicted: predicted}
	}
	tests := []struct {
		name string
		r    *Report
		want []string
	}{
		{"none", &Report{Kind: "eval", Columns: []result.Column{column(30, class("pro", 20, 18), class("anti", 10, 12))}}, nil},
		{"predicted, not in gold", &Report{Kind: "eval", Columns: []result.Column{column(40, class("pro", 40, 37), class("anti", 0, 3))}},
			[]string{`stance: "anti" is not in the gold labels but was predicted 3 times; its recall and F1 are 0 by convention`}},
		{"never predicted", &Report{Kind: "cv", Columns: []result.Column{column(40, class("pro", 35, 40), class("anti", 5, 0))}},
			[]string{`stance: "anti" was never predicted; its precision is undefined and shown as 0`}},
		{"neither", &Report{Kind: "eval", Columns: []result.Column{column(40, class("pro", 40, 40), class("anti", 0, 0))}},
			[]string{`stance: "anti" is neither in the gold labels nor predicted; it is left out of macro-F1`}},
		{"few documents", &Report{Kind: "eval", Columns: []result.Column{column(29, class("pro", 20, 20), class("anti", 9, 9))}},
			[]string{"stance: only 29 documents scored; intervals are wide and unreliable"}},
		{"classes then size, column by column", &Report{Kind: "eval", Columns: []result.Column{
			column(12, class("pro", 12, 10), class("anti", 0, 2)),
			calibrated(result.Column{Name: "sentiment", N: 12, PerClass: []result.Class{class("neg", 12, 12), class("pos", 0, 0)}}),
		}}, []string{
			`stance: "anti" is not in the gold labels but was predicted 2 times; its recall and F1 are 0 by convention`,
			"stance: only 12 documents scored; intervals are wide and unreliable",
			`sentiment: "pos" is neither in the gold labels nor predicted; it is left out of macro-F1`,
			"sentiment: only 12 documents scored; intervals are wide and unreliable",
		}},
		{"no probabilities", &Report{Kind: "eval", Columns: []result.Column{{Name: "pred_stance", N: 40, PerClass: []result.Class{class("pro", 20, 20), class("anti", 20, 20)}}}},
			[]string{"pred_stance: the predictions have no confidences or probabilities; calibration (Brier score, ECE, reliability) is left out"}},
		{"confidences only", &Report{Kind: "eval", Columns: []result.Column{func() result.Column {
			c := column(40, class("pro", 20, 20), class("anti", 20, 20))
			c.Brier = nil
			return c
		}()}}, []string{"stance: only the predicted label's confidence is given; the Brier score, which needs every label's probability, is left out"}},
		{"agreement", &Report{Kind: "agree", Agreement: []result.Agreement{{Column: "stance", Items: 3}}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Caveats(tt.r); !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
