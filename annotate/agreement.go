package annotate

import (
	"slices"

	"github.com/stance-nlp/stance/metrics"
)

type annotatorView struct {
	Name     string `json:"name"`
	Labelled int    `json:"labelled"`
	Skipped  int    `json:"skipped"`
}

// pairView is the agreement of two annotators on one column over the
// items both labelled. Kappa and Agreement are null when there are none.
type pairView struct {
	A         string   `json:"a"`
	B         string   `json:"b"`
	Column    string   `json:"column"`
	N         int      `json:"n"`
	Kappa     *float64 `json:"kappa"`
	Agreement *float64 `json:"agreement"` // observed share of equal labels
}

type voteView struct {
	Annotator string            `json:"annotator"`
	Labels    map[string]string `json:"labels"`
}

type disagreementView struct {
	ID          string            `json:"id"`
	Position    int               `json:"position"`
	Text        string            `json:"text"`
	Votes       []voteView        `json:"votes"`
	Final       map[string]string `json:"final,omitempty"` // adjudicated labels
	Adjudicator string            `json:"adjudicator,omitempty"`
}

type agreementView struct {
	Columns       []string           `json:"columns"`
	Annotators    []annotatorView    `json:"annotators"`
	Pairs         []pairView         `json:"pairs"`
	Unresolved    int                `json:"unresolved"`
	Disagreements []disagreementView `json:"disagreements"` // unresolved first, then adjudicated; each in input order
}

// agreement computes Cohen's kappa for every pair of annotators with a
// label and every column (metrics.Pairwise, over the items both
// labelled), and lists the items whose annotators differ in any column.
func agreement(l *ledger, items []Item) agreementView {
	out := agreementView{Annotators: []annotatorView{}, Pairs: []pairView{}, Disagreements: []disagreementView{}}
	for _, c := range l.cols {
		out.Columns = append(out.Columns, c.Name)
	}
	var names []string // everyone who acted, skips only included
	for ann := range l.byAnn {
		names = append(names, ann)
	}
	slices.Sort(names)
	for _, ann := range names {
		v := annotatorView{Name: ann}
		for _, seq := range l.history(ann) {
			if l.entries[seq-1].Op == opLabel {
				v.Labelled++
			} else {
				v.Skipped++
			}
		}
		out.Annotators = append(out.Annotators, v)
	}

	// coded[c][a][i] is the label annotator a gave item i in column c,
	// metrics.Missing where there is none; annotators are those with a
	// label, by name.
	labellers := l.annotators()
	at := make(map[string]int, len(labellers))
	for a, ann := range labellers {
		at[ann] = a
	}
	coded := make([][][]int, len(l.cols))
	for c := range coded {
		coded[c] = make([][]int, len(labellers))
		for a := range labellers {
			coded[c][a] = slices.Repeat([]int{metrics.Missing}, len(items))
		}
	}
	var resolved []disagreementView
	for i := range items {
		vs := l.votes(i) // sorted by annotator
		for _, v := range vs {
			if a, ok := at[v.Annotator]; ok {
				for c := range l.cols {
					coded[c][a][i] = v.Labels[c]
				}
			}
		}
		if len(vs) < 2 || !slices.ContainsFunc(vs[1:], func(v vote) bool { return !slices.Equal(v.Labels, vs[0].Labels) }) {
			continue
		}
		d := disagreementView{ID: items[i].ID, Position: i + 1, Text: items[i].Text}
		for _, v := range vs {
			d.Votes = append(d.Votes, voteView{v.Annotator, l.decode(v.Labels)})
		}
		if s := l.adjud[i]; s > 0 {
			d.Final, d.Adjudicator = l.decode(l.labels[s-1]), l.entries[s-1].Annotator
			resolved = append(resolved, d)
			continue
		}
		out.Unresolved++
		out.Disagreements = append(out.Disagreements, d)
	}
	out.Disagreements = append(out.Disagreements, resolved...)

	// Pairs by annotator pair, then by column.
	byCol := make([][]metrics.PairAgreement, len(l.cols))
	for c, col := range l.cols {
		byCol[c] = metrics.Pairwise(coded[c], len(col.Labels))
	}
	for n := 0; len(byCol) > 0 && n < len(byCol[0]); n++ {
		for c, col := range l.cols {
			p := byCol[c][n]
			v := pairView{A: labellers[p.A], B: labellers[p.B], Column: col.Name, N: p.N}
			if p.N > 0 {
				k, acc := p.Kappa, p.Agree
				v.Kappa, v.Agreement = &k, &acc
			}
			out.Pairs = append(out.Pairs, v)
		}
	}
	return out
}
