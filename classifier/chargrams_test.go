package classifier

import (
	"io"
	"os"
	"testing"
	"time"

	"github.com/stance-nlp/stance/features"
)

// TestCharNGramTable measures char n-grams (features.Config.CharNGramMin
// and Max) beside the default recipe on SST-2: test accuracy, training
// time on SST-2 train (one fit, no CV), features and model file size. It
// runs only with STANCE_CHARGRAMS=1 (a minute or two); BENCHMARKS.md and
// the char n-gram commit give its figures.
//
//	STANCE_CHARGRAMS=1 go test -count=1 -run 'TestCharNGramTable$' -v ./classifier
func TestCharNGramTable(t *testing.T) {
	if os.Getenv("STANCE_CHARGRAMS") == "" {
		t.Skip("set STANCE_CHARGRAMS=1 to measure char n-grams on SST-2")
	}
	def := RecipeV1()
	chars := func(edit func(*features.Config)) Recipe {
		r := def
		r.Features.CharNGramMin, r.Features.CharNGramMax = 2, 5
		edit(&r.Features)
		return r
	}
	tfidfC30 := chars(func(c *features.Config) { c.Weighting, c.Sublinear, c.Normalize = features.TFIDF, true, true })
	tfidfC30.C, tfidfC30.NB = 30, false
	for _, c := range []struct {
		name string
		r    Recipe
	}{
		{"default", def},
		{"default + char 2-5", chars(func(*features.Config) {})},
		{"char 2-5, word 1-grams", chars(func(c *features.Config) { c.NGramMax = 1 })},
		{"char 2-5, tfidf sublinear l2", chars(func(c *features.Config) { c.Weighting, c.Sublinear, c.Normalize = features.TFIDF, true, true })},
		{"char 2-5, tfidf sublinear l2, C=30, no NB", tfidfC30},
		{"char 2-5, min-df 2", chars(func(c *features.Config) { c.MinDF = 2 })},
	} {
		trX, trY := readSST2(t, "train")
		r := c.r
		r.Folds = 0
		start := time.Now()
		b, err := Train(&TrainingSet{Texts: trX, Columns: []string{"sentiment"}, Labels: [][]string{trY}}, r, nil)
		if err != nil {
			t.Fatal(err)
		}
		took := time.Since(start)
		size, err := b.WriteTo(io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		teX, teY := readSST2(t, "test")
		p := b.NewPredictor()
		gold := encode(teY, b.Columns[0].Labels)
		right := 0
		for i, x := range teX {
			if p.Predict(x)[0].Index == gold[i] {
				right++
			}
		}
		t.Logf("%-42s SST-2 test %.2f%%  train %5.1f s  %7d features  model %5.1f MB", c.name,
			100*float64(right)/float64(len(teX)), took.Seconds(), b.Vectorizer.Len(), float64(size)/1e6)
	}
}
