package annotate

import (
	"bytes"
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
	if !slices.EqualFunc(got.Columns, want.Columns, func(a, b metaColumn) bool {
		return a.Name == b.Name && slices.Equal(a.Labels, b.Labels)
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

// parseJournal splits journal bytes into entries. It returns the length of
// the complete lines; bytes after it are a final line without its newline,
// a write cut short by a crash. Such a line was never acknowledged (the
// server answers only after the newline is on disk), so the caller may
// drop it. A complete line that does not parse is real damage and an
// error.
func parseJournal(b []byte, name string) (entries []entry, valid int, err error) {
	for line := 1; valid < len(b); line++ {
		nl := bytes.IndexByte(b[valid:], '\n')
		if nl < 0 {
			break
		}
		raw := b[valid : valid+nl]
		var e entry
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&e); err != nil {
			return nil, 0, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		if e.Seq != line {
			return nil, 0, fmt.Errorf("%s:%d: entry has seq %d; lines were lost or reordered", name, line, e.Seq)
		}
		entries = append(entries, e)
		valid += nl + 1
	}
	return entries, valid, nil
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
// second server, and returns its entries. A final partial line is logged
// through warn and truncated away, so that new lines start clean.
func openJournal(dir string, warn func(format string, args ...any)) (*journal, []entry, error) {
	path := filepath.Join(dir, journalName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, nil, fmt.Errorf("opening journal: %w", err)
	}
	if err := lockFile(f); err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("store %s is in use by another stance annotate (%w)", dir, err)
	}
	b, err := io.ReadAll(f)
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("reading journal: %w", err)
	}
	entries, valid, err := parseJournal(b, path)
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	if valid < len(b) {
		warn("warning: %s ends in a partial line of %d bytes (a write cut short, never acknowledged); dropping it", path, len(b)-valid)
		if err := f.Truncate(int64(valid)); err != nil {
			f.Close()
			return nil, nil, fmt.Errorf("truncating journal: %w", err)
		}
		if err := f.Sync(); err != nil {
			f.Close()
			return nil, nil, fmt.Errorf("truncating journal: %w", err)
		}
	}
	if _, err := f.Seek(int64(valid), io.SeekStart); err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("opening journal: %w", err)
	}
	return &journal{f: f, path: path, size: int64(valid), seq: len(entries)}, entries, nil
}

// readJournal reads a store's entries without opening it for writing, for
// Export; it may run while a server appends. A partial last line is
// ignored, as on open.
func readJournal(dir string) ([]entry, error) {
	path := filepath.Join(dir, journalName)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading journal: %w", err)
	}
	entries, _, err := parseJournal(b, path)
	return entries, err
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
