package data

import (
	"bufio"
	"encoding/csv"
	"io"
	"strings"
)

// Writer writes records as CSV (RFC 4180 quoting, "\n" line endings). Output
// is buffered: call Flush when done and then check Error, as with
// csv.Writer. A field is written byte for byte; note that encoding/csv,
// and so this package's reader, reads a "\r\n" inside a quoted field back
// as "\n".
type Writer struct {
	bw    *bufio.Writer // shared with cw, so that both write in order
	cw    *csv.Writer
	rows  int           // records written so far
	guard *FormulaGuard // nil unless w was one
}

// NewWriter returns a Writer that writes to w. When w is a
// *FormulaGuard, every cell is checked for what a spreadsheet would take
// for a formula, and counted or neutralized as the guard says; the guard
// travels as the io.Writer so that code writing CSV for a command (label,
// annotate export) needs no option of its own for it.
func NewWriter(w io.Writer) *Writer {
	bw := bufio.NewWriter(w)
	g, _ := w.(*FormulaGuard)
	// csv.NewWriter keeps bw as its buffer rather than wrapping it again.
	return &Writer{bw: bw, cw: csv.NewWriter(bw), guard: g}
}

// Write writes one record. Because of buffering, an error may only be
// reported by a later Write or by Error after Flush.
//
// A record of one empty field is written as "" rather than as the empty
// line encoding/csv writes, because readers skip blank lines and the row
// would be lost when the output is read back. A first record that readers
// would not take for the header, because its first field starts with a
// byte-order mark (which they strip) or it is one field "sep=X" (Excel's
// separator line, which they consume), is written with every field
// quoted.
func (w *Writer) Write(fields []string) error {
	w.rows++
	if w.guard != nil {
		fields = w.guard.guard(fields)
	}
	switch {
	case len(fields) == 1 && fields[0] == "":
		_, err := w.bw.WriteString("\"\"\n")
		return err
	case w.rows == 1 && len(fields) > 0 && (strings.HasPrefix(fields[0], utf8BOM) || len(fields) == 1 && isSepLine(fields[0])):
		return w.writeQuoted(fields)
	}
	return w.cw.Write(fields)
}

// writeQuoted writes fields as one record, each quoted.
func (w *Writer) writeQuoted(fields []string) error {
	for i, f := range fields {
		if i > 0 {
			w.bw.WriteByte(',')
		}
		w.bw.WriteString(`"` + strings.ReplaceAll(f, `"`, `""`) + `"`)
	}
	_, err := w.bw.WriteString("\n")
	return err
}

// isSepLine reports whether a one-field record f would be read back as
// Excel's separator line: written unquoted, it is the whole line.
func isSepLine(f string) bool {
	_, ok := sepDirective(f)
	return ok
}

// Flush writes any buffered data to the underlying io.Writer.
func (w *Writer) Flush() {
	w.cw.Flush()
}

// Error reports any error that occurred during a previous Write or Flush.
func (w *Writer) Error() error {
	return w.cw.Error()
}
