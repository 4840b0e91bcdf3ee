package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/stance-nlp/stance/data"
)

// warnRead tells, on stderr, what reading in chose or repaired: the
// sniffed delimiter, rows with invalid UTF-8, ragged rows let through.
func warnRead(stderr io.Writer, name string, d data.Diagnoser) {
	g := d.Diagnostics()
	if g.Decoded != "" {
		fmt.Fprintf(stderr, "stance: %s: read as %s\n", name, g.Decoded)
	}
	if g.UnnamedColumns > 0 {
		fmt.Fprintf(stderr, "stance: %s: the header ends in %s (a spreadsheet's trailing separator) and no row has a value there: ignored\n",
			name, plural(g.UnnamedColumns, "unnamed column", "unnamed columns"))
	}
	// A comma is what everyone expects; any other sniffed separator is
	// said, so that a wrong guess shows before the numbers do.
	if g.SepLine {
		fmt.Fprintf(stderr, "stance: %s: fields separated by %s (the file's first line, Excel's \"sep=\", says so)\n", name, delimName(g.Delimiter))
	} else if g.Sniffed && g.Delimiter != ',' {
		fmt.Fprintf(stderr, "stance: %s: fields separated by %s (sniffed from the header; -delimiter sets it)\n", name, delimName(g.Delimiter))
	}
	if g.InvalidUTF8 > 0 {
		fmt.Fprintf(stderr, "stance: %s: warning: invalid UTF-8 in %s, kept with U+FFFD in its place\n", name, plural(g.InvalidUTF8, "row", "rows"))
	}
	if g.Ragged > 0 {
		fmt.Fprintf(stderr, "stance: %s: warning: %s with the wrong number of fields passed through (-lenient)\n", name, plural(g.Ragged, "row", "rows"))
	}
}

func delimName(r rune) string {
	if r == '\t' {
		return "tabs"
	}
	return fmt.Sprintf("'%c'", r)
}

// inFile puts path before err unless err already names a file (a failed
// write names the output).
func inFile(path string, err error) error {
	var pe *data.ParseError
	var ce *data.ColumnError
	if err == nil || errors.As(err, &pe) && pe.File != "" || errors.As(err, &ce) && ce.File != "" || errors.As(err, new(*data.OutputError)) {
		return err
	}
	return fmt.Errorf("%s: %w", path, err)
}

// checkOutput refuses, as a usage error, an output that would overwrite
// one of the run's inputs (see data.CheckOutput); flag names the output
// flag ("o", "html").
func checkOutput(flag, out string, inputs ...string) error {
	if err := data.CheckOutput(out, inputs...); err != nil {
		return usagef("-%s %v", flag, err)
	}
	return nil
}

// createOutput returns where a command writes its main result: stdout
// for "-" (or ""), else a file that appears only when Finish commits it.
func createOutput(e *env, path string, stdout io.Writer) (*data.Output, error) {
	if path == "-" || path == "" {
		return data.WriterOutput(stdout), nil
	}
	o, err := e.outputs.Create(path)
	if err != nil {
		return nil, fmt.Errorf("-o %w", err)
	}
	return o, nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// declareExcelSafe defines -excel-safe, of the commands whose CSV output
// carries text from the input (label, ingest, annotate export).
func declareExcelSafe(fs *flag.FlagSet, on *bool) {
	fs.BoolVar(on, "excel-safe", false, "write cells that begin with = + - @, a tab or CR (a formula to a spreadsheet) with a ' in front;\n"+
		"plain numbers such as -0.5 are left alone. Off: the CSV stays faithful for R and pandas, and such cells are counted in a warning")
}

// formulaGuard wraps the output w of a CSV command for data.NewWriter, to
// neutralize formula-like cells (-excel-safe) or count them for
// warnFormulas.
func formulaGuard(w io.Writer, excelSafe bool) *data.FormulaGuard {
	return &data.FormulaGuard{W: w, Neutralize: excelSafe}
}

// warnFormulas says once per run, on stderr, how many cells of out a
// spreadsheet could take for a formula: written as they were, or with a
// quote in front under -excel-safe.
func warnFormulas(stderr io.Writer, out string, g *data.FormulaGuard) {
	if g.Cells == 0 {
		return
	}
	if out == "-" || out == "" {
		out = "standard output"
	}
	cells := plural(g.Cells, "cell", "cells")
	if g.Neutralize {
		fmt.Fprintf(stderr, "stance: %s: %s that began with = + - @, a tab or CR written with a ' in front (-excel-safe)\n", out, cells)
		return
	}
	fmt.Fprintf(stderr, "stance: %s: warning: %s begin with = + - @, a tab or CR, which a spreadsheet may run as a formula;\n"+
		"  written as they are (right for R and pandas); -excel-safe writes them with a ' in front for a spreadsheet\n", out, cells)
}

// warnFormulaLabels warns, on stderr, about each label of a training set
// that a spreadsheet could take for a formula: the model writes it into
// every row label gives it.
func warnFormulaLabels(stderr io.Writer, path string, columns []string, labels [][]string) {
	for c, col := range columns {
		var bad []string
		for _, l := range labels[c] {
			if data.FormulaLike(l) && !slices.Contains(bad, l) {
				bad = append(bad, l)
			}
		}
		slices.Sort(bad)
		for _, l := range bad {
			fmt.Fprintf(stderr, "stance: %s: warning: %s label %q begins like a spreadsheet formula; label writes it into the output\n"+
				"  (its -excel-safe puts a ' in front); a label that starts with a letter is safer\n", path, col, l)
		}
	}
}

// checkFolds refuses, as a usage error, k cross-validation folds for n
// documents when some fold would be empty, and says which -folds would
// do: 0 (no cross-validation) where the command can train without it
// (train), and the most folds n documents allow.
func checkFolds(k, n int, zeroOK bool) error {
	if k <= n || k < 2 {
		return nil
	}
	var ways []string
	if zeroOK {
		ways = append(ways, "-folds 0 trains without cross-validation")
	}
	if n >= 2 {
		ways = append(ways, fmt.Sprintf("-folds %d at most cross-validates", n))
	}
	msg := fmt.Sprintf("-folds %d for %s: each fold needs a document to test on", k, plural(n, "document", "documents"))
	if len(ways) > 0 {
		msg += "; " + strings.Join(ways, ", ")
	}
	return usagef("%s", msg)
}

// declareQuiet defines -q, which drops what a command reports on success
// (what), and its progress lines: for scripts and Makefiles. Warnings and
// errors still print, since they say the output may not be what was meant.
func declareQuiet(fs *flag.FlagSet, on *bool, what string) {
	fs.BoolVar(on, "q", false, "quiet: leave out "+what+" and the progress lines; warnings and errors still print")
}

// stdinNote is the line said when a command starts to read a terminal: a
// command that waits for typed input with no word looks hung.
const stdinNote = "stance: reading comments from standard input (Ctrl-D to end)"

// announcedReader is standard input when it is a terminal: its first Read
// says stdinNote on w first. Saying it at the first read, not at the
// start, keeps it off commands that never read standard input.
type announcedReader struct {
	r    io.Reader
	w    io.Writer
	said bool
}

func (a *announcedReader) Read(p []byte) (int, error) {
	if !a.said {
		a.said = true
		fmt.Fprintln(a.w, stdinNote)
	}
	return a.r.Read(p)
}
