package classifier

import (
	"fmt"
	"slices"
)

// OutOfFold returns, for the training set s that b was trained on, the
// prediction of each training text by a model that never saw it, keyed by
// TextHash: the out-of-fold predictions of the cross-validation Train ran
// (CrossPredict with b's recipe, folds and seed), each column's label
// chosen on the raw probabilities and its probabilities then calibrated
// by the column's Calibration, as Predictor does. Labelling a training
// row with these instead of b's own predictions gives figures that say
// how the model does on comments it has not seen.
//
// It fails when s is not b's training set (their checksums differ), when
// b was trained without cross-validation, or with groups or a
// target × polarity structure, whose out-of-fold predictions this does
// not reproduce.
func OutOfFold(s *TrainingSet, b *Bundle) (map[uint64][]Prediction, error) {
	if s.Checksum() != b.Data.SHA256 {
		return nil, fmt.Errorf("classifier: the training set given is not the model's (checksum %.12s, the model's %.12s)", s.Checksum(), b.Data.SHA256)
	}
	if b.Recipe.Folds < 2 {
		return nil, fmt.Errorf("classifier: the model was trained without cross-validation")
	}
	if len(b.Groups) > 0 || b.Adapt != nil || b.EM != nil {
		return nil, fmt.Errorf("classifier: out-of-fold labels of grouped, adapted or EM models are not supported")
	}
	for _, c := range b.Columns {
		if c.Structure != nil {
			return nil, fmt.Errorf("classifier: out-of-fold labels of structured columns are not supported")
		}
	}
	if len(s.Columns) != len(b.Columns) {
		return nil, fmt.Errorf("classifier: the training set has %d label columns, the model %d", len(s.Columns), len(b.Columns))
	}
	// from[c][k] is the index in b's labels of column c of the k-th label
	// of the fold's label set.
	from := make([][]int, len(s.Columns))
	for c, name := range s.Columns {
		col := b.Column(name)
		if col == nil {
			return nil, fmt.Errorf("classifier: the model has no column %q", name)
		}
		for _, l := range LabelSet(s.Labels[c]) {
			from[c] = append(from[c], slices.Index(col.Labels, l))
		}
	}
	out := make(map[uint64][]Prediction, len(s.Texts))
	err := CrossPredict(s, b.Recipe, CVPlan{Folds: b.Recipe.Folds, Seed: b.Recipe.Seed}, func(f *CVFit) error {
		for j, doc := range f.Test {
			// In b's column order, as Predictor gives them.
			preds := make([]Prediction, len(b.Columns))
			for bc := range b.Columns {
				col := &b.Columns[bc]
				c := slices.Index(s.Columns, col.Name)
				p := make([]float64, len(col.Labels))
				for k, q := range f.Probs[c][j] {
					if from[c][k] >= 0 {
						p[from[c][k]] = q
					}
				}
				// The first label of the highest probability, as
				// Predictor breaks ties.
				best := 0
				for k := range p {
					if p[k] > p[best] {
						best = k
					}
				}
				col.Calibration.Apply(p)
				preds[bc] = Prediction{Index: best, Label: col.Labels[best], Confidence: p[best], Probs: p}
			}
			if h := TextHash(s.Texts[doc]); h != 0 {
				out[h] = preds
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
