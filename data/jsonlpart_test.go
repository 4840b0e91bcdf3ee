package data

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
)

// readParts reads content as JSON Lines cut into parts of size bytes, as a
// distributed job would, and returns each record as "line:fields" and
// each error as its message, in file order.
func readParts(t *testing.T, content string, size int64) []string {
	t.Helper()
	whole, err := NewJSONLReader(strings.NewReader(content), "f.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	header := whole.Header()
	var out []string
	var before int64
	for start := int64(0); start < int64(len(content)); start += size {
		end := min(start+size, int64(len(content)))
		from := max(start-1, 0)
		p := JSONLPart{Start: start, End: end, NewlinesBefore: before, Header: header}
		r, err := NewJSONLPartReader(strings.NewReader(content[from:]), "f.jsonl", p, 0)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, drain(r)...)
		n, _, err := CountNewlines(strings.NewReader(content[start:end]))
		if err != nil {
			t.Fatal(err)
		}
		before += n
	}
	return out
}

// drain reads r to its end, as readParts records it; a sticky error ends it.
func drain(r Reader) []string {
	var out []string
	var last error
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out
		}
		if err != nil {
			if errors.Is(err, last) && err.Error() == last.Error() {
				return out
			}
			last = err
			out = append(out, err.Error())
			continue
		}
		out = append(out, fmt.Sprintf("%d:%s", rec.Line, strings.Join(rec.Fields, "|")))
	}
}

// TestJSONLParts cuts files at every size from 1 byte up: the records,
// their lines and the errors must be those of reading the whole file,
// each once, wherever the cuts fall (mid-line, at a newline, in a CRLF,
// in a blank line, in a multi-byte character).
func TestJSONLParts(t *testing.T) {
	tests := []struct{ name, content string }{
		{"plain", `{"id":"1","text":"a"}` + "\n" + `{"id":"2","text":"bb"}` + "\n" + `{"id":"3","text":"ccc"}` + "\n"},
		{"no final newline", `{"id":"1","text":"a"}` + "\n" + `{"id":"2","text":"b"}`},
		{"blank lines and CRLF", "\xef\xbb\xbf" + `{"id":"1","text":"a"}` + "\r\n\r\n\n" + `{"id":"2","text":"Straße"}` + "\r\n  \n" + `{"text":"c","id":"3"}` + "\n\n"},
		{"bad lines", `{"id":"1","text":"a"}` + "\n" + `{"id":2,` + "\n" + `{"id":"3","nope":"x"}` + "\n" + `{"id":"4","text":"d"}` + "\n"},
		{"long lines", `{"id":"1","text":"` + strings.Repeat("é", 40000) + `"}` + "\n" + `{"id":"2","text":"` + strings.Repeat("z", 70000) + `"}` + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			whole, err := NewJSONLReader(strings.NewReader(tt.content), "f.jsonl")
			if err != nil {
				t.Fatal(err)
			}
			want := drain(whole)
			if len(want) < 2 {
				t.Fatalf("the fixture reads as %q", want)
			}
			sizes := []int64{1, 2, 3, 5, 7, 11, 22, 23, 24, 64, 1000, 1 << 20}
			if len(tt.content) > 10000 {
				sizes = []int64{1000, 4095, 40001, 80002, 1 << 20}
			}
			for _, size := range sizes {
				if got := readParts(t, tt.content, size); !reflect.DeepEqual(got, want) {
					t.Errorf("parts of %d bytes read\n%q\nthe whole file\n%q", size, got, want)
				}
			}
		})
	}
}

func TestJSONLPartNeedsHeader(t *testing.T) {
	if _, err := NewJSONLPartReader(strings.NewReader("{}\n"), "f.jsonl", JSONLPart{End: 3}, 0); err == nil {
		t.Fatal("a part without a header was accepted")
	}
}

func TestCountNewlines(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int64
	}{{"", 0}, {"a", 0}, {"\n", 1}, {"a\r\nb\n\nc", 3}, {strings.Repeat("x\n", 100000), 100000}} {
		got, size, err := CountNewlines(bytes.NewReader([]byte(tt.in)))
		if err != nil || got != tt.want || size != int64(len(tt.in)) {
			t.Errorf("CountNewlines(%.10q) = %d, %d, %v; want %d, %d", tt.in, got, size, err, tt.want, len(tt.in))
		}
	}
}

// TestWithSource reads threads apart, as a distributed job does, and
// checks the ids and sources against those RunIDs gives reading them in
// one run.
func TestWithSource(t *testing.T) {
	inputs := [][2]string{
		{"a/1234567890abcdef.txt", "Same Title\n\nA body that ends.\n"},
		{"b/1234567890abcdef.txt", "Same Title\n\nA body that ends.\n"},
		{"thread.txt", "Thread\n2 comments\nAnn (Oslo)\nhi\nBob (Rome)\nho\n"},
		{"x/thread.txt", "Other\n1 comment\nCy (Nice)\nhey\n"},
	}
	ids := NewRunIDs()
	var want []string
	for _, in := range inputs {
		r, err := Open(strings.NewReader(in[1]), in[0], FormatThread)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, drain(ids.Wrap(r, in[0]))...)
	}
	// Apart: the sources first, from a first record of each thread.
	var natural []string
	for _, in := range inputs {
		tr := NewThreadReader(strings.NewReader(in[1]), in[0])
		if _, err := tr.Read(); err != nil {
			t.Fatal(err)
		}
		natural = append(natural, tr.Source())
	}
	sources := UniqueSources(natural)
	var got []string
	for i, in := range inputs {
		r := WithSource(NewThreadReader(strings.NewReader(in[1]), in[0]), sources[i])
		if c := (Columns{Text: "body"}).TextColumnIn(r); c != DefaultTextColumn {
			t.Errorf("the text column of a sourced thread is %q", c)
		}
		got = append(got, drain(r)...)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("apart:\n%q\nin one run:\n%q", got, want)
	}
	if !strings.Contains(strings.Join(got, " "), "same-title-2:a001") {
		t.Fatalf("the fixture no longer has two sources alike: %q", got)
	}
}
