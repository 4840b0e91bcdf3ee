package features_test

import (
	"fmt"

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
