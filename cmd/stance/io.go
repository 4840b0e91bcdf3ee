package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/stance-nlp/stance/data"
)

// input is one opened input: its reader and how to close it.
type input struct {
	name   string
	reader data.Reader
	close  func() error
}

// openInput opens path ("-" is stdin) as in says. For standard input,
// FormatAuto means def, since there is no file name to judge by.
func openInput(e *env, path string, in inputSpec, def data.Format) (*input, error) {
	f := in.Format
	var r io.Reader
	closeFn := func() error { return nil }
	if path == "-" {
		r = e.stdin
		if f == data.FormatAuto {
			f = def
		}
	} else {
		file, err := openFile(path)
		if err != nil {
			return nil, err
		}
		r, closeFn = file, file.Close
	}
	rd, err := data.OpenWith(bufio.NewReaderSize(r, 1<<16), path, f, in.Options)
	if err != nil {
		closeFn()
		return nil, err
	}
	return &input{name: path, reader: rd, close: closeFn}, nil
}

// openFile opens path for reading, refusing a directory at once: a
// directory opens, and would fail only at the first read, deep in a reader
// whose message then names it twice or calls it a bad model file.
func openFile(path string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		f.Close()
		return nil, &fs.PathError{Op: "read", Path: path, Err: syscall.EISDIR}
	}
	return f, nil
}

// inputSpec says how to read an input: its format and the reading
// options.
type inputSpec struct {
	Format data.Format
	data.Options
}

// minRecordBytes is the least -max-record-bytes: the readers check the
// limit to within their 4 KiB of read-ahead, so a limit near that size
// would not mean what it says.
const minRecordBytes = 64 << 10

// inputFlags defines -format (offering formats), -delimiter and, when
// lenient, -lenient; the func it returns reads them after parsing.
// -lenient is offered only where a ragged row passed through cannot do
// harm: labelling and ingesting keep every field and note the row, while
// in training or gold data a shifted field would be a wrong label.
func inputFlags(fs *flag.FlagSet, formats string, lenient bool) func() (inputSpec, error) {
	format := fs.String("format", "auto", "input `format`: "+formats)
	delimiter := fs.String("delimiter", "auto", "CSV field `separator`: auto (sniffed from the header line), ',', ';', tab or '|'")
	maxRecord := fs.Int64("max-record-bytes", data.DefaultMaxRecordBytes, "the most input one record (row, JSON line, thread comment) may span, in `bytes`, at least 65536 (checked to within 4 KiB of read-ahead); -1: no limit")
	var lenientFlag *bool
	if lenient {
		lenientFlag = fs.Bool("lenient", false, "pass CSV rows with the wrong number of fields through, noted in <col>_note, instead of stopping")
	}
	return func() (inputSpec, error) {
		var in inputSpec
		var err error
		if in.Format, err = data.ParseFormat(*format); err != nil {
			return in, usagef("-format: %v", err)
		}
		if lenientFlag != nil {
			in.Lenient = *lenientFlag
		}
		switch m := *maxRecord; {
		case m != -1 && m < minRecordBytes:
			return in, usagef("-max-record-bytes %d: want at least %d, or -1 for no limit", m, minRecordBytes)
		default:
			in.MaxRecordBytes = m
		}
		switch d := *delimiter; strings.ToLower(d) {
		case "auto", "":
		case "tab", `\t`, "\t":
			in.Delimiter = '\t'
		case ",", ";", "|":
			in.Delimiter = rune(d[0])
		case "comma":
			in.Delimiter = ','
		case "semicolon":
			in.Delimiter = ';'
		case "pipe":
			in.Delimiter = '|'
		default:
			return in, usagef("-delimiter %q: want auto, ',', ';', tab or '|'", d)
		}
		return in, nil
	}
}

// warnRead tells, on stderr, what reading in chose or repaired: the
// sniffed delimiter, rows with invalid UTF-8, ragged rows let through.
func warnRead(e *env, in *input) {
	d, ok := in.reader.(data.Diagnoser)
	if !ok {
		return
	}
	g := d.Diagnostics()
	// A comma is what everyone expects; any other sniffed separator is
	// said, so that a wrong guess shows before the numbers do.
	if g.SepLine {
		fmt.Fprintf(e.stderr, "stance: %s: fields separated by %s (the file's first line, Excel's \"sep=\", says so)\n", in.name, delimName(g.Delimiter))
	} else if g.Sniffed && g.Delimiter != ',' {
		fmt.Fprintf(e.stderr, "stance: %s: fields separated by %s (sniffed from the header; -delimiter sets it)\n", in.name, delimName(g.Delimiter))
	}
	if g.InvalidUTF8 > 0 {
		fmt.Fprintf(e.stderr, "stance: %s: warning: invalid UTF-8 in %s, kept with U+FFFD in its place\n", in.name, plural(g.InvalidUTF8, "row", "rows"))
	}
	if g.Ragged > 0 {
		fmt.Fprintf(e.stderr, "stance: %s: warning: %s with the wrong number of fields passed through (-lenient)\n", in.name, plural(g.Ragged, "row", "rows"))
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
	if err == nil || errors.As(err, &pe) && pe.File != "" {
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

func createOutput(e *env, path string) (*output, error) {
	if path == "-" || path == "" {
		return &output{w: e.stdout}, nil
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

// namedFile is one file of a set written by writeFiles.
type namedFile struct {
	name string
	fill func(io.Writer) error
}

// writeFiles writes a set of files into dir as a whole: every file is
// written to its temporary file first, and only when all are written are
// they renamed into place. A write error (a full disk) or an interrupt
// before then leaves dir as it was, rather than new files beside old ones
// that no longer match them.
func writeFiles(e *env, dir string, files []namedFile) error {
	temps := make([]*data.AtomicFile, 0, len(files))
	defer func() {
		for _, f := range temps {
			f.Abort() // a no-op once committed
			e.temps.remove(f.TempName())
		}
	}()
	for _, nf := range files {
		f, err := data.CreateAtomic(filepath.Join(dir, nf.name))
		if err != nil {
			return err
		}
		e.temps.add(f.TempName())
		temps = append(temps, f)
		if err := nf.fill(f); err != nil {
			return fmt.Errorf("write %s: %w", filepath.Join(dir, nf.name), err)
		}
	}
	for _, f := range temps {
		if err := f.Commit(); err != nil {
			return err
		}
	}
	return nil
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
