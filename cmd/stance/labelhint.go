package main

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/stance-nlp/stance/data"
)

// Bounds of what looks like a label column: a handful of short values,
// repeated. A column with more values, or longer ones, is text, a name or a
// date; one whose every value differs is an id.
const (
	maxHintLabels     = 50   // distinct values
	maxHintLabelBytes = 40   // bytes of the longest value
	maxHintRows       = 5000 // rows looked at: enough to tell, quick on a big file
)

// labelHintError is a missing label column with the flag that names the
// file's label columns: the error as read, then the hint.
type labelHintError struct {
	err  error
	hint string
}

func (h *labelHintError) Error() string { return h.err.Error() + h.hint }
func (h *labelHintError) Unwrap() error { return h.err }

// withLabelHint returns err, a failure to read the training or gold file
// path with columns cols, with a hint when it is a label column missing
// with no near miss in the header (which flagHint already names): the
// -labels flag, with the columns of path that look like labels (see
// labelLike) beside those of cols.Labels it has. Standard input cannot be
// read again, so there the hint names the flag alone.
func withLabelHint(e *env, in *inputFlags, path string, cols data.Columns, err error) error {
	var ce *data.ColumnError
	if !errors.As(err, &ce) || ce.Kind != data.KindLabel || ce.Near != "" {
		return err
	}
	if path == "-" {
		return &labelHintError{err, "; -labels names the label columns"}
	}
	var have []string
	for _, l := range cols.Labels {
		if slices.Contains(ce.Header, l) {
			have = append(have, l)
		}
	}
	skip := append([]string{cols.TextColumn(), cols.IDColumn(), cols.Group}, have...)
	like, lerr := labelLike(e, in, path, skip)
	if lerr != nil || len(like) == 0 {
		if len(have) > 0 {
			return &labelHintError{err, fmt.Sprintf("; -labels %s trains on the label columns there are", shellList(have))}
		}
		return &labelHintError{err, "; no column looks like labels (a few short values, repeated); -labels names the label columns"}
	}
	var names []string
	for _, l := range like {
		names = append(names, fmt.Sprintf("%q (%s)", l.name, plural(l.values, "value", "values")))
	}
	what := "looks like labels"
	if len(like) > 1 {
		what = "look like labels"
	}
	cols2 := append(have, columnNames(like)...)
	return &labelHintError{err, fmt.Sprintf("\n  %s %s: -labels %s", orList(names), what, shellList(cols2))}
}

// labelColumn is a column that looks like labels, with its number of
// distinct values.
type labelColumn struct {
	name   string
	values int
}

func columnNames(l []labelColumn) []string {
	var s []string
	for _, c := range l {
		s = append(s, c.name)
	}
	return s
}

// labelLike returns the columns of path, in header order and skip left
// out, that look like labels in its first maxHintRows rows: at least two
// and at most maxHintLabels distinct non-empty values, none longer than
// maxHintLabelBytes, and some value repeated (fewer distinct values than
// non-empty rows), which an id or a text column never has.
func labelLike(e *env, in *inputFlags, path string, skip []string) ([]labelColumn, error) {
	f, err := in.open(e, path, data.FormatCSV)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	header := f.Header()
	distinct := make([]map[string]bool, len(header))
	filled := make([]int, len(header))
	out := make([]bool, len(header)) // ruled out
	for i, h := range header {
		distinct[i] = map[string]bool{}
		out[i] = slices.Contains(skip, h)
	}
	for n := 0; n < maxHintRows; n++ {
		rec, err := f.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		for i, v := range rec.Fields {
			if i >= len(header) || out[i] {
				continue
			}
			v = strings.TrimSpace(v)
			if v == "" {
				continue
			}
			filled[i]++
			distinct[i][v] = true
			if len(v) > maxHintLabelBytes || len(distinct[i]) > maxHintLabels {
				out[i] = true
			}
		}
	}
	var like []labelColumn
	for i, h := range header {
		if k := len(distinct[i]); !out[i] && k >= 2 && k < filled[i] {
			like = append(like, labelColumn{h, k})
		}
	}
	return like, nil
}

// shellList returns names as one comma-separated shell word, each name
// quoted only if it needs it.
func shellList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = shellQuote(n)
	}
	return strings.Join(q, ",")
}
