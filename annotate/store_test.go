package annotate

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// labelDirect journals labels through a Server without HTTP.
func labelDirect(t *testing.T, s *Server, ann string, ids ...string) {
	t.Helper()
	for _, id := range ids {
		e := entry{Op: opLabel, Annotator: ann, ID: id, Labels: map[string]string{"stance": "neutral", "sentiment": "negative"}}
		if _, err := s.prepare(&e); err != nil {
			t.Fatal(err)
		}
		if err := s.journal.append(&e); err != nil {
			t.Fatal(err)
		}
		if err := s.ledger.apply(e); err != nil {
			t.Fatal(err)
		}
	}
}

func TestTruncatedJournal(t *testing.T) {
	cfg := testConfig(t)
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	labelDirect(t, s, "ann", "t01", "t02", "t03")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(cfg.StoreDir, journalName)
	whole, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// A crash in the middle of writing the fourth line.
	partial := `{"seq":4,"time":"2026-01-01T00:00:00Z","op":"label","annotator":"ann","id":"t04","labels":{"stan`
	if err := os.WriteFile(path, append(slices.Clone(whole), partial...), 0o644); err != nil {
		t.Fatal(err)
	}

	log := &testLog{t: t}
	cfg.Log = log
	_, c := start(t, cfg)
	if !strings.Contains(log.buf.String(), "partial line") {
		t.Errorf("no warning about the partial line; log: %q", log.buf.String())
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(whole) {
		t.Errorf("journal after open: got %d bytes, want the %d bytes of complete lines", len(got), len(whole))
	}
	if h := c.history("ann"); len(h) != 3 {
		t.Errorf("history after replay: %d entries, want 3", len(h))
	}
	if it := c.item("ann", "t04"); it.Mine != nil {
		t.Errorf("the partial line's label was applied: %+v", it.Mine)
	}
	// New lines start clean after the cut.
	c.label("ann", "t04", "pro-assad", "positive")
	lines := journalLines(t, cfg.StoreDir)
	if len(lines) != 4 || lines[3].ID != "t04" || lines[3].Seq != 4 {
		t.Errorf("journal after a new label: %+v", lines)
	}
}

func TestJournalDamage(t *testing.T) {
	line := func(seq int, rest string) string {
		return `{"seq":` + string(rune('0'+seq)) + `,"time":"2026-01-01T00:00:00Z",` + rest + "}\n"
	}
	good := line(1, `"op":"label","annotator":"ann","id":"t01","labels":{"stance":"neutral","sentiment":"negative"}`)
	tests := []struct {
		name    string
		journal string
		errHas  string
	}{
		{"garbage line", good + "not json\n" + line(3, `"op":"skip","annotator":"ann","id":"t02"`), "journal.jsonl:2"},
		{"seq gap", good + line(3, `"op":"skip","annotator":"ann","id":"t02"`), "seq 3"},
		{"unknown id", good + line(2, `"op":"skip","annotator":"ann","id":"zz"`), `unknown item id "zz"`},
		{"unknown label", good + line(2, `"op":"label","annotator":"ann","id":"t02","labels":{"stance":"meh","sentiment":"negative"}`), `unknown stance label "meh"`},
		{"undo of nothing", good + line(2, `"op":"undo","annotator":"ann","id":"t02","undoes":2`), "undo of entry 2"},
		{"undo of another's", good + line(2, `"op":"undo","annotator":"bob","id":"t01","undoes":1`), "not a live label or skip of bob"},
		{"unknown op", good + line(2, `"op":"delete","annotator":"ann","id":"t01"`), `unknown operation "delete"`},
		{"unknown field", line(1, `"op":"skip","annotator":"ann","id":"t01","who":"x"`), "unknown field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig(t)
			s, err := New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			s.Close()
			if err := os.WriteFile(filepath.Join(cfg.StoreDir, journalName), []byte(tt.journal), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err = New(cfg)
			if err == nil || !strings.Contains(err.Error(), tt.errHas) {
				t.Errorf("got error %v, want one containing %q", err, tt.errHas)
			}
			var sb strings.Builder
			if _, err := Export(cfg.StoreDir, cfg.Items, cfg.Columns, "", &sb); err == nil {
				t.Errorf("Export of a damaged journal: no error")
			}
		})
	}
}

func TestStoreMismatch(t *testing.T) {
	base := testConfig(t)
	s, err := New(base)
	if err != nil {
		t.Fatal(err)
	}
	labelDirect(t, s, "ann", "t01")
	s.Close()

	otherText := fixtureItems()
	otherText[4].Text += "!"
	otherMeta := fixtureItems()
	otherMeta[0].Meta[1].Value = "Someone else"
	fewer := fixtureItems()[:11]
	moreLabels := DefaultColumns()
	moreLabels[1].Labels = append(moreLabels[1].Labels, "mixed")
	renamed := DefaultColumns()
	renamed[0].Name = "position"
	reordered := DefaultColumns()
	slices.Reverse(reordered)
	// Labels in another button order (stores made when the buttons were
	// sorted) are the same schema: the journal names labels.
	sortedLabels := DefaultColumns()
	for _, c := range sortedLabels {
		slices.Sort(c.Labels)
	}
	tests := []struct {
		name   string
		items  []Item
		cols   []Column
		errHas string
	}{
		{"same", fixtureItems(), DefaultColumns(), ""},
		{"metadata changed", otherMeta, DefaultColumns(), ""},
		{"a text changed", otherText, DefaultColumns(), "made for other data"},
		{"an item fewer", fewer, DefaultColumns(), "(12 items"},
		{"a label more", fixtureItems(), moreLabels, "another label schema"},
		{"a column renamed", fixtureItems(), renamed, "another label schema"},
		{"columns reordered", fixtureItems(), reordered, "another label schema"},
		{"labels in another order", fixtureItems(), sortedLabels, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := base
			cfg.Items, cfg.Columns = tt.items, tt.cols
			s, err := New(cfg)
			if err == nil {
				s.Close()
			}
			var sb strings.Builder
			_, xerr := Export(cfg.StoreDir, tt.items, tt.cols, "", &sb)
			for _, e := range []error{err, xerr} {
				switch {
				case tt.errHas == "" && e != nil:
					t.Errorf("got error %v, want none", e)
				case tt.errHas != "" && (e == nil || !strings.Contains(e.Error(), tt.errHas)):
					t.Errorf("got error %v, want one containing %q", e, tt.errHas)
				}
			}
		})
	}
	var sb strings.Builder
	if _, err := Export(t.TempDir(), fixtureItems(), DefaultColumns(), "", &sb); err == nil || !strings.Contains(err.Error(), "not an annotation store") {
		t.Errorf("Export of an empty directory: got %v", err)
	}
}

func TestStoreLocked(t *testing.T) {
	cfg := testConfig(t)
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := New(cfg); err == nil || !strings.Contains(err.Error(), "in use") {
		t.Errorf("second server on one store: got %v, want an in-use error", err)
	}
	s.Close()
	s, err = New(cfg)
	if err != nil {
		t.Fatalf("reopening after Close: %v", err)
	}
	s.Close()
}

func TestConfigErrors(t *testing.T) {
	dup := fixtureItems()
	dup[3].ID = "t01"
	noID := fixtureItems()
	noID[0].ID = ""
	tests := []struct {
		name   string
		edit   func(*Config)
		errHas string
	}{
		{"no store", func(c *Config) { c.StoreDir = "" }, "no store"},
		{"no items", func(c *Config) { c.Items = nil }, "no items"},
		{"duplicate id", func(c *Config) { c.Items = dup }, `id "t01" is used by items 1 and 4`},
		{"empty id", func(c *Config) { c.Items = noID }, "item 1 has no id"},
		{"no columns", func(c *Config) { c.Columns = nil }, "no label columns"},
		{"one label", func(c *Config) { c.Columns = []Column{{"x", []string{"a"}}} }, "at least two labels"},
		{"duplicate label", func(c *Config) { c.Columns = []Column{{"x", []string{"a", "a"}}} }, "twice"},
		{"column named text", func(c *Config) { c.Columns = []Column{{"text", []string{"a", "b"}}} }, "clashes"},
		{"bad order", func(c *Config) { c.Order = "best" }, "unknown order"},
		{"bad share", func(c *Config) { c.DoubleShare = 1.5 }, "DoubleShare"},
		{"negative retrain", func(c *Config) { c.RetrainEvery = -1 }, "RetrainEvery"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig(t)
			tt.edit(&cfg)
			if _, err := New(cfg); err == nil || !strings.Contains(err.Error(), tt.errHas) {
				t.Errorf("got %v, want an error containing %q", err, tt.errHas)
			}
		})
	}
}
