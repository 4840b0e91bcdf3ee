package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestCharNGramsFlag trains with -char-ngrams and checks that the recipe
// says so, that the model file records the lengths, and that explain shows
// char n-gram terms in brackets.
func TestCharNGramsFlag(t *testing.T) {
	m := filepath.Join(t.TempDir(), "chars.model")
	code, stdout, stderr := stance(t, "", "train", "-folds", "0", "-char-ngrams", "2-4", "-min-df", "1", "-o", m, "../../data/syria-comments.csv")
	if code != 0 {
		t.Fatalf("train exited %d: %s", code, stderr)
	}
	if want := "word 1-2 grams, char 2-4 grams, min-df 1"; !strings.Contains(stdout, want) {
		t.Errorf("train summary %q lacks %q", stdout, want)
	}
	b, err := os.ReadFile(m)
	if err != nil {
		t.Fatal(err)
	}
	if want := `"char_ngram_min":2,"char_ngram_max":4`; !strings.Contains(string(b), want) {
		t.Errorf("model file lacks %s", want)
	}
	code, stdout, stderr = stance(t, "", "explain", "-model", m, "-limit", "3", "../../data/syria-comments.csv")
	if code != 0 {
		t.Fatalf("explain exited %d: %s", code, stderr)
	}
	if !regexp.MustCompile(`(?m)^\s+\[\S{2,4}\]\s+-?\d`).MatchString(stdout) {
		t.Errorf("explain shows no char n-gram term in brackets:\n%s", stdout)
	}
}
