package term

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestIsTerminal(t *testing.T) {
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	defer pw.Close()
	file, err := os.Create(filepath.Join(t.TempDir(), "out.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	closed, err := os.Create(filepath.Join(t.TempDir(), "closed.txt"))
	if err != nil {
		t.Fatal(err)
	}
	closed.Close()
	tests := []struct {
		name string
		w    io.Writer
		want bool
	}{
		{"buffer", new(bytes.Buffer), false},
		{"discard", io.Discard, false},
		{"nil file", (*os.File)(nil), false},
		{"pipe", pw, false},
		{"regular file", file, false},
		{"closed file", closed, false},
	}
	if null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0); err == nil {
		defer null.Close()
		tests = append(tests, struct {
			name string
			w    io.Writer
			want bool
		}{"null device", null, true})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsTerminal(tt.w); got != tt.want {
				t.Errorf("IsTerminal = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestIsTerminalReader checks that only a character device other than the
// null device counts: /dev/zero stands in for a terminal, which a test
// cannot open.
func TestIsTerminalReader(t *testing.T) {
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	defer pw.Close()
	path := filepath.Join(t.TempDir(), "in.txt")
	if err := os.WriteFile(path, []byte("text\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	file, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	tests := []struct {
		name string
		r    io.Reader
		want bool
	}{
		{"strings", strings.NewReader("x"), false},
		{"nil file", (*os.File)(nil), false},
		{"pipe", pr, false},
		{"regular file", file, false},
	}
	for _, dev := range []struct {
		path string
		want bool
	}{{os.DevNull, false}, {"/dev/zero", true}} {
		if f, err := os.Open(dev.path); err == nil {
			defer f.Close()
			tests = append(tests, struct {
				name string
				r    io.Reader
				want bool
			}{dev.path, f, dev.want})
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsTerminalReader(tt.r); got != tt.want {
				t.Errorf("IsTerminalReader = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestProgress(t *testing.T) {
	var b bytes.Buffer
	p := Progress(&b, "label", "rows")
	p(10)
	first := b.String()
	if !strings.HasPrefix(first, "\rlabel: 10 rows (") || !strings.HasSuffix(first, " rows/s)") {
		t.Errorf("first line %q", first)
	}
	p(20) // within 200 ms of the first: not written
	if b.String() != first {
		t.Errorf("a second line within 200 ms: %q", b.String())
	}
}
