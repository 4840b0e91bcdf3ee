package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestAgreeNamesAndSameFile checks the annotator names of agree (issue 13,
// item 12): files of one name in two directories are told apart by the
// directory, and a file given twice draws a warning, since its perfect
// agreement with itself means nothing.
func TestAgreeNamesAndSameFile(t *testing.T) {
	dir := t.TempDir()
	p := func(name string) string { return filepath.Join(dir, name) }
	for _, f := range []string{"d1/ann.csv", "d2/ann.csv", "x/d1/ann.csv", "a/d1/ann.csv", "bob.csv"} {
		os.MkdirAll(filepath.Dir(p(f)), 0o755)
		os.WriteFile(p(f), []byte("id,stance\n1,a\n2,a\n3,b\n4,b\n"), 0o644)
	}
	os.Symlink(p("bob.csv"), p("link.csv"))
	tests := []struct {
		name  string
		files []string
		want  []string
		warn  string
	}{
		{"one name, two directories", []string{"d1/ann.csv", "d2/ann.csv"}, []string{"d1/ann", "d2/ann"}, ""},
		{"only the clashing names grow", []string{"d1/ann.csv", "d2/ann.csv", "bob.csv"}, []string{"d1/ann", "d2/ann", "bob"}, ""},
		{"two levels deep", []string{"a/d1/ann.csv", "x/d1/ann.csv"}, []string{"a/d1/ann", "x/d1/ann"}, ""},
		{"one file twice", []string{"bob.csv", "bob.csv"}, []string{"bob", "bob #2"}, "are the same file"},
		{"a link to the other", []string{"bob.csv", "link.csv"}, []string{"bob", "link"}, "are the same file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := []string{"agree", "-labels", "stance", "-json"}
			for _, f := range tt.files {
				args = append(args, p(f))
			}
			code, stdout, stderr := stance(t, "", args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if got := decodeReport(t, stdout).Agreement[0].Annotators; !slices.Equal(got, tt.want) {
				t.Errorf("annotators %q, want %q", got, tt.want)
			}
			if tt.warn == "" && strings.Contains(stderr, "same file") || tt.warn != "" && strings.Count(stderr, tt.warn) != 1 {
				t.Errorf("stderr %q; want the warning %q once", stderr, tt.warn)
			}
		})
	}
}
