package data

import (
	"errors"
	"io"
	"strings"
	"testing"
)

// TestMaxRecordBytes checks that each reader stops at a record spanning
// more input than Options.MaxRecordBytes, with the file and the line the
// record starts on, and that records under the limit read as before. The
// limit holds to within bufio's read-ahead (4 KiB), so the inputs over it
// are far over, and those under it far under.
func TestMaxRecordBytes(t *testing.T) {
	big := strings.Repeat("word ", 20000) // 100,000 bytes
	tests := []struct {
		name    string
		format  Format
		limit   int64
		in      string
		records int    // read before the error, or in all when wantErr is ""
		wantErr string // "" for no error
	}{
		{"csv unclosed quote", FormatCSV, 50000, "id,text\n1,ok\n\n2,\"never closed\n" + big + "\n", 1,
			`in.csv:3: the record starting here (or after blank lines) is over 50000 bytes of input: most likely a quote opened in it is never closed`},
		{"csv quoted newlines move the start line", FormatCSV, 50000, "id,text\n1,\"a\nb\nc\"\n2,\"" + big + "\n", 1,
			`in.csv:5: the record starting here`},
		{"csv header too long", FormatCSV, 50000, "id,\"" + big + "\n", 0,
			`in.csv:1: the record starting here`},
		{"csv under the limit", FormatCSV, 200000, "id,text\n1,\"" + big + "\"\n2,b\n", 2, ""},
		{"csv no limit", FormatCSV, -1, "id,text\n1,\"" + big + big + "\"\n", 1, ""},
		{"jsonl long line", FormatJSONL, 50000, "{\"id\":1}\n\n{\"id\":\"" + big + "\"}\n", 1,
			`in.jsonl:3: the line is over 50000 bytes of input`},
		{"jsonl under the limit", FormatJSONL, 200000, "{\"id\":1}\n{\"id\":\"" + big + "\"}\n", 2, ""},
		{"thread long comment", FormatThread, 50000, "Title\n\nAnn (Oslo)\nshort\nBob (Rome)\n" + strings.Repeat("a line of the comment\n", 5000), 1,
			`in.txt:`},
		{"thread article without line ends", FormatThread, 50000, big, 0,
			`in.txt:1: the text is over 50000 bytes of input`},
		{"thread under the limit", FormatThread, 200000, "Title\n\nAnn (Oslo)\n" + big + "\nBob (Rome)\nb\n", 2, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := map[Format]string{FormatCSV: "in.csv", FormatJSONL: "in.jsonl", FormatThread: "in.txt"}[tt.format]
			r, err := OpenWith(strings.NewReader(tt.in), file, tt.format, Options{MaxRecordBytes: tt.limit})
			n := 0
			for err == nil {
				if _, err = r.Read(); err == nil {
					n++
				}
			}
			if tt.wantErr == "" {
				if err != io.EOF || n != tt.records {
					t.Fatalf("read %d records, then %v; want %d, then EOF", n, err, tt.records)
				}
				return
			}
			if !errors.Is(err, ErrRecordTooLong) || !strings.HasPrefix(err.Error(), tt.wantErr) {
				t.Fatalf("error %v\nwant one starting %q, matching ErrRecordTooLong", err, tt.wantErr)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Errorf("error %T is not a *ParseError", err)
			}
			if n != tt.records {
				t.Errorf("read %d records before the error, want %d", n, tt.records)
			}
		})
	}
}

// TestThreadLongCommentLine checks that the error names the comment's
// header line, where the comment that is too long starts.
func TestThreadLongCommentLine(t *testing.T) {
	in := "Title\n\nAnn (Oslo)\nshort\nBob (Rome)\n" + strings.Repeat("a line of the comment\n", 5000)
	r := newThreadReader(strings.NewReader(in), "in.txt", 50000)
	var err error
	for err == nil {
		_, err = r.Read()
	}
	if want := "the comment starting on line 5 is over 50000 bytes"; !strings.Contains(err.Error(), want) {
		t.Errorf("error %v, want it to say %q", err, want)
	}
}
