package data

import (
	"reflect"
	"strings"
	"testing"
)

// TestJSONLInvalidUTF8 checks that invalid UTF-8 in a JSON line is kept
// as U+FFFD, noted and counted, rather than repaired silently by
// encoding/json.
func TestJSONLInvalidUTF8(t *testing.T) {
	tests := []struct {
		name       string
		in         string
		wantHeader []string
		want       [][]string
		wantNotes  [][]string
		wantCount  int
	}{
		{
			name:       "in a value",
			in:         "{\"id\":\"1\",\"text\":\"caf\xe9\"}\n{\"id\":\"2\",\"text\":\"ok\"}\n{\"id\":\"3\",\"text\":\"\xff\xfe x \x80\"}\n",
			wantHeader: []string{"id", "text"},
			want:       [][]string{{"1", "caf\ufffd"}, {"2", "ok"}, {"3", "\ufffd x \ufffd"}},
			wantNotes:  [][]string{{noteInvalidUTF8}, nil, {noteInvalidUTF8}},
			wantCount:  2,
		},
		{
			name:       "in a key of the first object",
			in:         "{\"id\":\"1\",\"t\xe9xt\":\"a\"}\n{\"id\":\"2\",\"t\xe9xt\":\"b\"}\n",
			wantHeader: []string{"id", "t\ufffdxt"},
			want:       [][]string{{"1", "a"}, {"2", "b"}},
			wantNotes:  [][]string{{noteInvalidUTF8}, {noteInvalidUTF8}},
			wantCount:  2,
		},
		{
			name:       "escapes are not invalid UTF-8",
			in:         `{"id":"1","text":"\ud800 \u00e9"}` + "\n",
			wantHeader: []string{"id", "text"},
			want:       [][]string{{"1", "\ufffd \u00e9"}},
			wantNotes:  [][]string{nil},
			wantCount:  0,
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
				t.Errorf("records:\ngot  %q\nwant %q", got, tt.want)
			}
			if got := notes(recs); !reflect.DeepEqual(got, tt.wantNotes) {
				t.Errorf("notes:\ngot  %q\nwant %q", got, tt.wantNotes)
			}
			if got := r.Diagnostics(); got != (Diagnostics{InvalidUTF8: tt.wantCount}) {
				t.Errorf("Diagnostics() = %+v, want InvalidUTF8 %d only", got, tt.wantCount)
			}
		})
	}
}

// TestThreadInvalidUTF8 checks that the note goes on the record whose text
// had the bad bytes, including a comment's header line, and that a damaged
// header line is still a comment header.
func TestThreadInvalidUTF8(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		want      [][]string
		wantNotes [][]string
		wantCount int
	}{
		{
			name: "body and header lines",
			in:   "Title\n3 comments\n\nAnn (Oslo)\nfine\nJ\xfcrgen (K\xf6ln)\nalso fine\nBob (Rome)\nnot \xe9 fine\n\nat all\n",
			want: [][]string{
				{"c001", "t", "Ann", "Oslo", "fine"},
				{"c002", "t", "J\ufffdrgen", "K\ufffdln", "also fine"},
				{"c003", "t", "Bob", "Rome", "not \ufffd fine\n\nat all"},
			},
			wantNotes: [][]string{nil, {noteInvalidUTF8}, {noteInvalidUTF8}},
			wantCount: 2,
		},
		{
			name:      "preamble is not a record",
			in:        "T\xeftle\nAnn (Oslo)\nfine\n",
			want:      [][]string{{"c001", "t", "Ann", "Oslo", "fine"}},
			wantNotes: [][]string{nil},
			wantCount: 0,
		},
		{
			name:      "article",
			in:        "\ufeffT\xeftle\n\nSome text.\n",
			want:      [][]string{{"a001", "t", "", "", "T\ufffdtle\n\nSome text."}},
			wantNotes: [][]string{{noteInvalidUTF8}},
			wantCount: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewThreadReader(strings.NewReader(tt.in), "t.txt")
			recs := readAll(t, r)
			if got := fields(recs); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("records:\ngot  %q\nwant %q", got, tt.want)
			}
			if got := notes(recs); !reflect.DeepEqual(got, tt.wantNotes) {
				t.Errorf("notes:\ngot  %q\nwant %q", got, tt.wantNotes)
			}
			if got := r.Diagnostics(); got != (Diagnostics{InvalidUTF8: tt.wantCount}) {
				t.Errorf("Diagnostics() = %+v, want InvalidUTF8 %d only", got, tt.wantCount)
			}
		})
	}
}
