package data

import (
	"bufio"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"
	"syscall"
)

// Row is one record with the columns of a Columns picked out.
type Row struct {
	Line int    // the record's line, as Record.Line
	ID   string // the id column's field, trimmed; "" when the input has no id column
	Text string // the text column's field, as read; "" when the input has no text column
	// Labels holds the field of each of Columns.Labels, in that order,
	// trimmed of surrounding white space ("" for an unlabelled row).
	Labels []string
	// Group is the field of Columns.Group, trimmed; "" when no group
	// column is named.
	Group  string
	Record *Record // the whole record
}

// Require says which columns besides the label columns NewColumnReader
// insists on. Label columns are always required.
type Require uint8

const (
	// RequireText fails when the input has no text column.
	RequireText Require = 1 << iota
	// RequireID fails when the input has no id column.
	RequireID
)

// ColumnReader reads the records of a Reader with the columns of a
// Columns picked out. It streams, like the Reader it wraps.
type ColumnReader struct {
	r      Reader
	text   int   // index of the text column, -1 if absent
	id     int   // index of the id column, -1 if absent
	labels []int // index of each label column
	group  int   // index of the group column, -1 if none is named
}

// NewColumnReader returns a ColumnReader of r, whose records come from
// file (named in errors). It fails with a *ColumnError when r lacks a label
// column of cols, the group column cols names, or a text or id column that
// req requires.
func NewColumnReader(r Reader, file string, cols Columns, req Require) (*ColumnReader, error) {
	h := r.Header()
	c := &ColumnReader{r: r, labels: make([]int, len(cols.Labels)), group: -1}
	text := cols.TextColumnIn(r)
	if c.text = slices.Index(h, text); c.text < 0 && req&RequireText != 0 {
		return nil, NewColumnError(file, KindText, text, h)
	}
	if c.id = slices.Index(h, cols.IDColumn()); c.id < 0 && req&RequireID != 0 {
		return nil, NewColumnError(file, KindID, cols.IDColumn(), h)
	}
	for k, name := range cols.Labels {
		if c.labels[k] = slices.Index(h, name); c.labels[k] < 0 {
			return nil, NewColumnError(file, KindLabel, name, h)
		}
	}
	if cols.Group != "" {
		if c.group = slices.Index(h, cols.Group); c.group < 0 {
			return nil, NewColumnError(file, KindGroupBy, cols.Group, h)
		}
	}
	return c, nil
}

// HasID reports whether the input has the id column.
func (c *ColumnReader) HasID() bool { return c.id >= 0 }

// Read returns the next row, or io.EOF after the last one. Errors of the
// wrapped Reader are returned unchanged, so a *ParseError keeps its line.
func (c *ColumnReader) Read() (*Row, error) {
	rec, err := c.r.Read()
	if err != nil {
		return nil, err
	}
	row := &Row{Line: rec.Line, Record: rec, Labels: make([]string, len(c.labels))}
	// A lenient reader may pass a short row; its missing fields read as "".
	field := func(i int) string {
		if i >= 0 && i < len(rec.Fields) {
			return rec.Fields[i]
		}
		return ""
	}
	row.Text = field(c.text)
	row.ID = strings.TrimSpace(field(c.id))
	for k, i := range c.labels {
		row.Labels[k] = strings.TrimSpace(field(i))
	}
	row.Group = strings.TrimSpace(field(c.group))
	return row, nil
}

// ReadRows reads the remaining records of r with the columns of cols
// picked out, as NewColumnReader and Read. It holds them all in memory:
// use it for training and gold data, and a ColumnReader for streams.
func ReadRows(r Reader, file string, cols Columns, req Require) ([]Row, error) {
	c, err := NewColumnReader(r, file, cols, req)
	if err != nil {
		return nil, err
	}
	var rows []Row
	for {
		row, err := c.Read()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return rows, err
		}
		rows = append(rows, *row)
	}
}

// Input says how to read an input: its format and the reading options.
type Input struct {
	Format Format // FormatAuto judges by the file name
	Options
}

// File is an opened input file.
type File struct {
	Name string // as given to OpenFile; "-" for standard input
	Reader
	closer io.Closer
}

// Close closes the file (nothing for standard input).
func (f *File) Close() error {
	if f.closer == nil {
		return nil
	}
	return f.closer.Close()
}

// Diagnostics returns those of the file's Reader.
func (f *File) Diagnostics() Diagnostics {
	if d, ok := f.Reader.(Diagnoser); ok {
		return d.Diagnostics()
	}
	return Diagnostics{}
}

// OpenFile opens path for reading as in says and returns a File whose
// Reader reads it; path "-" reads stdin, in format stdinFormat when
// in.Format is FormatAuto (there is no file name to judge by). A directory
// is refused at once with "read DIR: is a directory", rather than failing
// at the first read, deep in a reader whose message would name it twice.
func OpenFile(path string, stdin io.Reader, in Input, stdinFormat Format) (*File, error) {
	f := in.Format
	var r io.Reader
	var closer io.Closer
	if path == "-" {
		r = stdin
		if f == FormatAuto {
			f = stdinFormat
		}
	} else {
		file, err := OpenPlain(path)
		if err != nil {
			return nil, err
		}
		r, closer = file, file
	}
	rd, err := OpenWith(bufio.NewReaderSize(r, 1<<16), path, f, in.Options)
	if err != nil {
		if closer != nil {
			closer.Close()
		}
		return nil, err
	}
	return &File{Name: path, Reader: rd, closer: closer}, nil
}

// OpenPlain opens path for reading like os.Open, but refuses a directory
// with a *fs.PathError "read DIR: is a directory".
func OpenPlain(path string) (*os.File, error) {
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
