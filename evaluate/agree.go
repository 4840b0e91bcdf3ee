package evaluate

import (
	"fmt"
	"slices"

	"github.com/stance-nlp/stance/evaluate/result"
	"github.com/stance-nlp/stance/metrics"
)

// Annotator is one annotator's labels: Labels[c][i] is the label of item
// IDs[i] in column c, "" where the annotator gave none.
type Annotator struct {
	Name   string
	IDs    []string
	Labels [][]string
}

// Agree measures the agreement of two or more annotators on each column:
// Cohen's kappa for every pair over the items both labelled
// (metrics.Pairwise), Fleiss' kappa when every item was labelled by every
// annotator, and Krippendorff's alpha (nominal) over every item labelled
// at least twice.
// Items are ids, in order of first appearance.
func Agree(anns []Annotator, columns []string) ([]result.Agreement, error) {
	if len(anns) < 2 {
		return nil, fmt.Errorf("agreement needs at least two annotators, got %d", len(anns))
	}
	var ids []string
	at := make([]map[string]int, len(anns)) // at[a][id] = row of id in annotator a
	seen := map[string]bool{}
	for a, an := range anns {
		at[a] = make(map[string]int, len(an.IDs))
		for i, id := range an.IDs {
			if _, dup := at[a][id]; dup {
				return nil, fmt.Errorf("%s: id %q appears twice", an.Name, id)
			}
			at[a][id] = i
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	names := make([]string, len(anns))
	for a, an := range anns {
		names[a] = an.Name
	}
	var out []result.Agreement
	for c, col := range columns {
		// label[a][item] is annotator a's label of ids[item], "" if none.
		label := make([][]string, len(anns))
		var all []string
		for a, an := range anns {
			label[a] = make([]string, len(ids))
			for item, id := range ids {
				if row, ok := at[a][id]; ok {
					label[a][item] = an.Labels[c][row]
					if l := label[a][item]; l != "" {
						all = append(all, l)
					}
				}
			}
		}
		set := slices.Compact(slices.Sorted(slices.Values(all)))
		index := func(l string) int { i, _ := slices.BinarySearch(set, l); return i }
		ag := result.Agreement{Column: col, Labels: set, Annotators: names, Disagreements: []result.Disagreement{}}
		ag.Counts = make([][]int, len(anns))
		for a := range anns {
			ag.Counts[a] = make([]int, len(set))
			for _, l := range label[a] {
				if l != "" {
					ag.Counts[a][index(l)]++
				}
			}
		}
		coded := make([][]int, len(anns))
		for a := range anns {
			coded[a] = make([]int, len(ids))
			for item, l := range label[a] {
				coded[a][item] = metrics.Missing
				if l != "" {
					coded[a][item] = index(l)
				}
			}
		}
		for _, p := range metrics.Pairwise(coded, len(set)) {
			ag.Pairs = append(ag.Pairs, result.Pair{A: names[p.A], B: names[p.B], N: p.N, Kappa: p.Kappa, Agree: p.Agree})
		}
		var ratings [][]int
		complete := true
		for item, id := range ids {
			var r []int
			var ls []string
			for a := range anns {
				ls = append(ls, label[a][item])
				if coded[a][item] != metrics.Missing {
					r = append(r, coded[a][item])
				}
			}
			if len(r) < len(anns) {
				complete = false
			}
			if len(r) < 2 {
				continue
			}
			ratings = append(ratings, r)
			if slices.Min(r) != slices.Max(r) {
				ag.Disagreements = append(ag.Disagreements, result.Disagreement{ID: id, Labels: ls})
			}
		}
		ag.Items = len(ratings)
		if ag.Items == 0 {
			return nil, fmt.Errorf("column %s: no item was labelled by two annotators", col)
		}
		ag.Alpha = metrics.KrippendorffAlpha(ratings, len(set))
		if complete {
			if k, err := metrics.FleissKappa(ratings, len(set)); err == nil {
				ag.FleissKappa = &k
			}
		}
		out = append(out, ag)
	}
	return out, nil
}
