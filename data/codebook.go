package data

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"
)

//go:embed CODEBOOK.md
var codebook []byte

// Codebook returns the annotation guide of the seed corpus (CODEBOOK.md),
// shown beside the labels by stance annotate. Callers must not modify it.
func Codebook() []byte { return codebook }

// CodebookColumn is one label column of the codebook: its name, as the
// seed corpus's header spells it, and the labels an annotator chooses
// from, in the order the codebook lists them.
type CodebookColumn struct {
	Name   string
	Labels []string
}

// CodebookColumns returns the label columns of CODEBOOK.md in the order of
// its sections (stance, then sentiment), each with the labels of its table
// from top to bottom. They are read from the codebook itself, which is
// thereby the one list of the labels: a section "## Name" holding a table
// whose first column is headed "label" is the label column name (lower
// case), and the first cell of each row of that table, "`label`", is one
// of its labels. The result is fresh on every call, so a caller may
// change it.
func CodebookColumns() []CodebookColumn {
	cols, err := parsedCodebook()
	if err != nil {
		// The codebook is compiled in: a malformed one is a bug, caught
		// by the package's tests.
		panic("data: " + err.Error())
	}
	out := make([]CodebookColumn, len(cols))
	for i, c := range cols {
		out[i] = CodebookColumn{Name: c.Name, Labels: slices.Clone(c.Labels)}
	}
	return out
}

var parsedCodebook = sync.OnceValues(func() ([]CodebookColumn, error) {
	return parseCodebook(codebook, "CODEBOOK.md")
})

// parseCodebook reads the label tables of a codebook in Markdown (see
// CodebookColumns); file names it in errors, which read "file:line: ...".
// A label table must hold at least two labels, none twice, and a column
// may have only one table.
func parseCodebook(md []byte, file string) ([]CodebookColumn, error) {
	var cols []CodebookColumn
	section := ""
	inTable := false // in the rows of a label table
	sc := bufio.NewScanner(bytes.NewReader(md))
	errorf := func(n int, format string, args ...any) error {
		return fmt.Errorf("%s:%d: %s", file, n, fmt.Sprintf(format, args...))
	}
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if h, ok := strings.CutPrefix(line, "## "); ok {
			section, inTable = strings.ToLower(strings.TrimSpace(h)), false
			continue
		}
		cells, ok := tableRow(line)
		switch {
		case !ok:
			inTable = false
		case inTable && isDelimiterRow(cells):
		case inTable:
			label, ok := strings.CutPrefix(cells[0], "`")
			if label, ok = strings.CutSuffix(label, "`"); !ok || label == "" || strings.Contains(label, "`") {
				return nil, errorf(n, "label %s: want it in back quotes, as `label`", cells[0])
			}
			c := &cols[len(cols)-1]
			if slices.Contains(c.Labels, label) {
				return nil, errorf(n, "label %q given twice in column %s", label, c.Name)
			}
			c.Labels = append(c.Labels, label)
		case strings.EqualFold(cells[0], "label"):
			if section == "" {
				return nil, errorf(n, "label table outside a \"## Column\" section")
			}
			if slices.ContainsFunc(cols, func(c CodebookColumn) bool { return c.Name == section }) {
				return nil, errorf(n, "a second label table for column %s", section)
			}
			cols = append(cols, CodebookColumn{Name: section})
			inTable = true
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if len(cols) == 0 {
		return nil, fmt.Errorf("%s: no label tables", file)
	}
	for _, c := range cols {
		if len(c.Labels) < 2 {
			return nil, fmt.Errorf("%s: column %s: want at least 2 labels, got %d", file, c.Name, len(c.Labels))
		}
	}
	return cols, nil
}

// tableRow splits a Markdown table row "| a | b |" into its trimmed cells.
func tableRow(line string) ([]string, bool) {
	inner, ok := strings.CutPrefix(line, "|")
	if !ok {
		return nil, false
	}
	inner = strings.TrimSuffix(inner, "|")
	cells := strings.Split(inner, "|")
	for i := range cells {
		cells[i] = strings.TrimSpace(cells[i])
	}
	return cells, true
}

// isDelimiterRow reports whether cells are a table's delimiter row,
// "|---|:--:|".
func isDelimiterRow(cells []string) bool {
	for _, c := range cells {
		if c == "" || strings.Trim(c, "-:") != "" {
			return false
		}
	}
	return true
}
