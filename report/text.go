package report

import (
	"bufio"
	"bytes"
	"io"
	"strings"
	"text/tabwriter"
	"unicode/utf8"
)

// WriteText writes r as aligned plain-text tables for a terminal. User
// text (labels, ids, comment text) is put on one line with control
// characters blanked, so that it can neither break a table nor send
// escape sequences to the terminal; comment text is cut to 200
// characters.
func WriteText(w io.Writer, r *Report) error {
	d, err := build(r, false)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	bw := bufio.NewWriter(&buf)
	writeTextBlocks(bw, d.blocks)
	if err := bw.Flush(); err != nil {
		return err
	}
	_, err = w.Write(endLine(buf.Bytes()))
	return err
}

// endLine trims the blank lines that close the last block, leaving one
// newline.
func endLine(b []byte) []byte {
	return append(bytes.TrimRight(b, "\n"), '\n')
}

func writeTextBlocks(w *bufio.Writer, bs []block) {
	for _, b := range bs {
		switch b.kind {
		case headingBlock:
			t := oneLine(b.text)
			w.WriteString(t + "\n")
			switch b.level {
			case 1:
				w.WriteString(strings.Repeat("=", utf8.RuneCountInString(t)) + "\n\n")
			case 2:
				w.WriteString(strings.Repeat("-", utf8.RuneCountInString(t)) + "\n\n")
			}
		case fieldsBlock:
			tw := newTabWriter(w)
			for _, f := range b.fields {
				tw.Write([]byte(indent + oneLine(f.key) + ":\t" + oneLine(f.value) + "\n"))
			}
			tw.Flush()
			w.WriteString("\n")
		case tableBlock:
			writeTextTable(w, b.table)
		case quoteBlock:
			w.WriteString(indent + "> " + truncate(b.text, docTextLimit) + "\n\n")
		case noteBlock:
			w.WriteString(indent + "Note: " + oneLine(b.text) + "\n\n")
		case detailsBlock:
			w.WriteString(oneLine(b.text) + "\n\n")
			writeTextBlocks(w, b.blocks)
		case rowBlock, stackBlock, boxBlock:
			writeTextBlocks(w, b.blocks)
		}
	}
}

// indent sets fields, tables and quotes in from the headings, which
// would otherwise read as the first row of the table under them.
const indent = "  "

func newTabWriter(w io.Writer) *tabwriter.Writer {
	return tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
}

// writeTextTable writes t through text/tabwriter. tabwriter aligns a
// whole table one way, to the left; numeric columns are padded on the
// left to their width first, so that their digits line up on the right.
func writeTextTable(w *bufio.Writer, t *table) {
	if t.caption != "" {
		w.WriteString(indent + oneLine(t.caption) + ":\n")
	}
	rows := [][]string{textCells(t.head)}
	for _, r := range t.rows {
		cells := make([]string, len(r))
		for i, c := range r {
			cells[i] = c.short()
		}
		rows = append(rows, textCells(cells))
	}
	for i, num := range t.num {
		if !num {
			continue
		}
		width := 0
		for _, r := range rows {
			width = max(width, utf8.RuneCountInString(r[i]))
		}
		for _, r := range rows {
			r[i] = strings.Repeat(" ", width-utf8.RuneCountInString(r[i])) + r[i]
		}
	}
	tw := newTabWriter(w)
	for _, r := range rows {
		tw.Write([]byte(indent + strings.Join(r, "\t") + "\n"))
	}
	tw.Flush()
	if t.note != "" {
		w.WriteString(indent + oneLine(t.note) + "\n")
	}
	w.WriteString("\n")
}

// textCells makes cells safe for tabwriter: on one line, and "-" for an
// empty cell, so that every row has every column.
func textCells(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		c = oneLine(c)
		if c == "" {
			c = "-"
		}
		out[i] = c
	}
	return out
}
