package evaluate

import (
	"fmt"
	"slices"

	"github.com/stance-nlp/stance/classifier"
	"github.com/stance-nlp/stance/evaluate/result"
)

// Gold is gold-labelled text: Labels[c][i] is document i's gold label in
// column Columns[c], "" where it has none (the document is then left out
// of that column's scores). Groups, when not nil, holds each document's
// value of the model's group column (Bundle.GroupBy). IDs, when not nil,
// names each document in the list of errors.
type Gold struct {
	Texts   []string
	IDs     []string
	Columns []string
	Labels  [][]string
	Groups  []string
}

// Eval scores model b on g, one result.Column per column of g (each must be
// a column of b). The baseline predicts the majority label of b's training
// data for every document. The probabilities scored are those b's
// Predictor gives, calibrated where a column has a Calibration; such a
// column's uncalibrated scores come from b.Uncalibrated. When g has
// groups, each document is predicted as label predicts it, by the model of
// its group (classifier.Predictor.PredictGroup), and the scores pool all
// groups.
func Eval(b *classifier.Bundle, g *Gold, o Options) ([]result.Column, error) {
	cols := make([]*classifier.Column, len(g.Columns))
	for c, name := range g.Columns {
		if cols[c] = b.Column(name); cols[c] == nil {
			var have []string
			for _, mc := range b.Columns {
				have = append(have, mc.Name)
			}
			return nil, fmt.Errorf("the model has no label column %q; it has %v", name, have)
		}
	}
	// Label order: the model's labels plus any gold label it never saw.
	s := make([]*scored, len(cols))
	for c, mc := range cols {
		labels := slices.Clone(mc.Labels)
		for _, l := range g.Labels[c] {
			if l != "" && !slices.Contains(labels, l) {
				labels = append(labels, l)
			}
		}
		slices.Sort(labels)
		s[c] = &scored{labels: labels}
	}
	p := b.NewPredictor()
	var raw *classifier.Predictor
	for c, mc := range cols {
		if cal := mc.Calibration; cal != nil {
			s[c].calibration, s[c].temps = cal.Method, []float64{cal.Temperature}
			if raw == nil {
				raw = b.Uncalibrated().NewPredictor()
			}
		}
	}
	col := make(map[string]int, len(b.Columns))
	for i, mc := range b.Columns {
		col[mc.Name] = i
	}
	// spread lays a column's probabilities out in sc's label order.
	spread := func(sc *scored, mc *classifier.Column, pr classifier.Prediction) []float64 {
		probs := make([]float64, len(sc.labels))
		for k, l := range mc.Labels {
			j, _ := slices.BinarySearch(sc.labels, l)
			probs[j] = pr.Probs[k]
		}
		return probs
	}
	if g.IDs != nil && len(g.IDs) != len(g.Texts) {
		return nil, fmt.Errorf("%d ids for %d documents", len(g.IDs), len(g.Texts))
	}
	if g.Groups != nil && len(g.Groups) != len(g.Texts) {
		return nil, fmt.Errorf("%d group values for %d documents", len(g.Groups), len(g.Texts))
	}
	predict := func(p *classifier.Predictor, i int) []classifier.Prediction {
		if g.Groups != nil {
			return p.PredictGroup(g.Groups[i], g.Texts[i])
		}
		return p.Predict(g.Texts[i])
	}
	for i := range g.Texts {
		preds := predict(p, i)
		var rawPreds []classifier.Prediction
		if raw != nil {
			rawPreds = predict(raw, i)
		}
		for c, mc := range cols {
			gl := g.Labels[c][i]
			if gl == "" {
				continue
			}
			sc := s[c]
			pr := preds[col[mc.Name]]
			probs := spread(sc, mc, pr)
			gi, _ := slices.BinarySearch(sc.labels, gl)
			sc.gold = append(sc.gold, gi)
			j, _ := slices.BinarySearch(sc.labels, pr.Label)
			sc.pred = append(sc.pred, j)
			sc.probs = append(sc.probs, probs)
			if mc.Calibration != nil {
				sc.raw = append(sc.raw, spread(sc, mc, rawPreds[col[mc.Name]]))
			}
			sc.doc = append(sc.doc, sc.nDocs)
			sc.src = append(sc.src, i)
			sc.nDocs++
		}
	}
	out := make([]result.Column, len(cols))
	for c, mc := range cols {
		if s[c].nDocs == 0 {
			return nil, fmt.Errorf("no document has a gold %s label", mc.Name)
		}
		maj := 0
		for k := range mc.Counts {
			if mc.Counts[k] > mc.Counts[maj] {
				maj = k
			}
		}
		base, _ := slices.BinarySearch(s[c].labels, mc.Labels[maj])
		out[c] = column(mc.Name, s[c], base, o, &docTexts{texts: g.Texts, ids: g.IDs})
	}
	return out, nil
}
