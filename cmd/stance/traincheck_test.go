package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// trainRows is a small training file, id,text,stance,sentiment, in which
// every stance and sentiment label has at least two examples. Line 1 is
// the header; row i (from 0) is on line i+2, except that row 3's text
// holds a quoted line break, which puts every later row one line further.
func trainRows() [][4]string {
	return [][4]string{
		{"c1", "Help the officers defect, it will end the war", "pro-defection", "positive"},
		{"c2", "Paying defectors is bribery and a waste", "anti-defection", "negative"},
		{"c3", "Assad must stay, he protects minorities", "pro-assad", "positive"},
		{"c4", "Defections weaken Assad.\nGood idea.", "pro-defection", "positive"},
		{"c5", "Never reward war criminals with money", "anti-defection", "negative"},
		{"c6", "The government of Assad is the lesser evil", "pro-assad", "negative"},
		{"c7", "What does the article say about Turkey?", "neutral", "neutral"},
		{"c8", "Interesting piece, thanks for writing it", "neutral", "neutral"},
	}
}

// trainCSV writes rows as CSV, after edit has changed them.
func trainCSV(edit func(rows [][4]string)) string {
	rows := trainRows()
	if edit != nil {
		edit(rows)
	}
	var b strings.Builder
	w := csv.NewWriter(&b)
	w.Write([]string{"id", "text", "stance", "sentiment"})
	for _, r := range rows {
		w.Write(r[:])
	}
	w.Flush()
	return b.String()
}

// TestTrainChecks runs stance train in-process on training files with
// one problem each. The expected messages are written by hand from the
// files: lines counted from the header (line 1), row 3's quoted line
// break included, so rows from c5 on are on line (row number + 2); the
// suggestions are the codebook labels a single edit away.
func TestTrainChecks(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	schema := write("tone.schema", "# a two-column schema\nstance: pro-defection, anti-defection, pro-assad,\n  neutral\nsentiment: negative, neutral, positive\n")
	badSchema := write("bad.schema", "stance: a, b\nsentiment positive\n")
	tests := []struct {
		name   string
		args   []string // before the training file
		file   string   // its content; written to t.csv
		code   int
		stderr string // all of it, with dir/ removed
	}{
		{"clean, codebook schema", []string{"-schema", "codebook"}, trainCSV(nil), 0, ""},
		{"clean, schema file", []string{"-schema", schema}, trainCSV(nil), 0, ""},
		{"labels outside the codebook", []string{"-schema", "codebook"}, trainCSV(func(r [][4]string) {
			r[0][2], r[4][2], r[6][2] = "pro defection", "Anti-Defection", "pro defection"
			r[7][3] = "neutrl"
		}), 1, `stance train: t.csv: 2 labels not in the schema of column stance:
  "pro defection" (lines 2, 9): did you mean "pro-defection"?
  "Anti-Defection" (line 7): did you mean "anti-defection"?
  (column stance allows: anti-assad, anti-defection, anti-intervention, neutral, pro-assad, pro-defection, pro-intervention)
t.csv: 1 label not in the schema of column sentiment:
  "neutrl" (line 10): did you mean "neutral"?
  (column sentiment allows: negative, neutral, positive)
`},
		{"label outside a schema file", []string{"-schema", schema}, trainCSV(func(r [][4]string) { r[2][2] = "anti-intervention" }), 1,
			`stance train: t.csv: 1 label not in the schema of column stance:
  "anti-intervention" (line 4): did you mean "anti-defection"?
  (column stance allows: pro-defection, anti-defection, pro-assad, neutral)
`},
		{"malformed schema file", []string{"-schema", badSchema}, trainCSV(nil), 2,
			`stance train: -schema bad.schema: bad.schema:2: want "column: label, label, ...", got "sentiment positive"`},
		{"missing schema file", []string{"-schema", "none.schema"}, trainCSV(nil), 2, `stance train: -schema none.schema: open none.schema: no such file or directory`},
		{"one label spelled three ways", nil, trainCSV(func(r [][4]string) {
			r[2][2], r[5][2] = "Pro-Assad", "pro assad"
			r[7][2] = "pro_assad"
		}), 1, `stance train: t.csv: column stance spells 1 label several ways, and each spelling would train as a class of its own:
  "Pro-Assad" once (line 4), "pro assad" once (line 8), "pro_assad" once (line 10): write them all one way ("Pro-Assad" and "pro assad" and "pro_assad" are equally frequent)
`},
		{"the most frequent spelling suggested", nil, trainCSV(func(r [][4]string) { r[5][3] = "Negative " }), 1,
			`stance train: t.csv: column sentiment spells 1 label several ways, and each spelling would train as a class of its own:
  "negative" twice (lines 3, 7), "Negative" once (line 8): write them all "negative", the most frequent?
`},
		{"space around labels is trimmed", []string{"-schema", "codebook"}, trainCSV(func(r [][4]string) { r[0][2], r[1][3] = " pro-defection", "negative  " }), 0, ""},
		{"one example: a warning, and training goes on", nil, trainCSV(func(r [][4]string) { r[5][2] = "anti-assad" }), 0,
			"stance: warning: t.csv:4: column stance: label \"pro-assad\" has 1 example; cross-validation can't stratify it\n" +
				"stance: warning: t.csv:8: column stance: label \"anti-assad\" has 1 example; cross-validation can't stratify it\n"},
		{"a column with one label", []string{"-labels", "stance,sentiment"}, trainCSV(func(r [][4]string) {
			for i := range r {
				r[i][3] = "neutral"
			}
		}), 1, "stance train: t.csv: column sentiment has only one label, \"neutral\" (8 rows); training needs at least two\n"},
		{"duplicate ids", nil, trainCSV(func(r [][4]string) { r[4][0], r[7][0] = "c2", "c2" }), 1,
			"stance train: t.csv:7: duplicate id \"c2\" (first on line 3)\nt.csv:10: duplicate id \"c2\" (first on line 3)\n"},
		{"duplicate ids, other id column", []string{"-id-col", "text"}, trainCSV(func(r [][4]string) { r[4][0] = "c2" }), 0, ""},
		{"duplicate ids, no id check", []string{"-id-col", ""}, trainCSV(func(r [][4]string) { r[4][0] = "c2" }), 0, ""},
		{"no id column", []string{"-id-col", "comment_id"}, trainCSV(func(r [][4]string) { r[4][0] = "c2" }), 0, ""},
		{"zero bytes", nil, "", 1, "stance train: t.csv: empty input, no header row\n"},
		{"header only", nil, "id,text,stance,sentiment\n", 1, "stance train: t.csv: no training rows, only a header\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := filepath.Join(dir, "t.csv")
			if err := os.WriteFile(in, []byte(tt.file), 0o644); err != nil {
				t.Fatal(err)
			}
			model := filepath.Join(dir, "t.model")
			os.Remove(model)
			args := append(append([]string{"train", "-folds", "2", "-o", model}, tt.args...), in)
			code, _, stderr := stance(t, "", args...)
			stderr = strings.ReplaceAll(stderr, dir+string(filepath.Separator), "")
			if tt.code == 2 {
				// The message is followed by the usage line.
				stderr, _, _ = strings.Cut(stderr, "\n")
			}
			if code != tt.code || stderr != tt.stderr {
				t.Errorf("exit %d, stderr:\n%s\nwant exit %d, stderr:\n%s", code, stderr, tt.code, tt.stderr)
			}
			if _, err := os.Stat(model); (err == nil) != (tt.code == 0) {
				t.Errorf("exit %d, but model file: %v", code, err)
			}
		})
	}
}

// TestTrainChecksStdinAndJSONL checks that problems are placed in
// standard input ("-") and in JSONL files, one object a line, as well.
func TestTrainChecksStdinAndJSONL(t *testing.T) {
	dir := t.TempDir()
	jsonl := filepath.Join(dir, "t.jsonl")
	lines := []string{
		`{"id":"a","text":"good film","stance":"pro","sentiment":"positive"}`,
		`{"id":"b","text":"bad film","stance":"anti","sentiment":"negative"}`,
		`{"id":"a","text":"fine film","stance":"pro","sentiment":"Positive"}`,
		`{"id":"d","text":"awful film","stance":"anti","sentiment":"negative"}`,
	}
	if err := os.WriteFile(jsonl, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := stance(t, "", "train", "-folds", "0", "-o", filepath.Join(dir, "m"), jsonl)
	// Lines 1 and 3 hold id "a"; "positive" (line 1) and "Positive"
	// (line 3) are one label spelled two ways.
	want := jsonl + `:3: duplicate id "a" (first on line 1)` + "\n" + jsonl +
		`: column sentiment spells 1 label several ways, and each spelling would train as a class of its own:
  "positive" once (line 1), "Positive" once (line 3): write them all one way ("positive" and "Positive" are equally frequent)`
	if code != 1 || stderr != "stance train: "+want+"\n" {
		t.Errorf("exit %d, stderr:\n%s\nwant exit 1 and:\n%s", code, stderr, want)
	}
	code, _, stderr = stance(t, trainCSV(func(r [][4]string) { r[1][2] = "anti defection" }), "train", "-schema", "codebook", "-o", filepath.Join(dir, "m"), "-")
	if want := `"anti defection" (line 3): did you mean "anti-defection"?`; code != 1 || !strings.Contains(stderr, "stance train: -: 1 label not in the schema of column stance:\n  "+want) {
		t.Errorf("exit %d, stderr:\n%s\nwant exit 1 and %s", code, stderr, want)
	}
}
