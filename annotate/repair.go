package annotate

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"
	"unicode/utf8"

	"github.com/stance-nlp/stance/data"
)

// quarantineName is the file beside the journal that holds the lines
// taken out of it, so that nothing is ever deleted.
const quarantineName = "journal.quarantine.jsonl"

func quarantinePath(journalPath string) string {
	return filepath.Join(filepath.Dir(journalPath), quarantineName)
}

// quarantined is one line of the quarantine file: a journal line taken
// out, where it was and why. Text holds the line when it is valid UTF-8,
// else Base64 holds its bytes, so that every line can be restored exactly.
type quarantined struct {
	Time    time.Time `json:"time"`    // when it was moved
	Journal string    `json:"journal"` // the journal's file name
	Line    int       `json:"line"`    // its line number in the journal then
	Offset  int64     `json:"offset"`  // its byte offset in the journal then
	Problem string    `json:"problem"`
	Text    string    `json:"text"`
	Base64  string    `json:"base64,omitempty"`
}

// quarantine appends lines to the quarantine file q and syncs it, before
// the journal loses them.
func quarantine(q, journalPath string, lines []journalLine, now time.Time) error {
	var buf []byte
	for _, l := range lines {
		r := quarantined{Time: now.UTC(), Journal: filepath.Base(journalPath), Line: l.Line, Offset: l.Offset, Problem: l.Problem}
		if utf8.Valid(l.Raw) {
			r.Text = string(l.Raw)
		} else {
			r.Base64 = base64.StdEncoding.EncodeToString(l.Raw)
		}
		b, err := json.Marshal(r)
		if err != nil {
			return fmt.Errorf("quarantine: %w", err)
		}
		buf = append(append(buf, b...), '\n')
	}
	f, err := os.OpenFile(q, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("quarantine: %w", err)
	}
	_, err = f.Write(buf)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("quarantine %s: %w", q, err)
	}
	return nil
}

// RepairStats says what Repair did to a store's journal.
type RepairStats struct {
	Journal    string   // the journal file
	Quarantine string   // the file the bad lines were appended to
	Lines      int      // lines the journal had, counting a last line without newline
	Kept       int      // entries kept
	Moved      []string // "line N: problem" for each line moved to Quarantine, in journal order
	Renumbered int      // kept entries whose seq or undo target changed
	Newline    bool     // a last entry without its newline was kept and the newline added
}

// Changed reports whether Repair rewrote the journal.
func (r RepairStats) Changed() bool {
	return len(r.Moved) > 0 || r.Renumbered > 0 || r.Newline
}

// Repair makes the journal of the store in storeDir replayable again. It
// keeps every entry replay can use, moves every other line (not JSON,
// unknown fields, an entry the label state refuses, a seq out of order, an
// undo of an entry that is gone, a cut-off last line) to the quarantine
// file beside the journal, appended with its line number, offset and
// problem, and renumbers the kept entries 1..n in journal order (undo
// targets with them), since replay requires seq to be the line number.
// The journal is rewritten under a temporary name, synced and renamed onto
// the old one, after the quarantine file is synced: a crash leaves either
// journal whole and loses no line. An intact journal is left untouched.
//
// Repair takes the store's lock, so it refuses a store a server has open.
// With items (and cols, the session's schema) it checks the store was made
// for them, as Export does, and refuses entries with an unknown item id;
// with items nil, the schema is meta.json's and any id is accepted.
func Repair(storeDir string, items []Item, cols []Column) (RepairStats, error) {
	path := filepath.Join(storeDir, journalName)
	st := RepairStats{Journal: path, Quarantine: quarantinePath(path)}
	led, err := repairLedger(storeDir, items, cols)
	if err != nil {
		return st, err
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return st, nil // nothing journaled yet: nothing to repair
	}
	if err != nil {
		return st, fmt.Errorf("opening journal: %w", err)
	}
	defer f.Close()
	if err := lockFile(f); err != nil {
		return st, fmt.Errorf("store %s is in use by a running stance annotate; stop it before repairing (%w)", storeDir, err)
	}
	b, err := io.ReadAll(f)
	if err != nil {
		return st, fmt.Errorf("reading journal: %w", err)
	}
	sc := scanJournal(b, led)
	moved := sc.bad
	if sc.tail != nil {
		moved = append(moved, *sc.tail)
	}
	st.Lines, st.Kept, st.Renumbered = sc.lines, sc.kept, sc.renumbered
	st.Newline = sc.tailKept
	for _, l := range moved {
		st.Moved = append(st.Moved, fmt.Sprintf("line %d: %s", l.Line, l.Problem))
	}
	if !st.Changed() {
		return st, nil
	}
	if len(moved) > 0 {
		if err := quarantine(st.Quarantine, path, moved, time.Now()); err != nil {
			return st, err
		}
	}
	out, err := data.CreateAtomic(path)
	if err != nil {
		return st, fmt.Errorf("rewriting journal: %w", err)
	}
	w := bufio.NewWriter(out)
	for _, e := range led.entries {
		line, err := json.Marshal(e)
		if err == nil {
			w.Write(line)
			err = w.WriteByte('\n')
		}
		if err != nil {
			out.Abort()
			return st, fmt.Errorf("rewriting journal: %w", err)
		}
	}
	if err := w.Flush(); err != nil {
		out.Abort()
		return st, fmt.Errorf("rewriting journal: %w", err)
	}
	if err := out.Commit(); err != nil {
		return st, fmt.Errorf("rewriting journal: %w", err)
	}
	return st, nil
}

// repairLedger returns the ledger Repair checks entries with: the items'
// and columns' when given (after checking the store was made for them),
// else meta.json's columns and any item id.
func repairLedger(storeDir string, items []Item, cols []Column) (*ledger, error) {
	if items != nil {
		if err := checkItems(items); err != nil {
			return nil, err
		}
		if err := checkColumns(cols); err != nil {
			return nil, err
		}
		if err := checkMeta(storeDir, items, cols, false); err != nil {
			return nil, err
		}
		return newLedger(items, cols), nil
	}
	cols, err := StoreSchema(storeDir)
	if err != nil {
		return nil, err
	}
	led := newLedger(nil, cols)
	led.anyID = true
	return led, nil
}

// StoreSchema returns the label schema recorded in the store in storeDir
// (its meta.json).
func StoreSchema(storeDir string) ([]Column, error) {
	path := filepath.Join(storeDir, metaName)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s is not an annotation store: no %s", storeDir, metaName)
	}
	if err != nil {
		return nil, fmt.Errorf("reading store: %w", err)
	}
	var m meta
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if m.Format != storeFormat {
		return nil, fmt.Errorf("%s: store format %d; this stance reads format %d", path, m.Format, storeFormat)
	}
	var cols []Column
	for _, c := range m.Columns {
		cols = append(cols, Column{Name: c.Name, Labels: c.Labels})
	}
	if err := checkColumns(cols); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return cols, nil
}
