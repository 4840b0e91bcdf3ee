package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRulesCheck runs `stance rules check` on the seed corpus with the
// shipped rules (the golden file was made by this command and read
// against data/syria.rules by hand: every rule names the labels its
// header row says), then checks that a model trained with -rules keeps
// the same rules, so that checking the model's rules gives the same
// tables.
func TestRulesCheck(t *testing.T) {
	code, stdout, stderr := stance(t, "", "rules", "check", "-rules", "../../data/syria.rules", "../../data/syria-comments.csv")
	if code != 0 {
		t.Fatalf("rules check exited %d: %s", code, stderr)
	}
	golden(t, "rules_check.stdout", stdout)

	model := filepath.Join(t.TempDir(), "rules.model")
	code, _, stderr = stance(t, "", "train", "-folds", "0", "-rules", "../../data/syria.rules", "-o", model, "../../data/syria-comments.csv")
	if code != 0 {
		t.Fatalf("train -rules exited %d: %s", code, stderr)
	}
	code, fromModel, stderr := stance(t, "", "rules", "check", "-model", model, "../../data/syria-comments.csv")
	if code != 0 {
		t.Fatalf("rules check -model exited %d: %s", code, stderr)
	}
	_, want, _ := strings.Cut(stdout, "\n")
	_, got, _ := strings.Cut(fromModel, "\n")
	if got != want {
		t.Errorf("the model's rules check differs from the file's:\n%s\nwant:\n%s", got, want)
	}
	// The model's terms include each rule, shown in braces by explain.
	code, explained, stderr := stance(t, "", "explain", "-model", model, "-top", "400", "-limit", "0", "../../data/syria-comments.csv")
	if code != 0 {
		t.Fatalf("explain exited %d: %s", code, stderr)
	}
	if !strings.Contains(explained, "{defection}") {
		t.Errorf("explain of a rules model never shows {defection}:\n%.2000s", explained)
	}
}

// TestTrainRulesDeterministic trains twice with the same rules and checks
// the model files are the same bytes, and differ from a model without
// rules.
func TestTrainRulesDeterministic(t *testing.T) {
	dir := t.TempDir()
	var models [][]byte
	for i, rules := range []string{"../../data/syria.rules", "../../data/syria.rules", ""} {
		out := filepath.Join(dir, string(rune('a'+i))+".model")
		args := []string{"train", "-folds", "0", "-o", out}
		if rules != "" {
			args = append(args, "-rules", rules)
		}
		if code, _, stderr := stance(t, "", append(args, "../../data/syria-comments.csv")...); code != 0 {
			t.Fatalf("train exited %d: %s", code, stderr)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		models = append(models, b)
	}
	if !bytes.Equal(models[0], models[1]) {
		t.Error("two trainings with the same rules gave different model files")
	}
	if bytes.Equal(models[0], models[2]) {
		t.Error("the model with rules is the model without them")
	}
}

// TestRulesErrors checks that a bad rules file stops train and rules
// check with its file and line and exit status 1, and that a missing
// -rules is a usage error.
func TestRulesErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.rules")
	if err := os.WriteFile(bad, []byte("# ok\nintervention: no-fly zone\nanti: stay out ||\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	stop := filepath.Join(dir, "stop.rules")
	if err := os.WriteFile(stop, []byte("a: the | war\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "never.model")
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"train", "-rules", bad, "-o", out, "../../data/syria-comments.csv"}, 1, bad + ":3: empty phrase at column"},
		{[]string{"rules", "check", "-rules", bad, "../../data/syria-comments.csv"}, 1, bad + ":3: empty phrase"},
		{[]string{"cv", "-stop-words", "-rules", stop, "../../data/syria-comments.csv"}, 1, stop + `:1: "the": only stop words`},
		{[]string{"train", "-rules", filepath.Join(dir, "none.rules"), "-o", out, "../../data/syria-comments.csv"}, 1, "no such file"},
		{[]string{"rules", "check", "../../data/syria-comments.csv"}, 2, "-rules names no file"},
		{[]string{"rules"}, 2, "want a subcommand: rules check"},
	}
	for _, c := range cases {
		code, _, stderr := stance(t, "", c.args...)
		if code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, code, stderr, c.code, c.want)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a failed train left a model file")
	}
}
