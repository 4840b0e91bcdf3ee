package data

import (
	"encoding/csv"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

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
