package annotate

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"
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
// columns (in the order first seen in items), the label columns and the
// columns of extraColumns (who, when, the model's suggestion, unsure,
// note); then one row per item, in input order, with a final label in
// every column.
//
// An item's final labels are its latest adjudication if any, else its
// annotators' labels if all who labelled it agree in every column; an item
// they disagree on is left out and counted as Unresolved. With annotator
// != "" only that annotator's labels are written, so that `stance agree`
// can compare two annotators' exports. An annotator's latest label of an
// item wins, and undone labels do not count.
//
// Metadata columns named id, text, like a label column or like an extra
// column are left out: the
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

	extra := extraColumns(cols)
	reserved := map[string]bool{"id": true, "text": true}
	for _, c := range cols {
		reserved[c.Name] = true
	}
	for _, name := range extra {
		reserved[name] = true
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
	header = append(header, extra...)
	cw := data.NewWriter(w)
	cw.Write(header)
	row := make([]string, len(header))
	for i, it := range items {
		var labels []int
		var from provenance
		if annotator != "" {
			if op, seq := led.status(i, annotator); op == opLabel {
				labels = led.labels[seq-1]
				from = provenance{votes: []int{seq}}
			}
		} else {
			var how string
			labels, how = led.resolve(i)
			if how == disputed {
				st.Unresolved++
				continue
			}
			from = led.provenance(i)
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
		at := 2 + len(metaCols)
		for c, k := range labels {
			row[at+c] = cols[c].Labels[k]
		}
		copy(row[at+len(cols):], from.fields(led, cols))
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

// extraColumns are the columns Export writes after the label columns, to
// say who labelled each row, when, and what the model suggested then:
//
//	annotators                  the annotators whose labels count, "; " between names
//	adjudicator                 who set the final labels, if anyone did
//	labelled_at                 time of the deciding entry (RFC 3339, UTC)
//	<col>_suggested             the model's label when that entry was saved
//	<col>_suggested_confidence  its probability
//	suggestion_shown            how the page offered it: preselect, show or hide
//	unsure                      "yes" if an annotator counted marked the label unsure
//	note                        the notes on the item, each "name: note", " | " between
//
// The deciding entry is the adjudication, else the latest of the labels
// that agree. stance train reads only the text and label columns, so
// these do not get in its way.
func extraColumns(cols []Column) []string {
	out := []string{"annotators", "adjudicator", "labelled_at"}
	for _, c := range cols {
		out = append(out, c.Name+"_suggested", c.Name+"_suggested_confidence")
	}
	return append(out, "suggestion_shown", "unsure", "note")
}

// provenance is the journal entries behind an item's exported labels: the
// live labels that count (seqs) and the adjudication, 0 if none.
type provenance struct {
	votes []int
	adjud int
}

// provenance returns the entries behind item i's final labels.
func (l *ledger) provenance(i int) provenance {
	var p provenance
	for ann := range l.marks[i] {
		if op, seq := l.status(i, ann); op == opLabel {
			p.votes = append(p.votes, seq)
		}
	}
	slices.Sort(p.votes)
	p.adjud = l.adjud[i]
	return p
}

// fields returns the values of extraColumns for p.
func (p provenance) fields(l *ledger, cols []Column) []string {
	var names, notes []string
	unsure := false
	for _, seq := range p.votes {
		e := l.entries[seq-1]
		names = append(names, e.Annotator)
		unsure = unsure || e.Unsure
		if e.Note != "" {
			notes = append(notes, e.Annotator+": "+e.Note)
		}
	}
	slices.Sort(names)
	deciding := p.adjud
	if deciding == 0 && len(p.votes) > 0 {
		deciding = p.votes[len(p.votes)-1]
	}
	out := []string{strings.Join(names, "; "), ""}
	if p.adjud > 0 {
		a := l.entries[p.adjud-1]
		out[1] = a.Annotator
		if a.Note != "" {
			notes = append(notes, a.Annotator+" (adjudicating): "+a.Note)
		}
	}
	e := l.entries[deciding-1]
	out = append(out, e.Time.UTC().Format("2006-01-02T15:04:05.000Z"))
	for _, c := range cols {
		if v, ok := e.Suggested[c.Name]; ok {
			out = append(out, v.Label, strconv.FormatFloat(v.Confidence, 'f', 4, 64))
		} else {
			out = append(out, "", "")
		}
	}
	yes := ""
	if unsure {
		yes = "yes"
	}
	return append(out, string(e.Shown), yes, strings.Join(notes, " | "))
}
