package data

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
)

const seedThread = "../seeds/000_80490c9b2aeffcca.txt"

// TestThreadSeed is the acceptance test for the thread parser: the seed
// thread must parse to exactly the hand-annotated comments.
func TestThreadSeed(t *testing.T) {
	f, err := os.Open(seedThread)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tr := NewThreadReader(f, seedThread)
	got := readAll(t, tr)

	af, err := os.Open("syria-comments.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer af.Close()
	cr, err := NewCSVReader(af, "syria-comments.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := readAll(t, cr)

	if len(got) != 202 || len(want) != 202 {
		t.Fatalf("got %d records, annotations have %d; want 202 of each", len(got), len(want))
	}
	if n := tr.Announced(); n != 202 {
		t.Errorf("Announced() = %d, want 202", n)
	}
	if h := tr.Header(); !reflect.DeepEqual(h, CanonicalColumns()) {
		t.Errorf("Header() = %q, want %q", h, CanonicalColumns())
	}
	wantCol := map[string]int{}
	for i, name := range cr.Header() {
		wantCol[name] = i
	}
	for i, rec := range got {
		t.Run(fmt.Sprintf("c%03d", i+1), func(t *testing.T) {
			w := want[i].Fields
			if id := rec.Fields[colID]; id != fmt.Sprintf("c%03d", i+1) {
				t.Errorf("id = %q, want c%03d", id, i+1)
			}
			// The file name is a scraper's hash, so the source is the
			// slug of the thread's title (ReadableSource).
			if src := rec.Fields[colSource]; src != "to-end-syrias-war-help-assads" {
				t.Errorf("source = %q, want to-end-syrias-war-help-assads", src)
			}
			for _, c := range []struct {
				name string
				got  string
			}{
				{"id", rec.Fields[colID]},
				{"author", rec.Fields[colAuthor]},
				{"location", rec.Fields[colLocation]},
				{"text", rec.Fields[colText]},
			} {
				if want := w[wantCol[c.name]]; c.got != want {
					t.Errorf("%s (thread line %d):\ngot  %q\nwant %q", c.name, rec.Line, c.got, want)
				}
			}
		})
	}
	if first := got[0].Line; first != 4 {
		t.Errorf("first comment Line = %d, want 4", first)
	}
}

// TestThreadArticles reads the four seed article pages. The expectations
// come from reading the pages: each keeps its title and its first and last
// body sentences, loses the page furniture listed under gone, and 001 holds
// one reader comment, by Barry Williams, after a section break.
func TestThreadArticles(t *testing.T) {
	tests := []struct {
		file     string
		source   string
		keep     []string // in the body, in this order
		gone     []string // not in any record
		comments [][2]string
		dropped  int
	}{
		{
			file:   "001_8dd02c5def4d2a83.txt",
			source: "three-huge-defections-in-one-day",
			keep: []string{"Three Huge Defections in One Day Should Unnerve Assad\n\nThey come after",
				"Return to this post for more interesting developments to come.",
				"The following war footage from the Homs area is dramatic and impressive:",
				"going to force Israel to act militarily"},
			gone:     []string{"Barry Williams", "A good plan, something"},
			comments: [][2]string{{"Barry Williams", "A good plan, something needs to be done to speed up the departure of this despot assad out of power."}},
		},
		{
			file:   "002_6e8ed65e49d56559.txt",
			source: "3-top-syrian-officers-defect",
			keep: []string{"3 top Syrian officers defect\nIs the core of the Syrian government",
				"It is doubtfil the ICC will let them off the hook."},
			gone:    []string{"Ad Free", "FOLLOW US", "Recent Articles", "Blog Posts", "From Churchill to Vance", "Go away, Randi"},
			dropped: 29, // the 3 navigation lines, 2 list headings and 24 headlines after the last paragraph
		},
		{
			file:   "003_a2bd67d14cbf3965.txt",
			source: "report-more-senior-syrian-officials-may",
			keep: []string{"Report: More Senior Syrian Officials May Defect\n\nMembers of Syrian President",
				"The officials said senior military figures",
				"is Israeli time.)"},
			gone:    []string{"Contact Editor", "Elad Benari", "Bashar Assad\n"},
			dropped: 4, // "Contact Editor", the byline and the caption twice
		},
		{
			file:   "004_c4baba605746caf2.txt",
			source: "fearful-of-a-us-strike-defectors",
			keep: []string{"Fearful of a U.S. Strike, Defectors Flee the Syrian Army\n\nAs the drum beats",
				"at the last minute.”\n\nThere are also family concerns.",
				"“You’re in a constant battle with yourself.”"},
			gone:    []string{"Inbox", "Daily Digest", "Cheat Sheet", "Subscribe", "Thank You!", "A speedy, smart summary"},
			dropped: 8, // the newsletter prompt: lines 29 to 41 less their blank lines
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join("../seeds", tt.file)
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			tr := NewThreadReader(strings.NewReader(string(raw)), path)
			recs := readAll(t, tr)
			if len(recs) != 1+len(tt.comments) {
				t.Fatalf("got %d records, want the article and %d comments", len(recs), len(tt.comments))
			}
			rec := recs[0]
			if got, want := rec.Fields[:colText], []string{"a001", tt.source, "", ""}; !reflect.DeepEqual(got, want) {
				t.Errorf("id, source, author, location = %q, want %q", got, want)
			}
			if rec.Line != 1 {
				t.Errorf("Line = %d, want 1", rec.Line)
			}
			text := rec.Fields[colText]
			at := 0
			for _, k := range tt.keep {
				i := strings.Index(text[at:], k)
				if i < 0 {
					t.Errorf("body lacks %q (after byte %d)", k, at)
					continue
				}
				at += i + len(k)
			}
			for _, r := range recs {
				for _, g := range tt.gone {
					if r.Fields[colID] == "a001" && strings.Contains(r.Fields[colText], g) {
						t.Errorf("body keeps %q", g)
					}
				}
			}
			if strings.Contains(text, "\n\n\n") || strings.HasSuffix(text, "\n") {
				t.Errorf("text has a run of blank lines or trailing newline")
			}
			for i, c := range tt.comments {
				r := recs[1+i]
				if got, want := r.Fields, []string{fmt.Sprintf("c%03d", i+1), tt.source, c[0], "", c[1]}; !reflect.DeepEqual(got, want) {
					t.Errorf("comment %d = %q, want %q", i+1, got, want)
				}
			}
			if got := tr.Dropped(); got != tt.dropped {
				t.Errorf("Dropped() = %d, want %d", got, tt.dropped)
			}
			if n := tr.Announced(); n != -1 {
				t.Errorf("Announced() = %d, want -1", n)
			}
		})
	}
}

func TestThreadEdgeCases(t *testing.T) {
	longSentence := strings.Repeat("This sentence is long enough. ", 4) + "It ends in a parenthesis (see above)"
	tests := []struct {
		name      string
		in        string
		want      [][]string
		wantLines []int
		announced int
	}{
		{
			name: "crlf",
			in:   "Title\r\n\r\n3 comments\r\nAnn (Paris, France)\r\nHello.\r\n\r\nWorld.  \r\nBob (Oslo)\r\nHi\r\n",
			want: [][]string{
				{"c001", "t", "Ann", "Paris, France", "Hello.\n\nWorld."},
				{"c002", "t", "Bob", "Oslo", "Hi"},
			},
			wantLines: []int{4, 8},
			announced: 3,
		},
		{
			name:      "bom",
			in:        "\ufeffTitle\nAnn (Paris)\nHello",
			want:      [][]string{{"c001", "t", "Ann", "Paris", "Hello"}},
			wantLines: []int{2},
			announced: -1,
		},
		{
			name:      "bom article",
			in:        "\ufeffTitle\nBody.",
			want:      [][]string{{"a001", "t", "", "", "Title\nBody."}},
			wantLines: []int{1},
			announced: -1,
		},
		{
			name: "empty body",
			in:   "Title\nMeta · 1,203 Comments\nAnn (Paris)\n\n\nBob (Oslo)\nHi\nCy (Rome)",
			want: [][]string{
				{"c001", "t", "Ann", "Paris", ""},
				{"c002", "t", "Bob", "Oslo", "Hi"},
				{"c003", "t", "Cy", "Rome", ""},
			},
			wantLines: []int{3, 6, 8},
			announced: 1203,
		},
		{
			name: "internal blank lines kept exactly",
			in:   "Title\nAnn (Paris)\n\n  indented para1\t\n\n\n\npara2\n\n",
			want: [][]string{
				{"c001", "t", "Ann", "Paris", "  indented para1\n\n\n\npara2"},
			},
			wantLines: []int{2},
			announced: -1,
		},
		{
			name: "parentheses in body are not a header",
			in:   "Title\nAnn (Paris)\n" + longSentence + "\nMe too (really)?\n(Bob) (Oslo)\n",
			want: [][]string{
				{"c001", "t", "Ann", "Paris", longSentence + "\nMe too (really)?\n(Bob) (Oslo)"},
			},
			wantLines: []int{2},
			announced: -1,
		},
		{
			name: "header parts trimmed, trailing spaces ignored",
			in:   "Title\nAnn   ( Paris )   \nx",
			want: [][]string{
				{"c001", "t", "Ann", "Paris", "x"},
			},
			wantLines: []int{2},
			announced: -1,
		},
		{
			// Found by FuzzThreadReader: a blank location made a comment
			// with no location.
			name:      "blank author or location is not a header",
			in:        "Title\nAnn (Paris)\nsee ( )\nBob (\u00a0)\n\u00a0 (Oslo)",
			want:      [][]string{{"c001", "t", "Ann", "Paris", "see ( )\nBob (\u00a0)\n\u00a0 (Oslo)"}},
			wantLines: []int{2},
			announced: -1,
		},
		{
			name:      "title is never a header",
			in:        "Ann (Paris)\nBob (Oslo)\nHi",
			want:      [][]string{{"c001", "t", "Bob", "Oslo", "Hi"}},
			wantLines: []int{2},
			announced: -1,
		},
		{
			name:      "no meta line",
			in:        "Title\n\nAnn (Paris)\nHi",
			want:      [][]string{{"c001", "t", "Ann", "Paris", "Hi"}},
			wantLines: []int{3},
			announced: -1,
		},
		{
			name:      "meta line after first header is body",
			in:        "Title\nAnn (Paris)\n5 comments",
			want:      [][]string{{"c001", "t", "Ann", "Paris", "5 comments"}},
			wantLines: []int{2},
			announced: -1,
		},
		{
			name:      "title only",
			in:        "Just a title\n",
			want:      [][]string{{"a001", "t", "", "", "Just a title"}},
			wantLines: []int{1},
			announced: -1,
		},
		{
			name:      "article collapses blank runs",
			in:        "\n\nTitle  \n\n\n\nPara 1.\nstill 1.\n\n\nPara 2.\n\n",
			want:      [][]string{{"a001", "t", "", "", "Title\n\nPara 1.\nstill 1.\n\nPara 2."}},
			wantLines: []int{1},
			announced: -1,
		},
		{
			name:      "article count is not announced",
			in:        "Title\n\nThe post drew 300 comments.\n",
			want:      [][]string{{"a001", "t", "", "", "Title\n\nThe post drew 300 comments."}},
			wantLines: []int{1},
			announced: -1,
		},
		{
			name:      "empty input",
			in:        "",
			want:      [][]string{},
			wantLines: []int{},
			announced: -1,
		},
		{
			name:      "whitespace only",
			in:        "\ufeff \n\t\r\n",
			want:      [][]string{},
			wantLines: []int{},
			announced: -1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// OneByteReader checks that nothing depends on how the input
			// is split across reads.
			tr := NewThreadReader(iotest.OneByteReader(strings.NewReader(tt.in)), "dir/t.txt")
			recs := readAll(t, tr)
			if got := fields(recs); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("records:\ngot  %q\nwant %q", got, tt.want)
			}
			if got := lines(recs); !reflect.DeepEqual(got, tt.wantLines) {
				t.Errorf("lines: got %v, want %v", got, tt.wantLines)
			}
			if got := tr.Announced(); got != tt.announced {
				t.Errorf("Announced() = %d, want %d", got, tt.announced)
			}
			if _, err := tr.Read(); !errors.Is(err, io.EOF) {
				t.Errorf("Read after EOF: got %v, want io.EOF", err)
			}
		})
	}
}

func TestThreadLongLinesAndManyComments(t *testing.T) {
	long := strings.Repeat("x", 1<<20)
	var b strings.Builder
	b.WriteString("Title\n1000 comments\n")
	for i := range 1000 {
		fmt.Fprintf(&b, "User%d (Town)\n%s\n", i, long[:i])
	}
	b.WriteString("Last (Town)\n" + long)
	tr := NewThreadReader(strings.NewReader(b.String()), "big.txt")
	recs := readAll(t, tr)
	if got, want := len(recs), 1001; got != want {
		t.Fatalf("got %d records, want %d", got, want)
	}
	for _, tc := range []struct {
		i      int
		id     string
		length int
	}{
		{0, "c001", 0},
		{998, "c999", 998},
		{999, "c1000", 999},
		{1000, "c1001", len(long)},
	} {
		rec := recs[tc.i]
		if rec.Fields[colID] != tc.id || len(rec.Fields[colText]) != tc.length {
			t.Errorf("record %d: got id %q and text length %d, want %q and %d", tc.i, rec.Fields[colID], len(rec.Fields[colText]), tc.id, tc.length)
		}
	}
	if got := tr.Announced(); got != 1000 {
		t.Errorf("Announced() = %d, want 1000", got)
	}
}

func TestThreadReadError(t *testing.T) {
	boom := errors.New("boom")
	r := io.MultiReader(strings.NewReader("Title\nAnn (Paris)\nHi\n"), iotest.ErrReader(boom))
	tr := NewThreadReader(r, "t.txt")
	for i := range 2 {
		_, err := tr.Read()
		if !errors.Is(err, boom) {
			t.Fatalf("Read #%d: got %v, want %v", i+1, err, boom)
		}
		if !strings.HasPrefix(err.Error(), "t.txt: ") {
			t.Errorf("error %q does not name the file", err)
		}
	}
}
