package data

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestWriterRoundTrip(t *testing.T) {
	header := CanonicalColumns()
	tests := []struct {
		name    string
		records [][]string
	}{
		{"plain", [][]string{{"c001", "s", "Ann", "Oslo", "hello"}}},
		{"commas and quotes", [][]string{{"c001", "s", `Ann "the" Critic`, "Corvallis, Oregon", `He said, "no".`}}},
		{"newlines", [][]string{
			{"c001", "s", "Ann", "", "para1\n\npara2\n"},
			{"c002", "s", "", "", "\nleading newline"},
		}},
		{"empty and space fields", [][]string{{"", " ", "  x", "", ""}}},
		{"unicode", [][]string{{"c001", "s", "Zoë", "Αθήνα", "Assad’s “officers” — ☕"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			w := NewWriter(&buf)
			for _, rec := range append([][]string{header}, tt.records...) {
				if err := w.Write(rec); err != nil {
					t.Fatalf("Write: %v", err)
				}
			}
			w.Flush()
			if err := w.Error(); err != nil {
				t.Fatalf("Error: %v", err)
			}
			if strings.Contains(buf.String(), "\r") {
				t.Errorf("output contains \\r; want \\n line endings")
			}
			r, err := NewCSVReader(&buf, "out.csv")
			if err != nil {
				t.Fatalf("NewCSVReader: %v", err)
			}
			if got := r.Header(); !reflect.DeepEqual(got, header) {
				t.Errorf("header: got %q, want %q", got, header)
			}
			if got := fields(readAll(t, r)); !reflect.DeepEqual(got, tt.records) {
				t.Errorf("records:\ngot  %q\nwant %q", got, tt.records)
			}
		})
	}
}

// TestWriterSeedRoundTrip writes the canonicalized seed thread and reads it
// back, so the whole read -> write -> read path is exercised on real text.
func TestWriterSeedRoundTrip(t *testing.T) {
	tr, err := openFile(t, seedThread)
	if err != nil {
		t.Fatal(err)
	}
	want := fields(readAll(t, tr))
	var buf bytes.Buffer
	w := NewWriter(&buf)
	w.Write(CanonicalColumns())
	for _, rec := range want {
		w.Write(rec)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	r, err := Open(&buf, "out.csv", FormatAuto)
	if err != nil {
		t.Fatal(err)
	}
	cr, err := Canonicalize(r, "out.csv", DefaultColumns())
	if err != nil {
		t.Fatal(err)
	}
	if got := fields(readAll(t, cr)); !reflect.DeepEqual(got, want) {
		t.Errorf("round trip changed the records")
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriterError(t *testing.T) {
	w := NewWriter(failWriter{})
	w.Write([]string{"a"})
	w.Flush()
	if err := w.Error(); err == nil || err.Error() != "disk full" {
		t.Errorf("Error() = %v, want disk full", err)
	}
}

// TestWriterOneColumn checks that an empty value in a one-column file
// survives a round trip: written as an empty line it would read back as
// a blank line, which is not a row.
func TestWriterOneColumn(t *testing.T) {
	tests := []struct {
		name    string
		records [][]string
		wantOut string
	}{
		{"empty value", [][]string{{""}}, "text\n\"\"\n"},
		{"empty between values", [][]string{{"a"}, {""}, {""}, {"b"}}, "text\na\n\"\"\n\"\"\nb\n"},
		{"space", [][]string{{" "}}, "text\n\" \"\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			w := NewWriter(&buf)
			for _, rec := range append([][]string{{"text"}}, tt.records...) {
				if err := w.Write(rec); err != nil {
					t.Fatalf("Write: %v", err)
				}
			}
			w.Flush()
			if err := w.Error(); err != nil {
				t.Fatalf("Error: %v", err)
			}
			if got := buf.String(); got != tt.wantOut {
				t.Errorf("wrote %q, want %q", got, tt.wantOut)
			}
			r, err := NewCSVReader(&buf, "out.csv")
			if err != nil {
				t.Fatalf("NewCSVReader: %v", err)
			}
			if got := fields(readAll(t, r)); !reflect.DeepEqual(got, tt.records) {
				t.Errorf("records:\ngot  %q\nwant %q", got, tt.records)
			}
		})
	}
}

func TestWriterErrorOneEmptyField(t *testing.T) {
	w := NewWriter(failWriter{})
	w.Write([]string{""})
	w.Flush()
	if err := w.Error(); err == nil || err.Error() != "disk full" {
		t.Errorf("Error() = %v, want disk full", err)
	}
}

// TestWriterFirstRecordQuoted checks that a header readers would not keep
// as written, a one-column "sep=X" (Excel's separator line) or a first
// field starting with a byte-order mark, is quoted so that they do, and
// that only the first line gets this treatment.
func TestWriterFirstRecordQuoted(t *testing.T) {
	tests := []struct {
		name    string
		records [][]string
		wantOut string
	}{
		{"sep=;", [][]string{{"sep=;"}, {"sep=;"}}, "\"sep=;\"\nsep=;\n"},
		{"sep= and a quote", [][]string{{`sep="`}, {"a"}}, "\"sep=\"\"\"\na\n"},
		{"longer is not a sep line", [][]string{{"sep=ab"}, {"a"}}, "sep=ab\na\n"},
		{"bom in the header", [][]string{{"\ufeff"}, {"\ufeff"}}, "\"\ufeff\"\n\ufeff\n"},
		{"bom before a name, more columns", [][]string{{"\ufeffid", `a "b"`}, {"1", "2"}}, "\"\ufeffid\",\"a \"\"b\"\"\"\n1,2\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			w := NewWriter(&buf)
			for _, rec := range tt.records {
				w.Write(rec)
			}
			w.Flush()
			if err := w.Error(); err != nil {
				t.Fatal(err)
			}
			if got := buf.String(); got != tt.wantOut {
				t.Fatalf("wrote %q, want %q", got, tt.wantOut)
			}
			r, err := OpenWith(&buf, "out.csv", FormatCSV, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if h := r.Header(); !reflect.DeepEqual(h, tt.records[0]) {
				t.Errorf("header read back %q, want %q", h, tt.records[0])
			}
			if got := fields(readAll(t, r)); !reflect.DeepEqual(got, tt.records[1:]) {
				t.Errorf("records read back %q, want %q", got, tt.records[1:])
			}
		})
	}
}
