package features

import "testing"

// TestCoverage checks Coverage against counts made by hand from the
// tokenizer's rules and the vocabulary of two training texts.
func TestCoverage(t *testing.T) {
	train := []string{"The soldiers defect", "pay the generals"}
	bigrams := DefaultConfig()
	bigrams.NGramMin = 2
	chars := DefaultConfig()
	chars.CharNGramMin, chars.CharNGramMax = 3, 5
	tests := []struct {
		name         string
		config       Config
		text         string
		words, known int
	}{
		// soldiers, defected: both stem to training words.
		{"stemmed words known", DefaultConfig(), "Soldiers defected!", 2, 2},
		// "the" is a stop word, not counted; officers is unknown.
		{"stop word left out", DefaultConfig(), "the officers defect", 2, 1},
		// <num>, <user>, <url>, "!" and "?" are not words.
		{"placeholders and marks", DefaultConfig(), "1,000 @bob http://x.y !!! ?", 0, 0},
		{"empty", DefaultConfig(), "", 0, 0},
		// #pay is a hashtag, a word of its own that no term holds.
		{"hashtag", DefaultConfig(), "#pay generals", 2, 1},
		// With bigrams only, "soldier" and "defect" are still words of
		// the term "soldier defect"; "pay" of "pay the".
		{"words of bigram terms", bigrams, "pay soldiers", 2, 2},
		// Char n-grams of "soldiers" ("<so", "sol", "old") are in "sold",
		// but the word itself is in no word term.
		{"char n-grams do not count", chars, "sold", 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := Fit(tt.config, train)
			if err != nil {
				t.Fatal(err)
			}
			e := v.NewExtractor()
			if tt.config.CharNGramMax > 0 && len(e.Terms(tt.text)) == 0 {
				t.Fatalf("%q has no char n-gram terms: the case tests nothing", tt.text)
			}
			// Alone, again (from the token cache), after a vector of the
			// same text (its tokens reused) and after one of another.
			for _, before := range []string{"", "", tt.text, "officers defect"} {
				if before != "" {
					e.VectorScratch(before)
				}
				words, known := e.Coverage(tt.text)
				if words != tt.words || known != tt.known {
					t.Fatalf("after %q: Coverage(%q) = %d words, %d known; want %d, %d", before, tt.text, words, known, tt.words, tt.known)
				}
			}
		})
	}
}
