package features

import (
	"bytes"
	"math"
	"slices"
	"testing"
)

func TestFitVocabulary(t *testing.T) {
	texts := []string{
		"Not a good plan",
		"a good plan, a great plan",
		"bribing officers is not good",
	}
	base := Config{NGramMin: 1, NGramMax: 1, MinDF: 1, Weighting: Binary, Lowercase: true}
	tests := []struct {
		name string
		edit func(*Config)
		want []string
	}{
		{"unigrams", func(c *Config) {}, []string{"a", "bribing", "good", "great", "is", "not", "officers", "plan"}},
		{"min-df 2", func(c *Config) { c.MinDF = 2 }, []string{"a", "good", "not", "plan"}},
		// df: good 3, a 2, not 2, plan 2; ties broken by term order
		{"max-features 3", func(c *Config) { c.MaxFeatures = 3 }, []string{"a", "good", "not"}},
		{"stop words keep negation", func(c *Config) { c.StopWords = true }, []string{"bribing", "good", "great", "not", "officers", "plan"}},
		{"stemmed", func(c *Config) { c.Stem = true; c.StopWords = true }, []string{"bribe", "good", "great", "not", "offic", "plan"}},
		{"bigrams only", func(c *Config) { c.NGramMin, c.NGramMax, c.MinDF = 2, 2, 2 }, []string{"a good", "good plan"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := base
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

func TestVectorWeights(t *testing.T) {
	texts := []string{"war war peace", "war", "peace talks"}
	base := Config{NGramMin: 1, NGramMax: 1, MinDF: 1, Lowercase: true}
	// terms: peace 0, talks 1, war 2; n = 3; df: peace 2, talks 1, war 2
	idf := func(df float64) float64 { return math.Log(4/(1+df)) + 1 }
	tests := []struct {
		name string
		edit func(*Config)
		want []float64 // dense weights of "war war peace"
	}{
		{"binary", func(c *Config) { c.Weighting = Binary }, []float64{1, 0, 1}},
		{"count", func(c *Config) { c.Weighting = Count }, []float64{1, 0, 2}},
		{"sublinear count", func(c *Config) { c.Weighting, c.Sublinear = Count, true }, []float64{1, 0, 1 + math.Log(2)}},
		{"tfidf", func(c *Config) { c.Weighting = TFIDF }, []float64{idf(2), 0, 2 * idf(2)}},
		{"l2 binary", func(c *Config) { c.Weighting, c.Normalize = Binary, true }, []float64{1 / math.Sqrt2, 0, 1 / math.Sqrt2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := base
			tt.edit(&c)
			v, err := Fit(c, texts)
			if err != nil {
				t.Fatal(err)
			}
			got := v.NewExtractor().Vector("war war peace").Dense(make([]float64, v.Len()))
			for i := range got {
				if math.Abs(got[i]-tt.want[i]) > 1e-12 {
					t.Fatalf("weights %v, want %v", got, tt.want)
				}
			}
		})
	}
}

func TestVectorUnknownAndEmpty(t *testing.T) {
	v, err := Fit(DefaultConfig(), []string{"assad must go", "stay out"})
	if err != nil {
		t.Fatal(err)
	}
	e := v.NewExtractor()
	for _, text := range []string{"", "   ", "entirely unseen words", "!!!"} {
		x := e.Vector(text)
		for _, i := range x.Index {
			if int(i) >= v.Len() {
				t.Errorf("%q: index %d outside vocabulary of %d", text, i, v.Len())
			}
		}
	}
	if x := e.Vector("Assad must go, assad!"); !slices.IsSorted(x.Index) || len(x.Index) == 0 {
		t.Errorf("vector %+v: want sorted, non-empty indices", x)
	}
}

func TestFitErrors(t *testing.T) {
	if _, err := Fit(Config{NGramMin: 1, NGramMax: 1, MinDF: 5, Weighting: Binary}, []string{"a b"}); err != ErrNoTerms {
		t.Errorf("got %v, want ErrNoTerms", err)
	}
	bad := []Config{
		{NGramMin: 0, NGramMax: 1, MinDF: 1, Weighting: Binary},
		{NGramMin: 2, NGramMax: 1, MinDF: 1, Weighting: Binary},
		{NGramMin: 1, NGramMax: 1, MinDF: 0, Weighting: Binary},
		{NGramMin: 1, NGramMax: 1, MinDF: 1, Weighting: "bm25"},
	}
	for _, c := range bad {
		if _, err := Fit(c, []string{"x"}); err == nil {
			t.Errorf("Fit(%+v) gave no error", c)
		}
	}
}

func TestVectorizerSaveLoad(t *testing.T) {
	c := DefaultConfig()
	c.Weighting = TFIDF
	v, err := Fit(c, []string{"Help their families get out", "no money for war criminals", "not our war"})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := v.Save(&buf); err != nil {
		t.Fatal(err)
	}
	var w Vectorizer
	if err := w.Load(bytes.NewReader(buf.Bytes())); err != nil {
		t.Fatal(err)
	}
	text := "no war, not our families"
	a, b := v.NewExtractor().Vector(text), w.NewExtractor().Vector(text)
	if !slices.Equal(a.Index, b.Index) || !slices.Equal(a.Value, b.Value) {
		t.Errorf("after load %+v, before %+v", b, a)
	}
	if err := w.Load(bytes.NewReader([]byte(`{"config":{"ngram_min":1,"ngram_max":1,"min_df":1,"weighting":"binary"},"terms":["b","a"]}`))); err == nil {
		t.Error("loading unsorted terms gave no error")
	}
}

func TestLogCountRatio(t *testing.T) {
	// Two terms, two documents per class. Term 0 only in class 0 documents
	// (twice), term 1 once in each class. With α = 1:
	// p = (2+1, 1+1) = (3, 2), ‖p‖₁ = 5; q = (0+1, 1+1) = (1, 2), ‖q‖₁ = 3.
	X := []Vector{
		{Index: []int32{0}, Value: []float64{3}},
		{Index: []int32{0, 1}, Value: []float64{1, 1}},
		{Index: []int32{1}, Value: []float64{2}},
		{},
	}
	y := []int{0, 0, 1, 1}
	r := LogCountRatio(X, y, 0, 2, 1)
	want := []float64{math.Log((3.0 / 5) / (1.0 / 3)), math.Log((2.0 / 5) / (2.0 / 3))}
	for j := range r {
		if math.Abs(r[j]-want[j]) > 1e-12 {
			t.Errorf("r[%d] = %v, want %v", j, r[j], want[j])
		}
	}
}
