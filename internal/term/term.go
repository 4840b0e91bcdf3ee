package term

import (
	"io"
	"os"
)

// IsTerminal reports whether w is an *os.File open on a character device:
// a terminal, or a device such as /dev/null that takes writes as one does.
// Pipes, regular files and writers that are not files are not terminals.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// IsTerminalReader reports whether r is an *os.File open on a character
// device other than the null device: a terminal, where a read waits for
// someone to type. /dev/null, which IsTerminal counts for writing, is left
// out: reading it ends at once.
func IsTerminalReader(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	if err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	null, err := os.Stat(os.DevNull)
	return err != nil || !os.SameFile(st, null)
}
