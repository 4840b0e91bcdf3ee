package data

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// utf8BOM is stripped from the start of every input because spreadsheet
// exports commonly add it and it would otherwise stick to the first column
// name or title.
const utf8BOM = "\ufeff"

// CSVReader reads records from CSV input whose first row is the header.
// It implements Reader and Diagnoser.
//
// Blank lines are skipped, as encoding/csv does: they are not rows, so no
// record is lost, but in a one-column file an empty value must be written
// as "" to count as a row.
type CSVReader struct {
	cr      *csv.Reader
	file    string
	header  []string
	lenient bool
	// unnamed counts the empty names that ended the header, dropped from
	// it: a row may have as many more fields if they are empty.
	unnamed int
	skipped int          // lines consumed before encoding/csv saw any (a "sep=" line)
	lim     *recordLimit // under cr, marked before each record
	// The start line and the text of the last field read, from which
	// nextLine finds where a record that fails to read began.
	lastLine  int
	lastField string
	diag      Diagnostics
	err       error // sticky non-parse error
}

// NewCSVReader returns a reader for comma-separated input named file (used
// in errors) and reads the header row now. A UTF-8 BOM is stripped, CRLF
// line endings and quoted newlines are accepted. Empty input, and duplicate
// or empty column names, are errors, except empty names at the end of the
// header, which are dropped (Diagnostics.UnnamedColumns) provided every
// row leaves those fields empty. A row with the wrong number of fields
// is an error; OpenWith can sniff the separator and pass such rows through.
func NewCSVReader(r io.Reader, file string) (*CSVReader, error) {
	return newCSVReader(r, file, Options{Delimiter: ','})
}

// newCSVReader is NewCSVReader with options; opt.Delimiter 0 means sniff.
func newCSVReader(r io.Reader, file string, opt Options) (*CSVReader, error) {
	comma := opt.Delimiter
	if comma != 0 && !validDelimiter(comma) {
		return nil, fmt.Errorf("%s: %q cannot separate CSV fields", file, comma)
	}
	var br *bufio.Reader
	if comma == 0 {
		br = bufio.NewReaderSize(r, sniffLimit)
	} else {
		br = bufio.NewReader(r)
	}
	if err := skipBOM(br); err != nil {
		return nil, ioError(file, err)
	}
	c := &CSVReader{file: file, lenient: opt.Lenient}
	sep, err := skipSepLine(br)
	if err != nil {
		return nil, ioError(file, err)
	}
	if sep != 0 {
		c.skipped, c.diag.SepLine = 1, true
		if comma == 0 {
			comma = sep
		}
	}
	if comma == 0 {
		var err error
		if comma, err = sniffDelimiter(br); err != nil {
			return nil, ioError(file, err)
		}
		c.diag.Sniffed = true
	}
	c.diag.Delimiter = comma
	c.lim = newRecordLimit(br, opt.MaxRecordBytes)
	cr := csv.NewReader(c.lim)
	cr.Comma = comma
	cr.ReuseRecord = false
	// Field counts are checked in Read, which knows the header and whether
	// to let a ragged row through; encoding/csv would only say "wrong
	// number of fields".
	cr.FieldsPerRecord = -1
	c.cr = cr
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, ioError(file, ErrEmpty)
	}
	if err != nil {
		return nil, c.convert(err)
	}
	if repairUTF8(header) {
		c.diag.InvalidUTF8++
	}
	c.advance(header)
	// A spreadsheet that saw a cell beyond the last column writes a
	// separator at the end of every line, the header's included: "id,text,".
	// The unnamed columns are dropped, and each row is checked to leave
	// them empty.
	for len(header)-c.unnamed > 1 && strings.TrimSpace(header[len(header)-1-c.unnamed]) == "" {
		c.unnamed++
	}
	header = header[:len(header)-c.unnamed]
	c.diag.UnnamedColumns = c.unnamed
	if err := checkHeader(header); err != nil {
		line, _ := cr.FieldPos(0)
		return nil, &ParseError{File: file, Line: line + c.skipped, Err: err}
	}
	c.header = header
	return c, nil
}

// validDelimiter mirrors the rule of encoding/csv, so that a bad
// Options.Delimiter is reported when the file is opened rather than as a
// puzzling error on the first Read.
func validDelimiter(r rune) bool {
	return r != 0 && r != '"' && r != '\r' && r != '\n' && utf8.ValidRune(r) && r != utf8.RuneError
}

// skipSepLine consumes Excel's separator directive, a first line of
// exactly "sep=X" ended by LF or CRLF, and returns X; it returns 0,
// consuming nothing, for any other first line. Excel writes the line in
// some locales and reads it back, but it is not a header: taken for one,
// it would give a one-column file.
func skipSepLine(br *bufio.Reader) (rune, error) {
	b, err := br.Peek(len("sep=;\r\n"))
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return 0, err
	}
	end := bytes.IndexByte(b, '\n')
	if end < 0 {
		return 0, nil
	}
	d, ok := sepDirective(strings.TrimSuffix(string(b[:end]), "\r"))
	if !ok {
		return 0, nil
	}
	_, err = br.Discard(end + 1)
	return d, err
}

// sepDirective reports whether line, without its line ending, is Excel's
// "sep=X" directive, and returns X: one ASCII character that can separate
// fields. The reader consumes such a first line and the writer quotes a
// first record that would read as one, both by this rule.
func sepDirective(line string) (rune, bool) {
	rest, ok := strings.CutPrefix(line, "sep=")
	if !ok || len(rest) != 1 || rest[0] >= utf8.RuneSelf || !validDelimiter(rune(rest[0])) {
		return 0, false
	}
	return rune(rest[0]), true
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

// Diagnostics returns the separator in use and the repairs made so far.
func (c *CSVReader) Diagnostics() Diagnostics { return c.diag }

// Read returns the next record, or io.EOF after the last one. A row with
// the wrong number of fields is a *ParseError wrapping csv.ErrFieldCount,
// unless the reader is lenient (see Options.Lenient).
func (c *CSVReader) Read() (*Record, error) {
	if c.err != nil {
		return nil, c.err
	}
	c.lim.mark()
	fields, err := c.cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			c.err = io.EOF
			return nil, io.EOF
		}
		return nil, c.convert(err)
	}
	c.advance(fields)
	line, _ := c.cr.FieldPos(0)
	line += c.skipped
	if c.unnamed > 0 && len(fields) == len(c.header)+c.unnamed {
		for i, f := range fields[len(c.header):] {
			if strings.TrimSpace(f) != "" {
				col := len(c.header) + i + 1
				return nil, &ParseError{File: c.file, Line: line, Err: fmt.Errorf(
					"a value, %q, in column %d, which the header leaves unnamed (it ends with %s); name the column in the header", shorten(f), col, countOf(c.unnamed, "empty name"))}
			}
		}
		fields = fields[:len(c.header)]
	}
	rec := &Record{Line: line, Fields: fields}
	if got, want := len(fields), len(c.header); got != want {
		if !c.lenient {
			return nil, &ParseError{File: c.file, Line: line, Err: &fieldCountError{got: got, header: c.header}}
		}
		rec.Fields = fitFields(fields, want, c.diag.Delimiter)
		how := "padded with empty fields"
		if got > want {
			how = "extra fields joined onto the last"
		}
		rec.Notes = append(rec.Notes, fmt.Sprintf("ragged row: %s, want %d; %s", countOf(got, "field"), want, how))
		c.diag.Ragged++
	}
	if repairUTF8(rec.Fields) {
		rec.Notes = append(rec.Notes, noteInvalidUTF8)
		c.diag.InvalidUTF8++
	}
	return rec, nil
}

// fitFields makes a ragged row n fields long without losing text: a long
// row's extra fields go, joined with the separator they were split on, into
// the last field, where the text of a comment containing an unquoted
// separator usually belongs.
func fitFields(fields []string, n int, comma rune) []string {
	if len(fields) > n {
		fields[n-1] = strings.Join(fields[n-1:], string(comma))
		return fields[:n:n]
	}
	return append(fields, make([]string, n-len(fields))...)
}

// fieldCountError is a row with the wrong number of fields. It unwraps to
// csv.ErrFieldCount so that errors.Is works as with encoding/csv, while the
// message shows the columns and the way out.
type fieldCountError struct {
	got    int
	header []string
}

// maxListedColumns keeps the message for a wide header to one line.
const maxListedColumns = 8

// Error says what is wrong with the row and how to get past it.
func (e *fieldCountError) Error() string {
	n := len(e.header)
	cols := e.header
	more := ""
	if n > maxListedColumns {
		cols, more = cols[:maxListedColumns], ", ..."
	}
	return fmt.Sprintf("row has %s, want %d (the header has %s: %s%s); fix the row",
		countOf(e.got, "field"), n, countOf(n, "column"), strings.Join(cols, ", "), more)
}

// Unwrap lets errors.Is(err, csv.ErrFieldCount) hold, for a command to
// say how it can pass such rows through (Options.Lenient).
func (e *fieldCountError) Unwrap() error { return csv.ErrFieldCount }

// countOf returns "1 field", "2 fields" and so on.
func countOf(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// advance notes where the record just read ends, for nextLine.
func (c *CSVReader) advance(fields []string) {
	last := len(fields) - 1
	c.lastLine, _ = c.cr.FieldPos(last)
	c.lastField = fields[last]
}

// nextLine returns the line the record after the last one read starts on,
// or the first line before any: one past the line the last field starts
// on and the newlines inside it. Blank lines in between, which
// encoding/csv skips, would put the start further on.
func (c *CSVReader) nextLine() int {
	if c.lastLine == 0 {
		return 1 + c.skipped
	}
	return c.lastLine + c.skipped + 1 + strings.Count(c.lastField, "\n")
}

// convert turns encoding/csv errors into *ParseError so every reader in the
// package reports malformed input the same way.
func (c *CSVReader) convert(err error) error {
	if errors.Is(err, ErrRecordTooLong) {
		c.err = &ParseError{File: c.file, Line: c.nextLine(),
			Err: c.lim.tooLong("the record starting here (or after blank lines)", ": most likely a quote opened in it is never closed")}
		return c.err
	}
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		c.err = ioError(c.file, err)
		return c.err
	}
	perr := pe.Err
	if pe.StartLine != pe.Line {
		// An unterminated quote is found only at the end of the input;
		// where the quoted field began is what the user has to fix.
		perr = fmt.Errorf("%w (in the record starting on line %d)", pe.Err, pe.StartLine+c.skipped)
	}
	return &ParseError{File: c.file, Line: pe.Line + c.skipped, Column: pe.Column, Err: perr}
}

// shorten cuts s to a length that fits in a message.
func shorten(s string) string {
	const max = 40
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}
