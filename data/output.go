package data

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
)

// Outputs creates the output files of one run and keeps the names of the
// temporary files of those not yet committed or aborted, so that a run
// stopped by a signal can remove them (RemoveAll) and leave no
// half-written file behind. It is safe for concurrent use: a signal
// handler calls RemoveAll while the run writes.
type Outputs struct {
	mu    sync.Mutex
	temps map[string]bool
}

// NewOutputs returns an empty Outputs.
func NewOutputs() *Outputs { return &Outputs{temps: map[string]bool{}} }

// Track adds a temporary file to o (add) or removes it once it is gone,
// renamed into place or removed: the track argument of WriteFileSet.
func (o *Outputs) Track(name string, add bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if add {
		o.temps[name] = true
	} else {
		delete(o.temps, name)
	}
}

// RemoveAll deletes the temporary file of every output not yet committed
// or aborted. A file being renamed into place at the same moment is
// either renamed (the output is complete) or removed first (the rename
// fails and the target stays as it was).
func (o *Outputs) RemoveAll() {
	o.mu.Lock()
	defer o.mu.Unlock()
	for name := range o.temps {
		os.Remove(name)
	}
}

// Output is one output being written: use it as an io.Writer, then call
// Finish.
type Output struct {
	io.Writer
	atomic *AtomicFile
	device *os.File
	outs   *Outputs
}

// WriterOutput returns an Output that writes to w, standard output, and
// whose Finish has nothing to commit. Its write errors are *OutputError
// naming "standard output".
func WriterOutput(w io.Writer) *Output {
	return &Output{Writer: namedWriter{w: w, name: "standard output"}}
}

// Create returns an Output writing to path, creating its directory if
// need be. A regular file, or one not there yet, is written through an
// AtomicFile, so that it appears only when Finish commits it. A device or
// pipe (/dev/null, /dev/stdout, a FIFO) is written in place: renaming a
// temporary file onto it would replace the device itself, and it has no
// half-written state to protect anyway. A directory is an error.
func (o *Outputs) Create(path string) (*Output, error) {
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
	}
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
		if fi.IsDir() {
			return nil, fmt.Errorf("%s: is a directory", path)
		}
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return nil, err
		}
		return &Output{Writer: namedWriter{w: f, name: path}, device: f}, nil
	}
	f, err := CreateAtomic(path)
	if err != nil {
		return nil, err
	}
	o.Track(f.TempName(), true)
	return &Output{Writer: f, atomic: f, outs: o}, nil
}

// IsFile reports whether w writes a regular file, as opposed to a device
// or a writer given to WriterOutput.
func (w *Output) IsFile() bool { return w.atomic != nil }

// Finish ends the output: when err is nil it commits it (renames a file
// into place, closes a device) and returns the error of doing so; when err
// is not nil it discards the file, leaving what was at path before, and
// returns err.
func (w *Output) Finish(err error) error {
	switch {
	case w.device != nil:
		if cerr := w.device.Close(); err == nil && cerr != nil {
			err = cerr
		}
		return err
	case w.atomic == nil:
		return err
	}
	defer w.outs.Track(w.atomic.TempName(), false)
	if err != nil {
		w.atomic.Abort()
		return err
	}
	return w.atomic.Commit()
}

// namedWriter writes an output that is not a regular file (a device, a
// pipe, standard output), its errors *OutputError naming it as those of a
// file output are.
type namedWriter struct {
	w    io.Writer
	name string
}

func (d namedWriter) Write(p []byte) (int, error) {
	n, err := d.w.Write(p)
	if err != nil {
		err = &OutputError{Path: d.name, Err: underlying(err)}
	}
	return n, err
}
