package evaluate

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/stance-nlp/stance/classifier"
	"github.com/stance-nlp/stance/data"
	"github.com/stance-nlp/stance/evaluate/result"
	"github.com/stance-nlp/stance/features"
)

// Doc is a document to explain: its id, its text and, when the file has
// them, its gold labels by label column (a column it lacks, or an empty
// label, means no gold label).
type Doc struct {
	ID, Text string
	Gold     map[string]string
}

// The rows Explain explains (ExplainOptions.Rows).
const (
	// RowsAuto is RowsMixed when some document has a gold label in the
	// column, RowsUnsure otherwise.
	RowsAuto = "auto"
	// RowsMixed is the most confident errors and the least sure of the
	// other documents, half the limit each (the errors get the odd one);
	// when one kind runs short, the other fills in.
	RowsMixed = "errors+unsure"
	// RowsErrors is the documents predicted otherwise than their gold
	// label, most confident first.
	RowsErrors = "errors"
	// RowsUnsure is the documents whose predicted label has the lowest
	// probability, least sure first.
	RowsUnsure = "unsure"
	// RowsFirst is the first documents, in file order.
	RowsFirst = "first"
	// RowsAll is every document, in file order, whatever the limit.
	RowsAll = "all"
)

// RowChoices lists the values of ExplainOptions.Rows.
func RowChoices() []string {
	return []string{RowsAuto, RowsMixed, RowsErrors, RowsUnsure, RowsFirst, RowsAll}
}

// ExplainOptions says what Explain explains.
type ExplainOptions struct {
	Top   int    // terms per label and per document
	Rows  string // which documents, one of RowChoices; "" is RowsAuto
	Limit int    // documents per column, at most (not for RowsAll)
}

// Explain lists, for every column of b and each of its labels, the Top
// terms of highest weight W[label][term], and explains the documents
// o.Rows picks among docs, per column (the errors of one column are not
// those of another).
//
// A document's explanation gives its predicted label with the terms that
// raised that label's score most, the contribution of term j being
// x_j · W[label][j]; and the runner-up label (the second most probable)
// with the evidence against the chosen one: the terms j of largest
// x_j · (W[runner-up][j] − W[label][j]) > 0, which favour the runner-up.
// Each term is also given as the words of the document it came from
// (features.Extractor.Occurrences: "officials' families" for the stemmed
// bigram "offici famili"), and the document's text is marked where the
// listed terms occur, each byte by the term of largest absolute
// contribution covering it. Ties are broken by term, so the output is
// deterministic. Terms are given as features.Readable prints them
// (character n-grams in brackets).
func Explain(b *classifier.Bundle, o ExplainOptions, docs []Doc) ([]result.ExplainColumn, error) {
	if o.Rows == "" {
		o.Rows = RowsAuto
	}
	if !slices.Contains(RowChoices(), o.Rows) {
		return nil, fmt.Errorf("rows %q: want one of %s", o.Rows, strings.Join(RowChoices(), ", "))
	}
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
			ec.Top = append(ec.Top, topFeatures(fs, o.Top))
		}
		out[c] = ec
	}
	if len(docs) == 0 {
		return out, nil
	}
	// Predict every document once; pick per column; explain the picked.
	preds := make([][]classifier.Prediction, len(docs))
	for i, d := range docs {
		ps := p.Predict(d.Text)
		preds[i] = make([]classifier.Prediction, len(ps))
		for c, pr := range ps {
			pr.Probs = slices.Clone(pr.Probs)
			preds[i][c] = pr
		}
	}
	for c := range b.Columns {
		col := &b.Columns[c]
		lin := col.Linear()
		picks, rows := pickRows(docs, preds, c, col.Name, o)
		out[c].Rows = rows
		for _, pick := range picks {
			d, pr := docs[pick.doc], preds[pick.doc][c]
			x := ext.Vector(d.Text)
			words := surfaceWords(ext, d.Text)
			de := result.DocExplain{
				ID: d.ID, Text: d.Text, Label: pr.Label, Confidence: pr.Confidence,
				Gold: d.Gold[col.Name], Reason: pick.reason,
			}
			fs := make([]result.Feature, len(x.Index))
			for n, j := range x.Index {
				fs[n] = result.Feature{Term: features.Readable(terms[j]), Words: words[j].text, Weight: x.Value[n] * lin.W[pr.Index][j]}
			}
			de.Contributions = topFeatures(slices.Clone(fs), o.Top) // fs stays in x.Index order, for the marks
			var marks []mark
			for n, j := range x.Index {
				if w := fs[n].Weight; w > 0 && listed(de.Contributions, fs[n].Term) {
					marks = append(marks, mark{words[j].spans, w, result.MarkFor})
				}
			}
			if r := runnerUp(pr); r >= 0 {
				de.RunnerUp, de.RunnerUpConfidence = col.Labels[r], pr.Probs[r]
				var against []result.Feature
				for n, j := range x.Index {
					if w := x.Value[n] * (lin.W[r][j] - lin.W[pr.Index][j]); w > 0 {
						against = append(against, result.Feature{Term: features.Readable(terms[j]), Words: words[j].text, Weight: w})
					}
				}
				de.Against = topFeatures(against, o.Top)
				for n, j := range x.Index {
					if w := x.Value[n] * (lin.W[r][j] - lin.W[pr.Index][j]); w > 0 && listed(de.Against, features.Readable(terms[j])) {
						marks = append(marks, mark{words[j].spans, w, result.MarkAgainst})
					}
				}
			}
			de.Marks = paint(len(d.Text), marks)
			out[c].Docs = append(out[c].Docs, de)
		}
	}
	return out, nil
}

// picked is a document chosen for explanation, and why.
type picked struct {
	doc    int
	reason string // result.DocExplain.Reason
}

// pickRows chooses the documents to explain in column c (named name),
// and says how: o.Rows, RowsAuto resolved.
func pickRows(docs []Doc, preds [][]classifier.Prediction, c int, name string, o ExplainOptions) ([]picked, string) {
	var errs, sure []int
	hasGold := false
	for i, d := range docs {
		g := d.Gold[name]
		if g != "" {
			hasGold = true
		}
		if g != "" && g != preds[i][c].Label {
			errs = append(errs, i)
		} else {
			sure = append(sure, i)
		}
	}
	conf := func(i int) float64 { return preds[i][c].Confidence }
	// Most confident errors first; least sure first; ties in file order.
	slices.SortStableFunc(errs, func(a, b int) int { return cmp.Compare(conf(b), conf(a)) })
	slices.SortStableFunc(sure, func(a, b int) int { return cmp.Compare(conf(a), conf(b)) })
	take := func(idx []int, n int, reason string) []picked {
		var out []picked
		for _, i := range idx[:min(n, len(idx))] {
			out = append(out, picked{i, reason})
		}
		return out
	}
	all := make([]int, len(docs))
	for i := range all {
		all[i] = i
	}
	rows := o.Rows
	if rows == RowsAuto {
		rows = RowsUnsure
		if hasGold {
			rows = RowsMixed
		}
	}
	switch rows {
	case RowsErrors:
		return take(errs, o.Limit, "error"), rows
	case RowsUnsure:
		// Without gold labels every document is a candidate; with them,
		// the errors are too: an unsure error is still unsure.
		idx := slices.Clone(all)
		slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(conf(a), conf(b)) })
		return take(idx, o.Limit, "unsure"), rows
	case RowsFirst:
		return take(all, o.Limit, ""), rows
	case RowsAll:
		return take(all, len(all), ""), rows
	}
	ne := min(len(errs), (o.Limit+1)/2)
	nu := min(len(sure), o.Limit-ne)
	ne = min(len(errs), o.Limit-nu)
	return append(take(errs, ne, "error"), take(sure, nu, "unsure")...), rows
}

// runnerUp is the index of the second most probable label of pr, the
// first in label order among ties, or -1 for a column of one label.
func runnerUp(pr classifier.Prediction) int {
	r := -1
	for k, v := range pr.Probs {
		if k != pr.Index && (r < 0 || v > pr.Probs[r]) {
			r = k
		}
	}
	return r
}

// listed reports whether term is among fs.
func listed(fs []result.Feature, term string) bool {
	return slices.ContainsFunc(fs, func(f result.Feature) bool { return f.Term == term })
}

// termWords is where one term occurs in a document: its spans and the
// distinct words written there, joined by " / " in order of occurrence.
type termWords struct {
	spans []features.Span
	text  string
}

// surfaceWords maps each term of text to the words it came from.
func surfaceWords(ext *features.Extractor, text string) map[int32]termWords {
	out := map[int32]termWords{}
	for _, oc := range ext.Occurrences(text) {
		tw := out[int32(oc.Term)]
		tw.spans = append(tw.spans, oc.Span)
		w := strings.Join(strings.Fields(text[oc.Span.Start:oc.Span.End]), " ")
		if !slices.Contains(strings.Split(tw.text, " / "), w) {
			if tw.text != "" {
				tw.text += " / "
			}
			tw.text += w
		}
		out[int32(oc.Term)] = tw
	}
	return out
}

// mark is a term to mark in a text: where it occurs, its weight, and
// which way it pushes.
type mark struct {
	spans  []features.Span
	weight float64
	kind   string
}

// paint turns marks into non-overlapping marked runs of a text of n
// bytes: each byte takes the kind of the heaviest mark covering it (the
// first listed among equals), and neighbouring bytes of a kind join into
// one run.
func paint(n int, marks []mark) []result.Mark {
	if len(marks) == 0 {
		return nil
	}
	slices.SortStableFunc(marks, func(a, b mark) int { return cmp.Compare(b.weight, a.weight) })
	kind := make([]string, n)
	for _, m := range marks {
		for _, s := range m.spans {
			for i := s.Start; i < s.End; i++ {
				if kind[i] == "" {
					kind[i] = m.kind
				}
			}
		}
	}
	var out []result.Mark
	for i := 0; i < n; {
		if kind[i] == "" {
			i++
			continue
		}
		j := i
		for j < n && kind[j] == kind[i] {
			j++
		}
		out = append(out, result.Mark{Start: i, End: j, Kind: kind[i]})
		i = j
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

// ReadDocs reads the id, text and gold labels of the documents of r, from
// file, for Explain: up to limit of them (all when limit <= 0). The text
// column of cols is required; the id column is not, and without it
// documents are numbered from 1; of the label columns of cols, those the
// file has are read as gold labels.
func ReadDocs(r data.Reader, file string, cols data.Columns, limit int) ([]Doc, error) {
	var labels []string
	for _, l := range cols.Labels {
		if slices.Contains(r.Header(), l) {
			labels = append(labels, l)
		}
	}
	cr, err := data.NewColumnReader(r, file, data.Columns{Text: cols.Text, ID: cols.ID, Labels: labels}, data.RequireText)
	if err != nil {
		return nil, err
	}
	var docs []Doc
	for n := 1; limit <= 0 || len(docs) < limit; n++ {
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
		d := Doc{ID: id, Text: row.Text}
		for k, l := range labels {
			if row.Labels[k] != "" {
				if d.Gold == nil {
					d.Gold = map[string]string{}
				}
				d.Gold[l] = row.Labels[k]
			}
		}
		docs = append(docs, d)
	}
	return docs, nil
}
