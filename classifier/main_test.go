package classifier

import (
	"testing"

	"github.com/stance-nlp/stance/internal/testkit"
)

// TestMain restarts the test binary with GODEBUG=cgocheck=0, which golearn's
// liblinear training needs from process start (see package cgocheck).
func TestMain(m *testing.M) { testkit.RunWithCgocheckOff(m) }
