package main

import (
	"bytes"
	"flag"
	"fmt"

	"github.com/stance-nlp/stance/data"
	"github.com/stance-nlp/stance/label"
	"github.com/stance-nlp/stance/seeds"
)

func cmdDemo() *command {
	return &command{
		Name:      "demo",
		UsageLine: "demo [-model file] [-o file]",
		Short:     "label the embedded seed documents with the shipped model",
		Long: `
Demo runs the whole pipeline on what ships inside the binary: it ingests the
five seed documents (one comment thread of 202 comments and four news
articles), labels them with the shipped model (or -model), writes the
labelled CSV (out/labelled.csv by default) and prints a label summary.`,
		Flags: func(fs *flag.FlagSet) func(*env, []string) error {
			modelPath := fs.String("model", "", "model `file` (default: the shipped model)")
			out := fs.String("o", "out/labelled.csv", "output `file`")
			return func(e *env, args []string) error {
				if len(args) > 0 {
					return usagef("demo takes no arguments")
				}
				b, err := loadModel(*modelPath)
				if err != nil {
					return err
				}
				// The seeds are small: ingesting them into memory first keeps
				// one code path for ingest, whatever the source.
				var ins []*input
				for _, f := range seeds.Files() {
					rd, err := data.Open(bytes.NewReader(f.Data), f.Name, data.FormatAuto)
					if err != nil {
						return err
					}
					ins = append(ins, &input{name: "seeds/" + f.Name, reader: rd, close: func() error { return nil }})
				}
				var canon bytes.Buffer
				if err := ingest(e, ins, "text", &canon); err != nil {
					return err
				}
				r, err := data.NewCSVReader(&canon, "seeds")
				if err != nil {
					return err
				}
				o, err := createOutput(e, *out)
				if err != nil {
					return err
				}
				st, err := label.Run(r, data.NewWriter(o.w), b, label.Options{})
				if err := o.finish(err); err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "wrote %s\n", *out)
				printLabelSummary(e.stdout, st)
				if *modelPath == "" {
					fmt.Fprintln(e.stdout, "\nThe shipped model was trained on the thread's 202 comments, so their labels above")
					fmt.Fprintln(e.stdout, "are in-sample. Its honest scores are cross-validated (macro-F1, majority baseline):")
					for _, c := range b.Columns {
						if c.CV != nil {
							fmt.Fprintf(e.stdout, "  %s: %.3f (baseline %.3f)\n", c.Name, c.CV.MacroF1, c.CV.BaselineMacro)
						}
					}
				}
				return nil
			}
		},
	}
}
