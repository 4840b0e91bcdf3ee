package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/classifier"
	"github.com/stance-nlp/stance/models"
)

// tuneFixture writes a small annotated file with two label columns whose
// labels follow the words, so every recipe can learn something.
func tuneFixture(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("id,text,stance,sentiment\n")
	words := []struct{ text, stance, sentiment string }{
		{"help the officers defect now", "pro", "positive"},
		{"defection will end this war", "pro", "positive"},
		{"no more bombs no more war", "anti", "negative"},
		{"stay out of it as bombs never work", "anti", "negative"},
		{"who knows what comes next", "neutral", "neutral"},
	}
	for i := 0; i < 60; i++ {
		w := words[i%len(words)]
		fmt.Fprintf(&b, "r%d,%s %d,%s,%s\n", i, w.text, i%7, w.stance, w.sentiment)
	}
	path := filepath.Join(t.TempDir(), "ann.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestTune checks stance tune end to end: a leaderboard, a model that
// records the search, the same bytes from the same -fits and -seed, and
// train -recipe auto choosing as tune does.
func TestTune(t *testing.T) {
	in := tuneFixture(t)
	dir := t.TempDir()
	var models []string
	for i := range 2 {
		out := filepath.Join(dir, fmt.Sprintf("m%d.model", i))
		code, stdout, stderr := stance(t, "", "tune", "-fits", "14", "-folds", "3", "-o", out, in)
		if code != 0 {
			t.Fatalf("tune exited %d: %s", code, stderr)
		}
		if !strings.HasPrefix(stdout, "rank  macro-F1") || !strings.Contains(stdout, "-fits 14 -seed 1 repeats this search") {
			t.Errorf("tune output:\n%s", stdout)
		}
		models = append(models, out)
	}
	a, _ := os.ReadFile(models[0])
	b, _ := os.ReadFile(models[1])
	if !bytes.Equal(a, b) {
		t.Error("the same search wrote two different model files")
	}
	m := loadTestModel(t, models[0])
	if m.Search == nil || m.Search.Budget != 14 || m.Search.Folds != 3 || len(m.Search.Board) == 0 {
		t.Fatalf("search record %+v", m.Search)
	}
	if got, want := m.Recipe.Describe(), m.Search.Board[0].Recipe.Describe(); got != want {
		t.Errorf("model recipe %q, best of the board %q", got, want)
	}
	out := filepath.Join(dir, "auto.model")
	code, _, stderr := stance(t, "", "train", "-recipe", "auto", "-fits", "14", "-folds", "3", "-o", out, in)
	if code != 0 {
		t.Fatalf("train -recipe auto exited %d: %s", code, stderr)
	}
	if got := loadTestModel(t, out); got.Search == nil || got.Recipe.Describe() != m.Recipe.Describe() {
		t.Errorf("train -recipe auto chose %q, tune %q", got.Recipe.Describe(), m.Recipe.Describe())
	}
	code, _, stderr = stance(t, "", "train", "-recipe", "best", "-o", out, in)
	if code != 2 || !strings.Contains(stderr, `-recipe "best": want auto`) {
		t.Errorf("-recipe best: exit %d, %s", code, stderr)
	}
}

// TestCVRecipeAuto checks that cv -recipe auto runs a search in each fold
// and says so in the report.
func TestCVRecipeAuto(t *testing.T) {
	in := tuneFixture(t)
	code, stdout, stderr := stance(t, "", "cv", "-recipe", "auto", "-fits", "8", "-folds", "3", "-curve", "none", "-bootstrap", "-1", "-json", in)
	if code != 0 {
		t.Fatalf("cv -recipe auto exited %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "recipe search in each fold (nested CV)") {
		t.Errorf("the report does not say the search was nested:\n%.400s", stdout)
	}
}

func loadTestModel(t *testing.T, path string) *classifier.Bundle {
	t.Helper()
	b, err := models.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
