package classifier

import (
	"bytes"
	"fmt"
	"gonum.org/v1/gonum/floats"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/stance-nlp/stance/features"
)

// TestAugmentLayout checks feature augmentation's layout: for nV plain
// features and nD domains, a document of domain d keeps x at j, copies it
// to (1+d)·nV + j, and sets its domain's intercept feature (1+nD)·nV + d.
// The expected vectors are that formula worked by hand for nV = 4, nD = 2.
func TestAugmentLayout(t *testing.T) {
	x := features.Vector{Index: []int32{0, 2}, Value: []float64{1, 0.5}}
	tests := []struct {
		dom  int
		want features.Vector
	}{
		{0, features.Vector{Index: []int32{0, 2, 4, 6, 12}, Value: []float64{1, 0.5, 1, 0.5, 1}}},
		{1, features.Vector{Index: []int32{0, 2, 8, 10, 13}, Value: []float64{1, 0.5, 1, 0.5, 1}}},
	}
	for _, tc := range tests {
		got := augment([]features.Vector{x}, []int{tc.dom}, 4, 2)[0]
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("domain %d: got %v, want %v", tc.dom, got, tc.want)
		}
		if !slices.IsSorted(got.Index) {
			t.Errorf("domain %d: indices %v not increasing", tc.dom, got.Index)
		}
	}
	if n := augmentedLen(4, 2); n != 14 {
		t.Errorf("augmentedLen(4, 2) = %d, want 14 = (1+2)·4 + 2", n)
	}
}

// TestCollapseScoresAsAugmented checks that the collapsed model of a
// domain scores a plain vector exactly as the augmented model scores the
// document as one of that domain: what labelling as the new set relies on.
func TestCollapseScoresAsAugmented(t *testing.T) {
	const nV, nD = 5, 3
	rng := rand.New(rand.NewPCG(7, 7))
	aug := Linear{Link: OvR, W: Rows{make([]float64, augmentedLen(nV, nD)), make([]float64, augmentedLen(nV, nD))}, B: []float64{0.3, -0.2}}
	for c := range aug.W {
		for j := range aug.W[c] {
			aug.W[c][j] = rng.NormFloat64()
		}
	}
	x := features.Vector{Index: []int32{1, 3, 4}, Value: []float64{1, 2, 0.5}}
	for d := range nD {
		t.Run(fmt.Sprint("domain ", d), func(t *testing.T) {
			c := Linear{Link: aug.Link, W: Rows{slices.Clone(aug.W[0]), slices.Clone(aug.W[1])}, B: slices.Clone(aug.B)}
			collapse(&c, d, nV, nD)
			if len(c.W[0]) != nV {
				t.Fatalf("collapsed width %d, want %d", len(c.W[0]), nV)
			}
			xa := augment([]features.Vector{x}, []int{d}, nV, nD)[0]
			for k := range aug.B {
				want := xa.Dot(aug.W[k]) + aug.B[k]
				got := x.Dot(c.W[k]) + c.B[k]
				if math.Abs(got-want) > 1e-12 {
					t.Errorf("class %d: collapsed score %g, augmented %g", k, got, want)
				}
			}
		})
	}
}

// flippedSet is a synthetic two-domain set in which the new domain flips
// a cue: in domain "old" (120 rows) "alpha" marks pos and "beta" neg; in
// domain "new" (40 rows) the reverse. Every row also carries two of a few
// neutral words. The new rows come last.
func flippedSet() (*TrainingSet, []string) {
	rng := rand.New(rand.NewPCG(3, 5))
	filler := []string{"today", "people", "really", "think", "about", "news", "week", "said"}
	s := &TrainingSet{Columns: []string{"tone"}, Labels: [][]string{nil}}
	var domains []string
	add := func(dom string, n int, flip bool) {
		for i := range n {
			cue, label := "alpha", "pos"
			if i%2 == 1 {
				cue, label = "beta", "neg"
			}
			if flip {
				label = map[string]string{"pos": "neg", "neg": "pos"}[label]
			}
			text := fmt.Sprintf("%s %s %s", filler[rng.IntN(len(filler))], cue, filler[rng.IntN(len(filler))])
			s.Texts = append(s.Texts, text)
			s.Labels[0] = append(s.Labels[0], label)
			domains = append(domains, dom)
		}
	}
	add("old", 120, false)
	add("new", 40, true)
	return s, domains
}

func adaptRecipe() Recipe {
	r := DefaultRecipe()
	r.Features.CharNGramMin, r.Features.CharNGramMax, r.Features.MinDF = 0, 0, 1
	r.Calibrate = ""
	return r
}

// TestTrainAdaptedFlippedCue checks the cross-validated choice among
// every method (AdaptAll) where the new set reverses a cue: pooling lets
// the 120 old rows outvote the 40 new ones, so only augmentation (a
// per-domain copy of the cue), the blend or the new rows alone can read the
// cue the new way, and one of them must win; the model must then label
// "alpha" as the new set does (neg). Pooled must score below them on the
// new rows' folds.
func TestTrainAdaptedFlippedCue(t *testing.T) {
	s, domains := flippedSet()
	b, err := TrainAdapted(s, adaptRecipe(), AdaptConfig{Column: "source", Domains: domains, Method: AdaptAll}, nil)
	if err != nil {
		t.Fatal(err)
	}
	a := b.Adapt
	if a.New != "new" || a.NewRows != 40 || a.OldRows != 120 || !a.Chosen {
		t.Fatalf("record %+v: want new domain \"new\" (the last row's), 40 new and 120 old rows, chosen", a)
	}
	if a.Method != AdaptAugmented && a.Method != AdaptTarget && a.Method != AdaptBlend {
		t.Errorf("chose %s; want augmented, blend or target-only (scores %+v)", a.Method, a.Scores)
	}
	if len(a.Scores) != 7 {
		t.Errorf("%d candidates compared; want 7 (pooled, target-only, 3 weights, augmented, blend)", len(a.Scores))
	}
	score := map[string]float64{}
	for _, sc := range a.Scores {
		score[sc.Name()] = sc.MacroF1
	}
	if score[AdaptPooled] >= score[AdaptAugmented] || score[AdaptPooled] >= score[AdaptTarget] || score[AdaptPooled] >= score[AdaptBlend] {
		t.Errorf("pooled %.3f not below augmented %.3f, blend %.3f and target-only %.3f", score[AdaptPooled], score[AdaptAugmented], score[AdaptBlend], score[AdaptTarget])
	}
	p := b.NewPredictor()
	for text, want := range map[string]string{"today alpha news": "neg", "week beta said": "pos"} {
		if got := p.Predict(text)[0].Label; got != want {
			t.Errorf("%q labelled %s, want %s as the new set labels it", text, got, want)
		}
	}
	// Every method given alone labels as the new domain too, except
	// pooled, which the old rows outvote.
	for _, tc := range []struct{ method, alpha string }{
		{AdaptPooled, "pos"}, {AdaptTarget, "neg"}, {AdaptAugmented, "neg"}, {AdaptBlend, "neg"},
	} {
		r := adaptRecipe()
		r.Folds = 0
		b, err := TrainAdapted(s, r, AdaptConfig{Column: "source", Domains: domains, Method: tc.method}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := b.NewPredictor().Predict("today alpha news")[0].Label; got != tc.alpha {
			t.Errorf("%s: alpha labelled %s, want %s", tc.method, got, tc.alpha)
		}
		if b.Adapt.Scores != nil || b.Columns[0].CV != nil {
			t.Errorf("%s with no folds: want no comparison and no CV", tc.method)
		}
	}
}

// TestTrainAdaptedAuto checks the default: AdaptAuto compares target-only
// and the blend alone, and labels as the new set.
func TestTrainAdaptedAuto(t *testing.T) {
	s, domains := flippedSet()
	b, err := TrainAdapted(s, adaptRecipe(), AdaptConfig{Column: "source", Domains: domains}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, sc := range b.Adapt.Scores {
		names = append(names, sc.Name())
	}
	if !slices.Equal(names, []string{AdaptTarget, AdaptBlend}) || !b.Adapt.Chosen {
		t.Errorf("compared %q (chosen %v); want target-only and blend, chosen", names, b.Adapt.Chosen)
	}
	if got := b.NewPredictor().Predict("today alpha news")[0].Label; got != "neg" {
		t.Errorf("alpha labelled %s; want neg, as the new set labels it", got)
	}
}

// TestBlendMissingLabel checks the blend when the new rows lack a label
// the old rows have: the model keeps every label, the one the new rows
// lack scored as the augmented model scores it, and the others moved
// towards the new rows' fit.
func TestBlendMissingLabel(t *testing.T) {
	s, domains := flippedSet()
	// Three old rows get a third label the new set never uses.
	for i := range 3 {
		s.Labels[0][i] = "other"
	}
	r := adaptRecipe()
	r.Folds = 0
	fit := func(method string) *Bundle {
		b, err := TrainAdapted(s, r, AdaptConfig{Column: "source", Domains: domains, Method: method}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	blend, aug := fit(AdaptBlend), fit(AdaptAugmented)
	if !slices.Equal(blend.Columns[0].Labels, []string{"neg", "other", "pos"}) {
		t.Fatalf("blend labels %q; want neg, other, pos", blend.Columns[0].Labels)
	}
	bl, al := linearOf(blend.Columns[0].model), linearOf(aug.Columns[0].model)
	if !slices.Equal(bl.W[1], al.W[1]) || bl.B[1] != al.B[1] {
		t.Errorf("the label no new row has was changed by the blend")
	}
	if slices.Equal(bl.W[0], al.W[0]) {
		t.Errorf("the blend left neg's weights as the augmented model's: no new-row fit blended in")
	}
	if got := blend.NewPredictor().Predict("today alpha news")[0].Label; got != "neg" {
		t.Errorf("alpha labelled %s; want neg, as the new set labels it", got)
	}
}

// TestAdaptedProfile checks the shift profile of an adapted model: it is
// measured on the new rows (the 40 of flippedSet, each held out once), in
// the fitted model's labels, also when the method fitted is target-only
// and the new rows lack a label the old ones have, and it survives the
// model file.
func TestAdaptedProfile(t *testing.T) {
	s, domains := flippedSet()
	for i := range 3 {
		s.Labels[0][i] = "other" // old rows only
	}
	for _, method := range []string{AdaptAuto, AdaptTarget, AdaptBlend} {
		b, err := TrainAdapted(s, adaptRecipe(), AdaptConfig{Column: "source", Domains: domains, Method: method}, nil)
		if err != nil {
			t.Fatal(err)
		}
		p := b.Profile
		if p == nil || p.Docs != 40 {
			t.Fatalf("%s: profile %+v; want one measured on the 40 new rows", method, p)
		}
		if err := p.check(b.Columns); err != nil {
			t.Errorf("%s (fitted %s, labels %q): %v", method, b.Adapt.Method, b.Columns[0].Labels, err)
		}
		if sum := floats.Sum(p.Columns[0].Predicted); math.Abs(sum-1) > 1e-12 {
			t.Errorf("%s: predicted shares sum to %g", method, sum)
		}
		var buf bytes.Buffer
		if _, err := b.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		back, err := ReadBundle(&buf)
		if err != nil {
			t.Fatalf("%s: %v", method, err)
		}
		if back.Profile == nil || back.Profile.Docs != 40 {
			t.Errorf("%s: profile read back %+v", method, back.Profile)
		}
	}
}

// TestTrainAdaptedRoundTrip writes an adapted model and reads it back:
// the record and every prediction survive, and the same data and
// settings give the same bytes.
func TestTrainAdaptedRoundTrip(t *testing.T) {
	s, domains := flippedSet()
	r := adaptRecipe()
	r.Folds, r.Calibrate = 3, CalibrateTemperature
	a := AdaptConfig{Column: "source", Domains: domains, Method: AdaptAugmented}
	var files [2]bytes.Buffer
	var b *Bundle
	for i := range files {
		var err error
		if b, err = TrainAdapted(s, r, a, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := b.WriteTo(&files[i]); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(files[0].Bytes(), files[1].Bytes()) {
		t.Fatal("two trainings on the same data and settings wrote different files")
	}
	back, err := ReadBundle(bytes.NewReader(files[0].Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.Adapt, b.Adapt) {
		t.Errorf("record read back %+v, want %+v", back.Adapt, b.Adapt)
	}
	if back.Columns[0].Calibration == nil || back.Columns[0].CV == nil {
		t.Error("calibration or CV scores lost")
	}
	p, q := b.NewPredictor(), back.NewPredictor()
	for _, text := range s.Texts[:10] {
		x, y := p.Predict(text)[0], q.Predict(text)[0]
		if x.Label != y.Label || !slices.Equal(x.Probs, y.Probs) {
			t.Errorf("%q: %v before writing, %v after", text, x, y)
		}
	}
}

// TestRowWeightIsDuplication checks the instance weights the sparse
// trainer takes: with no class weighting and no NB scaling, weight 2 on a
// row minimises the same objective as that row given twice, so the two
// fits agree to the solver's tolerance.
func TestRowWeightIsDuplication(t *testing.T) {
	s, _ := flippedSet()
	r := adaptRecipe()
	r.ClassWeight, r.NB, r.Trainer = ClassWeightNone, false, TrainerSparse
	vec, X, err := vectorize(r.Features, s)
	if err != nil {
		t.Fatal(err)
	}
	y := encode(s.Labels[0], LabelSet(s.Labels[0]))
	rw := make([]float64, len(X))
	dupX, dupY := slices.Clone(X), slices.Clone(y)
	for i := range rw {
		rw[i] = 1
		if i >= 120 {
			rw[i] = 2
			dupX, dupY = append(dupX, X[i]), append(dupY, y[i])
		}
	}
	weighted := &LogReg{C: r.C, Choice: TrainerSparse, rowWeight: rw, Eps: 1e-6}
	dup := &LogReg{C: r.C, Choice: TrainerSparse, Eps: 1e-6}
	if err := weighted.Fit(X, y, vec.Len(), 2); err != nil {
		t.Fatal(err)
	}
	if err := dup.Fit(dupX, dupY, vec.Len(), 2); err != nil {
		t.Fatal(err)
	}
	for _, x := range X[:20] {
		pw, pd := weighted.Probs(x, nil), dup.Probs(x, nil)
		if math.Abs(pw[1]-pd[1]) > 1e-3 {
			t.Errorf("weighted %.5f, duplicated %.5f", pw[1], pd[1])
		}
	}
	if err := (&LogReg{C: 1, Choice: TrainerGolearn, rowWeight: rw}).Fit(X, y, vec.Len(), 2); err == nil {
		t.Error("golearn with row weights: want an error")
	}
}

// TestTrainAdaptedErrors checks the refusals: a domain value no row has,
// a single domain, a method not known.
func TestTrainAdaptedErrors(t *testing.T) {
	s, domains := flippedSet()
	one := slices.Repeat([]string{"x"}, len(domains))
	for _, tc := range []struct {
		name string
		a    AdaptConfig
	}{
		{"unknown new", AdaptConfig{Column: "source", Domains: domains, New: "nope"}},
		{"one domain", AdaptConfig{Column: "source", Domains: one}},
		{"unknown method", AdaptConfig{Column: "source", Domains: domains, Method: "magic"}},
		{"short domains", AdaptConfig{Column: "source", Domains: domains[1:]}},
	} {
		if _, err := TrainAdapted(s, adaptRecipe(), tc.a, nil); err == nil {
			t.Errorf("%s: want an error", tc.name)
		}
	}
}
