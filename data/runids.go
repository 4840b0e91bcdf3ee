package data

import "fmt"

// RunIDs gives the records of several inputs read in one run ids that are
// unique across all of them and the same from run to run.
//
// The scheme: a record read by a ThreadReader (a comment thread or an
// article page, whose ids "c001", "a001", ... restart in every file) gets
// the id "<source>:<id>", for example "three-huge-defections-in-one-day:a001"
// and "three-huge-defections-in-one-day:c001", where source is the
// reader's ReadableSource. Two inputs with the same source are told apart
// by a suffix "-2", "-3", ... on the later ones in argument order, in both
// the source and the id. Records of other readers (CSV, JSONL) keep their
// own ids, which their users may have joined on. Any id seen twice in the
// run is then a *ParseError naming both places.
type RunIDs struct {
	seen    map[string]string // id -> "file:line" of its first use
	sources map[string]bool   // sources given out so far
}

// NewRunIDs returns an empty RunIDs for one run.
func NewRunIDs() *RunIDs {
	return &RunIDs{seen: map[string]string{}, sources: map[string]bool{}}
}

// Wrap returns r, read from file and already canonicalized (id and source
// in the canonical columns), with its ids given by the scheme and checked.
// Wrapped readers must be read one after the other, in argument order, for
// the suffixes to be stable.
func (u *RunIDs) Wrap(r Reader, file string) Reader {
	t, _ := r.(*ThreadReader)
	return &runIDReader{Reader: r, u: u, file: file, thread: t}
}

// runIDReader is a Reader under a RunIDs.
type runIDReader struct {
	Reader
	u      *RunIDs
	file   string
	thread *ThreadReader // nil for other readers
	source string        // the unique source, once the first record is read
}

// Diagnostics passes on the wrapped reader's, so that warnings about the
// input are not lost by wrapping it.
func (w *runIDReader) Diagnostics() Diagnostics {
	if d, ok := w.Reader.(Diagnoser); ok {
		return d.Diagnostics()
	}
	return Diagnostics{}
}

// Unwrap returns the wrapped reader.
func (w *runIDReader) Unwrap() Reader { return w.Reader }

// Read returns the next record with its run-wide id.
func (w *runIDReader) Read() (*Record, error) {
	rec, err := w.Reader.Read()
	if err != nil {
		return rec, err
	}
	if w.thread != nil {
		if w.source == "" {
			w.source = w.u.uniqueSource(w.thread.Source())
		}
		setSource(rec, w.source)
	}
	id := rec.Fields[colID]
	where := fmt.Sprintf("%s:%d", w.file, rec.Line)
	if first, ok := w.u.seen[id]; ok {
		return nil, &ParseError{File: w.file, Line: rec.Line, Err: fmt.Errorf("id %q already used at %s; ids must be unique across the inputs of one run (give the files an id column of unique values)", id, first)}
	}
	w.u.seen[id] = where
	return rec, nil
}

// uniqueSource returns s, or s with the first free suffix "-2", "-3", ...
func (u *RunIDs) uniqueSource(s string) string {
	if s == "" {
		s = "doc"
	}
	name := s
	for k := 2; u.sources[name]; k++ {
		name = fmt.Sprintf("%s-%d", s, k)
	}
	u.sources[name] = true
	return name
}

// setSource gives rec, read by a ThreadReader, the source column source
// and the id "<source>:<id>".
func setSource(rec *Record, source string) {
	rec.Fields[colSource] = source
	rec.Fields[colID] = source + ":" + rec.Fields[colID]
}

// UniqueSources returns the sources RunIDs gives threads read in the
// order of sources, whose ThreadReader.Source values they are: each
// source, or for one already given out, that source with the first free
// suffix "-2", "-3", .... A job that reads the threads of one run apart
// (on several machines) names them with it, then reads each with
// WithSource, for the ids RunIDs would give.
func UniqueSources(sources []string) []string {
	u := NewRunIDs()
	out := make([]string, len(sources))
	for i, s := range sources {
		out[i] = u.uniqueSource(s)
	}
	return out
}

// WithSource returns t with the source column source and the ids
// "<source>:<id>" (see RunIDs), for source one of UniqueSources. Unlike
// RunIDs, it does not check that ids are unique: those of a thread are.
func WithSource(t *ThreadReader, source string) Reader {
	return &sourcedReader{ThreadReader: t, source: source}
}

// sourcedReader is a ThreadReader under WithSource.
type sourcedReader struct {
	*ThreadReader
	source string
}

// Read returns the next record with its source and id.
func (s *sourcedReader) Read() (*Record, error) {
	rec, err := s.ThreadReader.Read()
	if err == nil {
		setSource(rec, s.source)
	}
	return rec, err
}
