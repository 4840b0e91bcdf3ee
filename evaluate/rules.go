package evaluate

import (
	"io"
	"math"
	"slices"
	"strings"

	"github.com/stance-nlp/stance/data"
	"github.com/stance-nlp/stance/evaluate/result"
	"github.com/stance-nlp/stance/features"
)

// RuleNames reports whether the rule named rule names the label label,
// that is, is a cue for it: when the label's '-'-separated parts hold the
// rule name's parts as a run, case aside. So rule "intervention" names
// "pro-intervention" and "anti-intervention", rule "pro" names every
// "pro-…" label, and rule "anti-assad" names "anti-assad" alone; a rule
// "negative" names the sentiment label "negative".
func RuleNames(rule, label string) bool {
	r := strings.Split(strings.ToLower(rule), "-")
	l := strings.Split(strings.ToLower(strings.TrimSpace(label)), "-")
	for i := 0; i+len(r) <= len(l); i++ {
		if slices.Equal(l[i:i+len(r)], r) {
			return true
		}
	}
	return false
}

// CheckRules reads annotated rows from r (file names it in errors; cols
// names the text and label columns) and summarises how the rules fire on
// them, matched under the features c (whose Rules field is ignored):
// coverage and overlap per rule, rows matched per phrase, and per label
// column the rows each rule fires on per gold label, with its precision
// and recall towards the labels it names (RuleNames). rulesFile names the
// rules in the result.
func CheckRules(r data.Reader, file string, cols data.Columns, rulesFile string, rules []features.Rule, c features.Config) (*result.RuleCheck, error) {
	c.Rules = features.FormatRules(rules)
	e, err := features.NewRuleExtractor(c)
	if err != nil {
		return nil, err
	}
	cr, err := data.NewColumnReader(r, file, data.Columns{Text: cols.Text, Labels: cols.Labels}, data.RequireText)
	if err != nil {
		return nil, err
	}
	// ruleOf[a] is the rule of phrase a, in PhrasesFired's order.
	var ruleOf []int
	for k, ru := range rules {
		for range ru.Alternatives {
			ruleOf = append(ruleOf, k)
		}
	}
	out := &result.RuleCheck{Rules: rulesFile, Data: file, Stats: make([]result.RuleStat, len(rules))}
	for k, ru := range rules {
		out.Stats[k] = result.RuleStat{Rule: ru.Name, Phrases: len(ru.Alternatives), Phrase: make([]int, len(ru.Alternatives))}
	}
	// fires[c][label][k]: rows of the label in column c that rule k
	// fires on; support[c][label] its rows.
	fires := make([]map[string][]int, len(cols.Labels))
	support := make([]map[string]int, len(cols.Labels))
	for i := range fires {
		fires[i], support[i] = map[string][]int{}, map[string]int{}
	}
	fired := make([]bool, len(rules))
	for {
		row, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		out.Rows++
		clear(fired)
		for a, ok := range e.PhrasesFired(row.Text) {
			if ok {
				k := ruleOf[a]
				fired[k] = true
				out.Stats[k].Phrase[a-firstPhrase(ruleOf, k)]++
			}
		}
		n := 0
		for _, ok := range fired {
			if ok {
				n++
			}
		}
		if n > 0 {
			out.Covered++
		}
		for k, ok := range fired {
			if ok {
				out.Stats[k].Coverage++
				if n > 1 {
					out.Stats[k].Overlap++
				}
			}
		}
		for i, l := range row.Labels {
			if l == "" {
				continue
			}
			support[i][l]++
			f := fires[i][l]
			if f == nil {
				f = make([]int, len(rules))
				fires[i][l] = f
			}
			for k, ok := range fired {
				if ok {
					f[k]++
				}
			}
		}
	}
	for i, name := range cols.Labels {
		col := result.RuleColumn{Column: name}
		for l := range support[i] {
			col.Labels = append(col.Labels, l)
		}
		slices.Sort(col.Labels)
		total := 0
		for _, l := range col.Labels {
			col.Support = append(col.Support, support[i][l])
			total += support[i][l]
		}
		for k, ru := range rules {
			rl := result.RuleLabel{Rule: ru.Name, Fires: make([]int, len(col.Labels))}
			var f, fn, nn int // rows fired, fired and named, named
			for j, l := range col.Labels {
				rl.Fires[j] = fires[i][l][k]
				f += rl.Fires[j]
				if RuleNames(ru.Name, l) {
					rl.Names = append(rl.Names, l)
					fn += rl.Fires[j]
					nn += col.Support[j]
				}
			}
			rl.Precision, rl.Recall, rl.Base = math.NaN(), math.NaN(), math.NaN()
			if len(rl.Names) > 0 {
				rl.Precision = ratio(fn, f)
				rl.Recall = ratio(fn, nn)
				rl.Base = ratio(nn, total)
			}
			col.Rules = append(col.Rules, rl)
		}
		out.Columns = append(out.Columns, col)
	}
	return out, nil
}

// firstPhrase returns the index, in PhrasesFired's order, of rule k's
// first phrase.
func firstPhrase(ruleOf []int, k int) int {
	i, _ := slices.BinarySearch(ruleOf, k)
	return i
}

// ratio is a/b, NaN when b is 0.
func ratio(a, b int) float64 {
	if b == 0 {
		return math.NaN()
	}
	return float64(a) / float64(b)
}
