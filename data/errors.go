package data

import (
	"errors"
	"fmt"
	"strings"
)

// ErrEmpty is returned (wrapped with the file name) by readers that need a
// header row when the input holds no data at all.
var ErrEmpty = errors.New("empty input, no header row")

// ParseError is returned for malformed input. Its Error method formats
// "file:line: msg", or "file:line:column: msg" when the column is known.
type ParseError struct {
	File   string // name of the input, as given to the reader
	Line   int    // 1-based line of the error, 0 if unknown
	Column int    // 1-based byte column within the line, 0 if unknown
	Err    error  // the underlying error
}

// Error formats the error as "file:line[:column]: msg".
func (e *ParseError) Error() string {
	msg := "parse error"
	if e.Err != nil {
		msg = e.Err.Error()
	}
	var b strings.Builder
	switch {
	case e.File != "" && e.Line > 0 && e.Column > 0:
		fmt.Fprintf(&b, "%s:%d:%d: ", e.File, e.Line, e.Column)
	case e.File != "" && e.Line > 0:
		fmt.Fprintf(&b, "%s:%d: ", e.File, e.Line)
	case e.File != "":
		fmt.Fprintf(&b, "%s: ", e.File)
	case e.Line > 0 && e.Column > 0:
		fmt.Fprintf(&b, "line %d, column %d: ", e.Line, e.Column)
	case e.Line > 0:
		fmt.Fprintf(&b, "line %d: ", e.Line)
	}
	b.WriteString(msg)
	return b.String()
}

// Unwrap returns the underlying error so errors.Is and errors.As see it.
func (e *ParseError) Unwrap() error { return e.Err }

// ioError prefixes a non-parse error with the file name so that messages
// from a multi-file run say which input failed.
func ioError(file string, err error) error {
	if file == "" {
		return err
	}
	return fmt.Errorf("%s: %w", file, err)
}
