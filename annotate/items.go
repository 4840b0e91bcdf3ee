package annotate

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/stance-nlp/stance/classifier"
	"github.com/stance-nlp/stance/data"
)

// ErrNoSchema is returned by Schema when there is neither a spec nor a
// model to take the label columns from.
var ErrNoSchema = errors.New("without a model, the label schema must be given")

// Schema returns the label schema of a session: parsed from spec, written
// "col=label1,label2;col2=label3,label4" (labels in button order, at least
// two per column), or, when spec is "", the label columns of model. A
// model column whose labels are those of the codebook's column of the same
// name (data/CODEBOOK.md) takes the codebook's order, which runs from one
// side through neutral to the other; others keep the model's (sorted)
// order.
func Schema(spec string, model *classifier.Bundle) ([]Column, error) {
	var cols []Column
	if spec == "" {
		if model == nil {
			return nil, ErrNoSchema
		}
		book := DefaultColumns()
		for _, c := range model.Columns {
			labels := slices.Clone(c.Labels)
			if k := slices.IndexFunc(book, func(b Column) bool { return b.Name == c.Name }); k >= 0 && sameLabels(book[k].Labels, labels) {
				labels = book[k].Labels
			}
			cols = append(cols, Column{Name: c.Name, Labels: labels})
		}
		return cols, nil
	}
	for _, part := range strings.Split(spec, ";") {
		name, list, ok := strings.Cut(part, "=")
		name = strings.TrimSpace(name)
		var labels []string
		for _, l := range strings.Split(list, ",") {
			if l = strings.TrimSpace(l); l != "" {
				labels = append(labels, l)
			}
		}
		if !ok || name == "" || len(labels) < 2 {
			return nil, fmt.Errorf("%q is not col=label1,label2,...", part)
		}
		cols = append(cols, Column{Name: name, Labels: labels})
	}
	return cols, nil
}

// ReadItems reads the comments to annotate from r (read from file),
// canonicalized with cols (see data.Canonicalize): the id and text, and
// every other non-empty column as metadata, except columns named like a
// label column of schema, since showing existing labels would steer the
// annotator. Ids must be unique, and there must be at least one comment.
func ReadItems(r data.Reader, file string, cols data.Columns, schema []Column) ([]Item, error) {
	canon, err := data.Canonicalize(r, file, cols)
	if err != nil {
		return nil, err
	}
	// The canonical reader has its text in "text" and ids in "id".
	cr, err := data.NewColumnReader(canon, file, data.DefaultColumns(), data.RequireText|data.RequireID)
	if err != nil {
		return nil, err
	}
	h := canon.Header()
	idAt := slices.Index(h, data.DefaultIDColumn)
	shown := make([]bool, len(h))
	for i, name := range h {
		hidden := slices.ContainsFunc(schema, func(c Column) bool { return c.Name == name })
		shown[i] = !hidden && name != data.DefaultIDColumn && name != data.DefaultTextColumn
	}
	var items []Item
	seen := map[string]int{}
	for {
		row, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		// The raw field, not the trimmed Row.ID: the id is written back
		// by Export as it was read.
		it := Item{ID: row.Record.Fields[idAt], Text: row.Text}
		if line, dup := seen[it.ID]; dup {
			return nil, fmt.Errorf("%s:%d: id %q already used at line %d; annotation needs unique ids", file, row.Line, it.ID, line)
		}
		seen[it.ID] = row.Line
		for i, v := range row.Record.Fields {
			if shown[i] && v != "" {
				it.Meta = append(it.Meta, Field{Name: h[i], Value: v})
			}
		}
		items = append(items, it)
	}
	if len(items) == 0 {
		return nil, fmt.Errorf("%s: no comments to annotate", file)
	}
	return items, nil
}

// sameLabels reports whether a and b hold the same labels, in any order.
func sameLabels(a, b []string) bool {
	return len(a) == len(b) && !slices.ContainsFunc(a, func(l string) bool { return !slices.Contains(b, l) })
}
