package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/stance-nlp/stance/classifier"
	"github.com/stance-nlp/stance/data"
	"github.com/stance-nlp/stance/internal/term"
	"github.com/stance-nlp/stance/tune"
)

// searchFlags are the flags of a recipe search: tune's, and those of
// train and cv with -recipe auto.
type searchFlags struct {
	auto   string
	budget time.Duration
	fits   int
}

// declare defines -budget and -fits and, when withAuto, -recipe.
func (f *searchFlags) declare(fs *flag.FlagSet, withAuto bool) {
	if withAuto {
		fs.StringVar(&f.auto, "recipe", "", "`auto` searches the recipe first (as stance tune) and uses the best; the recipe flags give the starting recipe")
	}
	// A day's search is already far past sane; more fits than the search
	// has candidates times folds are not made.
	numVar(fs, &f.budget, "budget", 2*time.Minute, ranged[time.Duration]{lo: 0, hi: 24 * time.Hour, open: true},
		"the `time` the recipe search may take (turned into fits by timing the first)")
	numVar(fs, &f.fits, "fits", 0, ranged[int]{lo: 0, hi: 1_000_000},
		"the recipe search's budget in `fits` (one recipe on one fold), instead of -budget: the same data, seed and fits give the same choice")
}

// on reports whether -recipe asks for a search.
func (f *searchFlags) on() (bool, error) {
	switch f.auto {
	case "":
		return false, nil
	case "auto":
		return true, nil
	}
	return false, usagef("-recipe %q: want auto, or the recipe flags alone", f.auto)
}

// options returns the search options the flags give, from base, with k
// folds and seed.
func (f *searchFlags) options(base classifier.Recipe, k int, seed uint64) tune.Options {
	return tune.Options{Base: base, Folds: k, Seed: seed, Fits: f.fits, Budget: f.budget}
}

// search runs a recipe search on s from base, with k folds and seed,
// telling a terminal its progress.
func (f *searchFlags) search(s *classifier.TrainingSet, base classifier.Recipe, k int, seed uint64, stderr io.Writer) (*tune.Result, error) {
	o := f.options(base, k, seed)
	if term.IsTerminal(stderr) {
		o.Progress = func(done, budget int, best string) {
			fmt.Fprintf(stderr, "\rtune: %d/%d fits; best so far: %-60.60s", done, budget, best)
		}
		defer fmt.Fprintln(stderr)
	}
	return tune.Search(s, o)
}

type tuneCmd struct {
	e      *env
	in     inputFlags
	cols   columnFlags
	recipe recipeFlags
	search searchFlags
	folds  int
	seed   uint64
	top    int
	out    string
}

func newTune(e *env) *command {
	t := &tuneCmd{e: e}
	c := newCommand("tune")
	c.Golearn = true
	fs := c.Flag
	t.in.declare(fs, "auto, csv or jsonl", false)
	t.cols.declare(fs, withText|withID|withLabels, "stance,sentiment", "comma-separated label `columns`")
	t.recipe.declare(fs)
	t.search.declare(fs, false)
	numVar(fs, &t.folds, "folds", 5, foldsRange(false), "`k` of the stratified k-fold that scores the candidates")
	fs.Uint64Var(&t.seed, "seed", 1, "`seed` of the folds and of the candidates' order")
	numVar(fs, &t.top, "top", 15, ranged[int]{lo: 1, hi: 100_000}, "leaderboard `rows` to print")
	fs.StringVar(&t.out, "o", "", "write the best recipe's model, trained on the whole file, to `file`")
	c.Run = t.run
	return c
}

func (t *tuneCmd) run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	path, err := oneFile(args, "annotated file")
	if err != nil {
		return err
	}
	if err := checkOutput("o", t.out, path, t.recipe.rules); err != nil {
		return err
	}
	base, err := t.recipe.recipe()
	if err != nil {
		return err
	}
	if t.folds < 2 {
		return usagef("-folds must be at least 2")
	}
	cols := t.cols.columns(nil)
	set, err := readSet(t.e, stderr, &t.in, path, classifier.ReadOptions{Columns: cols, Checks: &classifier.DataChecks{IDColumn: cols.IDColumn()}})
	if err != nil {
		return err
	}
	if err := checkFolds(t.folds, len(set.Texts), false); err != nil {
		return err
	}
	res, err := t.search.search(set, base, t.folds, t.seed, stderr)
	if err != nil {
		return err
	}
	if err := res.WriteBoard(stdout, t.top); err != nil {
		return err
	}
	if t.out == "" {
		return nil
	}
	r := res.Best.Recipe
	r.Folds, r.Seed = t.folds, t.seed
	b, err := classifier.Train(set, r, nil)
	if err != nil {
		return err
	}
	b.Search = res.Record(t.top)
	return t.e.writeModel(b, cols, path, t.out, stdout, stdout)
}

// writeModel writes b, trained on path's columns cols, to out ("-" is
// stdout) and prints the training summary on report.
func (e *env) writeModel(b *classifier.Bundle, cols data.Columns, path, out string, stdout, report io.Writer) error {
	b.Data.TextColumn, b.Data.IDColumn = cols.TextColumn(), cols.IDColumn()
	if path != "-" {
		b.Data.Source = filepath.Base(path)
	}
	o, err := createOutput(e, out, stdout)
	if err != nil {
		return err
	}
	_, err = b.WriteTo(o)
	if err := o.Finish(err); err != nil {
		return err
	}
	return b.WriteSummary(report, out)
}
