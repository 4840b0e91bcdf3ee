package features

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strings"
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

	// Character n-grams within words (see IsCharGram), in the same
	// vocabulary as the word n-grams, pruned and weighted with them: the
	// shortest and longest in runes, boundary marks included; both 0 (the
	// default) for none.
	CharNGramMin int `json:"char_ngram_min,omitempty"`
	CharNGramMax int `json:"char_ngram_max,omitempty"`

	// Rules holds codebook rules in the form FormatRules writes (see
	// IsRule): each rule one term of the vocabulary, present when any of
	// its phrases occurs. "" (the default) for none. The text, not a
	// parsed form, keeps Config comparable and the model file readable.
	Rules string `json:"rules,omitempty"`
}

// DefaultConfig returns the settings of the default recipe: stemmed word
// 1- and 2-grams, no stop-word removal, every term seen in training kept,
// binary weights, "!" and "?" kept as tokens. docs/accuracy.md gives the SST-2 and seed
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

// MaxNGram is the longest word n-gram a Config may ask for.
const MaxNGram = 5

// MaxRulesBytes bounds Config.Rules: a model file's rules are compiled
// when it is read, once for every vectorizer it holds. A model file with
// 40,000 rules (6.5 MB) took 4 s to read, one with 1,000 (150 KB) 67 ms;
// 64 KiB is thirty times the seed corpus's codebook rules
// (data/syria.rules).
const MaxRulesBytes = 64 << 10

// Validate reports the first setting that is out of range.
func (c Config) Validate() error {
	switch {
	case c.NGramMin < 1:
		return fmt.Errorf("features: ngram min %d < 1", c.NGramMin)
	case c.NGramMax < c.NGramMin:
		return fmt.Errorf("features: ngram max %d < min %d", c.NGramMax, c.NGramMin)
	case c.NGramMax > MaxNGram:
		return fmt.Errorf("features: ngram max %d > %d", c.NGramMax, MaxNGram)
	case c.MinDF < 1:
		return fmt.Errorf("features: min-df %d < 1", c.MinDF)
	case c.MaxFeatures < 0:
		return fmt.Errorf("features: max-features %d < 0", c.MaxFeatures)
	case c.CharNGramMin == 0 && c.CharNGramMax == 0:
	case c.CharNGramMin < 1:
		return fmt.Errorf("features: char ngram min %d < 1 (min and max both 0: no char n-grams)", c.CharNGramMin)
	case c.CharNGramMax < c.CharNGramMin:
		return fmt.Errorf("features: char ngram max %d < min %d", c.CharNGramMax, c.CharNGramMin)
	case c.CharNGramMax > maxCharNGram:
		return fmt.Errorf("features: char ngram max %d > %d", c.CharNGramMax, maxCharNGram)
	}
	switch c.Weighting {
	case Binary, Count, TFIDF:
	default:
		return fmt.Errorf("features: unknown weighting %q (want binary, count or tfidf)", c.Weighting)
	}
	if len(c.Rules) > MaxRulesBytes {
		return fmt.Errorf("features: rules of %d bytes; at most %d", len(c.Rules), MaxRulesBytes)
	}
	_, err := compileRules(c)
	return err
}

// Vectorizer maps documents onto a fixed vocabulary of terms.
type Vectorizer struct {
	Config Config    `json:"config"`
	Terms  []string  `json:"terms"` // sorted; a term's index is its position
	IDF    []float64 `json:"idf,omitempty"`
	NDocs  int       `json:"n_docs"` // training documents seen by Fit

	index map[string]int32
	fast  *gramIndex
	rules *ruleSet // Config.Rules compiled; nil for none
	// ruleTerm[r] is the term index of rule r, or -1 when pruned away.
	ruleTerm []int32
}

// bare returns a Vectorizer of c with no vocabulary, whose Extractor cuts
// n-grams (and finds rules) as c says.
func bare(c Config, n int) (*Vectorizer, error) {
	rs, err := compileRules(c)
	if err != nil {
		return nil, err
	}
	return &Vectorizer{Config: c, NDocs: n, rules: rs}, nil
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
	v, err := bare(c, len(texts))
	if err != nil {
		return nil, err
	}
	e := v.NewExtractor()
	// Every distinct n-gram gets an id the first time it is seen, its
	// only allocation; last[id] is the last document that counted it.
	ids := make(map[string]int32)
	var grams []string
	var df, last []int
	for doc, text := range texts {
		e.grams(text, func(g []byte) {
			id, ok := ids[string(g)]
			if !ok {
				id = int32(len(grams))
				s := string(g)
				ids[s] = id
				grams = append(grams, s)
				df = append(df, 0)
				last = append(last, -1)
			}
			if last[id] != doc {
				last[id] = doc
				df[id]++
			}
		})
	}
	return newVectorizer(c, grams, df, len(texts))
}

// newVectorizer prunes the n-grams grams, with df[id] the documents of
// the n training documents holding grams[id], into a Vectorizer under c:
// Fit's pruning, shared with Grams.Fit so both give the same vocabulary.
func newVectorizer(c Config, grams []string, df []int, n int) (*Vectorizer, error) {
	v, err := bare(c, n)
	if err != nil {
		return nil, err
	}
	kept := make([]int32, 0, len(grams))
	for id, d := range df {
		if d >= c.MinDF {
			kept = append(kept, int32(id))
		}
	}
	if c.MaxFeatures > 0 && len(kept) > c.MaxFeatures {
		sort.Slice(kept, func(i, j int) bool {
			a, b := kept[i], kept[j]
			if df[a] != df[b] {
				return df[a] > df[b]
			}
			return grams[a] < grams[b]
		})
		kept = kept[:c.MaxFeatures]
	}
	if len(kept) == 0 {
		return nil, ErrNoTerms
	}
	slices.SortFunc(kept, func(a, b int32) int { return strings.Compare(grams[a], grams[b]) })
	v.Terms = make([]string, len(kept))
	for i, id := range kept {
		v.Terms[i] = grams[id]
	}
	if c.Weighting == TFIDF {
		v.IDF = make([]float64, len(kept))
		nd := float64(n)
		for i, id := range kept {
			v.IDF[i] = math.Log((1+nd)/(1+float64(df[id]))) + 1
		}
	}
	v.buildIndex()
	return v, nil
}

// buildIndex builds the term indexes of v. v.rules must already be
// compiled from v.Config.
func (v *Vectorizer) buildIndex() {
	v.index = make(map[string]int32, len(v.Terms))
	for i, t := range v.Terms {
		v.index[t] = int32(i)
	}
	v.fast = newGramIndex(v.Terms)
	v.ruleTerm = nil
	if v.rules != nil {
		v.ruleTerm = make([]int32, len(v.rules.terms))
		for r, t := range v.rules.terms {
			v.ruleTerm[r] = -1
			if k, ok := v.index[t]; ok {
				v.ruleTerm[r] = k
			}
		}
	}
}

// gramIndex finds unigrams and bigrams without building their strings:
// every word of every term gets an id, unigram terms are found from their
// word and bigram terms from the pair of word ids. Longer n-grams go
// through Vectorizer.index. Because words never hold a space, a term is
// the n-gram of words w1..wn exactly when splitting it at its spaces gives
// w1..wn, so both indexes find the same terms.
type gramIndex struct {
	words map[string]wordInfo
	pairs *pairTable // pairKey(id1, id2) -> term index
}

type wordInfo struct {
	id  int32 // the word's id
	uni int32 // its unigram term index, or -1
}

// pairKey is never 0, the empty key of pairTable.
func pairKey(a, b int32) uint64 { return uint64(uint32(a)+1)<<32 | uint64(uint32(b)) }

func newGramIndex(terms []string) *gramIndex {
	bigrams := 0
	for _, t := range terms {
		if !IsCharGram(t) && !IsRule(t) && strings.Count(t, " ") == 1 {
			bigrams++
		}
	}
	g := &gramIndex{words: make(map[string]wordInfo), pairs: newPairTable(bigrams)}
	word := func(w string) wordInfo {
		wi, ok := g.words[w]
		if !ok {
			wi = wordInfo{id: int32(len(g.words)), uni: -1}
			g.words[w] = wi
		}
		return wi
	}
	for i, t := range terms {
		if IsCharGram(t) || IsRule(t) {
			continue // found through Extractor.known, or by matching rules
		}
		a, rest, two := strings.Cut(t, " ")
		switch {
		case !two:
			wi := word(a)
			wi.uni = int32(i)
			g.words[a] = wi
		case !strings.Contains(rest, " "):
			g.pairs.put(pairKey(word(a).id, word(rest).id), int32(i))
		default:
			// Longer n-grams are found by string, but their words still
			// need ids: an unknown word ends every n-gram through it.
			for w := range strings.SplitSeq(t, " ") {
				word(w)
			}
		}
	}
	return g
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
	rs, err := compileRules(v.Config)
	if err != nil {
		return err
	}
	v.rules = rs
	if len(v.Terms) == 0 {
		return ErrNoTerms
	}
	for i := 1; i < len(v.Terms); i++ {
		// A term twice would have two indices, of which the index map
		// keeps one: the other's weights would never be used.
		if v.Terms[i-1] >= v.Terms[i] {
			return fmt.Errorf("features: vectorizer terms are not sorted, each once: %q before %q", v.Terms[i-1], v.Terms[i])
		}
	}
	if len(v.Terms) > math.MaxInt32 {
		return errors.New("features: too many terms")
	}
	if v.Config.CharNGramMax == 0 && IsCharGram(v.Terms[0]) {
		return fmt.Errorf("features: char n-gram term %q without char n-grams in the config", v.Terms[0])
	}
	// A set, not a search of the list per term: a model file may hold
	// many rules and many rule terms.
	ruleTerms := map[string]bool{}
	if v.rules != nil {
		for _, t := range v.rules.terms {
			ruleTerms[t] = true
		}
	}
	for _, t := range v.Terms {
		// A rule term naming no rule would never be set.
		if IsRule(t) && !ruleTerms[t] {
			return fmt.Errorf("features: rule term %q names no rule of the config", t)
		}
	}
	if v.Config.Weighting == TFIDF && len(v.IDF) != len(v.Terms) {
		return fmt.Errorf("features: %d idf values for %d terms", len(v.IDF), len(v.Terms))
	}
	for i, x := range v.IDF {
		// Fit gives 1 to ln(n+1)+1; a file may hold anything, and an idf
		// near the float64 limit makes tf*idf, and then every score, Inf.
		if !(math.Abs(x) <= 1e100) {
			return fmt.Errorf("features: idf %g of term %d is not a number within ±1e100", x, i)
		}
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
	tokText string // the text toks holds the tokens of, "" when none
	words   []string
	raw     []string // the tokens of words, unstemmed
	buf     []byte
	idx     []int32
	count   []int32 // per term, zero between calls
	sorter  indexSorter
	scratch Vector

	// The fast path of vector: known maps each token seen to its word
	// (stop word removal and stemming done), that word's ids and where
	// its char n-gram terms are in charIdx; ws holds the current
	// document's words.
	known   map[string]tokenInfo
	ws      []tokenInfo
	charIdx []int32

	// Scratch space of charGrams.
	marked, gram []byte
	runeAt       []int32

	// Scratch space of rules: the unstemmed tokens of the words in ws
	// and which rules fired.
	wsRaw   []string
	fired   []bool
	phrases []bool // PhrasesFired's
}

// tokenInfo is what a token becomes under the Config: skipped (a removed
// stop word; lo -1) or a word, with the word's gramIndex entry (id -1: in
// no term) and, in Extractor.charIdx[lo:hi], the term indices of the
// token's char n-grams that are terms, in order, with repeats. It is 32
// bytes, as small as it was before char n-grams.
type tokenInfo struct {
	word string
	wordInfo
	lo, hi int32
}

func (t tokenInfo) skip() bool { return t.lo < 0 }

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
	e.tokText = ""
	e.words, e.raw = e.words[:0], e.raw[:0]
	for _, t := range e.toks {
		if c.StopWords && IsStopWord(t) {
			continue
		}
		e.raw = append(e.raw, t)
		if c.Stem {
			t = e.stem.Stem(t)
		}
		e.words = append(e.words, t)
	}
	return e.words
}

// grams calls f with each n-gram of text in order, as terms: at each word,
// the word n-grams that start there, then the char n-grams of its token;
// after the last word, the term of each rule that fires, in rule order.
// The bytes are only valid during the call.
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
		e.charGrams(e.raw[i], f)
	}
	if rs := e.v.rules; rs != nil {
		e.fired = slices.Grow(e.fired[:0], len(rs.names))[:len(rs.names)]
		rs.match(words, e.raw, e.fired, nil)
		for r, ok := range e.fired {
			if ok {
				e.buf = append(e.buf[:0], rs.terms[r]...)
				f(e.buf)
			}
		}
	}
}

// Terms returns the vocabulary terms of text in order of occurrence, with
// repeats; n-grams outside the vocabulary are left out. At each word come
// the word n-grams that start there, then the word's char n-grams, in
// their stored form (see IsCharGram; Readable prints them).
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
	return s.clone()
}

// VectorScratch is Vector without the copy: the result is overwritten by the
// next call on e. Labelling uses it to score without allocating.
func (e *Extractor) VectorScratch(text string) Vector { return e.vector(text) }

// resolve returns (and caches) what tok becomes. The cache is bounded like
// the Stemmer's: termIndices clears it when full, between documents, so
// that the charIdx ranges of a document's tokens stay valid through it.
func (e *Extractor) resolve(tok string) tokenInfo {
	c := &e.v.Config
	var ti tokenInfo
	if c.StopWords && IsStopWord(tok) {
		ti.lo = -1
	} else {
		w := tok
		if c.Stem && !unstemmed(tok) {
			w = snowball(tok)
		}
		// Clone: tok is usually a substring of the document.
		if w == tok {
			w = strings.Clone(tok)
			tok = w
		} else {
			w = strings.Clone(w)
			tok = strings.Clone(tok)
		}
		ti.word = w
		ti.wordInfo = wordInfo{id: -1, uni: -1}
		if wi, ok := e.v.fast.words[w]; ok {
			ti.wordInfo = wi
		}
	}
	if e.known == nil {
		e.known = make(map[string]tokenInfo)
	}
	if !ti.skip() && c.CharNGramMax > 0 {
		ti.lo = int32(len(e.charIdx))
		e.charGrams(tok, func(g []byte) {
			if k, ok := e.v.index[string(g)]; ok {
				e.charIdx = append(e.charIdx, k)
			}
		})
		if len(e.charIdx) > math.MaxInt32 {
			// Only a document of gigabytes could get here.
			panic("features: char n-gram cache overflow")
		}
		ti.hi = int32(len(e.charIdx))
	}
	if ti.skip() {
		tok = strings.Clone(tok)
	}
	e.known[tok] = ti
	return ti
}

// termIndices appends to e.idx the term index of every n-gram of text that
// is in the vocabulary, in order of occurrence, with repeats.
func (e *Extractor) termIndices(text string) {
	e.idx = e.idx[:0]
	c := &e.v.Config
	if e.v.fast == nil {
		e.grams(text, func(g []byte) {
			if i, ok := e.v.index[string(g)]; ok {
				e.idx = append(e.idx, i)
			}
		})
		return
	}
	e.toks = e.tok.Tokens(e.toks[:0], text)
	e.tokText = text
	if len(e.known) >= defaultStemCacheLimit {
		clear(e.known)
		e.charIdx = e.charIdx[:0]
	}
	ws := e.ws[:0]
	for _, t := range e.toks {
		ti, ok := e.known[t]
		if !ok {
			ti = e.resolve(t)
		}
		if !ti.skip() {
			ws = append(ws, ti)
		}
	}
	e.ws = ws
	if e.v.rules != nil {
		e.ruleIndices()
	}
	uni := c.NGramMin <= 1
	bi := c.NGramMin <= 2 && c.NGramMax >= 2
	chars := c.CharNGramMax > 0
	for i, w := range ws {
		if chars {
			e.idx = append(e.idx, e.charIdx[w.lo:w.hi]...)
		}
		if w.id < 0 {
			continue // no n-gram through an unknown word is a term
		}
		if uni && w.uni >= 0 {
			e.idx = append(e.idx, w.uni)
		}
		if i+1 >= len(ws) || ws[i+1].id < 0 {
			continue
		}
		if bi {
			if k, ok := e.v.fast.pairs.get(pairKey(w.id, ws[i+1].id)); ok {
				e.idx = append(e.idx, k)
			}
		}
		if c.NGramMax < 3 {
			continue
		}
		e.buf = append(append(append(e.buf[:0], w.word...), ' '), ws[i+1].word...)
		for n := 3; n <= c.NGramMax && i+n <= len(ws); n++ {
			next := ws[i+n-1]
			if next.id < 0 {
				break
			}
			e.buf = append(append(e.buf, ' '), next.word...)
			if n >= c.NGramMin {
				if k, ok := e.v.index[string(e.buf)]; ok {
					e.idx = append(e.idx, k)
				}
			}
		}
	}
}

// ruleIndices appends to e.idx the term index of every rule that fires on
// the document whose words are in e.ws and tokens in e.toks. It is apart
// from termIndices so that a Config without rules pays one nil check.
func (e *Extractor) ruleIndices() {
	rs := e.v.rules
	e.words, e.wsRaw = e.words[:0], e.wsRaw[:0]
	for _, t := range e.toks {
		// known holds every token of the document: termIndices resolved
		// them all just now.
		if ti := e.known[t]; !ti.skip() {
			e.words = append(e.words, ti.word)
			e.wsRaw = append(e.wsRaw, t)
		}
	}
	e.fired = slices.Grow(e.fired[:0], len(rs.names))[:len(rs.names)]
	rs.match(e.words, e.wsRaw, e.fired, nil)
	for r, ok := range e.fired {
		if ok && e.v.ruleTerm[r] >= 0 {
			e.idx = append(e.idx, e.v.ruleTerm[r])
		}
	}
}

func (e *Extractor) vector(text string) Vector {
	e.termIndices(text)
	return e.weigh()
}

// weigh turns the term indices in e.idx, with repeats, into the weighted
// vector in e.scratch.
func (e *Extractor) weigh() Vector {
	out := &e.scratch
	out.Index, out.Value = out.Index[:0], out.Value[:0]
	c := &e.v.Config
	// Count each term once in e.count, then sort only the distinct
	// indices: comments repeat their common words, and sorting is much of
	// the cost of a vector.
	if len(e.count) < len(e.v.Terms) {
		e.count = make([]int32, len(e.v.Terms))
	}
	u := e.idx[:0]
	for _, k := range e.idx {
		if e.count[k] == 0 {
			u = append(u, k)
		}
		e.count[k]++
	}
	e.sorter.sort(u, len(e.v.Terms))
	out.Index = append(out.Index, u...)
	out.Value = slices.Grow(out.Value, len(u))[:len(u)]
	if c.Weighting == Binary {
		for i, k := range u {
			e.count[k] = 0
			out.Value[i] = 1
		}
	} else {
		for i, k := range u {
			w := float64(e.count[k])
			e.count[k] = 0
			if c.Sublinear {
				w = 1 + math.Log(w)
			}
			if c.Weighting == TFIDF {
				w *= e.v.IDF[k]
			}
			out.Value[i] = w
		}
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
