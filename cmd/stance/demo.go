package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/stance-nlp/stance/classifier"
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
	// The shipped model's training rows are labelled out-of-fold, by
	// models fitted here.
	c.Golearn = true
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
	opts := label.Options{}
	var seed *classifier.TrainingSet
	if d.model.path == "" {
		// The shipped model was trained on the seed thread's comments:
		// labelled by it, they would be in-sample. Each is labelled by
		// the model of the cross-validation fold that held it out.
		if seed, opts.OutOfFold, err = seedOutOfFold(b); err != nil {
			o.Finish(err)
			return err
		}
	}
	st, err := label.Run(r, data.NewWriter(o), b, opts)
	if err := o.Finish(err); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s\n", d.out)
	if err := st.WriteSummary(stdout); err != nil {
		return err
	}
	if d.model.path == "" {
		fmt.Fprintf(stdout, "\nThe shipped model was trained on the thread's %d comments, so each of those was\n", st.OutOfFold)
		fmt.Fprintln(stdout, "labelled out-of-fold, by the model of the cross-validation fold that held it out:")
		fmt.Fprintln(stdout, "the labels above are honest. They agree with the annotators' on")
		for c, name := range seed.Columns {
			bc := slices.IndexFunc(b.Columns, func(col classifier.Column) bool { return col.Name == name })
			right := 0
			for i, x := range seed.Texts {
				if p := opts.OutOfFold[classifier.TextHash(x)]; p != nil && p[bc].Label == seed.Labels[c][i] {
					right++
				}
			}
			fmt.Fprintf(stdout, "  %s: %d of %d comments (%.1f%%)\n", name, right, len(seed.Texts), 100*float64(right)/float64(len(seed.Texts)))
		}
		fmt.Fprintln(stdout, "Its cross-validated scores (macro-F1, majority baseline):")
		for _, c := range b.Columns {
			if c.CV != nil {
				fmt.Fprintf(stdout, "  %s: %.3f (baseline %.3f)\n", c.Name, c.CV.MacroF1, c.CV.BaselineMacro)
			}
		}
	}
	return nil
}

// seedOutOfFold returns the embedded seed corpus and the out-of-fold predictions of the shipped model b
// for its training texts, the embedded seed corpus.
func seedOutOfFold(b *classifier.Bundle) (*classifier.TrainingSet, map[uint64][]classifier.Prediction, error) {
	r, err := data.NewCSVReader(bytes.NewReader(data.SeedCorpus()), data.SeedCorpusFile)
	if err != nil {
		return nil, nil, err
	}
	cols := b.InputColumns()
	if cols.Labels, err = b.LabelColumnsIn(data.SeedCorpusFile, r.Header()); err != nil {
		return nil, nil, err
	}
	s, err := classifier.ReadTrainingSet(r, data.SeedCorpusFile, classifier.ReadOptions{Columns: cols})
	if err != nil {
		return nil, nil, err
	}
	oof, err := classifier.OutOfFold(s, b)
	return s, oof, err
}
