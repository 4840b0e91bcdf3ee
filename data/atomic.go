package data

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// AtomicFile is a file written under a temporary name in the target's
// directory and renamed onto the target by Commit, so that readers of the
// target never see a half-written file. Abort, or a failing Commit, removes
// the temporary file.
type AtomicFile struct {
	f      *os.File
	path   string
	closed bool // Commit or Abort has run
}

// CreateAtomic starts writing path. The directory must already exist. Path
// "-" is not allowed: callers write standard output themselves.
func CreateAtomic(path string) (*AtomicFile, error) {
	if path == "-" {
		return nil, errors.New(`CreateAtomic: path "-" (standard output) cannot be written atomically`)
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	// The temporary file must be in the target's directory: rename is only
	// atomic within one file system.
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	// CreateTemp uses mode 0600; an output file should be as readable as one
	// made by os.Create, or keep the mode of the file it replaces.
	mode := fs.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() {
		mode = fi.Mode().Perm()
	}
	if err := f.Chmod(mode); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	return &AtomicFile{f: f, path: path}, nil
}

// TempName returns the path of the temporary file, which exists until
// Commit or Abort. A program that is interrupted can remove it by name;
// removing it while Commit runs leaves the target as it was.
func (a *AtomicFile) TempName() string { return a.f.Name() }

// Write writes p to the temporary file. An error is an *OutputError
// naming the target, not the temporary file, which the user never asked
// for and which is gone by the time the message is read.
func (a *AtomicFile) Write(p []byte) (int, error) {
	if a.closed {
		return 0, &OutputError{Path: a.path, Err: os.ErrClosed}
	}
	n, err := a.f.Write(p)
	if err != nil {
		err = &OutputError{Path: a.path, Err: underlying(err)}
	}
	return n, err
}

// OutputError is a failure to write an output: a full disk, a closed
// pipe. It names the output as the user gave it, so that a command
// reading one file and writing another says which one failed.
type OutputError struct {
	Path string
	Err  error
}

// Error formats the error as "write <path>: <error>".
func (e *OutputError) Error() string { return "write " + e.Path + ": " + e.Err.Error() }

// Unwrap returns the underlying error (syscall.ENOSPC, say).
func (e *OutputError) Unwrap() error { return e.Err }

// underlying strips the *fs.PathError of a write, which names the
// temporary file, keeping its cause.
func underlying(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Commit flushes the file to disk and renames it onto the target. On
// failure the temporary file is removed and the target is left as it was.
func (a *AtomicFile) Commit() error {
	if a.closed {
		return fmt.Errorf("commit %s: %w", a.path, os.ErrClosed)
	}
	a.closed = true
	// Sync before rename: otherwise a crash could leave the target renamed
	// but empty.
	err := a.f.Sync()
	if cerr := a.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(a.f.Name(), a.path)
	}
	if err != nil {
		os.Remove(a.f.Name())
		return &OutputError{Path: a.path, Err: underlying(err)}
	}
	// Syncing the directory makes the rename itself durable. Not every
	// platform can sync a directory, and the data is already safe, so
	// failures are ignored.
	if d, err := os.Open(filepath.Dir(a.path)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// Abort discards the temporary file. It is a no-op after Commit or a
// previous Abort.
func (a *AtomicFile) Abort() error {
	if a.closed {
		return nil
	}
	a.closed = true
	a.f.Close()
	if err := os.Remove(a.f.Name()); err != nil {
		return fmt.Errorf("abort %s: %w", a.path, err)
	}
	return nil
}

// NamedFile is one file of a set written by WriteFileSet: its name inside
// the directory and the function that writes its content.
type NamedFile struct {
	Name string
	Fill func(io.Writer) error
}

// WriteFileSet writes files into dir as a whole. Every file is written to
// its temporary file first (see CreateAtomic), and only when every Fill
// has succeeded are they renamed into place, in order. A Fill that fails
// (a full disk) or a file that cannot be created leaves dir as it was,
// rather than new files beside old ones that no longer match them; a
// failure while renaming, once everything is written, can leave the
// files before it renamed. The directory must already exist.
//
// track, when not nil, is told about every temporary file, so that a
// program can remove them when it is interrupted: track(name, true) once
// the file exists, and track(name, false) once it is gone (renamed into
// place or removed), which is always before WriteFileSet returns.
//
// An error from Fill is returned as "write <dir>/<name>: <error>", once:
// a failed write to the file is an *OutputError that says so itself.
func WriteFileSet(dir string, files []NamedFile, track func(tempName string, add bool)) error {
	if track == nil {
		track = func(string, bool) {}
	}
	temps := make([]*AtomicFile, 0, len(files))
	defer func() {
		for _, f := range temps {
			f.Abort() // a no-op once committed
			track(f.TempName(), false)
		}
	}()
	for _, nf := range files {
		path := filepath.Join(dir, nf.Name)
		f, err := CreateAtomic(path)
		if err != nil {
			return err
		}
		track(f.TempName(), true)
		temps = append(temps, f)
		if err := nf.Fill(f); err != nil {
			if errors.As(err, new(*OutputError)) {
				return err // names the file already
			}
			return fmt.Errorf("write %s: %w", path, err)
		}
	}
	for _, f := range temps {
		if err := f.Commit(); err != nil {
			return err
		}
	}
	return nil
}
