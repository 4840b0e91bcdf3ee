// Command stance labels reader comments by stance and sentiment.
//
// Usage:
//
//	stance <command> [flags] [arguments]
//
// The commands are ingest, train, label and demo; `stance help <command>`
// describes each.
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
