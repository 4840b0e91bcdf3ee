package testkit

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stance-nlp/stance/internal/benchtext"
	"github.com/stance-nlp/stance/internal/cgocheck"
	"github.com/stance-nlp/stance/internal/csvfile"
)

// SeedFile is the seed corpus's path from the module root.
const SeedFile = "data/syria-comments.csv"

// SeedPath returns the path of the seed corpus (SeedFile), found from the
// test's working directory, which go test sets to the package directory:
// the corpus lies under the nearest parent directory holding go.mod.
func SeedPath(t testing.TB) string {
	t.Helper()
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(root, filepath.FromSlash(SeedFile))
}

// moduleRoot returns the nearest directory holding go.mod, starting from
// the working directory.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		_, err := os.Stat(filepath.Join(dir, "go.mod"))
		if err == nil {
			return dir, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("testkit: no go.mod above the working directory")
		}
		dir = parent
	}
}

// Seed returns the rows of the seed corpus cut down to the named columns,
// in the order named:
//
//	rows[i][j] = the field of column columns[j] of comment i
//
// The corpus's columns are id, author, location, text, stance and
// sentiment; its 202 comments come in file order.
func Seed(t testing.TB, columns ...string) [][]string {
	t.Helper()
	rows, err := csvfile.Read(SeedPath(t), columns...)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// Comments returns n realistic comments made from the seed corpus's
// sentences (see package benchtext); the same n gives the same comments.
func Comments(t testing.TB, n int) []benchtext.Comment {
	t.Helper()
	cs, err := benchtext.Comments(SeedPath(t), n)
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

// Texts returns the texts of Comments(t, n).
func Texts(t testing.TB, n int) []string {
	t.Helper()
	texts, err := benchtext.Texts(SeedPath(t), n)
	if err != nil {
		t.Fatal(err)
	}
	return texts
}

// RunWithCgocheckOff is a whole TestMain: it restarts the test binary with
// GODEBUG=cgocheck=0 as CgocheckOff does, then runs the tests and exits
// with their status.
//
//	func TestMain(m *testing.M) { testkit.RunWithCgocheckOff(m) }
func RunWithCgocheckOff(m *testing.M) {
	CgocheckOff()
	os.Exit(m.Run())
}

// CgocheckOff restarts the test binary with GODEBUG=cgocheck=0, which
// golearn's training needs from process start (see package cgocheck),
// unless it already runs that way. Call it first thing in TestMain. When
// the restart fails it says so on stderr and returns, and the tests that
// train then report the missing setting themselves.
func CgocheckOff() {
	if err := cgocheck.Ensure(); err != nil {
		fmt.Fprintf(os.Stderr, "%s: cannot restart with GODEBUG=%s: %v\n", filepath.Base(os.Args[0]), cgocheck.Setting, err)
	}
}

// Threads returns a small corpus of comments from four threads whose
// readers disagree, for the models by group: one row per comment, its
// columns ThreadsHeader. In thread "A" a good review has tone "pos", in
// thread "B" (sarcastic) "neg", so that no model of all threads pooled
// gets both right and a model per thread does. Thread "C" has 6 comments,
// too few for a model of its own; in thread "D" every tone is "pos", so
// its tone has a single label. Topic ("film" or "book") means the same in
// every thread.
func Threads() [][]string {
	var rows [][]string
	add := func(thread string, n int, tone func(good bool) string) {
		for i := range n {
			good := i%2 == 0
			word, topic, noun := "bad", "film", "movie"
			if good {
				word = "good"
			}
			if i%4 >= 2 {
				topic, noun = "book", "novel"
			}
			rows = append(rows, []string{fmt.Sprintf("a %s %s number%d", word, noun, i%5), tone(good), topic, thread})
		}
	}
	straight := func(good bool) string {
		if good {
			return "pos"
		}
		return "neg"
	}
	add("A", 40, straight)
	add("B", 40, func(good bool) string { return straight(!good) })
	add("C", 6, straight)
	add("D", 24, func(bool) string { return "pos" })
	return rows
}

// ThreadsHeader names the columns of the rows of Threads.
var ThreadsHeader = []string{"text", "tone", "topic", "thread"}
