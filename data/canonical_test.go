package data

import (
	"reflect"
	"strings"
	"testing"
)

func TestCanonicalize(t *testing.T) {
	tests := []struct {
		name       string
		file       string
		in         string
		textCol    string
		wantHeader []string
		want       [][]string
		wantLines  []int
	}{
		{
			name:       "csv without id",
			file:       "path/to/comments.csv",
			in:         "text,score\nhello,1\n\"multi\nline\",2\nbye,3\n",
			textCol:    "text",
			wantHeader: []string{"id", "source", "author", "location", "text", "score"},
			want: [][]string{
				{"r0001", "comments", "", "", "hello", "1"},
				{"r0002", "comments", "", "", "multi\nline", "2"},
				{"r0003", "comments", "", "", "bye", "3"},
			},
			wantLines: []int{2, 3, 5},
		},
		{
			name:       "odd order and kept columns",
			file:       "x.csv",
			in:         "stance,location,body,extra,author,source,id,sentiment\npro,Oslo,hi,e1,Ann,web,c9,neg\n",
			textCol:    "body",
			wantHeader: []string{"id", "source", "author", "location", "text", "stance", "extra", "sentiment"},
			want:       [][]string{{"c9", "web", "Ann", "Oslo", "hi", "pro", "e1", "neg"}},
			wantLines:  []int{2},
		},
		{
			name:       "default text column",
			file:       "x.csv",
			in:         "author,text\nAnn,hi\n",
			textCol:    "",
			wantHeader: []string{"id", "source", "author", "location", "text"},
			want:       [][]string{{"r0001", "x", "Ann", "", "hi"}},
			wantLines:  []int{2},
		},
		{
			name:       "column names are case-sensitive",
			file:       "x.csv",
			in:         "ID,Author,text\n7,Ann,hi\n",
			textCol:    "text",
			wantHeader: []string{"id", "source", "author", "location", "text", "ID", "Author"},
			want:       [][]string{{"r0001", "x", "", "", "hi", "7", "Ann"}},
			wantLines:  []int{2},
		},
		{
			name:       "input text column kept under another name",
			file:       "x.csv",
			in:         "text,body,text_orig\nold,new,older\n",
			textCol:    "body",
			wantHeader: []string{"id", "source", "author", "location", "text", "text_orig_orig", "text_orig"},
			want:       [][]string{{"r0001", "x", "", "", "new", "old", "older"}},
			wantLines:  []int{2},
		},
		{
			name:       "already canonical",
			file:       "x.csv",
			in:         "id,source,author,location,text\nc1,s,Ann,Oslo,hi\n",
			textCol:    "text",
			wantHeader: []string{"id", "source", "author", "location", "text"},
			want:       [][]string{{"c1", "s", "Ann", "Oslo", "hi"}},
			wantLines:  []int{2},
		},
		{
			name:       "jsonl",
			file:       "in.jsonl",
			in:         `{"text":"hi","meta":{"k":1},"author":"Ann"}` + "\n" + `{"text":"yo"}`,
			textCol:    "text",
			wantHeader: []string{"id", "source", "author", "location", "text", "meta"},
			want: [][]string{
				{"r0001", "in", "Ann", "", "hi", `{"k":1}`},
				{"r0002", "in", "", "", "yo", ""},
			},
			wantLines: []int{1, 2},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, err := Open(strings.NewReader(tt.in), tt.file, FormatAuto)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			r, err := Canonicalize(in, tt.file, Columns{Text: tt.textCol})
			if err != nil {
				t.Fatalf("Canonicalize: %v", err)
			}
			if got := r.Header(); !reflect.DeepEqual(got, tt.wantHeader) {
				t.Errorf("Header() = %q, want %q", got, tt.wantHeader)
			}
			recs := readAll(t, r)
			if got := fields(recs); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("records:\ngot  %q\nwant %q", got, tt.want)
			}
			if got := lines(recs); !reflect.DeepEqual(got, tt.wantLines) {
				t.Errorf("lines: got %v, want %v", got, tt.wantLines)
			}
		})
	}
}

func TestCanonicalizeMissingTextColumn(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		textCol string
		want    string
	}{
		{"named", "a,b,c\n1,2,3\n", "body", `in.csv: no text column "body"; columns are: "a", "b", "c"`},
		{"default", "a,Text\n1,2\n", "", `in.csv: no text column "text"; columns are: "a", "Text"; did you mean "Text"?`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, err := NewCSVReader(strings.NewReader(tt.in), "in.csv")
			if err != nil {
				t.Fatal(err)
			}
			_, err = Canonicalize(in, "in.csv", Columns{Text: tt.textCol})
			if err == nil {
				t.Fatal("got no error")
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCanonicalizeThreadIsIdentity(t *testing.T) {
	tr := NewThreadReader(strings.NewReader("T\nAnn (Oslo)\nhi\n"), "t.txt")
	for _, textCol := range []string{"text", "", "body"} {
		t.Run("textCol="+textCol, func(t *testing.T) {
			r, err := Canonicalize(tr, "t.txt", Columns{Text: textCol})
			if err != nil {
				t.Fatal(err)
			}
			if r != Reader(tr) {
				t.Errorf("got %T, want the *ThreadReader itself", r)
			}
		})
	}
}
