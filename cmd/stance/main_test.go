package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/data"
	"github.com/stance-nlp/stance/internal/testkit"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestMain restarts the test binary with GODEBUG=cgocheck=0, which `stance
// train` needs from process start (see package cgocheck).
func TestMain(m *testing.M) { testkit.RunWithCgocheckOff(m) }

// stance runs one command line in-process.
func stance(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = runArgs(args, strings.NewReader(stdin), &o, &e)
	return code, o.String(), e.String()
}

// runArgs runs one command line in-process as main does, but without
// taking the test binary's signals, and returns its exit status.
func runArgs(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return exitStatus(stderr, newEnv(stdin).run(context.Background(), args, stdout, stderr))
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test -update rewrites it)\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

func readRows(t *testing.T, s string) ([]string, [][]string) {
	t.Helper()
	r, err := data.NewCSVReader(strings.NewReader(s), "output")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := data.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return r.Header(), rows
}

// TestShippedModelIsFreshRetrain guards models/default.model: `make model`
// (this same command line) must reproduce it byte for byte.
func TestShippedModelIsFreshRetrain(t *testing.T) {
	out := filepath.Join(t.TempDir(), "fresh.model")
	code, stdout, stderr := stance(t, "", "train", "-o", out, "../../data/syria-comments.csv")
	if code != 0 {
		t.Fatalf("train exited %d: %s", code, stderr)
	}
	golden(t, "train.stdout", strings.Replace(stdout, out, "fresh.model", 1))
	fresh, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	shipped, err := os.ReadFile("../../models/default.model")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(fresh, shipped) {
		t.Error("models/default.model differs from a fresh retrain on data/syria-comments.csv: run `make model`")
	}
}

func TestIngestSeedThread(t *testing.T) {
	code, stdout, stderr := stance(t, "", "ingest", "../../seeds/000_80490c9b2aeffcca.txt")
	if code != 0 {
		t.Fatalf("ingest exited %d: %s", code, stderr)
	}
	if want := "202 documents (the thread announces 202)"; !strings.Contains(stderr, want) {
		t.Errorf("stderr %q lacks %q", stderr, want)
	}
	header, rows := readRows(t, stdout)
	if !slices.Equal(header, data.CanonicalColumns()) {
		t.Errorf("header %q, want %q", header, data.CanonicalColumns())
	}
	gold, err := os.ReadFile("../../data/syria-comments.csv")
	if err != nil {
		t.Fatal(err)
	}
	gh, grows := readRows(t, string(gold))
	if len(rows) != 202 || len(grows) != 202 {
		t.Fatalf("got %d comments, annotated %d, want 202", len(rows), len(grows))
	}
	gi, gt := slices.Index(gh, "id"), slices.Index(gh, "text")
	for i, row := range rows {
		// The ingest id is the thread's readable source and the thread's
		// own comment id, which the annotated corpus keeps.
		if row[0] != "to-end-syrias-war-help-assads:"+grows[i][gi] || row[4] != grows[i][gt] {
			t.Fatalf("comment %d: got id %s text %.40q, annotated id %s text %.40q", i+1, row[0], row[4], grows[i][gi], grows[i][gt])
		}
	}
}

// TestIngestThenLabel runs the pipeline through pipes as a user would:
// ingest all seeds, then label standard input.
func TestIngestThenLabel(t *testing.T) {
	seeds, _ := filepath.Glob("../../seeds/*.txt")
	code, canon, stderr := stance(t, "", append([]string{"ingest"}, seeds...)...)
	if code != 0 {
		t.Fatalf("ingest exited %d: %s", code, stderr)
	}
	code, labelled, stderr := stance(t, canon, "label", "-probs")
	if code != 0 {
		t.Fatalf("label exited %d: %s", code, stderr)
	}
	// 202 thread comments, 4 article bodies and the one reader comment
	// on 001's page (data.TestThreadArticles).
	if !strings.Contains(stderr, "labelled 207 rows") {
		t.Errorf("label summary missing from stderr: %q", stderr)
	}
	inH, in := readRows(t, canon)
	outH, out := readRows(t, labelled)
	if len(out) != len(in) || len(in) != 207 {
		t.Fatalf("%d rows in, %d out, want 207", len(in), len(out))
	}
	seen := map[string]bool{}
	for _, row := range in {
		if seen[row[0]] {
			t.Errorf("id %q twice in the ingest output", row[0])
		}
		seen[row[0]] = true
	}
	if !slices.Equal(outH[:len(inH)], inH) || !slices.Contains(outH, "stance_p_pro-assad") {
		t.Errorf("output header %q does not extend input header %q with probabilities", outH, inH)
	}
	for i := range in {
		if !slices.Equal(out[i][:len(inH)], in[i]) {
			t.Fatalf("row %d changed: %q became %q", i+1, in[i], out[i][:len(inH)])
		}
	}
}

func TestDemo(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out", "labelled.csv")
	code, stdout, stderr := stance(t, "", "demo", "-o", out)
	if code != 0 {
		t.Fatalf("demo exited %d: %s", code, stderr)
	}
	golden(t, "demo.stdout", strings.Replace(stdout, out, "out/labelled.csv", 1))
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	_, rows := readRows(t, string(b))
	if len(rows) != 207 {
		t.Errorf("demo wrote %d rows, want 207", len(rows))
	}
}

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.model")
	os.WriteFile(bad, []byte("id,text\n"), 0o644)
	tests := []struct {
		name   string
		args   []string
		stdin  string
		code   int
		stderr string
	}{
		{"no command", nil, "", 2, "Usage:"},
		{"unknown command", []string{"frobnicate"}, "", 2, `unknown command "frobnicate"`},
		{"help", []string{"help", "label"}, "", 0, ""},
		{"bad flag", []string{"label", "-nope"}, "", 2, "unknown flag -nope"},
		{"bad format", []string{"ingest", "-format", "xml"}, "", 2, "-format"},
		{"train without file", []string{"train"}, "", 2, "want one training file"},
		{"bad class weight", []string{"cv", "-class-weight", "equal", "x.csv"}, "", 2, `-class-weight "equal": want none or balanced`},
		{"bad -char-ngrams", []string{"train", "-char-ngrams", "2-x", "x.csv"}, "", 2, `-char-ngrams: features: char n-grams "2-x"`},
		{"-char-ngrams out of order", []string{"cv", "-char-ngrams", "5-2", "x.csv"}, "", 2, "char ngram max 2 < min 5"},
		{"missing file", []string{"label", filepath.Join(dir, "none.csv")}, "", 1, "no such file"},
		{"not a model", []string{"label", "-model", bad}, "text\nhi\n", 1, "bad.model: not a stance model file"},
		{"no text column", []string{"label"}, "body\nhi\n", 1, `no text column "text"`},
		{"missing label column", []string{"train", "-o", filepath.Join(dir, "m"), "-"}, "text,stance\nhi,a\n", 1, `no label column "sentiment"; columns are: "text", "stance"`},
		{"empty label", []string{"train", "-labels", "stance", "-o", filepath.Join(dir, "m"), "-"}, "text,stance\nhi,a\nho,\n", 1, "-:3: empty stance label"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := stance(t, tt.stdin, tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, stderr, tt.code, tt.stderr)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "m")); !os.IsNotExist(err) {
		t.Error("a failed train left a model file behind")
	}
}

// TestLabelFileIsAtomic checks that a failed labelling run leaves no
// output file: the ragged row comes after good ones.
func TestLabelFileIsAtomic(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.csv")
	var b strings.Builder
	b.WriteString("id,text\n")
	for i := 0; i < 2000; i++ {
		fmt.Fprintf(&b, "%d,comment %d\n", i, i)
	}
	b.WriteString("bad,row,extra\n")
	os.WriteFile(in, []byte(b.String()), 0o644)
	out := filepath.Join(dir, "out.csv")
	code, _, stderr := stance(t, "", "label", "-o", out, in)
	if code != 1 || !strings.Contains(stderr, "in.csv:2002") {
		t.Errorf("exit %d, stderr %q; want 1 and the bad line", code, stderr)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries after a failed run, want only the input", len(entries))
	}
}
