package beamlabel

import (
	"bytes"
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"

	"github.com/stance-nlp/stance/classifier"
	"github.com/stance-nlp/stance/data"
	"github.com/stance-nlp/stance/evaluate"
	"github.com/stance-nlp/stance/label"
	"github.com/stance-nlp/stance/report"
)

// tally is what the labelling of some units counted: the labels and the
// kinds of note stance label's summary reports.
type tally struct {
	Labels                                                           *evaluate.LabelCounts
	Noted, Empty, Truncated, Unseen, Unfamiliar, OutOfFold, Formulas int
	// Dead counts the dead letters.
	Dead int
	// InSample counts the rows checked against the model's training
	// texts, and those found among them (classifier.InSample).
	InSampleRows, InSampleChecked, InSampleMatched int
}

// deadTally counts a dead letter.
func deadTally(deadLetter) tally { return tally{Dead: 1} }

// tallyCombine adds up tallies.
type tallyCombine struct{}

func (tallyCombine) CreateAccumulator() tally { return tally{} }

func (tallyCombine) AddInput(a, t tally) (tally, error) { return a.add(t) }

func (tallyCombine) MergeAccumulators(a, b tally) (tally, error) { return a.add(b) }

// add returns the sum of t and u.
func (t tally) add(u tally) (tally, error) {
	if u.Labels != nil {
		// A new sum: accumulators may be shared with the runner.
		sum := evaluate.NewLabelCounts(u.Labels.Columns)
		for _, lc := range []*evaluate.LabelCounts{t.Labels, u.Labels} {
			if lc == nil {
				continue
			}
			if err := sum.Merge(lc); err != nil {
				return t, err
			}
		}
		t.Labels = sum
	}
	t.Noted += u.Noted
	t.Empty += u.Empty
	t.Truncated += u.Truncated
	t.Unseen += u.Unseen
	t.Unfamiliar += u.Unfamiliar
	t.OutOfFold += u.OutOfFold
	t.Formulas += u.Formulas
	t.Dead += u.Dead
	t.InSampleRows += u.InSampleRows
	t.InSampleChecked += u.InSampleChecked
	t.InSampleMatched += u.InSampleMatched
	return t, nil
}

// headerSet holds the distinct output headers of a job's inputs, each
// with the first file (by name) that has it; two are enough to refuse.
type headerSet struct {
	Headers []fileHeader
}

// headerCombine gathers the headers of the inputs.
type headerCombine struct{}

func (headerCombine) CreateAccumulator() headerSet { return headerSet{} }

func (headerCombine) AddInput(a headerSet, h fileHeader) headerSet {
	return a.add(h)
}

func (headerCombine) MergeAccumulators(a, b headerSet) headerSet {
	for _, h := range b.Headers {
		a = a.add(h)
	}
	return a
}

// add returns s with h: a new header, or an earlier file for a known one.
func (s headerSet) add(h fileHeader) headerSet {
	out := slices.Clone(s.Headers)
	i := slices.IndexFunc(out, func(o fileHeader) bool { return o.Line == h.Line })
	switch {
	case i < 0:
		out = append(out, h)
	case h.File < out[i].File:
		out[i] = h
	}
	slices.SortFunc(out, func(a, b fileHeader) int { return cmp.Compare(a.File, b.File) })
	return headerSet{Headers: out[:min(len(out), 2)]}
}

// shardKeysFn gives every shard a key, so that a shard without rows is
// still written, with its header.
type shardKeysFn struct {
	Shards int
}

func (f *shardKeysFn) ProcessElement(_ []byte, emit func(int, bool)) {
	for i := range f.Shards {
		emit(i, true)
	}
}

// shardName is the name of shard i of n in dir.
func shardName(dir string, i, n int) string {
	return join(dir, fmt.Sprintf("labels-%05d-of-%05d.csv", i, n))
}

// join joins a name to a directory path of any Beam filesystem.
func join(dir, name string) string {
	return strings.TrimSuffix(dir, "/") + "/" + name
}

// writeShardFn writes one shard: the header, then its rows.
type writeShardFn struct {
	Cfg Config
}

func (f *writeShardFn) ProcessElement(ctx context.Context, shard int, _ func(*bool) bool, rows func(*string) bool, headers func(*headerSet) bool) error {
	var hs headerSet
	headers(&hs)
	if len(hs.Headers) > 1 {
		a, b := hs.Headers[0], hs.Headers[1]
		return fmt.Errorf("the inputs do not have the same columns, so their rows cannot share one output header:\n  %s: %s  %s: %s"+
			"label them in separate jobs, or give them the same columns",
			a.File, a.Line, b.File, b.Line)
	}
	return writeFile(ctx, shardName(f.Cfg.Output, shard, f.Cfg.Shards), func(w io.Writer) error {
		if len(hs.Headers) == 1 {
			if _, err := io.WriteString(w, hs.Headers[0].Line); err != nil {
				return err
			}
		}
		var line string
		for rows(&line) {
			if _, err := io.WriteString(w, line); err != nil {
				return err
			}
		}
		return nil
	})
}

// writeFile writes a file at path, on any Beam filesystem, with write:
// into a temporary file renamed into place where the filesystem can
// rename (local disk, GCS), so that a failed or retried worker leaves no
// half-written file under the final name.
func writeFile(ctx context.Context, path string, write func(io.Writer) error) error {
	fs, err := filesystem.New(ctx, path)
	if err != nil {
		return err
	}
	defer fs.Close()
	rn, canRename := fs.(filesystem.Renamer)
	target := path
	if canRename {
		var nonce [6]byte
		rand.Read(nonce[:])
		i := strings.LastIndex(path, "/") + 1
		target = path[:i] + ".tmp-" + hex.EncodeToString(nonce[:]) + "-" + path[i:]
	}
	wc, err := fs.OpenWrite(ctx, target)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := write(wc); err != nil {
		wc.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := wc.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if canRename {
		if err := rn.Rename(ctx, target, path); err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
	}
	return nil
}

// writeSummaryFn writes the label counts as stance summarize reports
// them in summary.json, and in summary.txt stance label's summary
// (without its shift check), the job's own lines, and stance
// summarize's report.
// The model gives the summary its label order and the training texts
// the in-sample warning is about.
type writeSummaryFn struct {
	withModel
}

func (f *writeSummaryFn) ProcessElement(ctx context.Context, _ []byte, totals func(*tally) bool) error {
	var t tally
	totals(&t)
	if t.Labels == nil {
		t.Labels = evaluate.NewLabelCounts(nil)
	}
	rep := &report.Report{Kind: "summarize", Title: "Label summary of " + f.Cfg.Input, Data: f.Cfg.Input, Summary: t.Labels.Summary()}
	var js, txt bytes.Buffer
	if err := report.WriteJSON(&js, rep); err != nil {
		return err
	}
	if err := t.stats(f.bundle).WriteSummary(&txt); err != nil {
		return err
	}
	fmt.Fprint(&txt, t.jobLines())
	txt.WriteString("\n")
	if err := report.WriteText(&txt, rep); err != nil {
		return err
	}
	if err := writeFile(ctx, join(f.Cfg.Output, "summary.json"), func(w io.Writer) error { _, err := w.Write(js.Bytes()); return err }); err != nil {
		return err
	}
	return writeFile(ctx, join(f.Cfg.Output, "summary.txt"), func(w io.Writer) error { _, err := w.Write(txt.Bytes()); return err })
}

// stats returns t as the label.Stats of stance label, whose summary it
// writes, with the model's columns and label order: all but the shift
// check, which needs the coverage of every row, not kept here.
func (t tally) stats(b *classifier.Bundle) label.Stats {
	st := label.Stats{Rows: t.Labels.Rows, Empty: t.Empty, Truncated: t.Truncated, Unseen: t.Unseen,
		Unfamiliar: t.Unfamiliar, OutOfFold: t.OutOfFold, Noted: t.Noted}
	for c, col := range b.Columns {
		counts := make([]int, len(col.Labels))
		if c < len(t.Labels.Counts) {
			for k, l := range col.Labels {
				counts[k] = t.Labels.Counts[c][l]
			}
		}
		st.Columns = append(st.Columns, col.Name)
		st.Labels = append(st.Labels, col.Labels)
		st.Counts = append(st.Counts, counts)
	}
	if is := b.InSampleCheck(); is != nil {
		is.Rows, is.Checked, is.Matched = t.InSampleRows, t.InSampleChecked, t.InSampleMatched
		st.InSample = is
	}
	return st
}

// jobLines are the summary lines of the job's own: cells that look like
// formulas (stance label says so on stderr) and rows not read.
func (t tally) jobLines() string {
	var b strings.Builder
	if t.Formulas > 0 {
		fmt.Fprintf(&b, "%s begin with = + - @, a tab or CR, which a spreadsheet may run as a formula\n", plural(t.Formulas, "cell", "cells"))
	}
	if t.Dead > 0 {
		fmt.Fprintf(&b, "%s could not be read: see dead-letter.csv\n", plural(t.Dead, "row or file", "rows or files"))
	}
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// writeDeadFn writes the dead letters, sorted by file and line, as
// dead-letter.csv: file, line (0: the file as a whole), error.
type writeDeadFn struct {
	Cfg Config
}

func (f *writeDeadFn) ProcessElement(ctx context.Context, _ []byte, dead func(*deadLetter) bool) error {
	var all []deadLetter
	var d deadLetter
	for dead(&d) {
		all = append(all, d)
	}
	slices.SortFunc(all, func(a, b deadLetter) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Error, b.Error))
	})
	return writeFile(ctx, join(f.Cfg.Output, "dead-letter.csv"), func(w io.Writer) error {
		cw := data.NewWriter(w)
		cw.Write([]string{"file", "line", "error"})
		for _, d := range all {
			cw.Write([]string{d.File, strconv.Itoa(d.Line), d.Error})
		}
		cw.Flush()
		return cw.Error()
	})
}
