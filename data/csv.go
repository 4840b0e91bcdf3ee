package data

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
)

// utf8BOM is stripped from the start of every input because spreadsheet
// exports commonly add it and it would otherwise stick to the first column
// name or title.
const utf8BOM = "\ufeff"

// CSVReader reads records from CSV input whose first row is the header.
// It implements Reader.
type CSVReader struct {
	cr     *csv.Reader
	file   string
	header []string
	err    error // sticky non-parse error
}

// NewCSVReader returns a reader for CSV input named file (used in errors)
// and reads the header row now. A UTF-8 BOM is stripped, CRLF line endings
// and quoted newlines are accepted. Empty input, and duplicate or empty
// column names, are errors.
func NewCSVReader(r io.Reader, file string) (*CSVReader, error) {
	return newDelimitedReader(r, file, ',')
}

// newDelimitedReader lets Open read .tsv files with the same code.
func newDelimitedReader(r io.Reader, file string, comma rune) (*CSVReader, error) {
	br := bufio.NewReader(r)
	if err := skipBOM(br); err != nil {
		return nil, ioError(file, err)
	}
	cr := csv.NewReader(br)
	cr.Comma = comma
	cr.ReuseRecord = false
	c := &CSVReader{cr: cr, file: file}
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, ioError(file, ErrEmpty)
	}
	if err != nil {
		return nil, c.convert(err, header)
	}
	if err := checkHeader(header); err != nil {
		line, _ := cr.FieldPos(0)
		return nil, &ParseError{File: file, Line: line, Err: err}
	}
	c.header = header
	cr.FieldsPerRecord = len(header)
	return c, nil
}

// skipBOM discards a leading UTF-8 byte order mark, if any.
func skipBOM(br *bufio.Reader) error {
	b, err := br.Peek(len(utf8BOM))
	if err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	if string(b) == utf8BOM {
		_, err = br.Discard(len(utf8BOM))
		return err
	}
	return nil
}

// Header returns the column names from the header row.
func (c *CSVReader) Header() []string { return headerCopy(c.header) }

// Read returns the next record, or io.EOF after the last one. A row with
// the wrong number of fields is a *ParseError wrapping csv.ErrFieldCount.
func (c *CSVReader) Read() (*Record, error) {
	if c.err != nil {
		return nil, c.err
	}
	fields, err := c.cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			c.err = io.EOF
			return nil, io.EOF
		}
		return nil, c.convert(err, fields)
	}
	line, _ := c.cr.FieldPos(0)
	return &Record{Line: line, Fields: fields}, nil
}

// convert turns encoding/csv errors into *ParseError so every reader in the
// package reports malformed input the same way.
func (c *CSVReader) convert(err error, fields []string) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		c.err = ioError(c.file, err)
		return c.err
	}
	if errors.Is(pe.Err, csv.ErrFieldCount) {
		// The column csv reports for a field count error is always 1 and
		// only distracts; the counts are what the user needs to see.
		return &ParseError{
			File: c.file,
			Line: pe.StartLine,
			Err:  fmt.Errorf("%w: got %d, want %d", csv.ErrFieldCount, len(fields), c.cr.FieldsPerRecord),
		}
	}
	return &ParseError{File: c.file, Line: pe.Line, Column: pe.Column, Err: pe.Err}
}
