package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/classifier"
	"github.com/stance-nlp/stance/models"
)

// TestAlteredModelRefused writes the shipped model with one field altered
// and its checksum recomputed, as issue 13 did, and checks that label and
// eval refuse it, exit 1, naming the file and the field. Before the field
// checks, counts [-1, ...] labelled an empty text with confidence 1.5, and
// an empty column name gave the output header "id,text,,_confidence,_note".
func TestAlteredModelRefused(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.csv")
	if err := os.WriteFile(in, []byte("id,text\n1,\n2,Pay the officers to defect\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		edit  func(b *classifier.Bundle)
		field string
	}{
		{"negative count", func(b *classifier.Bundle) { b.Columns[0].Counts[0] = -1 }, "columns[0].counts[0]: a negative number, -1"},
		{"empty column name", func(b *classifier.Bundle) { b.Columns[1].Name = "" }, `columns[1].name: the name "" is empty`},
		{"duplicate label", func(b *classifier.Bundle) { b.Columns[1].Labels[1] = b.Columns[1].Labels[0] }, "columns[1].labels: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := classifier.ReadBundle(bytes.NewReader(models.Default()))
			if err != nil {
				t.Fatal(err)
			}
			tt.edit(b)
			path := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "-")+".model")
			var buf bytes.Buffer
			if _, err := b.WriteTo(&buf); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			for _, args := range [][]string{{"label", "-model", path, in}, {"eval", "-model", path, "../../data/syria-comments.csv"}} {
				code, stdout, stderr := stance(t, "", args...)
				want := path + ": model file field " + tt.field
				if code != 1 || !strings.Contains(stderr, want) || stdout != "" {
					t.Errorf("stance %s: exit %d, stdout %.80q, stderr %q; want exit 1, nothing out, and %q", args[0], code, stdout, stderr, want)
				}
			}
		})
	}
}
