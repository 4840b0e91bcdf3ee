package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestCalibrateFlag trains with -calibrate temperature, then labels,
// evaluates and cross-validates with it: the summary names the
// temperatures, the labels are those of the uncalibrated model, and eval
// and cv report the probabilities before and after calibration.
func TestCalibrateFlag(t *testing.T) {
	dir := t.TempDir()
	const seed = "../../data/syria-comments.csv"
	calModel, rawModel := filepath.Join(dir, "cal.model"), filepath.Join(dir, "raw.model")
	code, stdout, stderr := stance(t, "", "train", "-calibrate", "temperature", "-o", calModel, seed)
	if code != 0 {
		t.Fatalf("train exited %d: %s", code, stderr)
	}
	for _, want := range []string{"), temperature-calibrated; word", "calibrated: stance temperature T=", ", sentiment temperature T="} {
		if !strings.Contains(stdout, want) {
			t.Errorf("train summary lacks %q:\n%s", want, stdout)
		}
	}
	if code, _, stderr := stance(t, "", "train", "-calibrate", "none", "-o", rawModel, seed); code != 0 {
		t.Fatalf("train -calibrate none exited %d: %s", code, stderr)
	}

	const text = "id,text\n1,We should stay out of Syria entirely\n2,Assad must go and the rebels deserve our help\n3,\n"
	_, calOut, _ := stance(t, text, "label", "-model", calModel, "-probs", "-o", "-")
	_, rawOut, _ := stance(t, text, "label", "-model", rawModel, "-probs", "-o", "-")
	_, calRows := readRows(t, calOut)
	header, rawRows := readRows(t, rawOut)
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	for i := range rawRows {
		for _, c := range []string{"stance", "sentiment"} {
			if calRows[i][col[c]] != rawRows[i][col[c]] {
				t.Errorf("row %d: calibrated %s %s, uncalibrated %s", i+1, c, calRows[i][col[c]], rawRows[i][col[c]])
			}
			// Calibration softens an overconfident model; the empty
			// text's prior is left as it is.
			cal, raw := calRows[i][col[c+"_confidence"]], rawRows[i][col[c+"_confidence"]]
			if (i < 2 && !(cal < raw)) || (i == 2 && cal != raw) {
				t.Errorf("row %d: %s confidence calibrated %s, uncalibrated %s", i+1, c, cal, raw)
			}
		}
	}

	code, stdout, stderr = stance(t, "", "eval", "-json", "-bootstrap", "-1", "-model", calModel, seed)
	if code != 0 {
		t.Fatalf("eval exited %d: %s", code, stderr)
	}
	for _, c := range decodeReport(t, stdout).Columns {
		if c.Calibration != "temperature" || len(c.Temperatures) != 1 || len(c.ReliabilityUncalibrated) == 0 {
			t.Errorf("eval %s: calibration %q %v, %d uncalibrated bins", c.Name, c.Calibration, c.Temperatures, len(c.ReliabilityUncalibrated))
		}
	}
	code, stdout, stderr = stance(t, "", "cv", "-calibrate", "temperature", "-folds", "3", "-curve", "none", "-bootstrap", "-1", seed)
	if code != 0 {
		t.Fatalf("cv exited %d: %s", code, stderr)
	}
	for _, want := range []string{"calibration:      temperature, fitted in each training fold", "ECE, uncalibrated", "Uncalibrated probabilities (the model's own):"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("cv report lacks %q", want)
		}
	}

	for _, tt := range []struct {
		args []string
		msg  string
	}{
		{[]string{"train", "-calibrate", "platt", seed}, `-calibrate "platt": want one of none, temperature`},
		{[]string{"train", "-calibrate", "temperature", "-folds", "0", seed}, "-calibrate temperature is fitted on cross-validated predictions: it needs -folds of at least 2"},
		{[]string{"cv", "-calibrate", "Temperature", seed}, `-calibrate "Temperature"`},
	} {
		if code, _, stderr := stance(t, "", tt.args...); code != 2 || !strings.Contains(stderr, tt.msg) {
			t.Errorf("%v: exit %d, %q; want exit 2 and %q", tt.args, code, stderr, tt.msg)
		}
	}
}
