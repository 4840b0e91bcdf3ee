package main

import (
	"context"
	"os"
)

func main() {
	e := newEnv(os.Stdin)
	e.catchSignals = true
	os.Exit(exitStatus(os.Stderr, e.run(context.Background(), os.Args[1:], os.Stdout, os.Stderr)))
}
