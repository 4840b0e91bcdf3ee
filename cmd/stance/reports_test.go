package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	htmlpkg "html"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/classifier"
	"github.com/stance-nlp/stance/data"
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
	checkErrorTables(t, r, filepath.Join(dir, "index.html"))
	if code, _, _ := stance(t, "", "cv", "-json", "-markdown", "x.csv"); code != 2 {
		t.Errorf("-json with -markdown exited %d, want 2", code)
	}
	if code, _, stderr := stance(t, "", "cv", "-curve", "0,1", "x.csv"); code != 2 || !strings.Contains(stderr, "-curve") {
		t.Errorf("bad -curve exited %d (%q), want 2", code, stderr)
	}
}

// checkErrorTables checks the errors of the held-out predictions of cv
// on the seed corpus: each listed error is a comment of the corpus under
// its id, with its gold label, predicted otherwise, most confident first;
// the confused pairs count every wrong prediction of the confusion
// matrix; and the HTML page shows the errors with the comment text.
func checkErrorTables(t *testing.T, r *report.Report, page string) {
	t.Helper()
	set, err := readSeed()
	if err != nil {
		t.Fatal(err)
	}
	html, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range r.Columns {
		col := slices.Index(set.Columns, c.Name)
		wrong := 0
		for g := range c.Confusion {
			for p, n := range c.Confusion[g] {
				if g != p {
					wrong += n
				}
			}
		}
		counted := 0
		for _, p := range c.Confused {
			counted += p.Count
		}
		if wrong == 0 || counted != wrong {
			t.Errorf("%s: confused pairs count %d errors, the confusion matrix %d (want the same, not 0)", c.Name, counted, wrong)
		}
		if len(c.Errors) == 0 {
			t.Fatalf("%s: no errors listed", c.Name)
		}
		for k, e := range c.Errors {
			i := slices.Index(set.IDs, e.ID)
			if i < 0 || set.Texts[i] != e.Text || set.Labels[col][i] != e.Gold || e.Gold == e.Predicted {
				t.Errorf("%s: error %+v is not a wrongly predicted comment of the corpus", c.Name, e)
			}
			if k > 0 && e.Confidence > c.Errors[k-1].Confidence {
				t.Errorf("%s: error %d more confident than the one before it", c.Name, k)
			}
		}
		// The page shows the most confident error's text in full in a
		// table cell (the text report cuts it).
		cellText := `<td class="txt">` + htmlpkg.EscapeString(c.Errors[0].Text) + "</td>"
		if !strings.Contains(string(html), cellText) {
			t.Errorf("%s: the HTML page has no cell %s", c.Name, cellText)
		}
	}
	if !strings.Contains(string(html), "Most confident errors") {
		t.Errorf("the HTML page has no table of errors")
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
	code, stdout, stderr = stance(t, "", "explain", "-json", "-top", "3", "-limit", "2", "-rows", "first", "../../data/syria-comments.csv")
	if code != 0 {
		t.Fatalf("explain exited %d: %s", code, stderr)
	}
	r := decodeReport(t, stdout)
	ex := r.Explain[0]
	if len(ex.Top) != len(ex.Labels) || len(ex.Top[0]) != 3 || len(ex.Docs) != 2 || ex.Docs[0].ID != "c001" {
		t.Errorf("explain %+v: want 3 terms per label and 2 documents from c001", ex)
	}
	if code, _, stderr := stance(t, "", "explain", "-rows", "some", "../../data/syria-comments.csv"); code != 2 || !strings.Contains(stderr, "errors+unsure") {
		t.Errorf("-rows some exited %d (%q), want 2 and the choices", code, stderr)
	}
}

// TestExplainRows explains a model's errors by default: a model trained
// on part of the seed corpus, explaining the rest, shows its wrong
// predictions first, most confident first, then the least sure; the
// terms come as the words written, marked in the text.
func TestExplainRows(t *testing.T) {
	dir := t.TempDir()
	set, err := readSeed()
	if err != nil {
		t.Fatal(err)
	}
	// Train on the first 150 comments, explain the last 52.
	var train, test bytes.Buffer
	tw, sw := csv.NewWriter(&train), csv.NewWriter(&test)
	tw.Write([]string{"id", "text", "stance", "sentiment"})
	sw.Write([]string{"id", "text", "stance", "sentiment"})
	for i := range set.Texts {
		w := tw
		if i >= 150 {
			w = sw
		}
		w.Write([]string{set.IDs[i], set.Texts[i], set.Labels[0][i], set.Labels[1][i]})
	}
	tw.Flush()
	sw.Flush()
	trainFile, testFile, model := filepath.Join(dir, "train.csv"), filepath.Join(dir, "test.csv"), filepath.Join(dir, "m.model")
	os.WriteFile(trainFile, train.Bytes(), 0o644)
	os.WriteFile(testFile, test.Bytes(), 0o644)
	if code, _, stderr := stance(t, "", "train", "-o", model, trainFile); code != 0 {
		t.Fatalf("train exited %d: %s", code, stderr)
	}
	html := filepath.Join(dir, "html")
	code, stdout, stderr := stance(t, "", "explain", "-json", "-model", model, "-limit", "6", "-html", html, testFile)
	if code != 0 {
		t.Fatalf("explain exited %d: %s", code, stderr)
	}
	r := decodeReport(t, stdout)
	for _, ex := range r.Explain {
		if ex.Rows != "errors+unsure" || len(ex.Docs) != 6 {
			t.Errorf("%s: rows %q, %d documents; want errors+unsure (auto, with gold labels), 6", ex.Column, ex.Rows, len(ex.Docs))
		}
		seen := false
		for k, d := range ex.Docs {
			switch d.Reason {
			case "error":
				if seen || d.Gold == d.Label || d.Gold == "" {
					t.Errorf("%s: document %s (gold %q, label %q) listed as an error after the unsure ones or rightly predicted", ex.Column, d.ID, d.Gold, d.Label)
				}
				if k > 0 && ex.Docs[k-1].Reason == "error" && d.Confidence > ex.Docs[k-1].Confidence {
					t.Errorf("%s: error %s more confident than the one before it", ex.Column, d.ID)
				}
			case "unsure":
				seen = true
			default:
				t.Errorf("%s: document %s has reason %q", ex.Column, d.ID, d.Reason)
			}
			if d.RunnerUp == "" || d.RunnerUp == d.Label || d.RunnerUpConfidence > d.Confidence {
				t.Errorf("%s: document %s runner-up %q (%.3f) for label %q (%.3f)", ex.Column, d.ID, d.RunnerUp, d.RunnerUpConfidence, d.Label, d.Confidence)
			}
			// Every term shown as written is in the text, case aside.
			for _, f := range append(d.Contributions, d.Against...) {
				for _, w := range strings.Split(f.Words, " / ") {
					if f.Words == "" || !strings.Contains(strings.ToLower(strings.Join(strings.Fields(d.Text), " ")), strings.ToLower(w)) {
						t.Errorf("%s: term %q shown as %q, not in %q", ex.Column, f.Term, f.Words, d.Text)
					}
				}
			}
			if len(d.Marks) == 0 {
				t.Errorf("%s: document %s has no marks", ex.Column, d.ID)
			}
		}
		if ex.Docs[0].Reason != "error" {
			t.Errorf("%s: first document is %q, want an error (the model errs on held-out comments)", ex.Column, ex.Docs[0].Reason)
		}
	}
	page, err := os.ReadFile(filepath.Join(html, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), `<mark class="for">`) || !strings.Contains(string(page), "<details>") {
		t.Error("the explain page has no marked terms or no collapsed parts")
	}
}

// TestEvalPred labels the seed corpus with the shipped model and scores
// the file it wrote with eval -pred, which must give the numbers eval
// gives by predicting itself.
func TestEvalPred(t *testing.T) {
	dir := t.TempDir()
	labelled := filepath.Join(dir, "labelled.csv")
	if code, _, stderr := stance(t, "", "label", "-prefix", "pred_", "-probs", "-o", labelled, "../../data/syria-comments.csv"); code != 0 {
		t.Fatalf("label exited %d: %s", code, stderr)
	}
	code, stdout, stderr := stance(t, "", "eval", "-json", "-bootstrap", "100", "../../data/syria-comments.csv")
	if code != 0 {
		t.Fatalf("eval exited %d: %s", code, stderr)
	}
	want := decodeReport(t, stdout)
	code, stdout, stderr = stance(t, "", "eval", "-json", "-bootstrap", "100", "-pred", "pred_stance,pred_sentiment", "-gold", "stance,sentiment", labelled)
	if code != 0 {
		t.Fatalf("eval -pred exited %d: %s", code, stderr)
	}
	got := decodeReport(t, stdout)
	if got.Model != nil || len(got.Columns) != 2 || got.Columns[0].Name != "pred_stance" {
		t.Fatalf("eval -pred report: model %v, %d columns: want no model and pred_stance, pred_sentiment", got.Model, len(got.Columns))
	}
	for c, g := range got.Columns {
		w := want.Columns[c]
		if g.N != w.N || g.Accuracy != w.Accuracy || g.MacroF1 != w.MacroF1 || !reflect.DeepEqual(g.Confusion, w.Confusion) || !reflect.DeepEqual(g.Labels, w.Labels) {
			t.Errorf("%s: n %d, accuracy %+v, macro-F1 %+v, labels %v, confusion %v; eval gave %d, %+v, %+v, %v, %v",
				g.Name, g.N, g.Accuracy, g.MacroF1, g.Labels, g.Confusion, w.N, w.Accuracy, w.MacroF1, w.Labels, w.Confusion)
		}
		// The file holds probabilities to four decimals.
		if g.Brier == nil || g.ECE == nil || math.Abs(*g.Brier-*w.Brier) > 1e-3 || math.Abs(*g.ECE-*w.ECE) > 1e-3 {
			t.Errorf("%s: Brier %v, ECE %v; eval gave %v, %v", g.Name, g.Brier, g.ECE, *w.Brier, *w.ECE)
		}
	}

	// Without -probs: ECE from the confidences, no Brier score, said.
	plain := filepath.Join(dir, "plain.csv")
	if code, _, stderr := stance(t, "", "label", "-prefix", "pred_", "-o", plain, "../../data/syria-comments.csv"); code != 0 {
		t.Fatalf("label exited %d: %s", code, stderr)
	}
	code, stdout, stderr = stance(t, "", "eval", "-bootstrap", "-1", "-pred", "pred_stance", "-gold", "stance", plain)
	if code != 0 {
		t.Fatalf("eval -pred exited %d: %s", code, stderr)
	}
	// The caveat is said on stderr and in the report, as a note under the
	// column's heading; the scores have no Brier row.
	const leftOut = "the Brier score, which needs every label's probability, is left out"
	if regexp.MustCompile(`Brier score\s+[0-9]`).MatchString(stdout) || !strings.Contains(stdout, "Reliability (ECE") ||
		!strings.Contains(stderr, leftOut) || !strings.Contains(stdout, "Note: only the predicted label's confidence is given; "+leftOut) {
		t.Errorf("eval -pred of confidences only:\nstdout %s\nstderr %s\nwant ECE and reliability, no Brier score, and the caveat", stdout, stderr)
	}

	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"pred without gold", []string{"-pred", "pred_stance"}, 2, "-pred needs -gold"},
		{"gold without pred", []string{"-gold", "stance"}, 2, "-gold needs -pred"},
		{"unpaired", []string{"-pred", "pred_stance,pred_sentiment", "-gold", "stance"}, 2, "-pred names 2 columns and -gold 1"},
		{"with a model", []string{"-pred", "pred_stance", "-gold", "stance", "-model", "x.model"}, 2, "-model is not used"},
		{"missing column", []string{"-pred", "nope", "-gold", "stance"}, 1, `no prediction column "nope"; columns are: `},
		{"near miss", []string{"-pred", "pred_Stance", "-gold", "stance"}, 1, `did you mean "pred_stance"? (-pred pred_stance)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := stance(t, "", append(append([]string{"eval"}, tt.args...), plain)...)
			if code != tt.code || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, tt.code, tt.stderr)
			}
		})
	}
}

// readSeed reads the seed corpus with its ids and both label columns.
func readSeed() (*classifier.TrainingSet, error) {
	const path = "../../data/syria-comments.csv"
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, err := data.NewCSVReader(f, path)
	if err != nil {
		return nil, err
	}
	return classifier.ReadTrainingSet(r, path, classifier.ReadOptions{
		Columns: data.Columns{Text: "text", ID: "id", Labels: []string{"stance", "sentiment"}},
	})
}
