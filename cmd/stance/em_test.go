package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// splitSeed writes the first n rows of the seed corpus, labels kept, to
// dir/labelled.csv and the texts of the others, labels dropped, to
// dir/unlabelled.csv, and returns both paths.
func splitSeed(t *testing.T, dir string, n int) (labelled, unlabelled string) {
	t.Helper()
	f, err := os.Open("../../data/syria-comments.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, rows [][]string) string {
		path := filepath.Join(dir, name)
		out, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		w := csv.NewWriter(out)
		if err := w.WriteAll(rows); err != nil {
			t.Fatal(err)
		}
		if err := out.Close(); err != nil {
			t.Fatal(err)
		}
		return path
	}
	un := [][]string{{"id", "text"}}
	for _, r := range rows[1+n:] {
		un = append(un, []string{r[0], r[3]})
	}
	return write("labelled.csv", rows[:1+n]), write("unlabelled.csv", un)
}

// TestTrainUnlabeled trains naive Bayes with -unlabeled on the first 100
// seed comments and the texts of the other 102: train prints each weight's
// cross-validated score (golden file train_em.stdout) and the model file
// records the unlabelled rows. The refusals exit non-zero, name the file
// or flag at fault (and the line, for a malformed row), and write no
// model.
func TestTrainUnlabeled(t *testing.T) {
	dir := t.TempDir()
	lab, unlab := splitSeed(t, dir, 100)
	model := filepath.Join(dir, "em.model")
	code, stdout, stderr := stance(t, "", "train", "-model", "nb", "-unlabeled", unlab, "-o", model, lab)
	if code != 0 {
		t.Fatalf("train -unlabeled exited %d: %s", code, stderr)
	}
	golden(t, "train_em.stdout", strings.Replace(stdout, model, "em.model", 1))
	if !strings.Contains(stdout, "unlabelled rows: 102\n") {
		t.Errorf("stdout %q: want the 102 unlabelled rows counted", stdout)
	}
	saved, err := os.ReadFile(model)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(saved), `"em":{"unlabeled":102,`) {
		t.Errorf("model file has no EM record of 102 rows")
	}

	bad := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	noText := bad("notext.csv", "id,body\n1,hello there\n")
	ragged := bad("ragged.csv", "id,text\n1,fine words\n2,\"never closed\n")
	empty := bad("empty.csv", "id,text\n1,  \n")
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"logreg", []string{"-unlabeled", unlab}, "-unlabeled needs -model nb"},
		{"missing file", []string{"-model", "nb", "-unlabeled", filepath.Join(dir, "nope.csv")}, "nope.csv"},
		{"no text column", []string{"-model", "nb", "-unlabeled", noText}, `notext.csv: no text column "text"`},
		{"malformed row", []string{"-model", "nb", "-unlabeled", ragged}, "ragged.csv:3"},
		{"only empty texts", []string{"-model", "nb", "-unlabeled", empty}, "empty.csv: no unlabelled rows with text"},
		{"training file", []string{"-model", "nb", "-unlabeled", lab}, "is the training file"},
		{"with -domain-col", []string{"-model", "nb", "-unlabeled", unlab, "-domain-col", "author"}, "-unlabeled and -domain-col together"},
		{"with -by", []string{"-model", "nb", "-unlabeled", unlab, "-by", "author"}, "-unlabeled and -by together"},
	} {
		out := filepath.Join(dir, "refused.model")
		args := append(append([]string{"train", "-o", out}, tc.args...), lab)
		code, _, stderr := stance(t, "", args...)
		if code == 0 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%s: exit %d, stderr %q; want non-zero and %q", tc.name, code, stderr, tc.want)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%s: a model was written", tc.name)
		}
	}
}
