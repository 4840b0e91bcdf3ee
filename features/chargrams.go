package features

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Character n-grams (Config.CharNGramMin..CharNGramMax) are the runs of
// CharNGramMin to CharNGramMax runes of a token written between the
// boundary marks '<' and '>', as in fastText (Bojanowski et al. 2017,
// "Enriching Word Vectors with Subword Information"): with 2 to 3, "war"
// becomes "<war>" and gives
//
//	<w  <wa  wa  war  ar  ar>  r>
//
// They are taken from the tokens the word n-grams are built from, after
// case folding and stop-word removal but before stemming: the stem would
// hide the endings ("-ing", "-ed") that char n-grams are there to see.
// Placeholders ("<url>", "<num>", ...) and "!" "?" are not words and give
// none. A mark alone ("<" or ">") is never a 1-gram.
//
// A char n-gram term is the n-gram after one space, " <wa": a word n-gram
// term is words joined by single spaces and a word is never empty, so no
// word n-gram starts with a space and the two kinds cannot collide. Char
// n-gram terms therefore sort before every word n-gram term. Readable
// gives the form reports print.
const charGramPrefix = ' '

// maxCharNGram is the longest char n-gram Config.Validate accepts.
const maxCharNGram = 10

// IsCharGram reports whether the vocabulary term is a character n-gram.
func IsCharGram(term string) bool { return term != "" && term[0] == charGramPrefix }

// Readable returns term as reports show it: a word n-gram as it is, a
// character n-gram between square brackets, marks kept: "[<wa]", "[ar]",
// "[war>]"; a rule's term between braces: "{intervention}". A token never
// holds a bracket or a brace, so no word n-gram reads the same.
func Readable(term string) string {
	switch {
	case IsCharGram(term):
		return "[" + term[1:] + "]"
	case IsRule(term):
		return "{" + term[1:] + "}"
	}
	return term
}

// ParseCharNGrams reads the lengths of character n-grams as the
// -char-ngrams flag writes them: "min-max" ("2-5"), one length ("3", the
// same as "3-3"), or "none" or "0" (or "") for none, which is 0, 0. The
// ranges are left to Config.Validate.
func ParseCharNGrams(s string) (lo, hi int, err error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "none" || s == "0" {
		return 0, 0, nil
	}
	a, b, ok := strings.Cut(s, "-")
	if !ok {
		b = a
	}
	lo, err1 := strconv.Atoi(strings.TrimSpace(a))
	hi, err2 := strconv.Atoi(strings.TrimSpace(b))
	if err1 != nil || err2 != nil || lo < 1 || hi < 1 {
		return 0, 0, fmt.Errorf("features: char n-grams %q: want lengths min-max such as 2-5, or none", s)
	}
	return lo, hi, nil
}

// FormatCharNGrams is the inverse of ParseCharNGrams: "2-5", or "none"
// when hi is 0.
func FormatCharNGrams(lo, hi int) string {
	if hi == 0 {
		return "none"
	}
	return strconv.Itoa(lo) + "-" + strconv.Itoa(hi)
}

// hasCharGrams reports whether the token tok gives char n-grams: it is a
// word, not a placeholder or "!" "?".
func hasCharGrams(tok string) bool {
	switch {
	case tok == "", tok[0] == '<':
		return false
	case len(tok) == 1:
		return tok[0] != '!' && tok[0] != '?'
	}
	return true
}

// charGrams calls f with the term of each char n-gram of the token tok, in
// order of start and then of length, with repeats. The bytes are only
// valid during the call. Nothing is allocated once e's buffers have grown.
func (e *Extractor) charGrams(tok string, f func(term []byte)) {
	c := &e.v.Config
	if c.CharNGramMax == 0 || !hasCharGrams(tok) {
		return
	}
	// m is the token in its marks; pos[k] is where its rune k starts,
	// and pos[len(pos)-1] its end. Bytes that are not UTF-8 (the
	// tokenizer makes none) count as one rune each, as range does.
	m := append(append(append(e.marked[:0], '<'), tok...), '>')
	e.marked = m
	pos := e.runeAt[:0]
	for i := 0; i < len(m); {
		pos = append(pos, int32(i))
		if m[i] < utf8.RuneSelf {
			i++
		} else {
			_, size := utf8.DecodeRune(m[i:])
			i += size
		}
	}
	pos = append(pos, int32(len(m)))
	e.runeAt = pos
	runes := len(pos) - 1
	for s := range runes {
		for n := c.CharNGramMin; n <= c.CharNGramMax && s+n <= runes; n++ {
			if n == 1 && (s == 0 || s == runes-1) {
				continue // a mark alone
			}
			e.gram = append(append(e.gram[:0], charGramPrefix), m[pos[s]:pos[s+n]]...)
			f(e.gram)
		}
	}
}
