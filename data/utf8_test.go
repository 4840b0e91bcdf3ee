package data

import (
	"reflect"
	"testing"
)

// TestReadersInvalidUTF8 checks that every reader keeps invalid UTF-8 as
// U+FFFD, notes it on the record whose text had the bad bytes and counts
// it in its Diagnostics, rather than repairing it silently (as
// encoding/json would) or rejecting the row.
func TestReadersInvalidUTF8(t *testing.T) {
	tests := []struct {
		name       string
		format     Format
		in         string
		wantHeader []string
		want       [][]string
		wantNotes  [][]string
		wantDiag   Diagnostics
	}{
		{
			name:       "csv in a value",
			format:     FormatCSV,
			in:         "id,text\n1,caf\xe9\n2,ok\n3,\"\xff\xfe x \x80\"\n",
			wantHeader: []string{"id", "text"},
			want:       [][]string{{"1", "caf\ufffd"}, {"2", "ok"}, {"3", "\ufffd x \ufffd"}},
			wantNotes:  [][]string{{noteInvalidUTF8}, nil, {noteInvalidUTF8}},
			wantDiag:   Diagnostics{Delimiter: ',', InvalidUTF8: 2},
		},
		{
			name:       "jsonl in a value",
			format:     FormatJSONL,
			in:         "{\"id\":\"1\",\"text\":\"caf\xe9\"}\n{\"id\":\"2\",\"text\":\"ok\"}\n{\"id\":\"3\",\"text\":\"\xff\xfe x \x80\"}\n",
			wantHeader: []string{"id", "text"},
			want:       [][]string{{"1", "caf\ufffd"}, {"2", "ok"}, {"3", "\ufffd x \ufffd"}},
			wantNotes:  [][]string{{noteInvalidUTF8}, nil, {noteInvalidUTF8}},
			wantDiag:   Diagnostics{InvalidUTF8: 2},
		},
		{
			name:       "jsonl in a key of the first object",
			format:     FormatJSONL,
			in:         "{\"id\":\"1\",\"t\xe9xt\":\"a\"}\n{\"id\":\"2\",\"t\xe9xt\":\"b\"}\n",
			wantHeader: []string{"id", "t\ufffdxt"},
			want:       [][]string{{"1", "a"}, {"2", "b"}},
			wantNotes:  [][]string{{noteInvalidUTF8}, {noteInvalidUTF8}},
			wantDiag:   Diagnostics{InvalidUTF8: 2},
		},
		{
			name:       "jsonl escapes are not invalid UTF-8",
			format:     FormatJSONL,
			in:         `{"id":"1","text":"\ud800 \u00e9"}` + "\n",
			wantHeader: []string{"id", "text"},
			want:       [][]string{{"1", "\ufffd \u00e9"}},
			wantNotes:  [][]string{nil},
		},
		{
			// A damaged comment header line is still a header, and the
			// note goes on the comment it starts.
			name:       "thread body and header lines",
			format:     FormatThread,
			in:         "Title\n3 comments\n\nAnn (Oslo)\nfine\nJ\xfcrgen (K\xf6ln)\nalso fine\nBob (Rome)\nnot \xe9 fine\n\nat all\n",
			wantHeader: CanonicalColumns(),
			want: [][]string{
				{"c001", "in", "Ann", "Oslo", "fine"},
				{"c002", "in", "J\ufffdrgen", "K\ufffdln", "also fine"},
				{"c003", "in", "Bob", "Rome", "not \ufffd fine\n\nat all"},
			},
			wantNotes: [][]string{nil, {noteInvalidUTF8}, {noteInvalidUTF8}},
			wantDiag:  Diagnostics{InvalidUTF8: 2},
		},
		{
			name:       "thread preamble is not a record",
			format:     FormatThread,
			in:         "T\xeftle\nAnn (Oslo)\nfine\n",
			wantHeader: CanonicalColumns(),
			want:       [][]string{{"c001", "in", "Ann", "Oslo", "fine"}},
			wantNotes:  [][]string{nil},
		},
		{
			name:       "thread article",
			format:     FormatThread,
			in:         "\ufeffT\xeftle\n\nSome text.\n",
			wantHeader: CanonicalColumns(),
			want:       [][]string{{"a001", "in", "", "", "T\ufffdtle\n\nSome text."}},
			wantNotes:  [][]string{{noteInvalidUTF8}},
			wantDiag:   Diagnostics{InvalidUTF8: 1},
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
				t.Errorf("records:\ngot  %q\nwant %q", got, tt.want)
			}
			if got := notes(recs); !reflect.DeepEqual(got, tt.wantNotes) {
				t.Errorf("notes:\ngot  %q\nwant %q", got, tt.wantNotes)
			}
			if got := r.(Diagnoser).Diagnostics(); got != tt.wantDiag {
				t.Errorf("Diagnostics() = %+v, want %+v", got, tt.wantDiag)
			}
		})
	}
}
