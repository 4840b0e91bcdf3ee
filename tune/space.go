package tune

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"

	"github.com/stance-nlp/stance/classifier"
)

// Option is one value of a recipe setting, as a JSON patch over a recipe
// (fields of classifier.Recipe's JSON form: {"c": 0.3},
// {"features": {"ngram_max": 3}}), so that settings a recipe does not
// have are simply not offered.
type Option struct {
	Name  string // short, for the leaderboard
	Patch string // JSON object merged into the recipe
}

// Dim is one setting searched over.
type Dim struct {
	Name    string
	Options []Option
}

// Space is the grid of recipes a search draws from: for each model kind,
// the settings searched, every combination being a candidate.
type Space struct {
	// Kinds maps a model kind (classifier.Kinds) to its settings; a kind
	// absent is not searched.
	Kinds map[string][]Dim
}

// DefaultSpace returns the grid `stance tune` searches: logistic
// regression over C, NB scaling, longest word n-gram, weighting, min-df,
// class weights and character n-grams, and multinomial naive Bayes over α,
// n-grams, weighting, min-df, class weights (a uniform prior) and
// character n-grams.
func DefaultSpace() Space {
	cw := Dim{"class-weight", []Option{{"none", `{"class_weight":""}`}, {"balanced", `{"class_weight":"balanced"}`}}}
	chars := Dim{"chars", []Option{
		{"none", `{"features":{"char_ngram_min":0,"char_ngram_max":0}}`},
		{"2-5", `{"features":{"char_ngram_min":2,"char_ngram_max":5}}`},
		{"3-5", `{"features":{"char_ngram_min":3,"char_ngram_max":5}}`}}}
	ngrams := Dim{"ngrams", []Option{
		{"1-2", `{"features":{"ngram_max":2}}`}, {"1", `{"features":{"ngram_max":1}}`}, {"1-3", `{"features":{"ngram_max":3}}`}}}
	mindf := Dim{"min-df", []Option{{"1", `{"features":{"min_df":1}}`}, {"2", `{"features":{"min_df":2}}`}}}
	return Space{Kinds: map[string][]Dim{
		classifier.KindLogReg: {
			{"C", []Option{{"1", `{"c":1}`}, {"0.1", `{"c":0.1}`}, {"0.3", `{"c":0.3}`}, {"3", `{"c":3}`}, {"10", `{"c":10}`}, {"30", `{"c":30}`}}},
			{"nb", []Option{{"on", `{"nb":true}`}, {"off", `{"nb":false}`}}},
			ngrams,
			{"weight", []Option{
				{"binary", `{"features":{"weighting":"binary","sublinear_tf":false,"l2_normalize":false}}`},
				{"tfidf", `{"features":{"weighting":"tfidf","sublinear_tf":true,"l2_normalize":true}}`}}},
			mindf,
			cw,
			chars,
		},
		classifier.KindNaiveBayes: {
			{"alpha", []Option{{"1", `{"alpha":1}`}, {"0.1", `{"alpha":0.1}`}, {"0.3", `{"alpha":0.3}`}}},
			ngrams,
			{"weight", []Option{
				{"binary", `{"features":{"weighting":"binary","sublinear_tf":false,"l2_normalize":false}}`},
				{"count", `{"features":{"weighting":"count","sublinear_tf":false,"l2_normalize":false}}`}}},
			mindf,
			cw,
			chars,
		},
	}}
}

// Candidate is one recipe of a Space.
type Candidate struct {
	Name   string // the options chosen, "logreg C=0.3 nb=on ..."
	Recipe classifier.Recipe
}

// Candidates returns every recipe of s, each built from base (its kind set,
// then each option's patch applied in dimension order), in an order
// shuffled by seed, with base itself first. Kinds are taken in the order of
// classifier.Kinds, so the result does not depend on map order.
func (s Space) Candidates(base classifier.Recipe, seed uint64) ([]Candidate, error) {
	var all []Candidate
	for _, kind := range classifier.Kinds() {
		dims, ok := s.Kinds[kind]
		if !ok {
			continue
		}
		idx := make([]int, len(dims))
		for {
			r := base
			r.Model = kind
			name := kind
			for d, dim := range dims {
				o := dim.Options[idx[d]]
				if err := json.Unmarshal([]byte(o.Patch), &r); err != nil {
					return nil, fmt.Errorf("tune: option %s=%s: %w", dim.Name, o.Name, err)
				}
				name += " " + dim.Name + "=" + o.Name
			}
			if err := r.Validate(); err != nil {
				return nil, fmt.Errorf("tune: %s: %w", name, err)
			}
			all = append(all, Candidate{Name: name, Recipe: r})
			// Next combination, last dimension fastest.
			d := len(dims) - 1
			for ; d >= 0; d-- {
				if idx[d]++; idx[d] < len(dims[d].Options) {
					break
				}
				idx[d] = 0
			}
			if d < 0 {
				break
			}
		}
	}
	rng := rand.New(rand.NewPCG(seed, 0x54554e45)) // "TUNE"
	rng.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	out := []Candidate{{Name: "default", Recipe: base}}
	for _, c := range all {
		if !sameRecipe(c.Recipe, base) {
			out = append(out, c)
		}
	}
	return out, nil
}

// sameRecipe reports whether a and b train the same model.
func sameRecipe(a, b classifier.Recipe) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}
