package evaluate

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/data"
	"github.com/stance-nlp/stance/features"
)

// TestRuleNames checks which labels a rule names.
func TestRuleNames(t *testing.T) {
	cases := []struct {
		rule, label string
		want        bool
	}{
		{"intervention", "pro-intervention", true},
		{"intervention", "anti-intervention", true},
		{"pro", "pro-assad", true},
		{"pro", "anti-pro-x", true},
		{"pro", "propaganda", false},
		{"anti-assad", "anti-assad", true},
		{"anti-assad", "pro-assad", false},
		{"Negative", "negative", true},
		{"assad", "neutral", false},
		{"polarity-anti", "anti-assad", false},
	}
	for _, c := range cases {
		if got := RuleNames(c.rule, c.label); got != c.want {
			t.Errorf("RuleNames(%q, %q) = %v, want %v", c.rule, c.label, got, c.want)
		}
	}
}

// TestCheckRules checks a labelling-function summary computed by hand on
// six rows:
//
//	row  text                       stance             fires
//	1    a no-fly zone now          pro-intervention   intervention
//	2    airstrikes, not our war    anti-intervention  intervention, anti
//	3    not our war                anti-intervention  anti
//	4    stay home                  neutral            -
//	5    no-fly zone? not our war   pro-intervention   intervention, anti
//	6    airstrike                  (no label)         intervention
//
// intervention fires on 1, 2, 5, 6 (coverage 4, overlap 2: rows 2 and 5);
// among the 5 labelled rows it fires on 3, all named (precision 3/3), of
// the 4 intervention rows (recall 3/4), which are 4 of 5 rows (base 0.8).
// anti fires on 2, 3, 5 (coverage 3, overlap 2), 2 of them anti-
// (precision 2/3, recall 2/2, base 2/5). Phrases: "no-fly zone" matches
// rows 1 and 5, "airstrike*" rows 2 and 6; "bomb*" none.
func TestCheckRules(t *testing.T) {
	in := "id,text,stance\n1,a no-fly zone now,pro-intervention\n2,\"airstrikes, not our war\",anti-intervention\n" +
		"3,not our war,anti-intervention\n4,stay home,neutral\n5,no-fly zone? not our war,pro-intervention\n6,airstrike,\n"
	rules, err := features.ParseRules("t.rules", []byte("intervention: no-fly zone | airstrike* | bomb*\nanti: not our war\n"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := data.NewCSVReader(strings.NewReader(in), "in.csv")
	if err != nil {
		t.Fatal(err)
	}
	got, err := CheckRules(r, "in.csv", data.Columns{Text: "text", Labels: []string{"stance"}}, "t.rules", rules, features.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	if got.Rows != 6 || got.Covered != 5 {
		t.Errorf("rows %d covered %d, want 6 and 5", got.Rows, got.Covered)
	}
	st := got.Stats
	if st[0].Coverage != 4 || st[0].Overlap != 2 || !slices.Equal(st[0].Phrase, []int{2, 2, 0}) ||
		st[1].Coverage != 3 || st[1].Overlap != 2 || !slices.Equal(st[1].Phrase, []int{3}) {
		t.Errorf("stats %+v", st)
	}
	col := got.Columns[0]
	if want := []string{"anti-intervention", "neutral", "pro-intervention"}; !slices.Equal(col.Labels, want) || !slices.Equal(col.Support, []int{2, 1, 2}) {
		t.Fatalf("labels %v support %v", col.Labels, col.Support)
	}
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-12 }
	iv, anti := col.Rules[0], col.Rules[1]
	if !slices.Equal(iv.Fires, []int{1, 0, 2}) || !near(iv.Precision, 1) || !near(iv.Recall, 0.75) || !near(iv.Base, 0.8) ||
		!slices.Equal(iv.Names, []string{"anti-intervention", "pro-intervention"}) {
		t.Errorf("intervention %+v", iv)
	}
	if !slices.Equal(anti.Fires, []int{2, 0, 1}) || !near(anti.Precision, 2.0/3) || !near(anti.Recall, 1) || !near(anti.Base, 0.4) {
		t.Errorf("anti %+v", anti)
	}
}
