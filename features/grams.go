package features

import (
	"errors"
	"runtime"
	"sync"
)

var errGramsConfig = errors.New("features: the configuration cuts other n-grams than the Grams were made with")

// Grams holds the n-grams of a set of documents under one Config, each
// document's as ids into one table, so that vocabularies and vectors for
// many subsets of them (the folds of a cross-validation, the recipes of a
// search that share a tokenisation) come without tokenising, stemming and
// cutting n-grams again. Grams.Fit and Grams.Vectors give exactly what Fit
// and Extractor.Vector give on the same documents.
//
// It costs four bytes per n-gram occurrence (a comment of 40 words with
// character 3-5 grams has about 500) beside the table of distinct n-grams.
// A Grams is safe for concurrent use once made.
type Grams struct {
	config Config
	grams  []string // id -> n-gram
	ptr    []int    // document i's ids are ids[ptr[i]:ptr[i+1]], in order of occurrence
	ids    []int32
}

// NewGrams cuts the n-grams of texts under c, the documents split among
// the cores.
func NewGrams(c Config, texts []string) (*Grams, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	type part struct {
		grams []string
		ptr   []int
		ids   []int32
	}
	bv, err := bare(c, 0)
	if err != nil {
		return nil, err
	}
	workers := min(runtime.GOMAXPROCS(0), max(len(texts)/1000, 1))
	parts := make([]part, workers)
	var wg sync.WaitGroup
	for w := range parts {
		lo, hi := w*len(texts)/workers, (w+1)*len(texts)/workers
		wg.Go(func() {
			e := bv.NewExtractor()
			seen := make(map[string]int32)
			p := part{ptr: make([]int, 1, hi-lo+1)}
			for _, text := range texts[lo:hi] {
				e.grams(text, func(g []byte) {
					id, ok := seen[string(g)]
					if !ok {
						id = int32(len(p.grams))
						s := string(g)
						seen[s] = id
						p.grams = append(p.grams, s)
					}
					p.ids = append(p.ids, id)
				})
				p.ptr = append(p.ptr, len(p.ids))
			}
			parts[w] = p
		})
	}
	wg.Wait()
	// Renumber each part's ids into one table, parts in document order.
	g := &Grams{config: c, ptr: make([]int, 1, len(texts)+1)}
	ids := make(map[string]int32)
	n := 0
	for _, p := range parts {
		n += len(p.ids)
	}
	g.ids = make([]int32, 0, n)
	for _, p := range parts {
		to := make([]int32, len(p.grams))
		for k, s := range p.grams {
			id, ok := ids[s]
			if !ok {
				id = int32(len(g.grams))
				ids[s] = id
				g.grams = append(g.grams, s)
			}
			to[k] = id
		}
		base := len(g.ids)
		for _, id := range p.ids {
			g.ids = append(g.ids, to[id])
		}
		for _, end := range p.ptr[1:] {
			g.ptr = append(g.ptr, base+end)
		}
	}
	return g, nil
}

// Config returns the configuration the n-grams were cut under.
func (g *Grams) Config() Config { return g.config }

// Len returns the number of documents.
func (g *Grams) Len() int { return len(g.ptr) - 1 }

// SameGrams reports whether a and b cut the same n-grams from every text:
// they differ at most in pruning and weighting (MinDF, MaxFeatures,
// Weighting, Sublinear, Normalize), which Grams.Fit and Grams.Vectors
// apply.
func SameGrams(a, b Config) bool {
	a.MinDF, a.MaxFeatures, a.Weighting, a.Sublinear, a.Normalize = b.MinDF, b.MaxFeatures, b.Weighting, b.Sublinear, b.Normalize
	return a == b
}

// Fit is Fit(c, texts of docs): the vocabulary of the documents docs
// (indices into the texts g was made from) under c, which must cut the
// same n-grams as g's Config (SameGrams).
func (g *Grams) Fit(c Config, docs []int) (*Vectorizer, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if !SameGrams(c, g.config) {
		return nil, errGramsConfig
	}
	df := make([]int, len(g.grams))
	last := make([]int, len(g.grams))
	for k, doc := range docs {
		for _, id := range g.ids[g.ptr[doc]:g.ptr[doc+1]] {
			if last[id] != k+1 {
				last[id] = k + 1
				df[id]++
			}
		}
	}
	return newVectorizer(c, g.grams, df, len(docs))
}

// Vectors returns the vectors of the documents docs under v, one of
// g.Fit's vectorizers: those v.NewExtractor().Vector gives for their texts.
// The documents are split among the cores.
func (g *Grams) Vectors(v *Vectorizer, docs []int) []Vector {
	term := make([]int32, len(g.grams)) // id -> term index, -1 outside the vocabulary
	for id, s := range g.grams {
		term[id] = -1
		if k, ok := v.index[s]; ok {
			term[id] = k
		}
	}
	X := make([]Vector, len(docs))
	workers := min(runtime.GOMAXPROCS(0), max(len(docs)/1000, 1))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			e := v.NewExtractor()
			for k := w * len(docs) / workers; k < (w+1)*len(docs)/workers; k++ {
				doc := docs[k]
				e.idx = e.idx[:0]
				for _, id := range g.ids[g.ptr[doc]:g.ptr[doc+1]] {
					if t := term[id]; t >= 0 {
						e.idx = append(e.idx, t)
					}
				}
				x := e.weigh()
				X[k] = x.clone()
			}
		})
	}
	wg.Wait()
	return X
}
