package main

import (
	"fmt"
	"os"
	"testing"

	"github.com/stance-nlp/stance/internal/cgocheck"
)

// TestMain restarts the test binary with GODEBUG=cgocheck=0, which
// golearn's liblinear training needs from process start.
func TestMain(m *testing.M) {
	if err := cgocheck.Ensure(); err != nil {
		fmt.Fprintln(os.Stderr, "simulate tests: cannot restart with GODEBUG=cgocheck=0:", err)
	}
	os.Exit(m.Run())
}
