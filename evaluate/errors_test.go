package evaluate

import (
	"reflect"
	"testing"

	"github.com/stance-nlp/stance/evaluate/result"
)

func TestErrorsOf(t *testing.T) {
	d := &docTexts{texts: []string{"t0", "t1", "t2", "t3"}, ids: []string{"a", "b", "c", "d"}}
	e := func(doc int, gold, pred string, conf float64) result.Error {
		return result.Error{ID: d.ids[doc], Text: d.texts[doc], Gold: gold, Predicted: pred, Confidence: conf}
	}
	for _, tc := range []struct {
		name  string
		s     *scored
		d     *docTexts
		errs  []result.Error
		pairs []result.Confusion
	}{
		{
			// Four predictions, three wrong: x→y twice (docs 1 and 2, doc 2
			// more confident), y→x once. Shares are of the 3 wrong.
			name: "ordered by confidence, pairs by count",
			s: &scored{labels: []string{"x", "y"}, gold: []int{0, 0, 0, 1}, pred: []int{0, 1, 1, 0}, src: []int{0, 1, 2, 3},
				probs: [][]float64{{0.9, 0.1}, {0.4, 0.6}, {0.2, 0.8}, {0.7, 0.3}}},
			d:    d,
			errs: []result.Error{e(2, "x", "y", 0.8), e(3, "y", "x", 0.7), e(1, "x", "y", 0.6)},
			pairs: []result.Confusion{
				{Gold: "x", Predicted: "y", Count: 2, Share: 2.0 / 3, Example: e(2, "x", "y", 0.8)},
				{Gold: "y", Predicted: "x", Count: 1, Share: 1.0 / 3, Example: e(3, "y", "x", 0.7)},
			},
		},
		{
			// Two repeats of cross-validation: doc 1 is wrong in both; it
			// is listed once, at its more confident error, but both count.
			// Doc 0 ties doc 3 at 0.7 and comes first, being earlier.
			name: "repeats list a document once; ties by document",
			s: &scored{labels: []string{"x", "y"}, gold: []int{0, 0, 0, 0, 1}, pred: []int{1, 1, 1, 0, 0}, src: []int{1, 0, 1, 2, 3},
				conf: []float64{0.55, 0.7, 0.65, 0.9, 0.7}},
			d:    d,
			errs: []result.Error{e(0, "x", "y", 0.7), e(3, "y", "x", 0.7), e(1, "x", "y", 0.65)},
			pairs: []result.Confusion{
				{Gold: "x", Predicted: "y", Count: 3, Share: 3.0 / 4, Example: e(0, "x", "y", 0.7)},
				{Gold: "y", Predicted: "x", Count: 1, Share: 1.0 / 4, Example: e(3, "y", "x", 0.7)},
			},
		},
		{
			name: "no errors",
			s:    &scored{labels: []string{"x", "y"}, gold: []int{0, 1}, pred: []int{0, 1}, src: []int{0, 1}, probs: [][]float64{{1, 0}, {0, 1}}},
			d:    d,
		},
		{
			name: "no texts",
			s:    &scored{labels: []string{"x", "y"}, gold: []int{0, 1}, pred: []int{1, 1}, src: []int{0, 1}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			errs, pairs := tc.s.errorsOf(tc.d)
			if !reflect.DeepEqual(errs, tc.errs) {
				t.Errorf("errors\n got %+v\nwant %+v", errs, tc.errs)
			}
			if !reflect.DeepEqual(pairs, tc.pairs) {
				t.Errorf("pairs\n got %+v\nwant %+v", pairs, tc.pairs)
			}
		})
	}
}

func TestErrorsListAtMost(t *testing.T) {
	n := MaxErrors + 5
	s := &scored{labels: []string{"x", "y"}}
	d := &docTexts{}
	for i := range n {
		s.gold, s.pred, s.src = append(s.gold, 0), append(s.pred, 1), append(s.src, i)
		s.conf = append(s.conf, float64(i)/float64(n))
		d.texts = append(d.texts, string(rune('a'+i%26)))
	}
	errs, pairs := s.errorsOf(d)
	if len(errs) != MaxErrors || errs[0].Confidence != float64(n-1)/float64(n) {
		t.Errorf("%d errors, first at %.3f; want %d, the most confident first", len(errs), errs[0].Confidence, MaxErrors)
	}
	if len(pairs) != 1 || pairs[0].Count != n {
		t.Errorf("pairs %+v: want one pair counting all %d errors", pairs, n)
	}
}
