// Command stance labels reader comments by stance and sentiment.
//
// Usage:
//
//	stance <command> [flags] [arguments]
//
// `stance help` lists the commands; `stance help <command>` describes each.
package main

import (
	"os"
)

func main() {
	e := newEnv(os.Stdin, os.Stdout, os.Stderr)
	e.catchSignals = true
	os.Exit(e.run(os.Args[1:]))
}
