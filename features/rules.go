package features

import (
	"fmt"
	"slices"
	"strings"
)

// Rules are codebook cues written by hand: a rules file has lines such as
//
//	intervention: no-fly zone | boots on the ground | airstrike*
//	anti: stay out | not our (war|business)
//
// where the name before the colon is a rule and the alternatives after it,
// separated by '|', are phrases. A line repeating a name adds alternatives
// to that rule; '#' starts a comment, and blank lines are ignored. Each rule
// is one feature of the vectors, present (counted once) in a document when
// any of its alternatives occurs in it; the model learns its weight like
// any n-gram's. It is pruned like one too: a rule found in fewer than
// MinDF training documents is no term of the vocabulary.
//
// A phrase is matched against the document's words as the vectorizer
// makes them: each word of the phrase is tokenised, stop-word filtered
// and stemmed under the same Config, so "airstrikes" in a rule matches
// "airstrike" in a comment when stemming is on, and "don't" is the two
// tokens "do n't" on both sides. Within a phrase, "word*" matches every
// token that starts with word before stemming ("airstrike*" matches
// "airstrikes"), and "(a|b*)" matches one token by any of its options.
//
// A rule's term is its name after '@' ("@intervention"): a token never
// holds '@' (the tokenizer turns mentions into "<user>"), nor does a word
// n-gram or a char n-gram (which starts with a space), so a rule term
// cannot collide with either. Readable prints it as "{intervention}".
const rulePrefix = '@'

// IsRule reports whether the vocabulary term is a rule's.
func IsRule(term string) bool { return term != "" && term[0] == rulePrefix }

// RuleTerm returns the vocabulary term of the rule named name.
func RuleTerm(name string) string { return string(rulePrefix) + name }

// Rule is one named rule of a rules file with its alternatives, as written
// (spaces collapsed), and the line each came from.
type Rule struct {
	Name         string
	Alternatives []string
	Lines        []int
}

// validRuleName reports whether s may name a rule: ASCII letters, digits,
// '-' and '_', starting with a letter, so that it prints plainly in
// reports and is one CSV field without quoting.
func validRuleName(s string) bool {
	if s == "" || !isASCIILetter(s[0]) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isASCIILetter(c) && !(c >= '0' && c <= '9') && c != '-' && c != '_' {
			return false
		}
	}
	return true
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// ParseRules reads the rules file src; file names it in errors, which
// read "file:line: problem". Rules keep the order of their first line.
// It checks the syntax only: CompileRules checks the alternatives against
// a Config.
func ParseRules(file string, src []byte) ([]Rule, error) {
	var rules []Rule
	at := map[string]int{}
	for n, line := range strings.Split(string(src), "\n") {
		n++
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		name, body, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("%s:%d: want \"name: phrase | phrase ...\", found no ':'", file, n)
		}
		name = strings.TrimSpace(name)
		if !validRuleName(name) {
			return nil, fmt.Errorf("%s:%d: rule name %q: want a letter, then letters, digits, '-' or '_'", file, n, name)
		}
		if strings.TrimSpace(body) == "" {
			return nil, fmt.Errorf("%s:%d: rule %q has no phrases after ':'", file, n, name)
		}
		alts, err := splitAlternatives(body)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %v", file, n, err)
		}
		k, seen := at[name]
		if !seen {
			k = len(rules)
			at[name] = k
			rules = append(rules, Rule{Name: name})
		}
		for _, a := range alts {
			if _, err := parsePhrase(a); err != nil {
				return nil, fmt.Errorf("%s:%d: %q: %v", file, n, a, err)
			}
			if slices.Contains(rules[k].Alternatives, a) {
				return nil, fmt.Errorf("%s:%d: rule %q has the phrase %q twice (line %d)", file, n, name, a,
					rules[k].Lines[slices.Index(rules[k].Alternatives, a)])
			}
			rules[k].Alternatives = append(rules[k].Alternatives, a)
			rules[k].Lines = append(rules[k].Lines, n)
		}
	}
	if len(rules) == 0 {
		return nil, fmt.Errorf("%s: no rules (want lines \"name: phrase | phrase ...\")", file)
	}
	return rules, nil
}

// splitAlternatives splits body at the '|' outside parentheses, each
// alternative's spaces collapsed. An empty alternative is an error.
func splitAlternatives(body string) ([]string, error) {
	var out []string
	depth, start := 0, 0
	for i := 0; i <= len(body); i++ {
		if i < len(body) {
			switch body[i] {
			case '(':
				if depth++; depth > 1 {
					return nil, fmt.Errorf("parentheses inside parentheses at column %d: a group holds single words", i+1)
				}
				continue
			case ')':
				if depth--; depth < 0 {
					return nil, fmt.Errorf("')' without '(' at column %d", i+1)
				}
				continue
			case '|':
				if depth > 0 {
					continue
				}
			default:
				continue
			}
		} else if depth > 0 {
			return nil, fmt.Errorf("'(' never closed")
		}
		a := strings.Join(strings.Fields(body[start:i]), " ")
		if a == "" {
			return nil, fmt.Errorf("empty phrase at column %d (two '|' in a row, or one at an end)", start+1)
		}
		out = append(out, a)
		start = i + 1
	}
	return out, nil
}

// FormatRules writes rules back as a rules file, one line per rule: the
// form Config.Rules holds.
func FormatRules(rules []Rule) string {
	var b strings.Builder
	for _, r := range rules {
		b.WriteString(r.Name)
		b.WriteString(": ")
		b.WriteString(strings.Join(r.Alternatives, " | "))
		b.WriteByte('\n')
	}
	return b.String()
}

// phraseItem is one word of a phrase as written: its options (one unless
// it was a group), each with a trailing '*' when a prefix.
type phraseItem []string

// parsePhrase splits a phrase into its items: words, "word*" and groups
// "(a|b*)" of single words.
func parsePhrase(a string) ([]phraseItem, error) {
	var items []phraseItem
	for _, w := range strings.Fields(a) {
		opts := []string{w}
		if strings.HasPrefix(w, "(") || strings.HasSuffix(w, ")") {
			if !strings.HasPrefix(w, "(") || !strings.HasSuffix(w, ")") || len(w) < 2 {
				return nil, fmt.Errorf("group %q: want (word|word) with no spaces inside", w)
			}
			opts = strings.Split(w[1:len(w)-1], "|")
		}
		for _, o := range opts {
			base := strings.TrimSuffix(o, "*")
			if base == "" {
				return nil, fmt.Errorf("empty word in %q", w)
			}
			if strings.ContainsAny(base, "*()|") {
				return nil, fmt.Errorf("%q: '*' ends a word, and '(' ')' '|' belong to groups", o)
			}
		}
		items = append(items, opts)
	}
	if len(items) == 0 {
		return nil, fmt.Errorf("empty phrase")
	}
	return items, nil
}

// ruleSet is a Config's rules compiled: each alternative as token
// patterns, indexed by what its first token can be.
type ruleSet struct {
	names []string
	terms []string // RuleTerm of each name
	alts  []ruleAlt
	// first maps a word to the alternatives whose first token may be
	// that word; prefixFirst[b] lists those whose first token has a
	// prefix option starting with the byte b, which no map lookup finds
	// (bucketing by the byte saves most of the prefix tests, the bulk of
	// matching's cost).
	first       map[string][]int32
	prefixFirst [256][]int32
}

type ruleAlt struct {
	rule int
	toks [][]tokOption // one entry per token, each its options
}

// tokOption matches a document token: its word (stemmed as configured)
// equals s, or, when prefix, its token before stemming starts with s.
type tokOption struct {
	s      string
	prefix bool
}

func (o tokOption) match(word, raw string) bool {
	if o.prefix {
		return strings.HasPrefix(raw, o.s)
	}
	return word == o.s
}

// CompileRules checks rules against c: every word of every phrase must
// leave at least one token after tokenising (and stop-word removal, when
// c asks for it), and a prefix or a group option exactly one. Errors name
// file and line.
func CompileRules(c Config, file string, rules []Rule) error {
	for _, r := range rules {
		for k, a := range r.Alternatives {
			if _, err := compilePhrase(c, a); err != nil {
				return fmt.Errorf("%s:%d: %q: %v", file, r.Lines[k], a, err)
			}
		}
	}
	return nil
}

// compileRules parses and compiles c.Rules; nil when there are none.
func compileRules(c Config) (*ruleSet, error) {
	if c.Rules == "" {
		return nil, nil
	}
	rules, err := ParseRules("rules", []byte(c.Rules))
	if err != nil {
		return nil, fmt.Errorf("features: %w", err)
	}
	rs := &ruleSet{first: map[string][]int32{}}
	for i, r := range rules {
		rs.names = append(rs.names, r.Name)
		rs.terms = append(rs.terms, RuleTerm(r.Name))
		for _, a := range r.Alternatives {
			toks, err := compilePhrase(c, a)
			if err != nil {
				return nil, fmt.Errorf("features: rule %s, %q: %v", r.Name, a, err)
			}
			id := int32(len(rs.alts))
			rs.alts = append(rs.alts, ruleAlt{rule: i, toks: toks})
			for _, o := range toks[0] {
				l := &rs.prefixFirst[o.s[0]]
				if !o.prefix {
					m := rs.first[o.s]
					l = &m
				}
				if len(*l) == 0 || (*l)[len(*l)-1] != id {
					*l = append(*l, id)
				}
				if !o.prefix {
					rs.first[o.s] = *l
				}
			}
		}
	}
	return rs, nil
}

// compilePhrase turns the phrase a into token patterns under c.
func compilePhrase(c Config, a string) ([][]tokOption, error) {
	items, err := parsePhrase(a)
	if err != nil {
		return nil, err
	}
	tok := Tokenizer{Lowercase: c.Lowercase, KeepPunct: c.KeepPunct}
	var stem Stemmer
	// words returns what w becomes in a document: its tokens less stop
	// words, and their stems; none says it has no tokens at all.
	words := func(w string) (raw, stemmed []string, none bool) {
		toks := tok.Tokens(nil, w)
		for _, t := range toks {
			if c.StopWords && IsStopWord(t) {
				continue
			}
			raw = append(raw, t)
			if c.Stem {
				t = stem.Stem(t)
			}
			stemmed = append(stemmed, t)
		}
		return raw, stemmed, len(toks) == 0
	}
	var out [][]tokOption
	for _, it := range items {
		if len(it) == 1 && !strings.HasSuffix(it[0], "*") {
			// A stop word the features drop is dropped from the phrase
			// too, as from the documents it is matched against.
			_, ws, none := words(it[0])
			if none {
				return nil, fmt.Errorf("%q gives no word to match (punctuation only)", it[0])
			}
			for _, w := range ws {
				out = append(out, []tokOption{{s: w}})
			}
			continue
		}
		var opts []tokOption
		for _, o := range it {
			base, prefix := strings.CutSuffix(o, "*")
			raw, ws, _ := words(base)
			if len(ws) != 1 {
				what := "a prefix"
				if len(it) > 1 {
					what = "an option of a group"
				}
				return nil, fmt.Errorf("%s must be one token, and %q gives %d (%s)", what, base, len(ws), strings.Join(raw, " "))
			}
			if prefix {
				opts = append(opts, tokOption{s: raw[0], prefix: true})
			} else {
				opts = append(opts, tokOption{s: ws[0]})
			}
		}
		out = append(out, opts)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("only stop words, which the features drop")
	}
	return out, nil
}

// match sets fired[r] for every rule r with an alternative in the
// document of stemmed words and their unstemmed tokens raw. With phrases
// (nil or one entry per alternative) it sets phrases[a] for every
// alternative a found, and so looks for all of them.
func (rs *ruleSet) match(words, raw []string, fired, phrases []bool) {
	clear(fired)
	clear(phrases)
	try := func(id int32, i int) {
		a := &rs.alts[id]
		if phrases == nil && fired[a.rule] || phrases != nil && phrases[id] || i+len(a.toks) > len(words) {
			return
		}
		for k, opts := range a.toks {
			ok := false
			for _, o := range opts {
				if o.match(words[i+k], raw[i+k]) {
					ok = true
					break
				}
			}
			if !ok {
				return
			}
		}
		fired[a.rule] = true
		if phrases != nil {
			phrases[id] = true
		}
	}
	for i, w := range words {
		for _, id := range rs.first[w] {
			try(id, i)
		}
		if raw[i] != "" {
			for _, id := range rs.prefixFirst[raw[i][0]] {
				try(id, i)
			}
		}
	}
}

// NewRuleExtractor returns an Extractor whose RulesFired finds the rules
// of c as a Vectorizer fitted under c would, without a vocabulary: for
// checking rules against annotated texts.
func NewRuleExtractor(c Config) (*Extractor, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	v, err := bare(c, 0)
	if err != nil {
		return nil, err
	}
	return v.NewExtractor(), nil
}

// Rules returns the names of the rules of v's Config, in file order.
func (v *Vectorizer) Rules() []string {
	if v.rules == nil {
		return nil
	}
	return slices.Clone(v.rules.names)
}

// RulesFired returns, for each rule of v's Config (Rules), whether it
// fires on text. The slice is reused by the next call on e.
func (e *Extractor) RulesFired(text string) []bool {
	rs := e.v.rules
	if rs == nil {
		return nil
	}
	words := e.normalise(text)
	e.fired = slices.Grow(e.fired[:0], len(rs.names))[:len(rs.names)]
	rs.match(words, e.raw, e.fired, nil)
	return e.fired
}

// PhrasesFired returns, for each phrase of each rule of v's Config (rule
// by rule in file order, each rule's phrases in file order, as ParseRules
// gives them), whether it occurs in text. The slice is reused by the next
// call on e.
func (e *Extractor) PhrasesFired(text string) []bool {
	rs := e.v.rules
	if rs == nil {
		return nil
	}
	words := e.normalise(text)
	e.fired = slices.Grow(e.fired[:0], len(rs.names))[:len(rs.names)]
	e.phrases = slices.Grow(e.phrases[:0], len(rs.alts))[:len(rs.alts)]
	rs.match(words, e.raw, e.fired, e.phrases)
	return e.phrases
}
