package evaluate

import (
	"cmp"
	"slices"

	"github.com/stance-nlp/stance/evaluate/result"
)

// MaxErrors is how many of a column's most confident errors an eval or cv
// report lists: enough to see a pattern, few enough to read.
const MaxErrors = 25

// docTexts is the text (and id, when the input had an id column) of the
// documents a column's predictions are about, by document index.
type docTexts struct {
	texts []string
	ids   []string // nil when the input had no ids
}

// errorsOf lists the wrong predictions of s: the MaxErrors most confident,
// and every (gold, predicted) pair with its count. A prediction's
// confidence is the probability it gave its predicted label (s.probs, or
// s.conf for predictions read from a file); without either, errors are
// listed in document order with confidence 0.
//
// Cross-validation with repeats predicts a document once per repeat: the
// pairs count every wrong prediction, while the list shows each document
// once, at its most confident error, so that one memorable comment cannot
// fill the table. Ties in confidence go to the earlier document, so the
// list is the same from run to run.
func (s *scored) errorsOf(d *docTexts) ([]result.Error, []result.Confusion) {
	if d == nil {
		return nil, nil
	}
	confidence := func(i int) float64 {
		switch {
		case s.probs != nil:
			return s.probs[i][s.pred[i]]
		case s.conf != nil:
			return s.conf[i]
		}
		return 0
	}
	var wrong []int
	for i := range s.gold {
		if s.gold[i] != s.pred[i] {
			wrong = append(wrong, i)
		}
	}
	slices.SortStableFunc(wrong, func(a, b int) int {
		if c := cmp.Compare(confidence(b), confidence(a)); c != 0 {
			return c
		}
		return cmp.Compare(s.src[a], s.src[b])
	})
	toError := func(i int) result.Error {
		e := result.Error{
			Text: d.texts[s.src[i]], Gold: s.labels[s.gold[i]], Predicted: s.labels[s.pred[i]],
			Confidence: confidence(i),
		}
		if d.ids != nil {
			e.ID = d.ids[s.src[i]]
		}
		return e
	}
	var errs []result.Error
	listed := map[int]bool{}
	k := len(s.labels)
	count := make([]int, k*k)
	first := make([]int, k*k) // the most confident error of each pair
	for _, i := range wrong {
		p := s.gold[i]*k + s.pred[i]
		if count[p] == 0 {
			first[p] = i
		}
		count[p]++
		if len(errs) < MaxErrors && !listed[s.src[i]] {
			listed[s.src[i]] = true
			errs = append(errs, toError(i))
		}
	}
	var pairs []result.Confusion
	for p, n := range count {
		if n == 0 {
			continue
		}
		pairs = append(pairs, result.Confusion{
			Gold: s.labels[p/k], Predicted: s.labels[p%k], Count: n,
			Share: float64(n) / float64(len(wrong)), Example: toError(first[p]),
		})
	}
	slices.SortStableFunc(pairs, func(a, b result.Confusion) int { return cmp.Compare(b.Count, a.Count) })
	return errs, pairs
}
