package evaluate

import (
	"cmp"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/stance-nlp/stance/data"
	"github.com/stance-nlp/stance/evaluate/result"
)

// MaxSummaryGroups is the most groups Summarize reports one by one. Past
// it, the groups with the most rows are kept and the rest pooled into one
// row: grouped by a column of near-unique values (an id), a report of
// every group would run to hundreds of megabytes and say nothing a reader
// can take in.
const MaxSummaryGroups = 50

// Summarize counts the labels of each named column of a labelled file,
// overall and, when by is not "", for each value of column by. Labels are
// trimmed of surrounding white space, as data.Row has them. It streams:
// memory grows with the number of groups and labels, not rows.
//
// Of more than MaxSummaryGroups groups, the MaxSummaryGroups with the most
// rows (ties by name) are reported, in name order, followed by one group
// holding all the others, named "(N other groups)"; Summary.OtherGroups
// is N.
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
	// Labels are numbered as first seen, per column; counts are slices by
	// that number, so that a group costs a few words per label rather
	// than a map.
	labelIdx := make([]map[string]int, len(columns))
	labels := make([][]string, len(columns))
	for c := range columns {
		labelIdx[c] = map[string]int{}
	}
	total := &tally{counts: make([][]int, len(columns))}
	groups := map[string]*tally{}
	for {
		row, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		var g *tally
		if byIdx >= 0 {
			name := row.Record.Fields[byIdx]
			if g = groups[name]; g == nil {
				g = &tally{counts: make([][]int, len(columns))}
				groups[name] = g
			}
			g.n++
		}
		total.n++
		for c, l := range row.Labels {
			k, ok := labelIdx[c][l]
			if !ok {
				k = len(labels[c])
				labelIdx[c][l] = k
				labels[c] = append(labels[c], l)
			}
			total.add(c, k)
			if g != nil {
				g.add(c, k)
			}
		}
	}
	s := &result.Summary{By: by, Rows: total.n}
	names := make([]string, 0, len(groups))
	for g := range groups {
		names = append(names, g)
	}
	var other *tally
	if len(names) > MaxSummaryGroups {
		// The most rows first, then by name, so that the choice does not
		// depend on map order.
		slices.SortFunc(names, func(a, b string) int {
			return cmp.Or(cmp.Compare(groups[b].n, groups[a].n), cmp.Compare(a, b))
		})
		other = &tally{counts: make([][]int, len(columns))}
		for _, g := range names[MaxSummaryGroups:] {
			other.merge(groups[g])
		}
		s.OtherGroups = len(names) - MaxSummaryGroups
		names = names[:MaxSummaryGroups]
	}
	slices.Sort(names)
	for c, name := range columns {
		sorted := slices.Clone(labels[c])
		slices.Sort(sorted)
		// order[k] is the number of sorted[k] as first seen.
		order := make([]int, len(sorted))
		for k, l := range sorted {
			order[k] = labelIdx[c][l]
		}
		sc := result.SummaryColumn{Column: name, Labels: sorted, Total: total.group("all", c, order)}
		for _, g := range names {
			sc.Groups = append(sc.Groups, groups[g].group(g, c, order))
		}
		if other != nil {
			sc.Groups = append(sc.Groups, other.group(fmt.Sprintf("(%d other groups)", s.OtherGroups), c, order))
		}
		s.Columns = append(s.Columns, sc)
	}
	return s, nil
}

// tally counts the rows of one group and, per column, its labels by their
// number.
type tally struct {
	n      int
	counts [][]int // counts[c][k]
}

func (t *tally) add(c, k int) {
	for len(t.counts[c]) <= k {
		t.counts[c] = append(t.counts[c], 0)
	}
	t.counts[c][k]++
}

// merge adds the counts of u to t.
func (t *tally) merge(u *tally) {
	t.n += u.n
	for c, ks := range u.counts {
		for k, n := range ks {
			if n > 0 {
				for len(t.counts[c]) <= k {
					t.counts[c] = append(t.counts[c], 0)
				}
				t.counts[c][k] += n
			}
		}
	}
}

// group returns the counts and shares of column c in the label order
// order gives.
func (t *tally) group(name string, c int, order []int) result.Group {
	g := result.Group{Name: name, N: t.n, Counts: make([]int, len(order)), Shares: make([]float64, len(order))}
	for k, i := range order {
		if i < len(t.counts[c]) {
			g.Counts[k] = t.counts[c][i]
		}
		if t.n > 0 {
			g.Shares[k] = float64(g.Counts[k]) / float64(t.n)
		}
	}
	return g
}

// LabelCounts counts the labels of labelled rows overall, as Summarize
// does without a group column, in a form that counts made apart (on the
// shards of a distributed job) add up: Merge, then Summary gives what
// Summarize gives for all the rows at once. Its fields are exported for
// encoding.
type LabelCounts struct {
	Rows    int
	Columns []string
	// Counts[c][l] is the number of rows with label l in column c.
	Counts []map[string]int
}

// NewLabelCounts returns empty counts of the label columns columns.
func NewLabelCounts(columns []string) *LabelCounts {
	lc := &LabelCounts{Columns: slices.Clone(columns), Counts: make([]map[string]int, len(columns))}
	for c := range lc.Counts {
		lc.Counts[c] = map[string]int{}
	}
	return lc
}

// Add counts one row with labels, one per column, trimmed of surrounding
// white space as Summarize reads them.
func (lc *LabelCounts) Add(labels []string) {
	lc.Rows++
	for c, l := range labels {
		lc.Counts[c][strings.TrimSpace(l)]++
	}
}

// Merge adds the counts of o, which must count the same columns, to lc.
func (lc *LabelCounts) Merge(o *LabelCounts) error {
	if !slices.Equal(lc.Columns, o.Columns) {
		return fmt.Errorf("label counts of columns %q and %q cannot be added", lc.Columns, o.Columns)
	}
	lc.Rows += o.Rows
	for c, m := range o.Counts {
		for l, n := range m {
			lc.Counts[c][l] += n
		}
	}
	return nil
}

// Summary returns the summary of the rows counted: labels in name order,
// as Summarize orders them, with their counts and shares.
func (lc *LabelCounts) Summary() *result.Summary {
	s := &result.Summary{Rows: lc.Rows}
	for c, name := range lc.Columns {
		labels := slices.Sorted(maps.Keys(lc.Counts[c]))
		g := result.Group{Name: "all", N: lc.Rows, Counts: make([]int, len(labels)), Shares: make([]float64, len(labels))}
		for k, l := range labels {
			g.Counts[k] = lc.Counts[c][l]
			if lc.Rows > 0 {
				g.Shares[k] = float64(g.Counts[k]) / float64(lc.Rows)
			}
		}
		s.Columns = append(s.Columns, result.SummaryColumn{Column: name, Labels: labels, Total: g})
	}
	return s
}
