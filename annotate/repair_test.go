package annotate

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// sixLines is the journal the damage cases start from: two annotators,
// a skip and an undo of it (line 5 undoes line 3), so that losing a line
// can orphan an undo.
var sixLines = []string{
	`{"seq":1,"time":"2026-01-01T00:00:01Z","op":"label","annotator":"ann","id":"t01","labels":{"sentiment":"negative","stance":"neutral"}}`,
	`{"seq":2,"time":"2026-01-01T00:00:02Z","op":"label","annotator":"ann","id":"t02","labels":{"sentiment":"positive","stance":"pro-assad"}}`,
	`{"seq":3,"time":"2026-01-01T00:00:03Z","op":"skip","annotator":"ann","id":"t03"}`,
	`{"seq":4,"time":"2026-01-01T00:00:04Z","op":"label","annotator":"bob","id":"t01","labels":{"sentiment":"negative","stance":"neutral"}}`,
	`{"seq":5,"time":"2026-01-01T00:00:05Z","op":"undo","annotator":"ann","id":"t03","undoes":3}`,
	`{"seq":6,"time":"2026-01-01T00:00:06Z","op":"label","annotator":"ann","id":"t04","labels":{"sentiment":"neutral","stance":"neutral"}}`,
}

// edited returns sixLines with line n (1-based) replaced by with (or
// deleted when with is nil), joined with newlines.
func edited(edits map[int]*string, finalNewline bool) string {
	var out []string
	for i, l := range sixLines {
		if w, ok := edits[i+1]; ok {
			if w == nil {
				continue
			}
			l = *w
		}
		out = append(out, l)
	}
	s := strings.Join(out, "\n")
	if finalNewline {
		s += "\n"
	}
	return s
}

func ptr(s string) *string { return &s }

func writeStore(t *testing.T, journal string) Config {
	t.Helper()
	cfg := testConfig(t)
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := os.WriteFile(filepath.Join(cfg.StoreDir, journalName), []byte(journal), 0o644); err != nil {
		t.Fatal(err)
	}
	return cfg
}

func readQuarantine(t *testing.T, dir string) []quarantined {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, quarantineName))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []quarantined
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var q quarantined
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&q); err != nil {
			t.Fatalf("quarantine line %q: %v", sc.Text(), err)
		}
		out = append(out, q)
	}
	return out
}

// raw returns a quarantined line's bytes.
func (q quarantined) raw(t *testing.T) string {
	if q.Base64 == "" {
		return q.Text
	}
	b, err := base64.StdEncoding.DecodeString(q.Base64)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// origin is what identifies an entry across renumbering.
func origin(e entry) string { return e.Op + " " + e.Annotator + " " + e.ID }

// TestJournalRepair damages a journal in each way the issue met or
// implies and checks what the server, export (strict and -skip-bad) and
// Repair make of it: the error names file, line and problem; Repair keeps
// exactly the usable lines (want: their original line numbers, worked out
// by hand from sixLines), quarantines the rest byte for byte with their
// line numbers, leaves a journal the server opens, and a second Repair
// changes nothing.
func TestJournalRepair(t *testing.T) {
	tests := []struct {
		name    string
		journal string
		openErr string // New's error ("" none); Export's is the same
		// kept: lines (of journal) kept; moved: lines quarantined
		kept, moved []int
		renumbered  int
		newline     bool
	}{
		{name: "intact", journal: edited(nil, true), kept: []int{1, 2, 3, 4, 5, 6}},
		{name: "garbage first", journal: edited(map[int]*string{1: ptr("garbage")}, true),
			openErr: "journal.jsonl:1: invalid character 'g' looking for beginning of value (1 line of 6 cannot be replayed)",
			kept:    []int{2, 3, 4, 5, 6}, moved: []int{1}, renumbered: 5},
		// The undo on line 5 names the skip on line 3: it goes too.
		{name: "garbage middle", journal: edited(map[int]*string{3: ptr("garbage")}, true),
			openErr: "journal.jsonl:3: invalid character 'g' looking for beginning of value (2 lines of 6 cannot be replayed)",
			kept:    []int{1, 2, 4, 6}, moved: []int{3, 5}, renumbered: 2},
		{name: "garbage last", journal: edited(map[int]*string{6: ptr(`{"seq":6,"time":"2026-01-01T0`)}, true),
			openErr: "journal.jsonl:6: unexpected EOF (1 line of 6 cannot be replayed)",
			kept:    []int{1, 2, 3, 4, 5}, moved: []int{6}},
		{name: "empty line", journal: edited(map[int]*string{2: ptr("")}, true),
			openErr: "journal.jsonl:2: empty line",
			kept:    []int{1, 3, 4, 5, 6}, moved: []int{2}, renumbered: 4},
		{name: "invalid UTF-8", journal: edited(map[int]*string{4: ptr("\xff\xfe{\"seq\":4}")}, true),
			openErr: "journal.jsonl:4: invalid character",
			kept:    []int{1, 2, 3, 5, 6}, moved: []int{4}, renumbered: 2},
		// A deleted line: nothing to move, the rest renumbered (the undo's
		// target with them).
		{name: "line deleted", journal: edited(map[int]*string{2: nil}, true),
			openErr: "journal.jsonl:2: entry has seq 3 where 2 was expected: lines were lost or reordered (the entries after it need renumbering)",
			kept:    []int{1, 2, 3, 4, 5}, renumbered: 4},
		// Deleting the skip orphans its undo (now line 4).
		{name: "undone line deleted", journal: edited(map[int]*string{3: nil}, true),
			openErr: "journal.jsonl:3: entry has seq 4 where 3 was expected: lines were lost or reordered (1 line of 5 cannot be replayed)",
			kept:    []int{1, 2, 3, 5}, moved: []int{4}, renumbered: 2},
		// One corrupted seq costs one line, not the lines after it.
		{name: "seq corrupted", journal: edited(map[int]*string{2: ptr(strings.Replace(sixLines[1], `"seq":2`, `"seq":92`, 1))}, true),
			openErr: "journal.jsonl:2: entry has seq 92, out of order with the lines around it (reordered or copied) (1 line of 6 cannot be replayed)",
			kept:    []int{1, 3, 4, 5, 6}, moved: []int{2}, renumbered: 4},
		{name: "line copied", journal: edited(map[int]*string{3: ptr(sixLines[1] + "\n" + sixLines[2])}, true),
			openErr: "journal.jsonl:3: entry has seq 2, out of order",
			kept:    []int{1, 2, 4, 5, 6, 7}, moved: []int{3}},
		{name: "unknown label", journal: edited(map[int]*string{2: ptr(strings.Replace(sixLines[1], "pro-assad", "meh", 1))}, true),
			openErr: `journal.jsonl:2: unknown stance label "meh"`,
			kept:    []int{1, 3, 4, 5, 6}, moved: []int{2}, renumbered: 4},
		{name: "unknown field", journal: edited(map[int]*string{6: ptr(strings.Replace(sixLines[5], `"op"`, `"who":"x","op"`, 1))}, true),
			openErr: `journal.jsonl:6: json: unknown field "who"`,
			kept:    []int{1, 2, 3, 4, 5}, moved: []int{6}},
		{name: "text after entry", journal: edited(map[int]*string{6: ptr(sixLines[5] + "xyz")}, true),
			openErr: "journal.jsonl:6: text after the entry",
			kept:    []int{1, 2, 3, 4, 5}, moved: []int{6}},
		// A write cut short: not an error; the server quarantines it.
		{name: "cut last line", journal: edited(nil, true) + sixLines[5][:40],
			kept: []int{1, 2, 3, 4, 5, 6}, moved: []int{7}},
		// The crash came between the entry and its newline: kept.
		{name: "last line without newline", journal: edited(nil, false),
			kept: []int{1, 2, 3, 4, 5, 6}, newline: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			origLines := strings.SplitAfter(tt.journal, "\n")
			cfg := writeStore(t, tt.journal)
			jpath := filepath.Join(cfg.StoreDir, journalName)

			// Strict readers: the error, or none.
			s, err := New(cfg)
			if err == nil {
				s.Close()
			}
			var je *JournalError
			switch {
			case tt.openErr == "" && err != nil:
				t.Fatalf("New: %v", err)
			case tt.openErr != "" && (err == nil || !strings.Contains(err.Error(), tt.openErr) || !strings.HasPrefix(err.Error(), jpath+":") || !errors.As(err, &je)):
				t.Fatalf("New: got %v, want a *JournalError %s…%s", err, jpath, tt.openErr)
			}
			var sb strings.Builder
			_, xerr := Export(cfg.StoreDir, cfg.Items, cfg.Columns, "", &sb)
			if fmt.Sprint(xerr) != fmt.Sprint(err) {
				t.Errorf("Export: %v; New: %v", xerr, err)
			}
			if tt.openErr != "" {
				got, _ := os.ReadFile(jpath)
				if string(got) != tt.journal {
					t.Fatal("a failed open changed the journal")
				}
				// -skip-bad exports the entries Repair keeps.
				st, err := ExportWith(cfg.StoreDir, cfg.Items, cfg.Columns, ExportOptions{SkipBad: true}, &sb)
				if err != nil {
					t.Fatalf("ExportWith SkipBad: %v", err)
				}
				if n := len(tt.moved); (n == 0) != (st.Skipped == nil) || n > 0 && (st.Skipped.Bad != n || st.Skipped.Line != tt.moved[0]) {
					t.Errorf("ExportWith SkipBad: Skipped %+v, want %d lines from line %v", st.Skipped, n, tt.moved)
				}
			}

			// Repair (on the journal as written: New may have fixed a tail).
			if err := os.WriteFile(jpath, []byte(tt.journal), 0o644); err != nil {
				t.Fatal(err)
			}
			os.Remove(filepath.Join(cfg.StoreDir, quarantineName))
			st, err := Repair(cfg.StoreDir, cfg.Items, cfg.Columns)
			if err != nil {
				t.Fatalf("Repair: %v", err)
			}
			if st.Kept != len(tt.kept) || len(st.Moved) != len(tt.moved) || st.Renumbered != tt.renumbered || st.Newline != tt.newline {
				t.Errorf("Repair: kept %d, moved %q, renumbered %d, newline %v; want %d, %v, %d, %v",
					st.Kept, st.Moved, st.Renumbered, st.Newline, len(tt.kept), tt.moved, tt.renumbered, tt.newline)
			}
			q := readQuarantine(t, cfg.StoreDir)
			var qLines []int
			for k, r := range q {
				qLines = append(qLines, r.Line)
				if want := strings.TrimSuffix(origLines[r.Line-1], "\n"); r.raw(t) != want || r.Problem == "" || r.Journal != journalName {
					t.Errorf("quarantine %d: %+v (raw %q), want line %d %q with a problem", k, r, r.raw(t), r.Line, want)
				}
				if k < len(st.Moved) && !strings.HasPrefix(st.Moved[k], fmt.Sprintf("line %d: %s", r.Line, r.Problem)) {
					t.Errorf("Moved[%d] = %q, quarantine says line %d: %s", k, st.Moved[k], r.Line, r.Problem)
				}
			}
			if !slices.Equal(qLines, tt.moved) {
				t.Errorf("quarantined lines %v, want %v", qLines, tt.moved)
			}
			after, err := os.ReadFile(jpath)
			if err != nil {
				t.Fatal(err)
			}
			if !st.Changed() && string(after) != tt.journal {
				t.Errorf("Repair of an intact journal changed it")
			}
			got := journalLines(t, cfg.StoreDir)
			var want []string
			for _, n := range tt.kept {
				var e entry
				if err := json.Unmarshal([]byte(origLines[n-1]), &e); err != nil {
					t.Fatal(err)
				}
				want = append(want, origin(e))
			}
			var have []string
			for k, e := range got {
				have = append(have, origin(e))
				if e.Op == opUndo && (e.Undoes < 1 || e.Undoes > k || origin(got[e.Undoes-1]) != "skip "+e.Annotator+" "+e.ID) {
					t.Errorf("kept undo %+v does not name its skip", e)
				}
			}
			if !slices.Equal(have, want) {
				t.Errorf("journal after Repair:\n%q\nwant\n%q", have, want)
			}
			// Idempotent, and the server opens the result.
			st2, err := Repair(cfg.StoreDir, cfg.Items, cfg.Columns)
			after2, _ := os.ReadFile(jpath)
			if err != nil || st2.Changed() || !bytes.Equal(after, after2) {
				t.Errorf("second Repair: %+v, %v; journal changed: %v", st2, err, !bytes.Equal(after, after2))
			}
			s, err = New(cfg)
			if err != nil {
				t.Fatalf("New after Repair: %v", err)
			}
			s.Close()
		})
	}
}

// TestJournalTail checks what opening does with a last line that lacks
// its newline: a whole entry is kept and completed; a cut one is moved to
// the quarantine with a warning that gives its size and offset, and the
// journal truncated to its complete lines.
func TestJournalTail(t *testing.T) {
	whole := edited(nil, true)
	cut := sixLines[5][:40]
	tests := []struct {
		name, journal, wantJournal, warn string
		entries                          int
		quarantine                       string
	}{
		{"cut", whole + cut, whole,
			fmt.Sprintf("ends in a partial line of 40 bytes at offset %d (a write cut short, never acknowledged); moved it to ", len(whole)), 6, cut},
		{"no newline", strings.TrimSuffix(whole, "\n"), whole, "ended in a complete entry without its newline (seq 6); kept it", 6, ""},
		// An entry run into a cut write is not told apart from a longer
		// cut write: the line is quarantined whole, not lost.
		{"entry run into a cut", strings.TrimSuffix(whole, "\n") + cut, edited(map[int]*string{6: nil}, true),
			fmt.Sprintf("ends in a partial line of %d bytes at offset %d", len(sixLines[5])+40, len(whole)-len(sixLines[5])-1), 5, sixLines[5] + cut},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := writeStore(t, tt.journal)
			log := &testLog{t: t}
			cfg.Log = log
			s, err := New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if !strings.Contains(log.buf.String(), tt.warn) {
				t.Errorf("log %q, want %q", log.buf.String(), tt.warn)
			}
			if n := len(s.ledger.entries); n != tt.entries {
				t.Errorf("%d entries replayed, want %d", n, tt.entries)
			}
			got, _ := os.ReadFile(filepath.Join(cfg.StoreDir, journalName))
			if string(got) != tt.wantJournal {
				t.Errorf("journal after open:\n%q\nwant\n%q", got, tt.wantJournal)
			}
			q := readQuarantine(t, cfg.StoreDir)
			switch {
			case tt.quarantine == "" && len(q) > 0:
				t.Errorf("quarantine %+v, want none", q)
			case tt.quarantine != "" && (len(q) != 1 || q[0].Text != tt.quarantine || q[0].Line != tt.entries+1 || q[0].Offset != int64(len(tt.wantJournal))):
				t.Errorf("quarantine %+v, want line %d at %d: %q", q, tt.entries+1, len(tt.wantJournal), tt.quarantine)
			}
			// New lines follow on a line of their own.
			labelDirect(t, s, "carol", "t05")
			lines := journalLines(t, cfg.StoreDir)
			if len(lines) != tt.entries+1 || lines[tt.entries].ID != "t05" || lines[tt.entries].Seq != tt.entries+1 {
				t.Errorf("journal after a new label: %+v", lines)
			}
		})
	}
}

// TestRepairWithoutData checks Repair with only the store: the schema is
// meta.json's, any id is kept, an unknown label is still caught; and that
// a store a server has open is refused.
func TestRepairWithoutData(t *testing.T) {
	bad := strings.Replace(sixLines[1], "pro-assad", "meh", 1)
	other := strings.Replace(sixLines[3], `"t01"`, `"zz9"`, 1)
	cfg := writeStore(t, edited(map[int]*string{2: ptr(bad), 4: ptr(other)}, true))
	st, err := Repair(cfg.StoreDir, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if st.Kept != 5 || len(st.Moved) != 1 || !strings.HasPrefix(st.Moved[0], `line 2: unknown stance label "meh"`) {
		t.Errorf("Repair without data: %+v", st)
	}
	// With the data, the unknown id goes too.
	st, err = Repair(cfg.StoreDir, cfg.Items, cfg.Columns)
	if err != nil {
		t.Fatal(err)
	}
	if st.Kept != 4 || len(st.Moved) != 1 || !strings.HasPrefix(st.Moved[0], `line 3: unknown item id "zz9"`) {
		t.Errorf("Repair with data: %+v", st)
	}

	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := Repair(cfg.StoreDir, nil, nil); err == nil || !strings.Contains(err.Error(), "in use by a running stance annotate") {
		t.Errorf("Repair of an open store: %v", err)
	}
	if _, err := Repair(t.TempDir(), nil, nil); err == nil || !strings.Contains(err.Error(), "not an annotation store") {
		t.Errorf("Repair of an empty directory: %v", err)
	}
}

// TestLongestRising checks the choice of entries to keep on hand-worked
// seq runs: the longest strictly rising subsequence, by index.
func TestLongestRising(t *testing.T) {
	tests := []struct {
		seqs []int
		want []int
	}{
		{nil, []int{}},
		{[]int{1, 2, 3}, []int{0, 1, 2}},
		{[]int{1, 3, 4}, []int{0, 1, 2}},                   // a lost line: all kept
		{[]int{1, 92, 3, 4}, []int{0, 2, 3}},               // one corrupted seq costs one line
		{[]int{1, 2, 2, 3}, []int{0, 1, 3}},                // a copied line: the first copy stays
		{[]int{1, 2, 3, 6, 5, 4}, []int{0, 1, 2, 5}},       // reordered: the smallest last seq
		{[]int{5, 1, 2, 3, 4}, []int{1, 2, 3, 4}},          // a high seq first
		{[]int{1, 2, 3, 4, 1 << 62}, []int{0, 1, 2, 3, 4}}, // a huge last seq still rises
	}
	for _, tt := range tests {
		if got := longestRising(tt.seqs); !slices.Equal(got, tt.want) {
			t.Errorf("longestRising(%v) = %v, want %v", tt.seqs, got, tt.want)
		}
	}
}

// TestRepairKeepsNewFields checks that the optional fields added after the
// first journals (unsure, note, the model's suggestion and how it was
// shown) replay, survive a repair that renumbers the entries, and reach
// the export, next to old lines without them.
func TestRepairKeepsNewFields(t *testing.T) {
	withFields := `{"seq":7,"time":"2026-01-01T00:00:07Z","op":"label","annotator":"bob","id":"t05","labels":{"sentiment":"negative","stance":"anti-assad"},` +
		`"unsure":true,"note":"irony?","suggested":{"sentiment":{"label":"neutral","confidence":0.61},"stance":{"label":"neutral","confidence":0.4}},"shown":"show"}`
	skipNote := `{"seq":8,"time":"2026-01-01T00:00:08Z","op":"skip","annotator":"bob","id":"t06","note":"spam"}`
	// Line 2 deleted: the lines after it are renumbered.
	journal := edited(map[int]*string{2: nil}, true) + withFields + "\n" + skipNote + "\n"
	cfg := writeStore(t, journal)
	if _, err := New(cfg); err == nil {
		t.Fatal("a journal with a lost line opened without repair")
	}
	st, err := Repair(cfg.StoreDir, cfg.Items, cfg.Columns)
	if err != nil {
		t.Fatal(err)
	}
	if st.Kept != 7 || st.Renumbered == 0 {
		t.Fatalf("repair: %+v", st)
	}
	es := journalLines(t, cfg.StoreDir)
	label, skip := es[5], es[6]
	want := map[string]suggested{"sentiment": {"neutral", 0.61}, "stance": {"neutral", 0.4}}
	if label.Seq != 6 || !label.Unsure || label.Note != "irony?" || label.Shown != SuggestShow || !maps.Equal(label.Suggested, want) {
		t.Errorf("label after repair: %+v", label)
	}
	if skip.Seq != 7 || skip.Note != "spam" {
		t.Errorf("skip after repair: %+v", skip)
	}
	var sb strings.Builder
	if _, err := Export(cfg.StoreDir, cfg.Items, cfg.Columns, "bob", &sb); err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, sb.String())
	got := map[string]string{}
	for k, name := range rows[0] {
		got[name] = rows[2][k] // rows[1] is bob's t01
	}
	for col, v := range map[string]string{"id": "t05", "stance": "anti-assad", "annotators": "bob", "labelled_at": "2026-01-01T00:00:07.000Z",
		"stance_suggested": "neutral", "stance_suggested_confidence": "0.4000", "sentiment_suggested": "neutral",
		"sentiment_suggested_confidence": "0.6100", "suggestion_shown": "show", "unsure": "yes", "note": "bob: irony?"} {
		if got[col] != v {
			t.Errorf("export column %s: got %q, want %q", col, got[col], v)
		}
	}
}
