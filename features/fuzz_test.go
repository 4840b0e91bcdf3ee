package features

import (
	"math"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// fuzzCorpus is fitted, with the fuzzed text, into the vectorizers of
// FuzzTokenizer, so that every configuration has terms even when the text
// gives none, and the text's own n-grams are terms too.
func fuzzCorpus() []string {
	return []string{
		"Assad must go, and the officers who defect should be helped!",
		"Don't pay them: it won't work and it's bribery?",
		"#Syria @someone http://example.com/x 1,000 troops on the 21st",
		"the the the not good not bad",
	}
}

// FuzzTokenizer checks, on any text, the invariants that the tokenizer
// and the vectorizer built on it promise: tokens are non-empty, hold no
// space, are valid UTF-8 when the text is and are lowercase under
// Lowercase; the same text always gives the same tokens, whatever dst
// held; and every vector has strictly increasing indices inside the
// vocabulary and finite positive weights, is the same from Vector and
// VectorScratch and from the id-based and string-based term lookups, and
// counts each term as often as Extractor.Terms finds it; char n-gram
// terms have between CharNGramMin and CharNGramMax runes. The seed corpus
// is in testdata/fuzz/FuzzTokenizer.
func FuzzTokenizer(f *testing.F) {
	toks := []Tokenizer{DefaultTokenizer(), {}, {Lowercase: true}, {KeepPunct: true}}
	configs := []func(*Config){
		func(*Config) {}, // the shipped recipe's features
		func(c *Config) { // counts of 1-3 grams, so that Terms can be checked against them
			c.NGramMax, c.StopWords, c.Weighting = 3, true, Count
		},
		func(c *Config) { // 2-5 grams of unfolded tokens, tf-idf, normalised
			c.NGramMin, c.NGramMax, c.Lowercase, c.KeepPunct, c.Stem = 2, 5, false, false, false
			c.Weighting, c.Sublinear, c.Normalize = TFIDF, true, true
		},
		func(c *Config) { // counts of char 1-4 grams with the words
			c.CharNGramMin, c.CharNGramMax, c.Weighting = 1, 4, Count
		},
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, tok := range toks {
			got := tok.Tokens(nil, text)
			for _, w := range got {
				switch {
				case w == "":
					t.Fatalf("%+v.Tokens(%q) made an empty token", tok, text)
				case strings.ContainsFunc(w, unicode.IsSpace):
					t.Fatalf("%+v.Tokens(%q) made %q, which holds a space", tok, text, w)
				case utf8.ValidString(text) && !utf8.ValidString(w):
					t.Fatalf("%+v.Tokens(%q) made invalid UTF-8 %q", tok, text, w)
				case tok.Lowercase && strings.ToLower(w) != w:
					t.Fatalf("%+v.Tokens(%q) made %q, which is not lowercase", tok, text, w)
				}
			}
			again := tok.Tokens([]string{"held", "over"}, text)
			if !slices.Equal(again[:2], []string{"held", "over"}) || !slices.Equal(again[2:], got) {
				t.Fatalf("%+v.Tokens(%q): %q the first time, %q after a used dst", tok, text, got, again)
			}
		}
		for i, edit := range configs {
			c := DefaultConfig()
			edit(&c)
			v, err := Fit(c, append(fuzzCorpus(), text))
			if err != nil {
				t.Fatalf("config %d: Fit: %v", i, err)
			}
			for _, term := range v.Terms {
				if !IsCharGram(term) {
					break // they sort first
				}
				if n := utf8.RuneCountInString(term[1:]); n < c.CharNGramMin || n > c.CharNGramMax || utf8.ValidString(text) && !utf8.ValidString(term) {
					t.Fatalf("config %d: char n-gram term %q of %d runes (or not UTF-8), want %d to %d", i, term, n, c.CharNGramMin, c.CharNGramMax)
				}
			}
			slow := *v
			slow.fast = nil // the string lookup, the reference for the id-based one
			e, se := v.NewExtractor(), slow.NewExtractor()
			for _, probe := range []string{text, fuzzCorpus()[0], text + " " + text} {
				x := e.Vector(probe)
				checkVector(t, i, probe, x, v)
				if s := e.VectorScratch(probe); !slices.Equal(s.Index, x.Index) || !slices.Equal(s.Value, x.Value) {
					t.Fatalf("config %d, %q: Vector %v, VectorScratch %v", i, probe, x, s)
				}
				if s := se.Vector(probe); !slices.Equal(s.Index, x.Index) || !slices.Equal(s.Value, x.Value) {
					t.Fatalf("config %d, %q: id lookup %v, string lookup %v", i, probe, x, s)
				}
				if c.Weighting == Count && !c.Sublinear && !c.Normalize {
					want := map[int32]float64{}
					for _, term := range e.Terms(probe) {
						k, _ := slices.BinarySearch(v.Terms, term)
						want[int32(k)]++
					}
					if len(want) != x.Len() {
						t.Fatalf("config %d, %q: Terms finds %d distinct terms, the vector has %d", i, probe, len(want), x.Len())
					}
					for k, j := range x.Index {
						if want[j] != x.Value[k] {
							t.Fatalf("config %d, %q: term %q counted %g times, Terms finds it %g times", i, probe, v.Terms[j], x.Value[k], want[j])
						}
					}
				}
			}
		}
	})
}

// checkVector fails t unless x is a well-formed vector of v.
func checkVector(t *testing.T, config int, text string, x Vector, v *Vectorizer) {
	t.Helper()
	if len(x.Index) != len(x.Value) {
		t.Fatalf("config %d, %q: %d indices, %d values", config, text, len(x.Index), len(x.Value))
	}
	for k, j := range x.Index {
		switch {
		case j < 0 || int(j) >= v.Len():
			t.Fatalf("config %d, %q: index %d outside 0..%d", config, text, j, v.Len()-1)
		case k > 0 && j <= x.Index[k-1]:
			t.Fatalf("config %d, %q: indices %v not strictly increasing", config, text, x.Index)
		case !(x.Value[k] > 0) || math.IsInf(x.Value[k], 0):
			t.Fatalf("config %d, %q: weight %g of term %q is not finite and positive", config, text, x.Value[k], v.Terms[j])
		}
	}
	if v.Config.Normalize && x.Len() > 0 {
		if n := x.Norm2(); math.Abs(n-1) > 1e-9 {
			t.Fatalf("config %d, %q: norm %g after l2 normalisation", config, text, n)
		}
	}
}
