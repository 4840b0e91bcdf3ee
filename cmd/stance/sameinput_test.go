package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOutputNamingAnInput runs every command that writes a file with its
// output naming one of its inputs, spelled in every way that reaches the
// same file: each must refuse with exit 2 before writing, and leave the
// input byte for byte as it was (issue 13, item 1: train -o g.csv g.csv
// replaced the annotations with a model, label and annotate export
// overwrote their input).
func TestOutputNamingAnInput(t *testing.T) {
	dir := t.TempDir()
	seed, err := os.ReadFile("../../data/syria-comments.csv")
	if err != nil {
		t.Fatal(err)
	}
	p := func(name string) string { return filepath.Join(dir, name) }
	files := map[string][]byte{
		"g.csv":            seed,
		"other.csv":        seed,
		"m.model":          []byte("not read: the check comes first\n"),
		"html/report.json": seed,
		"html/report.txt":  seed,
		"html/report.md":   seed,
		"html/index.html":  seed,
		"store/meta.json":  []byte("{}\n"),
		"schema.txt":       []byte("stance: a, b\n"),
	}
	for name, b := range files {
		os.MkdirAll(filepath.Dir(p(name)), 0o755)
		if err := os.WriteFile(p(name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(p("g.csv"), p("link.csv")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if err := os.Link(p("g.csv"), p("hard.csv")); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
	}{
		{"train -o the training file", []string{"train", "-folds", "0", "-o", p("g.csv"), p("g.csv")}},
		{"train -o another spelling", []string{"train", "-folds", "0", "-o", dir + "/./html/../g.csv", p("g.csv")}},
		{"train -o a symbolic link", []string{"train", "-folds", "0", "-o", p("link.csv"), p("g.csv")}},
		{"train -o a hard link", []string{"train", "-folds", "0", "-o", p("hard.csv"), p("g.csv")}},
		{"train -o the rules file", []string{"train", "-folds", "0", "-rules", p("other.csv"), "-o", p("other.csv"), p("g.csv")}},
		{"train -o the schema file", []string{"train", "-folds", "0", "-schema", p("schema.txt"), "-o", p("schema.txt"), p("g.csv")}},
		{"train -o the unlabeled file", []string{"train", "-model", "nb", "-unlabeled", p("other.csv"), "-o", p("other.csv"), p("g.csv")}},
		{"tune -o the data", []string{"tune", "-o", p("g.csv"), p("g.csv")}},
		{"label -o the input", []string{"label", "-o", p("g.csv"), p("g.csv")}},
		{"label -o the model", []string{"label", "-model", p("m.model"), "-o", p("m.model"), p("g.csv")}},
		{"demo -o the model", []string{"demo", "-model", p("m.model"), "-o", p("m.model")}},
		{"ingest -o the second input", []string{"ingest", "-o", p("g.csv"), p("other.csv"), p("link.csv")}},
		{"annotate export -o the data", []string{"annotate", "export", "-data", p("g.csv"), "-store", p("store"), "-labels", "stance=a,b", "-o", p("g.csv")}},
		{"annotate export -o into the store", []string{"annotate", "export", "-data", p("g.csv"), "-store", p("store"), "-labels", "stance=a,b", "-o", p("store/meta.json")}},
		{"eval -html over the gold file", []string{"eval", "-html", p("html"), p("html/report.json")}},
		{"eval -html over the model", []string{"eval", "-model", p("html/index.html"), "-html", p("html"), p("g.csv")}},
		{"cv -html over the data", []string{"cv", "-html", p("html"), p("html/report.txt")}},
		{"agree -html over an annotation", []string{"agree", "-html", p("html"), p("g.csv"), p("html/report.md")}},
		{"explain -html over the input", []string{"explain", "-html", p("html"), p("html/report.json")}},
		{"summarize -html over the input", []string{"summarize", "-html", p("html"), p("html/report.json")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := stance(t, "", tt.args...)
			if code != 2 || !strings.Contains(stderr, "would destroy") && !strings.Contains(stderr, "could destroy") {
				t.Errorf("exit %d, stderr %q; want exit 2 and a refusal", code, stderr)
			}
			for name, want := range files {
				if got, err := os.ReadFile(p(name)); err != nil || !bytes.Equal(got, want) {
					t.Errorf("%s changed (err %v)", name, err)
				}
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != 8 {
				t.Errorf("%s holds %d entries, want the 8 made by the test", dir, len(entries))
			}
		})
	}
}
