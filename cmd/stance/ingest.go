package main

import (
	"flag"
	"fmt"
	"io"
	"slices"

	"github.com/stance-nlp/stance/data"
)

func cmdIngest() *command {
	return &command{
		Name:      "ingest",
		UsageLine: "ingest [-format f] [-text-col name] [-o file] [file ...]",
		Short:     "read comment threads, CSV or JSONL into the canonical comment CSV",
		Long: `
Ingest reads comments and writes them as CSV with the columns
id,source,author,location,text followed by every other input column.

Inputs (standard input when none, or "-"):
  thread  a comment-thread text file: a title line, a meta line such as
          "Feb 03, 2016 · 202 comments", then comments that each begin with
          a "Name (Location)" header line. A file without comment headers is
          an article and becomes one document (id a001).
  csv     a CSV file with a header row; -text-col names the text column.
  jsonl   one JSON object per line; keys are columns.
The format follows the file extension (.csv, .tsv, .jsonl, .ndjson, anything
else is a thread) unless -format says otherwise; standard input is read as
a thread unless -format says otherwise.

Ids come from an "id" column, else c001... for thread comments, a001 for an
article and r0001... for CSV or JSONL rows; the source column (the file name
without extension) tells files apart. The count of comments read from each
file goes to standard error, with a warning when a thread announces another.`,
		Flags: func(fs *flag.FlagSet) func(*env, []string) error {
			format := inputFlags(fs, "auto, thread, csv or jsonl", true)
			textCol := fs.String("text-col", "text", "`name` of the text column of CSV and JSONL input")
			out := fs.String("o", "-", "output `file` (\"-\" is standard output)")
			return func(e *env, args []string) error {
				f, err := format()
				if err != nil {
					return err
				}
				if len(args) == 0 {
					args = []string{"-"}
				}
				var ins []*input
				defer func() {
					for _, in := range ins {
						in.close()
					}
				}()
				for _, p := range args {
					in, err := openInput(e, p, f, data.FormatThread)
					if err != nil {
						return err
					}
					ins = append(ins, in)
				}
				o, err := createOutput(e, *out)
				if err != nil {
					return err
				}
				return o.finish(ingest(e, ins, *textCol, o.w))
			}
		},
	}
}

// ingest writes the records of every input, canonicalised, to w as one
// CSV whose header is the union of the inputs' headers.
func ingest(e *env, ins []*input, textCol string, w io.Writer) error {
	var headers [][]string
	for _, in := range ins {
		c, err := data.Canonicalize(in.reader, in.name, textCol)
		if err != nil {
			return err
		}
		in.reader = c
		headers = append(headers, c.Header())
	}
	header := unionHeader(headers)
	cw := data.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	total := 0
	for i, in := range ins {
		var proj projection
		if !slices.Equal(headers[i], header) {
			proj = newProjection(headers[i], header)
		}
		n := 0
		for {
			rec, err := in.reader.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				return err
			}
			fields := rec.Fields
			if proj != nil {
				fields = proj.apply(fields)
			}
			if err := cw.Write(fields); err != nil {
				return err
			}
			n++
		}
		total += n
		msg := fmt.Sprintf("ingest: %s: %s", in.name, plural(n, "document", "documents"))
		if t, ok := in.reader.(*data.ThreadReader); ok {
			if a := t.Announced(); a >= 0 {
				msg += fmt.Sprintf(" (the thread announces %d)", a)
				if a != n {
					msg += "; WARNING: the counts differ, check the comment headers"
				}
			}
		}
		fmt.Fprintln(e.stderr, msg)
		warnRead(e, in)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	if len(ins) > 1 {
		fmt.Fprintf(e.stderr, "ingest: %s in all\n", plural(total, "document", "documents"))
	}
	return nil
}
