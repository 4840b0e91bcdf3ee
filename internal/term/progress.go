package term

import (
	"fmt"
	"io"
	"time"
)

// progressEvery is how often a progress line is rewritten at most: often
// enough to look alive, seldom enough to cost nothing.
const progressEvery = 200 * time.Millisecond

// Progress returns a func that, given the count done so far, rewrites one
// status line on w, "\r<what>: <n> <unit> (<rate> <unit>/s)", at most five
// times a second. The caller ends the line when the work is done.
func Progress(w io.Writer, what, unit string) func(n int) {
	start := time.Now()
	var last time.Time
	return func(n int) {
		now := time.Now()
		if now.Sub(last) < progressEvery {
			return
		}
		last = now
		rate := float64(n) / now.Sub(start).Seconds()
		fmt.Fprintf(w, "\r%s: %d %s (%.0f %s/s)", what, n, unit, rate, unit)
	}
}
