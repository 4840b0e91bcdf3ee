package classifier

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stance-nlp/stance/internal/testkit"
	"gonum.org/v1/gonum/floats"
)

// synthetic returns n documents over k classes whose true probabilities
// are softmax(z), z_c ~ N(0, spread²), with gold labels drawn from them,
// and the probabilities of a model that is miscalibrated by temperature
// t: softmax(z·t), the true ones raised to the power t and renormalised.
// Calibrating the model at temperature t gives back the true
// probabilities, so FitTemperature should recover t (to within sampling
// error).
func synthetic(n, k int, spread, t float64, seed uint64) (probs [][]float64, gold []int) {
	rng := rand.New(rand.NewPCG(seed, 1))
	sm := &Linear{Link: Softmax}
	for range n {
		z := make([]float64, k)
		for c := range z {
			z[c] = spread * rng.NormFloat64()
		}
		truth := slices.Clone(z)
		sm.link(truth)
		u, y := rng.Float64(), k-1
		for c, p := range truth {
			if u < p {
				y = c
				break
			}
			u -= p
		}
		for c := range z {
			z[c] *= t
		}
		sm.link(z)
		probs = append(probs, z)
		gold = append(gold, y)
	}
	return probs, gold
}

func TestFitTemperature(t *testing.T) {
	tests := []struct {
		name    string
		k       int
		spread  float64
		t       float64 // the temperature built into the data (see synthetic)
		relTol  float64
		wantEnd float64 // when not 0, the exact answer: an end of the range
	}{
		{"two classes, overconfident", 2, 1.5, 2.5, 0.06, 0},
		{"three classes, overconfident", 3, 1.5, 1.8, 0.05, 0},
		{"seven classes, overconfident", 7, 2, 3, 0.05, 0},
		{"three classes, calibrated", 3, 1.5, 1, 0.05, 0},
		{"three classes, underconfident", 3, 2, 0.5, 0.05, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			probs, gold := synthetic(20000, tt.k, tt.spread, tt.t, 7)
			got := FitTemperature(probs, gold)
			if math.Abs(got-tt.t) > tt.relTol*tt.t {
				t.Errorf("got T = %.4f, want %.4f ± %.0f%%", got, tt.t, 100*tt.relTol)
			}
		})
	}
	ends := []struct {
		name  string
		probs [][]float64
		gold  []int
		want  float64
	}{
		{"no documents", nil, nil, 1},
		{"gold always given probability 0", [][]float64{{1, 0}, {0, 1}}, []int{1, 0}, 1},
		{"one label of nonzero probability", [][]float64{{1, 0, 0}, {0, 0, 1}}, []int{0, 2}, 1},
		// Always right: the sharper the better, down to the range's end.
		{"always right", [][]float64{{0.6, 0.4}, {0.3, 0.7}}, []int{0, 1}, MinTemperature},
		// Always wrong: uniform is best, T as large as allowed.
		{"always wrong", [][]float64{{0.6, 0.4}, {0.3, 0.7}}, []int{1, 0}, MaxTemperature},
		// NLL(β) = 2 ln(0.75^β + 0.25^β) − β ln(0.75·0.25) rises with β:
		// it is least at β = 0, where the tempered probabilities are ½
		// and ½, which the range cuts off at β = 1/MaxTemperature.
		{"right once, wrong once", [][]float64{{0.75, 0.25}, {0.75, 0.25}}, []int{0, 1}, MaxTemperature},
	}
	for _, tt := range ends {
		t.Run(tt.name, func(t *testing.T) {
			if got := FitTemperature(tt.probs, tt.gold); got != tt.want {
				t.Errorf("got T = %g, want %g", got, tt.want)
			}
		})
	}
}

// TestFitTemperatureHandWorked checks a case solved by hand: three
// documents with p = (0.8, 0.2), labelled 0, 1 and 0. With
// q = 0.8^β / (0.8^β + 0.2^β) = 1 / (1 + 4^-β), the likelihood q²(1−q) is
// greatest at q = 2/3, that is 4^-β = 1/2, β = 1/2: T = 2.
func TestFitTemperatureHandWorked(t *testing.T) {
	probs := [][]float64{{0.8, 0.2}, {0.8, 0.2}, {0.8, 0.2}}
	got := FitTemperature(probs, []int{0, 1, 0})
	if math.Abs(got-2) > 1e-9 {
		t.Errorf("got T = %.12f, want 2", got)
	}
}

func TestCalibrationApply(t *testing.T) {
	tests := []struct {
		name string
		t    float64
		p    []float64
		want []float64
	}{
		// √0.8 = 2√0.2, so the square roots are in the ratio 2 : 1.
		{"T=2 halves the log-odds", 2, []float64{0.8, 0.2}, []float64{2.0 / 3, 1.0 / 3}},
		// 0.8² : 0.2² = 0.64 : 0.04 = 16 : 1.
		{"T=1/2 doubles them", 0.5, []float64{0.8, 0.2}, []float64{16.0 / 17, 1.0 / 17}},
		{"T=1 changes nothing", 1, []float64{0.5, 0.3, 0.2}, []float64{0.5, 0.3, 0.2}},
		{"zero stays zero", 3, []float64{0.5, 0, 0.5}, []float64{0.5, 0, 0.5}},
		{"certainty stays certain", 3, []float64{0, 1, 0}, []float64{0, 1, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := slices.Clone(tt.p)
			(&Calibration{Method: CalibrateTemperature, Temperature: tt.t}).Apply(got)
			if !floats.EqualApprox(got, tt.want, 1e-12) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	p := []float64{0.7, 0.3}
	(*Calibration)(nil).Apply(p)
	if !slices.Equal(p, []float64{0.7, 0.3}) {
		t.Errorf("a nil Calibration changed %v", p)
	}
}

// TestCalibrationKeepsArgmax applies random temperatures to random
// probability vectors: the most probable label never moves.
func TestCalibrationKeepsArgmax(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 5000 {
		k := 2 + rng.IntN(8)
		p := make([]float64, k)
		for c := range p {
			p[c] = math.Exp(4 * rng.NormFloat64())
			if rng.IntN(10) == 0 {
				p[c] = 0
			}
		}
		p[rng.IntN(k)] += 1e-3 // at least one label is not 0
		floats.Scale(1/floats.Sum(p), p)
		want := floats.MaxIdx(p)
		temp := math.Exp(rng.Float64()*math.Log(MaxTemperature/MinTemperature)) * MinTemperature
		q := slices.Clone(p)
		(&Calibration{Method: CalibrateTemperature, Temperature: temp}).Apply(q)
		if got := floats.MaxIdx(q); got != want && q[got] != q[want] {
			t.Fatalf("T=%g moved the argmax of %v from %d to %d (%v)", temp, p, want, got, q)
		}
		if s := floats.Sum(q); math.Abs(s-1) > 1e-12 {
			t.Fatalf("T=%g: %v sums to %v", temp, q, s)
		}
	}
}

// calibratedSeedModel returns the default recipe with temperature
// calibration and the model it trains on the seed corpus, trained once
// for all the tests that ask (they must not change it).
func calibratedSeedModel(t *testing.T) (*Bundle, Recipe) {
	t.Helper()
	r := RecipeV1()
	r.Calibrate = CalibrateTemperature
	calibratedSeed.once.Do(func() {
		calibratedSeed.b, calibratedSeed.err = Train(seedSet(t), r, nil)
	})
	if calibratedSeed.err != nil {
		t.Fatal(calibratedSeed.err)
	}
	return calibratedSeed.b, r
}

var calibratedSeed struct {
	once sync.Once
	b    *Bundle
	err  error
}

// TestTrainCalibrates checks that Train fits each column's map on its own
// cross-validation's out-of-fold predictions (FitCalibrations on the same
// set and recipe gives the same maps), that the labels are those of the
// uncalibrated model and the probabilities its probabilities calibrated,
// and that the prior of an empty text is not rescaled.
func TestTrainCalibrates(t *testing.T) {
	b, r := calibratedSeedModel(t)
	want, err := FitCalibrations(seedSet(t), r, nil)
	if err != nil {
		t.Fatal(err)
	}
	for c := range b.Columns {
		got := b.Columns[c].Calibration
		if got == nil || *got != *want[c] {
			t.Fatalf("column %s: Train fitted %v, FitCalibrations %v", b.Columns[c].Name, got, want[c])
		}
		if got.Docs != 202 || !(got.Temperature > 1) {
			t.Errorf("column %s: %+v; want T > 1 (the seed model is overconfident) fitted on 202 documents", b.Columns[c].Name, *got)
		}
	}
	p, raw := b.NewPredictor(), b.Uncalibrated().NewPredictor()
	for _, text := range append(testkit.Texts(t, 300), "", "!!!", "unseen zzz qqq") {
		got, want := p.Predict(text), raw.Predict(text)
		for c := range got {
			if got[c].Index != want[c].Index || got[c].Label != want[c].Label {
				t.Fatalf("%q column %d: calibrated label %s, uncalibrated %s", text, c, got[c].Label, want[c].Label)
			}
			q := slices.Clone(want[c].Probs)
			b.Columns[c].Calibration.Apply(q)
			if !floats.EqualApprox(got[c].Probs, q, 1e-15) || got[c].Confidence != got[c].Probs[got[c].Index] {
				t.Fatalf("%q column %d: probs %v, want %v calibrated: %v", text, c, got[c].Probs, want[c].Probs, q)
			}
		}
	}
	for c, pr := range p.Prior() {
		if !slices.Equal(pr.Probs, raw.Prior()[c].Probs) {
			t.Errorf("column %d: prior %v rescaled from %v", c, pr.Probs, raw.Prior()[c].Probs)
		}
	}
	if b.Uncalibrated().Columns[0].Calibration != nil || b.Columns[0].Calibration == nil {
		t.Error("Uncalibrated changed b or kept its maps")
	}
}

// TestCalibrationRoundTrip saves and reads a calibrated model: the maps
// and the predictions come back exactly, and the file saves to the same
// bytes again.
func TestCalibrationRoundTrip(t *testing.T) {
	b, _ := calibratedSeedModel(t)
	var buf bytes.Buffer
	if _, err := b.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	saved := buf.Bytes()
	if !bytes.Contains(saved, []byte(`"calibrate":"temperature"`)) || !bytes.Contains(saved, []byte(`"calibration":{"method":"temperature","temperature":`)) {
		t.Fatal("the model file holds no calibration")
	}
	c, err := ReadBundle(bytes.NewReader(saved))
	if err != nil {
		t.Fatal(err)
	}
	for i := range b.Columns {
		if *c.Columns[i].Calibration != *b.Columns[i].Calibration {
			t.Errorf("column %d: read %+v, wrote %+v", i, *c.Columns[i].Calibration, *b.Columns[i].Calibration)
		}
	}
	p, q := b.NewPredictor(), c.NewPredictor()
	for _, text := range testkit.Texts(t, 100) {
		x, y := p.Predict(text), q.Predict(text)
		for i := range x {
			if x[i].Label != y[i].Label || !slices.Equal(x[i].Probs, y[i].Probs) {
				t.Fatalf("%q: before save %v, after load %v", text, x[i].Probs, y[i].Probs)
			}
		}
	}
	var again bytes.Buffer
	if _, err := c.WriteTo(&again); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(saved, again.Bytes()) {
		t.Error("a loaded calibrated model does not save to the same bytes")
	}
}

// TestUncalibratedModelUnchanged checks that a model without calibration
// (RecipeV1, as every model before calibration existed) reads and writes
// as before: its file has no calibration field and its columns no map.
func TestUncalibratedModelUnchanged(t *testing.T) {
	m, err := Train(toySet(), RecipeV1(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var file bytes.Buffer
	if _, err := m.WriteTo(&file); err != nil {
		t.Fatal(err)
	}
	raw := file.Bytes()
	if bytes.Contains(raw, []byte("calibrat")) {
		t.Fatal("an uncalibrated model's file mentions calibration")
	}
	b, err := ReadBundle(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if b.Recipe.Calibrates() {
		t.Errorf("recipe calibrates: %q", b.Recipe.Calibrate)
	}
	for _, c := range b.Columns {
		if c.Calibration != nil {
			t.Errorf("column %s has calibration %+v", c.Name, *c.Calibration)
		}
	}
	for _, m := range []*Bundle{b, b.Uncalibrated()} {
		var buf bytes.Buffer
		if _, err := m.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(buf.Bytes(), raw) {
			t.Error("the uncalibrated model, read and written back, differs from its file")
		}
	}
}

func TestCalibrationErrors(t *testing.T) {
	recipe := func(f func(*Recipe)) Recipe {
		r := RecipeV1()
		f(&r)
		return r
	}
	recipes := []struct {
		name string
		r    Recipe
		msg  string // "" for no error
	}{
		{"default", RecipeV1(), ""},
		{"temperature", recipe(func(r *Recipe) { r.Calibrate = CalibrateTemperature }), ""},
		{"none without folds", recipe(func(r *Recipe) { r.Calibrate, r.Folds = CalibrateNone, 0 }), ""},
		{"unknown", recipe(func(r *Recipe) { r.Calibrate = "platt" }), `unknown calibration "platt"`},
		{"temperature without folds", recipe(func(r *Recipe) { r.Calibrate, r.Folds = CalibrateTemperature, 0 }), ""},
	}
	for _, tt := range recipes {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.r.Validate()
			switch {
			case tt.msg == "" && err != nil:
				t.Errorf("got %v, want no error", err)
			case tt.msg != "" && (err == nil || !strings.Contains(err.Error(), tt.msg)):
				t.Errorf("got %v, want an error containing %q", err, tt.msg)
			}
		})
	}

	// Without folds there is nothing to fit a map on: the model has none,
	// and its recipe says so.
	r := recipes[0].r
	r.Calibrate, r.Folds = CalibrateTemperature, 0
	b, err := Train(toySet(), r, nil)
	if err != nil {
		t.Fatal(err)
	}
	if b.Recipe.Calibrate != "" || b.Columns[0].Calibration != nil {
		t.Errorf("trained without folds: recipe calibration %q, map %v; want none", b.Recipe.Calibrate, b.Columns[0].Calibration)
	}

	// A model file with a bad map is refused.
	files := []struct {
		name string
		cal  string
		msg  string
	}{
		{"unknown method", `{"method":"platt","temperature":2,"docs":9}`, `unknown calibration method "platt"`},
		{"zero temperature", `{"method":"temperature","temperature":0,"docs":9}`, "temperature 0 outside"},
		{"huge temperature", `{"method":"temperature","temperature":1e300,"docs":9}`, "outside [0.01, 100]"},
		{"negative docs", `{"method":"temperature","temperature":2,"docs":-1}`, "negative number"},
	}
	for _, tt := range files {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if _, err := b.WriteTo(&buf); err != nil {
				t.Fatal(err)
			}
			var payload map[string]any
			if err := json.Unmarshal(payloadOf(buf.Bytes()), &payload); err != nil {
				t.Fatal(err)
			}
			var cal any
			json.Unmarshal([]byte(tt.cal), &cal)
			payload["columns"].([]any)[0].(map[string]any)["calibration"] = cal
			bad, _ := json.Marshal(payload)
			_, err := ReadBundle(bytes.NewReader(seal(bad)))
			if err == nil || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("got %v, want an error containing %q", err, tt.msg)
			}
		})
	}
	if _, err := FitCalibration("platt", nil, nil); err == nil {
		t.Error("FitCalibration of an unknown method: no error")
	}
	if c, err := FitCalibration(CalibrateNone, nil, nil); c != nil || err != nil {
		t.Errorf("FitCalibration(none) = %v, %v; want nil, nil", c, err)
	}
	if _, err := FitCalibration(CalibrateTemperature, [][]float64{{0.5, 0.5}}, []int{2}); err == nil {
		t.Error("a gold label outside the probabilities: no error")
	}
}
