package beamlabel

import (
	"fmt"
	"strings"

	"github.com/stance-nlp/stance/data"
	"github.com/stance-nlp/stance/label"
)

// Config is what a labelling job reads, how, and where it writes. Its
// fields travel to the workers inside the DoFns, encoded as JSON, so they
// are all plain values.
type Config struct {
	// Input is a file pattern on any Beam filesystem: a local glob,
	// gs://bucket/comments/*.jsonl, s3://....
	Input string
	// Output is the directory the job writes into, on any Beam
	// filesystem: labels-SSSSS-of-NNNNN.csv, summary.json, summary.txt and,
	// under Lenient, dead-letter.csv.
	Output string
	// Model is the model file's path on any Beam filesystem; "" is the
	// shipped model.
	Model string
	// Format is the input format, "auto" (by each file's name, as stance
	// label judges it), "csv", "jsonl" or "thread".
	Format string
	// Delimiter is the CSV separator as stance label's -delimiter takes
	// it ("auto" or "": sniffed).
	Delimiter string
	// MaxRecordBytes is data.Options.MaxRecordBytes.
	MaxRecordBytes int64
	// TextColumn and GroupColumn are stance label's -text-col and -by:
	// "" takes the model's.
	TextColumn, GroupColumn string
	// Probs, Prefix, MaxTextBytes are stance label's -probs, -prefix and
	// -max-text-bytes.
	Probs        bool
	Prefix       string
	MaxTextBytes int
	// ExcelSafe is stance label's -excel-safe.
	ExcelSafe bool
	// Lenient sends rows that cannot be read (and the rest of a file
	// after an error that ends its reading) to dead-letter.csv, with file,
	// line and error, instead of failing the job; and passes CSV rows with
	// the wrong number of fields through, noted, as stance label -lenient
	// does.
	Lenient bool
	// Shards is the number of labels-*.csv files.
	Shards int
	// SplitBytes is the size of the parts a JSON Lines file is cut into.
	SplitBytes int64
}

// DefaultSplitBytes is Config.SplitBytes when it is 0: parts of 64 MiB,
// about 200,000 comments, label in one or two seconds a core, long
// enough to keep a worker's per-part set-up small.
const DefaultSplitBytes = 64 << 20

// DefaultShards is Config.Shards when it is 0.
const DefaultShards = 16

// withDefaults fills in the zero fields of c.
func (c Config) withDefaults() Config {
	if c.Shards <= 0 {
		c.Shards = DefaultShards
	}
	if c.SplitBytes <= 0 {
		c.SplitBytes = DefaultSplitBytes
	}
	if c.Format == "" {
		c.Format = "auto"
	}
	if c.MaxRecordBytes == 0 {
		c.MaxRecordBytes = data.DefaultMaxRecordBytes
	}
	return c
}

// Check returns an error for a Config a job cannot run with, before any
// worker starts.
func (c Config) Check() error {
	if strings.TrimSpace(c.Input) == "" {
		return fmt.Errorf("no input: give a file pattern")
	}
	if strings.TrimSpace(c.Output) == "" {
		return fmt.Errorf("no output directory")
	}
	if _, err := data.ParseFormat(c.withDefaults().Format); err != nil {
		return err
	}
	if _, err := c.input(); err != nil {
		return err
	}
	if c.MaxTextBytes < 0 || c.Shards < 0 || c.SplitBytes < 0 {
		return fmt.Errorf("max text bytes, shards and split bytes must not be negative")
	}
	return nil
}

// input returns the reading options of c.
func (c Config) input() (data.Options, error) {
	d := c.Delimiter
	if d == "" {
		d = "auto"
	}
	delim, err := data.ParseDelimiter(d)
	if err != nil {
		return data.Options{}, fmt.Errorf("delimiter %v", err)
	}
	return data.Options{Delimiter: delim, Lenient: c.Lenient, MaxRecordBytes: c.MaxRecordBytes}, nil
}

// format returns the format a file is read in.
func (c Config) format(path string) data.Format {
	f, _ := data.ParseFormat(c.Format)
	if f == data.FormatAuto {
		f = data.DetectFormat(path)
	}
	return f
}

// labelOptions returns the label.Options of c for the input named file.
func (c Config) labelOptions(file string, columns data.Columns) label.Options {
	return label.Options{Columns: columns, Probs: c.Probs, Prefix: c.Prefix, File: file,
		MaxTextBytes: c.MaxTextBytes, TruncateText: c.MaxTextBytes > 0}
}
