package data

import (
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

func TestJSONLReader(t *testing.T) {
	big := strings.Repeat("é", 100*1024) // 200 KB of UTF-8
	tests := []struct {
		name       string
		in         string
		wantHeader []string
		want       [][]string
		wantLines  []int
	}{
		{
			name:       "key order preserved",
			in:         `{"zeta":"1","alpha":"2","mid":"3"}` + "\n" + `{"mid":"c","zeta":"a","alpha":"b"}`,
			wantHeader: []string{"zeta", "alpha", "mid"},
			want:       [][]string{{"1", "2", "3"}, {"a", "b", "c"}},
			wantLines:  []int{1, 2},
		},
		{
			name:       "value kinds",
			in:         `{"s":"a\"b\n","n":1.50,"big":12345678901234567890,"e":-1e3,"t":true,"f":false,"z":null,"arr":[1, "x", {"k" : null}],"obj":{ "a" : [ ] }}`,
			wantHeader: []string{"s", "n", "big", "e", "t", "f", "z", "arr", "obj"},
			want:       [][]string{{"a\"b\n", "1.50", "12345678901234567890", "-1e3", "true", "false", "", `[1,"x",{"k":null}]`, `{"a":[]}`}},
			wantLines:  []int{1},
		},
		{
			name:       "blank lines skipped, missing key empty",
			in:         "\n" + `{"id":"1","text":"a"}` + "\n\n  \t\n" + `{"text":"b"}` + "\n\n",
			wantHeader: []string{"id", "text"},
			want:       [][]string{{"1", "a"}, {"", "b"}},
			wantLines:  []int{2, 5},
		},
		{
			name:       "bom and crlf",
			in:         "\ufeff{\"id\":1}\r\n{\"id\":2}\r\n",
			wantHeader: []string{"id"},
			want:       [][]string{{"1"}, {"2"}},
			wantLines:  []int{1, 2},
		},
		{
			name:       "200 KB line",
			in:         `{"id":"1","text":"short"}` + "\n" + `{"id":"2","text":"` + big + `"}` + "\n" + `{"id":"3","text":"after"}`,
			wantHeader: []string{"id", "text"},
			want:       [][]string{{"1", "short"}, {"2", big}, {"3", "after"}},
			wantLines:  []int{1, 2, 3},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewJSONLReader(strings.NewReader(tt.in), "in.jsonl")
			if err != nil {
				t.Fatalf("NewJSONLReader: %v", err)
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
		})
	}
}

func TestJSONLReaderErrors(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		wantLine int
		wantMsg  string // substring of the error message
	}{
		{"unknown key", `{"id":"1","text":"a"}` + "\n\n" + `{"id":"2","txet":"b"}` + "\n", 3, `unknown key "txet"`},
		{"array line", `{"id":"1"}` + "\n" + `["2"]` + "\n", 2, "not a JSON object"},
		{"string line", `{"id":"1"}` + "\n" + `"2"` + "\n", 2, "not a JSON object"},
		{"invalid json", `{"id":"1"}` + "\n" + `{"id":2,}` + "\n", 2, "invalid character"},
		{"truncated object", `{"id":"1"}` + "\n" + `{"id":` + "\n", 2, "unexpected EOF"},
		{"two objects on a line", `{"id":"1"}` + "\n" + `{"id":"2"} {"id":"3"}` + "\n", 2, "unexpected data after the JSON object"},
		{"duplicate key", `{"id":"1"}` + "\n" + `{"id":"2","id":"3"}` + "\n", 2, `duplicate key "id"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewJSONLReader(strings.NewReader(tt.in+`{"id":"9"}`), "in.jsonl")
			if err != nil {
				t.Fatalf("NewJSONLReader: %v", err)
			}
			if _, err := r.Read(); err != nil {
				t.Fatalf("first Read: %v", err)
			}
			_, err = r.Read()
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("got error %v (%T), want *ParseError", err, err)
			}
			if pe.File != "in.jsonl" || pe.Line != tt.wantLine {
				t.Errorf("got File %q Line %d, want in.jsonl and %d", pe.File, pe.Line, tt.wantLine)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) || !strings.HasPrefix(err.Error(), "in.jsonl:") {
				t.Errorf("got message %q, want it to start with in.jsonl: and contain %q", err, tt.wantMsg)
			}
			// A bad line does not stop the reader.
			rec, err := r.Read()
			if err != nil || rec.Fields[0] != "9" {
				t.Errorf("Read after the error: got %v, %v; want the record with id 9", rec, err)
			}
		})
	}
}

func TestJSONLReaderHeaderErrors(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		wantMsg string
	}{
		{"empty input", "", "in.jsonl: empty input, no header row"},
		{"blank lines only", "\n \n\r\n", "in.jsonl: empty input, no header row"},
		{"first line not an object", "\n[1,2]\n", "in.jsonl:2: line is not a JSON object"},
		{"first object empty", "{}\n", "in.jsonl:1: first object has no keys, so there is no header"},
		{"first object has empty key", `{"":1}`, "in.jsonl:1: empty column name in column 1"},
		{"first object has duplicate key", `{"a":1,"a":2}`, `in.jsonl:1: duplicate key "a"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewJSONLReader(strings.NewReader(tt.in), "in.jsonl")
			if err == nil {
				t.Fatal("got no error")
			}
			if got := err.Error(); got != tt.wantMsg {
				t.Errorf("got %q, want %q", got, tt.wantMsg)
			}
		})
	}
}

func TestJSONLSyntaxErrorColumn(t *testing.T) {
	r, err := NewJSONLReader(strings.NewReader("{\"a\":1}\n{\"a\":x}\n"), "in.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	r.Read()
	_, err = r.Read()
	var pe *ParseError
	var se *json.SyntaxError
	if !errors.As(err, &pe) || !errors.As(err, &se) {
		t.Fatalf("got %v, want a *ParseError wrapping *json.SyntaxError", err)
	}
	if pe.Line != 2 || pe.Column == 0 {
		t.Errorf("got line %d column %d, want line 2 and a column", pe.Line, pe.Column)
	}
	if _, err := r.Read(); !errors.Is(err, io.EOF) {
		t.Errorf("got %v, want io.EOF", err)
	}
}
