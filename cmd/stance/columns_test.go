package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestModelColumnsAreDefaults checks that the text and id columns given to
// train are saved in the model and become the defaults of label, eval and
// explain, while a flag given still wins.
func TestModelColumnsAreDefaults(t *testing.T) {
	dir := t.TempDir()
	train := filepath.Join(dir, "train.csv")
	var b strings.Builder
	b.WriteString("key,comment,frame\n")
	for i := 0; i < 40; i++ {
		frame, text := "war", "the war and the bombs"
		if i%2 == 1 {
			frame, text = "peace", "talks for peace and calm"
		}
		b.WriteString(strings.Join([]string{"k" + string(rune('a'+i%26)) + string(rune('a'+i/26)), text, frame}, ",") + "\n")
	}
	if err := os.WriteFile(train, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	model := filepath.Join(dir, "m.model")
	if code, _, stderr := stance(t, "", "train", "-folds", "0", "-text-col", "comment", "-id-col", "key", "-labels", "frame", "-o", model, train); code != 0 {
		t.Fatalf("train exited %d: %s", code, stderr)
	}
	in := "key,comment\nz1,more bombs in the war\n"
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string // a substring
		stderr string // a substring
	}{
		{"label reads the model's text column", []string{"label", "-model", model, "-"}, 0, "z1,more bombs in the war,war,", ""},
		{"a flag still wins", []string{"label", "-model", model, "-text-col", "text", "-"}, 1, "", `no text column "text"`},
		{"explain names rows by the model's id column", []string{"explain", "-model", model, "-json", "-"}, 0, `"id": "z1"`, ""},
		{"eval scores with the model's text column", []string{"eval", "-model", model, "-bootstrap", "-1", "-"}, 0, "frame", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdin := in
			if tt.args[0] == "eval" {
				stdin = "key,comment,frame\nz1,more bombs in the war,war\nz2,peace talks,peace\n"
			}
			code, stdout, stderr := stance(t, stdin, tt.args...)
			if code != tt.code || !strings.Contains(stdout, tt.stdout) || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d\nstdout %q\nstderr %q\nwant exit %d, stdout with %q, stderr with %q", code, stdout, stderr, tt.code, tt.stdout, tt.stderr)
			}
		})
	}
}

// TestFlagHints checks that a failure the library reports by type names
// the flag that gets past it: the flag that selects a missing column with
// a near miss, whichever column it is, -lenient for a ragged row and
// -max-record-bytes for a runaway record.
func TestFlagHints(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.csv")
	c := filepath.Join(dir, "b.csv")
	for _, p := range []string{a, c} {
		os.WriteFile(p, []byte("ID,stance\n1,pro\n"), 0o644)
	}
	tests := []struct {
		name   string
		args   []string
		stdin  string
		stderr string
	}{
		{"text", []string{"label", "-"}, "id,Text\n1,hi\n", `did you mean "Text"? (-text-col Text)` + "\n"},
		{"id", []string{"agree", "-labels", "stance", a, c}, "", `no id column "id"; columns are: "ID", "stance"; did you mean "ID"? (-id-col ID)` + "\n"},
		{"label", []string{"summarize", "-labels", "Stance", "-"}, "id,stance\n1,pro\n", `did you mean "stance"? (-labels stance)` + "\n"},
		{"group-by", []string{"summarize", "-labels", "stance", "-by", "Source", "-"}, "id,stance,source \n1,pro,x\n", `did you mean "source "? (-by 'source ')` + "\n"},
		{"ragged row", []string{"label", "-"}, "id,text\n1,hi,there\n", "-:2: row has 3 fields, want 2 (the header has 2 columns: id, text); fix the row (label and ingest can pass it through with -lenient)\n"},
		{"text over the limit", []string{"label", "-"}, "id,text\n1,\"" + strings.Repeat("x", 1<<20+1) + "\"\n", "-:2: the text is 1048577 bytes, over the limit of 1048576: labelled only when cut to the limit; -max-text-bytes N labels such rows from their first N bytes\n"},
		{"added column clashes", []string{"label", "-"}, "id,text,stance\n1,hi,pro\n", `stance label: -: the input already has a column "stance"; name the added columns apart with -prefix (-prefix pred_ is free)` + "\n"},
		// Labelled twice with -prefix pred_: the suggestion must not be
		// pred_ again (issue 13, item 12), but the first free one.
		{"the suggested prefix clashes too", []string{"label", "-prefix", "pred_", "-"}, "id,text,pred_stance,pred2_sentiment\n1,hi,pro,neutral\n",
			`stance label: -: the input already has a column "pred_stance"; name the added columns apart with -prefix (-prefix pred3_ is free)` + "\n"},
		{"runaway record", []string{"label", "-max-record-bytes", "65536", "-"}, "id,text\n1,\"open" + strings.Repeat("x", 200_000) + "\n", "is never closed; -max-record-bytes raises the limit\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := stance(t, tt.stdin, tt.args...)
			if code != 1 || !strings.HasSuffix(stderr, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want 1 and a stderr ending %q", code, stderr, tt.stderr)
			}
		})
	}
}

// TestSubcommandHelp checks that annotate export and annotate repair are
// commands like any other: their help is their own, and a bad flag or
// argument is a usage error.
func TestSubcommandHelp(t *testing.T) {
	code, stdout, _ := stance(t, "", "help", "annotate", "export")
	if code != 0 || !strings.HasPrefix(stdout, "usage: stance annotate export") || !strings.Contains(stdout, "-annotator") {
		t.Errorf("help annotate export: exit %d, stdout %.200q", code, stdout)
	}
	// -h prints the help on standard output, as "stance help" does.
	code, hout, stderr := stance(t, "", "annotate", "export", "-h")
	if code != 0 || hout != stdout || stderr != "" {
		t.Errorf("annotate export -h: exit %d, stdout %.200q, stderr %.200q", code, hout, stderr)
	}
	code, _, stderr = stance(t, "", "annotate", "export", "-nope")
	if code != 2 || !strings.Contains(stderr, "unknown flag -nope") {
		t.Errorf("annotate export -nope: exit %d, stderr %.200q", code, stderr)
	}
	code, _, stderr = stance(t, "", "annotate", "export")
	if code != 2 || !strings.Contains(stderr, "-data and -store are required\nusage: stance annotate export") {
		t.Errorf("annotate export: exit %d, stderr %.200q", code, stderr)
	}
	code, stdout, _ = stance(t, "", "help", "annotate", "repair")
	if code != 0 || !strings.HasPrefix(stdout, "usage: stance annotate repair") || !strings.Contains(stdout, "-store") || !strings.Contains(stdout, "journal.quarantine.jsonl") {
		t.Errorf("help annotate repair: exit %d, stdout %.200q", code, stdout)
	}
	code, _, stderr = stance(t, "", "annotate", "repair", "-store", t.TempDir(), "extra")
	if code != 2 || !strings.Contains(stderr, `unexpected argument "extra"`+"\nusage: stance annotate repair") {
		t.Errorf("annotate repair extra: exit %d, stderr %.200q", code, stderr)
	}
}
