package data

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// SameFileError is an output path that resolves to one of a run's inputs,
// or into an input directory. Writing it would replace the input with the
// output, and the input may not be recoverable (invalid bytes already
// replaced by U+FFFD, annotations replaced by a model).
type SameFileError struct {
	Output string // the output path, as given
	Input  string // the input it resolves to, as given
	Dir    bool   // Input is a directory and Output lies inside it
}

// Error says which output names which input.
func (e *SameFileError) Error() string {
	if e.Dir {
		return fmt.Sprintf("%s is inside the input directory %s: writing it could destroy what the input holds; write the output elsewhere", e.Output, e.Input)
	}
	if e.Output == e.Input {
		return fmt.Sprintf("%s is also an input: writing it would destroy the input; write the output to another file", e.Output)
	}
	return fmt.Sprintf("%s is the same file as the input %s: writing it would destroy the input; write the output to another file", e.Output, e.Input)
}

// CheckOutput returns a *SameFileError when the output path out would
// overwrite one of inputs, and nil otherwise. "" and "-" (standard input
// or output) are never files and are skipped.
//
// Two existing files are the same when they have the same device and
// inode (os.SameFile after following symbolic links, so a symlink or a
// hard link to an input is caught). A path not there yet is compared
// with the input's by its absolute, cleaned form with the symbolic links
// of its existing directories resolved. An input that is a directory is
// left to its reader to refuse; CheckOutsideDir is for a directory that
// is an input (an annotation store).
func CheckOutput(out string, inputs ...string) error {
	if out == "" || out == "-" {
		return nil
	}
	outInfo, outErr := os.Stat(out)
	outPath := resolvePath(out)
	for _, in := range inputs {
		if in == "" || in == "-" {
			continue
		}
		inInfo, inErr := os.Stat(in)
		switch {
		case inErr == nil && inInfo.IsDir():
			continue
		case inErr == nil && outErr == nil:
			if os.SameFile(outInfo, inInfo) {
				return &SameFileError{Output: out, Input: in}
			}
		case outPath == resolvePath(in):
			return &SameFileError{Output: out, Input: in}
		}
	}
	return nil
}

// CheckOutsideDir returns a *SameFileError when the output path out is
// the directory dir or lies inside it (through symbolic links too), and
// nil otherwise: dir is an input whose files an output must not replace.
func CheckOutsideDir(out, dir string) error {
	if out == "" || out == "-" || dir == "" {
		return nil
	}
	d := resolvePath(dir)
	o := resolvePath(out)
	if o == d || strings.HasPrefix(o, d+string(filepath.Separator)) {
		return &SameFileError{Output: out, Input: dir, Dir: true}
	}
	return nil
}

// SameFile reports whether paths a and b name the same file, by the rules
// of CheckOutput: the same device and inode for existing files, else the
// same resolved path. "" and "-" are never the same file as anything.
func SameFile(a, b string) bool {
	var se *SameFileError
	return errors.As(CheckOutput(a, b), &se) && !se.Dir
}

// resolvePath returns path absolute and cleaned, with the symbolic links
// of its longest existing prefix resolved, so that two spellings of one
// file not yet created compare equal.
func resolvePath(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = filepath.Clean(path)
	}
	var rest []string
	for p := abs; ; {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Join(append([]string{r}, rest...)...)
		}
		parent := filepath.Dir(p)
		if parent == p {
			return abs
		}
		rest = append([]string{filepath.Base(p)}, rest...)
		p = parent
	}
}
