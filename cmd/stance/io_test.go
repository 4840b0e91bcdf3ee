package main

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestWriteFilesIsAllOrNothing checks that a report directory is replaced
// as a set: when any file of the set fails to be written, every file
// already there keeps its old content and no temporary file is left.
func TestWriteFilesIsAllOrNothing(t *testing.T) {
	content := func(s string) func(io.Writer) error {
		return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
	}
	failing := func(w io.Writer) error {
		io.WriteString(w, "half")
		return errors.New("disk full")
	}
	tests := []struct {
		name    string
		files   []namedFile
		wantErr bool
		want    map[string]string
	}{
		{"all written", []namedFile{{"index.html", content("new index")}, {"report.json", content("new json")}, {"extra.svg", content("svg")}}, false,
			map[string]string{"index.html": "new index", "report.json": "new json", "extra.svg": "svg"}},
		{"last fails", []namedFile{{"index.html", content("new index")}, {"report.json", failing}}, true,
			map[string]string{"index.html": "old index", "report.json": "old json"}},
		{"first fails", []namedFile{{"index.html", failing}, {"report.json", content("new json")}}, true,
			map[string]string{"index.html": "old index", "report.json": "old json"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, s := range map[string]string{"index.html": "old index", "report.json": "old json"} {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			e := newEnv(nil)
			err := writeFiles(e, dir, tt.files)
			if (err != nil) != tt.wantErr {
				t.Fatalf("writeFiles: %v, want error %v", err, tt.wantErr)
			}
			entries, _ := os.ReadDir(dir)
			var names []string
			for _, en := range entries {
				names = append(names, en.Name())
			}
			var want []string
			for name, s := range tt.want {
				want = append(want, name)
				b, err := os.ReadFile(filepath.Join(dir, name))
				if err != nil || string(b) != s {
					t.Errorf("%s = %q, %v; want %q", name, b, err, s)
				}
			}
			slices.Sort(want)
			if !slices.Equal(names, want) {
				t.Errorf("directory holds %q, want %q (no temporary files)", names, want)
			}
			if len(e.temps.names) != 0 {
				t.Errorf("%d temporary files still tracked", len(e.temps.names))
			}
		})
	}
}
