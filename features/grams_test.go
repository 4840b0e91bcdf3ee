package features

import (
	"errors"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/stance-nlp/stance/internal/testkit"
)

// TestGramsMatchFit checks that the vocabulary and vectors built from
// shared n-grams are exactly those Fit and Extractor.Vector give on the
// same documents' texts, for subsets in any order, under recipes that
// cover every setting Grams leaves to Fit (pruning, weighting) and every
// one that shapes the n-grams. 2,500 texts make NewGrams split the work.
func TestGramsMatchFit(t *testing.T) {
	texts := append(testkit.Texts(t, 2500), "", "!!!", "Don't #StopTheWar @you 1st http://x.y can't won't")
	rng := rand.New(rand.NewPCG(1, 2))
	configs := map[string]func(*Config){
		"default":     func(*Config) {},
		"trigrams":    func(c *Config) { c.NGramMin, c.NGramMax = 2, 3 },
		"stop words":  func(c *Config) { c.StopWords, c.Stem = true, false },
		"pruned":      func(c *Config) { c.MinDF, c.MaxFeatures = 3, 700 },
		"tfidf l2":    func(c *Config) { c.Weighting, c.Normalize, c.Sublinear = TFIDF, true, true },
		"char 3-5":    func(c *Config) { c.CharNGramMin, c.CharNGramMax, c.MinDF = 3, 5, 2 },
		"char counts": func(c *Config) { c.CharNGramMin, c.CharNGramMax, c.Weighting = 2, 4, Count },
		"rules":       func(c *Config) { c.Rules, c.Weighting = testRules, Count },
		"rules char":  func(c *Config) { c.Rules, c.CharNGramMin, c.CharNGramMax, c.MinDF = testRules, 3, 5, 2 },
	}
	for name, edit := range configs {
		t.Run(name, func(t *testing.T) {
			c := DefaultConfig()
			edit(&c)
			g, err := NewGrams(c, texts)
			if err != nil {
				t.Fatal(err)
			}
			if g.Len() != len(texts) {
				t.Fatalf("Len = %d, want %d", g.Len(), len(texts))
			}
			for _, docs := range [][]int{rng.Perm(len(texts)), rng.Perm(len(texts))[:900], {len(texts) - 1, 3, len(texts) - 3}} {
				sub := make([]string, len(docs))
				for k, d := range docs {
					sub[k] = texts[d]
				}
				want, werr := Fit(c, sub)
				got, gerr := g.Fit(c, docs)
				if werr != nil || gerr != nil {
					if !errors.Is(gerr, werr) {
						t.Fatalf("%d docs: Fit error %v, Grams.Fit error %v", len(docs), werr, gerr)
					}
					continue
				}
				if !reflect.DeepEqual(got.Terms, want.Terms) || !reflect.DeepEqual(got.IDF, want.IDF) || got.NDocs != want.NDocs {
					t.Fatalf("%d docs: vocabularies differ: %d terms against %d", len(docs), got.Len(), want.Len())
				}
				X := g.Vectors(got, docs)
				e := want.NewExtractor()
				for k, s := range sub {
					if w := e.Vector(s); !reflect.DeepEqual(X[k], w) {
						t.Fatalf("%d docs: document %d (%q): vector %v, want %v", len(docs), docs[k], s, X[k], w)
					}
				}
			}
		})
	}
}

// TestGramsConfig checks that Grams.Fit takes a configuration that only
// prunes or weighs differently, and refuses one that cuts other n-grams.
func TestGramsConfig(t *testing.T) {
	c := DefaultConfig()
	g, err := NewGrams(c, []string{"a b c", "b c d"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		edit func(*Config)
		ok   bool
	}{
		{"weighting", func(c *Config) { c.Weighting, c.Normalize = TFIDF, true }, true},
		{"pruning", func(c *Config) { c.MinDF, c.MaxFeatures = 2, 1 }, true},
		{"n-grams", func(c *Config) { c.NGramMax = 3 }, false},
		{"char n-grams", func(c *Config) { c.CharNGramMin, c.CharNGramMax = 3, 5 }, false},
		{"stemming", func(c *Config) { c.Stem = false }, false},
	} {
		d := c
		tc.edit(&d)
		if _, err := g.Fit(d, []int{0, 1}); (err == nil) != tc.ok {
			t.Errorf("%s: error %v, want ok %v", tc.name, err, tc.ok)
		}
	}
}
