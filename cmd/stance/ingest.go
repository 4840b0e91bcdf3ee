package main

import (
	"context"
	"fmt"
	"io"

	"github.com/stance-nlp/stance/data"
)

type ingestCmd struct {
	e         *env
	in        inputFlags
	cols      columnFlags
	out       string
	excelSafe bool
}

func newIngest(e *env) *command {
	g := &ingestCmd{e: e}
	c := newCommand("ingest")
	g.in.declare(c.Flag, "auto, thread, csv or jsonl", true)
	g.cols.declare(c.Flag, withText|withID, "", "")
	c.Flag.StringVar(&g.out, "o", "-", "output `file` (\"-\" is standard output)")
	declareExcelSafe(c.Flag, &g.excelSafe)
	c.Run = g.run
	return c
}

func (g *ingestCmd) run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if _, err := g.in.input(); err != nil {
		return err
	}
	if len(args) == 0 {
		args = []string{"-"}
	}
	if err := checkOutput("o", g.out, args...); err != nil {
		return err
	}
	var ins []*data.File
	defer func() {
		for _, in := range ins {
			in.Close()
		}
	}()
	for _, p := range args {
		in, err := g.in.open(g.e, p, data.FormatThread)
		if err != nil {
			return err
		}
		ins = append(ins, in)
	}
	o, err := createOutput(g.e, g.out, stdout)
	if err != nil {
		return err
	}
	guard := formulaGuard(o, g.excelSafe)
	if err := o.Finish(ingest(stderr, ins, g.cols.columns(nil), guard)); err != nil {
		return err
	}
	warnFormulas(stderr, g.out, guard)
	return nil
}

// ingest writes the records of every input, canonicalised with cols, to w
// as one CSV whose header is the union of the inputs' headers, and tells
// stderr how many documents each input gave. Ids are unique across the
// inputs by the scheme of data.RunIDs.
func ingest(stderr io.Writer, ins []*data.File, cols data.Columns, w io.Writer) error {
	readers := make([]data.Reader, len(ins))
	ids := data.NewRunIDs()
	for i, in := range ins {
		c, err := data.Canonicalize(in.Reader, in.Name, cols)
		if err != nil {
			return err
		}
		readers[i] = ids.Wrap(c, in.Name)
	}
	total, err := data.Concat(data.NewWriter(w), readers, func(i, n int) {
		in := ins[i]
		msg := fmt.Sprintf("ingest: %s: %s", in.Name, plural(n, "document", "documents"))
		if t, ok := in.Reader.(*data.ThreadReader); ok {
			if d := t.Dropped(); d > 0 {
				msg += fmt.Sprintf(" (%s of menus, link lists, prompts or captions dropped)", plural(d, "line", "lines"))
			}
			if a := t.Announced(); a >= 0 {
				msg += fmt.Sprintf(" (the thread announces %d)", a)
				if a != n {
					msg += "; WARNING: the counts differ, check the comment headers"
				}
			}
		}
		fmt.Fprintln(stderr, msg)
		warnRead(stderr, in.Name, in)
	})
	if err != nil {
		return err
	}
	if len(ins) > 1 {
		fmt.Fprintf(stderr, "ingest: %s in all\n", plural(total, "document", "documents"))
	}
	return nil
}
