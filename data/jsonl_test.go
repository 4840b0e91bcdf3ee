package data

import (
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
)

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
