package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
)

// TestBadInputWords runs the inputs of issue 13, item 12, through the
// commands and checks what they now say: a UTF-16 or gzip'd file is read,
// a workbook named .csv is recognised, Excel's trailing empty column is
// accepted, too many folds point to -folds 0.
func TestBadInputWords(t *testing.T) {
	dir := t.TempDir()
	p := func(name string) string { return filepath.Join(dir, name) }
	seed, err := os.ReadFile("../../data/syria-comments.csv")
	if err != nil {
		t.Fatal(err)
	}
	// As Excel's "Unicode text" writes it: UTF-16 LE with a BOM, CRLF.
	units := utf16.Encode([]rune("\ufeff" + strings.ReplaceAll(string(seed), "\n", "\r\n")))
	le := make([]byte, 0, 2*len(units))
	for _, u := range units {
		le = append(le, byte(u), byte(u>>8))
	}
	var gz bytes.Buffer
	z := gzip.NewWriter(&gz)
	z.Write(seed)
	z.Close()
	trailing := strings.ReplaceAll(string(seed), "\n", ",\n")
	files := map[string][]byte{
		"utf16.csv":    le,
		"seed.csv.gz":  gz.Bytes(),
		"gz-named.csv": gz.Bytes(),
		"book.csv":     []byte("PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml"),
		"trailing.csv": []byte(trailing),
		"filled.csv":   []byte("id,text,\n1,hello,\n2,hi,oops\n"),
		"two.csv":      []byte("id,text,stance,sentiment\n1,a b,pro,pos\n2,c d,anti,neg\n"),
	}
	for name, b := range files {
		if err := os.WriteFile(p(name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
		rows   int // rows of the -o output, when code is 0
	}{
		{"UTF-16 is decoded", []string{"label", "-prefix", "p_", "-o", p("out.csv"), p("utf16.csv")}, 0, "utf16.csv: read as UTF-16 little-endian", 202},
		{"gzip is read", []string{"label", "-prefix", "p_", "-o", p("out.csv"), p("seed.csv.gz")}, 0, "seed.csv.gz: read as gzip", 202},
		{"gzip named .csv is read", []string{"label", "-prefix", "p_", "-o", p("out.csv"), p("gz-named.csv")}, 0, "read as gzip", 202},
		{"a workbook named .csv", []string{"label", "-o", p("out.csv"), p("book.csv")}, 1, `book.csv: not text: a zip archive (an Excel .xlsx or OpenDocument workbook?); save the sheet as "CSV UTF-8"`, 0},
		{"trailing empty column", []string{"label", "-prefix", "p_", "-o", p("out.csv"), p("trailing.csv")}, 0, "the header ends in 1 unnamed column", 202},
		{"a value under the empty column", []string{"label", "-o", p("out.csv"), p("filled.csv")}, 1, `filled.csv:3: a value, "oops", in column 3, which the header leaves unnamed`, 0},
		{"more folds than documents", []string{"train", "-o", p("m"), p("two.csv")}, 2, "-folds 5 for 2 documents: each fold needs a document to test on; -folds 0 trains without cross-validation", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			os.Remove(p("out.csv"))
			code, _, stderr := stance(t, "", tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.stderr) {
				t.Fatalf("exit %d, stderr %q; want exit %d and %q", code, stderr, tt.code, tt.stderr)
			}
			if tt.code != 0 {
				return
			}
			h, rows := readOutput(t, p("out.csv"))
			if len(rows) != tt.rows || h[0] != "id" || h[1] != "author" {
				t.Errorf("%d rows, header %q; want %d rows of the seed corpus", len(rows), h, tt.rows)
			}
		})
	}
}

// TestWriteErrorNamesOutputCommand writes label's output to a full disk: the
// message names the output, not the input (issue 13, item 12: it said
// "syria-comments.csv: write .out.csv.tmp-...").
func TestWriteErrorNamesOutputCommand(t *testing.T) {
	if f, err := os.OpenFile("/dev/full", os.O_WRONLY, 0); err != nil {
		t.Skipf("no /dev/full here: %v", err)
	} else {
		f.Close()
	}
	code, _, stderr := stance(t, "", "label", "-prefix", "p_", "-o", "/dev/full", "../../data/syria-comments.csv")
	if want := "stance label: write /dev/full: no space left on device\n"; code != 1 || stderr != want {
		t.Errorf("exit %d, stderr %q; want 1 and %q", code, stderr, want)
	}
}

// TestSummarizeByID groups by a column with a value per row: the report
// lists MaxSummaryGroups groups and pools the rest, and says so.
func TestSummarizeByID(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,stance,sentiment\n")
	for i := range 1000 {
		fmt.Fprintf(&b, "%d,pro,neutral\n", i)
	}
	code, stdout, stderr := stance(t, b.String(), "summarize", "-by", "id", "-json", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "warning: 1000 groups of id: the report lists the 50 with the most rows and pools the other 950 as one") {
		t.Errorf("stderr %q; want the warning", stderr)
	}
	r := decodeReport(t, stdout)
	if g := r.Summary.Columns[0].Groups; r.Summary.OtherGroups != 950 || len(g) != 51 || g[50].Name != "(950 other groups)" || g[50].N != 950 {
		t.Errorf("other groups %d, %d groups listed", r.Summary.OtherGroups, len(g))
	}
}
