package data

import (
	"encoding/csv"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
)

// TestOpenWithCSV covers what messy CSV OpenWith reads: separators given,
// implied and sniffed, spreadsheet exports, ragged rows in lenient mode and
// invalid UTF-8, checking every record's fields, line and notes, and the
// Diagnostics at the end.
func TestOpenWithCSV(t *testing.T) {
	longName := strings.Repeat("a", sniffLimit)
	tests := []struct {
		name       string
		file       string // "in.csv" if empty
		opt        Options
		in         string
		wantHeader []string
		want       [][]string
		wantLines  []int
		wantNotes  [][]string // per record; nil entries for clean records
		wantDiag   Diagnostics
	}{
		{
			name:       "bom stripped",
			in:         "\ufeffid,text\n1,a\n",
			wantHeader: []string{"id", "text"},
			want:       [][]string{{"1", "a"}},
			wantLines:  []int{2},
			wantDiag:   Diagnostics{Delimiter: ',', Sniffed: true},
		},
		{
			name:       "crlf",
			in:         "id,text\r\n1,a\r\n2,b\r\n",
			wantHeader: []string{"id", "text"},
			want:       [][]string{{"1", "a"}, {"2", "b"}},
			wantLines:  []int{2, 3},
			wantDiag:   Diagnostics{Delimiter: ',', Sniffed: true},
		},
		{
			name:       "quoted newlines, line is where the record starts",
			in:         "id,text\n1,\"two\nlines\"\n2,\"three\r\n\r\nlines\"\n3,c",
			wantHeader: []string{"id", "text"},
			want:       [][]string{{"1", "two\nlines"}, {"2", "three\n\nlines"}, {"3", "c"}},
			wantLines:  []int{2, 4, 7},
			wantDiag:   Diagnostics{Delimiter: ',', Sniffed: true},
		},
		{
			// Excel's separator directive is consumed, not taken for the
			// header, and lines still count from the top of the file.
			name:       "excel sep= line",
			in:         "\ufeffsep=;\r\nid;text\r\n1;a, b\r\n2;c\r\n",
			wantHeader: []string{"id", "text"},
			want:       [][]string{{"1", "a, b"}, {"2", "c"}},
			wantLines:  []int{3, 4},
			wantDiag:   Diagnostics{Delimiter: ';', SepLine: true},
		},
		{
			name:       "a given delimiter wins over the sep= line",
			opt:        Options{Delimiter: ','},
			in:         "sep=;\nid,text\n1,a\n",
			wantHeader: []string{"id", "text"},
			want:       [][]string{{"1", "a"}},
			wantLines:  []int{3},
			wantDiag:   Diagnostics{Delimiter: ',', SepLine: true},
		},
		{
			name:       "sep= with more after it is a header",
			in:         "sep=;x\n1;2\n",
			wantHeader: []string{"sep=", "x"},
			want:       [][]string{{"1", "2"}},
			wantLines:  []int{2},
			wantDiag:   Diagnostics{Delimiter: ';', Sniffed: true},
		},
		{
			name:       "excel in europe: bom, semicolons, crlf",
			in:         "\ufeffid;author;text\r\ne1;Anna;Help them, now.\r\ne2;J\u00fcrgen;\"Stay out; it is \"\"their\"\" war.\"\r\ne3;\u0141ucja;\"two\r\nlines\"\r\n",
			wantHeader: []string{"id", "author", "text"},
			want: [][]string{
				{"e1", "Anna", "Help them, now."},
				{"e2", "J\u00fcrgen", `Stay out; it is "their" war.`},
				{"e3", "\u0141ucja", "two\nlines"},
			},
			wantLines: []int{2, 3, 4},
			wantDiag:  Diagnostics{Delimiter: ';', Sniffed: true},
		},
		{
			name:       "header decides, not the commas in the data",
			in:         "id;text\n1;a, b, c, d\n2;e,f\n",
			wantHeader: []string{"id", "text"},
			want:       [][]string{{"1", "a, b, c, d"}, {"2", "e,f"}},
			wantLines:  []int{2, 3},
			wantDiag:   Diagnostics{Delimiter: ';', Sniffed: true},
		},
		{
			name:       "tabs sniffed",
			in:         "id\ttext\tscore\nt1\tWe should not, ever.\t3\n",
			wantHeader: []string{"id", "text", "score"},
			want:       [][]string{{"t1", "We should not, ever.", "3"}},
			wantLines:  []int{2},
			wantDiag:   Diagnostics{Delimiter: '\t', Sniffed: true},
		},
		{
			name:       "pipes sniffed",
			in:         "id|text\np1|Yes, why not.\n",
			wantHeader: []string{"id", "text"},
			want:       [][]string{{"p1", "Yes, why not."}},
			wantLines:  []int{2},
			wantDiag:   Diagnostics{Delimiter: '|', Sniffed: true},
		},
		{
			name:       "separators inside quotes do not count",
			in:         "\"a;b;c\",\"d|e|f\",g\n1,2,3\n",
			wantHeader: []string{"a;b;c", "d|e|f", "g"},
			want:       [][]string{{"1", "2", "3"}},
			wantLines:  []int{2},
			wantDiag:   Diagnostics{Delimiter: ',', Sniffed: true},
		},
		{
			name:       "quoted newline in the header",
			in:         "\"first\nname\";text\n1;2\n",
			wantHeader: []string{"first\nname", "text"},
			want:       [][]string{{"1", "2"}},
			wantLines:  []int{3},
			wantDiag:   Diagnostics{Delimiter: ';', Sniffed: true},
		},
		{
			name:       "blank lines before the header",
			in:         "\r\n\nid;text\n1;a,b\n",
			wantHeader: []string{"id", "text"},
			want:       [][]string{{"1", "a,b"}},
			wantLines:  []int{4},
			wantDiag:   Diagnostics{Delimiter: ';', Sniffed: true},
		},
		{
			name:       "tie goes to comma",
			in:         "a,b;c\n1,2;3\n",
			wantHeader: []string{"a", "b;c"},
			want:       [][]string{{"1", "2;3"}},
			wantLines:  []int{2},
			wantDiag:   Diagnostics{Delimiter: ',', Sniffed: true},
		},
		{
			name:       "no candidate means comma",
			in:         "text\nhello; world\n",
			wantHeader: []string{"text"},
			want:       [][]string{{"hello; world"}},
			wantLines:  []int{2},
			wantDiag:   Diagnostics{Delimiter: ',', Sniffed: true},
		},
		{
			name:       "header is the only line",
			in:         "id;text",
			wantHeader: []string{"id", "text"},
			want:       [][]string{},
			wantLines:  []int{},
			wantDiag:   Diagnostics{Delimiter: ';', Sniffed: true},
		},
		{
			name:       "sniffing stops after 64 KiB",
			in:         longName + ";b\n1;2\n",
			wantHeader: []string{longName + ";b"},
			want:       [][]string{{"1;2"}},
			wantLines:  []int{2},
			wantDiag:   Diagnostics{Delimiter: ',', Sniffed: true},
		},
		{
			name:       ".tsv means tab",
			file:       "in.tsv",
			in:         "id\ttext,more;x\n1\ta,b;c\n",
			wantHeader: []string{"id", "text,more;x"},
			want:       [][]string{{"1", "a,b;c"}},
			wantLines:  []int{2},
			wantDiag:   Diagnostics{Delimiter: '\t'},
		},
		{
			name:       "given delimiter beats .tsv",
			file:       "in.TSV",
			opt:        Options{Delimiter: ';'},
			in:         "id;text\t2\n1;a\tb\n",
			wantHeader: []string{"id", "text\t2"},
			want:       [][]string{{"1", "a\tb"}},
			wantLines:  []int{2},
			wantDiag:   Diagnostics{Delimiter: ';'},
		},
		{
			name:       "given delimiter beats sniffing",
			opt:        Options{Delimiter: ','},
			in:         "a;b;c,d\n1;2;3,4\n",
			wantHeader: []string{"a;b;c", "d"},
			want:       [][]string{{"1;2;3", "4"}},
			wantLines:  []int{2},
			wantDiag:   Diagnostics{Delimiter: ','},
		},
		{
			name:       "lenient pads and joins",
			opt:        Options{Lenient: true},
			in:         "id,text,extra\nr1,fine row,x\nr2,short row\nr3,long row,x,y,z\nr4,\"quoted\nlong\",x,y\nr5,fine again,x\n",
			wantHeader: []string{"id", "text", "extra"},
			want: [][]string{
				{"r1", "fine row", "x"},
				{"r2", "short row", ""},
				{"r3", "long row", "x,y,z"},
				{"r4", "quoted\nlong", "x,y"},
				{"r5", "fine again", "x"},
			},
			wantLines: []int{2, 3, 4, 5, 7},
			wantNotes: [][]string{
				nil,
				{"ragged row: 2 fields, want 3; padded with empty fields"},
				{"ragged row: 5 fields, want 3; extra fields joined onto the last"},
				{"ragged row: 4 fields, want 3; extra fields joined onto the last"},
				nil,
			},
			wantDiag: Diagnostics{Delimiter: ',', Sniffed: true, Ragged: 3},
		},
		{
			name:       "lenient joins with the delimiter in use",
			opt:        Options{Lenient: true},
			in:         "id;text\n1;a;b;c\n2\n",
			wantHeader: []string{"id", "text"},
			want:       [][]string{{"1", "a;b;c"}, {"2", ""}},
			wantLines:  []int{2, 3},
			wantNotes: [][]string{
				{"ragged row: 4 fields, want 2; extra fields joined onto the last"},
				{"ragged row: 1 field, want 2; padded with empty fields"},
			},
			wantDiag: Diagnostics{Delimiter: ';', Sniffed: true, Ragged: 2},
		},
		{
			name:       "invalid UTF-8 replaced and noted",
			in:         "id,text\nm1,caf\xe9 au lait\nm2,ok\nm3,\"bad \x80\x81 bytes\",\n",
			opt:        Options{Lenient: true},
			wantHeader: []string{"id", "text"},
			want:       [][]string{{"m1", "caf\ufffd au lait"}, {"m2", "ok"}, {"m3", "bad \ufffd bytes,"}},
			wantLines:  []int{2, 3, 4},
			wantNotes: [][]string{
				{noteInvalidUTF8},
				nil,
				{"ragged row: 3 fields, want 2; extra fields joined onto the last", noteInvalidUTF8},
			},
			wantDiag: Diagnostics{Delimiter: ',', Sniffed: true, InvalidUTF8: 2, Ragged: 1},
		},
		{
			name:       "invalid UTF-8 in a column name",
			in:         "id,t\xffxt\n1,a\n",
			wantHeader: []string{"id", "t\ufffdxt"},
			want:       [][]string{{"1", "a"}},
			wantLines:  []int{2},
			wantDiag:   Diagnostics{Delimiter: ',', Sniffed: true, InvalidUTF8: 1},
		},
		{
			name:       "blank lines are not rows",
			in:         "id,text\n\nb1,one\n\n\nb2,two\n",
			wantHeader: []string{"id", "text"},
			want:       [][]string{{"b1", "one"}, {"b2", "two"}},
			wantLines:  []int{3, 6},
			wantDiag:   Diagnostics{Delimiter: ',', Sniffed: true},
		},
		{
			name:       "one column, quoted empty value is a row",
			in:         "text\n\"\"\nx\n",
			wantHeader: []string{"text"},
			want:       [][]string{{""}, {"x"}},
			wantLines:  []int{2, 3},
			wantDiag:   Diagnostics{Delimiter: ',', Sniffed: true},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := tt.file
			if file == "" {
				file = "in.csv"
			}
			r, err := OpenWith(strings.NewReader(tt.in), file, FormatAuto, tt.opt)
			if err != nil {
				t.Fatalf("OpenWith: %v", err)
			}
			if got := r.Header(); !reflect.DeepEqual(got, tt.wantHeader) {
				t.Errorf("Header() = %.80q, want %.80q", got, tt.wantHeader)
			}
			recs := readAll(t, r)
			if got := fields(recs); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("records:\ngot  %q\nwant %q", got, tt.want)
			}
			if got := lines(recs); !reflect.DeepEqual(got, tt.wantLines) {
				t.Errorf("lines: got %v, want %v", got, tt.wantLines)
			}
			wantNotes := tt.wantNotes
			if wantNotes == nil {
				wantNotes = make([][]string, len(recs))
			}
			if got := notes(recs); !reflect.DeepEqual(got, wantNotes) {
				t.Errorf("notes:\ngot  %q\nwant %q", got, wantNotes)
			}
			d, ok := r.(Diagnoser)
			if !ok {
				t.Fatalf("%T does not implement Diagnoser", r)
			}
			if got := d.Diagnostics(); got != tt.wantDiag {
				t.Errorf("Diagnostics() = %+v, want %+v", got, tt.wantDiag)
			}
		})
	}
}

// TestCSVRaggedStrict checks the error for a row with the wrong number of
// fields: where it is, what the header is, and how to get past it.
func TestCSVRaggedStrict(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		wantLine int
		wantMsg  string
		wantNext []string // the record after the bad one: the reader goes on
	}{
		{
			name:     "long row",
			in:       "id,source,author,location,text\n1,s,a,l,t\n2,s,a,l,t,x,y\n3,s,a,l,t\n",
			wantLine: 3,
			wantMsg:  "in.csv:3: row has 7 fields, want 5 (the header has 5 columns: id, source, author, location, text); fix the row",
			wantNext: []string{"3", "s", "a", "l", "t"},
		},
		{
			name:     "short row starting before a quoted newline",
			in:       "id;text;n\r\n1;\"multi\r\nline\"\r\n2;b;c\r\n",
			wantLine: 2,
			wantMsg:  "in.csv:2: row has 2 fields, want 3 (the header has 3 columns: id, text, n); fix the row",
			wantNext: []string{"2", "b", "c"},
		},
		{
			name:     "one column",
			in:       "text\na,b\nc\n",
			wantLine: 2,
			wantMsg:  "in.csv:2: row has 2 fields, want 1 (the header has 1 column: text); fix the row",
			wantNext: []string{"c"},
		},
		{
			name:     "wide header is cut short",
			in:       "a,b,c,d,e,f,g,h,i,j\n1\n1,2,3,4,5,6,7,8,9,10\n",
			wantLine: 2,
			wantMsg:  "in.csv:2: row has 1 field, want 10 (the header has 10 columns: a, b, c, d, e, f, g, h, ...); fix the row",
			wantNext: []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := OpenWith(strings.NewReader(tt.in), "in.csv", FormatCSV, Options{})
			if err != nil {
				t.Fatalf("OpenWith: %v", err)
			}
			var rerr error
			for rerr == nil {
				_, rerr = r.Read()
			}
			var pe *ParseError
			if !errors.As(rerr, &pe) || pe.File != "in.csv" || pe.Line != tt.wantLine {
				t.Fatalf("got %v (%T), want a *ParseError for in.csv line %d", rerr, rerr, tt.wantLine)
			}
			if !errors.Is(rerr, csv.ErrFieldCount) {
				t.Errorf("errors.Is(%v, csv.ErrFieldCount) = false", rerr)
			}
			if got := rerr.Error(); got != tt.wantMsg {
				t.Errorf("message:\ngot  %q\nwant %q", got, tt.wantMsg)
			}
			rec, err := r.Read()
			if err != nil || !reflect.DeepEqual(rec.Fields, tt.wantNext) {
				t.Errorf("Read after the error = %v, %v; want %q", rec, err, tt.wantNext)
			}
			if got := r.(Diagnoser).Diagnostics().Ragged; got != 0 {
				t.Errorf("Diagnostics().Ragged = %d, want 0 without Lenient", got)
			}
		})
	}
}

// TestCSVBrokenQuotes checks that Lenient is only about field counts:
// broken quoting is an error with file, line and column either way.
func TestCSVBrokenQuotes(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		wantIs  error
		wantMsg string
	}{
		{"bare quote", "id,text\n1,a\"b\n2,c\n", csv.ErrBareQuote, `in.csv:2:4: bare " in non-quoted-field`},
		{"text after a closing quote", "id,text\n1,\"a\"b\n2,c\n", csv.ErrQuote, `in.csv:2:5: extraneous or missing " in quoted-field`},
		{"unterminated quote", "id;text\n1;\"never closed\n2;c\n", csv.ErrQuote, `in.csv:3:5: extraneous or missing " in quoted-field (in the record starting on line 2)`},
	}
	for _, tt := range tests {
		for _, lenient := range []bool{false, true} {
			name := tt.name
			if lenient {
				name += ", lenient"
			}
			t.Run(name, func(t *testing.T) {
				r, err := OpenWith(strings.NewReader(tt.in), "in.csv", FormatCSV, Options{Lenient: lenient})
				if err != nil {
					t.Fatalf("OpenWith: %v", err)
				}
				var rerr error
				for rerr == nil {
					_, rerr = r.Read()
				}
				var pe *ParseError
				if !errors.As(rerr, &pe) || pe.Column == 0 {
					t.Fatalf("got %v (%T), want a *ParseError with a column", rerr, rerr)
				}
				if !errors.Is(rerr, tt.wantIs) {
					t.Errorf("errors.Is(%v, %v) = false", rerr, tt.wantIs)
				}
				if got := rerr.Error(); got != tt.wantMsg {
					t.Errorf("message:\ngot  %q\nwant %q", got, tt.wantMsg)
				}
			})
		}
	}
}

func TestOpenWithErrors(t *testing.T) {
	errRead := errors.New("disk on fire")
	tests := []struct {
		name    string
		r       io.Reader
		opt     Options
		wantIs  error
		wantMsg string
	}{
		{"quote as delimiter", strings.NewReader("a,b\n"), Options{Delimiter: '"'}, nil, `in.csv: '"' cannot separate CSV fields`},
		{"newline as delimiter", strings.NewReader("a,b\n"), Options{Delimiter: '\n'}, nil, `in.csv: '\n' cannot separate CSV fields`},
		{"empty", strings.NewReader(""), Options{}, ErrEmpty, "in.csv: empty input, no header row"},
		{"bom and blank lines only", strings.NewReader("\ufeff\n\r\n"), Options{}, ErrEmpty, "in.csv: empty input, no header row"},
		{"read error while sniffing", io.MultiReader(strings.NewReader("id;te"), iotest.ErrReader(errRead)), Options{}, errRead, "in.csv: disk on fire"},
		{"read error with a given delimiter", io.MultiReader(strings.NewReader("id;te"), iotest.ErrReader(errRead)), Options{Delimiter: ';'}, errRead, "in.csv: disk on fire"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := OpenWith(tt.r, "in.csv", FormatCSV, tt.opt)
			if err == nil {
				t.Fatalf("got a reader with header %q, want an error", r.Header())
			}
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Errorf("errors.Is(%v, %v) = false", err, tt.wantIs)
			}
			if got := err.Error(); got != tt.wantMsg {
				t.Errorf("got %q, want %q", got, tt.wantMsg)
			}
		})
	}
}

// stingyReader hands out its chunks one Read at a time and fails the test
// if read after the last one, standing for a terminal or pipe that has
// sent only the header so far.
type stingyReader struct {
	t      *testing.T
	chunks []string
}

func (s *stingyReader) Read(p []byte) (int, error) {
	if len(s.chunks) == 0 {
		s.t.Error("read past the header line")
		return 0, io.EOF
	}
	n := copy(p, s.chunks[0])
	s.chunks[0] = s.chunks[0][n:]
	if s.chunks[0] == "" {
		s.chunks = s.chunks[1:]
	}
	return n, nil
}

// TestSniffDoesNotReadAhead checks that sniffing waits only for the header
// line, so that `stance label -` answers the first rows of a slow stream.
func TestSniffDoesNotReadAhead(t *testing.T) {
	r, err := OpenWith(&stingyReader{t: t, chunks: []string{"\ufeffid;", "te", "xt\r\n"}}, "-", FormatCSV, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := r.Header(), []string{"id", "text"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Header() = %q, want %q", got, want)
	}
	if d := r.(Diagnoser).Diagnostics(); d.Delimiter != ';' || !d.Sniffed {
		t.Errorf("Diagnostics() = %+v, want ';' sniffed", d)
	}
}

// TestOpenWithFormats checks that every Reader OpenWith returns, and the
// Reader Canonicalize wraps around it, reports Diagnostics, and that
// Canonicalize keeps each record's notes.
func TestOpenWithFormats(t *testing.T) {
	tests := []struct {
		name      string
		file      string
		in        string
		wantNotes [][]string
		wantDiag  Diagnostics
	}{
		{
			name:      "csv",
			file:      "in.csv",
			in:        "text;id\nb\xe4d;1\nok;2\nshort\n",
			wantNotes: [][]string{{noteInvalidUTF8}, nil, {"ragged row: 1 field, want 2; padded with empty fields"}},
			wantDiag:  Diagnostics{Delimiter: ';', Sniffed: true, InvalidUTF8: 1, Ragged: 1},
		},
		{
			name:      "jsonl, options ignored",
			file:      "in.jsonl",
			in:        "{\"id\":1,\"text\":\"ok\"}\n{\"id\":2,\"text\":\"b\xe4d\"}\n",
			wantNotes: [][]string{nil, {noteInvalidUTF8}},
			wantDiag:  Diagnostics{InvalidUTF8: 1},
		},
		{
			name:      "thread",
			file:      "in.txt",
			in:        "Title\n\nAnn (Oslo)\nb\xe4d\nBob (Rome)\nfine\n",
			wantNotes: [][]string{{noteInvalidUTF8}, nil},
			wantDiag:  Diagnostics{InvalidUTF8: 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := OpenWith(strings.NewReader(tt.in), tt.file, FormatAuto, Options{Lenient: true})
			if err != nil {
				t.Fatal(err)
			}
			c, err := Canonicalize(r, tt.file, DefaultColumns())
			if err != nil {
				t.Fatal(err)
			}
			recs := readAll(t, c)
			if got := notes(recs); !reflect.DeepEqual(got, tt.wantNotes) {
				t.Errorf("notes:\ngot  %q\nwant %q", got, tt.wantNotes)
			}
			for _, rd := range []Reader{r, c} {
				d, ok := rd.(Diagnoser)
				if !ok {
					t.Fatalf("%T does not implement Diagnoser", rd)
				}
				if got := d.Diagnostics(); got != tt.wantDiag {
					t.Errorf("%T: Diagnostics() = %+v, want %+v", rd, got, tt.wantDiag)
				}
			}
		})
	}
}
