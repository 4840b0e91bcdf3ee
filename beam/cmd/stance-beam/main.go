// Command stance-beam labels comment files on Apache Beam: the rows,
// columns and notes of stance label, for corpora that outgrow one
// machine. It runs on any Beam runner: prism (local, the default),
// Dataflow, Flink and Spark. See beam/README.md.
//
// Usage:
//
//	stance-beam -input 'gs://bucket/comments/*.jsonl' -output gs://bucket/labelled \
//	    [-model gs://bucket/my.model] [--runner dataflow --project P --region R ...]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"

	// The filesystems a job can read and write, and the runners it can
	// run on: prism on this machine, Dataflow, and Flink or Spark through
	// their portable job servers (universal).
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/gcs"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/s3"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/dataflow"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/universal"

	"github.com/stance-nlp/stance/beam/beamlabel"
	"github.com/stance-nlp/stance/label"
)

func main() {
	var cfg beamlabel.Config
	flag.StringVar(&cfg.Input, "input", "", "input file `pattern` on any Beam filesystem (local, gs://, s3://)")
	flag.StringVar(&cfg.Output, "output", "", "output `directory`: labels-SSSSS-of-NNNNN.csv, summary.json, summary.txt, dead-letter.csv")
	flag.StringVar(&cfg.Model, "model", "", "model `file` on any Beam filesystem (default: the shipped model)")
	flag.StringVar(&cfg.Format, "format", "auto", "input `format`: auto (by file name), csv, jsonl or thread")
	flag.StringVar(&cfg.Delimiter, "delimiter", "auto", "CSV field `separator`: auto, ',', ';', tab or '|'")
	flag.Int64Var(&cfg.MaxRecordBytes, "max-record-bytes", 0, "the most input one record may span, in `bytes` (0: stance label's default; -1: no limit)")
	flag.StringVar(&cfg.TextColumn, "text-col", "", "text `column` (default: the model's)")
	flag.StringVar(&cfg.GroupColumn, "by", "", "group `column` routing rows to the model of their group (default: the model's)")
	flag.BoolVar(&cfg.Probs, "probs", false, "add every label's probability")
	flag.StringVar(&cfg.Prefix, "prefix", "", "`prefix` for the added column names")
	flag.IntVar(&cfg.MaxTextBytes, "max-text-bytes", 0, fmt.Sprintf("label texts longer than `n` bytes from their first n bytes, noted (0: such a text is an error; the limit is %d)", label.DefaultMaxTextBytes))
	flag.BoolVar(&cfg.ExcelSafe, "excel-safe", false, "write cells a spreadsheet would run as a formula with a ' in front")
	flag.BoolVar(&cfg.Lenient, "lenient", false, "write rows that cannot be read to dead-letter.csv, with file, line and error, instead of failing the job; pass ragged CSV rows through, noted")
	flag.IntVar(&cfg.Shards, "shards", beamlabel.DefaultShards, "number of output `files`")
	flag.Int64Var(&cfg.SplitBytes, "split-bytes", beamlabel.DefaultSplitBytes, "cut JSON Lines files into parts of this many `bytes`, each labelled by its own worker")
	flag.Parse()
	beam.Init()
	if flag.NArg() > 0 {
		fail(fmt.Errorf("unexpected arguments %q: give the input with -input", flag.Args()))
	}
	p, s := beam.NewPipelineWithRoot()
	if _, err := beamlabel.Build(s, cfg); err != nil {
		fail(err)
	}
	if err := beamx.Run(context.Background(), p); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "stance-beam:", err)
	os.Exit(1)
}
