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

// agreement computes Cohen's kappa for every pair of annotators and
// column, and lists the items whose annotators differ in any column.
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

	// pairs[a][b][c] holds both annotators' labels in column c on the
	// items they both labelled, a < b by name.
	type series struct{ x, y []int }
	pairs := map[[2]string][]series{}
	var resolved []disagreementView
	for i := range items {
		vs := l.votes(i) // sorted by annotator
		for a := range vs {
			for b := a + 1; b < len(vs); b++ {
				key := [2]string{vs[a].Annotator, vs[b].Annotator}
				if pairs[key] == nil {
					pairs[key] = make([]series, len(l.cols))
				}
				for c := range l.cols {
					s := &pairs[key][c]
					s.x = append(s.x, vs[a].Labels[c])
					s.y = append(s.y, vs[b].Labels[c])
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

	names = l.annotators() // pairs only of annotators with labels
	for a := range names {
		for b := a + 1; b < len(names); b++ {
			ss := pairs[[2]string{names[a], names[b]}]
			for c, col := range l.cols {
				p := pairView{A: names[a], B: names[b], Column: col.Name}
				if ss != nil && len(ss[c].x) > 0 {
					k := metrics.CohenKappa(ss[c].x, ss[c].y, len(col.Labels))
					acc := metrics.Accuracy(ss[c].x, ss[c].y)
					p.N, p.Kappa, p.Agreement = len(ss[c].x), &k, &acc
				}
				out.Pairs = append(out.Pairs, p)
			}
		}
	}
	return out
}
