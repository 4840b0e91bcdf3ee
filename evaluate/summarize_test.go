package evaluate

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/data"
)

// TestSummarizeCapsGroups groups rows by a column with a value per row, as
// summarize -by id does (issue 13: 200k groups made a 273 MB report): the
// MaxSummaryGroups groups with the most rows are kept, the rest pooled.
func TestSummarizeCapsGroups(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,stance\n")
	// Groups g000..g199 of one row each, labelled pro when even; then
	// g150..g199 get a second row (anti): those 50 have the most rows.
	for i := range 200 {
		l := "anti"
		if i%2 == 0 {
			l = "pro"
		}
		fmt.Fprintf(&b, "g%03d,%s\n", i, l)
	}
	for i := 150; i < 200; i++ {
		fmt.Fprintf(&b, "g%03d,anti\n", i)
	}
	r, err := data.NewCSVReader(strings.NewReader(b.String()), "in.csv")
	if err != nil {
		t.Fatal(err)
	}
	s, err := Summarize(r, "in.csv", []string{"stance"}, "id")
	if err != nil {
		t.Fatal(err)
	}
	c := s.Columns[0]
	if s.OtherGroups != 150 || len(c.Groups) != MaxSummaryGroups+1 {
		t.Fatalf("%d other groups, %d groups listed; want 150 and %d", s.OtherGroups, len(c.Groups), MaxSummaryGroups+1)
	}
	if c.Groups[0].Name != "g150" || c.Groups[0].N != 2 || c.Groups[49].Name != "g199" {
		t.Errorf("listed %q (n %d) .. %q, want g150 (n 2) .. g199", c.Groups[0].Name, c.Groups[0].N, c.Groups[49].Name)
	}
	// The pool: g000..g149, 75 pro and 75 anti. Labels sort anti, pro.
	o := c.Groups[50]
	if o.Name != "(150 other groups)" || o.N != 150 || !slices.Equal(o.Counts, []int{75, 75}) {
		t.Errorf("pooled group %+v, want 150 rows, 75 anti and 75 pro", o)
	}
	if c.Total.N != 250 || !slices.Equal(c.Total.Counts, []int{150, 100}) {
		t.Errorf("total %+v, want 250 rows: 150 anti, 100 pro", c.Total)
	}
}

// TestLabelCountsMatchSummarize counts the annotated seed corpus in
// parts, merges them, and checks the summary against Summarize over the
// whole file.
func TestLabelCountsMatchSummarize(t *testing.T) {
	cols := []string{"stance", "sentiment"}
	open := func() *data.ColumnReader {
		f, err := data.OpenFile("../data/syria-comments.csv", nil, data.Input{}, data.FormatCSV)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		cr, err := data.NewColumnReader(f, "syria-comments.csv", data.Columns{Labels: cols}, 0)
		if err != nil {
			t.Fatal(err)
		}
		return cr
	}
	f, err := data.OpenFile("../data/syria-comments.csv", nil, data.Input{}, data.FormatCSV)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want, err := Summarize(f, "syria-comments.csv", cols, "")
	if err != nil {
		t.Fatal(err)
	}
	// Three parts, by row number mod 3, as shards would hold them.
	parts := []*LabelCounts{NewLabelCounts(cols), NewLabelCounts(cols), NewLabelCounts(cols)}
	cr := open()
	for i := 0; ; i++ {
		row, err := cr.Read()
		if err != nil {
			break
		}
		parts[i%3].Add(row.Labels)
	}
	total := NewLabelCounts(cols)
	for _, p := range parts {
		if err := total.Merge(p); err != nil {
			t.Fatal(err)
		}
	}
	got := total.Summary()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("merged counts summarise as\n%+v\nSummarize gives\n%+v", got, want)
	}
	if got.Rows != 202 {
		t.Fatalf("%d rows; the seed corpus has 202 (data/syria-comments.csv)", got.Rows)
	}
	if err := total.Merge(NewLabelCounts([]string{"stance"})); err == nil {
		t.Error("counts of other columns were merged")
	}
}
