package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"github.com/stance-nlp/stance/data"
)

// warnRead tells, on stderr, what reading in chose or repaired: the
// sniffed delimiter, rows with invalid UTF-8, ragged rows let through.
func warnRead(stderr io.Writer, name string, d data.Diagnoser) {
	g := d.Diagnostics()
	// A comma is what everyone expects; any other sniffed separator is
	// said, so that a wrong guess shows before the numbers do.
	if g.SepLine {
		fmt.Fprintf(stderr, "stance: %s: fields separated by %s (the file's first line, Excel's \"sep=\", says so)\n", name, delimName(g.Delimiter))
	} else if g.Sniffed && g.Delimiter != ',' {
		fmt.Fprintf(stderr, "stance: %s: fields separated by %s (sniffed from the header; -delimiter sets it)\n", name, delimName(g.Delimiter))
	}
	if g.InvalidUTF8 > 0 {
		fmt.Fprintf(stderr, "stance: %s: warning: invalid UTF-8 in %s, kept with U+FFFD in its place\n", name, plural(g.InvalidUTF8, "row", "rows"))
	}
	if g.Ragged > 0 {
		fmt.Fprintf(stderr, "stance: %s: warning: %s with the wrong number of fields passed through (-lenient)\n", name, plural(g.Ragged, "row", "rows"))
	}
}

func delimName(r rune) string {
	if r == '\t' {
		return "tabs"
	}
	return fmt.Sprintf("'%c'", r)
}

// inFile puts path before err unless err already names a file.
func inFile(path string, err error) error {
	var pe *data.ParseError
	var ce *data.ColumnError
	if err == nil || errors.As(err, &pe) && pe.File != "" || errors.As(err, &ce) && ce.File != "" {
		return err
	}
	return fmt.Errorf("%s: %w", path, err)
}

// output is where a command writes its main result: stdout, or a file
// that appears (atomically) only when everything was written.
type output struct {
	w      io.Writer
	atomic *data.AtomicFile
	temps  *tempFiles
	device *os.File // a non-regular file written in place
}

// isFile reports whether the output goes to a regular file (not standard
// output or a device).
func (o *output) isFile() bool { return o.atomic != nil }

func createOutput(e *env, path string, stdout io.Writer) (*output, error) {
	if path == "-" || path == "" {
		return &output{w: stdout}, nil
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
	}
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
		// A device or pipe (/dev/null, /dev/stdout, a FIFO) is written in
		// place: renaming a temporary file onto it would replace the device
		// itself, and it has no half-written state to protect anyway.
		if fi.IsDir() {
			return nil, fmt.Errorf("-o %s: is a directory", path)
		}
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return nil, err
		}
		return &output{w: f, device: f}, nil
	}
	f, err := data.CreateAtomic(path)
	if err != nil {
		return nil, err
	}
	e.temps.add(f.TempName())
	return &output{w: f, atomic: f, temps: e.temps}, nil
}

// finish commits the output when err is nil and discards it otherwise.
func (o *output) finish(err error) error {
	if o.device != nil {
		if cerr := o.device.Close(); err == nil && cerr != nil {
			err = cerr
		}
		return err
	}
	if o.atomic == nil {
		return err
	}
	defer o.temps.remove(o.atomic.TempName())
	if err != nil {
		o.atomic.Abort()
		return err
	}
	return o.atomic.Commit()
}

// tempFiles is the set of temporary files of outputs being written. It is
// safe for concurrent use: the signal goroutine reads it.
type tempFiles struct {
	mu    sync.Mutex
	names map[string]bool
}

func newTempFiles() *tempFiles { return &tempFiles{names: map[string]bool{}} }

func (t *tempFiles) add(name string) {
	t.mu.Lock()
	t.names[name] = true
	t.mu.Unlock()
}

func (t *tempFiles) remove(name string) {
	t.mu.Lock()
	delete(t.names, name)
	t.mu.Unlock()
}

// removeAll deletes every file in the set. A file being renamed into place
// at the same moment is either renamed (the output is complete) or removed
// first (the rename fails and the target stays as it was).
func (t *tempFiles) removeAll() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for name := range t.names {
		os.Remove(name)
	}
}

// writeFiles writes a set of files into dir as a whole (data.WriteFileSet),
// their temporary files known to the interrupt handler meanwhile.
func writeFiles(e *env, dir string, files []data.NamedFile) error {
	return data.WriteFileSet(dir, files, func(name string, add bool) {
		if add {
			e.temps.add(name)
		} else {
			e.temps.remove(name)
		}
	})
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
