package report

import (
	"slices"
	"strings"
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

// TestCaveatsInPage checks that the HTML page shows each caveat beside
// the number it concerns: an undefined score as n/a with a mark, the mark
// explained under the table, and a column's own caveats under its
// heading.
func TestCaveatsInPage(t *testing.T) {
	brier, ece := 0.3, 0.05
	col := func(n int, rows ...result.Class) result.Column {
		labels := make([]string, len(rows))
		conf := make([][]int, len(rows))
		norm := make([][]float64, len(rows))
		for i, r := range rows {
			labels[i] = r.Label
			conf[i] = make([]int, len(rows))
			norm[i] = make([]float64, len(rows))
		}
		return result.Column{Name: "stance", Labels: labels, N: n, PerClass: rows, Confusion: conf, ConfusionNorm: norm, Brier: &brier, ECE: &ece}
	}
	class := func(label string, support, predicted int, p, r, f float64) result.Class {
		return result.Class{Label: label, Support: support, Predicted: predicted, Precision: p, Recall: r, F1: result.Estimate{Value: f, Lo: f, Hi: f}}
	}
	for _, tc := range []struct {
		name string
		c    result.Column
		want []string
		not  []string
	}{
		{"never predicted", col(40, class("pro", 30, 40, 0.75, 1, 0.857), class("anti", 10, 0, 0, 0, 0)),
			[]string{`<td>` + `<span class="sw" style="background:#f28e2b"></span>anti</td><td class="num">n/a †</td><td class="num">0.000</td>`, "† never predicted"},
			[]string{"‡", "§", `class="caveat"`}},
		{"not in gold", col(40, class("pro", 40, 37, 1, 0.925, 0.961), class("anti", 0, 3, 0, 0, 0)),
			[]string{`<td class="num">n/a ‡</td><td class="num">0.000 ‡</td>`, "‡ not in the gold labels"},
			[]string{"†", "§"}},
		{"neither", col(40, class("pro", 40, 40, 1, 1, 1), class("anti", 0, 0, 0, 0, 0)),
			[]string{`<td class="num">n/a §</td><td class="num">n/a §</td><td class="num">n/a §</td>`, "§ neither"},
			nil},
		{"few documents", col(12, class("pro", 6, 6, 1, 1, 1), class("anti", 6, 6, 1, 1, 1)),
			[]string{`<p class="caveat">Note: only 12 documents scored; intervals are wide and unreliable</p>`},
			[]string{"n/a"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files, err := HTMLFiles(&Report{Kind: "eval", Columns: []result.Column{tc.c}})
			if err != nil {
				t.Fatal(err)
			}
			page := string(files[len(files)-1].Data)
			for _, w := range tc.want {
				if !strings.Contains(page, w) {
					t.Errorf("the page has no %s", w)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(page, w) {
					t.Errorf("the page has %s, which does not apply", w)
				}
			}
		})
	}
}

// TestExplainPage checks the documents of an explanation page: one
// collapsed part per predicted label, the comment's words marked by the
// way they push, with the comment's markup still escaped.
func TestExplainPage(t *testing.T) {
	files, err := HTMLFiles(explainReport())
	if err != nil {
		t.Fatal(err)
	}
	page := string(files[len(files)-1].Data)
	for _, want := range []string{
		"<details>\n<summary>Predicted negative: 2 documents, 1 error</summary>",
		"<details>\n<summary>Predicted positive: 1 document</summary>",
		`<blockquote>&lt;script&gt;alert(1)&lt;/script&gt; <mark class="against">Sending</mark> troops would <mark class="for">only</mark> make it <mark class="for">worse</mark> | <mark class="for">nobody</mark> asked for this.</blockquote>`,
		"<td>wors</td><td>worse</td>",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page has no %q", want)
		}
	}
	if strings.Contains(page, "<details open") {
		t.Error("a part of the page is open: long pages should open on their outline")
	}
}

func TestMarkedText(t *testing.T) {
	for _, tc := range []struct {
		text  string
		marks []result.Mark
		want  string
	}{
		{"a <b> c", []result.Mark{{Start: 2, End: 5, Kind: result.MarkFor}}, `a <mark class="for">&lt;b&gt;</mark> c`},
		// Overlapping, reversed or out-of-range marks are skipped.
		{"abcdef", []result.Mark{{Start: 0, End: 3, Kind: result.MarkAgainst}, {Start: 2, End: 4, Kind: result.MarkFor}, {Start: 4, End: 9, Kind: result.MarkFor}},
			`<mark class="against">abc</mark>def`},
		{"x", nil, "x"},
	} {
		if got := markedText(tc.text, tc.marks); got != tc.want {
			t.Errorf("markedText(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}
