package data

import (
	"bytes"
	"testing"
)

func TestFormulaLike(t *testing.T) {
	// The triggers are OWASP's list for CSV injection: = + - @ tab CR.
	tests := []struct {
		cell string
		want bool
	}{
		{`=HYPERLINK("http://evil.example","x")`, true},
		{`+cmd|' /C calc'!A0`, true},
		{"-2+3+cmd|' /C calc'!A0", true},
		{"@SUM(1+1)*cmd|' /C calc'!A0", true},
		{"\t=1+1", true},
		{"\r=1+1", true},
		{"- a comment that starts with a dash", true},
		{"-", true},
		{"+", true},
		{"-0.5", false},
		{"+3", false},
		{"-1e-3", false},
		{"-.5", false},
		{"1e5", false},
		{"-1e", true},
		{"-0x10", true},
		{"-Inf", true},
		{"hello =1+1", false},
		{"", false},
		{"pro-assad", false},
		{"'=already quoted", false},
	}
	for _, tt := range tests {
		if got := FormulaLike(tt.cell); got != tt.want {
			t.Errorf("FormulaLike(%q) = %v, want %v", tt.cell, got, tt.want)
		}
	}
}

func TestWriterFormulaGuard(t *testing.T) {
	rows := [][]string{
		{"id", "text", "stance", "stance_confidence"},
		{"1", `=HYPERLINK("http://evil.example","x")`, "pro", "0.9"},
		{"@2", "fine", "+cmd", "-0.5"},
		{"3", "\tx", "neutral", "1"},
	}
	tests := []struct {
		name       string
		neutralize bool
		want       string
		cells      int
	}{
		{"counted, written as they are", false,
			"id,text,stance,stance_confidence\n1,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",pro,0.9\n@2,fine,+cmd,-0.5\n3,\"\tx\",neutral,1\n", 4},
		{"neutralized with a quote", true,
			"id,text,stance,stance_confidence\n1,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",pro,0.9\n'@2,fine,'+cmd,-0.5\n3,'\tx,neutral,1\n", 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			g := &FormulaGuard{W: &b, Neutralize: tt.neutralize}
			w := NewWriter(g)
			for _, r := range rows {
				kept := append([]string(nil), r...)
				if err := w.Write(r); err != nil {
					t.Fatal(err)
				}
				for i := range r {
					if r[i] != kept[i] {
						t.Fatalf("Write changed the caller's record: %q, was %q", r, kept)
					}
				}
			}
			w.Flush()
			if err := w.Error(); err != nil {
				t.Fatal(err)
			}
			if b.String() != tt.want {
				t.Errorf("wrote\n%q\nwant\n%q", b.String(), tt.want)
			}
			if g.Cells != tt.cells {
				t.Errorf("Cells = %d, want %d", g.Cells, tt.cells)
			}
		})
	}
}
