package annotate

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/active"
	"github.com/stance-nlp/stance/classifier"
	"github.com/stance-nlp/stance/models"
)

// modelConfig is testConfig over the first n seed comments with the
// shipped model, in uncertainty order.
func modelConfig(t *testing.T, n int) (Config, *classifier.Bundle) {
	t.Helper()
	items, _ := seedItems(t, n)
	b, err := classifier.ReadBundle(strings.NewReader(string(models.Default())))
	if err != nil {
		t.Fatal(err)
	}
	cfg := testConfig(t)
	cfg.Items, cfg.Model, cfg.Order = items, b, active.Uncertainty
	return cfg, b
}

// nextItem returns ann's next item and its queue place.
func (c *client) nextItem(ann string) (*itemView, *queueView) {
	c.t.Helper()
	var res struct {
		Item  *itemView  `json:"item"`
		Queue *queueView `json:"queue"`
	}
	c.get("/api/next?annotator="+ann, &res)
	return res.Item, res.Queue
}

// TestSuggestModes checks what each -suggest mode sends to the page, that
// doubly annotated items never carry a suggestion, and that hiding the
// suggestion keeps the model's queue order.
func TestSuggestModes(t *testing.T) {
	tests := []struct {
		mode     SuggestMode
		double   float64
		want     SuggestMode // the item's mode as the page sees it
		suggests bool        // suggestions sent
	}{
		{"", 0, SuggestShow, true}, // the default shows without preselecting
		{SuggestShow, 0, SuggestShow, true},
		{SuggestPreselect, 0, SuggestPreselect, true},
		{SuggestHide, 0, SuggestHide, false},
		// Doubly annotated items: hidden for both annotators, whatever the mode.
		{SuggestPreselect, 1, SuggestHide, false},
		{SuggestShow, 1, SuggestHide, false},
	}
	var orders [][]string
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/double=%g", tt.mode, tt.double), func(t *testing.T) {
			cfg, _ := modelConfig(t, 30)
			cfg.Suggest, cfg.DoubleShare = tt.mode, tt.double
			_, c := start(t, cfg)
			var order []string
			for _, ann := range []string{"ann", "bob"} {
				it, _ := c.nextItem(ann)
				if it.Suggest != tt.want || (it.Suggestions != nil) != tt.suggests {
					t.Errorf("%s: suggest %q with %d suggestions; want %q, suggestions sent %v", ann, it.Suggest, len(it.Suggestions), tt.want, tt.suggests)
				}
				if ann == "ann" {
					order = append(order, it.ID)
				}
			}
			for range 5 {
				it, _ := c.nextItem("ann")
				c.mustPost("/api/skip", map[string]any{"annotator": "ann", "id": it.ID}, http.StatusOK)
				order = append(order, it.ID)
			}
			if tt.double == 0 {
				orders = append(orders, order[1:])
			}
		})
	}
	// Hidden or shown, the queue runs in the model's uncertainty order,
	// not in file order.
	for _, o := range orders[1:] {
		if !slices.Equal(o, orders[0]) {
			t.Errorf("queue order %v differs from %v", o, orders[0])
		}
	}
	if cfg, _ := modelConfig(t, 30); slices.Equal(orders[0], idsOf(cfg.Items[:5])) {
		t.Errorf("queue order %v is the file's: the test would prove nothing", orders[0])
	}
	cfg := testConfig(t)
	cfg.Suggest = "always"
	if _, err := New(cfg); err == nil || !strings.Contains(err.Error(), `suggest mode "always"`) {
		t.Errorf("New with Suggest %q: got %v", cfg.Suggest, err)
	}
}

func idsOf(items []Item) []string {
	var ids []string
	for _, it := range items {
		ids = append(ids, it.ID)
	}
	return ids
}

// TestSuggestionJournaled checks that a label's journal entry records the
// model's choice at that moment and how it was offered, shown or not, and
// that a client cannot claim a suggestion.
func TestSuggestionJournaled(t *testing.T) {
	for _, mode := range []SuggestMode{SuggestShow, SuggestHide} {
		t.Run(string(mode), func(t *testing.T) {
			cfg, b := modelConfig(t, 10)
			cfg.Suggest = mode
			_, c := start(t, cfg)
			id := cfg.Items[3].ID
			c.label("ann", id, "neutral", "neutral")
			es := journalLines(t, cfg.StoreDir)
			e := es[len(es)-1]
			preds := b.NewPredictor().Predict(cfg.Items[3].Text)
			for m, col := range b.Columns {
				got := e.Suggested[col.Name]
				if got.Label != preds[m].Label || got.Confidence < 0.01 || got.Confidence > 1 {
					t.Errorf("%s: journaled suggestion %+v, want the model's %q", col.Name, got, preds[m].Label)
				}
			}
			if e.Shown != mode {
				t.Errorf("shown %q, want %q", e.Shown, mode)
			}
			status, out := c.post("/api/label", map[string]any{"annotator": "ann", "id": id,
				"labels": map[string]string{"stance": "neutral", "sentiment": "neutral"}, "suggested": map[string]any{}})
			if status != http.StatusBadRequest || !strings.Contains(fmt.Sprint(out["error"]), "unknown field") {
				t.Errorf("a label claiming a suggestion: %d %v, want 400 unknown field", status, out)
			}
		})
	}
}

// TestUnsureAndNote checks the unsure mark and the note: where they are
// allowed, how they are checked, and that the item and history give them
// back.
func TestUnsureAndNote(t *testing.T) {
	labels := map[string]string{"stance": "neutral", "sentiment": "negative"}
	tests := []struct {
		name       string
		path       string
		body       map[string]any
		status     int
		errHas     string
		unsure     bool
		note       string
		historyHas string
	}{
		{"label unsure with a note", "/api/label", map[string]any{"id": "t01", "labels": labels, "unsure": true, "note": "  sarcasm?\nmaybe  "}, 200, "", true, "sarcasm?\nmaybe", "sarcasm?"},
		{"label without either", "/api/label", map[string]any{"id": "t02", "labels": labels}, 200, "", false, "", ""},
		{"skip with a note", "/api/skip", map[string]any{"id": "t03", "note": "not English"}, 200, "", false, "not English", "not English"},
		{"skip marked unsure", "/api/skip", map[string]any{"id": "t04", "unsure": true}, 400, "only a label can be marked unsure", false, "", ""},
		{"undo with a note", "/api/undo", map[string]any{"note": "oops"}, 400, "an undo takes no note", false, "", ""},
		{"note too long", "/api/label", map[string]any{"id": "t05", "labels": labels, "note": strings.Repeat("é", maxNoteLen+1)}, 400, "note of 1001 characters; at most 1000", false, "", ""},
		{"note with a control character", "/api/label", map[string]any{"id": "t05", "labels": labels, "note": "a\x07b"}, 400, "note has a control character U+0007", false, "", ""},
	}
	cfg := testConfig(t)
	_, c := start(t, cfg)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.body["annotator"] = "ann"
			status, out := c.post(tt.path, tt.body)
			if status != tt.status || !strings.Contains(fmt.Sprint(out["error"]), tt.errHas) {
				t.Fatalf("status %d %v, want %d %q", status, out, tt.status, tt.errHas)
			}
			if status != http.StatusOK {
				return
			}
			id := tt.body["id"].(string)
			mine := c.item("ann", id).Mine
			if mine == nil || mine.Unsure != tt.unsure || mine.Note != tt.note {
				t.Errorf("item %s: mine %+v, want unsure %v note %q", id, mine, tt.unsure, tt.note)
			}
			h := c.history("ann")
			last := h[len(h)-1]
			if last.ID != id || last.Unsure != tt.unsure || !strings.Contains(last.Note, tt.historyHas) {
				t.Errorf("history: %+v", last)
			}
		})
	}
}

// TestAdjudicatorNotParty checks that an annotator may not settle an item
// they labelled, unless they are the only annotator.
func TestAdjudicatorNotParty(t *testing.T) {
	final := map[string]string{"stance": "neutral", "sentiment": "neutral"}
	_, c := start(t, testConfig(t))
	adjudicate := func(ann, id string) (int, string) {
		status, out := c.post("/api/adjudicate", map[string]any{"annotator": ann, "id": id, "labels": final})
		return status, fmt.Sprint(out["error"])
	}
	// Alone: ann is the only annotator, so ann settles ann's own item.
	c.label("ann", "t02", "neutral", "negative")
	if status, msg := adjudicate("ann", "t02"); status != http.StatusOK {
		t.Errorf("the only annotator adjudicating: %d %s, want 200", status, msg)
	}
	c.label("ann", "t01", "neutral", "negative")
	c.label("bob", "t01", "pro-assad", "negative")
	tests := []struct {
		ann, id string
		status  int
	}{
		{"ann", "t01", http.StatusConflict}, // a party to the disagreement
		{"bob", "t01", http.StatusConflict},
		{"ann", "t02", http.StatusConflict}, // no longer alone
		{"bob", "t02", http.StatusOK},       // did not label t02
		{"lead", "t01", http.StatusOK},
	}
	for _, tt := range tests {
		status, msg := adjudicate(tt.ann, tt.id)
		if status != tt.status {
			t.Errorf("%s adjudicating %s: %d %s, want %d", tt.ann, tt.id, status, msg, tt.status)
		}
		if status == http.StatusConflict && !strings.Contains(msg, tt.ann+" labelled item "+tt.id+": someone who did not label it must settle it") {
			t.Errorf("%s adjudicating %s: message %q", tt.ann, tt.id, msg)
		}
	}
}

// TestQueuePosition checks the "n of m in this session's queue" count:
// items done this session plus one, of those plus the items remaining,
// starting afresh when the server restarts.
func TestQueuePosition(t *testing.T) {
	cfg := testConfig(t)
	s, c := start(t, cfg)
	type step struct {
		do         func()
		pos, total int
	}
	steps := []step{
		{func() {}, 1, 12},
		{func() { c.label("ann", "t01", "neutral", "neutral") }, 2, 12},
		{func() { c.mustPost("/api/skip", map[string]any{"annotator": "ann", "id": "t02"}, http.StatusOK) }, 3, 12},
		{func() { c.mustPost("/api/undo", map[string]any{"annotator": "ann"}, http.StatusOK) }, 2, 12},
		{func() { c.label("bob", "t07", "neutral", "neutral") }, 2, 11},  // bob took one from ann's queue
		{func() { c.label("ann", "t01", "neutral", "negative") }, 2, 11}, // a relabel adds nothing
	}
	for k, st := range steps {
		st.do()
		_, q := c.nextItem("ann")
		if q == nil || q.Position != st.pos || q.Length != st.total {
			t.Errorf("step %d: queue %+v, want %d of %d", k, q, st.pos, st.total)
		}
	}
	s.Close()
	_, c = start(t, cfg)
	if _, q := c.nextItem("ann"); q == nil || q.Position != 1 || q.Length != 10 {
		t.Errorf("after a restart: queue %+v, want 1 of 10", q)
	}
}
