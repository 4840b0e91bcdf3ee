package features

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestCharGrams lists the char n-grams of single tokens, worked by hand
// from the definition in chargrams.go: runes of "<" + token + ">", by start
// then length, a mark alone never a 1-gram.
func TestCharGrams(t *testing.T) {
	tests := []struct {
		name     string
		tok      string
		min, max int
		want     []string
	}{
		{"fastText's example", "war", 2, 3, []string{"<w", "<wa", "wa", "war", "ar", "ar>", "r>"}},
		{"whole word in marks", "war", 5, 5, []string{"<war>"}},
		{"longer than the word", "war", 6, 8, nil},
		{"one letter", "a", 1, 3, []string{"<a", "<a>", "a", "a>"}},
		{"repeats kept", "aaa", 2, 2, []string{"<a", "aa", "aa", "a>"}},
		{"two-byte runes", "ça", 2, 2, []string{"<ç", "ça", "a>"}},
		{"Cyrillic, 1-grams are runes", "мир", 1, 2, []string{"<м", "м", "ми", "и", "ир", "р", "р>"}},
		{"Arabic", "حرب", 3, 3, []string{"<حر", "حرب", "رب>"}},
		{"combining mark is a rune", "e\u0301", 2, 2, []string{"<e", "e\u0301", "\u0301>"}},
		{"four-byte rune", "a𝔸", 2, 2, []string{"<a", "a𝔸", "𝔸>"}},
		{"hashtag", "#war", 2, 2, []string{"<#", "#w", "wa", "ar", "r>"}},
		{"clitic", "n't", 3, 3, []string{"<n'", "n't", "'t>"}},
		{"placeholder", "<url>", 2, 5, nil},
		{"exclamation", "!", 1, 3, nil},
		{"question", "?", 1, 3, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := DefaultConfig()
			c.CharNGramMin, c.CharNGramMax = tt.min, tt.max
			e := (&Vectorizer{Config: c}).NewExtractor()
			var got []string
			e.charGrams(tt.tok, func(g []byte) {
				if !IsCharGram(string(g)) {
					t.Fatalf("term %q lacks the char n-gram prefix", g)
				}
				got = append(got, string(g[1:]))
			})
			if !slices.Equal(got, tt.want) {
				t.Errorf("%q %d-%d: got %q, want %q", tt.tok, tt.min, tt.max, got, tt.want)
			}
		})
	}
}

// TestCharGramTerms checks which tokens char n-grams come from: folded
// case, unstemmed, no stop words when they are removed, and in order with
// the word n-grams.
func TestCharGramTerms(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Config)
		text string
		want []string // Readable terms, in order
	}{
		{"case folded, unstemmed", func(*Config) {}, "WARS", []string{"war", "[<wa]", "[war]", "[ars]", "[rs>]"}},
		{"case kept", func(c *Config) { c.Lowercase = false }, "Wars", []string{"war", "[<Wa]", "[War]", "[ars]", "[rs>]"}},
		{"with bigrams", func(c *Config) { c.NGramMax = 2 }, "no war", []string{"no", "no war", "[<no]", "[no>]", "war", "[<wa]", "[war]", "[ar>]"}},
		{"stop words dropped", func(c *Config) { c.StopWords = true }, "the war", []string{"war", "[<wa]", "[war]", "[ar>]"}},
		{"placeholders have none", func(*Config) {}, "war 1,000 http://x.y !", []string{"war", "[<wa]", "[war]", "[ar>]", "<num>", "<url>", "!"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := DefaultConfig()
			c.NGramMax, c.CharNGramMin, c.CharNGramMax = 1, 3, 3
			tt.edit(&c)
			v, err := Fit(c, []string{tt.text})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, term := range v.NewExtractor().Terms(tt.text) {
				got = append(got, Readable(term))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestCharGramsPrunedWithWords checks that char and word n-grams share one
// vocabulary, pruned by min-df and max-features together, and that the char
// n-gram "war" and the word "war" are two terms.
func TestCharGramsPrunedWithWords(t *testing.T) {
	// df of the words: war 2, wars 1, peace 1; of the char 3-grams:
	// <wa 3, war 3, ar> 2 ("war", "peace war"), ars 1, rs> 1, and the five
	// of "peace" 1 each.
	texts := []string{"war", "wars", "peace war"}
	tests := []struct {
		name string
		edit func(*Config)
		want []string
	}{
		{"all", func(*Config) {}, []string{" <pe", " <wa", " ace", " ar>", " ars", " ce>", " eac", " pea", " rs>", " war", "peace", "war", "wars"}},
		{"min-df 2", func(c *Config) { c.MinDF = 2 }, []string{" <wa", " ar>", " war", "war"}},
		// df 3: <wa, war; then df 2: " ar>" before "war" by term order.
		{"max-features 3", func(c *Config) { c.MaxFeatures = 3 }, []string{" <wa", " ar>", " war"}},
		{"max-features 4", func(c *Config) { c.MaxFeatures = 4 }, []string{" <wa", " ar>", " war", "war"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Config{NGramMin: 1, NGramMax: 1, MinDF: 1, Weighting: Binary, Lowercase: true, CharNGramMin: 3, CharNGramMax: 3}
			tt.edit(&c)
			v, err := Fit(c, texts)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(v.Terms, tt.want) {
				t.Errorf("terms %q, want %q", v.Terms, tt.want)
			}
		})
	}
}

// TestCharGramWeights checks that char n-grams are weighted like words:
// counted, given the same smoothed idf, and normalised in one vector.
func TestCharGramWeights(t *testing.T) {
	c := Config{NGramMin: 1, NGramMax: 1, MinDF: 2, Weighting: TFIDF, Lowercase: true, CharNGramMin: 3, CharNGramMax: 3}
	v, err := Fit(c, []string{"war", "wars", "peace war"})
	if err != nil {
		t.Fatal(err)
	}
	// Terms " <wa" " ar>" " war" "war" with df 3, 2, 3, 2 of n = 3:
	// idf = ln(4/(1+df)) + 1 is 1 for df 3 and 1+ln(4/3) for df 2.
	got := v.NewExtractor().Vector("War, war!").Dense(make([]float64, v.Len()))
	i2 := 1 + 0.28768207245178085 // ln(4/3)
	want := []float64{2, 2 * i2, 2, 2 * i2}
	for i := range want {
		if d := got[i] - want[i]; d > 1e-12 || d < -1e-12 {
			t.Fatalf("weights %v, want %v", got, want)
		}
	}
}

func TestCharGramConfigValidate(t *testing.T) {
	tests := []struct {
		min, max int
		ok       bool
	}{
		{0, 0, true}, {1, 1, true}, {2, 5, true}, {3, 10, true},
		{0, 3, false}, {3, 0, false}, {5, 2, false}, {-1, 2, false}, {2, 11, false},
	}
	for _, tt := range tests {
		c := DefaultConfig()
		c.CharNGramMin, c.CharNGramMax = tt.min, tt.max
		if err := c.Validate(); (err == nil) != tt.ok {
			t.Errorf("char n-grams %d-%d: got %v, want ok %v", tt.min, tt.max, err, tt.ok)
		}
	}
}

func TestParseCharNGrams(t *testing.T) {
	tests := []struct {
		in       string
		min, max int
		ok       bool
	}{
		{"2-5", 2, 5, true}, {" 3 - 4 ", 3, 4, true}, {"3", 3, 3, true},
		{"none", 0, 0, true}, {"0", 0, 0, true}, {"", 0, 0, true},
		// ParseCharNGrams reads numbers; Validate judges the range.
		{"5-2", 5, 2, true},
		{"0-3", 0, 0, false}, {"2-", 0, 0, false}, {"a-b", 0, 0, false}, {"-1", 0, 0, false}, {"2-5-7", 0, 0, false},
	}
	for _, tt := range tests {
		lo, hi, err := ParseCharNGrams(tt.in)
		if lo != tt.min || hi != tt.max || (err == nil) != tt.ok {
			t.Errorf("ParseCharNGrams(%q) = %d, %d, %v; want %d, %d, ok %v", tt.in, lo, hi, err, tt.min, tt.max, tt.ok)
		}
	}
	for _, tt := range []struct {
		min, max int
		want     string
	}{{2, 5, "2-5"}, {3, 3, "3-3"}, {0, 0, "none"}} {
		if got := FormatCharNGrams(tt.min, tt.max); got != tt.want {
			t.Errorf("FormatCharNGrams(%d, %d) = %q, want %q", tt.min, tt.max, got, tt.want)
		}
	}
}

func TestReadable(t *testing.T) {
	for term, want := range map[string]string{
		" <wa": "[<wa]", " ar": "[ar]", " war>": "[war>]", "war": "war", "not war": "not war", "<url>": "<url>", "": "",
	} {
		if got := Readable(term); got != want {
			t.Errorf("Readable(%q) = %q, want %q", term, got, want)
		}
	}
}

// TestCharGramsSaveLoad checks the round trip of a vectorizer with char
// n-grams, that a config without them writes no char n-gram fields (so
// older model files read the same), and that inconsistent files are
// refused.
func TestCharGramsSaveLoad(t *testing.T) {
	c := DefaultConfig()
	c.Weighting, c.CharNGramMin, c.CharNGramMax = TFIDF, 2, 5
	v, err := Fit(c, []string{"Help their families get out", "no money for war criminals", "not our war", "Ça suffit"})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := v.Save(&buf); err != nil {
		t.Fatal(err)
	}
	if s := buf.String(); !strings.Contains(s, `"char_ngram_min":2,"char_ngram_max":5`) {
		t.Errorf("saved config lacks the char n-gram lengths: %.300s", s)
	}
	var w Vectorizer
	if err := w.Load(bytes.NewReader(buf.Bytes())); err != nil {
		t.Fatal(err)
	}
	if w.Config != v.Config || !slices.Equal(w.Terms, v.Terms) {
		t.Errorf("after load config %+v and %d terms, before %+v and %d", w.Config, w.Len(), v.Config, v.Len())
	}
	for _, text := range []string{"no warring families", "ça va", ""} {
		a, b := v.NewExtractor().Vector(text), w.NewExtractor().Vector(text)
		if !slices.Equal(a.Index, b.Index) || !slices.Equal(a.Value, b.Value) {
			t.Errorf("%q: after load %+v, before %+v", text, b, a)
		}
	}

	off, err := Fit(DefaultConfig(), []string{"not our war"})
	if err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	if err := off.Save(&buf); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "char_ngram") {
		t.Errorf("a config without char n-grams writes them: %s", buf.String())
	}

	for name, file := range map[string]string{
		"char terms without char n-grams": `{"config":{"ngram_min":1,"ngram_max":1,"min_df":1,"weighting":"binary"},"terms":[" wa","war"]}`,
		"max below min":                   `{"config":{"ngram_min":1,"ngram_max":1,"min_df":1,"weighting":"binary","char_ngram_min":3,"char_ngram_max":2},"terms":[" wa","war"]}`,
		"min without max":                 `{"config":{"ngram_min":1,"ngram_max":1,"min_df":1,"weighting":"binary","char_ngram_min":3},"terms":["war"]}`,
	} {
		if err := w.Load(strings.NewReader(file)); err == nil {
			t.Errorf("%s: loaded without error", name)
		}
	}
}

// TestCharGramCacheClear labels documents of more distinct tokens than
// the Extractor's token cache holds, so that the cache overflows inside a
// document and is cleared before the next, and checks every vector
// against the string lookup.
func TestCharGramCacheClear(t *testing.T) {
	c := DefaultConfig()
	c.Weighting, c.CharNGramMin, c.CharNGramMax = Count, 2, 4
	v, err := Fit(c, []string{"a1 b2 c3 war wars warring", "peace x9y"})
	if err != nil {
		t.Fatal(err)
	}
	doc := func(first int) string {
		var b strings.Builder
		for i := first; i < first+defaultStemCacheLimit+1000; i++ {
			// Tokens with differing char n-gram terms ("<a" "<b" "<c"
			// and the digit at the end), so that a token's terms
			// overwritten by a later token's show.
			fmt.Fprintf(&b, "%c%d war ", "abc"[i%3], i)
		}
		return b.String()
	}
	slow := *v
	slow.fast = nil
	e, se := v.NewExtractor(), slow.NewExtractor()
	for _, text := range []string{doc(0), doc(1), "war a1 b2", doc(2)} {
		a, b := e.Vector(text), se.Vector(text)
		if !slices.Equal(a.Index, b.Index) || !slices.Equal(a.Value, b.Value) {
			t.Fatalf("fast %d terms, strings %d terms", a.Len(), b.Len())
		}
		if len(e.known) > defaultStemCacheLimit+len(e.toks) {
			t.Fatalf("token cache holds %d tokens", len(e.known))
		}
	}
}
