package data

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

var (
	// commentHeaderRE matches a comment header line "Name (Location)". The
	// name is limited to 60 characters so that ordinary sentences ending in
	// a parenthesis, such as "... (see above)", are not taken for headers.
	commentHeaderRE = regexp.MustCompile(`^([^()\s][^()]{0,59}) \(([^()]{1,80})\)$`)
	// metaRE finds the announced comment count in a line such as
	// "Feb 03, 2016 · 202 comments".
	metaRE = regexp.MustCompile(`(?i)(\d[\d,]*) comments?\b`)
)

// ThreadReader reads comment-thread text: a title line, optionally a meta
// line announcing the comment count, then comments, each a header line
// "Name (Location)" followed by body lines. Its header is CanonicalColumns.
//
// Text without any comment header is an article page. It yields a record
// with id "a001" holding the article: the title and the body paragraphs,
// without the page's menus, link lists and prompts; then, when the page
// holds reader comments, one record per comment with ids "c001", ... and
// the commenter as author. The rules are those of splitArticle; Dropped
// counts the lines they dropped.
//
// The source column is ReadableSource(file, title): the file name, or a
// slug of the title when the file name is a machine-made hash.
//
// ThreadReader implements Reader and Diagnoser.
type ThreadReader struct {
	br     *bufio.Reader
	lim    *recordLimit // under br, marked at each comment header
	file   string
	source string

	line      int  // number of lines consumed so far
	eof       bool // the underlying reader is exhausted
	err       error
	announced int
	diag      Diagnostics
	lineBad   bool // the last line read had invalid UTF-8, now replaced

	// bad says that the record being built (the article, or the pending
	// comment with its header line) had invalid UTF-8 replaced.
	bad bool

	inThread bool // a comment header has been seen: this is not an article
	blanks   int  // blank lines seen since the last non-blank line of the text being built
	text     strings.Builder

	article []articleLine // the non-blank lines of an article page so far
	parts   []articlePart // records of the article page not yet returned
	partN   int           // comments of the article page returned so far
	dropped int           // article lines dropped by splitArticle

	n        int  // number of comments started so far
	pending  bool // a comment header has been read and its record not yet returned
	author   string
	location string
	start    int // line of the pending comment's header
}

// NewThreadReader returns a reader for comment-thread text named file. The
// source column of every record is SourceName(file). A comment, or an
// article, spanning more than DefaultMaxRecordBytes of input is an error.
func NewThreadReader(r io.Reader, file string) *ThreadReader {
	return newThreadReader(r, file, 0)
}

// newThreadReader is NewThreadReader with Options.MaxRecordBytes.
func newThreadReader(r io.Reader, file string, maxRecord int64) *ThreadReader {
	lim := newRecordLimit(r, maxRecord)
	return &ThreadReader{
		br:        bufio.NewReader(lim),
		lim:       lim,
		file:      file,
		source:    SourceName(file),
		announced: -1,
	}
}

// Header returns CanonicalColumns.
func (t *ThreadReader) Header() []string { return CanonicalColumns() }

// Diagnostics returns the repairs made so far.
func (t *ThreadReader) Diagnostics() Diagnostics { return t.diag }

// noted adds the UTF-8 note to rec if the text it was built from needed
// one, and starts afresh for the next record.
func (t *ThreadReader) noted(rec *Record) *Record {
	if t.bad {
		rec.Notes = []string{noteInvalidUTF8}
		t.diag.InvalidUTF8++
	}
	t.bad = false
	return rec
}

// Dropped returns the number of lines of an article page that were dropped
// as navigation, link lists, prompts or fragments (see the type's doc). It
// is valid once Read has returned io.EOF.
func (t *ThreadReader) Dropped() int { return t.dropped }

// Source returns the source column's value, final once Read has returned
// its first record or io.EOF.
func (t *ThreadReader) Source() string { return t.source }

// Announced returns the comment count announced by the meta line (for
// example 202 for "Feb 03, 2016 · 202 comments"), or -1 if there is none or
// the input is an article. It is valid once Read has returned its first
// record or io.EOF.
func (t *ThreadReader) Announced() int { return t.announced }

// Read returns the next comment, or the article, and io.EOF after the last
// record. Comment ids are "c001", "c002", ... in input order; wider once
// there are more than 999 comments.
func (t *ThreadReader) Read() (*Record, error) {
	if len(t.parts) > 0 {
		return t.nextPart(), nil
	}
	if t.err != nil {
		return nil, t.err
	}
	for {
		line, ok, err := t.nextLine()
		if err != nil {
			t.err = err
			return nil, err
		}
		if !ok {
			t.err = io.EOF
			return t.finish()
		}
		if t.line == 1 {
			t.bad = t.lineBad
			line = strings.TrimPrefix(line, utf8BOM)
			t.source = ReadableSource(t.file, strings.TrimSpace(line))
			t.addArticleLine(line)
			continue
		}
		if author, location, ok := parseCommentHeader(line); ok {
			var rec *Record
			if t.inThread {
				rec = t.comment()
			} else {
				// The text so far was preamble, not an article; release it.
				t.inThread = true
				t.article = nil
				t.blanks = 0
			}
			t.bad = t.lineBad
			t.n++
			t.pending, t.author, t.location, t.start = true, author, location, t.line
			t.lim.mark()
			if rec != nil {
				return rec, nil
			}
			continue
		}
		t.bad = t.bad || t.lineBad
		if t.inThread {
			t.addBodyLine(line)
			continue
		}
		if t.announced < 0 {
			t.announced = parseAnnounced(line)
		}
		t.addArticleLine(line)
	}
}

// finish returns the last record at the end of the input.
func (t *ThreadReader) finish() (*Record, error) {
	if t.inThread {
		if t.pending {
			return t.comment(), nil
		}
		return nil, io.EOF
	}
	// A count found in an article is prose, not a thread's meta line.
	t.announced = -1
	if len(t.article) == 0 {
		return nil, io.EOF
	}
	t.parts, t.dropped = splitArticle(t.article)
	t.article = nil
	return t.nextPart(), nil
}

// nextPart returns the next record cut from an article page: the body,
// then its comments.
func (t *ThreadReader) nextPart() *Record {
	p := t.parts[0]
	t.parts = t.parts[1:]
	id := "a001"
	if p.author != "" {
		t.partN++
		id = fmt.Sprintf("c%03d", t.partN)
	}
	// The UTF-8 note cannot be traced to a part after the split; every
	// part of a damaged page carries it.
	rec := &Record{Line: p.line, Fields: []string{id, t.source, p.author, "", p.text}}
	if t.bad {
		rec.Notes = []string{noteInvalidUTF8}
		t.diag.InvalidUTF8++
	}
	return rec
}

// comment returns the pending comment as a record and clears it.
func (t *ThreadReader) comment() *Record {
	rec := t.noted(&Record{
		Line:   t.start,
		Fields: []string{fmt.Sprintf("c%03d", t.n), t.source, t.author, t.location, t.text.String()},
	})
	t.pending = false
	t.text.Reset()
	t.blanks = 0
	return rec
}

// addBodyLine appends a comment body line. Blank lines are held back until
// a non-blank line follows, which drops leading and trailing blank lines
// while keeping paragraph breaks exactly.
func (t *ThreadReader) addBodyLine(line string) {
	if line == "" {
		if t.text.Len() > 0 {
			t.blanks++
		}
		return
	}
	if t.text.Len() > 0 {
		t.text.WriteString(strings.Repeat("\n", t.blanks+1))
	}
	t.blanks = 0
	t.text.WriteString(line)
}

// addArticleLine keeps a line of a possible article page for splitArticle,
// with the number of blank lines before it: runs of blank lines collapse
// to one paragraph break in the text, but a run of two or more marks a
// section break, where reader comments may start.
func (t *ThreadReader) addArticleLine(line string) {
	if line == "" {
		if len(t.article) > 0 {
			t.blanks++
		}
		return
	}
	t.article = append(t.article, articleLine{line: t.line, text: line, blanks: t.blanks})
	t.blanks = 0
}

// nextLine returns the next line without its line ending and trailing
// whitespace; ok is false at the end of the input. ReadString is used
// because it has no line length limit. Invalid UTF-8 is replaced, and
// lineBad set, before the line is looked at, so that a damaged comment
// header is still recognised.
func (t *ThreadReader) nextLine() (line string, ok bool, err error) {
	if t.eof {
		return "", false, nil
	}
	s, err := t.br.ReadString('\n')
	if errors.Is(err, ErrRecordTooLong) {
		what := "the text"
		if t.pending {
			what = fmt.Sprintf("the comment starting on line %d", t.start)
		}
		return "", false, &ParseError{File: t.file, Line: t.line + 1, Err: t.lim.tooLong(what, "")}
	}
	if err != nil {
		if !errors.Is(err, io.EOF) {
			return "", false, ioError(t.file, err)
		}
		t.eof = true
		if s == "" {
			return "", false, nil
		}
	}
	t.line++
	t.lineBad = !utf8.ValidString(s)
	if t.lineBad {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return strings.TrimRightFunc(s, unicode.IsSpace), true, nil
}

// parseCommentHeader reports whether line, already stripped of trailing
// whitespace, is a comment header, and returns its trimmed parts.
func parseCommentHeader(line string) (author, location string, ok bool) {
	// Cheap test first: most body lines do not end in ')' and some are long.
	if !strings.HasSuffix(line, ")") {
		return "", "", false
	}
	m := commentHeaderRE.FindStringSubmatch(line)
	if m == nil {
		return "", "", false
	}
	author, location = strings.TrimSpace(m[1]), strings.TrimSpace(m[2])
	if author == "" || location == "" {
		// "word ( )" is prose, not "Name (Location)". The pattern's \s
		// is ASCII only, so a part of Unicode spaces gets this far.
		return "", "", false
	}
	return author, location, true
}

// parseAnnounced returns the comment count announced in line, or -1.
func parseAnnounced(line string) int {
	m := metaRE.FindStringSubmatch(line)
	if m == nil {
		return -1
	}
	n, err := strconv.Atoi(strings.ReplaceAll(m[1], ",", ""))
	if err != nil {
		return -1
	}
	return n
}
