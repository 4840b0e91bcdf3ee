package report

import (
	"fmt"
	"image/color"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/stance-nlp/stance/evaluate/result"
)

// The text, Markdown and HTML renderers do not walk a Report themselves:
// build lays a Report out once as a doc, a list of blocks, and each
// renderer only decides how a block looks. That is what guarantees that
// the three formats show the same numbers in the same order.

// blockKind says what a block is.
type blockKind int

const (
	headingBlock blockKind = iota // text at level 1 (report), 2 (column) or 3 (part)
	fieldsBlock                   // key: value lines
	tableBlock                    // a table
	quoteBlock                    // a document's text
	figureBlock                   // a chart; only the HTML page shows it
	rowBlock                      // blocks side by side in HTML, one after the other elsewhere
	stackBlock                    // blocks one under the other, kept together in an HTML row
	boxBlock                      // blocks framed together in HTML, such as one explained document
	noteBlock                     // a caveat about the numbers that follow, in text
	detailsBlock                  // blocks under a summary line (text): collapsed in HTML, a heading elsewhere
)

// block is one element of a doc.
type block struct {
	kind   blockKind
	level  int           // headingBlock
	text   string        // headingBlock, quoteBlock, noteBlock, detailsBlock (its summary)
	id     string        // headingBlock: the HTML anchor, "" for none
	fields []field       // fieldsBlock
	table  *table        // tableBlock
	fig    *figure       // figureBlock
	blocks []block       // rowBlock, stackBlock, boxBlock, detailsBlock
	marks  []result.Mark // quoteBlock: runs of text to mark (HTML only)
}

// field is one line of a fieldsBlock.
type field struct {
	key, value string
}

// table is a table of plain (unescaped) text cells.
type table struct {
	caption string   // shown above the table, "" for none
	head    []string // column headings
	num     []bool   // right-aligned (numeric) columns, by column
	rows    [][]cell
	note    string // shown under the table, e.g. "... and 12 more"
}

// cell is one table cell.
type cell struct {
	text   string
	swatch color.Color // the colour of the label the cell names (HTML only), nil for none
	// long marks a document's text: the HTML page wraps it and shows all
	// of it, the text and Markdown reports cut it to cellTextLimit.
	long bool
}

// figure is a chart drawn as SVG.
type figure struct {
	name    string // the file name without ".svg", unique within the report
	caption string // says what is drawn
	svg     []byte
}

// doc is a laid-out report.
type doc struct {
	title  string
	blocks []block
}

func heading(level int, text, id string) block {
	return block{kind: headingBlock, level: level, text: text, id: id}
}

func fields(fs ...field) block { return block{kind: fieldsBlock, fields: fs} }

func note(text string) block { return block{kind: noteBlock, text: text} }

func tableOf(t *table) block { return block{kind: tableBlock, table: t} }

func row(bs ...block) block { return block{kind: rowBlock, blocks: bs} }

func stack(bs ...block) block { return block{kind: stackBlock, blocks: bs} }

// txt is a cell of plain text.
func txt(s string) cell { return cell{text: s} }

// labelCell is a cell naming a label, with its colour.
func labelCell(label string, c color.Color) cell {
	return cell{text: showLabel(label), swatch: c}
}

// num3 formats a number with three decimals, the precision of every
// score in a report. A negative zero prints as 0.000: the sign of a
// rounded-away quantity would only distract.
func num3(v float64) string { return fixed(v, 3) }

// fixed formats v with prec decimals, without a sign on zero.
func fixed(v float64, prec int) string {
	s := strconv.FormatFloat(v, 'f', prec, 64)
	if strings.HasPrefix(s, "-") && strings.Trim(s, "-0.") == "" {
		return s[1:]
	}
	return s
}

// pct formats a share as a percentage with one decimal.
func pct(v float64) string { return fixed(100*v, 1) + "%" }

// interval formats an estimate as "0.555 [0.49, 0.62]", or as the value
// alone when no interval was computed (Lo = Hi = Value).
func interval(e result.Estimate) string {
	if e.Lo == e.Value && e.Hi == e.Value {
		return num3(e.Value)
	}
	return fmt.Sprintf("%s [%s, %s]", num3(e.Value), fixed(e.Lo, 2), fixed(e.Hi, 2))
}

// meanSD formats a mean with its standard deviation.
func meanSD(m, sd float64) string { return num3(m) + " ± " + num3(sd) }

// showLabel names a label for display: a column may hold an empty label
// (an unlabelled row), which would otherwise be an invisible cell.
func showLabel(l string) string {
	if l == "" {
		return "(empty)"
	}
	return l
}

// oneLine replaces control characters (newlines, tabs, terminal escape
// sequences) by spaces and invalid UTF-8 by U+FFFD, so that user text
// cannot break a table or a terminal.
func oneLine(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if strings.IndexFunc(s, unicode.IsControl) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
}

// truncate collapses runs of white space in s and cuts it to at most n
// runes, marking a cut with "…".
func truncate(s string, n int) string {
	s = strings.Join(strings.Fields(oneLine(s)), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i := 0
	for k := range s {
		if i == n {
			return s[:k] + "…"
		}
		i++
	}
	return s
}

// docTextLimit is how many characters of a document's text the text and
// Markdown reports show; the HTML page and the JSON carry all of it.
const docTextLimit = 200

// cellTextLimit is how many characters of a document's text a table cell
// of the text and Markdown reports shows.
const cellTextLimit = 120

// longTxt is a cell holding a document's text.
func longTxt(s string) cell { return cell{text: s, long: true} }

// short is the text a cell shows in the text and Markdown reports.
func (c cell) short() string {
	if c.long {
		return truncate(c.text, cellTextLimit)
	}
	return c.text
}

// disagreementLimit is how many disagreements the text, Markdown and HTML
// reports list; the JSON lists all.
const disagreementLimit = 50

// labelColor is the colour of label i of a column, the same in every chart
// and table swatch of a report (Tableau 10, which is made to stay apart
// for common kinds of colour blindness). Past ten labels the cycle repeats
// darker, so that neighbours still differ.
func labelColor(i int) color.RGBA {
	p := [...]uint32{0x4e79a7, 0xf28e2b, 0xe15759, 0x76b7b2, 0x59a14f, 0xedc948, 0xb07aa1, 0xff9da7, 0x9c755f, 0xbab0ac}
	c := p[i%len(p)]
	shade := 1.0
	for range i / len(p) {
		shade *= 0.7
	}
	return color.RGBA{
		R: uint8(float64(c>>16&0xff) * shade),
		G: uint8(float64(c>>8&0xff) * shade),
		B: uint8(float64(c&0xff) * shade),
		A: 255,
	}
}

// labelColors are the colours of a column's labels. A sentiment label
// gets the colour that reads as what it means, whatever its place:
// negative warm (red), positive green, neutral grey (polarityColor). The
// empty label (unlabelled rows) is light grey. Every other label gets
// labelColor by its place among the column's other labels, so that
// neither unlabelled rows nor sentiment labels shift the colours of the
// rest.
func labelColors(labels []string) []color.RGBA {
	out := make([]color.RGBA, len(labels))
	i := 0
	for k, l := range labels {
		if l == "" {
			out[k] = color.RGBA{R: 0xd4, G: 0xd4, B: 0xd4, A: 0xff}
			continue
		}
		if c, ok := polarityColor(l); ok {
			out[k] = c
			continue
		}
		out[k] = labelColor(i)
		i++
	}
	return out
}

// polarityColor is the colour of a sentiment label, named as the codebook
// and the common benchmarks name them (any case): negative and neg red
// (Tableau's red, warm), positive and pos green (Tableau's green), neutral
// and none mid grey. ok is false for any other label.
func polarityColor(label string) (c color.RGBA, ok bool) {
	switch strings.ToLower(label) {
	case "negative", "neg":
		return color.RGBA{R: 0xe1, G: 0x57, B: 0x59, A: 0xff}, true
	case "positive", "pos":
		return color.RGBA{R: 0x59, G: 0xa1, B: 0x4f, A: 0xff}, true
	case "neutral", "none":
		return color.RGBA{R: 0x9a, G: 0x9a, B: 0x9a, A: 0xff}, true
	}
	return color.RGBA{}, false
}

// hexColor is c as a CSS colour.
func hexColor(c color.Color) string {
	r, g, b, _ := c.RGBA()
	return fmt.Sprintf("#%02x%02x%02x", r>>8, g>>8, b>>8)
}
