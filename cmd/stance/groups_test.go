package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/data"
	"github.com/stance-nlp/stance/internal/testkit"
)

// writeThreads writes testkit.Threads as a CSV file and returns its path.
func writeThreads(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	w := data.NewWriter(&b)
	w.Write(testkit.ThreadsHeader)
	for _, row := range testkit.Threads() {
		w.Write(row)
	}
	w.Flush()
	path := filepath.Join(dir, "threads.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestTrainBy trains a model per thread with train -by, then labels, evaluates
// and cross-validates with it: label and eval route each row by the
// column the model records, with no flag.
func TestTrainBy(t *testing.T) {
	dir := t.TempDir()
	threads := writeThreads(t, dir)
	model := filepath.Join(dir, "threads.model")
	// The first release's recipe (v1Flags): these few, clean rows are
	// learnt in-sample whole by it, which the checks below lean on.
	code, stdout, stderr := stance(t, "", append([]string{"train", "-labels", "tone,topic", "-by", "thread", "-folds", "4", "-o", model}, append(v1Flags(), threads)...)...)
	if code != 0 {
		t.Fatalf("train -by exited %d: %s", code, stderr)
	}
	golden(t, "train_by.stdout", strings.Replace(stdout, model, "threads.model", 1))

	in := "id,thread,text\n1,A,a good movie\n2,B,a good movie\n3,Z,a good movie\n"
	code, stdout, stderr = stance(t, in, "label", "-model", model)
	if code != 0 {
		t.Fatalf("label exited %d: %s", code, stderr)
	}
	header, rows := readRows(t, stdout)
	if got := strings.Join(header, ","); got != "id,thread,text,tone,tone_confidence,tone_note,topic,topic_confidence,topic_note" {
		t.Fatalf("header %s", got)
	}
	if rows[0][3] != "pos" || rows[1][3] != "neg" || rows[0][5] != "" {
		t.Errorf("rows %q: want a good movie pos in thread A, neg in thread B, without notes", rows[:2])
	}
	if rows[2][5] != `group "Z" not seen in training: labelled by the pooled model` || !strings.Contains(stderr, "1 row of groups not seen in training labelled by the pooled model") {
		t.Errorf("row %q, stderr %q: want the unseen thread noted and counted", rows[2], stderr)
	}
	// -by "" labels every row with the pooled model; a model without
	// groups takes no -by.
	code, stdout, _ = stance(t, in, "label", "-model", model, "-by", "")
	if _, rows := readRows(t, stdout); code != 0 || rows[0][3] != rows[1][3] || rows[0][5] != "" {
		t.Errorf("label -by \"\": exit %d, rows %q: want the pooled model's label for both threads, no note", code, rows)
	}
	if code, _, stderr := stance(t, in, "label", "-by", "thread"); code != 2 || !strings.Contains(stderr, "-by thread: the model was trained without groups") {
		t.Errorf("label -by with the shipped model: exit %d, %q; want a usage error", code, stderr)
	}
	if code, _, stderr := stance(t, "id,Thread,text\n1,A,x\n", "label", "-model", model); code != 1 || !strings.Contains(stderr, `no group-by column "thread"`) || !strings.Contains(stderr, "(-by Thread)") {
		t.Errorf("label of a file without the group column: exit %d, %q; want the missing column and the flag", code, stderr)
	}

	// eval routes as label does: in-sample, threads A and B disagree, and
	// only the models by thread get both right.
	code, stdout, stderr = stance(t, "", "eval", "-json", "-bootstrap", "-1", "-model", model, threads)
	if code != 0 {
		t.Fatalf("eval exited %d: %s", code, stderr)
	}
	byThread := decodeReport(t, stdout).Columns[0]
	code, stdout, stderr = stance(t, "", "eval", "-json", "-bootstrap", "-1", "-model", model, "-by", "", threads)
	if code != 0 {
		t.Fatalf("eval -by \"\" exited %d: %s", code, stderr)
	}
	pooled := decodeReport(t, stdout).Columns[0]
	if byThread.Accuracy.Value < 0.95 || byThread.Accuracy.Value < pooled.Accuracy.Value+0.2 {
		t.Errorf("tone accuracy by thread %.3f, pooled %.3f: want the threads right and far ahead", byThread.Accuracy.Value, pooled.Accuracy.Value)
	}

	// cv -by cross-validates the models by thread.
	code, stdout, stderr = stance(t, "", append([]string{"cv", "-json", "-labels", "tone,topic", "-by", "thread", "-folds", "4", "-curve", "none", "-bootstrap", "-1"}, append(v1Flags(), threads)...)...)
	if code != 0 {
		t.Fatalf("cv -by exited %d: %s", code, stderr)
	}
	r := decodeReport(t, stdout)
	if !strings.HasSuffix(r.Title, ", a model per thread") || r.Columns[0].N != len(testkit.Threads()) || r.Columns[0].Accuracy.Value < 0.85 {
		t.Errorf("cv -by: title %q, tone n %d, accuracy %.3f", r.Title, r.Columns[0].N, r.Columns[0].Accuracy.Value)
	}
	if code, _, stderr := stance(t, "", "train", "-labels", "tone", "-by", "Thread", "-o", filepath.Join(dir, "x.model"), threads); code != 1 || !strings.Contains(stderr, `no group-by column "Thread"`) || !strings.Contains(stderr, "(-by thread)") {
		t.Errorf("train -by a missing column: exit %d, %q", code, stderr)
	}
}

// v1Flags are the recipe flags of classifier.RecipeV1, the first release's
// default.
func v1Flags() []string {
	return []string{"-c", "1", "-class-weight", "none", "-char-ngrams", "none", "-min-df", "1", "-calibrate", "none"}
}
