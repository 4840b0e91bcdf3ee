package data

import (
	"io"
	"reflect"
	"strings"
	"testing"
)

// TestSplitArticleRules checks each rule of splitArticle on a page made to
// show it; the expected records follow from the rules as documented.
func TestSplitArticleRules(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    [][]string // id, author, text
		dropped int
	}{
		{
			name:    "fragments and captions dropped, sentences kept",
			in:      "Title\n\nMenu\nHome | World\n\nA short sentence.\nAn ordinary paragraph of the article with enough words in it\nJane Doe, Paris,\n",
			want:    [][]string{{"a001", "", "Title\n\nA short sentence.\nAn ordinary paragraph of the article with enough words in it"}},
			dropped: 3,
		},
		{
			name:    "link list dropped, sentence list kept",
			in:      "Title\n\nBody text of the article goes here in full.\n\nRecent Articles\n- Another headline here\n- A second one\n- A bulleted sentence that ends.\n",
			want:    [][]string{{"a001", "", "Title\n\nBody text of the article goes here in full.\n\n- A bulleted sentence that ends."}},
			dropped: 3,
		},
		{
			name: "prompt block dropped up to the next long line",
			in: "Title\n\nFirst paragraph, long enough to count as prose here.\n\nGet the news in your inbox!\nDaily Digest\nStart your day with the top stories from us.\n\n" +
				"After the prompt the article goes on with a paragraph of twenty words or more, which ends the prompt block here.\n",
			want: [][]string{{"a001", "", "Title\n\nFirst paragraph, long enough to count as prose here.\n\n" +
				"After the prompt the article goes on with a paragraph of twenty words or more, which ends the prompt block here."}},
			dropped: 3,
		},
		{
			name: "a long paragraph naming a cookie is prose",
			in:   "Title\n\nThe minister said the cookie factory would close next year, and the workers would be moved.\n",
			want: [][]string{{"a001", "", "Title\n\nThe minister said the cookie factory would close next year, and the workers would be moved."}},
		},
		{
			name: "comments after a section break",
			in:   "Title\n\nThe article body, one paragraph that ends.\n\n\nBarry Williams\n\nA good plan.\n\nSecond paragraph of his.\n\nAnn de Vries\nI disagree with all of it.\n\n\nBack in the article after a section break.\n",
			want: [][]string{
				{"a001", "", "Title\n\nThe article body, one paragraph that ends.\n\nBack in the article after a section break."},
				{"c001", "Barry Williams", "A good plan.\n\nSecond paragraph of his."},
				{"c002", "Ann de Vries", "I disagree with all of it."},
			},
		},
		{
			name: "a name without a section break is a caption",
			in:   "Title\n\nThe article body, one paragraph that ends.\n\nBashar Assad\n\nMore of the article, which ends here.\n",
			want: [][]string{
				{"a001", "", "Title\n\nThe article body, one paragraph that ends.\n\nMore of the article, which ends here."},
			},
			dropped: 1,
		},
		{
			name: "no comment before the body begins",
			in:   "Title\n\n\nJohn Smith\n\nThe article body, written by John Smith, begins here.\n",
			want: [][]string{
				{"a001", "", "Title\n\nThe article body, written by John Smith, begins here."},
			},
			dropped: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewThreadReader(strings.NewReader(tt.in), "page.txt")
			var got [][]string
			for {
				rec, err := r.Read()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, []string{rec.Fields[colID], rec.Fields[colAuthor], rec.Fields[colText]})
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("records:\ngot  %q\nwant %q", got, tt.want)
			}
			if d := r.Dropped(); d != tt.dropped {
				t.Errorf("Dropped() = %d, want %d", d, tt.dropped)
			}
		})
	}
}

func TestReadableSource(t *testing.T) {
	tests := []struct {
		file, title, want string
	}{
		{"seeds/000_80490c9b2aeffcca.txt", "To End Syria’s War, Help Assad’s Officers Defect", "to-end-syrias-war-help-assads"},
		{"seeds/004_c4baba605746caf2.txt", "Fearful of a U.S. Strike, Defectors Flee the Syrian Army", "fearful-of-a-us-strike-defectors"},
		{"threads/nyt-defect.txt", "To End Syria’s War", "nyt-defect"},
		{"2016-02-03.txt", "Help Assad’s Officers Defect", "help-assads-officers-defect"}, // no letter in the name
		{"deadbeef01.txt", "", "deadbeef01"}, // no title to slug
		{"-", "Any Title", "stdin"},
		{"x/0123456789.txt", "Supercalifragilisticexpialidocious-and-more-words whose length", "supercalifragilisticexpialidocious-and"},
	}
	for _, tt := range tests {
		if got := ReadableSource(tt.file, tt.title); got != tt.want {
			t.Errorf("ReadableSource(%q, %q) = %q, want %q", tt.file, tt.title, got, tt.want)
		}
	}
}

// TestRunIDs reads two copies of one article, a thread and a CSV file in
// one run: the article copies get suffixed sources, and a CSV id repeated
// across files is an error naming both places.
func TestRunIDs(t *testing.T) {
	tests := []struct {
		name    string
		inputs  [][2]string // file, content
		want    []string    // id, source of each record
		wantErr string
	}{
		{
			name: "threads and articles",
			inputs: [][2]string{
				{"a/1234567890abcdef.txt", "Same Title\n\nA body that ends.\n"},
				{"b/1234567890abcdef.txt", "Same Title\n\nA body that ends.\n"},
				{"thread.txt", "Thread\n2 comments\nAnn (Oslo)\nhi\nBob (Rome)\nho\n"},
				{"ids.csv", "id,text\nc001,x\n"},
			},
			want: []string{"same-title:a001 same-title", "same-title-2:a001 same-title-2", "thread:c001 thread", "thread:c002 thread", "c001 ids"},
		},
		{
			name: "csv ids repeated across files",
			inputs: [][2]string{
				{"one.csv", "id,text\n7,x\n"},
				{"two.csv", "id,text\n8,y\n7,z\n"},
			},
			want:    []string{"7 one", "8 two"},
			wantErr: `two.csv:3: id "7" already used at one.csv:2`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ids := NewRunIDs()
			var got []string
			var gotErr string
		inputs:
			for _, in := range tt.inputs {
				r, err := Open(strings.NewReader(in[1]), in[0], FormatAuto)
				if err != nil {
					t.Fatal(err)
				}
				c, err := Canonicalize(r, in[0], Columns{})
				if err != nil {
					t.Fatal(err)
				}
				w := ids.Wrap(c, in[0])
				for {
					rec, err := w.Read()
					if err == io.EOF {
						break
					}
					if err != nil {
						gotErr = err.Error()
						break inputs
					}
					got = append(got, rec.Fields[colID]+" "+rec.Fields[colSource])
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("records %q, want %q", got, tt.want)
			}
			if !strings.HasPrefix(gotErr, tt.wantErr) || (tt.wantErr == "") != (gotErr == "") {
				t.Errorf("error %q, want one starting %q", gotErr, tt.wantErr)
			}
		})
	}
}
