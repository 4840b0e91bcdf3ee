package cgocheck

import "testing"

func TestOff(t *testing.T) {
	tests := []struct {
		godebug string
		want    bool
	}{
		{"", false},
		{"cgocheck=0", true},
		{"cgocheck=1", false},
		{"madvdontneed=1,cgocheck=0", true},
		{"cgocheck=0,cgocheck=1", false},
		{"cgocheck=1, cgocheck=0", true},
		{"xcgocheck=0", false},
	}
	for _, tt := range tests {
		if got := off(tt.godebug); got != tt.want {
			t.Errorf("off(%q) = %v, want %v", tt.godebug, got, tt.want)
		}
	}
}
