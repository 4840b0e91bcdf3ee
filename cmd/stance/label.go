package main

import (
	"context"
	"fmt"
	"io"
	"math"

	"github.com/stance-nlp/stance/data"
	"github.com/stance-nlp/stance/internal/term"
	"github.com/stance-nlp/stance/label"
)

type labelCmd struct {
	e       *env
	model   modelFlag
	in      inputFlags
	cols    columnFlags
	probs   bool
	prefix  string
	out     string
	workers int
	maxText int
	// excelSafe is -excel-safe.
	excelSafe bool
	// quiet is -q: no summary and no progress line.
	quiet bool
}

func newLabel(e *env) *command {
	l := &labelCmd{e: e}
	c := newCommand("label")
	fs := c.Flag
	l.model.declare(fs, "model `file` (default: the shipped model)")
	l.in.declare(fs, "auto, csv, jsonl or thread", true)
	l.cols.declare(fs, withText|withGroup|fromModel, "", "")
	fs.BoolVar(&l.probs, "probs", false, "add every label's probability")
	fs.StringVar(&l.prefix, "prefix", "", "`prefix` for the added column names")
	fs.StringVar(&l.out, "o", "-", "output `file` (\"-\" is standard output)")
	numVar(fs, &l.workers, "workers", 0, ranged[int]{lo: 0, hi: math.MaxInt},
		fmt.Sprintf("predicting `goroutines` (0: one per core; more than %d per core are cut to that)", workersPerCore))
	numVar(fs, &l.maxText, "max-text-bytes", 0, ranged[int]{lo: 0, hi: math.MaxInt},
		fmt.Sprintf("label texts longer than `n` bytes from their first n bytes, noted (0: such a text is an error; the limit is %d)", label.DefaultMaxTextBytes))
	declareExcelSafe(fs, &l.excelSafe)
	declareQuiet(fs, &l.quiet, "the summary of labels")
	c.Run = l.run
	return c
}

func (l *labelCmd) run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 1 {
		return usagef("want at most one input file, got %d", len(args))
	}
	path := "-"
	if len(args) == 1 {
		path = args[0]
	}
	if err := checkOutput("o", l.out, path, l.model.path); err != nil {
		return err
	}
	if _, err := l.in.input(); err != nil {
		return err
	}
	workers := l.workers
	if m := maxWorkers(); workers > m {
		// Each worker holds a batch of rows: ten million of them took
		// 24 GB before labelling a row.
		fmt.Fprintf(stderr, "label: -workers %d: using %d, %d per core\n", workers, m, workersPerCore)
		workers = m
	}
	b, err := l.model.load()
	if err != nil {
		return err
	}
	if err := l.cols.checkGroup(b); err != nil {
		return err
	}
	in, err := l.in.open(l.e, path, data.FormatCSV)
	if err != nil {
		return err
	}
	defer in.Close()
	o, err := createOutput(l.e, l.out, stdout)
	if err != nil {
		return err
	}
	opts := label.Options{Columns: l.cols.columns(b), Probs: l.probs, Prefix: l.prefix, Workers: workers,
		File: path, MaxTextBytes: l.maxText, TruncateText: l.maxText > 0}
	if term.IsTerminal(stderr) && !l.quiet {
		opts.Progress = term.Progress(stderr, "label", "rows")
	}
	g := formulaGuard(o, l.excelSafe)
	st, err := label.Run(in, data.NewWriter(g), b, opts)
	if opts.Progress != nil {
		fmt.Fprintln(stderr)
	}
	if err := o.Finish(inFile(path, err)); err != nil {
		return err
	}
	warnRead(stderr, path, in)
	warnFormulas(stderr, l.out, g)
	if err := label.WriteShiftWarning(stderr, st.Shift, b, path); err != nil {
		return err
	}
	if l.quiet {
		return nil
	}
	sw := stderr
	if o.IsFile() {
		sw = stdout
		// The summary, which carries it too, is not on stderr.
		if m := st.InSample.Message(); m != "" {
			fmt.Fprintln(stderr, "warning: "+m)
		}
	}
	return st.WriteSummary(sw)
}
