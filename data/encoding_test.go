package data

import (
	"bytes"
	"compress/gzip"
	"errors"
	"strings"
	"testing"
	"unicode/utf16"
)

// encodeUTF16 returns s as UTF-16 with a byte order mark, as Excel's
// "Unicode text" and PowerShell write it.
func encodeUTF16(s string, big bool) []byte {
	units := utf16.Encode([]rune(s))
	b := make([]byte, 0, 2+2*len(units))
	put := func(u uint16) {
		if big {
			b = append(b, byte(u>>8), byte(u))
		} else {
			b = append(b, byte(u), byte(u>>8))
		}
	}
	put(0xfeff)
	for _, u := range units {
		put(u)
	}
	return b
}

func gzipped(b []byte) []byte {
	var buf bytes.Buffer
	z := gzip.NewWriter(&buf)
	z.Write(b)
	z.Close()
	return buf.Bytes()
}

func TestDecodedInput(t *testing.T) {
	// Long enough that the decoder reads it in several chunks, with a
	// character outside the BMP (a surrogate pair) on every row, so that
	// some pair straddles two reads.
	var sb strings.Builder
	sb.WriteString("id,text\r\n")
	var want [][]string
	for i := range 3000 {
		text := strings.Repeat("é", i%7) + "flag 🇸🇾 " + string(rune('a'+i%26))
		sb.WriteString(string(rune('0'+i%10)) + "," + text + "\r\n")
		want = append(want, []string{string(rune('0' + i%10)), text})
	}
	csv := sb.String()
	tests := []struct {
		name    string
		input   []byte
		decoded string
	}{
		{"UTF-16 little-endian", encodeUTF16(csv, false), "UTF-16 little-endian"},
		{"UTF-16 big-endian", encodeUTF16(csv, true), "UTF-16 big-endian"},
		{"gzip", gzipped([]byte(csv)), "gzip"},
		{"gzip of UTF-16", gzipped(encodeUTF16(csv, false)), "gzip, UTF-16 little-endian"},
		{"UTF-8 as it was", []byte(csv), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := OpenWith(bytes.NewReader(tt.input), "in.csv", FormatAuto, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if h := r.Header(); len(h) != 2 || h[0] != "id" || h[1] != "text" {
				t.Fatalf("header %q, want id, text", h)
			}
			got := fields(readAll(t, r))
			if len(got) != len(want) {
				t.Fatalf("%d records, want %d", len(got), len(want))
			}
			for i := range got {
				if got[i][0] != want[i][0] || got[i][1] != want[i][1] {
					t.Fatalf("record %d: %q, want %q", i+1, got[i], want[i])
				}
			}
			if d := r.(Diagnoser).Diagnostics(); d.Decoded != tt.decoded || d.InvalidUTF8 != 0 {
				t.Errorf("Diagnostics %+v, want Decoded %q and no repairs", d, tt.decoded)
			}
		})
	}
}

func TestNotTextInput(t *testing.T) {
	tests := []struct {
		name  string
		input []byte
		want  string // in the error
	}{
		{"xlsx", []byte("PK\x03\x04\x14\x00\x06\x00[Content_Types].xml"), "in.csv: not text: a zip archive (an Excel .xlsx"},
		{"empty zip", []byte("PK\x05\x06\x00\x00\x00\x00"), "a zip archive"},
		{"xls", []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00"), "in.csv: not text: an old Excel .xls workbook"},
		{"UTF-32", []byte("\xff\xfe\x00\x00i\x00\x00\x00"), "UTF-32 text; re-save it as UTF-8"},
		{"gzip of a workbook", gzipped([]byte("PK\x03\x04 rest of it")), "a zip archive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := OpenWith(bytes.NewReader(tt.input), "in.csv", FormatCSV, Options{})
			if !errors.Is(err, ErrNotText) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want ErrNotText and %q", err, tt.want)
			}
		})
	}
}

func TestUTF16Damage(t *testing.T) {
	tests := []struct {
		name  string
		input []byte
		text  string // the second row's text, if it reads
		err   string // else the error
	}{
		// A high surrogate then a letter: the lone half becomes U+FFFD.
		{"unpaired surrogate", append(encodeUTF16("id,text\n1,a", false), 0x3d, 0xd8, 'b', 0, '\n', 0), "a\uFFFDb", ""},
		{"odd byte at the end", append(encodeUTF16("id,text\n1,a\n", false), 'x'), "", "ends in the middle of a character"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := OpenWith(bytes.NewReader(tt.input), "in.csv", FormatCSV, Options{})
			if err != nil {
				t.Fatal(err)
			}
			rec, err := r.Read()
			if tt.err == "" {
				if err != nil || rec.Fields[1] != tt.text {
					t.Errorf("Read = %v, %v; want text %q", rec, err, tt.text)
				}
				return
			}
			for err == nil {
				_, err = r.Read()
			}
			if !strings.Contains(err.Error(), tt.err) || !strings.HasPrefix(err.Error(), "in.csv") {
				t.Errorf("error %v, want %q naming the file", err, tt.err)
			}
		})
	}
}

func TestDetectFormatLooksThroughGz(t *testing.T) {
	for path, want := range map[string]Format{"a.csv.gz": FormatCSV, "a.JSONL.gz": FormatJSONL, "a.gz": FormatThread, "a.tsv.gz": FormatCSV} {
		if got := DetectFormat(path); got != want {
			t.Errorf("DetectFormat(%q) = %v, want %v", path, got, want)
		}
	}
}

func TestTrailingUnnamedColumns(t *testing.T) {
	tests := []struct {
		name    string
		input   string
		header  string
		rows    [][]string
		unnamed int
		err     string
	}{
		{"Excel's trailing separator", "id,text,\r\n1,hello,\r\n2,\"a, b\",\r\n", "id,text", [][]string{{"1", "hello"}, {"2", "a, b"}}, 1, ""},
		{"two of them", "id,text,,\n1,hello,,\n", "id,text", [][]string{{"1", "hello"}}, 2, ""},
		{"a row without it", "id,text,\n1,hello\n", "id,text", [][]string{{"1", "hello"}}, 1, ""},
		{"a value under it", "id,text,\n1,hello,\n2,hi,oops\n", "", nil, 1, `in.csv:3: a value, "oops", in column 3, which the header leaves unnamed`},
		{"an empty name inside", "id,,text\n1,,a\n", "", nil, 0, "empty column name in column 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := OpenWith(strings.NewReader(tt.input), "in.csv", FormatCSV, Options{})
			if err == nil {
				var recs []*Record
				for {
					var rec *Record
					if rec, err = r.Read(); err != nil {
						break
					}
					recs = append(recs, rec)
				}
				if err.Error() == "EOF" {
					err = nil
					if h := strings.Join(r.Header(), ","); h != tt.header {
						t.Errorf("header %q, want %q", h, tt.header)
					}
					got := fields(recs)
					if len(got) != len(tt.rows) {
						t.Fatalf("rows %q, want %q", got, tt.rows)
					}
					for i := range got {
						if strings.Join(got[i], "|") != strings.Join(tt.rows[i], "|") {
							t.Errorf("row %d %q, want %q", i, got[i], tt.rows[i])
						}
					}
					if d := r.(Diagnoser).Diagnostics(); d.UnnamedColumns != tt.unnamed {
						t.Errorf("UnnamedColumns = %d, want %d", d.UnnamedColumns, tt.unnamed)
					}
				}
			}
			if tt.err == "" && err != nil || tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)) {
				t.Errorf("error %v, want %q", err, tt.err)
			}
		})
	}
}
