package features

import (
	"reflect"
	"testing"
)

// TestOccurrences checks that each term of a text is found back as the
// words written: stemmed, lowercased, split at clitics, replaced by
// placeholders or not.
func TestOccurrences(t *testing.T) {
	type occ struct{ term, surface string }
	for _, tc := range []struct {
		name string
		cfg  func(*Config)
		text string
		want []occ
	}{
		{"stems and bigrams", nil, "The Officials’ families fled.",
			[]occ{{"the", "The"}, {"the offici", "The Officials"}, {"offici", "Officials"}, {"offici famili", "Officials’ families"},
				{"famili", "families"}, {"famili fled", "families fled"}, {"fled", "fled"}}},
		{"clitics", func(c *Config) { c.NGramMax = 1 }, "They DON’T care, can't you see",
			[]occ{{"they", "They"}, {"do", "DO"}, {"n't", "N’T"}, {"care", "care"}, {"ca", "ca"}, {"n't", "n't"}, {"you", "you"}, {"see", "see"}}},
		{"placeholders", func(c *Config) { c.NGramMax = 1 }, "@Bob read https://x.org/a. on 21st May, 1,000 dead!!",
			[]occ{{"<user>", "@Bob"}, {"read", "read"}, {"<url>", "https://x.org/a"}, {"on", "on"}, {"<num>", "21st"}, {"may", "May"},
				{"<num>", "1,000"}, {"dead", "dead"}, {"!", "!"}}},
		{"stop words left out between", func(c *Config) { c.StopWords = true }, "stop the war",
			[]occ{{"stop", "stop"}, {"stop war", "stop the war"}, {"war", "war"}}},
		{"char n-grams span their token", func(c *Config) { c.NGramMax, c.CharNGramMin, c.CharNGramMax = 1, 4, 4 }, "Bombs",
			[]occ{{"bomb", "Bombs"}, {" <bom", "Bombs"}, {" bomb", "Bombs"}, {" ombs", "Bombs"}, {" mbs>", "Bombs"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := DefaultConfig()
			if tc.cfg != nil {
				tc.cfg(&c)
			}
			v, err := Fit(c, []string{tc.text})
			if err != nil {
				t.Fatal(err)
			}
			var got []occ
			for _, o := range v.NewExtractor().Occurrences(tc.text) {
				got = append(got, occ{v.Terms[o.Term], tc.text[o.Span.Start:o.Span.End]})
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
			// The same terms, in the same order, as Terms gives them.
			terms := v.NewExtractor().Terms(tc.text)
			if len(terms) != len(got) {
				t.Errorf("%d occurrences for %d terms", len(got), len(terms))
			}
		})
	}
}
