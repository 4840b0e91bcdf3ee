package evaluate

import (
	"io"
	"slices"

	"github.com/stance-nlp/stance/data"
	"github.com/stance-nlp/stance/evaluate/result"
)

// Summarize counts the labels of each named column of a labelled file,
// overall and, when by is not "", for each value of column by. Labels are
// trimmed of surrounding white space, as data.Row has them. It streams:
// memory grows with the number of groups and labels, not rows.
func Summarize(r data.Reader, file string, columns []string, by string) (*result.Summary, error) {
	h := r.Header()
	byIdx := -1
	if by != "" {
		if byIdx = slices.Index(h, by); byIdx < 0 {
			return nil, data.NewColumnError(file, data.KindGroupBy, by, h)
		}
	}
	cr, err := data.NewColumnReader(r, file, data.Columns{Labels: columns}, 0)
	if err != nil {
		return nil, err
	}
	// counts[c][group][label]; group "" is the total.
	counts := make([]map[string]map[string]int, len(columns))
	for c := range counts {
		counts[c] = map[string]map[string]int{}
	}
	groupN := map[string]int{}
	rows := 0
	add := func(c int, g, l string) {
		m := counts[c][g]
		if m == nil {
			m = map[string]int{}
			counts[c][g] = m
		}
		m[l]++
	}
	for {
		row, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		rows++
		g := ""
		if byIdx >= 0 {
			g = row.Record.Fields[byIdx]
			groupN[g]++
		}
		for c, l := range row.Labels {
			add(c, "\x00total", l)
			if byIdx >= 0 {
				add(c, g, l)
			}
		}
	}
	s := &result.Summary{By: by, Rows: rows}
	groups := make([]string, 0, len(groupN))
	for g := range groupN {
		groups = append(groups, g)
	}
	slices.Sort(groups)
	for c, name := range columns {
		var labels []string
		for l := range counts[c]["\x00total"] {
			labels = append(labels, l)
		}
		slices.Sort(labels)
		sc := result.SummaryColumn{Column: name, Labels: labels, Total: group("all", rows, counts[c]["\x00total"], labels)}
		for _, g := range groups {
			sc.Groups = append(sc.Groups, group(g, groupN[g], counts[c][g], labels))
		}
		s.Columns = append(s.Columns, sc)
	}
	return s, nil
}

func group(name string, n int, m map[string]int, labels []string) result.Group {
	g := result.Group{Name: name, N: n, Counts: make([]int, len(labels)), Shares: make([]float64, len(labels))}
	for k, l := range labels {
		g.Counts[k] = m[l]
		if n > 0 {
			g.Shares[k] = float64(m[l]) / float64(n)
		}
	}
	return g
}
