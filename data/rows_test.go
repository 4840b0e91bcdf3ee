package data

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestReadRows(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		in      string
		cols    Columns
		req     Require
		want    []Row // Record left out of the comparison
		wantErr string
	}{
		{
			name: "text, id and labels picked, labels and ids trimmed",
			file: "a.csv",
			in:   "id,text,stance\n 1 ,hello, pro \n2,bye,\n",
			cols: Columns{Labels: []string{"stance"}},
			req:  RequireText,
			want: []Row{{Line: 2, ID: "1", Text: "hello", Labels: []string{"pro"}}, {Line: 3, ID: "2", Text: "bye", Labels: []string{""}}},
		},
		{
			name: "named columns",
			file: "a.csv",
			in:   "key,body,s,t\nk1,x,a,b\n",
			cols: Columns{Text: "body", ID: "key", Labels: []string{"t", "s"}},
			req:  RequireText | RequireID,
			want: []Row{{Line: 2, ID: "k1", Text: "x", Labels: []string{"b", "a"}}},
		},
		{
			name: "no id column, not required",
			file: "a.jsonl",
			in:   `{"text":"t1"}` + "\n",
			req:  RequireText,
			want: []Row{{Line: 1, Text: "t1", Labels: []string{}}},
		},
		{
			name: "a thread's text is in text whatever Columns says",
			file: "t.txt",
			in:   "Title\nAnn (Oslo)\nhi there\n",
			cols: Columns{Text: "body"},
			req:  RequireText,
			want: []Row{{Line: 2, ID: "c001", Text: "hi there", Labels: []string{}}},
		},
		{
			name:    "missing text",
			file:    "a.csv",
			in:      "id,Text\n1,x\n",
			req:     RequireText,
			wantErr: `a.csv: no text column "text"; columns are: "id", "Text"; did you mean "Text"?`,
		},
		{
			name:    "missing id, required",
			file:    "a.csv",
			in:      "text\nx\n",
			req:     RequireID,
			wantErr: `a.csv: no id column "id"; columns are: "text"`,
		},
		{
			name:    "missing label",
			file:    "a.csv",
			in:      "text,stance\nx,y\n",
			cols:    Columns{Labels: []string{"stance", "sentiment"}},
			wantErr: `a.csv: no label column "sentiment"; columns are: "text", "stance"`,
		},
		{
			name: "group column picked and trimmed",
			file: "a.csv",
			in:   "text,Target,stance\nx, Joe Biden ,FAVOR\n",
			cols: Columns{Labels: []string{"stance"}, Group: "Target"},
			req:  RequireText,
			want: []Row{{Line: 2, Text: "x", Labels: []string{"FAVOR"}, Group: "Joe Biden"}},
		},
		{
			name:    "missing group column",
			file:    "a.csv",
			in:      "text,target\nx,y\n",
			cols:    Columns{Group: "Target"},
			wantErr: `a.csv: no group-by column "Target"; columns are: "text", "target"; did you mean "target"?`,
		},
		{
			name: "text not required and absent",
			file: "a.csv",
			in:   "id,stance\n1,pro\n",
			cols: Columns{Labels: []string{"stance"}},
			req:  RequireID,
			want: []Row{{Line: 2, ID: "1", Labels: []string{"pro"}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Open(strings.NewReader(tt.in), tt.file, FormatAuto)
			if err != nil {
				t.Fatal(err)
			}
			rows, err := ReadRows(r, tt.file, tt.cols, tt.req)
			if tt.wantErr != "" {
				var ce *ColumnError
				if !errors.As(err, &ce) {
					t.Fatalf("got error %v, want a *ColumnError", err)
				}
				if err.Error() != tt.wantErr {
					t.Errorf("got  %s\nwant %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for i := range rows {
				if rows[i].Record == nil {
					t.Errorf("row %d has no Record", i)
				}
				rows[i].Record = nil
			}
			if !reflect.DeepEqual(rows, tt.want) {
				t.Errorf("got  %+v\nwant %+v", rows, tt.want)
			}
		})
	}
}

func TestColumnReaderKeepsParseErrors(t *testing.T) {
	r, err := Open(strings.NewReader("text,stance\n\"ok\",a\n\"bad\"x,b\nfine,c\n"), "a.csv", FormatCSV)
	if err != nil {
		t.Fatal(err)
	}
	c, err := NewColumnReader(r, "a.csv", Columns{Labels: []string{"stance"}}, RequireText)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Read(); err != nil {
		t.Fatalf("row 1: %v", err)
	}
	_, err = c.Read()
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Line != 3 {
		t.Fatalf("row 2: got %v, want a *ParseError at line 3", err)
	}
}

func TestOpenFile(t *testing.T) {
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "in.csv")
	if err := os.WriteFile(csvPath, []byte("text\nhello\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		path      string
		stdin     string
		stdinFmt  Format
		wantHead  []string
		wantError string
	}{
		{name: "file by extension", path: csvPath, wantHead: []string{"text"}},
		{name: "stdin in its format", path: "-", stdin: "Title\nAnn (Oslo)\nhi\n", stdinFmt: FormatThread, wantHead: CanonicalColumns()},
		{name: "directory", path: dir, wantError: "read " + dir + ": is a directory"},
		{name: "missing", path: filepath.Join(dir, "nope.csv"), wantError: "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := OpenFile(tt.path, strings.NewReader(tt.stdin), Input{}, tt.stdinFmt)
			if tt.wantError != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantError) {
					t.Fatalf("got %v, want an error containing %q", err, tt.wantError)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if got := f.Header(); !reflect.DeepEqual(got, tt.wantHead) {
				t.Errorf("header %q, want %q", got, tt.wantHead)
			}
		})
	}
}
