package data

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestCheckOutput(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.csv")
	other := filepath.Join(dir, "other.csv")
	store := filepath.Join(dir, "store")
	for _, p := range []string{in, other} {
		if err := os.WriteFile(p, []byte("id,text\n1,a\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(store, 0o755); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.csv")
	if err := os.Symlink(in, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	hard := filepath.Join(dir, "hard.csv")
	if err := os.Link(in, hard); err != nil {
		t.Fatal(err)
	}
	// A directory reached through a link: a file not yet there inside it
	// is the same path as one spelled through the real directory.
	dirLink := filepath.Join(dir, "dirlink")
	if err := os.Symlink(store, dirLink); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		out    string
		inputs []string
		same   bool
		inDir  bool
	}{
		{"the input itself", in, []string{in}, true, false},
		{"another spelling", filepath.Join(dir, ".", "sub", "..", "in.csv"), []string{in}, true, false},
		{"a symbolic link to the input", link, []string{in}, true, false},
		{"the input through a symbolic link", in, []string{"", link}, true, false},
		{"a hard link to the input", hard, []string{in}, true, false},
		{"another file", other, []string{in}, false, false},
		{"a new file", filepath.Join(dir, "new.csv"), []string{in}, false, false},
		{"standard output", "-", []string{in, "-"}, false, false},
		{"standard input", in, []string{"-"}, false, false},
		{"no output", "", []string{in}, false, false},
		{"inside the store", filepath.Join(store, "journal.jsonl"), []string{in, store}, true, true},
		{"inside the store through a link", filepath.Join(dirLink, "new.csv"), []string{store}, true, true},
		{"the store itself", store, []string{store}, true, true},
		{"beside the store", filepath.Join(dir, "store.csv"), []string{store}, false, false},
		// A directory given where a file is wanted is its reader's to
		// refuse: an output inside it overwrites no input.
		{"inside a directory given as a file", filepath.Join(store, "out.csv"), []string{store}, false, false},
		{"a new file named twice", filepath.Join(dirLink, "x.csv"), []string{filepath.Join(store, "x.csv")}, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckOutput(tt.out, tt.inputs...)
			if tt.inDir {
				err = CheckOutsideDir(tt.out, tt.inputs[len(tt.inputs)-1])
			}
			var se *SameFileError
			if got := errors.As(err, &se); got != tt.same {
				t.Fatalf("CheckOutput(%q, %q) = %v, want same file %v", tt.out, tt.inputs, err, tt.same)
			}
			if se != nil && se.Dir != tt.inDir {
				t.Errorf("Dir = %v, want %v (%v)", se.Dir, tt.inDir, err)
			}
		})
	}
}
