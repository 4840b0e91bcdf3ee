package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/stance-nlp/stance/data"
)

// input is one opened input: its reader and how to close it.
type input struct {
	name   string
	reader data.Reader
	close  func() error
}

// openInput opens path ("-" is stdin) in format f. For standard input,
// FormatAuto means def, since there is no file name to judge by.
func openInput(e *env, path string, f, def data.Format) (*input, error) {
	var r io.Reader
	closeFn := func() error { return nil }
	if path == "-" {
		r = e.stdin
		if f == data.FormatAuto {
			f = def
		}
	} else {
		file, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		r, closeFn = file, file.Close
	}
	rd, err := data.Open(bufio.NewReaderSize(r, 1<<16), path, f)
	if err != nil {
		closeFn()
		return nil, err
	}
	return &input{name: path, reader: rd, close: closeFn}, nil
}

// output is where a command writes its main result: stdout, or a file
// that appears (atomically) only when everything was written.
type output struct {
	w      io.Writer
	atomic *data.AtomicFile
}

func createOutput(e *env, path string) (*output, error) {
	if path == "-" || path == "" {
		return &output{w: e.stdout}, nil
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
	}
	f, err := data.CreateAtomic(path)
	if err != nil {
		return nil, err
	}
	return &output{w: f, atomic: f}, nil
}

// finish commits the output when err is nil and discards it otherwise.
func (o *output) finish(err error) error {
	if o.atomic == nil {
		return err
	}
	if err != nil {
		o.atomic.Abort()
		return err
	}
	return o.atomic.Commit()
}

// writeFile writes path atomically with fill.
func writeFile(path string, fill func(io.Writer) error) error {
	f, err := data.CreateAtomic(path)
	if err != nil {
		return err
	}
	if err := fill(f); err != nil {
		f.Abort()
		return err
	}
	return f.Commit()
}

// unionHeader returns the columns of all headers, in first-seen order.
func unionHeader(headers [][]string) []string {
	var out []string
	for _, h := range headers {
		for _, c := range h {
			if !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
	}
	return out
}

// projection maps the fields of records with header from onto header to:
// out[i] = fields[src[i]], or "" where src[i] < 0.
type projection []int

func newProjection(from, to []string) projection {
	src := make(projection, len(to))
	for i, c := range to {
		src[i] = slices.Index(from, c)
	}
	return src
}

func (p projection) apply(fields []string) []string {
	out := make([]string, len(p))
	for i, j := range p {
		if j >= 0 && j < len(fields) {
			out[i] = fields[j]
		}
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
