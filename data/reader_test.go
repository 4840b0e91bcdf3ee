package data

import (
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
)

// openTest opens in as format with the format's own constructor, under
// the file name testFile(format), reading it one byte at a time so that
// nothing depends on how the input is split across reads.
func openTest(format Format, in string) (Reader, error) {
	r := iotest.OneByteReader(strings.NewReader(in))
	switch format {
	case FormatCSV:
		return NewCSVReader(r, testFile(format))
	case FormatJSONL:
		return NewJSONLReader(r, testFile(format))
	case FormatThread:
		return NewThreadReader(r, testFile(format)), nil
	}
	panic("openTest: unknown format " + format.String())
}

// testFile is the input's name in errors: in.csv, in.jsonl or in.txt.
func testFile(format Format) string {
	return map[Format]string{FormatCSV: "in.csv", FormatJSONL: "in.jsonl", FormatThread: "in.txt"}[format]
}

// TestReaders checks, for the formats with a header of their own, what
// every reader promises (see the package doc): the header, one record per
// row with the line it starts on, a BOM stripped, CRLF read as LF, blank
// lines skipped, and io.EOF at the end, again on every later Read.
func TestReaders(t *testing.T) {
	big := strings.Repeat("é", 100*1024) // 200 KB of UTF-8
	tests := []struct {
		name       string
		format     Format
		in         string
		wantHeader []string
		want       [][]string
		wantLines  []int
	}{
		{
			name:       "csv bom",
			format:     FormatCSV,
			in:         "\ufeffid,text\n1,a\n",
			wantHeader: []string{"id", "text"},
			want:       [][]string{{"1", "a"}},
			wantLines:  []int{2},
		},
		{
			name:       "csv crlf",
			format:     FormatCSV,
			in:         "id,text\r\n1,a\r\n2,b\r\n",
			wantHeader: []string{"id", "text"},
			want:       [][]string{{"1", "a"}, {"2", "b"}},
			wantLines:  []int{2, 3},
		},
		{
			name:       "csv quoted newlines",
			format:     FormatCSV,
			in:         "id,text\n1,\"two\nlines\"\n2,\"three\r\n\r\nlines\"\n3,c",
			wantHeader: []string{"id", "text"},
			want:       [][]string{{"1", "two\nlines"}, {"2", "three\n\nlines"}, {"3", "c"}},
			wantLines:  []int{2, 4, 7},
		},
		{
			name:       "csv header only",
			format:     FormatCSV,
			in:         "id,text\n",
			wantHeader: []string{"id", "text"},
			want:       [][]string{},
			wantLines:  []int{},
		},
		{
			name:       "csv quoted header",
			format:     FormatCSV,
			in:         "\"a,b\",\"c\"\"d\"\nx,y\n",
			wantHeader: []string{"a,b", `c"d`},
			want:       [][]string{{"x", "y"}},
			wantLines:  []int{2},
		},
		{
			name:       "jsonl key order preserved",
			format:     FormatJSONL,
			in:         `{"zeta":"1","alpha":"2","mid":"3"}` + "\n" + `{"mid":"c","zeta":"a","alpha":"b"}`,
			wantHeader: []string{"zeta", "alpha", "mid"},
			want:       [][]string{{"1", "2", "3"}, {"a", "b", "c"}},
			wantLines:  []int{1, 2},
		},
		{
			name:       "jsonl value kinds",
			format:     FormatJSONL,
			in:         `{"s":"a\"b\n","n":1.50,"big":12345678901234567890,"e":-1e3,"t":true,"f":false,"z":null,"arr":[1, "x", {"k" : null}],"obj":{ "a" : [ ] }}`,
			wantHeader: []string{"s", "n", "big", "e", "t", "f", "z", "arr", "obj"},
			want:       [][]string{{"a\"b\n", "1.50", "12345678901234567890", "-1e3", "true", "false", "", `[1,"x",{"k":null}]`, `{"a":[]}`}},
			wantLines:  []int{1},
		},
		{
			name:       "jsonl blank lines skipped, missing key empty",
			format:     FormatJSONL,
			in:         "\n" + `{"id":"1","text":"a"}` + "\n\n  \t\n" + `{"text":"b"}` + "\n\n",
			wantHeader: []string{"id", "text"},
			want:       [][]string{{"1", "a"}, {"", "b"}},
			wantLines:  []int{2, 5},
		},
		{
			name:       "jsonl bom and crlf",
			format:     FormatJSONL,
			in:         "\ufeff{\"id\":1}\r\n{\"id\":2}\r\n",
			wantHeader: []string{"id"},
			want:       [][]string{{"1"}, {"2"}},
			wantLines:  []int{1, 2},
		},
		{
			name:       "jsonl 200 KB line",
			format:     FormatJSONL,
			in:         `{"id":"1","text":"short"}` + "\n" + `{"id":"2","text":"` + big + `"}` + "\n" + `{"id":"3","text":"after"}`,
			wantHeader: []string{"id", "text"},
			want:       [][]string{{"1", "short"}, {"2", big}, {"3", "after"}},
			wantLines:  []int{1, 2, 3},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := openTest(tt.format, tt.in)
			if err != nil {
				t.Fatalf("open: %v", err)
			}
			if got := r.Header(); !reflect.DeepEqual(got, tt.wantHeader) {
				t.Errorf("Header() = %q, want %q", got, tt.wantHeader)
			}
			recs := readAll(t, r)
			if got := fields(recs); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("records:\ngot  %.300q\nwant %.300q", got, tt.want)
			}
			if got := lines(recs); !reflect.DeepEqual(got, tt.wantLines) {
				t.Errorf("lines: got %v, want %v", got, tt.wantLines)
			}
			if _, err := r.Read(); !errors.Is(err, io.EOF) {
				t.Errorf("Read after EOF: got %v, want io.EOF", err)
			}
		})
	}
}

// TestReaderHeaderErrors checks the errors of inputs that give no usable
// header, message for message, and that empty input is ErrEmpty.
func TestReaderHeaderErrors(t *testing.T) {
	tests := []struct {
		name    string
		format  Format
		in      string
		wantMsg string
		wantIs  error // nil: no sentinel to match
	}{
		{"csv empty input", FormatCSV, "", "in.csv: empty input, no header row", ErrEmpty},
		{"csv bom only", FormatCSV, "\ufeff", "in.csv: empty input, no header row", ErrEmpty},
		{"csv duplicate header", FormatCSV, "id,text,id\n1,2,3\n", `in.csv:1: duplicate column name "id" in columns 1 and 3`, nil},
		{"csv empty header name", FormatCSV, "id,,text\n", "in.csv:1: empty column name in column 2", nil},
		{"csv bad quote in header", FormatCSV, "id,\"te\"xt\n", `in.csv:1:7: extraneous or missing " in quoted-field`, nil},
		{"jsonl empty input", FormatJSONL, "", "in.jsonl: empty input, no header row", ErrEmpty},
		{"jsonl blank lines only", FormatJSONL, "\n \n\r\n", "in.jsonl: empty input, no header row", ErrEmpty},
		{"jsonl first line not an object", FormatJSONL, "\n[1,2]\n", "in.jsonl:2: line is not a JSON object", nil},
		{"jsonl first object empty", FormatJSONL, "{}\n", "in.jsonl:1: first object has no keys, so there is no header", nil},
		{"jsonl first object has empty key", FormatJSONL, `{"":1}`, "in.jsonl:1: empty column name in column 1", nil},
		{"jsonl first object has duplicate key", FormatJSONL, `{"a":1,"a":2}`, `in.jsonl:1: duplicate key "a"`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := openTest(tt.format, tt.in)
			if err == nil {
				t.Fatal("got no error")
			}
			if got := err.Error(); got != tt.wantMsg {
				t.Errorf("got error %q, want %q", got, tt.wantMsg)
			}
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Errorf("got %v, want errors.Is %v", err, tt.wantIs)
			}
		})
	}
}
