package data

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The column names every command reads unless told otherwise: those of the
// canonical layout (CanonicalColumns).
const (
	DefaultTextColumn = "text"
	DefaultIDColumn   = "id"
)

// Columns names the columns of an input that a command reads. The zero
// value reads the text from "text" and ids from "id", and no label
// columns: DefaultColumns.
type Columns struct {
	// Text names the column holding each comment's text; DefaultTextColumn
	// when "". A comment thread's text is always in "text", whatever Text
	// says, since a thread has no columns of its own.
	Text string `json:"text,omitempty"`
	// ID names the column of unique row ids; DefaultIDColumn when "".
	ID string `json:"id,omitempty"`
	// Labels names the label columns, in order.
	Labels []string `json:"labels,omitempty"`
	// Group names the column whose value says which group a row belongs
	// to (a thread, a target), each group with a model of its own; ""
	// when rows are not grouped. It has no default.
	Group string `json:"group,omitempty"`
}

// DefaultColumns returns the Columns that every command starts from:
// text in "text", ids in "id", no label columns.
func DefaultColumns() Columns {
	return Columns{Text: DefaultTextColumn, ID: DefaultIDColumn}
}

// TextColumn returns the name of the text column: c.Text, or
// DefaultTextColumn when it is empty.
func (c Columns) TextColumn() string {
	if c.Text == "" {
		return DefaultTextColumn
	}
	return c.Text
}

// IDColumn returns the name of the id column: c.ID, or DefaultIDColumn
// when it is empty.
func (c Columns) IDColumn() string {
	if c.ID == "" {
		return DefaultIDColumn
	}
	return c.ID
}

// TextColumnIn returns the text column of r: "text" for a comment thread,
// whose header is fixed, else c.TextColumn().
func (c Columns) TextColumnIn(r Reader) string {
	switch r.(type) {
	case *ThreadReader, *sourcedReader:
		return DefaultTextColumn
	}
	return c.TextColumn()
}

// The kinds of column a ColumnError can be about.
const (
	KindText    = "text"
	KindID      = "id"
	KindLabel   = "label"
	KindGroupBy = "group-by"
	// The columns of a labelled file that eval -pred scores: gold labels,
	// and the predictions made for them.
	KindGold       = "gold label"
	KindPrediction = "prediction"
)

// ColumnError reports a column that an input lacks. Its message is the
// one every command gives: `file: no text column "text"; columns are:
// "id", "Text "; did you mean "Text "?`. The command that set the column
// (a flag, a config key) knows how to name the fix; Near is there for it.
type ColumnError struct {
	File   string   // the input, "" when unknown
	Kind   string   // what the column is for: KindText, KindID, KindLabel, KindGroupBy, KindGold or KindPrediction
	Name   string   // the column looked for
	Header []string // the input's columns
	// Near is the column of Header that differs from Name only in letter
	// case or surrounding white space (the usual spreadsheet slip: "Text",
	// " text", "TEXT "), or "" when there is none.
	Near string
}

// NewColumnError returns the error for column name of the given kind
// missing from header, with Near filled in.
func NewColumnError(file, kind, name string, header []string) *ColumnError {
	e := &ColumnError{File: file, Kind: kind, Name: name, Header: slices.Clone(header)}
	for _, h := range header {
		if strings.EqualFold(strings.TrimSpace(h), strings.TrimSpace(name)) {
			e.Near = h
			break
		}
	}
	return e
}

// Error formats the error, with the near miss when there is one. Columns
// are Go-quoted so that an empty name or a trailing space shows.
func (e *ColumnError) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File + ": ")
	}
	fmt.Fprintf(&b, "no %s column %q; columns are: %s", e.Kind, e.Name, QuoteList(e.Header))
	if e.Near != "" {
		fmt.Fprintf(&b, "; did you mean %q?", e.Near)
	}
	return b.String()
}

// Bounds of QuoteList, so that a header of binary garbage or a file with
// thousands of columns gives a message of a few lines.
const (
	maxListedNames = 20
	maxNameBytes   = 60
)

// QuoteList returns the strings of s Go-quoted and comma-separated, so
// that an empty name or one with a trailing space shows. Past 20 names it
// says how many more there are, and a name over 60 bytes is cut (at a
// character boundary) and marked with "...".
func QuoteList(s []string) string {
	var b strings.Builder
	for i, v := range s {
		if i == maxListedNames {
			fmt.Fprintf(&b, ", and %d more", len(s)-i)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		cut := ""
		if len(v) > maxNameBytes {
			n := maxNameBytes
			for n > 0 && !utf8.RuneStart(v[n]) {
				n--
			}
			v, cut = v[:n], "..."
		}
		b.WriteString(strconv.Quote(v) + cut)
	}
	return b.String()
}
