package testkit

import (
	"os"
	"testing"

	"github.com/stance-nlp/stance/internal/cgocheck"
)

func TestMain(m *testing.M) { RunWithCgocheckOff(m) }

func TestRunWithCgocheckOff(t *testing.T) {
	if !cgocheck.Off() {
		t.Errorf("GODEBUG=%q: the test binary runs with cgo pointer checks on", os.Getenv("GODEBUG"))
	}
}

func TestSeed(t *testing.T) {
	rows := Seed(t, "id", "stance", "text")
	if len(rows) != 202 {
		t.Fatalf("got %d comments, want 202 (data/CODEBOOK.md)", len(rows))
	}
	// The first comment of data/syria-comments.csv.
	if got := rows[0][:2]; got[0] != "c001" || got[1] != "anti-intervention" {
		t.Errorf("first comment: id, stance = %q, want c001, anti-intervention", got)
	}
	for i, r := range rows {
		if len(r) != 3 || r[2] == "" {
			t.Errorf("row %d = %q, want 3 fields with a text", i, r)
		}
	}
}

func TestTexts(t *testing.T) {
	cs := Comments(t, 50)
	texts := Texts(t, 50)
	if len(cs) != 50 || len(texts) != 50 {
		t.Fatalf("got %d comments and %d texts, want 50 of each", len(cs), len(texts))
	}
	for i, c := range cs {
		if c.Text == "" || c.Text != texts[i] {
			t.Errorf("comment %d: text %q, Texts gives %q; want the same, not empty", i, c.Text, texts[i])
		}
	}
}
