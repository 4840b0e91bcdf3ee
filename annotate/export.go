package annotate

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/stance-nlp/stance/data"
)

// ExportStats counts what Export did with each item: Items = Exported +
// Unresolved + Unlabelled.
type ExportStats struct {
	Items      int // items in the data
	Exported   int // rows written
	Unresolved int // annotators disagree and nobody adjudicated: left out
	Unlabelled int // no labels (from the annotator asked for): left out

	// Skipped is the damage ExportOptions.SkipBad passed over:
	// Skipped.Bad journal lines left out, the first of them at
	// Skipped.Line. nil when no line was left out (the journal is intact,
	// or only lines were lost and the rest could be renumbered).
	Skipped *JournalError
	// PartialTail counts the bytes of a last line without its newline
	// that does not parse, left out: a write in progress, or one cut short
	// that the server moves to the quarantine file on its next start.
	PartialTail int
}

// ExportOptions are the choices of ExportWith.
type ExportOptions struct {
	// Annotator, when not "", exports only that annotator's labels.
	Annotator string
	// SkipBad exports from the journal's usable entries when some lines
	// cannot be replayed (see JournalError), instead of failing; the
	// lines skipped are counted in ExportStats.Skipped. The journal is
	// not changed: Repair does that.
	SkipBad bool
}

// Export writes the final labels of the store in storeDir as CSV that
// `stance train` reads directly: the header is id, text, the metadata
// columns (in the order first seen in items) and the label columns; then
// one row per item, in input order, with a final label in every column.
//
// An item's final labels are its latest adjudication if any, else its
// annotators' labels if all who labelled it agree in every column; an item
// they disagree on is left out and counted as Unresolved. With annotator
// != "" only that annotator's labels are written, so that `stance agree`
// can compare two annotators' exports. An annotator's latest label of an
// item wins, and undone labels do not count.
//
// Metadata columns named id, text or like a label column are left out: the
// header must name every column once. The store must have been made for
// these items and columns; Export only reads it, so it may run while a
// server appends to it. A journal that cannot be replayed is a
// *JournalError; ExportWith can skip its bad lines.
func Export(storeDir string, items []Item, cols []Column, annotator string, w io.Writer) (ExportStats, error) {
	return ExportWith(storeDir, items, cols, ExportOptions{Annotator: annotator}, w)
}

// ExportWith is Export with options.
func ExportWith(storeDir string, items []Item, cols []Column, opt ExportOptions, w io.Writer) (ExportStats, error) {
	annotator := opt.Annotator
	st := ExportStats{Items: len(items)}
	if err := checkItems(items); err != nil {
		return st, err
	}
	if err := checkColumns(cols); err != nil {
		return st, err
	}
	if err := checkMeta(storeDir, items, cols, false); err != nil {
		return st, err
	}
	led := newLedger(items, cols)
	sc, err := readJournal(storeDir, led, opt.SkipBad)
	if err != nil {
		return st, err
	}
	if len(sc.bad) > 0 {
		st.Skipped = &JournalError{Path: filepath.Join(storeDir, journalName), Line: sc.bad[0].Line, Problem: sc.bad[0].Problem,
			Bad: len(sc.bad), Lines: sc.lines}
	}
	if sc.tail != nil {
		st.PartialTail = len(sc.tail.Raw)
	}
	if annotator != "" {
		if _, ok := led.byAnn[annotator]; !ok {
			var names []string
			for ann := range led.byAnn {
				names = append(names, ann)
			}
			slices.Sort(names)
			return st, fmt.Errorf("export: no annotations by %q in %s (annotators: %s)", annotator, storeDir, strings.Join(names, ", "))
		}
	}

	reserved := map[string]bool{"id": true, "text": true}
	for _, c := range cols {
		reserved[c.Name] = true
	}
	var metaCols []string
	for _, it := range items {
		for _, f := range it.Meta {
			if !reserved[f.Name] && !slices.Contains(metaCols, f.Name) {
				metaCols = append(metaCols, f.Name)
			}
		}
	}
	header := append([]string{"id", "text"}, metaCols...)
	for _, c := range cols {
		header = append(header, c.Name)
	}
	cw := data.NewWriter(w)
	cw.Write(header)
	row := make([]string, len(header))
	for i, it := range items {
		var labels []int
		if annotator != "" {
			if op, seq := led.status(i, annotator); op == opLabel {
				labels = led.labels[seq-1]
			}
		} else {
			var how string
			labels, how = led.resolve(i)
			if how == disputed {
				st.Unresolved++
				continue
			}
		}
		if labels == nil {
			st.Unlabelled++
			continue
		}
		clear(row)
		row[0], row[1] = it.ID, it.Text
		for _, f := range it.Meta {
			if k := slices.Index(metaCols, f.Name); k >= 0 {
				row[2+k] = f.Value
			}
		}
		for c, k := range labels {
			row[2+len(metaCols)+c] = cols[c].Labels[k]
		}
		if err := cw.Write(row); err != nil {
			return st, fmt.Errorf("export: %w", err)
		}
		st.Exported++
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return st, fmt.Errorf("export: %w", err)
	}
	return st, nil
}
