package data

import (
	"encoding/csv"
	"io"
)

// Writer writes records as CSV (RFC 4180 quoting, "\n" line endings). Output
// is buffered: call Flush when done and then check Error, as with
// csv.Writer.
type Writer struct {
	cw *csv.Writer
}

// NewWriter returns a Writer that writes to w.
func NewWriter(w io.Writer) *Writer {
	return &Writer{cw: csv.NewWriter(w)}
}

// Write writes one record. Because of buffering, an error may only be
// reported by a later Write or by Error after Flush.
func (w *Writer) Write(fields []string) error {
	return w.cw.Write(fields)
}

// Flush writes any buffered data to the underlying io.Writer.
func (w *Writer) Flush() {
	w.cw.Flush()
}

// Error reports any error that occurred during a previous Write or Flush.
func (w *Writer) Error() error {
	return w.cw.Error()
}
