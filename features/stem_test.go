package features

import (
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

func TestStem(t *testing.T) {
	// The expected stems are Snowball English (Porter2) outputs of
	// github.com/kljensen/snowball v0.10.0, english.Stem(word, false).
	tests := []struct {
		in, want string
	}{
		{"defections", "defect"},
		{"intervention", "intervent"},
		{"bombing", "bomb"},
		{"running", "run"},
		{"officers", "offic"},
		{"refugees", "refuge"},
		{"government", "govern"},
		{"protesters", "protest"},
		{"happiness", "happi"},
		{"democracy", "democraci"},
		{"opposition", "opposit"},
		{"dying", "die"},
		{"syrians", "syrian"},
		{"cease-fire", "cease-fir"},
		{"voilà", "voilà"},
		{"ağrı", "ağrı"},
		// Snowball stop words come back unstemmed with stemStopWords false.
		{"against", "against"},
		{"was", "was"},
		// Tokens the Tokenizer makes that are not words.
		{"n't", "n't"},
		{"'s", "'s"},
		{"'ve", "'ve"},
		{"\u2019s", "\u2019s"},
		{"<url>", "<url>"},
		{"<num>", "<num>"},
		{"#syria", "#syria"},
		{"#bombings", "#bombings"},
		{"!", "!"},
		{"?", "?"},
		{"", ""},
	}
	s := NewStemmer(0)
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			// Twice: the second call is served by the cache.
			for range 2 {
				if got := s.Stem(tc.in); got != tc.want {
					t.Errorf("Stem(%q): got %q, want %q", tc.in, got, tc.want)
				}
			}
		})
	}
}

func TestStemmerZeroValue(t *testing.T) {
	var s Stemmer
	if got, want := s.Stem("bombing"), "bomb"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestStemCacheBounded(t *testing.T) {
	tests := []struct {
		name  string
		limit int
		want  int
	}{
		{"small", 10, 10},
		{"one", 1, 1},
		{"default", 0, 1 << 16},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := NewStemmer(tc.limit)
			if s.limit != tc.want {
				t.Fatalf("got limit %d, want %d", s.limit, tc.want)
			}
			n := tc.want + 1
			if n > 1000 {
				n = 1000 // the default is too big to fill quickly; check it grows
			}
			for i := range n {
				w := "word" + strconv.Itoa(i)
				if got, want := s.Stem(w), w; got != want {
					t.Fatalf("Stem(%q): got %q, want %q", w, got, want)
				}
				if len(s.cache) > s.limit {
					t.Fatalf("after %d words the cache holds %d entries, limit %d", i+1, len(s.cache), s.limit)
				}
			}
			if n == tc.want+1 && len(s.cache) == n {
				t.Errorf("cache was never cleared")
			}
			if len(s.cache) == 0 {
				t.Errorf("cache is empty after %d words", n)
			}
		})
	}
}

func TestStemCacheDoesNotPinInput(t *testing.T) {
	doc := strings.Repeat("running was ox ", 2)
	lo := uintptr(unsafe.Pointer(unsafe.StringData(doc)))
	hi := lo + uintptr(len(doc))
	tests := []struct {
		name, tok, want string
	}{
		{"stemmed", doc[:7], "run"},
		{"snowball stop word returned as is", doc[8:11], "was"},
		{"short word with a space, returned as a substring", doc[12:15], "ox"},
	}
	s := NewStemmer(0)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := s.Stem(tc.tok); got != tc.want {
				t.Fatalf("Stem(%q): got %q, want %q", tc.tok, got, tc.want)
			}
			v, ok := s.cache[tc.tok]
			if !ok {
				t.Fatalf("%q not cached", tc.tok)
			}
			for k := range s.cache {
				if k != tc.tok {
					continue
				}
				for _, str := range []string{k, v} {
					if p := uintptr(unsafe.Pointer(unsafe.StringData(str))); lo <= p && p < hi {
						t.Errorf("cache entry %q -> %q points into the input", k, v)
					}
				}
			}
		})
	}
}

func TestIsStopWord(t *testing.T) {
	tests := []struct {
		tok  string
		want bool
	}{
		{"the", true},
		{"a", true},
		{"of", true},
		{"is", true},
		{"'s", true},
		{"'re", true},
		{"ca", true},
		{"wo", true},
		{"they", true},
		{"for", true},
		// Negations and stance bearers are kept.
		{"not", false},
		{"no", false},
		{"nor", false},
		{"never", false},
		{"against", false},
		{"n't", false},
		{"none", false},
		{"nothing", false},
		{"neither", false},
		{"without", false},
		{"but", false},
		{"should", false},
		{"must", false},
		{"why", false},
		{"very", false},
		// Placeholders and punctuation are features.
		{"<num>", false},
		{"<url>", false},
		{"<user>", false},
		{"<email>", false},
		{"!", false},
		{"?", false},
		// Content words.
		{"war", false},
		{"syria", false},
	}
	for _, tc := range tests {
		t.Run(tc.tok, func(t *testing.T) {
			if got := IsStopWord(tc.tok); got != tc.want {
				t.Errorf("IsStopWord(%q): got %v, want %v", tc.tok, got, tc.want)
			}
		})
	}
}

func BenchmarkStem(b *testing.B) {
	tok := DefaultTokenizer()
	words := tok.Tokens(nil, strings.Repeat(benchText, 2))
	s := NewStemmer(0)
	b.ReportAllocs()
	for b.Loop() {
		for _, w := range words {
			s.Stem(w)
		}
	}
	b.ReportMetric(float64(len(words))*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}
