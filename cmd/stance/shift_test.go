package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/internal/testkit"
	"github.com/stance-nlp/stance/label"
)

// TestShiftWarning checks that label, eval and explain give the shift
// check's warning on comments unlike the shipped model's thread
// (testdata/shift/offtopic.csv: 40 one-line film reviews written for
// this test) and none on the thread itself.
func TestShiftWarning(t *testing.T) {
	const warning = "warning: this input is unlike the model's training data"
	offtopic := filepath.Join("testdata", "shift", "offtopic.csv")
	seed := testkit.SeedPath(t)
	dir := t.TempDir()
	offOut, seedOut := filepath.Join(dir, "offtopic.csv"), filepath.Join(dir, "seed.csv")
	tests := []struct {
		name    string
		args    []string
		warn    bool
		summary string // a substring of standard output
	}{
		{"label off-topic", []string{"label", "-prefix", "pred_", "-o", offOut, offtopic}, true, "UNLIKE the training data (unknown words, unfamiliar rows"},
		{"label the thread", []string{"label", "-prefix", "pred_", "-o", seedOut, seed}, false, "shift check: 13.9% of 8579 words unknown (held out in training: 25.6%)"},
		{"eval off-topic", []string{"eval", offtopic}, true, ""},
		{"eval the thread", []string{"eval", seed}, false, ""},
		{"explain off-topic", []string{"explain", "-limit", "40", offtopic}, true, ""},
		{"explain the thread", []string{"explain", "-limit", "40", seed}, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := stance(t, "", tt.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if got := strings.Contains(stderr, warning); got != tt.warn {
				t.Errorf("warning %v, want %v; stderr:\n%s", got, tt.warn, stderr)
			}
			if tt.warn && !strings.Contains(stderr, "stance annotate -data "+strings.TrimSuffix(tt.args[len(tt.args)-1], ".csv")) {
				t.Errorf("the warning gives no annotate command on the input:\n%s", stderr)
			}
			if !strings.Contains(stdout, tt.summary) {
				t.Errorf("standard output lacks %q:\n%s", tt.summary, stdout)
			}
		})
	}
	// Every off-topic review is unfamiliar (its content words, film,
	// kitchen, montage..., are not the thread's), noted in both columns;
	// no comment of the thread is (0.0% in docs/shift.md's table).
	for path, want := range map[string]int{offOut: 80, seedOut: 0} {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(string(b), label.NoteUnfamiliar); n != want {
			t.Errorf("%s: %d unfamiliar notes, want %d", filepath.Base(path), n, want)
		}
	}
}
