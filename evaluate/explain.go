package evaluate

import (
	"cmp"
	"io"
	"slices"
	"strconv"

	"github.com/stance-nlp/stance/classifier"
	"github.com/stance-nlp/stance/data"
	"github.com/stance-nlp/stance/evaluate/result"
	"github.com/stance-nlp/stance/features"
)

// Doc is a document to explain.
type Doc struct {
	ID, Text string
}

// Explain lists, for every column of b and each of its labels, the top
// terms of highest weight W[label][term], and, for each doc, its predicted
// label with the terms that pushed the score of that label up most: the
// contribution of term j is x_j · W[label][j]. Ties are broken by term, so
// the output is deterministic. Terms are given as features.Readable
// prints them (character n-grams in brackets).
func Explain(b *classifier.Bundle, top int, docs []Doc) []result.ExplainColumn {
	terms := b.Vectorizer.Terms
	ext := b.Vectorizer.NewExtractor()
	p := b.NewPredictor()
	out := make([]result.ExplainColumn, len(b.Columns))
	for c := range b.Columns {
		col := &b.Columns[c]
		lin := col.Linear()
		ec := result.ExplainColumn{Column: col.Name, Labels: slices.Clone(col.Labels)}
		for k := range col.Labels {
			fs := make([]result.Feature, len(terms))
			for j, t := range terms {
				fs[j] = result.Feature{Term: features.Readable(t), Weight: lin.W[k][j]}
			}
			ec.Top = append(ec.Top, topFeatures(fs, top))
		}
		out[c] = ec
	}
	for _, d := range docs {
		x := ext.Vector(d.Text)
		preds := p.Predict(d.Text)
		for c := range b.Columns {
			lin := b.Columns[c].Linear()
			pr := preds[c]
			fs := make([]result.Feature, len(x.Index))
			for n, j := range x.Index {
				fs[n] = result.Feature{Term: features.Readable(terms[j]), Weight: x.Value[n] * lin.W[pr.Index][j]}
			}
			out[c].Docs = append(out[c].Docs, result.DocExplain{
				ID: d.ID, Text: d.Text, Label: pr.Label, Confidence: pr.Confidence,
				Contributions: topFeatures(fs, top),
			})
		}
	}
	return out
}

// topFeatures returns the n features of highest weight, ties by term.
func topFeatures(fs []result.Feature, n int) []result.Feature {
	slices.SortFunc(fs, func(a, b result.Feature) int {
		if c := cmp.Compare(b.Weight, a.Weight); c != 0 {
			return c
		}
		return cmp.Compare(a.Term, b.Term)
	})
	if len(fs) > n {
		fs = fs[:n]
	}
	return slices.Clip(fs)
}

// ReadDocs reads the id and text of up to limit documents of r, from file,
// for Explain: the text column of cols is required; the id column is not,
// and without it documents are numbered from 1.
func ReadDocs(r data.Reader, file string, cols data.Columns, limit int) ([]Doc, error) {
	cr, err := data.NewColumnReader(r, file, data.Columns{Text: cols.Text, ID: cols.ID}, data.RequireText)
	if err != nil {
		return nil, err
	}
	var docs []Doc
	for n := 1; len(docs) < limit; n++ {
		row, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		id := row.ID
		if !cr.HasID() {
			id = strconv.Itoa(n)
		}
		docs = append(docs, Doc{ID: id, Text: row.Text})
	}
	return docs, nil
}
