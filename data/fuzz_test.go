package data

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// The fuzz targets check invariants every reader promises whatever the
// input: no panic, one field per header column, lines that only go
// forward, errors that name the file, valid UTF-8 out, notes and
// Diagnostics that agree, and no row lost. Besides the seeds below, the
// corpus in testdata/fuzz holds inputs worth keeping, crashers included.

// csvSeeds are small realistic inputs, the messy kinds spreadsheets and
// scrapers produce.
func csvSeeds() []string {
	return []string{
		"id,text\n1,hello\n2,\"two\nlines\"\n",
		"\ufeffid;author;text\r\ne1;Anna;Help them, now.\r\ne2;J\u00fcrgen;\"Stay out; it is \"\"their\"\" war.\"\r\n",
		"id\ttext\tscore\nt1\tWe should not, ever.\t3\n",
		"id|text\np1|Yes, why not.\n",
		"id,text,extra\nr1,fine,x\nr2,short\nr3,long,x,y,z\n",
		"id,text\nm1,caf\xe9 au lait\nm2,ok\n",
		"id,t\xffxt\n1,a\n",
		"id,text\n1,a\"b\n2,\"never closed\n",
		"text\n\"\"\n\nx\n",
		"\"a;b\",c\n1,2\n",
		"id;text",
		"",
	}
}

// fuzzStep is one call of Read: a record or an error.
type fuzzStep struct {
	rec *Record
	err error
}

// fuzzRead is what a reader made of one input.
type fuzzRead struct {
	openErr error
	header  []string
	steps   []fuzzStep // up to and excluding io.EOF
	diag    Diagnostics
}

// readSteps drains r, going on after a *ParseError as callers that skip
// bad rows do, and checks the invariants of each step. Every Read consumes
// input, so more steps than maxSteps means the reader is stuck.
func readSteps(t *testing.T, r Reader, file string, maxSteps int) []fuzzStep {
	t.Helper()
	header := r.Header()
	var steps []fuzzStep
	lastLine := 0
	for {
		if len(steps) > maxSteps {
			t.Fatalf("more than %d Read calls without io.EOF", maxSteps)
		}
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			if rec != nil {
				t.Errorf("Read returned a record with io.EOF")
			}
			if _, err := r.Read(); !errors.Is(err, io.EOF) {
				t.Errorf("Read after io.EOF = %v, want io.EOF again", err)
			}
			return steps
		}
		steps = append(steps, fuzzStep{rec, err})
		if err != nil {
			if rec != nil {
				t.Errorf("Read returned a record with error %v", err)
			}
			if !strings.HasPrefix(err.Error(), file+":") {
				t.Errorf("error %q does not start with the file name", err)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				return steps // any other error is sticky
			}
			if pe.File != file || pe.Line <= lastLine {
				t.Errorf("ParseError for %q line %d after a record on line %d", pe.File, pe.Line, lastLine)
			}
			continue
		}
		if len(rec.Fields) != len(header) {
			t.Errorf("record on line %d has %d fields, header %d", rec.Line, len(rec.Fields), len(header))
		}
		if rec.Line <= lastLine {
			t.Errorf("record on line %d after one on line %d", rec.Line, lastLine)
		}
		lastLine = rec.Line
		for i, s := range rec.Fields {
			if !utf8.ValidString(s) {
				t.Errorf("line %d field %d is not valid UTF-8: %q", rec.Line, i+1, s)
			}
		}
	}
}

// countNotes counts the records with a note starting with prefix.
func countNotes(steps []fuzzStep, prefix string) int {
	n := 0
	for _, s := range steps {
		if s.rec == nil {
			continue
		}
		for _, note := range s.rec.Notes {
			if strings.HasPrefix(note, prefix) {
				n++
				break
			}
		}
	}
	return n
}

// checkHeaderOut checks what every reader promises about its header.
func checkHeaderOut(t *testing.T, header []string) {
	t.Helper()
	if len(header) == 0 {
		t.Fatalf("empty header")
	}
	for _, name := range header {
		if !utf8.ValidString(name) {
			t.Errorf("column name %q is not valid UTF-8", name)
		}
	}
	if err := checkHeader(header); err != nil {
		t.Errorf("header %q: %v", header, err)
	}
}

// fuzzCSV reads in as CSV in one mode and checks that mode's invariants.
func fuzzCSV(t *testing.T, in []byte, lenient bool) fuzzRead {
	const file = "fuzz.csv"
	r, err := OpenWith(bytes.NewReader(in), file, FormatCSV, Options{Lenient: lenient})
	if err != nil {
		if !strings.HasPrefix(err.Error(), file+":") {
			t.Errorf("error %q does not start with the file name", err)
		}
		return fuzzRead{openErr: err}
	}
	header := r.Header()
	checkHeaderOut(t, header)
	steps := readSteps(t, r, file, len(in)+1)
	d := r.(Diagnoser).Diagnostics()
	switch {
	case d.SepLine:
		// The separator comes from Excel's "sep=X" first line.
		if !bytes.HasPrefix(bytes.TrimPrefix(in, []byte(utf8BOM)), []byte("sep="+string(d.Delimiter))) || d.Sniffed {
			t.Errorf("Diagnostics() = %+v, but the input starts %q", d, in[:min(len(in), 10)])
		}
	case !strings.ContainsRune(sniffCandidates, d.Delimiter) || !d.Sniffed:
		t.Errorf("Diagnostics() = %+v, want a sniffed candidate separator", d)
	}
	if n := countNotes(steps, "ragged row"); d.Ragged != n {
		t.Errorf("Diagnostics().Ragged = %d, but %d records have the note", d.Ragged, n)
	}
	// The header row is counted but has no record to carry a note.
	if n := countNotes(steps, noteInvalidUTF8); d.InvalidUTF8 != n && d.InvalidUTF8 != n+1 {
		t.Errorf("Diagnostics().InvalidUTF8 = %d, but %d records have the note", d.InvalidUTF8, n)
	}
	for _, s := range steps {
		if lenient && errors.Is(s.err, csv.ErrFieldCount) {
			t.Errorf("lenient reader returned %v", s.err)
		}
		if s.rec == nil {
			continue
		}
		for _, note := range s.rec.Notes {
			var got int
			if _, err := fmt.Sscanf(note, "ragged row: %d", &got); err != nil || got <= len(header) {
				continue
			}
			// Nothing is lost: the extra fields are in the last one,
			// each after a separator.
			last := s.rec.Fields[len(header)-1]
			if n := strings.Count(last, string(d.Delimiter)); n < got-len(header) {
				t.Errorf("line %d: %q, %d fields joined into %q", s.rec.Line, note, got-len(header)+1, last)
			}
		}
	}
	return fuzzRead{header: header, steps: steps, diag: d}
}

// FuzzCSVReader reads each input strictly and leniently, with the
// separator sniffed, and checks that the two agree except on ragged rows,
// which lenient mode passes through, and that lenient output written with
// Writer reads back unchanged.
func FuzzCSVReader(f *testing.F) {
	for _, s := range csvSeeds() {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		strict := fuzzCSV(t, in, false)
		lenient := fuzzCSV(t, in, true)
		if (strict.openErr == nil) != (lenient.openErr == nil) {
			t.Fatalf("OpenWith: strict %v, lenient %v", strict.openErr, lenient.openErr)
		}
		if strict.openErr != nil {
			if strict.openErr.Error() != lenient.openErr.Error() {
				t.Errorf("OpenWith: strict %v, lenient %v", strict.openErr, lenient.openErr)
			}
			return
		}
		if !reflect.DeepEqual(strict.header, lenient.header) {
			t.Errorf("header: strict %q, lenient %q", strict.header, lenient.header)
		}
		if len(strict.steps) != len(lenient.steps) {
			t.Fatalf("strict took %d steps, lenient %d", len(strict.steps), len(lenient.steps))
		}
		for i, s := range strict.steps {
			l := lenient.steps[i]
			switch {
			case s.err == nil:
				if !reflect.DeepEqual(s.rec, l.rec) {
					t.Errorf("step %d: strict %+v, lenient %+v", i, s.rec, l.rec)
				}
			case errors.Is(s.err, csv.ErrFieldCount):
				var pe *ParseError
				errors.As(s.err, &pe)
				if l.rec == nil || l.rec.Line != pe.Line || countNotes(lenient.steps[i:i+1], "ragged row") != 1 {
					t.Errorf("step %d: strict %v, lenient %+v, %v; want a noted record", i, s.err, l.rec, l.err)
				}
			case l.err == nil || s.err.Error() != l.err.Error():
				t.Errorf("step %d: strict %v, lenient %+v, %v", i, s.err, l.rec, l.err)
			}
		}
		checkCSVRoundTrip(t, lenient)
	})
}

// checkCSVRoundTrip writes what was read, when it was read without error,
// and reads it back. encoding/csv reads "\r\n" inside a quoted field as
// "\n" (its documented normalisation), so a field holding "\r\n", which
// only "\r\r\n" in the input produces, comes back with "\n" there; that is
// the one change allowed.
func checkCSVRoundTrip(t *testing.T, got fuzzRead) {
	var written, want [][]string
	for _, s := range got.steps {
		if s.err != nil {
			return
		}
		written = append(written, s.rec.Fields)
		want = append(want, crlfToLF(s.rec.Fields))
	}
	if h := crlfToLF(got.header); checkHeader(h) != nil {
		// Names apart only by "\r\n" against "\n" read back as one name
		// twice, which the reader refuses: nothing to compare.
		return
	}
	var buf bytes.Buffer
	w := NewWriter(&buf)
	w.Write(got.header)
	for _, rec := range written {
		w.Write(rec)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatalf("Writer: %v", err)
	}
	out := buf.String()
	r, err := NewCSVReader(&buf, "out.csv")
	if err != nil {
		t.Fatalf("reading back %q: %v", out, err)
	}
	if h := r.Header(); !reflect.DeepEqual(h, crlfToLF(got.header)) {
		t.Errorf("header read back %q, want %q", h, got.header)
	}
	back, err := ReadAll(r)
	if err != nil {
		t.Fatalf("reading back %q: %v", out, err)
	}
	if len(back) != len(want) || len(want) > 0 && !reflect.DeepEqual(back, want) {
		t.Errorf("read back %q\nfrom %q\nwant %q", back, out, want)
	}
}

// crlfToLF is fields as encoding/csv reads them back once written.
func crlfToLF(fields []string) []string {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = strings.ReplaceAll(f, "\r\n", "\n")
	}
	return out
}

// FuzzJSONLReader checks the JSONL reader's invariants, and that every
// non-blank line became a record or an error.
func FuzzJSONLReader(f *testing.F) {
	for _, s := range []string{
		`{"id":"1","text":"a"}` + "\n" + `{"text":"b","id":2}` + "\n",
		"\ufeff{\"id\":1}\r\n\r\n{\"id\":2}\r\n",
		"{\"id\":\"1\",\"text\":\"caf\xe9\"}\n{\"id\":\"2\",\"t\xe9xt\":\"b\"}\n",
		`{"a":1}` + "\n" + `{"a":2,}` + "\n" + `["x"]` + "\n" + `{"a":[1,{"b":null}]}`,
		`{"a":1.50,"b":true,"c":null,"d":"\ud800"}`,
		`{"":1}`,
		"",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		const file = "fuzz.jsonl"
		r, err := NewJSONLReader(bytes.NewReader(in), file)
		if err != nil {
			if !strings.HasPrefix(err.Error(), file+":") {
				t.Errorf("error %q does not start with the file name", err)
			}
			return
		}
		checkHeaderOut(t, r.Header())
		steps := readSteps(t, r, file, len(in)+1)
		if n := countNotes(steps, noteInvalidUTF8); r.Diagnostics() != (Diagnostics{InvalidUTF8: n}) {
			t.Errorf("Diagnostics() = %+v, but %d records have the UTF-8 note", r.Diagnostics(), n)
		}
		nonBlank := 0
		for _, line := range strings.Split(strings.TrimPrefix(string(in), utf8BOM), "\n") {
			if strings.TrimSpace(line) != "" {
				nonBlank++
			}
		}
		if len(steps) != nonBlank {
			t.Errorf("%d records and errors from %d non-blank lines", len(steps), nonBlank)
		}
	})
}

// FuzzThreadReader checks the thread reader's invariants, and that every
// comment header after the title line became a comment.
func FuzzThreadReader(f *testing.F) {
	for _, s := range []string{
		"Title\nFeb 03, 2016 \u00b7 2 comments\n\nAnn (Oslo)\nfirst\n\nsecond para\nBob (Rome)\nreply\n",
		"\ufeffTitle\r\n\r\nAnn (Oslo)\r\nbody\r\n",
		"Just an article.\n\n\nWith paragraphs (see above)\n",
		"T\xefle\nJ\xfcrgen (K\xf6ln)\nnot \xe9 fine\n",
		"Ann (Oslo)\nAnn (Oslo)\n\nBob (Rome)",
		"",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		const file = "fuzz.txt"
		r := NewThreadReader(bytes.NewReader(in), file)
		if h := r.Header(); !reflect.DeepEqual(h, CanonicalColumns()) {
			t.Fatalf("Header() = %q", h)
		}
		steps := readSteps(t, r, file, len(in)+1)
		headers := 0
		for i, line := range strings.Split(string(in), "\n") {
			line = strings.TrimRightFunc(strings.ToValidUTF8(line, "\ufffd"), unicode.IsSpace)
			if _, _, ok := parseCommentHeader(line); ok && i > 0 {
				headers++
			}
		}
		comments := 0
		for i, s := range steps {
			if s.err != nil {
				t.Fatalf("Read: %v (a thread has no malformed input)", s.err)
			}
			f := s.rec.Fields
			if f[colSource] != "fuzz" {
				t.Errorf("source %q, want fuzz", f[colSource])
			}
			text := f[colText]
			if strings.HasPrefix(text, "\n") || strings.HasSuffix(text, "\n") {
				t.Errorf("text %q starts or ends with a blank line", text)
			}
			if f[colID] == "a001" {
				if i != 0 || s.rec.Line != 1 || text == "" {
					t.Errorf("article record %+v is record %d of %d", s.rec, i+1, len(steps))
				}
				continue
			}
			if len(steps) > 0 && steps[0].rec.Fields[colID] == "a001" {
				// A reader comment on an article page: a name, no location.
				if want := fmt.Sprintf("c%03d", i); f[colID] != want || f[colAuthor] == "" || f[colLocation] != "" {
					t.Errorf("article comment %+v, want id %s with an author and no location", s.rec, want)
				}
				continue
			}
			comments++
			if want := fmt.Sprintf("c%03d", i+1); f[colID] != want {
				t.Errorf("id %q, want %q", f[colID], want)
			}
			if f[colAuthor] == "" || f[colLocation] == "" || s.rec.Line < 2 {
				t.Errorf("comment %+v without author, location or a line after the title", s.rec)
			}
		}
		if headers > 0 && comments != headers {
			t.Errorf("%d comments from %d comment header lines", comments, headers)
		}
		if n := countNotes(steps, noteInvalidUTF8); r.Diagnostics() != (Diagnostics{InvalidUTF8: n}) {
			t.Errorf("Diagnostics() = %+v, but %d records have the UTF-8 note", r.Diagnostics(), n)
		}
		if a := r.Announced(); a < -1 {
			t.Errorf("Announced() = %d", a)
		}
	})
}
