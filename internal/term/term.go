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
