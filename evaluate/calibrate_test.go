package evaluate

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/classifier"
	"github.com/stance-nlp/stance/evaluate/result"
)

// TestCVCalibrated cross-validates the default recipe with and without
// temperature calibration on the seed corpus. Calibration changes no
// label, so every label-based score is the same; the uncalibrated scores
// of the calibrated run are those of the run without calibration; each
// fold's temperature is the one Train would fit on the fold's training
// part; and calibration lowers the error of both columns (the seed
// model is overconfident).
func TestCVCalibrated(t *testing.T) {
	s := seedSet(t)
	r := classifier.RecipeV1()
	cal := r
	cal.Calibrate = classifier.CalibrateTemperature
	o := CVOptions{Options: Options{Seed: r.Seed, Bootstrap: -1}, Folds: 5}
	plain, err := CV(s, r, o)
	if err != nil {
		t.Fatal(err)
	}
	got, err := CV(s, cal, o)
	if err != nil {
		t.Fatal(err)
	}
	for c := range got {
		g, p := got[c], plain[c]
		if g.Calibration != classifier.CalibrateTemperature || len(g.Temperatures) != 5 {
			t.Errorf("%s: calibration %q with temperatures %v, want temperature with 5", g.Name, g.Calibration, g.Temperatures)
		}
		if !reflect.DeepEqual(g.Confusion, p.Confusion) || g.MacroF1 != p.MacroF1 {
			t.Errorf("%s: calibration changed labels: confusion %v, want %v", g.Name, g.Confusion, p.Confusion)
		}
		if g.ECEUncalibrated != *p.ECE || g.BrierUncalibrated != *p.Brier || !reflect.DeepEqual(g.ReliabilityUncalibrated, p.Reliability) {
			t.Errorf("%s: uncalibrated ECE %v Brier %v, want those of the plain run %v %v", g.Name, g.ECEUncalibrated, g.BrierUncalibrated, *p.ECE, *p.Brier)
		}
		if !(*g.ECE < *p.ECE/1.5) || !(*g.Brier < *p.Brier) {
			t.Errorf("%s: calibrated ECE %.3f Brier %.3f, uncalibrated %.3f %.3f: want clearly lower", g.Name, *g.ECE, *g.Brier, *p.ECE, *p.Brier)
		}
		if p.Calibration != "" || p.Temperatures != nil || p.ReliabilityUncalibrated != nil {
			t.Errorf("%s: a run without calibration reports %q %v", p.Name, p.Calibration, p.Temperatures)
		}
	}
	// The first fold's temperatures, fitted as Train would fit them on
	// that fold's training part.
	var first []int
	y := make([]int, len(s.Texts))
	set := classifier.LabelSet(s.Labels[0])
	for i, l := range s.Labels[0] {
		y[i], _ = slices.BinarySearch(set, l)
	}
	for i, f := range classifier.StratifiedFolds(y, len(set), 5, r.Seed) {
		if f != 0 {
			first = append(first, i)
		}
	}
	want, err := classifier.FitCalibrations(subset(s, first), cal, nil)
	if err != nil {
		t.Fatal(err)
	}
	for c := range got {
		if got[c].Temperatures[0] != want[c].Temperature {
			t.Errorf("%s: fold 1 has T = %v, want %v", got[c].Name, got[c].Temperatures[0], want[c].Temperature)
		}
	}
}

// TestEvalCalibrated scores a calibrated model: its probabilities are the
// calibrated ones, its uncalibrated scores those of the same model
// without its maps, and its labels the same.
func TestEvalCalibrated(t *testing.T) {
	s := seedSet(t)
	r := classifier.RecipeV1()
	r.Calibrate = classifier.CalibrateTemperature
	b, err := classifier.Train(s, r, nil)
	if err != nil {
		t.Fatal(err)
	}
	g := &Gold{Texts: s.Texts, Columns: s.Columns, Labels: s.Labels}
	o := Options{Bootstrap: -1}
	got, err := Eval(b, g, o)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := Eval(b.Uncalibrated(), g, o)
	if err != nil {
		t.Fatal(err)
	}
	for c := range got {
		if got[c].Calibration != classifier.CalibrateTemperature || !slices.Equal(got[c].Temperatures, []float64{b.Columns[c].Calibration.Temperature}) {
			t.Errorf("%s: calibration %q %v, want the model's", got[c].Name, got[c].Calibration, got[c].Temperatures)
		}
		if !reflect.DeepEqual(got[c].Confusion, raw[c].Confusion) {
			t.Errorf("%s: calibration changed labels", got[c].Name)
		}
		if got[c].ECEUncalibrated != *raw[c].ECE || !reflect.DeepEqual(got[c].ReliabilityUncalibrated, raw[c].Reliability) {
			t.Errorf("%s: uncalibrated ECE %v, want %v", got[c].Name, got[c].ECEUncalibrated, *raw[c].ECE)
		}
		if *got[c].ECE == *raw[c].ECE {
			t.Errorf("%s: calibration left the ECE at %v", got[c].Name, got[c].ECE)
		}
	}
	// A model without calibration reports none, and its JSON has none of
	// the calibration fields.
	js, err := json.Marshal(raw)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"calibration", "temperatures", "uncalibrated"} {
		if strings.Contains(string(js), f) {
			t.Errorf("JSON of an uncalibrated evaluation has %q", f)
		}
	}
	var back []result.Column
	if err := json.Unmarshal(js, &back); err != nil || back[0].ReliabilityUncalibrated != nil {
		t.Errorf("round trip: %v, %v", err, back[0].ReliabilityUncalibrated)
	}
}
