package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sync/atomic"

	"github.com/stance-nlp/stance/active"
	"github.com/stance-nlp/stance/classifier"
	"github.com/stance-nlp/stance/data"
	"github.com/stance-nlp/stance/internal/cgocheck"
	"github.com/stance-nlp/stance/internal/term"
)

func main() {
	cgocheck.Ensure() // if the re-exec fails, training says what is missing
	err := run(os.Args[1:], os.Stdout, os.Stderr)
	os.Exit(exitCode(err, os.Stderr))
}

// usageError is a bad flag or argument: exit status 2.
type usageError struct{ error }

// exitCode reports err on stderr and returns the exit status: 0 for
// success and -h, 2 for usage errors, 1 for everything else.
func exitCode(err error, stderr io.Writer) int {
	var u usageError
	switch {
	case err == nil || errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &u):
		fmt.Fprintln(stderr, "simulate:", err)
		return 2
	}
	fmt.Fprintln(stderr, "simulate:", err)
	return 1
}

// options are the command's flags.
type options struct {
	sst2  string
	out   string
	seeds int
	settings
}

// parseFlags reads the flags of args; messages about them go to stderr.
func parseFlags(args []string, stderr io.Writer) (options, error) {
	// The first release's recipe, which docs/simulate.png and docs/annotation.md measured.
	o := options{settings: settings{recipe: classifier.RecipeV1()}}
	o.recipe.Folds = 0
	fs := flag.NewFlagSet("simulate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.sst2, "sst2", "../shared/benchmarks/sst2", "SST-2 directory holding stsa.binary.{train,test}")
	fs.StringVar(&o.out, "out", "out/simulate", "directory for curve.{svg,png,csv,md}")
	fs.StringVar(&o.out, "html", "out/simulate", "same as -out")
	fs.IntVar(&o.seedLabels, "seed-labels", 20, "initial random labelled set, the same for every strategy")
	fs.IntVar(&o.batch, "batch", 20, "labels revealed per step")
	fs.IntVar(&o.max, "max", 2000, "labels at most")
	fs.IntVar(&o.seeds, "seeds", 3, "repeat with seeds 1..n and average")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return o, err
		}
		return o, usageError{err}
	}
	if fs.NArg() > 0 {
		return o, usageError{fmt.Errorf("unexpected argument %q", fs.Arg(0))}
	}
	switch {
	case o.seedLabels < 2:
		return o, usageError{fmt.Errorf("-seed-labels %d: need at least 2 (one per class)", o.seedLabels)}
	case o.batch < 1:
		return o, usageError{fmt.Errorf("-batch %d: must be at least 1", o.batch)}
	case o.max < o.seedLabels:
		return o, usageError{fmt.Errorf("-max %d is below -seed-labels %d", o.max, o.seedLabels)}
	case o.seeds < 1:
		return o, usageError{fmt.Errorf("-seeds %d: must be at least 1", o.seeds)}
	}
	return o, nil
}

// run is the command: it reads SST-2, simulates both strategies, trains
// the full-data reference, writes the chart and tables and prints the
// summary.
func run(args []string, stdout, stderr io.Writer) error {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	pool, err := readSST2(o.sst2, "train")
	if err != nil {
		return err
	}
	test, err := readSST2(o.sst2, "test")
	if err != nil {
		return err
	}
	r := &result{settings: o.settings, seeds: o.seeds, pool: len(pool.texts), test: len(test.texts)}
	progress := newProgress(stderr, 2*o.seeds*len(schedule(o.settings, len(pool.texts)))+1)
	full, err := train(pool, o.recipe)
	if err != nil {
		return fmt.Errorf("training on the full pool: %w", err)
	}
	r.full = accuracy(full, test)
	progress()
	jobs, err := experiment([]active.Strategy{active.Uncertainty, active.Random}, o.seeds, pool, test, o.settings, progress)
	if err != nil {
		return err
	}
	r.curves = aggregate(jobs)
	if err := writeOutputs(o.out, r); err != nil {
		return err
	}
	return writeSummary(stdout, r)
}

// newProgress returns a step counter that shows "k/total trainings" on
// stderr when it is a terminal, and does nothing otherwise. It is safe
// for concurrent use.
func newProgress(stderr io.Writer, total int) func() {
	if !term.IsTerminal(stderr) {
		return func() {}
	}
	var done atomic.Int64
	return func() {
		k := done.Add(1)
		fmt.Fprintf(stderr, "\rsimulate: %d/%d trainings", k, total)
		if int(k) == total {
			fmt.Fprintln(stderr)
		}
	}
}

// writeOutputs writes the chart (SVG, PNG) and the tables (CSV, Markdown)
// into dir as a set (see data.WriteFileSet): a failure while writing any
// of them leaves the files of an earlier run as they were.
func writeOutputs(dir string, r *result) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	p, err := newChart(chartInput{
		title:  "SST-2: uncertainty sampling vs random sampling (default recipe)",
		curves: r.curves,
		full:   r.full,
		seeds:  r.seeds,
	})
	if err != nil {
		return err
	}
	return data.WriteFileSet(dir, []data.NamedFile{
		{Name: "curve.svg", Fill: bytesOf(func() ([]byte, error) { return svgChart(p) })},
		{Name: "curve.png", Fill: bytesOf(func() ([]byte, error) { return pngChart(p) })},
		{Name: "curve.csv", Fill: func(w io.Writer) error { return writeCSV(w, r) }},
		{Name: "curve.md", Fill: func(w io.Writer) error { return writeMarkdown(w, r) }},
	}, nil)
}

// bytesOf turns a renderer into a writer function.
func bytesOf(render func() ([]byte, error)) func(io.Writer) error {
	return func(w io.Writer) error {
		b, err := render()
		if err != nil {
			return err
		}
		_, err = w.Write(b)
		return err
	}
}
