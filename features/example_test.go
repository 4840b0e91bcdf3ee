package features_test

import (
	"fmt"
	"strings"

	"github.com/stance-nlp/stance/features"
)

// Fit a vocabulary of stemmed word 1-2 grams on a few comments, then turn a
// new comment into a sparse vector over it. Only the terms of the
// vocabulary count: "to" and "officers defect" were never seen.
func ExampleFit() {
	texts := []string{
		"The officers should defect.",
		"Defection will not end the war.",
		"End the war now.",
	}
	v, err := features.Fit(features.DefaultConfig(), texts)
	if err != nil {
		panic(err)
	}
	fmt.Println(v.Len(), "terms")
	x := v.NewExtractor()
	fmt.Printf("%q\n", x.Terms("Officers defect to end the war"))
	vec := x.Vector("Officers defect to end the war")
	fmt.Println(vec.Len(), "non-zero features")
	// Output:
	// 18 terms
	// ["offic" "defect" "end" "end the" "the" "the war" "war"]
	// 7 non-zero features
}

// Character n-grams of 3 to 4 runes beside word unigrams: the misspelt
// "bombng" and the unseen "bombers" still share terms with "bombing".
// Readable prints a char n-gram term in brackets, with its boundary marks.
func ExampleReadable() {
	c := features.DefaultConfig()
	c.NGramMax, c.CharNGramMin, c.CharNGramMax = 1, 3, 4
	v, err := features.Fit(c, []string{"Stop the bombing"})
	if err != nil {
		panic(err)
	}
	x := v.NewExtractor()
	for _, text := range []string{"bombng", "bombers"} {
		var terms []string
		for _, t := range x.Terms(text) {
			terms = append(terms, features.Readable(t))
		}
		fmt.Println(text+":", strings.Join(terms, " "))
	}
	// Output:
	// bombng: [<bo] [<bom] [bom] [bomb] [omb] [ng>]
	// bombers: [<bo] [<bom] [bom] [bomb] [omb]
}
