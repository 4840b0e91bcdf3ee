//go:build unix

package annotate

import (
	"os"
	"syscall"
)

// lockFile takes an exclusive, non-blocking lock on f. The kernel drops it
// when the process dies, even by SIGKILL, so a crashed server never leaves
// a stale lock behind.
func lockFile(f *os.File) error {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
}
