package classifier

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats"
)

// TestNewProfile checks newProfile on three held-out documents whose
// figures are worked out by hand in the comments.
func TestNewProfile(t *testing.T) {
	cov := []coverage{{4, 3}, {2, 0}, {0, 0}}
	o := &outOfFold{probs: [][][]float64{{{0.8, 0.2}, {0.3, 0.7}, {0.6, 0.4}}}}
	cols := []Column{{Name: "tone", Labels: []string{"neg", "pos"}, Counts: []int{2, 1}}}
	tests := []struct {
		name       string
		cal        *Calibration
		confidence float64
	}{
		// (0.8 + 0.7 + 0.6) / 3
		{"raw", nil, 0.7},
		// T = 0.5 squares and renormalises: (16/17 + 49/58 + 9/13) / 3.
		{"calibrated", &Calibration{Method: CalibrateTemperature, Temperature: 0.5}, (16.0/17 + 49.0/58 + 9.0/13) / 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newProfile(cov, o, cols, []*Calibration{tt.cal})
			// 6 words, 3 known; known shares 3/4 and 0/2 (the third
			// document has no words), so one of two is under half; every
			// quantile up to the median of {0, 0.75} is 0.
			if p.Docs != 3 || p.Words != 6 || p.Unknown != 0.5 || p.FewKnown != 0.5 {
				t.Errorf("docs %d, words %d, unknown %g, few known %g; want 3, 6, 0.5, 0.5", p.Docs, p.Words, p.Unknown, p.FewKnown)
			}
			if !slices.Equal(p.KnownQuantiles, []float64{0, 0, 0, 0}) {
				t.Errorf("known quantiles %v, want all 0", p.KnownQuantiles)
			}
			c := p.Columns[0]
			// Top labels neg, pos, neg: shares 2/3, 1/3, the prior's.
			if !floats.EqualApprox(c.Predicted, []float64{2.0 / 3, 1.0 / 3}, 1e-12) || math.Abs(c.Distance) > 1e-12 {
				t.Errorf("predicted %v at distance %g, want [2/3 1/3] at 0", c.Predicted, c.Distance)
			}
			if math.Abs(c.Confidence-tt.confidence) > 1e-12 {
				t.Errorf("confidence %g, want %g", c.Confidence, tt.confidence)
			}
		})
	}
}

// uniqueSet is a corpus in which every document holds two words every
// other document shares and one word of its own, so that held out, one
// word in three is unknown to the fold's vocabulary, whatever the folds.
func uniqueSet() *TrainingSet {
	s := &TrainingSet{Columns: []string{"tone"}, Labels: [][]string{nil}}
	// Consonants only, so that no two words stem alike.
	const letters = "bcdfghjklmnpqrtvwz"
	for i := range 60 {
		l, w := "pos", "good"
		if i%2 == 1 {
			l, w = "neg", "bad"
		}
		s.Texts = append(s.Texts, fmt.Sprintf("%s film tag%c%c", w, letters[i/len(letters)], letters[i%len(letters)]))
		s.Labels[0] = append(s.Labels[0], l)
	}
	return s
}

// TestTrainProfile checks the Profile Train records: held-out coverage as
// uniqueSet's construction says, and no Profile without cross-validation.
func TestTrainProfile(t *testing.T) {
	r := DefaultRecipe()
	r.Folds = 3
	b, err := Train(uniqueSet(), r, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := b.Profile
	if p == nil {
		t.Fatal("no profile")
	}
	// 60 documents of 3 content words; 1 in 3 unknown in each, so every
	// known share is 2/3 and none is under half.
	if p.Docs != 60 || p.Words != 180 || math.Abs(p.Unknown-1.0/3) > 1e-12 || p.FewKnown != 0 {
		t.Errorf("docs %d, words %d, unknown %g, few known %g; want 60, 180, 1/3, 0", p.Docs, p.Words, p.Unknown, p.FewKnown)
	}
	for _, q := range p.KnownQuantiles {
		if math.Abs(q-2.0/3) > 1e-12 {
			t.Errorf("known quantiles %v, want all 2/3", p.KnownQuantiles)
			break
		}
	}
	c := p.Columns[0]
	if c.Name != "tone" || math.Abs(floats.Sum(c.Predicted)-1) > 1e-12 || c.Confidence < 0.5 || c.Confidence > 1 {
		t.Errorf("column %+v: want tone, shares summing to 1, a top confidence in [0.5, 1]", c)
	}
	r.Folds = 0
	if b, err = Train(uniqueSet(), r, nil); err != nil {
		t.Fatal(err)
	}
	if b.Profile != nil {
		t.Error("a model trained without cross-validation has a profile")
	}
	if s := CheckShift(b, uniqueSet().Texts); s.Profiled || s.Warn() {
		t.Errorf("shift check without a profile: profiled %v, warns %v", s.Profiled, s.Warn())
	}
}

// TestShippedProfile pins the profile of the shipped model, measured by
// `make model` and quoted in docs/shift.md: 2200 of 8579
// held-out content words unknown, 4 of 202 comments unfamiliar.
func TestShippedProfile(t *testing.T) {
	raw, err := os.ReadFile("../models/default.model")
	if err != nil {
		t.Fatal(err)
	}
	b, err := ReadBundle(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	p := b.Profile
	if p == nil {
		t.Fatal("the shipped model has no profile: retrain it (make model)")
	}
	if p.Docs != 202 || p.Words != 8579 || math.Abs(p.Unknown-2200.0/8579) > 1e-12 || math.Abs(p.FewKnown-4.0/202) > 1e-12 {
		t.Errorf("docs %d, words %d, unknown %g, few known %g; want 202, 8579, 2200/8579, 4/202", p.Docs, p.Words, p.Unknown, p.FewKnown)
	}
}

// TestProfileFormats checks that a profile is written in format 4 and
// read back as it was, that an older file without one is read, and that
// files that misplace or mismatch it are refused.
func TestProfileFormats(t *testing.T) {
	r := DefaultRecipe()
	r.Folds = 3
	b, err := Train(uniqueSet(), r, nil)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := b.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("stance-model\nformat 4\n")) {
		t.Fatalf("header %q, want format 4", buf.Bytes()[:25])
	}
	c, err := ReadBundle(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(*c.Profile) != fmt.Sprint(*b.Profile) {
		t.Errorf("profile read back %+v, written %+v", *c.Profile, *b.Profile)
	}
	payload := payloadOf(buf.Bytes())
	at := bytes.Index(payload, []byte(`,"profile":`))
	if at < 0 || payload[len(payload)-1] != '}' {
		t.Fatalf("no profile at the end of the payload")
	}
	withoutProfile := append(bytes.Clone(payload[:at]), '}')
	tests := []struct {
		name string
		in   []byte
		want string // the error, "" for none
	}{
		{"format 2 without a profile", sealFormat(withoutProfile, FormatPlain), ""},
		{"format 2 with a profile", sealFormat(payload, FormatPlain), "model file format 2 holds a profile, which only format 4 holds"},
		{"profile of other columns", seal(bytes.Replace(payload, []byte(`"columns":[{"name":"tone","predicted"`), []byte(`"columns":[{"name":"mood","predicted"`), 1)),
			"model file: profile column 1 (mood) does not match label column tone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := ReadBundle(bytes.NewReader(tt.in))
			switch {
			case tt.want == "" && err != nil:
				t.Fatal(err)
			case tt.want != "" && (err == nil || err.Error() != tt.want):
				t.Fatalf("got %v, want %q", err, tt.want)
			case tt.want == "":
				if b.Profile != nil {
					t.Error("profile read from a file without one")
				}
				if s := CheckShift(b, []string{strings.Repeat("unknown words everywhere ", 100)}); s.Profiled || s.Warn() {
					t.Errorf("shift check without a profile: profiled %v, warns %v", s.Profiled, s.Warn())
				}
			}
		})
	}
}

// TestShiftCounter checks the comparison on counts chosen by hand
// against a hand-made profile.
func TestShiftCounter(t *testing.T) {
	b := &Bundle{
		Columns: []Column{{Name: "tone", Labels: []string{"neg", "pos"}, Counts: []int{1, 1}}},
		Profile: &Profile{Unknown: 0.2, FewKnown: 0.05, Columns: []ColumnProfile{{Name: "tone", Predicted: []float64{0.5, 0.5}, Confidence: 0.8}}},
	}
	neg := []Prediction{{Index: 0, Confidence: 0.9}}
	pos := []Prediction{{Index: 1, Confidence: 0.6}}
	one, both := [][]Prediction{neg}, [][]Prediction{neg, pos}
	tests := []struct {
		name                     string
		rows                     int
		words, known             int            // per row
		preds                    [][]Prediction // row i gets preds[i%len(preds)]
		unknown, fewKnown, dist  float64
		confidence               float64
		unknownHigh, fewHigh, lh bool
	}{
		// 40 rows of 10 words, 7 known: unknown 0.3, 0.1 over the
		// profile's, beyond MaxUnknownGap; all negative: distance 0.5.
		{"unknown words, shifted labels", 40, 10, 7, one, 0.3, 0, 0.5, 0.9, true, false, true},
		// 0.25 unknown: 0.05 over, within the gap.
		{"within the gap", 40, 20, 15, one, 0.25, 0, 0.5, 0.9, false, false, true},
		// 4 known of 10 in every row: every row unfamiliar.
		{"unfamiliar rows", 40, 10, 4, one, 0.6, 1, 0.5, 0.9, true, true, true},
		// Too few words to compare the unknown share, too few rows for
		// the label shares and unfamiliar rows.
		{"too small to tell", MinShiftRows - 1, 5, 0, one, 1, 1, 0.5, 0.9, false, false, false},
		// Half negative, half positive, as held out; confidence (0.9 +
		// 0.6) / 2.
		{"like the profile", 40, 10, 8, both, 0.2, 0, 0, 0.75, false, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Two counters merged, as labelling merges its batches.
			a, c := b.NewShiftCounter(), b.NewShiftCounter()
			for i := range tt.rows {
				cnt := a
				if i%2 == 1 {
					cnt = c
				}
				unfamiliar := cnt.Add(tt.words, tt.known, tt.preds[i%len(tt.preds)])
				if want := float64(tt.known) < FewKnownShare*float64(tt.words); unfamiliar != want {
					t.Fatalf("row %d unfamiliar %v, want %v", i, unfamiliar, want)
				}
			}
			a.Merge(c)
			s := a.Shift()
			cs := s.Columns[0]
			if s.Rows != tt.rows || math.Abs(s.Unknown-tt.unknown) > 1e-12 || s.FewKnown != tt.fewKnown || math.Abs(cs.Distance-tt.dist) > 1e-12 {
				t.Errorf("rows %d, unknown %g, few known %g, distance %g; want %d, %g, %g, %g", s.Rows, s.Unknown, s.FewKnown, cs.Distance, tt.rows, tt.unknown, tt.fewKnown, tt.dist)
			}
			if s.UnknownHigh != tt.unknownHigh || s.FewKnownHigh != tt.fewHigh || cs.Shifted != tt.lh {
				t.Errorf("unknown high %v, few known high %v, labels shifted %v; want %v, %v, %v", s.UnknownHigh, s.FewKnownHigh, cs.Shifted, tt.unknownHigh, tt.fewHigh, tt.lh)
			}
			if want := tt.unknownHigh || tt.fewHigh || tt.lh; s.Warn() != want {
				t.Errorf("Warn() = %v, want %v", s.Warn(), want)
			}
			if math.Abs(cs.Confidence-tt.confidence) > 1e-12 || cs.CVConfidence != 0.8 {
				t.Errorf("confidence %g beside %g, want %g beside 0.8", cs.Confidence, cs.CVConfidence, tt.confidence)
			}
		})
	}
}

// TestShiftNoise measures how often the shift check warns on text like
// the training data: random sets of the seed corpus's held-out comments
// (out-of-fold coverage and predictions of the default recipe's 5-fold
// cross-validation, as the shipped model's profile was measured), which
// is what new comments of the same thread look like to the model. These
// are the in-domain noise figures docs/shift.md gives for
// each threshold. The check must warn on under 1% of such sets of 30
// comments or more; on 10 comments (about 420 words) the unknown-word
// share is noisier, and it warns on 1.45% of them (docs/shift.md says so),
// which the test bounds at 2%.
func TestShiftNoise(t *testing.T) {
	s := seedSet(t)
	r := DefaultRecipe()
	_, _, o, err := crossValidate(s.ShareGrams(), r, nil)
	if err != nil {
		t.Fatal(err)
	}
	cals, err := o.calibrate(r.Calibrate, s.Columns, nil)
	if err != nil {
		t.Fatal(err)
	}
	b := &Bundle{Columns: []Column{{Name: "stance"}, {Name: "sentiment"}}}
	for c := range b.Columns {
		b.Columns[c].Labels = LabelSet(s.Labels[c])
		b.Columns[c].Counts = make([]int, len(b.Columns[c].Labels))
		for _, y := range encode(s.Labels[c], b.Columns[c].Labels) {
			b.Columns[c].Counts[y]++
		}
	}
	b.Profile = newProfile(o.cov, o, b.Columns, cals)
	rng := rand.New(rand.NewPCG(1, 2))
	const draws = 2000
	for _, n := range []int{10, 30, 60, 100} {
		warned, unknownOver := 0, 0
		var dist [2][]float64
		maxFew := 0.0
		for range draws {
			cnt := b.NewShiftCounter()
			for _, i := range rng.Perm(len(o.cov))[:n] {
				preds := make([]Prediction, 2)
				for c := range preds {
					preds[c] = Prediction{Index: floats.MaxIdx(o.probs[c][i])}
				}
				cnt.Add(o.cov[i].words, o.cov[i].known, preds)
			}
			sh := cnt.Shift()
			if sh.Warn() {
				warned++
			}
			if sh.UnknownHigh {
				unknownOver++
			}
			for c := range dist {
				dist[c] = append(dist[c], sh.Columns[c].Distance)
			}
			maxFew = max(maxFew, sh.FewKnown-sh.CVFewKnown)
		}
		slices.Sort(dist[0])
		slices.Sort(dist[1])
		t.Logf("%3d comments: warns %.2f%% (unknown words %.2f%%), label distance p99 stance %.3f sentiment %.3f, unfamiliar-row gap max %.3f",
			n, 100*float64(warned)/draws, 100*float64(unknownOver)/draws, dist[0][draws*99/100], dist[1][draws*99/100], maxFew)
		limit := 0.01
		if n < MinShiftRows {
			limit = 0.02
		}
		if float64(warned)/draws >= limit {
			t.Errorf("%d held-out comments: the check warns on %d of %d draws, want under %g%%", n, warned, draws, 100*limit)
		}
	}
}
