package beamlabel

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"slices"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/fileio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"

	"github.com/stance-nlp/stance/classifier"
	"github.com/stance-nlp/stance/data"
	"github.com/stance-nlp/stance/evaluate"
	"github.com/stance-nlp/stance/label"
	"github.com/stance-nlp/stance/models"
)

// unit is one piece of work for a labelling worker: a whole file, or a
// part of a JSON Lines file.
type unit struct {
	Path   string
	Format data.Format
	// Part is the part of a JSON Lines file to read; nil for a whole file.
	Part *data.JSONLPart
	// Source is a thread's source (data.UniqueSources).
	Source string
}

// what names the input of u in a dead letter: the file, or a part of it.
func (u unit) what() string {
	if u.Part == nil {
		return "the file"
	}
	return fmt.Sprintf("bytes %d to %d of the file", u.Part.Start, u.Part.End)
}

// threadSource is a thread file and the source its title gives it.
type threadSource struct {
	Path, Source string
}

// deadLetter is a row, or the rest of a file, that could not be read.
type deadLetter struct {
	File  string
	Line  int // 0: the file as a whole
	Error string
}

// fileHeader is the CSV-encoded output header of one input.
type fileHeader struct {
	File, Line string
}

// classifyFn sends each matched file down the branch of its format:
// CSV (and any other whole file) to whole, JSON Lines to be split,
// threads to be named.
type classifyFn struct {
	Cfg Config
}

func (f *classifyFn) ProcessElement(m fileio.FileMetadata, whole, jsonl func(unit), threads func(string)) {
	switch format := f.Cfg.format(m.Path); format {
	case data.FormatJSONL:
		jsonl(unit{Path: m.Path, Format: format})
	case data.FormatThread:
		threads(m.Path)
	default:
		whole(unit{Path: m.Path, Format: format})
	}
}

// open opens path on its Beam filesystem.
func open(ctx context.Context, path string) (io.ReadCloser, error) {
	fs, err := filesystem.New(ctx, path)
	if err != nil {
		return nil, err
	}
	defer fs.Close()
	return fs.OpenRead(ctx, path)
}

// splitFn cuts a JSON Lines file into parts of Config.SplitBytes. It
// reads the file once, counting the newlines before each part, which
// give the records of later parts their line numbers. A compressed or
// UTF-16 file, which cannot be cut, goes on whole.
type splitFn struct {
	Cfg Config
}

func (f *splitFn) ProcessElement(ctx context.Context, u unit, emit func(unit), dead func(deadLetter)) error {
	header, plain, err := f.header(ctx, u.Path)
	if err != nil {
		if f.Cfg.Lenient {
			dead(deadLetter{File: u.Path, Error: err.Error() + "; the file was not read"})
			return nil
		}
		return err
	}
	if !plain {
		emit(u)
		return nil
	}
	rc, err := open(ctx, u.Path)
	if err != nil {
		return err
	}
	defer rc.Close()
	size := f.Cfg.SplitBytes
	var start, before int64
	for {
		newlines, n, err := data.CountNewlines(io.LimitReader(rc, size))
		if err != nil {
			return fmt.Errorf("%s: %w", u.Path, err)
		}
		if n > 0 {
			emit(unit{Path: u.Path, Format: data.FormatJSONL, Part: &data.JSONLPart{Start: start, End: start + n, NewlinesBefore: before, Header: header}})
		}
		if n < size {
			return nil
		}
		start, before = start+n, before+newlines
	}
}

// header reads the header of the JSON Lines file path, and whether the
// file is plain UTF-8 text, which can be cut into parts.
func (f *splitFn) header(ctx context.Context, path string) ([]string, bool, error) {
	opts, err := f.Cfg.input()
	if err != nil {
		return nil, false, err
	}
	rc, err := open(ctx, path)
	if err != nil {
		return nil, false, err
	}
	defer rc.Close()
	r, err := data.OpenWith(bufio.NewReaderSize(rc, 1<<16), path, data.FormatJSONL, opts)
	if err != nil {
		return nil, false, err
	}
	plain := true
	if d, ok := r.(data.Diagnoser); ok && d.Diagnostics().Decoded != "" {
		plain = false
	}
	return r.Header(), plain, nil
}

// naturalSourceFn reads the source a thread file's title gives it
// (data.ThreadReader.Source), keyed by one key for nameSourcesFn to see
// them all.
type naturalSourceFn struct {
	Cfg Config
}

func (f *naturalSourceFn) ProcessElement(ctx context.Context, path string, emit func(int, threadSource)) error {
	rc, err := open(ctx, path)
	if err != nil {
		return err
	}
	defer rc.Close()
	opts, err := f.Cfg.input()
	if err != nil {
		return err
	}
	r, err := data.OpenWith(bufio.NewReaderSize(rc, 1<<16), path, data.FormatThread, opts)
	if err != nil {
		return err
	}
	t, ok := r.(*data.ThreadReader)
	if !ok {
		return fmt.Errorf("%s: not read as a thread", path)
	}
	// The source is known once the first record is read; a reading
	// error is left for the labelling worker to report in its place.
	t.Read()
	emit(0, threadSource{Path: path, Source: t.Source()})
	return nil
}

// nameSourcesFn gives the threads of a job the sources stance ingest
// gives them when read in path order (a shell's order for a glob): a
// source already given out gets a suffix "-2", "-3", ....
func nameSourcesFn(_ int, all func(*threadSource) bool, emit func(unit)) {
	var ts []threadSource
	var t threadSource
	for all(&t) {
		ts = append(ts, t)
	}
	slices.SortFunc(ts, func(a, b threadSource) int { return strings.Compare(a.Path, b.Path) })
	natural := make([]string, len(ts))
	for i, t := range ts {
		natural[i] = t.Source
	}
	for i, s := range data.UniqueSources(natural) {
		emit(unit{Path: ts[i].Path, Format: data.FormatThread, Source: s})
	}
}

// labelFn labels the records of a unit: the rows go out keyed by shard,
// with the unit's header, its counts, and (under Config.Lenient) the rows
// it could not read. The model is read once per DoFn instance, in Setup.
type labelFn struct {
	withModel
}

// withModel is the part of a DoFn that needs the model: the Config, and
// the model it names, read once per DoFn instance.
type withModel struct {
	Cfg    Config
	bundle *classifier.Bundle
}

// Setup reads the model from Config.Model on its Beam filesystem, or
// takes the shipped one.
func (f *withModel) Setup(ctx context.Context) error {
	b, err := loadModel(ctx, f.Cfg.Model)
	f.bundle = b
	return err
}

// loadModel reads the model at path on its Beam filesystem; "" is the
// shipped model.
func loadModel(ctx context.Context, path string) (*classifier.Bundle, error) {
	if path == "" {
		return classifier.ReadBundle(bytes.NewReader(models.Default()))
	}
	rc, err := open(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	defer rc.Close()
	b, err := classifier.ReadBundle(bufio.NewReader(rc))
	if err != nil {
		return nil, fmt.Errorf("model %s: %w", path, err)
	}
	return b, nil
}

func (f *labelFn) ProcessElement(ctx context.Context, u unit, rows func(int, string), headers func(fileHeader), tallies func(tally), dead func(deadLetter)) error {
	rc, r, err := f.open(ctx, u)
	if rc != nil {
		defer rc.Close()
	}
	var l *label.Labeler
	if err == nil {
		l, err = label.NewLabeler(r, f.bundle, f.Cfg.labelOptions(u.Path, f.columns()))
	}
	if err != nil {
		if f.Cfg.Lenient {
			dead(deadLetter{File: u.Path, Error: err.Error() + "; " + u.what() + " was not read"})
			return nil
		}
		return err
	}
	var buf bytes.Buffer
	guard := &data.FormulaGuard{W: &buf, Neutralize: f.Cfg.ExcelSafe}
	w := data.NewWriter(guard)
	encode := func(row []string) (string, error) {
		buf.Reset()
		if err := w.Write(row); err != nil {
			return "", err
		}
		w.Flush()
		return buf.String(), w.Error()
	}
	h, err := encode(l.Header())
	if err != nil {
		return err
	}
	headers(fileHeader{File: u.Path, Line: h})
	var pending *deadLetter
	var last error
	for {
		rec, err := r.Read()
		if err == nil {
			var row []string
			if row, err = l.Label(rec); err == nil {
				line, err := encode(row)
				if err != nil {
					return err
				}
				rows(f.shard(line), line)
				continue
			}
		}
		if err == io.EOF {
			break
		}
		if !f.Cfg.Lenient {
			return err
		}
		// A reader returns an error that ends its reading (I/O, a
		// record over the size limit) again at every later Read.
		if last != nil && err == last {
			pending.Error += "; reading stopped here, the rest of " + u.what() + " was not read"
			break
		}
		if pending != nil {
			dead(*pending)
		}
		pending, last = deadOf(u.Path, err), err
	}
	if pending != nil {
		dead(*pending)
	}
	tallies(tallyOf(l.Stats(), f.Cfg.Prefix, guard.Cells))
	return nil
}

// deadOf is the dead letter of a reading error in file.
func deadOf(file string, err error) *deadLetter {
	d := &deadLetter{File: file, Error: err.Error()}
	var pe *data.ParseError
	if errors.As(err, &pe) {
		d.Line = pe.Line
	}
	return d
}

// open opens the input of u for reading.
func (f *labelFn) open(ctx context.Context, u unit) (io.Closer, data.Reader, error) {
	opts, err := f.Cfg.input()
	if err != nil {
		return nil, nil, err
	}
	rc, err := open(ctx, u.Path)
	if err != nil {
		return nil, nil, err
	}
	if u.Part != nil {
		if err := skip(rc, max(u.Part.Start-1, 0)); err != nil {
			return rc, nil, fmt.Errorf("%s: %w", u.Path, err)
		}
		r, err := data.NewJSONLPartReader(rc, u.Path, *u.Part, opts.MaxRecordBytes)
		return rc, r, err
	}
	r, err := data.OpenWith(bufio.NewReaderSize(rc, 1<<16), u.Path, u.Format, opts)
	if t, ok := r.(*data.ThreadReader); ok && err == nil {
		r = data.WithSource(t, u.Source)
	}
	return rc, r, err
}

// skip moves r on by n bytes: by seeking where it can (a local file), by
// reading otherwise (object storage), as Beam's own text reader does.
func skip(r io.Reader, n int64) error {
	if s, ok := r.(io.Seeker); ok {
		_, err := s.Seek(n, io.SeekStart)
		return err
	}
	_, err := io.CopyN(io.Discard, r, n)
	return err
}

// columns are the text and group columns: the Config's, else the
// model's.
func (f *labelFn) columns() data.Columns {
	c := f.bundle.InputColumns()
	if f.Cfg.TextColumn != "" {
		c.Text = f.Cfg.TextColumn
	}
	if f.Cfg.GroupColumn != "" {
		c.Group = f.Cfg.GroupColumn
	}
	return c
}

// shard is the shard of an encoded row: by its hash, so that a rerun
// puts each row in the same shard.
func (f *labelFn) shard(line string) int {
	h := fnv.New32a()
	h.Write([]byte(line))
	return int(h.Sum32() % uint32(f.Cfg.Shards))
}

// tallyOf is the tally of one unit's labelling, its label columns named
// as in the output.
func tallyOf(st label.Stats, prefix string, formulas int) tally {
	names := make([]string, len(st.Columns))
	for c, name := range st.Columns {
		names[c] = prefix + name
	}
	t := tally{Noted: st.Noted, Empty: st.Empty, Truncated: st.Truncated, Unseen: st.Unseen,
		Unfamiliar: st.Unfamiliar, OutOfFold: st.OutOfFold, Formulas: formulas}
	if is := st.InSample; is != nil {
		t.InSampleRows, t.InSampleChecked, t.InSampleMatched = is.Rows, is.Checked, is.Matched
	}
	t.Labels = evaluate.NewLabelCounts(names)
	t.Labels.Rows = st.Rows
	for c := range st.Columns {
		for k, n := range st.Counts[c] {
			if n > 0 {
				t.Labels.Counts[c][st.Labels[c][k]] = n
			}
		}
	}
	return t
}
