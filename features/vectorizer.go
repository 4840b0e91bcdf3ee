package features

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
)

// Weighting names how a term's count in a document becomes its weight.
type Weighting string

// The weightings. With tf the term's count in the document, df the number
// of training documents holding it and n the number of training documents:
//
//	Binary: w = 1
//	Count:  w = tf                       (1+ln tf when Config.Sublinear)
//	TFIDF:  w = tf * (ln((1+n)/(1+df)) + 1)   (the smoothed idf of scikit-learn)
const (
	Binary Weighting = "binary"
	Count  Weighting = "count"
	TFIDF  Weighting = "tfidf"
)

// Config holds the settings of a Vectorizer. They are saved with the model,
// so labelling always extracts features exactly as training did.
type Config struct {
	NGramMin    int       `json:"ngram_min"`    // shortest word n-gram, >= 1
	NGramMax    int       `json:"ngram_max"`    // longest word n-gram, >= NGramMin
	MinDF       int       `json:"min_df"`       // drop terms in fewer training documents
	MaxFeatures int       `json:"max_features"` // keep the terms of highest df; 0 keeps all
	Weighting   Weighting `json:"weighting"`
	Sublinear   bool      `json:"sublinear_tf"` // replace tf by 1+ln tf
	Normalize   bool      `json:"l2_normalize"` // scale each vector to unit Euclidean norm
	StopWords   bool      `json:"stop_words"`   // drop IsStopWord tokens before forming n-grams
	Stem        bool      `json:"stem"`         // Snowball English stemming
	Lowercase   bool      `json:"lowercase"`
	KeepPunct   bool      `json:"keep_punct"` // keep "!" and "?" as tokens
}

// DefaultConfig returns the settings of the default recipe: stemmed word
// 1- and 2-grams, no stop-word removal, every term seen in training kept,
// binary weights, "!" and "?" kept as tokens. README.md gives the SST-2 and seed
// corpus measurements behind each choice.
func DefaultConfig() Config {
	return Config{
		NGramMin:  1,
		NGramMax:  2,
		MinDF:     1,
		Weighting: Binary,
		Stem:      true,
		Lowercase: true,
		KeepPunct: true,
	}
}

// Validate reports the first setting that is out of range.
func (c Config) Validate() error {
	switch {
	case c.NGramMin < 1:
		return fmt.Errorf("features: ngram min %d < 1", c.NGramMin)
	case c.NGramMax < c.NGramMin:
		return fmt.Errorf("features: ngram max %d < min %d", c.NGramMax, c.NGramMin)
	case c.NGramMax > 5:
		return fmt.Errorf("features: ngram max %d > 5", c.NGramMax)
	case c.MinDF < 1:
		return fmt.Errorf("features: min-df %d < 1", c.MinDF)
	case c.MaxFeatures < 0:
		return fmt.Errorf("features: max-features %d < 0", c.MaxFeatures)
	}
	switch c.Weighting {
	case Binary, Count, TFIDF:
	default:
		return fmt.Errorf("features: unknown weighting %q (want binary, count or tfidf)", c.Weighting)
	}
	return nil
}

// Vectorizer maps documents onto a fixed vocabulary of terms.
type Vectorizer struct {
	Config Config    `json:"config"`
	Terms  []string  `json:"terms"` // sorted; a term's index is its position
	IDF    []float64 `json:"idf,omitempty"`
	NDocs  int       `json:"n_docs"` // training documents seen by Fit

	index map[string]int32
}

// ErrNoTerms is returned by Fit when pruning leaves an empty vocabulary.
var ErrNoTerms = errors.New("features: no terms left after pruning (too few documents, or min-df too high)")

// Fit learns the vocabulary (and idf) of texts under c.
//
// Pruning: terms with df < MinDF go; then, when MaxFeatures > 0, the
// MaxFeatures terms of highest df stay, ties broken by term order so the
// result does not depend on map iteration.
func Fit(c Config, texts []string) (*Vectorizer, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	v := &Vectorizer{Config: c, NDocs: len(texts)}
	e := v.NewExtractor()
	df := make(map[string]int)
	seen := make(map[string]bool)
	for _, text := range texts {
		clear(seen)
		e.grams(text, func(g []byte) {
			if !seen[string(g)] {
				s := string(g)
				seen[s] = true
				df[s]++
			}
		})
	}
	terms := make([]string, 0, len(df))
	for t, n := range df {
		if n >= c.MinDF {
			terms = append(terms, t)
		}
	}
	if c.MaxFeatures > 0 && len(terms) > c.MaxFeatures {
		sort.Slice(terms, func(i, j int) bool {
			if df[terms[i]] != df[terms[j]] {
				return df[terms[i]] > df[terms[j]]
			}
			return terms[i] < terms[j]
		})
		terms = terms[:c.MaxFeatures]
	}
	if len(terms) == 0 {
		return nil, ErrNoTerms
	}
	slices.Sort(terms)
	v.Terms = terms
	if c.Weighting == TFIDF {
		v.IDF = make([]float64, len(terms))
		n := float64(len(texts))
		for i, t := range terms {
			v.IDF[i] = math.Log((1+n)/(1+float64(df[t]))) + 1
		}
	}
	v.buildIndex()
	return v, nil
}

func (v *Vectorizer) buildIndex() {
	v.index = make(map[string]int32, len(v.Terms))
	for i, t := range v.Terms {
		v.index[t] = int32(i)
	}
}

// Len returns the number of terms, the dimension of the vectors.
func (v *Vectorizer) Len() int { return len(v.Terms) }

// Save writes v as JSON.
func (v *Vectorizer) Save(w io.Writer) error {
	return json.NewEncoder(w).Encode(v)
}

// Load reads a Vectorizer written by Save, checking that it is consistent.
func (v *Vectorizer) Load(r io.Reader) error {
	var u Vectorizer
	if err := json.NewDecoder(r).Decode(&u); err != nil {
		return fmt.Errorf("features: reading vectorizer: %w", err)
	}
	if err := u.check(); err != nil {
		return err
	}
	*v = u
	v.buildIndex()
	return nil
}

func (v *Vectorizer) check() error {
	if err := v.Config.Validate(); err != nil {
		return err
	}
	if len(v.Terms) == 0 {
		return ErrNoTerms
	}
	if !slices.IsSorted(v.Terms) {
		return errors.New("features: vectorizer terms are not sorted")
	}
	if len(v.Terms) > math.MaxInt32 {
		return errors.New("features: too many terms")
	}
	if v.Config.Weighting == TFIDF && len(v.IDF) != len(v.Terms) {
		return fmt.Errorf("features: %d idf values for %d terms", len(v.IDF), len(v.Terms))
	}
	return nil
}

// UnmarshalJSON decodes a Vectorizer inside a model file, checks it and
// rebuilds its term index.
func (v *Vectorizer) UnmarshalJSON(b []byte) error {
	type plain Vectorizer
	var u plain
	if err := json.Unmarshal(b, &u); err != nil {
		return err
	}
	w := Vectorizer(u)
	if err := w.check(); err != nil {
		return err
	}
	*v = w
	v.buildIndex()
	return nil
}

// Extractor turns texts into vectors for one goroutine: it owns a stemmer
// cache and scratch buffers that are reused from call to call.
type Extractor struct {
	v       *Vectorizer
	tok     Tokenizer
	stem    *Stemmer
	toks    []string
	words   []string
	buf     []byte
	idx     []int32
	scratch Vector
}

// NewExtractor returns an Extractor for v.
func (v *Vectorizer) NewExtractor() *Extractor {
	return &Extractor{
		v:    v,
		tok:  Tokenizer{Lowercase: v.Config.Lowercase, KeepPunct: v.Config.KeepPunct},
		stem: NewStemmer(0),
	}
}

// normalise returns the words of text: tokens, less stop words when
// configured, stemmed when configured. The slice is reused.
func (e *Extractor) normalise(text string) []string {
	c := &e.v.Config
	e.toks = e.tok.Tokens(e.toks[:0], text)
	e.words = e.words[:0]
	for _, t := range e.toks {
		if c.StopWords && IsStopWord(t) {
			continue
		}
		if c.Stem {
			t = e.stem.Stem(t)
		}
		e.words = append(e.words, t)
	}
	return e.words
}

// grams calls f with each n-gram of text in order; the bytes are only valid
// during the call.
func (e *Extractor) grams(text string, f func(g []byte)) {
	c := &e.v.Config
	words := e.normalise(text)
	for i := range words {
		e.buf = e.buf[:0]
		for n := 1; n <= c.NGramMax && i+n <= len(words); n++ {
			if n > 1 {
				e.buf = append(e.buf, ' ')
			}
			e.buf = append(e.buf, words[i+n-1]...)
			if n >= c.NGramMin {
				f(e.buf)
			}
		}
	}
}

// Terms returns the vocabulary terms of text in order of occurrence, with
// repeats; n-grams outside the vocabulary are left out.
func (e *Extractor) Terms(text string) []string {
	var out []string
	e.grams(text, func(g []byte) {
		if i, ok := e.v.index[string(g)]; ok {
			out = append(out, e.v.Terms[i])
		}
	})
	return out
}

// Vector returns the weighted vector of text. The result is freshly
// allocated and belongs to the caller.
func (e *Extractor) Vector(text string) Vector {
	s := e.vector(text)
	return Vector{Index: slices.Clone(s.Index), Value: slices.Clone(s.Value)}
}

// VectorScratch is Vector without the copy: the result is overwritten by the
// next call on e. Labelling uses it to score without allocating.
func (e *Extractor) VectorScratch(text string) Vector { return e.vector(text) }

func (e *Extractor) vector(text string) Vector {
	e.idx = e.idx[:0]
	e.grams(text, func(g []byte) {
		if i, ok := e.v.index[string(g)]; ok {
			e.idx = append(e.idx, i)
		}
	})
	slices.Sort(e.idx)
	out := &e.scratch
	out.Index, out.Value = out.Index[:0], out.Value[:0]
	c := &e.v.Config
	for k := 0; k < len(e.idx); {
		j := k
		for j < len(e.idx) && e.idx[j] == e.idx[k] {
			j++
		}
		tf := float64(j - k)
		var w float64
		switch c.Weighting {
		case Binary:
			w = 1
		default:
			if c.Sublinear {
				tf = 1 + math.Log(tf)
			}
			w = tf
			if c.Weighting == TFIDF {
				w *= e.v.IDF[e.idx[k]]
			}
		}
		out.Index = append(out.Index, e.idx[k])
		out.Value = append(out.Value, w)
		k = j
	}
	if c.Normalize {
		if n := out.Norm2(); n > 0 {
			for k := range out.Value {
				out.Value[k] /= n
			}
		}
	}
	return *out
}

// LogCountRatio returns the naive Bayes log-count ratio of every term for
// class c against the rest (Wang and Manning 2012, "Baselines and Bigrams"):
//
//	p = α + Σ_{i: y_i = c} x̂_i    q = α + Σ_{i: y_i ≠ c} x̂_i
//	r = ln( (p / ‖p‖₁) / (q / ‖q‖₁) )
//
// where x̂_i is document i's vector binarised (1 where non-zero). X holds
// the documents, y their class indices, n the number of terms; α > 0 is
// the smoothing (1 in the paper). Scaling a vector elementwise by r before
// a linear model gives NBSVM / NB-LR.
func LogCountRatio(X []Vector, y []int, c, n int, alpha float64) []float64 {
	p := make([]float64, n)
	q := make([]float64, n)
	for i, x := range X {
		dst := q
		if y[i] == c {
			dst = p
		}
		for _, j := range x.Index {
			dst[j]++
		}
	}
	var sp, sq float64
	for j := range p {
		p[j] += alpha
		q[j] += alpha
		sp += p[j]
		sq += q[j]
	}
	r := p
	for j := range r {
		r[j] = math.Log((p[j] / sp) / (q[j] / sq))
	}
	return r
}
