package data

import (
	"fmt"
	"slices"
)

// Canonicalize maps r onto the canonical columns id, source, author,
// location, text, followed by every other column of r in input order (the
// "kept columns"). cols names the text and id columns (cols.Labels is
// ignored); it is a *ColumnError if r has no text column. id comes from
// the id column if present,
// else it is "r" and the 1-based record number padded to 4 digits (r0001);
// source comes from a "source" column, else SourceName(file); author and
// location come from columns of those names, else they are "". Column names
// match exactly, case included.
//
// A kept column named like a canonical column (an input "text" column when
// the text is in another column) is renamed with the suffix "_orig" so that the
// output header stays unique.
//
// A *ThreadReader, and any Reader whose header already is exactly the
// canonical columns with text in "text" and ids in "id", is returned
// unchanged.
func Canonicalize(r Reader, file string, cols Columns) (Reader, error) {
	if _, ok := r.(*ThreadReader); ok {
		return r, nil
	}
	textCol, idCol := cols.TextColumn(), cols.IDColumn()
	in := r.Header()
	canon := CanonicalColumns()
	if textCol == DefaultTextColumn && idCol == DefaultIDColumn && slices.Equal(in, canon) {
		return r, nil
	}

	c := &canonReader{r: r, source: SourceName(file)}
	for col, name := range canon {
		switch col {
		case colText:
			name = textCol
		case colID:
			name = idCol
		}
		c.from[col] = slices.Index(in, name)
	}
	if c.from[colText] < 0 {
		return nil, NewColumnError(file, KindText, textCol, in)
	}

	header := CanonicalColumns()
	// Input names are reserved too, so that a renamed column never takes
	// the name of another kept column.
	taken := make(map[string]bool, len(in)+numCanonical)
	for _, name := range header {
		taken[name] = true
	}
	for _, name := range in {
		taken[name] = true
	}
	for i, name := range in {
		if slices.Contains(c.from[:], i) {
			continue
		}
		if slices.Contains(canon, name) {
			for taken[name] {
				name += "_orig"
			}
			taken[name] = true
		}
		header = append(header, name)
		c.kept = append(c.kept, i)
	}
	c.header = header
	return c, nil
}

// canonReader is the Reader returned by Canonicalize.
type canonReader struct {
	r      Reader
	source string
	header []string
	from   [numCanonical]int // input column of each canonical column, -1 if absent
	kept   []int             // input columns appended after the canonical ones
	n      int               // records returned so far
}

// Header returns the canonical columns followed by the kept columns.
func (c *canonReader) Header() []string { return headerCopy(c.header) }

// Read returns the next input record mapped onto Header. Errors from the
// input are returned unchanged so that a *ParseError keeps its line.
func (c *canonReader) Read() (*Record, error) {
	rec, err := c.r.Read()
	if err != nil {
		return nil, err
	}
	c.n++
	out := make([]string, 0, len(c.header))
	for col, i := range c.from {
		switch {
		case i >= 0:
			out = append(out, rec.Fields[i])
		case col == colID:
			out = append(out, fmt.Sprintf("r%04d", c.n))
		case col == colSource:
			out = append(out, c.source)
		default:
			out = append(out, "")
		}
	}
	for _, i := range c.kept {
		out = append(out, rec.Fields[i])
	}
	return &Record{Line: rec.Line, Fields: out, Notes: rec.Notes}, nil
}

// Diagnostics forwards to the wrapped Reader, so that a command can report
// on its input whether or not it canonicalized it.
func (c *canonReader) Diagnostics() Diagnostics {
	if d, ok := c.r.(Diagnoser); ok {
		return d.Diagnostics()
	}
	return Diagnostics{}
}
