package data

import (
	"errors"
	"io"
	"testing"
)

// readAll drains r, failing the test on any error other than io.EOF.
func readAll(t *testing.T, r Reader) []*Record {
	t.Helper()
	var recs []*Record
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return recs
		}
		if err != nil {
			t.Fatalf("Read after %d records: %v", len(recs), err)
		}
		if got, want := len(rec.Fields), len(r.Header()); got != want {
			t.Fatalf("record at line %d has %d fields, want %d (header %q)", rec.Line, got, want, r.Header())
		}
		recs = append(recs, rec)
	}
}

// fields returns the Fields of recs, for comparing whole outputs at once.
func fields(recs []*Record) [][]string {
	out := make([][]string, len(recs))
	for i, r := range recs {
		out[i] = r.Fields
	}
	return out
}

// lines returns the Line of recs.
func lines(recs []*Record) []int {
	out := make([]int, len(recs))
	for i, r := range recs {
		out[i] = r.Line
	}
	return out
}

// notes returns the Notes of recs.
func notes(recs []*Record) [][]string {
	out := make([][]string, len(recs))
	for i, r := range recs {
		out[i] = r.Notes
	}
	return out
}
