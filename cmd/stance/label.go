package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/stance-nlp/stance/classifier"
	"github.com/stance-nlp/stance/data"
	"github.com/stance-nlp/stance/label"
	"github.com/stance-nlp/stance/models"
)

func cmdLabel() *command {
	return &command{
		Name:      "label",
		UsageLine: "label [-model file] [-probs] [-o file] [file]",
		Short:     "label comments with a trained model",
		Long: `
Label reads comments (a CSV, JSONL or comment-thread file, or standard input
read as CSV) and writes them as CSV with every input column kept, in input
order, and for each label column <col> of the model two more: <col> (the most
probable label) and <col>_confidence (its probability). -probs adds
<col>_p_<label> for every label. Thread input is first turned into the
canonical columns id,source,author,location,text.

Labelling streams: memory stays bounded whatever the input size, and all
cores predict in parallel. Without -model, the model shipped in the binary
is used (trained on one comment thread of 202 comments: see README.md).
A label count summary goes to standard error, or to standard output when
-o names a file.

Messy input is labelled, not dropped: every input row gives one output row.
<col>_note says why a row's label deserves a second look: empty text
(labelled from the training prior), a text cut to -max-text-bytes, invalid
UTF-8 repaired, or a ragged row let through by -lenient. A text over the
size limit (1 MiB unless -max-text-bytes) is an error naming its line.`,
		Flags: func(fs *flag.FlagSet) func(*env, []string) error {
			modelPath := fs.String("model", "", "model `file` (default: the shipped model)")
			format := inputFlags(fs, "auto, csv, jsonl or thread", true)
			textCol := fs.String("text-col", "text", "`name` of the text column")
			probs := fs.Bool("probs", false, "add every label's probability")
			prefix := fs.String("prefix", "", "`prefix` for the added column names")
			out := fs.String("o", "-", "output `file` (\"-\" is standard output)")
			workers := fs.Int("workers", 0, "predicting `goroutines` (0: one per core)")
			maxText := fs.Int("max-text-bytes", 0, fmt.Sprintf("label texts longer than `n` bytes from their first n bytes, noted (default: such a text is an error; the limit is %d)", label.DefaultMaxTextBytes))
			return func(e *env, args []string) error {
				if len(args) > 1 {
					return usagef("want at most one input file, got %d", len(args))
				}
				path := "-"
				if len(args) == 1 {
					path = args[0]
				}
				f, err := format()
				if err != nil {
					return err
				}
				if *maxText < 0 {
					return usagef("-max-text-bytes %d: want a positive number of bytes", *maxText)
				}
				b, err := loadModel(*modelPath)
				if err != nil {
					return err
				}
				in, err := openInput(e, path, f, data.FormatCSV)
				if err != nil {
					return err
				}
				defer in.close()
				if _, ok := in.reader.(*data.ThreadReader); ok {
					*textCol = "text"
				}
				o, err := createOutput(e, *out)
				if err != nil {
					return err
				}
				opts := label.Options{TextColumn: *textCol, Probs: *probs, Prefix: *prefix, Workers: *workers,
					File: path, MaxTextBytes: *maxText, TruncateText: *maxText > 0}
				if isTerminal(e.stderr) {
					opts.Progress = progressPrinter(e.stderr)
				}
				st, err := label.Run(in.reader, data.NewWriter(o.w), b, opts)
				if opts.Progress != nil {
					fmt.Fprintln(e.stderr)
				}
				if err := o.finish(inFile(path, err)); err != nil {
					return err
				}
				warnRead(e, in)
				sw := e.stderr
				if o.atomic != nil {
					sw = e.stdout
				}
				printLabelSummary(sw, st)
				return nil
			}
		},
	}
}

// loadModel reads a model file, or the shipped model for "".
func loadModel(path string) (*classifier.Bundle, error) {
	var r io.Reader
	if path == "" {
		r = bytes.NewReader(models.Default())
		path = "shipped model"
	} else {
		f, err := openFile(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	b, err := classifier.ReadBundle(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return b, nil
}

// progressPrinter returns a label.Options.Progress that rewrites one
// status line on a terminal at most a few times a second.
func progressPrinter(w io.Writer) func(int) {
	start := time.Now()
	var last time.Time
	return func(rows int) {
		now := time.Now()
		if now.Sub(last) < 200*time.Millisecond {
			return
		}
		last = now
		rate := float64(rows) / now.Sub(start).Seconds()
		fmt.Fprintf(w, "\rlabel: %d rows (%.0f rows/s)", rows, rate)
	}
}

func printLabelSummary(w io.Writer, st label.Stats) {
	fmt.Fprintf(w, "labelled %s\n", plural(st.Rows, "row", "rows"))
	if st.Noted > 0 {
		// Only the kinds that occurred; the reader's own notes (invalid
		// UTF-8, ragged rows) have had their warnings already.
		var kinds []string
		if st.Empty > 0 {
			kinds = append(kinds, plural(st.Empty, "empty text", "empty texts")+" labelled from the training prior")
		}
		if st.Truncated > 0 {
			kinds = append(kinds, plural(st.Truncated, "text", "texts")+" cut to -max-text-bytes")
		}
		detail := ""
		if len(kinds) > 0 {
			detail = " (" + strings.Join(kinds, "; ") + ")"
		}
		fmt.Fprintf(w, "%s noted in <col>_note%s\n", plural(st.Noted, "row", "rows"), detail)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for c, name := range st.Columns {
		fmt.Fprintf(tw, "%s\tcount\tshare\n", name)
		for k, l := range st.Labels[c] {
			share := 0.0
			if st.Rows > 0 {
				share = 100 * float64(st.Counts[c][k]) / float64(st.Rows)
			}
			fmt.Fprintf(tw, "  %s\t%d\t%5.1f%%\n", l, st.Counts[c][k], share)
		}
	}
	tw.Flush()
}
