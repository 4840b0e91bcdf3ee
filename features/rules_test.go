package features

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"
)

// testRules are rules that fire on some of testkit.Texts: prefixes,
// groups, phrases of one and of several words, one with a stop word.
const testRules = "intervention: no-fly zone | airstrike* | (troops|soldiers) | boots on the ground\n" +
	"assad: assad* | the regime\n" +
	"anti: not our (war|business) | stay out | don't\n" +
	"never: zzzunseen\n"

// TestParseRules reads rules files: names in order of first line, a
// repeated name adding phrases, comments and blank lines skipped, and
// every malformed line an error naming file and line.
func TestParseRules(t *testing.T) {
	good := "# cues\n\nintervention: no-fly zone | boots  on the ground # trailing\n" +
		"anti: stay out | not our (war|business)\nintervention: airstrike*\n"
	rules, err := ParseRules("r.rules", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	want := []Rule{
		{Name: "intervention", Alternatives: []string{"no-fly zone", "boots on the ground", "airstrike*"}, Lines: []int{3, 3, 5}},
		{Name: "anti", Alternatives: []string{"stay out", "not our (war|business)"}, Lines: []int{4, 4}},
	}
	if !slices.EqualFunc(rules, want, func(a, b Rule) bool {
		return a.Name == b.Name && slices.Equal(a.Alternatives, b.Alternatives) && slices.Equal(a.Lines, b.Lines)
	}) {
		t.Fatalf("got %+v, want %+v", rules, want)
	}
	if got, w := FormatRules(rules), "intervention: no-fly zone | boots on the ground | airstrike*\nanti: stay out | not our (war|business)\n"; got != w {
		t.Fatalf("FormatRules = %q, want %q", got, w)
	}
	bad := []struct{ src, want string }{
		{"a: x\nno colon here\n", "r.rules:2: want \"name: phrase | phrase ...\", found no ':'"},
		{"9a: x\n", `r.rules:1: rule name "9a"`},
		{"a b: x\n", `r.rules:1: rule name "a b"`},
		{"a:\n", `r.rules:1: rule "a" has no phrases`},
		{"a: x || y\n", "r.rules:1: empty phrase at column"},
		{"a: x | \n", "r.rules:1: empty phrase at column"},
		{"\na: (x|y\n", "r.rules:2: '(' never closed"},
		{"a: x)\n", "r.rules:1: ')' without '('"},
		{"a: ((x))\n", "r.rules:1: parentheses inside parentheses"},
		{"a: (x | y)\n", `r.rules:1: "(x | y)": group "(x"`},
		{"a: x*y\n", `r.rules:1: "x*y": "x*y": '*' ends a word`},
		{"a: *\n", `r.rules:1: "*": empty word`},
		{"a: x\na: y | x\n", `r.rules:2: rule "a" has the phrase "x" twice (line 1)`},
		{"# nothing\n\n", "r.rules: no rules"},
	}
	for _, b := range bad {
		_, err := ParseRules("r.rules", []byte(b.src))
		if err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("%q: error %v, want one containing %q", b.src, err, b.want)
		}
	}
}

// TestCompileRules checks the phrases that a Config cannot match: a word
// of punctuation only, a stop word when stop words are dropped, and a
// prefix or group option of more than one token.
func TestCompileRules(t *testing.T) {
	stop := DefaultConfig()
	stop.StopWords = true
	cases := []struct {
		c         Config
		src, want string
	}{
		{DefaultConfig(), "a: x | --\n", `f:1: "--": "--" gives no word to match`},
		{stop, "a: war\na: the | of the\n", `f:2: "the": only stop words`},
		{stop, "a: war of the worlds\n", ""},
		{DefaultConfig(), "a: don't*\n", `f:1: "don't*": a prefix must be one token, and "don't" gives 2 (do n't)`},
		{DefaultConfig(), "a: (u.s|uk)\n", `f:1: "(u.s|uk)": an option of a group must be one token, and "u.s" gives 2 (u s)`},
		{DefaultConfig(), "a: don't stay | u.s. troops | (war|wars) | bomb*\n", ""},
	}
	for _, k := range cases {
		rules, err := ParseRules("f", []byte(k.src))
		if err != nil {
			t.Fatal(err)
		}
		err = CompileRules(k.c, "f", rules)
		if k.want == "" {
			if err != nil {
				t.Errorf("%q: %v", k.src, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), k.want) {
			t.Errorf("%q: error %v, want one containing %q", k.src, err, k.want)
		}
	}
}

// TestRulesFire checks which rules fire on which texts: phrases match the
// stemmed words ("airstrikes" in a rule is the stem "airstrik", as in
// the text), prefixes the unstemmed tokens, groups one token, and a
// phrase never matches across a gap.
func TestRulesFire(t *testing.T) {
	src := "intervention: no-fly zone | boots on the ground | airstrike*\n" +
		"anti: stay out | not our (war|business)\n" +
		"stems: bombings | Don't\n"
	stop := DefaultConfig()
	stop.StopWords = true
	cases := []struct {
		c    Config
		text string
		want []bool // intervention, anti, stems
	}{
		{DefaultConfig(), "A No-Fly Zone now!", []bool{true, false, false}},
		{DefaultConfig(), "no fly zone", []bool{false, false, false}}, // "no-fly" is one token
		{DefaultConfig(), "More AIRSTRIKES, please", []bool{true, false, false}},
		{DefaultConfig(), "the airstrip", []bool{false, false, false}},
		{DefaultConfig(), "It is not our business.", []bool{false, true, false}},
		{DefaultConfig(), "not our war", []bool{false, true, false}},
		{DefaultConfig(), "not our own war", []bool{false, false, false}},
		{DefaultConfig(), "We should stay out; boots on the ground won't help", []bool{true, true, false}},
		{DefaultConfig(), "the bombing, I do n't like it", []bool{false, false, true}},
		{DefaultConfig(), "don't", []bool{false, false, true}},
		{DefaultConfig(), "", []bool{false, false, false}},
		// "our", "on" and "the" are stop words: gone from both sides.
		{stop, "not our war", []bool{false, true, false}},
		{stop, "boots on the ground", []bool{true, false, false}},
		{stop, "boots ground", []bool{true, false, false}},
	}
	for _, k := range cases {
		c := k.c
		rules, err := ParseRules("f", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		c.Rules = FormatRules(rules)
		v, err := Fit(c, []string{"no-fly zone airstrikes stay out", "bombing don't war"})
		if err != nil {
			t.Fatal(err)
		}
		e := v.NewExtractor()
		if got := e.RulesFired(k.text); !slices.Equal(got, k.want) {
			t.Errorf("%q (stop words %v): fired %v, want %v", k.text, c.StopWords, got, k.want)
		}
		// The vector holds a rule's term exactly when it fires, with
		// weight 1 however often it fires.
		x := e.Vector(k.text + " " + k.text)
		for r, name := range v.Rules() {
			i, ok := slices.BinarySearch(v.Terms, RuleTerm(name))
			if !ok {
				t.Fatalf("rule %s has no term", name)
			}
			j, in := slices.BinarySearch(x.Index, int32(i))
			if in != k.want[r] || in && x.Value[j] != 1 {
				t.Errorf("%q: rule %s in vector %v (weight %v), want %v", k.text, name, in, x.Value, k.want[r])
			}
		}
	}
}

// TestRulesSaveLoad checks that a vectorizer with rules reads back with
// the same rules and vectors, and that a rule term naming no rule of the
// config is refused.
func TestRulesSaveLoad(t *testing.T) {
	c := DefaultConfig()
	c.Rules = "intervention: no-fly zone | airstrike*\n"
	texts := []string{"A no-fly zone", "airstrikes now", "nothing here"}
	v, err := Fit(c, texts)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(v.Terms, "@intervention") || Readable("@intervention") != "{intervention}" {
		t.Fatalf("terms %v lack the rule, or it reads %q", v.Terms, Readable("@intervention"))
	}
	var buf bytes.Buffer
	if err := v.Save(&buf); err != nil {
		t.Fatal(err)
	}
	saved := buf.String()
	var u Vectorizer
	if err := u.Load(strings.NewReader(saved)); err != nil {
		t.Fatal(err)
	}
	for _, s := range texts {
		if a, b := v.NewExtractor().Vector(s), u.NewExtractor().Vector(s); !slices.Equal(a.Index, b.Index) {
			t.Fatalf("%q: %v before saving, %v after", s, a, b)
		}
	}
	renamed := strings.Replace(saved, `"rules":"intervention:`, `"rules":"other:`, 1)
	if err := u.Load(strings.NewReader(renamed)); err == nil || !strings.Contains(err.Error(), `rule term "@intervention" names no rule`) {
		t.Fatalf("renamed rule: error %v", err)
	}
}

// TestShippedRules checks that data/syria.rules parses and compiles under
// the default features.
func TestShippedRules(t *testing.T) {
	src, err := os.ReadFile("../data/syria.rules")
	if err != nil {
		t.Fatal(err)
	}
	rules, err := ParseRules("syria.rules", src)
	if err != nil {
		t.Fatal(err)
	}
	if err := CompileRules(DefaultConfig(), "syria.rules", rules); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range rules {
		names = append(names, r.Name)
	}
	if want := []string{"defection", "intervention", "assad", "pro", "anti"}; !slices.Equal(names, want) {
		t.Fatalf("rules %v, want %v", names, want)
	}
}
