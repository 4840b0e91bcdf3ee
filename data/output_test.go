package data

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestOutputs(t *testing.T) {
	tests := []struct {
		name     string
		old      string // content before, "" for no file
		write    string
		fail     bool
		want     string // content after, "" for no file
		wantFile bool
	}{
		{"new file committed", "", "new", false, "new", true},
		{"old file replaced", "old", "new", false, "new", true},
		{"failure keeps the old file", "old", "half", true, "old", true},
		{"failure leaves no new file", "", "half", true, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "sub", "out.csv")
			if tt.old != "" {
				os.MkdirAll(filepath.Dir(path), 0o755)
				os.WriteFile(path, []byte(tt.old), 0o644)
			}
			outs := NewOutputs()
			w, err := outs.Create(path)
			if err != nil {
				t.Fatal(err)
			}
			if !w.IsFile() {
				t.Error("IsFile() = false for a regular file")
			}
			io.WriteString(w, tt.write)
			var cause error
			if tt.fail {
				cause = errors.New("disk full")
			}
			if err := w.Finish(cause); !errors.Is(err, cause) {
				t.Errorf("Finish: %v, want %v", err, cause)
			}
			b, err := os.ReadFile(path)
			if tt.wantFile && string(b) != tt.want || !tt.wantFile && err == nil {
				t.Errorf("after: %q, %v; want %q (file there: %v)", b, err, tt.want, tt.wantFile)
			}
			entries, _ := os.ReadDir(filepath.Dir(path))
			if n := len(entries); tt.wantFile && n != 1 || !tt.wantFile && n != 0 {
				t.Errorf("%d entries left in the directory: a temporary file was not removed", n)
			}
			if len(outs.temps) != 0 {
				t.Errorf("%d temporary files still tracked after Finish", len(outs.temps))
			}
		})
	}
}

func TestOutputsRemoveAll(t *testing.T) {
	dir := t.TempDir()
	outs := NewOutputs()
	w, err := outs.Create(filepath.Join(dir, "out.csv"))
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, "half")
	outs.RemoveAll() // as a signal handler would, mid-run
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("%d entries left after RemoveAll, want none", len(entries))
	}
}

func TestOutputsDevice(t *testing.T) {
	outs := NewOutputs()
	w, err := outs.Create(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	if w.IsFile() {
		t.Error("IsFile() = true for a device")
	}
	if _, err := io.WriteString(w, "x"); err != nil {
		t.Fatal(err)
	}
	if err := w.Finish(nil); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(os.DevNull); err != nil {
		t.Fatalf("%s gone: %v", os.DevNull, err)
	}
	if _, err := outs.Create(t.TempDir()); err == nil {
		t.Error("Create on a directory: no error")
	}
}
