package main

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/stance-nlp/stance/data"
	"github.com/stance-nlp/stance/label"
	"github.com/stance-nlp/stance/seeds"
)

type demoCmd struct {
	e     *env
	model modelFlag
	out   string
}

func newDemo(e *env) *command {
	d := &demoCmd{e: e}
	c := newCommand("demo")
	d.model.declare(c.Flag, "model `file` (default: the shipped model)")
	c.Flag.StringVar(&d.out, "o", "out/labelled.csv", "output `file`")
	c.Run = d.run
	return c
}

func (d *demoCmd) run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		return usagef("demo takes no arguments")
	}
	if err := checkOutput("o", d.out, d.model.path); err != nil {
		return err
	}
	b, err := d.model.load()
	if err != nil {
		return err
	}
	// The seeds are small: ingesting them into memory first keeps one code
	// path for ingest, whatever the source.
	var ins []*data.File
	for _, f := range seeds.Files() {
		rd, err := data.Open(bytes.NewReader(f.Data), f.Name, data.FormatAuto)
		if err != nil {
			return err
		}
		ins = append(ins, &data.File{Name: "seeds/" + f.Name, Reader: rd})
	}
	var canon bytes.Buffer
	if err := ingest(stderr, ins, data.DefaultColumns(), &canon); err != nil {
		return err
	}
	r, err := data.NewCSVReader(&canon, "seeds")
	if err != nil {
		return err
	}
	o, err := createOutput(d.e, d.out, stdout)
	if err != nil {
		return err
	}
	st, err := label.Run(r, data.NewWriter(o), b, label.Options{})
	if err := o.Finish(err); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s\n", d.out)
	if err := st.WriteSummary(stdout); err != nil {
		return err
	}
	if d.model.path == "" {
		fmt.Fprintln(stdout, "\nThe shipped model was trained on the thread's 202 comments, so their labels above")
		fmt.Fprintln(stdout, "are in-sample. Its honest scores are cross-validated (macro-F1, majority baseline):")
		for _, c := range b.Columns {
			if c.CV != nil {
				fmt.Fprintf(stdout, "  %s: %.3f (baseline %.3f)\n", c.Name, c.CV.MacroF1, c.CV.BaselineMacro)
			}
		}
	}
	return nil
}
