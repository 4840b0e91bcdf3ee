package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExcelSafe labels comments that a spreadsheet would run as formulas
// (issue 13, item 11, with OWASP's examples): without -excel-safe they are
// written as they are and a warning counts them; with it they get a quote
// in front; the numbers of the confidence column, negative or not, are
// never touched.
func TestExcelSafe(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.csv")
	os.WriteFile(in, []byte("id,text\n"+
		"1,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"\n"+
		"@2,\"+cmd|' /C calc'!A0\"\n"+
		"-3,the regime fell\n"), 0o644)
	tests := []struct {
		name  string
		flags []string
		texts []string
		ids   []string
		warn  string
	}{
		{"faithful by default", nil,
			[]string{`=HYPERLINK("http://evil.example","x")`, `+cmd|' /C calc'!A0`, "the regime fell"},
			[]string{"1", "@2", "-3"}, "warning: 3 cells begin with = + - @, a tab or CR"},
		{"-excel-safe", []string{"-excel-safe"},
			[]string{`'=HYPERLINK("http://evil.example","x")`, `'+cmd|' /C calc'!A0`, "the regime fell"},
			[]string{"1", "'@2", "-3"}, "3 cells that began with = + - @, a tab or CR written with a ' in front"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(dir, "out.csv")
			code, _, stderr := stance(t, "", append(append([]string{"label"}, tt.flags...), "-o", out, in)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if strings.Count(stderr, tt.warn) != 1 {
				t.Errorf("stderr %q; want %q once", stderr, tt.warn)
			}
			b, _ := os.ReadFile(out)
			h, rows := readRows(t, string(b))
			if len(rows) != 3 {
				t.Fatalf("%d rows, want 3", len(rows))
			}
			for i, r := range rows {
				if r[0] != tt.ids[i] || r[1] != tt.texts[i] {
					t.Errorf("row %d: id %q text %q, want %q %q", i+1, r[0], r[1], tt.ids[i], tt.texts[i])
				}
				for j, col := range h {
					if strings.HasSuffix(col, "_confidence") && strings.HasPrefix(r[j], "'") {
						t.Errorf("row %d: %s %q quoted", i+1, col, r[j])
					}
				}
			}
		})
	}
}

// TestTrainWarnsFormulaLabels checks that train warns about a label a
// spreadsheet would take for a formula, once per label.
func TestTrainWarnsFormulaLabels(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "g.csv")
	var b strings.Builder
	b.WriteString("id,text,stance\n")
	for i := 0; i < 20; i++ {
		l := "=cmd"
		if i%2 == 0 {
			l = "neutral"
		}
		b.WriteString(strings.Join([]string{string(rune('a' + i)), "comment number " + string(rune('a'+i)), l}, ",") + "\n")
	}
	os.WriteFile(in, []byte(b.String()), 0o644)
	code, _, stderr := stance(t, "", "train", "-folds", "0", "-labels", "stance", "-o", filepath.Join(dir, "m"), in)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if strings.Count(stderr, `stance label "=cmd" begins like a spreadsheet formula`) != 1 || strings.Contains(stderr, `"neutral"`) {
		t.Errorf("stderr %q; want one warning about =cmd", stderr)
	}
}
