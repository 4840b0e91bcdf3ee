package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/report"
)

func decodeReport(t *testing.T, s string) *report.Report {
	t.Helper()
	var r report.Report
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		t.Fatalf("not a JSON report: %v\n%s", err, s)
	}
	if r.Schema != report.SchemaVersion {
		t.Errorf("schema %d, want %d", r.Schema, report.SchemaVersion)
	}
	return &r
}

func TestEvalCommand(t *testing.T) {
	code, stdout, stderr := stance(t, "", "eval", "-json", "-bootstrap", "100", "../../data/syria-comments.csv")
	if code != 0 {
		t.Fatalf("eval exited %d: %s", code, stderr)
	}
	r := decodeReport(t, stdout)
	if r.Kind != "eval" || len(r.Columns) != 2 || r.Columns[0].Name != "stance" || r.Columns[0].N != 202 {
		t.Fatalf("report %+v: want stance and sentiment over 202 comments", r.Columns)
	}
	// In-sample, the shipped model must beat its own majority baseline.
	for _, c := range r.Columns {
		if c.Accuracy.Value <= c.Baseline.Accuracy {
			t.Errorf("%s: in-sample accuracy %.3f not above the baseline %.3f", c.Name, c.Accuracy.Value, c.Baseline.Accuracy)
		}
	}
	code, _, stderr = stance(t, "", "eval", "-labels", "frame", "../../data/syria-comments.csv")
	if code != 1 || !strings.Contains(stderr, `no label column "frame"`) {
		t.Errorf("exit %d, stderr %q: want a missing-column error", code, stderr)
	}
}

func TestCVCommand(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := stance(t, "", "cv", "-json", "-folds", "3", "-curve", "0.5,1", "-bootstrap", "50",
		"-subset", "pro-defection,anti-defection", "-html", dir, "../../data/syria-comments.csv")
	if code != 0 {
		t.Fatalf("cv exited %d: %s", code, stderr)
	}
	r := decodeReport(t, stdout)
	st := r.Columns[0]
	if st.Folds != 3 || len(st.LearningCurve) != 2 || st.Subset == nil || len(st.Subset.Labels) != 2 {
		t.Errorf("cv report: folds %d, curve %d points, subset %+v", st.Folds, len(st.LearningCurve), st.Subset)
	}
	if !strings.Contains(stderr, "was never predicted") {
		t.Errorf("stderr %q: want the never-predicted caveats", stderr)
	}
	for _, name := range []string{"index.html", "report.txt", "report.md", "report.json"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("-html did not write %s: %v", name, err)
		}
	}
	if code, _, _ := stance(t, "", "cv", "-json", "-markdown", "x.csv"); code != 2 {
		t.Errorf("-json with -markdown exited %d, want 2", code)
	}
	if code, _, stderr := stance(t, "", "cv", "-curve", "0,1", "x.csv"); code != 2 || !strings.Contains(stderr, "-curve") {
		t.Errorf("bad -curve exited %d (%q), want 2", code, stderr)
	}
}

func TestAgreeCommand(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "ann.csv")
	b := filepath.Join(dir, "bob.csv")
	os.WriteFile(a, []byte("id,stance\n1,a\n2,a\n3,b\n4,b\n"), 0o644)
	os.WriteFile(b, []byte("id,stance\n4,b\n3,b\n2,b\n1,a\n"), 0o644)
	code, stdout, stderr := stance(t, "", "agree", "-labels", "stance", "-json", a, b)
	if code != 0 {
		t.Fatalf("agree exited %d: %s", code, stderr)
	}
	r := decodeReport(t, stdout)
	p := r.Agreement[0].Pairs[0]
	// p_o = 3/4, p_e = 1/2 (marginals 1/2,1/2 and 1/4,3/4): kappa 1/2.
	if p.A != "ann" || p.B != "bob" || math.Abs(p.Kappa-0.5) > 1e-12 {
		t.Errorf("pair %+v, want ann-bob kappa 0.5", p)
	}
	if code, _, _ := stance(t, "", "agree", a); code != 2 {
		t.Errorf("one file exited %d, want 2", code)
	}
}

func TestSummarizeAndExplainCommands(t *testing.T) {
	in := "id,source,stance,sentiment\n1,a,pro,neutral\n2,a,anti,negative\n3,b,anti,negative\n"
	code, stdout, stderr := stance(t, in, "summarize", "-by", "source")
	if code != 0 {
		t.Fatalf("summarize exited %d: %s", code, stderr)
	}
	golden(t, "summarize.stdout", stdout)
	code, stdout, stderr = stance(t, "", "explain", "-json", "-top", "3", "-limit", "2", "../../data/syria-comments.csv")
	if code != 0 {
		t.Fatalf("explain exited %d: %s", code, stderr)
	}
	r := decodeReport(t, stdout)
	ex := r.Explain[0]
	if len(ex.Top) != len(ex.Labels) || len(ex.Top[0]) != 3 || len(ex.Docs) != 2 || ex.Docs[0].ID != "c001" {
		t.Errorf("explain %+v: want 3 terms per label and 2 documents from c001", ex)
	}
}
