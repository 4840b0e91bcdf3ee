package features

import (
	"slices"
	"testing"

	"github.com/stance-nlp/stance/internal/testkit"
)

// TestFastIndexMatchesStrings checks that the id-based n-gram lookup of
// vector finds exactly the terms the string lookup finds, under recipes
// with 1- to 3-grams, char n-grams, stop words, stemming and pruning.
func TestFastIndexMatchesStrings(t *testing.T) {
	texts := testkit.Texts(t, 600)
	train, test := texts[:300], append(texts[300:], "", "!!!", "Don't #StopTheWar @you 1st http://x.y can't won't")
	configs := map[string]func(*Config){
		"default":      func(*Config) {},
		"unigrams":     func(c *Config) { c.NGramMax = 1 },
		"bigrams only": func(c *Config) { c.NGramMin = 2 },
		"trigrams":     func(c *Config) { c.NGramMax = 3 },
		"2-3 grams":    func(c *Config) { c.NGramMin, c.NGramMax = 2, 3 },
		"stop words":   func(c *Config) { c.StopWords, c.NGramMax = true, 3 },
		"no stem":      func(c *Config) { c.Stem = false },
		"pruned":       func(c *Config) { c.MinDF, c.MaxFeatures, c.NGramMax = 2, 500, 3 },
		"tfidf l2":     func(c *Config) { c.Weighting, c.Normalize, c.Sublinear = TFIDF, true, true },
		"char 2-5":     func(c *Config) { c.CharNGramMin, c.CharNGramMax, c.Weighting = 2, 5, Count },
		"char only 1":  func(c *Config) { c.CharNGramMin, c.CharNGramMax, c.NGramMax = 1, 1, 1 },
		"char stop":    func(c *Config) { c.CharNGramMin, c.CharNGramMax, c.StopWords, c.NGramMax = 3, 4, true, 3 },
		"char pruned":  func(c *Config) { c.CharNGramMin, c.CharNGramMax, c.MinDF, c.MaxFeatures = 2, 5, 2, 2000 },
		"rules":        func(c *Config) { c.Rules = testRules },
		"rules char":   func(c *Config) { c.Rules, c.CharNGramMin, c.CharNGramMax, c.MinDF = testRules, 3, 5, 2 },
		"rules stop":   func(c *Config) { c.Rules, c.StopWords, c.Stem, c.NGramMax = testRules, true, false, 3 },
	}
	for name, edit := range configs {
		t.Run(name, func(t *testing.T) {
			c := DefaultConfig()
			edit(&c)
			v, err := Fit(c, train)
			if err != nil {
				t.Fatal(err)
			}
			slow := *v
			slow.fast = nil
			fe, se := v.NewExtractor(), slow.NewExtractor()
			fired := 0
			for _, text := range test {
				a, b := fe.Vector(text), se.Vector(text)
				if !slices.Equal(a.Index, b.Index) || !slices.Equal(a.Value, b.Value) {
					t.Fatalf("%q: fast %v, strings %v", text, a, b)
				}
				for _, k := range a.Index {
					if IsRule(v.Terms[k]) {
						fired++
					}
				}
			}
			// The rules must fire for the comparison to test them.
			if c.Rules != "" && fired < 20 {
				t.Fatalf("rules fired %d times in %d texts, want at least 20", fired, len(test))
			}
		})
	}
}

// TestIndexSorter sorts distinct indices by each of its three ways, and
// then by the one it picks, against slices.Sort.
func TestIndexSorter(t *testing.T) {
	var s indexSorter
	ways := map[string]func(a []int32, n int){
		"sort":   s.sort,
		"bitmap": func(a []int32, n int) { s.bitmap(a, (n+63)/64, (n+64*64-1)/(64*64)) },
		"radix":  s.radix,
		"slices": func(a []int32, _ int) { slices.Sort(a) },
	}
	for name, sort := range ways {
		for _, n := range []int{1, 2, 255, 256, 257, 13384, 1 << 20, 1<<31 - 1} {
			for _, size := range []int{0, 1, 31, 32, 63, 64, 65, 300, 2000} {
				if name == "bitmap" && n > 1<<20 {
					continue // 256 MB of bitmap
				}
				// size distinct values below n, in random order.
				x := uint64(n)*7919 + uint64(size)
				seen := map[int32]bool{}
				a := make([]int32, 0, size)
				for len(a) < min(size, n) {
					x = x*6364136223846793005 + 1442695040888963407
					if v := int32((x >> 33) % uint64(n)); !seen[v] {
						seen[v] = true
						a = append(a, v)
					}
				}
				want := slices.Sorted(slices.Values(a))
				sort(a, n)
				if !slices.Equal(a, want) {
					t.Fatalf("%s: n %d size %d: got %v, want %v", name, n, len(a), a, want)
				}
			}
		}
		for i, b := range append(s.bits, s.top...) {
			if b != 0 {
				t.Fatalf("%s: bitmap word %d is %x after sorting, want 0", name, i, b)
			}
		}
	}
}
