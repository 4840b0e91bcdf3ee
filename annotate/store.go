package annotate

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/stance-nlp/stance/data"
)

// ErrOtherData is wrapped in the error for a store opened with other
// comments than those it was made for.
var ErrOtherData = errors.New("open it with the data it was made for, or use another store")

// Files of a store directory.
const (
	metaName    = "meta.json"
	journalName = "journal.jsonl"
	storeFormat = 1
)

// The journal operations.
const (
	opLabel      = "label"
	opSkip       = "skip"
	opUndo       = "undo"
	opAdjudicate = "adjudicate"
)

// entry is one journal line. Seq is the 1-based line number; an undo names
// the entry it takes back by Seq, so replaying never has to guess.
type entry struct {
	Seq       int               `json:"seq"`
	Time      time.Time         `json:"time"`
	Op        string            `json:"op"`
	Annotator string            `json:"annotator"`
	ID        string            `json:"id"`
	Labels    map[string]string `json:"labels,omitempty"`
	Undoes    int               `json:"undoes,omitempty"`
	// The fields below came after the first journals and are optional,
	// so that older journals replay (and repair) unchanged.

	// Unsure marks a label its annotator was not sure of; Note is their
	// free text on the item (label, skip or adjudicate).
	Unsure bool   `json:"unsure,omitempty"`
	Note   string `json:"note,omitempty"`
	// Suggested is the model's choice per column when the label or
	// adjudication was saved, shown or not; Shown says how the page
	// offered it to this annotator (a SuggestMode), so that anchoring can
	// be measured afterwards.
	Suggested map[string]suggested `json:"suggested,omitempty"`
	Shown     SuggestMode          `json:"shown,omitempty"`
}

// suggested is the model's choice for one column as a journal entry
// records it.
type suggested struct {
	Label      string  `json:"label"`
	Confidence float64 `json:"confidence"`
}

// meta is meta.json: what the journal's ids and labels refer to. A store
// opened with other data or another schema would silently attach labels to
// the wrong comments, so both are checked on every open.
type meta struct {
	Format     int          `json:"format"`
	Items      int          `json:"items"`
	DataSHA256 string       `json:"data_sha256"`
	Columns    []metaColumn `json:"columns"`
}

type metaColumn struct {
	Name   string   `json:"name"`
	Labels []string `json:"labels"`
}

// dataChecksum hashes the ids and texts, each length-prefixed so that no
// two different inputs hash alike. Metadata is left out: fixing an author's
// name should not orphan a store.
func dataChecksum(items []Item) string {
	h := sha256.New()
	var n [8]byte
	put := func(s string) {
		binary.LittleEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		io.WriteString(h, s)
	}
	for _, it := range items {
		put(it.ID)
		put(it.Text)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func newMeta(items []Item, cols []Column) meta {
	m := meta{Format: storeFormat, Items: len(items), DataSHA256: dataChecksum(items)}
	for _, c := range cols {
		m.Columns = append(m.Columns, metaColumn{Name: c.Name, Labels: slices.Clone(c.Labels)})
	}
	return m
}

func describeSchema(cols []metaColumn) string {
	var parts []string
	for _, c := range cols {
		parts = append(parts, fmt.Sprintf("%s (%s)", c.Name, strings.Join(c.Labels, ", ")))
	}
	return strings.Join(parts, "; ")
}

// checkMeta compares the store's meta.json with the data and schema at
// hand. With create, a missing meta.json is written (atomically, so a crash
// never leaves half of one); without, it is an error.
func checkMeta(dir string, items []Item, cols []Column, create bool) error {
	path := filepath.Join(dir, metaName)
	want := newMeta(items, cols)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) && create {
		return writeMeta(path, want)
	}
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s is not an annotation store: no %s", dir, metaName)
	}
	if err != nil {
		return fmt.Errorf("reading store: %w", err)
	}
	var got meta
	if err := json.Unmarshal(b, &got); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if got.Format != storeFormat {
		return fmt.Errorf("%s: store format %d; this stance reads format %d", path, got.Format, storeFormat)
	}
	if got.DataSHA256 != want.DataSHA256 {
		return fmt.Errorf("store %s was made for other data (%d items, checksum %.12s…), not this data (%d items, checksum %.12s…): %w",
			dir, got.Items, got.DataSHA256, want.Items, want.DataSHA256, ErrOtherData)
	}
	// The journal names labels, not their places, so a schema with the
	// same labels in another button order (a store made before the
	// buttons followed the codebook) is the same schema.
	if !slices.EqualFunc(got.Columns, want.Columns, func(a, b metaColumn) bool {
		return a.Name == b.Name && sameLabels(a.Labels, b.Labels)
	}) {
		return fmt.Errorf("store %s was made for another label schema: it has %s; this run has %s",
			dir, describeSchema(got.Columns), describeSchema(want.Columns))
	}
	return nil
}

func writeMeta(path string, m meta) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	f, err := data.CreateAtomic(path)
	if err != nil {
		return fmt.Errorf("creating store: %w", err)
	}
	if _, err := f.Write(append(b, '\n')); err != nil {
		f.Abort()
		return fmt.Errorf("creating store: %w", err)
	}
	if err := f.Commit(); err != nil {
		return fmt.Errorf("creating store: %w", err)
	}
	return nil
}

// A journalLine is one line of a journal that replay cannot use, or a
// final line without its newline that does not parse.
type journalLine struct {
	Line    int    // 1-based line number in the journal
	Offset  int64  // byte offset of the line's start
	Raw     []byte // the line without its newline
	Problem string // why replay cannot use it
}

// journalScan is what scanJournal found in a journal.
type journalScan struct {
	kept int           // usable entries, applied to the ledger renumbered 1..n in journal order
	bad  []journalLine // the lines replay cannot use, in journal order
	// tail is a final line without its newline that is not a JSON entry:
	// a write cut short by a crash, never acknowledged (the server
	// answers only once the newline is on disk). nil when there is none.
	tail *journalLine
	// tailKept: the final line lacks its newline but is a usable entry,
	// kept among entries; the newline must be appended before new lines.
	tailKept bool
	// gap is the first usable line whose seq is not its line number (a
	// line before it was lost, or lines were reordered), 0 if none.
	gap, gapSeq int
	renumbered  int // usable entries whose seq (or undo target) changes
	lines       int // lines in the journal, counting a final line without newline
	size        int // bytes of complete lines, with the kept tail
}

// intact reports whether the journal can be replayed as it is on disk.
func (sc *journalScan) intact() bool { return len(sc.bad) == 0 && sc.renumbered == 0 }

// JournalError reports a journal that cannot be replayed as it stands:
// lines that are not entries, entries the label state does not allow, or
// seq numbers that are not the line numbers. Repair moves the bad lines to
// the quarantine file and renumbers the rest.
type JournalError struct {
	Path    string // the journal file
	Line    int    // the first line with a problem
	Problem string // that line's problem
	Bad     int    // lines replay cannot use, Repair would move to quarantine
	Lines   int    // lines in the journal
}

func (e *JournalError) Error() string {
	what := "the entries after it need renumbering"
	if e.Bad > 0 {
		what = fmt.Sprintf("%s of %d cannot be replayed", plural(e.Bad, "line", "lines"), e.Lines)
	}
	return fmt.Sprintf("%s:%d: %s (%s)", e.Path, e.Line, e.Problem, what)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// err returns the scan's JournalError, nil for an intact journal.
func (sc *journalScan) err(path string) error {
	if sc.intact() {
		return nil
	}
	e := &JournalError{Path: path, Bad: len(sc.bad), Lines: sc.lines}
	if sc.gap > 0 {
		e.Line = sc.gap
		e.Problem = fmt.Sprintf("entry has seq %d where %d was expected: lines were lost or reordered", sc.gapSeq, sc.gap)
	}
	if len(sc.bad) > 0 && (e.Line == 0 || sc.bad[0].Line < e.Line) {
		e.Line, e.Problem = sc.bad[0].Line, sc.bad[0].Problem
	}
	return e
}

// decodeEntry parses one journal line strictly: one JSON object with
// only entry's fields and a positive seq.
func decodeEntry(raw []byte) (entry, error) {
	var e entry
	if len(bytes.TrimSpace(raw)) == 0 {
		return e, errors.New("empty line")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		return e, err
	}
	if err := dec.Decode(&struct{}{}); err != io.EOF {
		return e, errors.New("text after the entry")
	}
	if e.Seq < 1 {
		return e, fmt.Errorf("seq %d is not a line number", e.Seq)
	}
	return e, nil
}

// longestRising returns the indices of a longest strictly increasing
// subsequence of seqs (patience sorting, O(n log n)). Among equally long
// ones it prefers, at each length, the smallest last seq, and of equal
// seqs the first: the result depends on seqs alone.
func longestRising(seqs []int) []int {
	var tails []int // tails[k]: index of the smallest last seq of a rising run of length k+1
	prev := make([]int, len(seqs))
	for i, s := range seqs {
		k, found := slices.BinarySearchFunc(tails, s, func(t, s int) int { return cmp.Compare(seqs[t], s) })
		if found {
			// A repeated seq (a copied line): the earlier one stays.
			continue
		}
		if k > 0 {
			prev[i] = tails[k-1]
		} else {
			prev[i] = -1
		}
		if k == len(tails) {
			tails = append(tails, i)
		} else {
			tails[k] = i
		}
	}
	out := make([]int, len(tails))
	for k, i := len(tails)-1, -1; k >= 0; k-- {
		if i < 0 {
			i = tails[k]
		} else {
			i = prev[i]
		}
		out[k] = i
	}
	return out
}

// scanJournal sorts the lines of journal bytes b into usable entries,
// which it applies to led, and lines replay cannot use. A line is usable
// when it is a JSON entry, its seq rises with those of the usable lines
// before it, and led accepts it. Where lines were lost or reordered the
// seqs are not the line numbers; the usable entries are renumbered in
// journal order (undo targets with them), keeping the longest run of
// rising seqs, so that one corrupted seq costs one line, not all those
// after it. A final line without its newline is usable on the same terms;
// when it is not JSON it is the tail of a cut write, kept apart from the
// damaged lines.
func scanJournal(b []byte, led *ledger) *journalScan {
	sc := &journalScan{}
	type parsed struct {
		line journalLine
		e    entry
	}
	var good []parsed
	var bad []journalLine
	for off, line := 0, 1; off < len(b); line++ {
		end, next := len(b), len(b)
		if nl := bytes.IndexByte(b[off:], '\n'); nl >= 0 {
			end, next = off+nl, off+nl+1
		}
		jl := journalLine{Line: line, Offset: int64(off), Raw: b[off:end]}
		sc.lines = line
		e, err := decodeEntry(jl.Raw)
		switch {
		case err != nil && end == len(b):
			jl.Problem = "last line without its newline does not parse (a write cut short, never acknowledged): " + err.Error()
			sc.tail = &jl
		case err != nil:
			jl.Problem = err.Error()
			bad = append(bad, jl)
		default:
			good = append(good, parsed{jl, e})
		}
		off = next
	}
	seqs := make([]int, len(good))
	for i, p := range good {
		seqs[i] = p.e.Seq
	}
	keep := longestRising(seqs)
	// The old seqs of the entries kept so far, rising: an undo's target
	// is found by binary search, its new seq being its place + 1.
	var keptSeqs []int
	k := 0
	for i, p := range good {
		if k < len(keep) && keep[k] == i {
			k++
		} else {
			p.line.Problem = fmt.Sprintf("entry has seq %d, out of order with the lines around it (reordered or copied)", p.e.Seq)
			bad = append(bad, p.line)
			continue
		}
		e := p.e
		if e.Seq != p.line.Line && sc.gap == 0 {
			sc.gap, sc.gapSeq = p.line.Line, e.Seq
		}
		oldSeq, oldUndo := e.Seq, e.Undoes
		e.Seq = len(led.entries) + 1
		if e.Op == opUndo {
			e.Undoes = 0 // when the target is gone: check refuses it
			if at, ok := slices.BinarySearch(keptSeqs, oldUndo); ok {
				e.Undoes = at + 1
			}
		}
		if err := led.apply(e); err != nil {
			problem := err.Error()
			if e.Op == opUndo && e.Undoes == 0 && oldUndo > 0 {
				problem = fmt.Sprintf("undo of entry %d, which is missing or damaged", oldUndo)
			}
			p.line.Problem = problem
			bad = append(bad, p.line)
			continue
		}
		keptSeqs = append(keptSeqs, oldSeq)
		if e.Seq != oldSeq || e.Undoes != oldUndo {
			sc.renumbered++
		}
		sc.kept++
		if p.line.Offset+int64(len(p.line.Raw)) == int64(len(b)) {
			sc.tailKept = true
		}
	}
	slices.SortFunc(bad, func(a, b journalLine) int { return a.Line - b.Line })
	sc.bad = bad
	sc.size = len(b)
	if sc.tail != nil {
		sc.size = int(sc.tail.Offset)
	}
	return sc
}

// journal is the append-only log of a store, open for writing. It is not
// safe for concurrent use: the Server serialises appends.
type journal struct {
	f      *os.File
	path   string
	size   int64 // bytes of complete lines
	seq    int   // seq of the last entry
	failed error // set when the file's state is unknown; no more appends
}

// openJournal opens (creating if needed) dir's journal, locks it against a
// second server, and replays it into led. The journal must be intact (see
// JournalError). A final line without its newline is kept when it is the
// next entry (the newline is appended); otherwise it is the tail of a cut
// write: it is saved to the quarantine file, logged through warn and
// truncated away, so that new lines start clean.
func openJournal(dir string, led *ledger, warn func(format string, args ...any)) (*journal, error) {
	path := filepath.Join(dir, journalName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("opening journal: %w", err)
	}
	if err := lockFile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("store %s is in use by another stance annotate (%w)", dir, err)
	}
	j, err := replayJournal(f, path, led, warn)
	if err != nil {
		f.Close()
		return nil, err
	}
	return j, nil
}

func replayJournal(f *os.File, path string, led *ledger, warn func(format string, args ...any)) (*journal, error) {
	b, err := io.ReadAll(f)
	if err != nil {
		return nil, fmt.Errorf("reading journal: %w", err)
	}
	sc := scanJournal(b, led)
	if err := sc.err(path); err != nil {
		return nil, err
	}
	size := int64(sc.size)
	switch {
	case sc.tail != nil:
		q := quarantinePath(path)
		if err := quarantine(q, path, []journalLine{*sc.tail}, time.Now()); err != nil {
			return nil, err
		}
		warn("warning: %s ends in a partial line of %d bytes at offset %d (a write cut short, never acknowledged); moved it to %s",
			path, len(sc.tail.Raw), sc.tail.Offset, q)
		if err := f.Truncate(size); err != nil {
			return nil, fmt.Errorf("truncating journal: %w", err)
		}
		if err := f.Sync(); err != nil {
			return nil, fmt.Errorf("truncating journal: %w", err)
		}
	case sc.tailKept:
		// A complete entry whose newline never reached the disk: its
		// action was not acknowledged, but it is whole, so it is kept.
		if _, err := f.WriteAt([]byte{'\n'}, size); err != nil {
			return nil, fmt.Errorf("completing the journal's last line: %w", err)
		}
		if err := f.Sync(); err != nil {
			return nil, fmt.Errorf("completing the journal's last line: %w", err)
		}
		size++
		warn("warning: %s ended in a complete entry without its newline (seq %d); kept it and added the newline", path, sc.kept)
	}
	if _, err := f.Seek(size, io.SeekStart); err != nil {
		return nil, fmt.Errorf("opening journal: %w", err)
	}
	return &journal{f: f, path: path, size: size, seq: sc.kept}, nil
}

// readJournal replays a store's journal into led without opening it for
// writing, for Export; it may run while a server appends, so a final line
// without its newline that does not parse is left alone (it may be a
// write in progress). It returns the scan; with skipBad, the bad lines are
// left out rather than an error.
func readJournal(dir string, led *ledger, skipBad bool) (*journalScan, error) {
	path := filepath.Join(dir, journalName)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &journalScan{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading journal: %w", err)
	}
	sc := scanJournal(b, led)
	if !skipBad {
		if err := sc.err(path); err != nil {
			return nil, err
		}
	}
	return sc, nil
}

// append writes e as one line and syncs it to disk before returning, so
// that an acknowledged action survives a crash. It sets e.Seq.
func (j *journal) append(e *entry) error {
	if j.failed != nil {
		return fmt.Errorf("journal unusable since an earlier error (%w); restart the server", j.failed)
	}
	e.Seq = j.seq + 1
	b, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("encoding journal entry: %w", err)
	}
	b = append(b, '\n')
	// One write call per line: a crash then leaves at worst one partial
	// last line, which the next open drops.
	if _, err := j.f.Write(b); err != nil {
		// Cut the partial line off so that the next line does not join it.
		if terr := j.f.Truncate(j.size); terr != nil {
			j.failed = err
		} else if _, serr := j.f.Seek(j.size, io.SeekStart); serr != nil {
			j.failed = err
		}
		return fmt.Errorf("writing journal: %w", err)
	}
	if err := j.f.Sync(); err != nil {
		// After a failed fsync, Linux may have dropped the dirty pages:
		// whether the line is on disk is unknown, so stop writing.
		j.failed = err
		return fmt.Errorf("syncing journal: %w", err)
	}
	j.size += int64(len(b))
	j.seq = e.Seq
	return nil
}

func (j *journal) close() error {
	if err := j.f.Close(); err != nil {
		return fmt.Errorf("closing journal: %w", err)
	}
	return nil
}
