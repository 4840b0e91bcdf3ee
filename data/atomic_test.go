package data

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// dirNames lists the names in dir, to check for stray temporary files.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestAtomicFile(t *testing.T) {
	tests := []struct {
		name     string
		existing string // content of the target before, "" for none
		commit   bool
		want     string // content of the target after, "" for none
	}{
		{"commit new", "", true, "new content\n"},
		{"commit replaces", "old\n", true, "new content\n"},
		{"abort new", "", false, ""},
		{"abort keeps old", "old\n", false, "old\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "out.csv")
			if tt.existing != "" {
				if err := os.WriteFile(path, []byte(tt.existing), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			f, err := CreateAtomic(path)
			if err != nil {
				t.Fatalf("CreateAtomic: %v", err)
			}
			if _, err := f.Write([]byte("new content\n")); err != nil {
				t.Fatalf("Write: %v", err)
			}
			// Before Commit the target is untouched.
			got, err := os.ReadFile(path)
			if tt.existing == "" && !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("before Commit: target exists (err %v)", err)
			}
			if tt.existing != "" && string(got) != tt.existing {
				t.Errorf("before Commit: target is %q, want %q", got, tt.existing)
			}

			if tt.commit {
				err = f.Commit()
			} else {
				err = f.Abort()
			}
			if err != nil {
				t.Fatalf("Commit/Abort: %v", err)
			}
			if err := f.Abort(); err != nil {
				t.Errorf("Abort after Commit/Abort: %v", err)
			}

			got, err = os.ReadFile(path)
			switch {
			case tt.want == "" && !errors.Is(err, fs.ErrNotExist):
				t.Errorf("after: target exists (err %v), want none", err)
			case tt.want != "" && string(got) != tt.want:
				t.Errorf("after: target is %q (err %v), want %q", got, err, tt.want)
			}
			wantNames := 0
			if tt.want != "" {
				wantNames = 1
			}
			if names := dirNames(t, dir); len(names) != wantNames {
				t.Errorf("directory holds %q, want only the target (or nothing)", names)
			}
			if _, err := f.Write([]byte("x")); err == nil {
				t.Errorf("Write after Commit/Abort: got no error")
			}
		})
	}
}

func TestAtomicFileMode(t *testing.T) {
	tests := []struct {
		name     string
		existing fs.FileMode // 0 for no existing target
		want     fs.FileMode
	}{
		{"new file is world-readable", 0, 0o644},
		{"existing mode kept", 0o600, 0o600},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "out.csv")
			if tt.existing != 0 {
				if err := os.WriteFile(path, nil, tt.existing); err != nil {
					t.Fatal(err)
				}
				os.Chmod(path, tt.existing)
			}
			f, err := CreateAtomic(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := f.Commit(); err != nil {
				t.Fatal(err)
			}
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if got := fi.Mode().Perm(); got != tt.want {
				t.Errorf("got mode %v, want %v", got, tt.want)
			}
		})
	}
}

func TestAtomicFileErrors(t *testing.T) {
	dir := t.TempDir()
	t.Run("stdout", func(t *testing.T) {
		if _, err := CreateAtomic("-"); err == nil {
			t.Errorf("got no error for -")
		}
	})
	t.Run("missing directory", func(t *testing.T) {
		if _, err := CreateAtomic(filepath.Join(dir, "nope", "out.csv")); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("got %v, want fs.ErrNotExist", err)
		}
	})
	t.Run("commit onto a directory", func(t *testing.T) {
		target := filepath.Join(dir, "sub")
		if err := os.Mkdir(target, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(target, "keep"), nil, 0o644); err != nil {
			t.Fatal(err)
		}
		f, err := CreateAtomic(target)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Commit(); err == nil {
			t.Fatalf("Commit onto a non-empty directory: got no error")
		}
		if names := dirNames(t, dir); len(names) != 1 || names[0] != "sub" {
			t.Errorf("after failed Commit the directory holds %q, want only sub", names)
		}
		if err := f.Commit(); err == nil {
			t.Errorf("second Commit: got no error")
		}
	})
}
