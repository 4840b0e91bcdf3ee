package data

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
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

// TestWriteFileSet checks that a set of files replaces the old one as a
// whole: when any file fails to be created or written, every file already
// there keeps its old content and no temporary file is left; and that
// track hears of every temporary file, created and gone.
func TestWriteFileSet(t *testing.T) {
	content := func(s string) func(io.Writer) error {
		return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
	}
	errFull := errors.New("disk full")
	failing := func(w io.Writer) error {
		io.WriteString(w, "half")
		return errFull
	}
	old := map[string]string{"index.html": "old index", "report.json": "old json"}
	tests := []struct {
		name    string
		files   []NamedFile
		wantErr error
		want    map[string]string
	}{
		{"all written", []NamedFile{{"index.html", content("new index")}, {"report.json", content("new json")}, {"extra.svg", content("svg")}}, nil,
			map[string]string{"index.html": "new index", "report.json": "new json", "extra.svg": "svg"}},
		{"none", nil, nil, old},
		{"last fails", []NamedFile{{"index.html", content("new index")}, {"report.json", failing}}, errFull, old},
		{"first fails", []NamedFile{{"index.html", failing}, {"report.json", content("new json")}}, errFull, old},
		{"cannot create", []NamedFile{{"index.html", content("new index")}, {filepath.Join("nope", "report.json"), content("new json")}}, fs.ErrNotExist, old},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, s := range old {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			tracked := map[string]bool{}
			var trackErrs []string
			track := func(name string, add bool) {
				switch {
				case add && tracked[name]:
					trackErrs = append(trackErrs, "added twice: "+name)
				case !add && !tracked[name]:
					trackErrs = append(trackErrs, "removed but not added: "+name)
				case add:
					if _, err := os.Stat(name); err != nil {
						trackErrs = append(trackErrs, "added before it exists: "+name)
					}
				default:
					if _, err := os.Stat(name); !errors.Is(err, fs.ErrNotExist) {
						trackErrs = append(trackErrs, "removed while it exists: "+name)
					}
				}
				tracked[name] = add
			}
			err := WriteFileSet(dir, tt.files, track)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("WriteFileSet: got error %v, want %v", err, tt.wantErr)
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
			if names := dirNames(t, dir); !slices.Equal(names, want) {
				t.Errorf("directory holds %q, want %q (no temporary files)", names, want)
			}
			for _, e := range trackErrs {
				t.Error("track: " + e)
			}
			for name, live := range tracked {
				if live {
					t.Errorf("track: %s still tracked after return", name)
				}
			}
			if len(tt.files) > 0 && len(tracked) == 0 {
				t.Errorf("track was never called")
			}
		})
	}
}

func TestWriteFileSetErrorNamesFile(t *testing.T) {
	dir := t.TempDir()
	err := WriteFileSet(dir, []NamedFile{{"a.txt", func(io.Writer) error { return errors.New("boom") }}}, nil)
	want := "write " + filepath.Join(dir, "a.txt") + ": boom"
	if err == nil || err.Error() != want {
		t.Errorf("got error %v, want %q", err, want)
	}
	// A failed write to the file itself is said once, not as
	// "write a.txt: write a.txt: ...".
	err = WriteFileSet(dir, []NamedFile{{"b.txt", func(w io.Writer) error {
		w.(*AtomicFile).f.Close()
		_, err := w.Write([]byte("x"))
		return err
	}}}, nil)
	want = "write " + filepath.Join(dir, "b.txt") + ": " + os.ErrClosed.Error()
	if err == nil || err.Error() != want {
		t.Errorf("got error %v, want %q", err, want)
	}
}

// TestWriteErrorNamesOutput checks that a failed write names the output
// the user gave, never the temporary file beside it (issue 13: a full
// disk while writing -o out.csv named the input and ".out.csv.tmp-...").
// The temporary file is closed under the AtomicFile to make its writes
// fail, as a full disk would.
func TestWriteErrorNamesOutput(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.csv")
	a, err := CreateAtomic(path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Abort()
	a.f.Close()
	_, err = a.Write([]byte("x"))
	var oe *OutputError
	if !errors.As(err, &oe) || oe.Path != path || !errors.Is(err, os.ErrClosed) {
		t.Fatalf("Write error %v, want an *OutputError for %s", err, path)
	}
	if msg := err.Error(); msg != "write "+path+": "+os.ErrClosed.Error() {
		t.Errorf("message %q names something else than %s", msg, path)
	}
	if full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0); err == nil {
		full.Close()
		o, err := NewOutputs().Create("/dev/full")
		if err != nil {
			t.Fatal(err)
		}
		_, err = o.Write([]byte("x"))
		if got, want := fmt.Sprint(o.Finish(err)), "write /dev/full: no space left on device"; got != want {
			t.Errorf("writing /dev/full: %q, want %q", got, want)
		}
	}
}
