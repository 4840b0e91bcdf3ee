package main

import (
	"context"
	"os"
)

func main() {
	e := &env{stdin: os.Stdin, temps: newTempFiles(), catchSignals: true}
	os.Exit(exitStatus(os.Stderr, e.run(context.Background(), os.Args[1:], os.Stdout, os.Stderr)))
}
