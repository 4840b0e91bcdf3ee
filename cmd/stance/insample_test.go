package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestInSampleWarnings runs label and eval on the shipped model's own
// training file, and on a file of new comments: only the first warns.
// 202 is the seed corpus's row count (data/syria-comments.csv).
func TestInSampleWarnings(t *testing.T) {
	dir := t.TempDir()
	fresh := filepath.Join(dir, "fresh.csv")
	if err := os.WriteFile(fresh, []byte("id,text,stance,sentiment\n1,A new comment nobody trained on.,neutral,neutral\n2,Another one about defections.,pro-defection,positive\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	const warn = "202 of 202 rows are the model's training rows: their labels and confidences are in-sample, not a measure of accuracy; use stance cv"
	tests := []struct {
		name string
		args []string
		warn bool
	}{
		{"label the training file", []string{"label", "-prefix", "pred_", "-o", filepath.Join(dir, "a.csv"), "../../data/syria-comments.csv"}, true},
		{"eval on the training file", []string{"eval", "-bootstrap", "-1", "../../data/syria-comments.csv"}, true},
		{"label new comments", []string{"label", "-prefix", "pred_", "-o", filepath.Join(dir, "b.csv"), fresh}, false},
		{"eval on new comments", []string{"eval", "-bootstrap", "-1", fresh}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := stance(t, "", tt.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if got := strings.Contains(stderr, "the model's training rows"); got != tt.warn {
				t.Errorf("stderr warns in-sample: %v, want %v\n%s", got, tt.warn, stderr)
			}
			if tt.warn && !strings.Contains(stderr, warn) {
				t.Errorf("stderr lacks %q:\n%s", warn, stderr)
			}
			if tt.warn && tt.args[0] == "eval" && !strings.Contains(stdout, "warning:        "+warn) {
				t.Errorf("the eval report does not carry the warning:\n%s", stdout)
			}
		})
	}
}
