// Command stance labels reader comments by stance and sentiment.
//
// Usage:
//
//	stance <command> [flags] [arguments]
//
// `stance help` lists the commands; `stance help <command>` describes each.
package main

import (
	"context"
	"os"
)

func main() {
	e := &env{stdin: os.Stdin, temps: newTempFiles(), catchSignals: true}
	os.Exit(exitStatus(os.Stderr, e.run(context.Background(), os.Args[1:], os.Stdout, os.Stderr)))
}
