package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	"github.com/stance-nlp/stance/classifier"
	"github.com/stance-nlp/stance/data"
	"github.com/stance-nlp/stance/internal/term"
)

type trainCmd struct {
	e      *env
	in     inputFlags
	cols   columnFlags
	recipe recipeFlags
	checks classifier.DataChecks
	out    string
}

func newTrain(e *env) *command {
	t := &trainCmd{e: e}
	c := newCommand("train")
	c.Golearn = true
	fs := c.Flag
	t.in.declare(fs, "auto, csv or jsonl", false)
	t.cols.declare(fs, withText|withID|withLabels|withGroup, "stance,sentiment", "comma-separated label `columns`")
	fs.StringVar(&t.out, "o", "stance.model", "model `file` to write")
	fs.Func("schema", "the labels each column may hold: \"codebook\" for those of data/CODEBOOK.md,\n"+
		"or a schema `file` of "+classifier.SchemaFormat+".\n"+
		"A label outside the schema is an error, which names the nearest allowed label.\n"+
		"Columns the schema leaves out, and every column without -schema, are checked\n"+
		"for labels spelled several ways (\"Pro-Assad\", \"pro assad\", \"pro_assad\")",
		func(v string) (err error) {
			t.checks.Schema, err = classifier.LoadSchema(v)
			return err
		})
	t.recipe.declare(fs)
	fs.IntVar(&t.recipe.r.Folds, "folds", t.recipe.r.Folds, "cross-validation `folds` (0: none)")
	fs.Uint64Var(&t.recipe.r.Seed, "seed", t.recipe.r.Seed, "cross-validation shuffle `seed`")
	c.Run = t.run
	return c
}

func (t *trainCmd) run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) != 1 {
		return usagef("want one training file, got %d", len(args))
	}
	r, err := t.recipe.recipe()
	if err != nil {
		return err
	}
	cols := t.cols.columns(nil)
	if len(cols.Labels) == 0 {
		return usagef("-labels names no column")
	}
	// -id-col "" asks for no id check.
	if !t.cols.id.set || t.cols.id.value != "" {
		t.checks.IDColumn = cols.IDColumn()
	}
	set, err := readSet(t.e, stderr, &t.in, args[0], classifier.ReadOptions{Columns: cols, Checks: &t.checks})
	if err != nil {
		return err
	}
	var progress classifier.Progress
	if term.IsTerminal(stderr) {
		progress = func(format string, a ...any) {
			fmt.Fprintf(stderr, "train: "+format+"\n", a...)
		}
	}
	b, err := classifier.Train(set, r, progress)
	if err != nil {
		return err
	}
	b.Data.TextColumn, b.Data.IDColumn = cols.TextColumn(), cols.IDColumn()
	if args[0] != "-" {
		b.Data.Source = filepath.Base(args[0])
	}
	o, err := createOutput(t.e, t.out, stdout)
	if err != nil {
		return err
	}
	_, err = b.WriteTo(o)
	if err := o.Finish(err); err != nil {
		return err
	}
	return b.WriteSummary(stdout, t.out)
}

// readSet reads an annotated file as o says, its checks' warnings and
// what reading repaired said on stderr.
func readSet(e *env, stderr io.Writer, in *inputFlags, path string, o classifier.ReadOptions) (*classifier.TrainingSet, error) {
	f, err := in.open(e, path, data.FormatCSV)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readSetFrom(stderr, f, o)
}

// readSetFrom is readSet on an opened file.
func readSetFrom(stderr io.Writer, f *data.File, o classifier.ReadOptions) (*classifier.TrainingSet, error) {
	o.Warn = func(w string) { fmt.Fprintf(stderr, "stance: warning: %s\n", w) }
	set, err := classifier.ReadTrainingSet(f, f.Name, o)
	if err == nil {
		warnRead(stderr, f.Name, f)
	}
	return set, err
}
