package data

import (
	"encoding/csv"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

func TestCSVReader(t *testing.T) {
	tests := []struct {
		name       string
		in         string
		wantHeader []string
		want       [][]string
		wantLines  []int
	}{
		{
			name:       "bom",
			in:         "\ufeffid,text\n1,a\n",
			wantHeader: []string{"id", "text"},
			want:       [][]string{{"1", "a"}},
			wantLines:  []int{2},
		},
		{
			name:       "crlf",
			in:         "id,text\r\n1,a\r\n2,b\r\n",
			wantHeader: []string{"id", "text"},
			want:       [][]string{{"1", "a"}, {"2", "b"}},
			wantLines:  []int{2, 3},
		},
		{
			name:       "quoted newlines",
			in:         "id,text\n1,\"two\nlines\"\n2,\"three\r\n\r\nlines\"\n3,c",
			wantHeader: []string{"id", "text"},
			want:       [][]string{{"1", "two\nlines"}, {"2", "three\n\nlines"}, {"3", "c"}},
			wantLines:  []int{2, 4, 7},
		},
		{
			name:       "header only",
			in:         "id,text\n",
			wantHeader: []string{"id", "text"},
			want:       [][]string{},
			wantLines:  []int{},
		},
		{
			name:       "quoted header",
			in:         "\"a,b\",\"c\"\"d\"\nx,y\n",
			wantHeader: []string{"a,b", `c"d`},
			want:       [][]string{{"x", "y"}},
			wantLines:  []int{2},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewCSVReader(strings.NewReader(tt.in), "in.csv")
			if err != nil {
				t.Fatalf("NewCSVReader: %v", err)
			}
			if got := r.Header(); !reflect.DeepEqual(got, tt.wantHeader) {
				t.Errorf("Header() = %q, want %q", got, tt.wantHeader)
			}
			recs := readAll(t, r)
			if got := fields(recs); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("records:\ngot  %q\nwant %q", got, tt.want)
			}
			if got := lines(recs); !reflect.DeepEqual(got, tt.wantLines) {
				t.Errorf("lines: got %v, want %v", got, tt.wantLines)
			}
		})
	}
}

func TestCSVReaderHeaderErrors(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		wantMsg string
	}{
		{"empty input", "", "in.csv: empty input, no header row"},
		{"bom only", "\ufeff", "in.csv: empty input, no header row"},
		{"duplicate header", "id,text,id\n1,2,3\n", `in.csv:1: duplicate column name "id" in columns 1 and 3`},
		{"empty header name", "id,,text\n", "in.csv:1: empty column name in column 2"},
		{"bad quote in header", "id,\"te\"xt\n", `in.csv:1:7: extraneous or missing " in quoted-field`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewCSVReader(strings.NewReader(tt.in), "in.csv")
			if err == nil {
				t.Fatal("got no error")
			}
			if got := err.Error(); got != tt.wantMsg {
				t.Errorf("got error %q, want %q", got, tt.wantMsg)
			}
		})
	}
	if _, err := NewCSVReader(strings.NewReader(""), "in.csv"); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty input: got %v, want errors.Is ErrEmpty", err)
	}
}

func TestCSVReaderRecordErrors(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		wantLine int
		wantIs   error
		wantMsg  string
		// wantNext is the record Read returns after the error: errors in
		// one record do not stop the reader.
		wantNext []string
	}{
		{
			name:     "too few fields",
			in:       "id,text\n1,\"multi\nline\"\n2\n3,c\n",
			wantLine: 4,
			wantIs:   csv.ErrFieldCount,
			wantMsg:  "data/in.csv:4: row has 1 field, want 2 (the header has 2 columns: id, text); fix the row",
			wantNext: []string{"3", "c"},
		},
		{
			name:     "too many fields",
			in:       "id,text\r\n1,a\r\n2,b,extra\r\n3,c\r\n",
			wantLine: 3,
			wantIs:   csv.ErrFieldCount,
			wantMsg:  "data/in.csv:3: row has 3 fields, want 2 (the header has 2 columns: id, text); fix the row",
			wantNext: []string{"3", "c"},
		},
		{
			name:     "bare quote",
			in:       "id,text\n1,a\"b\n3,c\n",
			wantLine: 2,
			wantIs:   csv.ErrBareQuote,
			wantMsg:  `data/in.csv:2:4: bare " in non-quoted-field`,
			wantNext: []string{"3", "c"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewCSVReader(strings.NewReader(tt.in), "data/in.csv")
			if err != nil {
				t.Fatalf("NewCSVReader: %v", err)
			}
			for {
				_, err = r.Read()
				if err != nil {
					break
				}
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("got error %v (%T), want *ParseError", err, err)
			}
			if pe.File != "data/in.csv" || pe.Line != tt.wantLine {
				t.Errorf("got File %q Line %d, want data/in.csv and %d", pe.File, pe.Line, tt.wantLine)
			}
			if !errors.Is(err, tt.wantIs) {
				t.Errorf("got %v, want errors.Is %v", err, tt.wantIs)
			}
			if got := err.Error(); got != tt.wantMsg {
				t.Errorf("got message %q, want %q", got, tt.wantMsg)
			}
			rec, err := r.Read()
			if err != nil {
				t.Fatalf("Read after the error: %v", err)
			}
			if !reflect.DeepEqual(rec.Fields, tt.wantNext) {
				t.Errorf("Read after the error: got %q, want %q", rec.Fields, tt.wantNext)
			}
			if _, err := r.Read(); !errors.Is(err, io.EOF) {
				t.Errorf("got %v, want io.EOF", err)
			}
		})
	}
}

func TestParseErrorFormat(t *testing.T) {
	base := errors.New("bad")
	tests := []struct {
		name string
		err  *ParseError
		want string
	}{
		{"file and line", &ParseError{File: "a.csv", Line: 3, Err: base}, "a.csv:3: bad"},
		{"file line column", &ParseError{File: "a.csv", Line: 3, Column: 7, Err: base}, "a.csv:3:7: bad"},
		{"file only", &ParseError{File: "a.csv", Err: base}, "a.csv: bad"},
		{"line only", &ParseError{Line: 3, Err: base}, "line 3: bad"},
		{"line and column", &ParseError{Line: 3, Column: 2, Err: base}, "line 3, column 2: bad"},
		{"nothing", &ParseError{}, "parse error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	if err := error(&ParseError{Err: base}); !errors.Is(err, base) {
		t.Errorf("errors.Is through Unwrap: got false, want true")
	}
}
