package features

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Span is the bytes [Start, End) of a text.
type Span struct {
	Start, End int
}

// Occurrence is one occurrence of a vocabulary term in a text: the term's
// index in Vectorizer.Terms and the bytes of the text it was formed from.
// A word n-gram spans its tokens, from the first one's start to the last
// one's end, so that the text shows the words as they were written
// ("officials' families" for the stemmed bigram "offici famili"); a
// character n-gram spans the token it was cut from.
type Occurrence struct {
	Term int
	Span Span
}

// Occurrences returns the vocabulary terms of text in the order Terms
// gives them, each with where it occurs. A rule's term (IsRule) matches
// phrases rather than a place and is left out, as is, in the rare text
// whose case mapping changes its length, a token that cannot be found
// back in the text.
func (e *Extractor) Occurrences(text string) []Occurrence {
	var out []Occurrence
	var spans []Span
	e.gramsAt(text, func(g []byte, first, last int) {
		if first < 0 {
			return
		}
		k, ok := e.v.index[string(g)]
		if !ok {
			return
		}
		if spans == nil {
			// e.toks holds the tokens of text once gramsAt has
			// normalised it.
			spans = tokenSpans(text, e.toks)
		}
		a, b := spans[e.from[first]], spans[e.from[last]]
		if a.Start < 0 || b.Start < 0 {
			return
		}
		out = append(out, Occurrence{Term: int(k), Span: Span{a.Start, b.End}})
	})
	return out
}

// tokenSpans finds each token of toks (Tokenizer.Tokens of text) in text,
// in order: a word by its letters, matched without regard to case and with
// every apostrophe alike, as the tokenizer reads them; a placeholder by
// what the tokenizer replaced (a URL, an e-mail address, a mention, a
// number). A token not found gets Span{-1, -1} and the search goes on
// from where it stood.
func tokenSpans(text string, toks []string) []Span {
	out := make([]Span, len(toks))
	p := 0
	for k, t := range toks {
		s, e := -1, -1
		switch t {
		case tokURL:
			s, e = findURL(text, p)
		case tokEmail:
			s, e = findEmail(text, p)
		case tokUser:
			s, e = findMention(text, p)
		case tokNum:
			s, e = findNumber(text, p)
		default:
			for q := p; q < len(text); {
				if end, ok := matchToken(text, q, t); ok {
					s, e = q, end
					break
				}
				_, size := utf8.DecodeRuneInString(text[q:])
				q += size
			}
		}
		out[k] = Span{s, e}
		if s >= 0 {
			p = e
		}
	}
	return out
}

// matchToken reports whether text at i spells tok, and where the match
// ends: rune by rune, case folded, any apostrophe matching "'".
func matchToken(text string, i int, tok string) (int, bool) {
	for _, r := range tok {
		if i >= len(text) {
			return 0, false
		}
		c, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\'' && isApostropheRune(c):
		case c == r || unicode.ToLower(c) == unicode.ToLower(r):
		default:
			return 0, false
		}
		i += size
	}
	return i, true
}

// findURL finds the next URL from p as the tokenizer reads one.
func findURL(text string, p int) (int, int) {
	low := strings.ToLower(text[p:])
	s := -1
	for _, pre := range []string{"http://", "https://", "www."} {
		if i := strings.Index(low, pre); i >= 0 && (s < 0 || i < s) {
			s = i
		}
	}
	if s < 0 || len(low) != len(text)-p {
		return -1, -1
	}
	s += p
	e := s
	for e < len(text) && !strings.ContainsRune(" \t\n\r<>\"", rune(text[e])) {
		e++
	}
	for e > s && strings.ContainsRune(".,;:!?)]}'\"", rune(text[e-1])) {
		e--
	}
	return s, e
}

// findEmail finds the next local@domain from p.
func findEmail(text string, p int) (int, int) {
	at := strings.IndexByte(text[p:], '@')
	if at < 0 {
		return -1, -1
	}
	at += p
	s, e := at, at+1
	for s > p && emailByte(text[s-1]) {
		s--
	}
	for e < len(text) && emailByte(text[e]) {
		e++
	}
	for e > at+1 && text[e-1] == '.' {
		e--
	}
	return s, e
}

func emailByte(c byte) bool {
	return isASCIIAlnum(c) || strings.IndexByte("._%+-", c) >= 0
}

// findMention finds the next @name from p.
func findMention(text string, p int) (int, int) {
	at := strings.IndexByte(text[p:], '@')
	if at < 0 {
		return -1, -1
	}
	at += p
	e := at + 1
	for e < len(text) {
		r, size := utf8.DecodeRuneInString(text[e:])
		if r != '_' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			break
		}
		e += size
	}
	return at, e
}

// findNumber finds the next number from p: a digit that starts a word,
// with the digits, separators and ordinal letters that follow it.
func findNumber(text string, p int) (int, int) {
	for s := p; s < len(text); s++ {
		if !isASCIIDigit(text[s]) && !(text[s] >= utf8.RuneSelf && unicode.IsDigit(runeAt(text, s))) {
			continue
		}
		if s > 0 {
			prev, _ := utf8.DecodeLastRuneInString(text[:s])
			if unicode.IsLetter(prev) || unicode.IsDigit(prev) {
				continue
			}
		}
		e := s
		for e < len(text) {
			r, size := utf8.DecodeRuneInString(text[e:])
			sep := (r == '.' || r == ',') && e+1 < len(text) && isASCIIDigit(text[e+1])
			if !unicode.IsDigit(r) && !unicode.IsLetter(r) && !sep {
				break
			}
			e += size
		}
		return s, e
	}
	return -1, -1
}

func runeAt(s string, i int) rune {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return r
}
