package report

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"os"
	"strings"

	"github.com/stance-nlp/stance/data"
	"github.com/stance-nlp/stance/evaluate/result"
)

// File is one file of a report directory: its name within the directory
// and its bytes.
type File struct {
	Name string
	Data []byte
}

// HTMLFiles returns the files of the HTML report of r: each chart as
// <name>.svg, for use in papers, then index.html, one self-contained page
// (inline CSS, the charts inlined as <svg> elements, no scripts, nothing
// fetched). WriteDir writes them, with the text renderings.
func HTMLFiles(r *Report) ([]File, error) {
	d, err := build(r, true)
	if err != nil {
		return nil, err
	}
	var figs []*figure
	collectFigures(d.blocks, &figs)
	var out []File
	for _, f := range figs {
		out = append(out, File{Name: f.name + ".svg", Data: f.svg})
	}
	var page bytes.Buffer
	writeHTMLPage(&page, d)
	return append(out, File{Name: "index.html", Data: page.Bytes()}), nil
}

// Files returns every file of the report directory of r: the files of
// HTMLFiles, then the report as report.txt, report.md and report.json.
func Files(r *Report) ([]File, error) {
	files, err := HTMLFiles(r)
	if err != nil {
		return nil, err
	}
	for _, t := range []struct {
		name  string
		write func(io.Writer, *Report) error
	}{{"report.txt", WriteText}, {"report.md", WriteMarkdown}, {"report.json", WriteJSON}} {
		var b bytes.Buffer
		if err := t.write(&b, r); err != nil {
			return nil, err
		}
		files = append(files, File{Name: t.name, Data: b.Bytes()})
	}
	return files, nil
}

// WriteDir creates dir if needed and writes the files of Files into it as
// one set (data.WriteFileSet): a failed or interrupted run leaves neither
// temporary files nor a new index.html beside an old report.json. track is
// passed on to WriteFileSet. Chart files of an earlier report in dir that
// this one does not draw are left alone.
func WriteDir(dir string, r *Report, track func(tempName string, add bool)) error {
	files, err := Files(r)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	set := make([]data.NamedFile, len(files))
	for i, f := range files {
		set[i] = data.NamedFile{Name: f.Name, Fill: func(w io.Writer) error {
			_, err := w.Write(f.Data)
			return err
		}}
	}
	return data.WriteFileSet(dir, set, track)
}

func collectFigures(bs []block, figs *[]*figure) {
	for _, b := range bs {
		if b.fig != nil {
			*figs = append(*figs, b.fig)
		}
		collectFigures(b.blocks, figs)
	}
}

// pageCSS is the style of the HTML page: the system font, bordered
// tables with right-aligned numbers, tables and charts side by side where
// the window is wide enough.
const pageCSS = `body { margin: 0; color: #1a1a1a; background: #fff; line-height: 1.45;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1240px; margin: 0 auto; padding: 24px 32px 64px; }
h1 { font-size: 1.7rem; margin: 0 0 .75rem; }
h2 { font-size: 1.35rem; margin: 2.5rem 0 .75rem; padding-bottom: .3rem; border-bottom: 2px solid #d0d7de; }
h3 { font-size: 1.08rem; margin: 1.75rem 0 .5rem; }
nav ul { margin: .25rem 0 1rem; padding-left: 1.25rem; }
a { color: #1f4e99; }
dl.fields { display: grid; grid-template-columns: max-content auto; gap: .15rem 1.25rem; margin: .5rem 0 1rem; }
dl.fields dt { font-weight: 600; color: #444; }
dl.fields dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; margin: .25rem 0 1rem; font-size: .9rem; }
th, td { border: 1px solid #c4c9cf; padding: .25rem .6rem; text-align: left; vertical-align: top; white-space: nowrap; }
.tw { max-width: 100%; overflow-x: auto; }
thead th { background: #f0f2f4; }
td.txt { white-space: normal; min-width: 20em; max-width: 44em; overflow-wrap: anywhere; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
p.cap { font-weight: 600; margin: .5rem 0 .25rem; }
.sw { display: inline-block; width: .8em; height: .8em; margin-right: .45em; border-radius: 2px; vertical-align: -.05em; }
.row { display: flex; flex-wrap: wrap; gap: .5rem 2.5rem; align-items: flex-start; }
.row > *, .stack > * { min-width: 0; max-width: 100%; }
figure { display: table; margin: .25rem 0 1rem; }
figure svg { display: block; max-width: 100%; height: auto; }
figcaption { display: table-caption; caption-side: bottom; font-size: .85rem; color: #444; padding-top: .35rem; }
blockquote { margin: .5rem 0; padding: .5rem .75rem; border-left: 4px solid #c4c9cf; background: #f7f8fa; white-space: pre-wrap; overflow-wrap: anywhere; }
.caveat { background: #fff6e0; border-left: 4px solid #d08a00; padding: .3rem .6rem; margin: .25rem 0 1rem; }
details { margin: .5rem 0; }
summary { cursor: pointer; font-weight: 600; font-size: 1.05rem; margin: .5rem 0; }
.note { color: #555; font-style: italic; margin: -.5rem 0 1rem; }
mark.for { background: #cfe8cf; border-bottom: 2px solid #3a8a3a; padding: 0 .1em; }
mark.against { background: #f7d4d4; border-bottom: 2px solid #c0392b; padding: 0 .1em; }
.doc { border: 1px solid #d0d7de; border-radius: 6px; padding: .25rem 1rem .25rem; margin: 0 0 1rem; }
@media print { main { max-width: none; padding: 0; } h2 { break-before: page; } figure, table { break-inside: avoid; } }
`

func writeHTMLPage(w *bytes.Buffer, d *doc) {
	w.WriteString("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
	w.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	w.WriteString("<title>" + esc(d.title) + "</title>\n<style>\n" + pageCSS + "</style>\n</head>\n<body>\n<main>\n")
	var columns []block
	for _, b := range d.blocks {
		if b.kind == headingBlock && b.level == 2 {
			columns = append(columns, b)
		}
	}
	for _, b := range d.blocks {
		// A report on several columns lists them before the first.
		if len(columns) > 1 && b.kind == headingBlock && b.level == 2 && b.id == columns[0].id {
			w.WriteString("<nav>\n<ul>\n")
			for _, c := range columns {
				w.WriteString(`<li><a href="#` + c.id + `">` + esc(c.text) + "</a></li>\n")
			}
			w.WriteString("</ul>\n</nav>\n")
		}
		writeHTMLBlock(w, b)
	}
	w.WriteString("</main>\n</body>\n</html>\n")
}

func writeHTMLBlock(w *bytes.Buffer, b block) {
	switch b.kind {
	case headingBlock:
		tag := fmt.Sprintf("h%d", b.level)
		id := ""
		if b.id != "" {
			id = ` id="` + esc(b.id) + `"`
		}
		w.WriteString("<" + tag + id + ">" + esc(b.text) + "</" + tag + ">\n")
	case fieldsBlock:
		w.WriteString("<dl class=\"fields\">\n")
		for _, f := range b.fields {
			w.WriteString("<dt>" + esc(f.key) + "</dt><dd>" + esc(f.value) + "</dd>\n")
		}
		w.WriteString("</dl>\n")
	case tableBlock:
		writeHTMLTable(w, b.table)
	case quoteBlock:
		w.WriteString("<blockquote>" + markedText(b.text, b.marks) + "</blockquote>\n")
	case figureBlock:
		if f := b.fig; f != nil {
			w.WriteString("<figure>\n" + inlineSVG(f.svg, f.caption) + "<figcaption>" + esc(f.caption) +
				` <a href="` + esc(f.name) + `.svg">` + esc(f.name) + ".svg</a></figcaption>\n</figure>\n")
		}
	case noteBlock:
		w.WriteString("<p class=\"caveat\">Note: " + esc(b.text) + "</p>\n")
	case detailsBlock:
		w.WriteString("<details>\n<summary>" + esc(b.text) + "</summary>\n")
		for _, c := range b.blocks {
			writeHTMLBlock(w, c)
		}
		w.WriteString("</details>\n")
	case rowBlock, stackBlock, boxBlock:
		class := "row"
		switch b.kind {
		case stackBlock:
			class = "stack"
		case boxBlock:
			class = "doc"
		}
		w.WriteString("<div class=\"" + class + "\">\n")
		for _, c := range b.blocks {
			writeHTMLBlock(w, c)
		}
		w.WriteString("</div>\n")
	}
}

func writeHTMLTable(w *bytes.Buffer, t *table) {
	// The caption goes above the table rather than in a <caption>,
	// which would wrap at the width of a narrow table.
	if t.caption != "" {
		w.WriteString("<p class=\"cap\">" + esc(t.caption) + "</p>\n")
	}
	w.WriteString("<div class=\"tw\"><table>\n")
	class := func(i int) string {
		if t.num[i] {
			return ` class="num"`
		}
		return ""
	}
	w.WriteString("<thead><tr>")
	for i, h := range t.head {
		w.WriteString("<th" + class(i) + ">" + esc(h) + "</th>")
	}
	w.WriteString("</tr></thead>\n<tbody>\n")
	for _, r := range t.rows {
		w.WriteString("<tr>")
		for i, c := range r {
			sw := ""
			if c.swatch != nil {
				sw = `<span class="sw" style="background:` + hexColor(c.swatch) + `"></span>`
			}
			cl := class(i)
			if c.long {
				cl = ` class="txt"`
			}
			w.WriteString("<td" + cl + ">" + sw + esc(c.text) + "</td>")
		}
		w.WriteString("</tr>\n")
	}
	w.WriteString("</tbody>\n</table></div>\n")
	if t.note != "" {
		w.WriteString("<p class=\"note\">" + esc(t.note) + "</p>\n")
	}
}

// inlineSVG prepares a chart's SVG file for the page: without the XML
// declaration and comment, and labelled for screen readers.
func inlineSVG(svg []byte, label string) string {
	s := string(svg)
	if i := strings.Index(s, "<svg"); i >= 0 {
		s = s[i:]
	}
	return strings.Replace(s, "<svg", `<svg role="img" aria-label="`+esc(label)+`"`, 1)
}

// markedText is text escaped for HTML with each mark's run in a <mark>
// of the mark's kind. Marks out of order, overlapping or off the text
// (a hand-edited report) are skipped rather than trusted.
func markedText(text string, marks []result.Mark) string {
	var sb strings.Builder
	at := 0
	for _, m := range marks {
		if m.Start < at || m.End <= m.Start || m.End > len(text) {
			continue
		}
		kind := "for"
		if m.Kind == result.MarkAgainst {
			kind = "against"
		}
		sb.WriteString(esc(text[at:m.Start]))
		sb.WriteString(`<mark class="` + kind + `">` + esc(text[m.Start:m.End]) + "</mark>")
		at = m.End
	}
	sb.WriteString(esc(text[at:]))
	return sb.String()
}

// esc escapes text for HTML, in content and in quoted attributes.
func esc(s string) string { return html.EscapeString(s) }
