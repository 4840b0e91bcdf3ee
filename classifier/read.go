package classifier

import (
	"errors"
	"fmt"
	"io"

	"github.com/stance-nlp/stance/data"
)

// ReadOptions says how ReadTrainingSet reads an annotated file.
type ReadOptions struct {
	// Columns names the text, id and label columns; Labels must name at
	// least one. When it names a group column, the set read is grouped by
	// it (TrainingSet.GroupBy and Groups).
	Columns data.Columns
	// IDsOnly reads ids in place of texts: the id column is required and
	// the text column is not read (annotators' files, compared by id).
	IDsOnly bool
	// AllowEmpty keeps an empty label as "" (a gold file or an annotator's
	// file, where it means "not labelled") instead of failing.
	AllowEmpty bool
	// Checks, when not nil, are run on the rows read (DataChecks.Check,
	// with the ids only when Checks.IDColumn is set); their problems fail
	// the read, and their warnings go to Warn.
	Checks *DataChecks
	// Warn receives the warnings of Checks; nil discards them.
	Warn func(warning string)
}

// ErrThreadInput is returned (wrapped with the file name) by
// ReadTrainingSet for a comment thread, which has no label columns.
var ErrThreadInput = errors.New("training needs a CSV or JSONL file with label columns, not a comment thread")

// ReadTrainingSet reads the annotated rows of r, from file, into a
// TrainingSet with the lines and, when the file has the id column, the ids
// of its rows, and their groups when o.Columns names a group column, then
// runs o.Checks on them. A missing column is a *data.ColumnError; an empty
// label or group value, unless o.AllowEmpty, is an error naming its line.
func ReadTrainingSet(r data.Reader, file string, o ReadOptions) (*TrainingSet, error) {
	if len(o.Columns.Labels) == 0 {
		return nil, fmt.Errorf("%s: no label column named", file)
	}
	if _, ok := r.(*data.ThreadReader); ok {
		return nil, fmt.Errorf("%s: %w", file, ErrThreadInput)
	}
	req := data.RequireText
	if o.IDsOnly {
		req = data.RequireID
	}
	cr, err := data.NewColumnReader(r, file, o.Columns, req)
	if err != nil {
		return nil, err
	}
	cols := o.Columns.Labels
	s := &TrainingSet{Columns: cols, Labels: make([][]string, len(cols)), GroupBy: o.Columns.Group}
	if s.GroupBy != "" {
		s.Groups = []string{}
	}
	for {
		row, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		for c, l := range row.Labels {
			if l == "" && !o.AllowEmpty {
				return nil, fmt.Errorf("%s:%d: empty %s label", file, row.Line, cols[c])
			}
			s.Labels[c] = append(s.Labels[c], l)
		}
		text := row.Text
		if o.IDsOnly {
			text = row.ID
		}
		if s.Groups != nil {
			if row.Group == "" && !o.AllowEmpty {
				return nil, fmt.Errorf("%s:%d: empty %s value, which groups the rows", file, row.Line, s.GroupBy)
			}
			s.Groups = append(s.Groups, row.Group)
		}
		s.Texts = append(s.Texts, text)
		s.Lines = append(s.Lines, row.Line)
		if cr.HasID() {
			s.IDs = append(s.IDs, row.ID)
		}
	}
	if len(s.Texts) == 0 {
		return nil, fmt.Errorf("%s: no training rows, only a header", file)
	}
	if o.Checks != nil {
		ids := s.IDs
		if o.Checks.IDColumn == "" {
			ids = nil
		}
		warnings, err := o.Checks.Check(s, file, s.Lines, ids)
		if err != nil {
			return nil, err
		}
		for _, w := range warnings {
			if o.Warn != nil {
				o.Warn(w)
			}
		}
	}
	return s, nil
}
