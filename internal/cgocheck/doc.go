// Package cgocheck makes the process run with the Go runtime's cgo pointer
// checks off, which golearn's liblinear binding needs to train.
//
// golearn passes Go memory that holds Go pointers to C (golearn issues #158,
// #196, #296), so Train panics under the default GODEBUG=cgocheck=1. The
// runtime reads GODEBUG once at start-up: a //go:debug directive for cgocheck
// does not build and os.Setenv comes too late. The only way left is to start
// the process again with the variable set, which Ensure does before any other
// work, so that users of the CLI and of `go test` never have to know.
package cgocheck
