//go:build !unix

package annotate

import "os"

// lockFile is a no-op where flock is missing: two servers on one store are
// then the user's responsibility.
func lockFile(*os.File) error { return nil }
