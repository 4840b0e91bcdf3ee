package classifier

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/stance-nlp/stance/data"
)

// Schema is the set of labels each label column may hold, keyed by column
// name, labels in the order given. Annotation by hand drifts ("pro assad"
// for "pro-assad", "Neutral" for "neutral"), and every drifted spelling
// would otherwise train as a class of its own; a schema turns that into an
// error before training.
type Schema map[string][]string

// CodebookSchema returns the label sets of data/CODEBOOK.md, the guide the
// seed corpus was annotated by (see data.CodebookColumns), each sorted.
// The result is fresh on every call, so a caller may change it.
func CodebookSchema() Schema {
	s := Schema{}
	for _, c := range data.CodebookColumns() {
		s[c.Name] = slices.Sorted(slices.Values(c.Labels))
	}
	return s
}

// LoadSchema returns the schema that spec names, as `stance train -schema`
// takes it: nil for "", CodebookSchema for "codebook", and otherwise the
// schema file at path spec (write ./codebook for a file of that name).
func LoadSchema(spec string) (Schema, error) {
	s, _, err := LoadSchemaStructures(spec)
	return s, err
}

// LoadSchemaStructures is LoadSchema with the label structures the schema
// declares (see ParseSchemaStructures); for "codebook", those of its
// columns whose labels are spelled pro-TARGET, anti-TARGET and neutral
// (ConventionalDecomposition, the codebook's precedence).
func LoadSchemaStructures(spec string) (Schema, map[string]Decomposition, error) {
	switch spec {
	case "":
		return nil, nil, nil
	case "codebook":
		s := CodebookSchema()
		ds := map[string]Decomposition{}
		for col, labels := range s {
			if d, ok := ConventionalDecomposition(labels); ok {
				ds[col] = d
			}
		}
		return s, ds, nil
	}
	f, err := os.Open(spec)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	return ParseSchemaStructures(f, spec)
}

// SchemaFormat describes the schema file format, for help texts.
const SchemaFormat = `one line per label column, "column: label, label, ...";
a long list may go on over indented lines, a trailing comma is allowed,
'#' starts a comment that runs to the end of the line, and labels hold
no ',', '#' or '='; a label may declare its target and polarity for
-structure target-polarity, "FAVOR = pro Trump", "AGAINST = anti Trump",
"NONE = none" (every label of the column, then; targets in order of
precedence)`

// ParseSchema reads a schema file (see SchemaFormat). file names the input
// in errors, which read "file:line: problem". A column named on a second
// line gets that line's labels too; a label given twice is an error, as is
// a column of fewer than two labels, which could never be trained.
//
// Example:
//
//	# stance of the defection thread
//	stance: pro-defection, anti-defection,
//	        neutral
//	sentiment: negative, neutral, positive
func ParseSchema(r io.Reader, file string) (Schema, error) {
	s, _, err := ParseSchemaStructures(r, file)
	return s, err
}

// ParseSchemaStructures is ParseSchema that also returns the structures
// its columns declare, by column: a label followed by "= pro TARGET",
// "= anti TARGET" or "= none" has that target and polarity, or none (see
// Decomposition). A column that declares one label's must declare every
// label's, give no two labels the same, and name at least one target; its
// targets' precedence is the order in which the file first names them.
// Errors read "file:line: problem".
//
// Example (P-Stance's labels, one file per target):
//
//	stance: FAVOR = pro Donald Trump, AGAINST = anti Donald Trump,
//	        NONE = none
func ParseSchemaStructures(r io.Reader, file string) (Schema, map[string]Decomposition, error) {
	s := Schema{}
	decl := map[string]*declared{}   // column -> what its labels declare
	firstLine := map[string]int{}    // column -> line that first names it
	labelLine := map[[2]string]int{} // {column, label} -> line that gives it
	order := []string{}              // columns in order of first mention
	br := bufio.NewReader(r)
	last := "" // the column of the last label line, for continuations
	for n := 1; ; n++ {
		line, err := br.ReadString('\n')
		if err != nil && err != io.EOF {
			return nil, nil, fmt.Errorf("%s:%d: %w", file, n, err)
		}
		if line == "" && err == io.EOF {
			break
		}
		if n == 1 {
			// Editors on Windows write a byte order mark; it is not part
			// of the first column's name.
			line = strings.TrimPrefix(line, "\uFEFF")
		}
		if !utf8.ValidString(line) {
			return nil, nil, fmt.Errorf("%s:%d: invalid UTF-8", file, n)
		}
		text, _, _ := strings.Cut(line, "#")
		if strings.TrimSpace(text) == "" {
			if err == io.EOF {
				break
			}
			continue
		}
		col, list, ok := strings.Cut(text, ":")
		switch {
		case ok:
			col = strings.TrimSpace(col)
			if col == "" {
				return nil, nil, fmt.Errorf("%s:%d: no column name before ':'", file, n)
			}
		case last != "" && startsIndented(text):
			// An indented line without ':' continues the last column, so
			// that a long label list can be wrapped.
			col, list = last, text
		default:
			return nil, nil, fmt.Errorf("%s:%d: want \"column: label, label, ...\", got %q", file, n, strings.TrimSpace(text))
		}
		if _, seen := firstLine[col]; !seen {
			firstLine[col] = n
			order = append(order, col)
		}
		last = col
		items := strings.Split(list, ",")
		for i, item := range items {
			l, part, hasPart := strings.Cut(item, "=")
			l = strings.TrimSpace(l)
			if l == "" {
				if i == len(items)-1 && !hasPart {
					continue // a trailing comma, or "column:" alone
				}
				return nil, nil, fmt.Errorf("%s:%d: empty label in column %s (two commas in a row?)", file, n, col)
			}
			key := [2]string{col, l}
			if prev, dup := labelLine[key]; dup {
				return nil, nil, fmt.Errorf("%s:%d: label %q of column %s already given on line %d", file, n, l, col, prev)
			}
			if decl[col] == nil {
				decl[col] = &declared{parts: map[string]LabelPart{}, byPart: map[LabelPart]string{}}
			}
			if err := decl[col].add(l, part, hasPart, n); err != nil {
				return nil, nil, fmt.Errorf("%s:%d: column %s: %w", file, n, col, err)
			}
			labelLine[key] = n
			s[col] = append(s[col], l)
		}
		if err == io.EOF {
			break
		}
	}
	if len(order) == 0 {
		return nil, nil, fmt.Errorf("%s: no label columns; want lines like \"stance: pro, anti, neutral\"", file)
	}
	ds := map[string]Decomposition{}
	for _, col := range order {
		if len(s[col]) < 2 {
			return nil, nil, fmt.Errorf("%s:%d: column %s lists %d label(s); a label column needs at least two", file, firstLine[col], col, len(s[col]))
		}
		d := decl[col]
		if d == nil || d.firstWith == 0 {
			continue
		}
		if d.firstWithout != 0 {
			return nil, nil, fmt.Errorf("%s:%d: column %s: label %q declares no target and polarity, where line %d declares them: give every label of the column \"= pro TARGET\", \"= anti TARGET\" or \"= none\"",
				file, d.firstWithout, col, d.without, d.firstWith)
		}
		if len(d.targets) == 0 {
			return nil, nil, fmt.Errorf("%s:%d: column %s: no label has a target; declare \"= pro TARGET\" or \"= anti TARGET\"", file, d.firstWith, col)
		}
		ds[col] = Decomposition{Targets: d.targets, Parts: d.parts}
	}
	return s, ds, nil
}

// declared collects what the labels of one schema column declare of
// their structure, as ParseSchemaStructures reads them.
type declared struct {
	parts        map[string]LabelPart
	byPart       map[LabelPart]string // the label that has each part
	targets      []string             // in order of first mention
	firstWith    int                  // the first line with a label declaring its part; 0: none
	firstWithout int                  // the first line with a label declaring none; 0: none
	without      string               // that label
}

// add records label l of line n, with the text after its '=' when hasPart.
func (d *declared) add(l, part string, hasPart bool, n int) error {
	if !hasPart {
		if d.firstWithout == 0 {
			d.firstWithout, d.without = n, l
		}
		return nil
	}
	if d.firstWith == 0 {
		d.firstWith = n
	}
	var p LabelPart
	words := strings.Fields(part)
	switch {
	case len(words) == 1 && words[0] == "none":
	case len(words) >= 2 && (words[0] == PolarityPro || words[0] == PolarityAnti):
		p = LabelPart{Target: strings.Join(words[1:], " "), Polarity: words[0]}
	default:
		return fmt.Errorf("label %q = %q: want \"= pro TARGET\", \"= anti TARGET\" or \"= none\"", l, strings.TrimSpace(part))
	}
	if prev, dup := d.byPart[p]; dup {
		what := "no target"
		if !p.None() {
			what = p.Polarity + " " + p.Target
		}
		return fmt.Errorf("labels %q and %q both declare %s", prev, l, what)
	}
	d.byPart[p], d.parts[l] = l, p
	if !p.None() && !slices.Contains(d.targets, p.Target) {
		d.targets = append(d.targets, p.Target)
	}
	return nil
}

// startsIndented reports whether s continues the line before it.
func startsIndented(s string) bool {
	return s != "" && (s[0] == ' ' || s[0] == '\t')
}

// DataChecks are the checks of annotated data that `stance train` runs
// before training, beyond those of reading it: mistakes of annotation
// that would otherwise train quietly into a worse model and inflated
// cross-validated scores.
type DataChecks struct {
	// Schema gives the labels allowed in the columns it names. The
	// columns it does not name, and every column when it is nil, get the
	// spelling check of LabelColumn.CheckSpellings instead.
	Schema Schema
	// IDColumn names the column of row ids, which must be unique; "" asks
	// for no id check. Check takes the ids themselves: the caller reads
	// them, and skips the check when the file has no such column.
	IDColumn string
}

// Check runs the checks on s, read from file: row i of s is on line
// lines[i], with id ids[i] (ids is nil when there are none). Every problem
// found is reported, in one error, so that one pass over the file fixes
// them all. The warnings (labels with one example, see CheckSizes) are
// returned only when there is no error, which they would only clutter.
func (d DataChecks) Check(s *TrainingSet, file string, lines []int, ids []string) (warnings []string, err error) {
	var errs []error
	if ids != nil {
		errs = append(errs, CheckIDs(file, ids, lines))
	}
	for c, name := range s.Columns {
		col := LabelColumn{File: file, Name: name, Labels: s.Labels[c], Lines: lines}
		if _, ok := d.Schema[name]; ok {
			errs = append(errs, d.Schema.Check(col))
		} else {
			errs = append(errs, col.CheckSpellings())
		}
		w, err := col.CheckSizes()
		warnings = append(warnings, w...)
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return warnings, nil
}

// LabelColumn is one label column of a training file as read: Labels[i]
// is the label on line Lines[i] of File. The checks below report problems
// by those lines, so that they can be fixed in the file.
type LabelColumn struct {
	File   string
	Name   string
	Labels []string
	Lines  []int // same length as Labels
}

// labelUse is one distinct label of a column and where it occurs.
type labelUse struct {
	label string
	lines []int // ascending, as read
}

// uses groups the column's labels by value, in order of first occurrence.
func (c LabelColumn) uses() []labelUse {
	at := map[string]int{}
	var out []labelUse
	for i, l := range c.Labels {
		k, ok := at[l]
		if !ok {
			k = len(out)
			at[l] = k
			out = append(out, labelUse{label: l})
		}
		out[k].lines = append(out[k].lines, c.line(i))
	}
	return out
}

// line returns the line of label i; a column built without lines counts
// rows from 1 instead.
func (c LabelColumn) line(i int) int {
	if i < len(c.Lines) {
		return c.Lines[i]
	}
	return i + 1
}

// maxLinesShown caps each line list in a message: five is enough to find
// the pattern, and a label misspelt on 300 lines should not scroll the
// rest of the report away.
const maxLinesShown = 5

// lineList formats lines as "line 4" or "lines 4, 17, 20, 31, 40 and 3 more".
func lineList(lines []int) string {
	if len(lines) == 1 {
		return fmt.Sprintf("line %d", lines[0])
	}
	var b strings.Builder
	b.WriteString("lines ")
	for i, l := range lines[:min(len(lines), maxLinesShown)] {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprint(&b, l)
	}
	if len(lines) > maxLinesShown {
		fmt.Fprintf(&b, " and %d more", len(lines)-maxLinesShown)
	}
	return b.String()
}

// Check returns an error listing every label of c that the schema does
// not allow in its column, each with its lines and, when one is close by
// edit distance, the allowed label it was probably meant to be. A column
// the schema does not name passes: the schema constrains only the columns
// it describes.
func (s Schema) Check(c LabelColumn) error {
	allowed, ok := s[c.Name]
	if !ok {
		return nil
	}
	var bad []labelUse
	for _, u := range c.uses() {
		if !slices.Contains(allowed, u.label) {
			bad = append(bad, u)
		}
	}
	if len(bad) == 0 {
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s not in the schema of column %s:", c.File, plural(len(bad), "label", "labels"), c.Name)
	for _, u := range bad {
		fmt.Fprintf(&b, "\n  %q (%s)", u.label, lineList(u.lines))
		if near, ok := nearest(u.label, allowed); ok {
			fmt.Fprintf(&b, ": did you mean %q?", near)
		}
	}
	fmt.Fprintf(&b, "\n  (column %s allows: %s)", c.Name, strings.Join(allowed, ", "))
	return errors.New(b.String())
}

// CheckSpellings returns an error naming every label of c that is written
// in more than one way, going by labels equal once lowercased and rid of
// spaces, '-' and '_' ("Pro-Assad", "pro assad", "pro_assad"). Without a
// schema that is the one sign of drift a program can be sure of: no
// annotator means two classes by "pro-assad" and "Pro Assad". Each variant
// is listed with its count and lines, and the most frequent spelling is
// suggested for all of them, unless several are equally frequent.
func (c LabelColumn) CheckSpellings() error {
	groups := map[string][]labelUse{}
	var keys []string // in order of first occurrence
	for _, u := range c.uses() {
		k := squash(u.label)
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], u)
	}
	var lines []string
	for _, k := range keys {
		g := groups[k]
		if len(g) < 2 {
			continue
		}
		most := 0
		parts := make([]string, len(g))
		for i, u := range g {
			most = max(most, len(u.lines))
			parts[i] = fmt.Sprintf("%q %s (%s)", u.label, times(len(u.lines)), lineList(u.lines))
		}
		var best []string
		for _, u := range g {
			if len(u.lines) == most {
				best = append(best, strconv.Quote(u.label))
			}
		}
		advice := fmt.Sprintf("write them all %s, the most frequent?", best[0])
		if len(best) > 1 {
			// Counts cannot settle it; which spelling is right is the
			// annotators' call.
			advice = fmt.Sprintf("write them all one way (%s are equally frequent)", strings.Join(best, " and "))
		}
		lines = append(lines, fmt.Sprintf("  %s: %s", strings.Join(parts, ", "), advice))
	}
	if len(lines) == 0 {
		return nil
	}
	return fmt.Errorf("%s: column %s spells %s several ways, and each spelling would train as a class of its own:\n%s",
		c.File, c.Name, plural(len(lines), "label", "labels"), strings.Join(lines, "\n"))
}

// CheckSizes looks at the number of examples of each label of c. A column
// with a single label is an error, since there is nothing to tell apart.
// Each label with only one example gives a warning, "file:line: ...":
// training works, but the model learns little from one example, and
// stratified cross-validation cannot put it in more than one fold, so
// the folds that test it have not trained on it.
func (c LabelColumn) CheckSizes() (warnings []string, err error) {
	uses := c.uses()
	switch len(uses) {
	case 0:
		return nil, fmt.Errorf("%s: column %s has no labels", c.File, c.Name)
	case 1:
		return nil, fmt.Errorf("%s: column %s has only one label, %q (%s); training needs at least two",
			c.File, c.Name, uses[0].label, plural(len(uses[0].lines), "row", "rows"))
	}
	var common []string // labels with two examples or more, in order of first use
	count := map[string]int{}
	for _, u := range uses {
		count[u.label] = len(u.lines)
		if len(u.lines) >= 2 {
			common = append(common, u.label)
		}
	}
	for _, u := range uses {
		if len(u.lines) < 2 {
			w := fmt.Sprintf("%s:%d: column %s: label %q has 1 example; cross-validation can't stratify it",
				c.File, u.lines[0], c.Name, u.label)
			if near, ok := typoOf(u.label, common); ok {
				w += fmt.Sprintf(" (a misspelling of %q, which has %d?)", near, count[near])
			}
			warnings = append(warnings, w)
		}
	}
	return warnings, nil
}

// typoOf returns the label of common that l is probably a typing slip of:
// the closest, when it is at most max(1, n/4) edits away for l of n ≥ 4
// runes ("negatve" for "negative", "nuetral" for "neutral"). Without a
// schema this is only a hint, so the bound is tighter than nearest's:
// "pro-assad" and "anti-assad", 4 edits apart, are two labels, and short
// labels ("1" and "2", "pos" and "neg") are too close to each other to say.
func typoOf(l string, common []string) (string, bool) {
	n := utf8.RuneCountInString(l)
	if n < 4 {
		return "", false
	}
	best, d := closest(l, common)
	if d < 0 || d > max(1, n/4) {
		return "", false
	}
	return best, true
}

// squash is the key under which spellings of one label meet: lowercased,
// without white space, '-' or '_'.
func squash(l string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '-' || r == '_' {
			return -1
		}
		return unicode.ToLower(r)
	}, l)
}

// nearest returns the allowed label closest to l (see closest), if it is
// close enough to be a plausible misspelling: at most half the length of
// the longer label. Beyond that the suggestion would be a guess ("banana"
// is 6 edits from "neutral") and is better left out.
func nearest(l string, allowed []string) (string, bool) {
	best, d := closest(l, allowed)
	limit := max(utf8.RuneCountInString(l), utf8.RuneCountInString(best)) / 2
	if d < 0 || d > limit {
		return "", false
	}
	return best, true
}

// closest returns the label of labels at the least Levenshtein distance
// from l, comparing lowercased labels (the first in order among ties), and
// that distance; -1 when labels is empty.
func closest(l string, labels []string) (string, int) {
	ll := strings.ToLower(l)
	best, bestD := "", -1
	for _, a := range labels {
		if d := levenshtein(ll, strings.ToLower(a)); bestD < 0 || d < bestD {
			best, bestD = a, d
		}
	}
	return best, bestD
}

// levenshtein returns the edit distance between a and b in runes: the
// fewest single-rune insertions, deletions and substitutions that turn a
// into b. It keeps one row of the dynamic programme,
//
//	d[i][j] = min(d[i-1][j] + 1, d[i][j-1] + 1, d[i-1][j-1] + [a_i ≠ b_j])
//
// overwriting it in place with prev holding d[i-1][j-1].
func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	row := make([]int, len(rb)+1)
	for j := range row {
		row[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		prev := row[0]
		row[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur := min(row[j]+1, row[j-1]+1, prev+cost)
			prev = row[j]
			row[j] = cur
		}
	}
	return row[len(rb)]
}

// CheckIDs returns an error for every id that occurs a second time, each
// "file:line: duplicate id "c017" (first on line 19)", at most ten of
// them. Duplicated rows count twice in training and can land on both sides
// of a cross-validation split, which inflates the scores. ids[i] is on
// line lines[i]; empty ids are not compared.
func CheckIDs(file string, ids []string, lines []int) error {
	const maxShown = 10
	first := map[string]int{}
	var msgs []string
	dups := 0
	for i, id := range ids {
		if id == "" {
			continue
		}
		n := i + 1
		if i < len(lines) {
			n = lines[i]
		}
		if f, ok := first[id]; ok {
			if dups++; dups <= maxShown {
				msgs = append(msgs, fmt.Sprintf("%s:%d: duplicate id %q (first on line %d)", file, n, id, f))
			}
			continue
		}
		first[id] = n
	}
	if dups > maxShown {
		msgs = append(msgs, fmt.Sprintf("%s: and %d more duplicate ids", file, dups-maxShown))
	}
	if len(msgs) == 0 {
		return nil
	}
	return errors.New(strings.Join(msgs, "\n"))
}

// plural is "1 label" or "3 labels".
func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// times is "once", "twice" or "N times".
func times(n int) string {
	switch n {
	case 1:
		return "once"
	case 2:
		return "twice"
	}
	return fmt.Sprintf("%d times", n)
}
