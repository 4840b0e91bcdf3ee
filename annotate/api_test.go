package annotate

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stance-nlp/stance/active"
	"github.com/stance-nlp/stance/classifier"
	"github.com/stance-nlp/stance/metrics"
	"github.com/stance-nlp/stance/models"
)

func TestPageAndAssets(t *testing.T) {
	_, c := start(t, testConfig(t))
	tests := []struct {
		path   string
		status int
		ctype  string
	}{
		{"/", http.StatusOK, "text/html; charset=utf-8"},
		{"/static/app.js", http.StatusOK, "text/javascript; charset=utf-8"},
		{"/static/style.css", http.StatusOK, "text/css; charset=utf-8"},
		{"/static/icon.svg", http.StatusOK, "image/svg+xml"},
		{"/static/index.html", http.StatusNotFound, ""},
		{"/static/", http.StatusNotFound, ""},
		{"/index.html", http.StatusNotFound, ""},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp, err := c.hc.Get(c.url + tt.path)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.status {
				t.Fatalf("got status %d, want %d", resp.StatusCode, tt.status)
			}
			if got := resp.Header.Get("Content-Type"); tt.ctype != "" && got != tt.ctype {
				t.Errorf("Content-Type: got %q, want %q", got, tt.ctype)
			}
		})
	}
}

func TestConfigEndpoint(t *testing.T) {
	cfg := testConfig(t)
	_, c := start(t, cfg)
	var got struct {
		Columns []struct {
			Name   string   `json:"name"`
			Labels []string `json:"labels"`
			Keys   []string `json:"keys"`
		} `json:"columns"`
		Codebook string `json:"codebook"`
		Total    int    `json:"total"`
	}
	c.get("/api/config", &got)
	if got.Codebook != cfg.Codebook || got.Total != 12 || len(got.Columns) != 2 {
		t.Fatalf("got %+v", got)
	}
	if want := []string{"1", "2", "3", "4", "5", "6", "7"}; !slices.Equal(got.Columns[0].Keys, want) {
		t.Errorf("stance keys: got %v, want %v", got.Columns[0].Keys, want)
	}
	if want := []string{"q", "w", "e"}; !slices.Equal(got.Columns[1].Keys, want) {
		t.Errorf("sentiment keys: got %v, want %v", got.Columns[1].Keys, want)
	}
}

func TestLabelKeys(t *testing.T) {
	many := make([]string, 12)
	for i := range many {
		many[i] = string(rune('A' + i))
	}
	cols := []Column{{"a", many}, {"b", many}, {"c", many}, {"d", many[:2]}, {"e", many[:2]}}
	keys := labelKeys(cols)
	tests := []struct {
		col  int
		want string
	}{
		{0, "1234567890"},
		{1, "qwertyiop"},
		{2, "adfghjkl"},
		{3, "zx"},
		{4, ""},
	}
	for _, tt := range tests {
		t.Run(cols[tt.col].Name, func(t *testing.T) {
			if got := strings.Join(keys[tt.col], ""); got != tt.want {
				t.Errorf("got keys %q, want %q", got, tt.want)
			}
		})
	}
	seen := map[string]bool{"s": true, "u": true}
	for _, ks := range keys {
		for _, k := range ks {
			if k != "" && seen[k] {
				t.Errorf("key %q has two meanings", k)
			}
			seen[k] = true
		}
	}
}

func TestBadRequests(t *testing.T) {
	cfg := testConfig(t)
	_, c := start(t, cfg)
	good := map[string]string{"stance": "neutral", "sentiment": "neutral"}
	tests := []struct {
		name   string
		method string
		path   string
		body   any
		want   int
		errHas string
	}{
		{"unknown id", "POST", "/api/label", map[string]any{"annotator": "a", "id": "nope", "labels": good}, 400, "unknown item id"},
		{"unknown column", "POST", "/api/label", map[string]any{"annotator": "a", "id": "t01", "labels": map[string]string{"stance": "neutral", "sentiment": "neutral", "topic": "war"}}, 400, "unknown label column"},
		{"unknown label", "POST", "/api/label", map[string]any{"annotator": "a", "id": "t01", "labels": map[string]string{"stance": "maybe", "sentiment": "neutral"}}, 400, "unknown stance label"},
		{"missing column", "POST", "/api/label", map[string]any{"annotator": "a", "id": "t01", "labels": map[string]string{"stance": "neutral"}}, 400, "no sentiment label"},
		{"no annotator", "POST", "/api/label", map[string]any{"id": "t01", "labels": good}, 400, "no annotator"},
		{"control char in name", "POST", "/api/label", map[string]any{"annotator": "a\x07", "id": "t01", "labels": good}, 400, "control character"},
		{"unknown field", "POST", "/api/label", map[string]any{"annotator": "a", "id": "t01", "labels": good, "extra": 1}, 400, "unknown field"},
		{"not JSON", "POST", "/api/label", "just a string", 400, "bad request body"},
		{"skip unknown id", "POST", "/api/skip", map[string]any{"annotator": "a", "id": "nope"}, 400, "unknown item id"},
		{"skip with labels", "POST", "/api/skip", map[string]any{"annotator": "a", "id": "t01", "labels": good}, 400, "no labels"},
		{"undo unknown id", "POST", "/api/undo", map[string]any{"annotator": "a", "id": "nope"}, 400, "unknown item id"},
		{"undo nothing", "POST", "/api/undo", map[string]any{"annotator": "a"}, 409, "nothing"},
		{"adjudicate unknown label", "POST", "/api/adjudicate", map[string]any{"annotator": "a", "id": "t01", "labels": map[string]string{"stance": "x", "sentiment": "neutral"}}, 409, "no labels to adjudicate"},
		{"adjudicate unknown id", "POST", "/api/adjudicate", map[string]any{"annotator": "a", "id": "nope", "labels": good}, 400, "unknown item id"},
		{"retrain bad body", "POST", "/api/retrain", []int{1}, 400, "bad request body"},
		{"next without annotator", "GET", "/api/next", nil, 400, "no annotator"},
		{"item unknown id", "GET", "/api/item?annotator=a&id=nope", nil, 400, "unknown item id"},
		{"history without annotator", "GET", "/api/history", nil, 400, "no annotator"},
		{"long name", "GET", "/api/next?annotator=" + strings.Repeat("n", 65), nil, 400, "longer than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := c.do(tt.method, tt.path, tt.body, nil)
			if status != tt.want {
				t.Fatalf("got status %d, want %d: %s", status, tt.want, body)
			}
			var e struct{ Error string }
			if err := json.Unmarshal(body, &e); err != nil || !strings.Contains(e.Error, tt.errHas) {
				t.Errorf("got body %s, want an error containing %q", body, tt.errHas)
			}
		})
	}
	// Wrong methods.
	for _, m := range []struct{ method, path string }{{"GET", "/api/label"}, {"POST", "/api/state"}, {"PUT", "/api/skip"}, {"DELETE", "/api/undo"}} {
		status, _ := c.do(m.method, m.path, map[string]any{}, nil)
		if status != http.StatusMethodNotAllowed {
			t.Errorf("%s %s: got status %d, want 405", m.method, m.path, status)
		}
	}
	if n := len(journalLines(t, cfg.StoreDir)); n != 0 {
		t.Errorf("refused requests left %d journal lines", n)
	}
}

func TestLabelNextHistoryState(t *testing.T) {
	cfg := testConfig(t)
	_, c := start(t, cfg)
	if got := c.next("ann"); got != "t01" {
		t.Fatalf("first next: got %s, want t01 (file order)", got)
	}
	c.label("ann", "t01", "pro-defection", "positive")
	if got := c.next("ann"); got != "t02" {
		t.Fatalf("next after labelling t01: got %s, want t02", got)
	}
	c.label("ann", "t02", "anti-defection", "negative")

	it := c.item("ann", "t01")
	if it.Mine == nil || it.Mine.Status != opLabel || it.Mine.Labels["stance"] != "pro-defection" || it.Mine.Labels["sentiment"] != "positive" {
		t.Errorf("item t01 mine: got %+v", it.Mine)
	}
	if it.Suggestions != nil {
		t.Errorf("suggestions without a model: got %v, want none", it.Suggestions)
	}
	if want := []fieldView{{"source", "fixture"}, {"author", "Author 1"}, {"location", "Town <1>"}, {"likes", "0"}}; !slices.Equal(it.Meta, want) {
		t.Errorf("meta: got %v, want %v", it.Meta, want)
	}
	if other := c.item("bob", "t01"); other.Mine != nil || other.LabelledBy != 1 {
		t.Errorf("t01 as seen by bob: got mine %+v, labelled_by %d; want none, 1", other.Mine, other.LabelledBy)
	}

	// Relabel t01 from the history: the latest label wins.
	c.label("ann", "t01", "neutral", "neutral")
	h := c.history("ann")
	var got []string
	for _, e := range h {
		got = append(got, e.ID+"="+e.Labels["stance"])
	}
	if want := []string{"t02=anti-defection", "t01=neutral"}; !slices.Equal(got, want) {
		t.Errorf("history (oldest first): got %v, want %v", got, want)
	}

	st := c.state("ann")
	if st.Total != 12 || st.Done != 2 || st.Labelled != 2 || st.Me.Labelled != 2 || st.Me.Remaining != 10 {
		t.Errorf("state: got %+v me %+v", st, st.Me)
	}
	if st.Counts["stance"]["neutral"] != 1 || st.Counts["stance"]["anti-defection"] != 1 || st.Counts["stance"]["pro-defection"] != 0 {
		t.Errorf("stance counts: got %v", st.Counts["stance"])
	}
	if _, ok := st.Counts["sentiment"]["positive"]; !ok {
		t.Errorf("counts leave out labels with no items: %v", st.Counts["sentiment"])
	}
	if st.Model.Source != sourceNone || st.Model.Suggests || st.Model.LabelsSince != 3 {
		t.Errorf("model state: got %+v", st.Model)
	}

	lines := journalLines(t, cfg.StoreDir)
	if len(lines) != 3 || lines[2].Op != opLabel || lines[2].ID != "t01" || lines[2].Labels["stance"] != "neutral" || lines[2].Annotator != "ann" {
		t.Errorf("journal: got %+v", lines)
	}
}

func TestSkipAndUndo(t *testing.T) {
	cfg := testConfig(t)
	_, c := start(t, cfg)
	c.mustPost("/api/skip", map[string]any{"annotator": "ann", "id": "t01"}, http.StatusOK)
	if got := c.next("ann"); got != "t02" {
		t.Fatalf("next after skipping t01: got %s, want t02", got)
	}
	if h := c.history("ann"); len(h) != 1 || h[0].ID != "t01" || h[0].Status != opSkip {
		t.Fatalf("history after skip: got %+v", h)
	}
	if st := c.state("ann"); st.Me.Skipped != 1 || st.Me.Remaining != 11 || st.Labelled != 0 {
		t.Errorf("state after skip: got %+v me %+v", st, st.Me)
	}
	// A skipped item can still be labelled; the label replaces the skip.
	c.label("ann", "t01", "neutral", "neutral")
	if it := c.item("ann", "t01"); it.Mine == nil || it.Mine.Status != opLabel {
		t.Errorf("t01 after labelling a skipped item: %+v", it.Mine)
	}
	// Skipping an item one labelled is refused.
	c.mustPost("/api/skip", map[string]any{"annotator": "ann", "id": "t01"}, http.StatusConflict)

	// Undo takes back the latest action: the label, leaving the skip.
	out := c.mustPost("/api/undo", map[string]any{"annotator": "ann"}, http.StatusOK)
	undone := out["undone"].(map[string]any)
	if undone["id"] != "t01" || undone["op"] != opLabel {
		t.Errorf("undo: got %v", out)
	}
	if it := c.item("ann", "t01"); it.Mine == nil || it.Mine.Status != opSkip {
		t.Errorf("t01 after undoing its label: %+v, want the skip back", it.Mine)
	}
	// Undo again: the skip goes, and t01 is back in the queue.
	c.mustPost("/api/undo", map[string]any{"annotator": "ann"}, http.StatusOK)
	if it := c.item("ann", "t01"); it.Mine != nil {
		t.Errorf("t01 after undoing everything: %+v", it.Mine)
	}
	if st := c.state("ann"); st.Me.Remaining != 12 || st.Me.Skipped != 0 {
		t.Errorf("state after undo: me %+v", st.Me)
	}
	c.mustPost("/api/undo", map[string]any{"annotator": "ann"}, http.StatusConflict)

	// Undo of one item's label, not the latest action.
	c.label("ann", "t05", "pro-assad", "positive")
	c.label("ann", "t06", "anti-assad", "negative")
	out = c.mustPost("/api/undo", map[string]any{"annotator": "ann", "id": "t05"}, http.StatusOK)
	if out["undone"].(map[string]any)["id"] != "t05" {
		t.Errorf("undo of t05: got %v", out)
	}
	if h := c.history("ann"); len(h) != 1 || h[0].ID != "t06" {
		t.Errorf("history after undoing t05: %+v", h)
	}
	// Another annotator cannot undo ann's work.
	c.mustPost("/api/undo", map[string]any{"annotator": "bob", "id": "t06"}, http.StatusConflict)

	var ops []string
	for _, e := range journalLines(t, cfg.StoreDir) {
		ops = append(ops, e.Op)
		if e.Op == opUndo && e.Undoes == 0 {
			t.Errorf("undo entry %d names no entry", e.Seq)
		}
	}
	if want := []string{"skip", "label", "undo", "undo", "label", "label", "undo"}; !slices.Equal(ops, want) {
		t.Errorf("journal ops: got %v, want %v", ops, want)
	}
}

// TestQueueOrderByMargin checks the uncertainty order against margins
// computed here from the shipped model, and that suggestions are its
// predictions.
func TestQueueOrderByMargin(t *testing.T) {
	items, _ := seedItems(t, 40)
	b, err := classifier.ReadBundle(strings.NewReader(string(models.Default())))
	if err != nil {
		t.Fatal(err)
	}
	cfg := testConfig(t)
	cfg.Items, cfg.Model, cfg.Order = items, b, active.Uncertainty
	_, c := start(t, cfg)

	pred := b.NewPredictor()
	margin := make([]float64, len(items))
	labels := make([]string, len(items))
	for i, it := range items {
		ps := pred.Predict(it.Text)
		margin[i] = (active.Margin(ps[0].Probs) + active.Margin(ps[1].Probs)) / 2
		labels[i] = ps[0].Label
	}
	var want []string
	for _, i := range active.Order(active.Uncertainty, indices(len(items)), func(i int) float64 { return margin[i] }, 0) {
		want = append(want, items[i].ID)
	}
	// The expected order really is by margin, not the file's.
	if slices.IsSortedFunc(want, strings.Compare) {
		t.Fatal("fixture: margin order equals file order; the test would prove nothing")
	}

	var got []string
	for range 8 {
		var res struct {
			Item *itemView `json:"item"`
		}
		c.get("/api/next?annotator=ann", &res)
		it := res.Item
		got = append(got, it.ID)
		i := slices.IndexFunc(items, func(x Item) bool { return x.ID == it.ID })
		if s := it.Suggestions["stance"]; s.Label != labels[i] {
			t.Errorf("%s: suggested stance %q, want the model's %q", it.ID, s.Label, labels[i])
		}
		if len(it.Suggestions) != 2 {
			t.Errorf("%s: suggestions for %d columns, want 2", it.ID, len(it.Suggestions))
		}
		c.mustPost("/api/skip", map[string]any{"annotator": "ann", "id": it.ID}, http.StatusOK)
	}
	if !slices.Equal(got, want[:8]) {
		t.Errorf("queue order: got %v, want %v (smallest mean margin first)", got, want[:8])
	}
	if st := c.state(""); !st.Model.Suggests || st.Model.Source != sourceInitial || st.Model.Version != 0 {
		t.Errorf("model state: %+v", st.Model)
	}
}

func indices(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

func TestOrderStrategies(t *testing.T) {
	queue := func(order active.Strategy, seed uint64) []string {
		cfg := testConfig(t)
		cfg.Order, cfg.Seed = order, seed
		_, c := start(t, cfg)
		var ids []string
		for id := c.next("a"); id != ""; id = c.next("a") {
			ids = append(ids, id)
			c.mustPost("/api/skip", map[string]any{"annotator": "a", "id": id}, http.StatusOK)
		}
		return ids
	}
	file := queue(active.FileOrder, 0)
	var want []string
	for _, it := range fixtureItems() {
		want = append(want, it.ID)
	}
	tests := []struct {
		name string
		got  []string
		want []string
	}{
		{"file order", file, want},
		{"uncertainty without a model falls back to file order", queue(active.Uncertainty, 0), want},
		{"random is seeded", queue(active.Random, 7), queue(active.Random, 7)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !slices.Equal(tt.got, tt.want) {
				t.Errorf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
	if r := queue(active.Random, 7); slices.Equal(r, file) || !slices.Equal(slices.Sorted(slices.Values(r)), file) {
		t.Errorf("random order %v is not a shuffle of %v", r, file)
	}
}

func TestDoubleAnnotation(t *testing.T) {
	cfg := testConfig(t)
	cfg.DoubleShare = 1
	_, c := start(t, cfg)
	if got := c.next("ann"); got != "t01" {
		t.Fatalf("ann's first item: got %s, want t01", got)
	}
	// bob may get t01 at the same time: it needs both.
	if got := c.next("bob"); got != "t01" {
		t.Fatalf("bob's first item: got %s, want t01", got)
	}
	c.label("ann", "t01", "neutral", "neutral")
	if it := c.item("ann", "t01"); it.Needed != 2 || it.LabelledBy != 1 {
		t.Errorf("t01: needed %d, labelled_by %d; want 2, 1", it.Needed, it.LabelledBy)
	}
	if got := c.next("ann"); got != "t02" {
		t.Errorf("ann after labelling t01: got %s, want t02", got)
	}
	if got := c.next("bob"); got != "t01" {
		t.Errorf("bob: got %s, want t01 (it needs a second annotator)", got)
	}
	if st := c.state("ann"); st.Done != 0 || st.Labelled != 1 {
		t.Errorf("one of two annotations is not done: %+v", st)
	}
	c.label("bob", "t01", "neutral", "negative")
	if got := c.next("cat"); got != "t02" {
		t.Errorf("cat: got %s, want t02 (t01 has its two annotators)", got)
	}
	if st := c.state(""); st.Done != 1 || st.Disputed != 1 {
		t.Errorf("state after two labels of t01: done %d, disputed %d; want 1, 1", st.Done, st.Disputed)
	}

	// A share picks exactly that many items, by id hash, whatever the order.
	for _, share := range []float64{0, 0.25, 0.5, 1} {
		d := doubled(fixtureItems(), share, 3)
		n := 0
		for _, v := range d {
			if v {
				n++
			}
		}
		if want := int(share * 12); n != want {
			t.Errorf("share %g: %d doubled items, want %d", share, n, want)
		}
		rev := fixtureItems()
		slices.Reverse(rev)
		dr := doubled(rev, share, 3)
		slices.Reverse(dr)
		if !slices.Equal(d, dr) {
			t.Errorf("share %g: the choice depends on item order", share)
		}
	}
	if slices.Equal(doubled(fixtureItems(), 0.5, 1), doubled(fixtureItems(), 0.5, 2)) {
		t.Errorf("the seed does not change the choice")
	}
}

func TestLeases(t *testing.T) {
	_, c := start(t, testConfig(t))
	tests := []struct{ ann, want string }{
		{"ann", "t01"},
		{"bob", "t02"}, // t01 is ann's
		{"ann", "t01"}, // a reload keeps ann's item
		{"cat", "t03"},
	}
	for _, tt := range tests {
		if got := c.next(tt.ann); got != tt.want {
			t.Errorf("next(%s): got %s, want %s", tt.ann, got, tt.want)
		}
	}
	c.label("ann", "t01", "neutral", "neutral")
	if got := c.next("ann"); got != "t04" {
		t.Errorf("ann after labelling t01: got %s, want t04 (t02, t03 are held)", got)
	}

	// A double item labelled by the lease holder goes to the next
	// annotator: the spent lease does not count.
	cfg := testConfig(t)
	cfg.DoubleShare = 1
	_, c = start(t, cfg)
	if got := c.next("ann"); got != "t01" {
		t.Fatalf("ann: got %s, want t01", got)
	}
	c.label("ann", "t01", "neutral", "neutral")
	if got := c.next("bob"); got != "t01" {
		t.Errorf("bob after ann labelled t01: got %s, want t01 (it needs a second annotator)", got)
	}
}

func TestAgreementAndAdjudication(t *testing.T) {
	cfg := testConfig(t)
	cfg.DoubleShare = 1
	_, c := start(t, cfg)
	ann := [][2]string{{"pro-defection", "positive"}, {"anti-defection", "negative"}, {"neutral", "neutral"}, {"pro-assad", "negative"}, {"neutral", "negative"}}
	bob := [][2]string{{"pro-defection", "positive"}, {"anti-defection", "neutral"}, {"neutral", "neutral"}, {"anti-assad", "negative"}, {"neutral", "negative"}}
	for i := range ann {
		id := fixtureItems()[i].ID
		c.label("ann", id, ann[i][0], ann[i][1])
		c.label("bob", id, bob[i][0], bob[i][1])
	}
	c.label("cat", "t01", "neutral", "positive")
	c.mustPost("/api/skip", map[string]any{"annotator": "dan", "id": "t09"}, http.StatusOK)

	var ag agreementView
	c.get("/api/agreement", &ag)
	var names []string
	for _, a := range ag.Annotators {
		names = append(names, a.Name)
	}
	if want := []string{"ann", "bob", "cat", "dan"}; !slices.Equal(names, want) {
		t.Errorf("annotators: got %v, want %v", names, want)
	}
	idx := func(col int, rows [][2]string) []int {
		var out []int
		for _, r := range rows {
			out = append(out, slices.Index(DefaultColumns()[col].Labels, r[col]))
		}
		return out
	}
	for _, p := range ag.Pairs {
		if p.A != "ann" || p.B != "bob" {
			if p.N > 1 || (p.A == "dan" || p.B == "dan") {
				t.Errorf("pair %s-%s: n %d", p.A, p.B, p.N)
			}
			continue
		}
		col := slices.IndexFunc(DefaultColumns(), func(c Column) bool { return c.Name == p.Column })
		x, y := idx(col, ann), idx(col, bob)
		want := metrics.CohenKappa(x, y, len(DefaultColumns()[col].Labels))
		if p.N != 5 || p.Kappa == nil || *p.Kappa != want {
			t.Errorf("ann-bob %s: n %d kappa %v, want 5, %v", p.Column, p.N, p.Kappa, want)
		}
		if p.Kappa != nil && *p.Kappa >= 1 {
			t.Errorf("ann-bob %s: kappa %v; the fixture has disagreements", p.Column, *p.Kappa)
		}
	}
	var ids []string
	for _, d := range ag.Disagreements {
		ids = append(ids, d.ID)
	}
	if want := []string{"t01", "t02", "t04"}; !slices.Equal(ids, want) || ag.Unresolved != 3 {
		t.Fatalf("disagreements: got %v (%d unresolved), want %v", ids, ag.Unresolved, want)
	}
	if v := ag.Disagreements[1].Votes; len(v) != 2 || v[0].Annotator != "ann" || v[1].Labels["sentiment"] != "neutral" {
		t.Errorf("t02 votes: %+v", v)
	}

	c.mustPost("/api/adjudicate", map[string]any{"annotator": "lead", "id": "t02", "labels": map[string]string{"stance": "anti-defection", "sentiment": "negative"}}, http.StatusOK)
	c.get("/api/agreement", &ag)
	if ag.Unresolved != 2 || ag.Disagreements[2].ID != "t02" || ag.Disagreements[2].Adjudicator != "lead" || ag.Disagreements[2].Final["sentiment"] != "negative" {
		t.Errorf("after adjudicating t02: %d unresolved, %+v", ag.Unresolved, ag.Disagreements)
	}
	if st := c.state(""); st.Adjudicated != 1 || st.Disputed != 2 {
		t.Errorf("state: adjudicated %d disputed %d, want 1, 2", st.Adjudicated, st.Disputed)
	}
	last := journalLines(t, cfg.StoreDir)
	if e := last[len(last)-1]; e.Op != opAdjudicate || e.ID != "t02" || e.Annotator != "lead" {
		t.Errorf("last journal entry: %+v", e)
	}
}

// TestRetrainOnDemand holds a retrain open to check that the page is
// served meanwhile, then checks that the new model's suggestions arrive.
func TestRetrainOnDemand(t *testing.T) {
	items, gold := seedItems(t, 30)
	cfg := testConfig(t)
	cfg.Items = items
	s, c := start(t, cfg)
	hold := make(chan struct{})
	release := sync.OnceFunc(func() { close(hold) })
	t.Cleanup(release) // before start's cleanup, which waits for the retrain
	entered := make(chan struct{}, 4)
	s.beforeTrain = func() {
		entered <- struct{}{}
		<-hold
	}
	for i := range 8 {
		c.label("ann", items[i].ID, gold[i][0], gold[i][1])
	}
	if it := c.item("ann", items[20].ID); it.Suggestions != nil {
		t.Fatalf("suggestions before any model: %v", it.Suggestions)
	}
	out := c.mustPost("/api/retrain", map[string]any{}, http.StatusAccepted)
	if out["started"] != true {
		t.Fatalf("retrain: %v", out)
	}
	<-entered
	// While training runs, reads and writes go on with the old model.
	st := c.state("ann")
	if !st.Model.Training || st.Model.Version != 0 {
		t.Errorf("state during retrain: %+v", st.Model)
	}
	c.label("ann", items[8].ID, gold[8][0], gold[8][1])
	if got := c.next("ann"); got == "" {
		t.Errorf("no next item during retrain")
	}
	out = c.mustPost("/api/retrain", nil, http.StatusAccepted)
	if out["queued"] != true {
		t.Errorf("second retrain while one runs: %v, want queued", out)
	}
	release()
	st = c.waitModel(2)
	if st.Model.Source != sourceRetrained || st.Model.TrainedOn != 9 || st.Model.Note != "" || st.Model.TrainedAt == nil {
		t.Errorf("model after two retrains: %+v", st.Model)
	}
	it := c.item("ann", items[20].ID)
	if len(it.Suggestions) != 2 || it.ModelVersion != 2 {
		t.Fatalf("suggestions after retrain: %+v (version %d)", it.Suggestions, it.ModelVersion)
	}
	for col, sg := range it.Suggestions {
		sum := 0.0
		for _, p := range sg.Probs {
			sum += p
		}
		if sum < 0.99 || sum > 1.01 || sg.Confidence <= 0 {
			t.Errorf("%s suggestion %+v: probabilities sum to %v", col, sg, sum)
		}
	}
}

func TestRetrainEvery(t *testing.T) {
	items, gold := seedItems(t, 30)
	cfg := testConfig(t)
	cfg.Items, cfg.RetrainEvery = items, 4
	_, c := start(t, cfg)
	// The first labels share one stance: the automatic retrain is refused
	// and the reason shown.
	for _, i := range []int{0, 1, 2, 3} {
		c.label("ann", items[i].ID, "neutral", gold[i][1])
	}
	st := c.state("")
	if st.Model.Version != 0 || !strings.Contains(st.Model.Note, "column stance has only one distinct label") {
		t.Fatalf("after 4 labels with one stance: %+v", st.Model)
	}
	c.label("ann", items[4].ID, "anti-defection", "negative")
	st = c.waitModel(1)
	if st.Model.TrainedOn != 5 || st.Model.LabelsSince != 0 {
		t.Errorf("after the 5th label: %+v", st.Model)
	}
	for i := 5; i < 9; i++ {
		c.label("ann", items[i].ID, gold[i][0], gold[i][1])
	}
	if st := c.waitModel(2); st.Model.TrainedOn != 9 {
		t.Errorf("after 9 labels: %+v", st.Model)
	}
}

func TestRetrainRefused(t *testing.T) {
	cfg := testConfig(t)
	_, c := start(t, cfg)
	tests := []struct {
		name   string
		act    func()
		errHas string
	}{
		{"no labels", func() {}, "no item has final labels"},
		{"one label", func() { c.label("ann", "t01", "neutral", "negative") }, "column stance has only one distinct label (neutral)"},
		{"one sentiment", func() { c.label("ann", "t02", "pro-assad", "negative") }, "column sentiment has only one distinct label (negative)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.act()
			status, out := c.post("/api/retrain", map[string]any{})
			if status != http.StatusConflict || !strings.Contains(out["error"].(string), tt.errHas) {
				t.Errorf("got %d %v, want 409 with %q", status, out, tt.errHas)
			}
			if st := c.state(""); !strings.Contains(st.Model.Note, tt.errHas) || st.Model.Version != 0 {
				t.Errorf("state: %+v", st.Model)
			}
		})
	}
}

// TestRetrainAtStart checks that a restart with RetrainEvery retrains
// from the journal's labels, since retrained models are not stored.
func TestRetrainAtStart(t *testing.T) {
	items, gold := seedItems(t, 20)
	cfg := testConfig(t)
	cfg.Items = items
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 4 {
		e := entry{Op: opLabel, Annotator: "ann", ID: items[i].ID, Labels: map[string]string{"stance": gold[i][0], "sentiment": gold[i][1]}}
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
	s.Close()
	cfg.RetrainEvery = 3
	_, c := start(t, cfg)
	if st := c.waitModel(1); st.Model.TrainedOn != 4 {
		t.Errorf("after restart: %+v", st.Model)
	}
}
