package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTrainDomainCol trains with -domain-col on testdata/two-sources.csv,
// in which the 30 rows of source "new" (the last) flip the cue the 60 rows
// of source "old" teach ("alpha" pos, "beta" neg there): train prints the
// comparison (golden file train_adapt.stdout) and the model labels as the
// new source does. The refusals exit non-zero, name the file, and write no
// model.
func TestTrainDomainCol(t *testing.T) {
	dir := t.TempDir()
	model := filepath.Join(dir, "adapted.model")
	in := filepath.Join("testdata", "two-sources.csv")
	code, stdout, stderr := stance(t, "", append([]string{"train", "-labels", "tone", "-domain-col", "source", "-o", model}, append(v1Flags(), in)...)...)
	if code != 0 {
		t.Fatalf("train -domain-col exited %d: %s", code, stderr)
	}
	golden(t, "train_adapt.stdout", strings.Replace(stdout, model, "adapted.model", 1))
	if !strings.Contains(stdout, `adapting to source "new": 30 new rows, 60 old rows`) {
		t.Errorf("stdout %q: want the new source, the last row's, with its 30 rows", stdout)
	}

	code, stdout, stderr = stance(t, "id,text\n1,today alpha news week\n2,maybe beta said again\n", "label", "-model", model)
	if code != 0 {
		t.Fatalf("label exited %d: %s", code, stderr)
	}
	_, rows := readRows(t, stdout)
	if rows[0][2] != "neg" || rows[1][2] != "pos" {
		t.Errorf("rows %q: want alpha neg and beta pos, as source new labels them", rows)
	}

	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"unknown domain", []string{"-domain-col", "source", "-domain", "nope"}, `two-sources.csv: classifier: no row has source "nope"`},
		{"missing column", []string{"-domain-col", "origin"}, `no domain (-domain-col) column "origin"`},
		{"no -domain-col", []string{"-domain", "new"}, "-domain and -adapt need -domain-col"},
		{"unknown method", []string{"-domain-col", "source", "-adapt", "magic"}, `-adapt "magic"`},
		{"with -by", []string{"-domain-col", "source", "-by", "source"}, "-domain-col and -by together"},
	} {
		out := filepath.Join(dir, "refused.model")
		args := append(append([]string{"train", "-labels", "tone", "-o", out}, tc.args...), append(v1Flags(), in)...)
		code, _, stderr := stance(t, "", args...)
		if code == 0 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%s: exit %d, stderr %q; want non-zero and %q", tc.name, code, stderr, tc.want)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%s: a model was written", tc.name)
		}
	}
}
