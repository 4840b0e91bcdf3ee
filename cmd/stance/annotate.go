package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"github.com/stance-nlp/stance/active"
	"github.com/stance-nlp/stance/annotate"
	"github.com/stance-nlp/stance/classifier"
	"github.com/stance-nlp/stance/data"
	"github.com/stance-nlp/stance/models"
)

// annotateFlags are the flags annotate and annotate export share: the
// comments and the store they annotate, and the label schema.
type annotateFlags struct {
	data, store, labels string
	in                  inputFlags
	cols                columnFlags
}

func (a *annotateFlags) declare(fs *flag.FlagSet, dataHelp, storeHelp, labelsHelp string) {
	fs.StringVar(&a.data, "data", "", dataHelp)
	fs.StringVar(&a.store, "store", "", storeHelp)
	a.in.declare(fs, "auto, csv, jsonl or thread", false)
	a.cols.declare(fs, withText|fromModel, "", "")
	fs.StringVar(&a.labels, "labels", "", labelsHelp)
}

// read checks the required flags and reads the schema (from -labels, else
// model's) and the comments.
func (a *annotateFlags) read(e *env, model *classifier.Bundle) ([]annotate.Column, []annotate.Item, error) {
	if a.data == "" || a.store == "" {
		return nil, nil, usagef("-data and -store are required")
	}
	if _, err := a.in.input(); err != nil {
		return nil, nil, err
	}
	schema, err := annotate.Schema(a.labels, model)
	if errors.Is(err, annotate.ErrNoSchema) {
		return nil, nil, usagef("without a model, -labels must give the label schema")
	}
	if err != nil {
		return nil, nil, usagef("-labels: %v", err)
	}
	f, err := a.in.open(e, a.data, data.FormatCSV)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	items, err := annotate.ReadItems(f, a.data, a.cols.columns(model), schema)
	return schema, items, err
}

type annotateCmd struct {
	e            *env
	flags        annotateFlags
	addr, token  string
	model        string
	base         string // -base-data
	order        string
	retrainEvery int
	double       float64
	seed         uint64
}

func newAnnotate(e *env) *command {
	a := &annotateCmd{e: e}
	c := newCommand("annotate")
	c.Golearn, c.OwnSignals = true, true
	fs := c.Flag
	a.flags.declare(fs, "comments to annotate (CSV, JSONL or thread `file`)", "annotation store `dir` (created if missing)",
		"label `schema` col=l1,l2;col2=... (default: the model's)")
	fs.StringVar(&a.addr, "addr", "127.0.0.1:8765", "listen `address`")
	fs.StringVar(&a.token, "token", "", "access `token` (required off loopback)")
	fs.StringVar(&a.model, "model", "", "starting model `file` (default: the shipped model; \"none\" for none)")
	fs.StringVar(&a.base, "base-data", "", "the annotated `file` the starting model was trained on: when -data comes from another\n"+
		"source (file name) than the model's data, retraining adapts to the comments annotated\n"+
		"here, as train -domain-col does, rather than learn from them alone")
	fs.StringVar(&a.order, "order", "uncertainty", "queue `order`: uncertainty, random or file")
	numVar(fs, &a.retrainEvery, "retrain-every", 20, ranged[int]{lo: 0, hi: 1_000_000}, "retrain after every `n` labels (0: on demand only)")
	numVar(fs, &a.double, "double", 0, ranged[float64]{lo: 0, hi: 1}, "`share` of comments labelled by two annotators")
	fs.Uint64Var(&a.seed, "seed", 1, "`seed` of random order and of the double-annotated share")
	c.Run = a.run
	c.Commands = []*command{newAnnotateExport(e)}
	return c
}

func (a *annotateCmd) run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		return usagef("unexpected argument %q", args[0])
	}
	if a.flags.data == "" || a.flags.store == "" {
		return usagef("-data and -store are required")
	}
	if err := annotate.CheckAddr(a.addr, a.token); err != nil {
		return usagef("%v", err)
	}
	order, err := active.ParseStrategy(a.order)
	if err != nil {
		return usagef("-order: %v", err)
	}
	var model *classifier.Bundle
	if a.model != "none" {
		if model, err = models.Load(a.model); err != nil {
			return err
		}
	}
	schema, items, err := a.flags.read(a.e, model)
	if err != nil {
		return err
	}
	var base *classifier.TrainingSet
	if a.base != "" {
		if model == nil {
			return usagef("-base-data needs a starting model")
		}
		if base, err = readSet(a.e, stderr, &inputFlags{format: "auto", delimiter: "auto", maxRecord: data.DefaultMaxRecordBytes}, a.base,
			classifier.ReadOptions{Columns: model.InputColumns()}); err != nil {
			return err
		}
	}
	recipe := classifier.DefaultRecipe()
	recipe.Folds = 0
	srv, err := annotate.New(annotate.Config{
		Base: base, ItemsSource: filepath.Base(a.flags.data),
		Items: items, Columns: schema, Codebook: string(data.Codebook()),
		StoreDir: a.flags.store, Order: order, Seed: a.seed, RetrainEvery: a.retrainEvery,
		DoubleShare: a.double, Recipe: recipe, Model: model, Token: a.token, Log: stderr,
	})
	if err != nil {
		return err
	}
	defer srv.Close()
	return srv.Serve(ctx, a.addr, func(url string) {
		fmt.Fprintf(stderr, "annotate: open %s (Ctrl-C stops; every saved label is already on disk)\n", url)
	})
}

type exportCmd struct {
	e         *env
	flags     annotateFlags
	annotator string
	out       string
}

func newAnnotateExport(e *env) *command {
	x := &exportCmd{e: e}
	c := newCommand("annotate export")
	fs := c.Flag
	x.flags.declare(fs, "the comments `file` the store annotates", "annotation store `dir`",
		"label `schema`, as given to annotate (default: the shipped model's)")
	fs.StringVar(&x.annotator, "annotator", "", "export only this annotator's labels (`name`)")
	fs.StringVar(&x.out, "o", "-", "output `file`")
	c.Run = x.run
	return c
}

func (x *exportCmd) run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var model *classifier.Bundle
	if x.flags.labels == "" {
		var err error
		if model, err = models.Load(""); err != nil {
			return err
		}
	}
	schema, items, err := x.flags.read(x.e, model)
	if err != nil {
		return err
	}
	o, err := createOutput(x.e, x.out, stdout)
	if err != nil {
		return err
	}
	st, err := annotate.Export(x.flags.store, items, schema, x.annotator, o)
	if err := o.Finish(err); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "export: %d of %d comments exported; %d unlabelled, %d with an unresolved disagreement (adjudicate them on the page)\n",
		st.Exported, st.Items, st.Unlabelled, st.Unresolved)
	return nil
}
