package data

import (
	"os"
	"strings"
	"testing"
)

// openFile opens path with Open in FormatAuto and closes it when the test
// ends.
func openFile(t *testing.T, path string) (Reader, error) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	t.Cleanup(func() { f.Close() })
	return Open(f, path, FormatAuto)
}

func TestParseFormat(t *testing.T) {
	tests := []struct {
		in      string
		want    Format
		wantErr bool
	}{
		{"auto", FormatAuto, false},
		{"csv", FormatCSV, false},
		{"CSV", FormatCSV, false},
		{"jsonl", FormatJSONL, false},
		{"ndjson", FormatJSONL, false},
		{"thread", FormatThread, false},
		{"txt", FormatThread, false},
		{"text", FormatThread, false},
		{"xml", FormatAuto, true},
		{"", FormatAuto, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseFormat(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("got error %v, want error %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestFormatString(t *testing.T) {
	tests := []struct {
		f    Format
		want string
	}{
		{FormatAuto, "auto"},
		{FormatCSV, "csv"},
		{FormatJSONL, "jsonl"},
		{FormatThread, "thread"},
		{Format(42), "Format(42)"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := tt.f.String(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if tt.f <= FormatThread {
				if back, err := ParseFormat(tt.want); err != nil || back != tt.f {
					t.Errorf("ParseFormat(%q) = %v, %v; want %v", tt.want, back, err, tt.f)
				}
			}
		})
	}
}

func TestDetectFormat(t *testing.T) {
	tests := []struct {
		path string
		want Format
	}{
		{"a.csv", FormatCSV},
		{"dir.x/A.CSV", FormatCSV},
		{"a.tsv", FormatCSV},
		{"a.jsonl", FormatJSONL},
		{"a.ndjson", FormatJSONL},
		{"a.txt", FormatThread},
		{"a.json", FormatThread},
		{"noext", FormatThread},
		{"-", FormatThread},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			if got := DetectFormat(tt.path); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestOpen(t *testing.T) {
	tests := []struct {
		name      string
		file      string
		format    Format
		in        string
		wantType  string
		wantFirst []string
	}{
		{"auto csv", "x.csv", FormatAuto, "a,b\n1,2\n", "*data.CSVReader", []string{"1", "2"}},
		{"auto tsv", "x.tsv", FormatAuto, "a\tb\n1,5\t2\n", "*data.CSVReader", []string{"1,5", "2"}},
		{"auto jsonl", "x.jsonl", FormatAuto, `{"a":1}`, "*data.JSONLReader", []string{"1"}},
		{"auto thread", "x.txt", FormatAuto, "T\nAnn (Oslo)\nhi", "*data.ThreadReader", []string{"c001", "x", "Ann", "Oslo", "hi"}},
		{"forced csv", "x.txt", FormatCSV, "a,b\n1,2\n", "*data.CSVReader", []string{"1", "2"}},
		{"auto csv sniffed", "x.csv", FormatAuto, "a;b\n1,5;2\n", "*data.CSVReader", []string{"1,5", "2"}},
		{"forced thread on stdin", "-", FormatThread, "T\nbody.", "*data.ThreadReader", []string{"a001", "stdin", "", "", "T\nbody."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Open(strings.NewReader(tt.in), tt.file, tt.format)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			if got := typeName(r); got != tt.wantType {
				t.Errorf("got %s, want %s", got, tt.wantType)
			}
			rec, err := r.Read()
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			if strings.Join(rec.Fields, "|") != strings.Join(tt.wantFirst, "|") {
				t.Errorf("first record: got %q, want %q", rec.Fields, tt.wantFirst)
			}
		})
	}
	if _, err := Open(strings.NewReader(""), "x", Format(9)); err == nil {
		t.Errorf("Open with an unknown format: got no error")
	}
}

func typeName(r Reader) string {
	switch r.(type) {
	case *CSVReader:
		return "*data.CSVReader"
	case *JSONLReader:
		return "*data.JSONLReader"
	case *ThreadReader:
		return "*data.ThreadReader"
	}
	return "other"
}

func TestSourceName(t *testing.T) {
	tests := []struct {
		file, want string
	}{
		{"../seeds/000_80490c9b2aeffcca.txt", "000_80490c9b2aeffcca"},
		{"a.b.csv", "a.b"},
		{"noext", "noext"},
		{".hidden", ".hidden"},
		{"-", "stdin"},
		{"", ""},
		{"dir/caf\xe9.csv", "caf\ufffd"},
		// A compressed file is named after what it holds.
		{"dir/thread.txt.gz", "thread"},
		{"a.GZ", "a"},
		{".gz", ".gz"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			if got := SourceName(tt.file); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
