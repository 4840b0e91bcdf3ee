package csvfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/data"
)

func TestRead(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		cols    []string
		want    [][]string
		wantErr string // a substring of the error; "" for none
	}{
		{"picked and reordered", "a,b,c\n1,2,3\n4,5,6\n", []string{"c", "a"}, [][]string{{"3", "1"}, {"6", "4"}}, ""},
		{"same column twice", "a,b\n1,2\n", []string{"b", "b"}, [][]string{{"2", "2"}}, ""},
		{"no columns asked for", "a,b\n1,2\n", nil, [][]string{{}}, ""},
		{"header only", "a,b\n", []string{"a"}, [][]string{}, ""},
		{"BOM, CRLF and a quoted newline", "\uFEFFa,b\r\n\"x\r\ny\",2\r\n", []string{"a", "b"}, [][]string{{"x\ny", "2"}}, ""},
		{"missing column", "a,b\n1,2\n", []string{"a", "z"}, nil, `no column "z"; columns are: "a", "b"`},
		{"ragged row", "a,b\n1,2\n3\n", []string{"a"}, nil, ":3: "},
		{"empty file", "", []string{"a"}, nil, data.ErrEmpty.Error()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "in.csv")
			if err := os.WriteFile(path, []byte(tt.file), 0o644); err != nil {
				t.Fatal(err)
			}
			got, err := Read(path, tt.cols...)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), path) {
					t.Fatalf("got error %v, want one naming %s and saying %q", err, path, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("got error %v", err)
			}
			if !slices.EqualFunc(got, tt.want, slices.Equal) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestReadMissingFile(t *testing.T) {
	_, err := Read(filepath.Join(t.TempDir(), "none.csv"), "a")
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("got error %v, want fs.ErrNotExist", err)
	}
}
