package data

import (
	"errors"
	"fmt"
	"io"
)

// DefaultMaxRecordBytes is the most input one record may span when
// Options.MaxRecordBytes is 0: 16 MiB, far above any real comment (the
// label command refuses texts over 1 MiB unless told otherwise) and above
// a 10 MB paste, yet low enough that a quote opened and never closed,
// which makes encoding/csv read the rest of the file into one field, fails
// early instead of holding gigabytes. encoding/csv holds a record about
// five times over while reading it (measured: 325 MB peak RSS for a 64 MiB
// record), so 16 MiB keeps such a failure under 100 MB.
const DefaultMaxRecordBytes = 16 << 20

// ErrRecordTooLong is wrapped in the *ParseError for a record that spans
// more input than Options.MaxRecordBytes allows. A command can match it
// to say how its user raises the limit.
var ErrRecordTooLong = errors.New("record too long")

// recordLimit passes reads through to r and fails with ErrRecordTooLong
// once more than limit bytes have been read since the last mark. Readers
// mark where each record starts. A buffered reader above it reads ahead,
// so the bound holds to within that buffer's size.
type recordLimit struct {
	r     io.Reader
	limit int64 // < 0: no limit
	n     int64 // bytes read since the last mark
}

// newRecordLimit returns a recordLimit for max as Options.MaxRecordBytes
// has it: 0 means DefaultMaxRecordBytes, a negative value no limit.
func newRecordLimit(r io.Reader, max int64) *recordLimit {
	if max == 0 {
		max = DefaultMaxRecordBytes
	}
	return &recordLimit{r: r, limit: max}
}

// Read reads from the underlying reader, at most up to the limit.
func (l *recordLimit) Read(p []byte) (int, error) {
	// A read is not cut to the bytes left: short reads would cost
	// system calls when the limit is small, and the bound is only meant
	// to hold to within a buffer anyway.
	if l.limit >= 0 && l.n >= l.limit {
		return 0, ErrRecordTooLong
	}
	n, err := l.r.Read(p)
	l.n += int64(n)
	return n, err
}

// mark starts counting afresh: a new record begins.
func (l *recordLimit) mark() { l.n = 0 }

// tooLong is the error for a record over the limit: what was too long
// (say "the line") and the likely cause, if any.
func (l *recordLimit) tooLong(what, cause string) error {
	return &recordTooLongError{fmt.Sprintf("%s is over %s of input%s", what, byteSize(l.limit), cause)}
}

// recordTooLongError is a message that errors.Is matches to
// ErrRecordTooLong.
type recordTooLongError struct{ msg string }

func (e *recordTooLongError) Error() string { return e.msg }

// Is reports whether target is ErrRecordTooLong.
func (e *recordTooLongError) Is(target error) bool { return target == ErrRecordTooLong }

// byteSize formats n as "64 MiB" when it is a whole number of MiB, else in
// bytes.
func byteSize(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}
