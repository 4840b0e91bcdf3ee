package report

import (
	"bufio"
	"bytes"
	"io"
	"strings"
	"unicode/utf8"
)

// WriteMarkdown writes r as GitHub-flavoured Markdown: headings, field
// lists and pipe tables, padded so that the source reads as well as the
// rendering. User text is escaped (Markdown punctuation with a backslash,
// <, > and & as entities, newlines as spaces), so a comment can neither
// break a table nor inject HTML; comment text is cut to 200 characters.
func WriteMarkdown(w io.Writer, r *Report) error {
	d, err := build(r, false)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	bw := bufio.NewWriter(&buf)
	writeMarkdownBlocks(bw, d.blocks)
	if err := bw.Flush(); err != nil {
		return err
	}
	_, err = w.Write(endLine(buf.Bytes()))
	return err
}

func writeMarkdownBlocks(w *bufio.Writer, bs []block) {
	for _, b := range bs {
		switch b.kind {
		case headingBlock:
			w.WriteString(strings.Repeat("#", b.level) + " " + mdEscape(b.text) + "\n\n")
		case fieldsBlock:
			for _, f := range b.fields {
				w.WriteString("- **" + mdEscape(f.key) + ":** " + mdEscape(f.value) + "\n")
			}
			w.WriteString("\n")
		case tableBlock:
			writeMarkdownTable(w, b.table)
		case quoteBlock:
			w.WriteString("> " + mdLineStart(mdEscape(truncate(b.text, docTextLimit))) + "\n\n")
		case noteBlock:
			w.WriteString("**Note:** " + mdEscape(b.text) + "\n\n")
		case detailsBlock:
			w.WriteString("#### " + mdEscape(b.text) + "\n\n")
			writeMarkdownBlocks(w, b.blocks)
		case rowBlock, stackBlock, boxBlock:
			writeMarkdownBlocks(w, b.blocks)
		}
	}
}

func writeMarkdownTable(w *bufio.Writer, t *table) {
	if t.caption != "" {
		w.WriteString(mdEscape(t.caption) + ":\n\n")
	}
	rows := make([][]string, 0, len(t.rows)+1)
	rows = append(rows, make([]string, len(t.head)))
	for i, h := range t.head {
		rows[0][i] = mdEscape(h)
	}
	for _, r := range t.rows {
		cells := make([]string, len(t.head))
		for i, c := range r {
			cells[i] = mdEscape(c.short())
		}
		rows = append(rows, cells)
	}
	width := make([]int, len(t.head))
	for i := range width {
		width[i] = 3 // the shortest delimiter GFM accepts
		for _, r := range rows {
			width[i] = max(width[i], utf8.RuneCountInString(r[i]))
		}
	}
	line := func(cells []string) {
		for i, c := range cells {
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(c))
			if t.num[i] {
				c = pad + c
			} else {
				c += pad
			}
			w.WriteString("| " + c + " ")
		}
		w.WriteString("|\n")
	}
	line(rows[0])
	for i := range width {
		if t.num[i] {
			w.WriteString("| " + strings.Repeat("-", width[i]-1) + ": ")
		} else {
			w.WriteString("| " + strings.Repeat("-", width[i]) + " ")
		}
	}
	w.WriteString("|\n")
	for _, r := range rows[1:] {
		line(r)
	}
	w.WriteString("\n")
	if t.note != "" {
		w.WriteString(mdEscape(t.note) + "\n\n")
	}
}

// mdEscape makes user text literal in Markdown, also inside a table cell:
// punctuation that GitHub-flavoured Markdown reads as markup gets a
// backslash, the characters of HTML become entities, and newlines and
// other control characters become spaces. Brackets only make a link
// (or an image) followed by "(" or "[", so they are escaped only then,
// and an interval such as [0.49, 0.62] stays as it is.
func mdEscape(s string) string {
	s = oneLine(s)
	link := strings.Contains(s, "](") || strings.Contains(s, "][")
	var sb strings.Builder
	for _, r := range s {
		switch r {
		case '[', ']':
			if link {
				sb.WriteByte('\\')
			}
			sb.WriteRune(r)
		case '\\', '`', '*', '_', '|', '~', '#':
			sb.WriteByte('\\')
			sb.WriteRune(r)
		case '<':
			sb.WriteString("&lt;")
		case '>':
			sb.WriteString("&gt;")
		case '&':
			sb.WriteString("&amp;")
		default:
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

// mdLineStart escapes what would make escaped text that opens a line a
// list item, a heading or a thematic break: a leading -, + or =, or a
// number followed by . or ).
func mdLineStart(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '-', '+', '=':
		return `\` + s
	}
	i := 0
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		i++
	}
	if i > 0 && i < len(s) && (s[i] == '.' || s[i] == ')') {
		return s[:i] + `\` + s[i:]
	}
	return s
}
