package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/stance-nlp/stance/data"
)

// warnRead tells, on stderr, what reading in chose or repaired: the
// sniffed delimiter, rows with invalid UTF-8, ragged rows let through.
func warnRead(stderr io.Writer, name string, d data.Diagnoser) {
	g := d.Diagnostics()
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

// inFile puts path before err unless err already names a file.
func inFile(path string, err error) error {
	var pe *data.ParseError
	var ce *data.ColumnError
	if err == nil || errors.As(err, &pe) && pe.File != "" || errors.As(err, &ce) && ce.File != "" {
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
