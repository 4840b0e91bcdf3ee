package annotate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stance-nlp/stance/active"
	"github.com/stance-nlp/stance/internal/testkit"
)

// serveEnv makes the test binary run serveMain instead of the tests: the
// kill-and-restart test starts the server as a process it can SIGKILL.
const serveEnv = "STANCE_ANNOTATE_TEST_SERVE"

// TestMain restarts the test binary with GODEBUG=cgocheck=0, which golearn's
// liblinear training needs from process start (see package cgocheck).
func TestMain(m *testing.M) {
	testkit.CgocheckOff()
	if dir := os.Getenv(serveEnv); dir != "" {
		os.Exit(serveMain(dir))
	}
	os.Exit(m.Run())
}

// serveMain serves the crash fixture's store in dir on 127.0.0.1:0 and
// prints the address on the first line of standard output.
func serveMain(dir string) int {
	s, err := New(Config{Items: manyItems(crashItems), Columns: DefaultColumns(), StoreDir: dir, Order: active.FileOrder, Log: os.Stderr})
	if err != nil {
		fmt.Fprintln(os.Stderr, "serve:", err)
		return 1
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, "serve:", err)
		return 1
	}
	fmt.Printf("listening http://%s\n", ln.Addr())
	if err := http.Serve(ln, s.Handler()); err != nil {
		fmt.Fprintln(os.Stderr, "serve:", err)
		return 1
	}
	return 0
}

// xssText is a comment that would run script if any page injected it as
// HTML.
const xssText = `I agree <script>alert(1)</script> with <b>this</b> & "that"`

// fixtureItems returns twelve small items; t03 holds xssText.
func fixtureItems() []Item {
	texts := []string{
		"Paying officers to defect is a cheap way to end the war.",
		"Bribing war criminals is wrong and will not work.",
		xssText,
		"The US should stay out of Syria; Iraq showed why.",
		"Assad is the lesser evil next to ISIS.",
		"Assad's regime bombs its own people.",
		"What is the source for these numbers?",
		"Defections would shorten the war, help them.",
		"We should arm the rebels and impose a no-fly zone.",
		"Another regime change? No thanks.",
		"Well said.",
		"Russia props up Assad and nobody stops it.",
	}
	var items []Item
	for i, t := range texts {
		items = append(items, Item{
			ID:   fmt.Sprintf("t%02d", i+1),
			Text: t,
			Meta: []Field{
				{"source", "fixture"},
				{"author", fmt.Sprintf("Author %d", i+1)},
				{"location", "Town <" + fmt.Sprint(i+1) + ">"},
				{"likes", fmt.Sprint(i * 3)},
			},
		})
	}
	return items
}

// crashItems is the size of the kill-and-restart fixture: more than its
// writers can label in the test's time.
const crashItems = 3000

// manyItems returns n generated items.
func manyItems(n int) []Item {
	items := make([]Item, n)
	for i := range items {
		items[i] = Item{ID: fmt.Sprintf("m%05d", i), Text: fmt.Sprintf("comment number %d about defection and the war", i)}
	}
	return items
}

// seedItems returns the first n comments of data/syria-comments.csv with
// their gold labels (stance, sentiment) in the order of DefaultColumns.
func seedItems(t testing.TB, n int) ([]Item, [][2]string) {
	t.Helper()
	rows := testkit.Seed(t, "id", "author", "location", "text", "stance", "sentiment")
	var items []Item
	var gold [][2]string
	for _, row := range rows[:n] {
		items = append(items, Item{ID: row[0], Text: row[3], Meta: []Field{{"author", row[1]}, {"location", row[2]}}})
		gold = append(gold, [2]string{row[4], row[5]})
	}
	return items, gold
}

// testConfig is a config over the fixture in a fresh store, file order.
func testConfig(t testing.TB) Config {
	return Config{
		Items:    fixtureItems(),
		Columns:  DefaultColumns(),
		Codebook: "# Codebook\n\nUse `neutral` when <unsure>.",
		StoreDir: t.TempDir(),
		Order:    active.FileOrder,
		Log:      &testLog{t: t},
	}
}

// testLog sends server log lines to the test log and keeps them.
type testLog struct {
	t   testing.TB
	buf bytes.Buffer
}

func (l *testLog) Write(p []byte) (int, error) {
	l.t.Log(strings.TrimSpace(string(p)))
	return l.buf.Write(p)
}

// client talks to a test server like the page does.
type client struct {
	t     testing.TB
	url   string
	hc    *http.Client
	csrf  string
	token string // sent as Authorization: Bearer when set
}

// start runs New(cfg) behind an httptest server and returns both.
func start(t testing.TB, cfg Config) (*Server, *client) {
	t.Helper()
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(func() {
		ts.Close()
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	c := &client{t: t, url: ts.URL, hc: ts.Client(), token: cfg.Token}
	c.csrf = c.pageCSRF()
	return s, c
}

// pageCSRF loads the page and returns the token in its meta tag.
func (c *client) pageCSRF() string {
	c.t.Helper()
	status, body := c.do("GET", "/", nil, nil)
	if status != http.StatusOK {
		c.t.Fatalf("GET /: status %d: %s", status, body)
	}
	m := regexp.MustCompile(`<meta name="csrf-token" content="([0-9a-f]{64})">`).FindSubmatch(body)
	if m == nil {
		c.t.Fatalf("GET /: no csrf-token meta tag in %s", body)
	}
	return string(m[1])
}

// do sends a request and returns the status and body. body, unless nil,
// is sent as JSON; every request but a GET carries the CSRF header.
func (c *client) do(method, path string, body any, header http.Header) (int, []byte) {
	c.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			c.t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.url+path, rd)
	if err != nil {
		c.t.Fatal(err)
	}
	if method != "GET" {
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return resp.StatusCode, b
}

// get fetches path and decodes the JSON into out, failing unless 200.
func (c *client) get(path string, out any) {
	c.t.Helper()
	status, b := c.do("GET", path, nil, nil)
	if status != http.StatusOK {
		c.t.Fatalf("GET %s: status %d: %s", path, status, b)
	}
	if err := json.Unmarshal(b, out); err != nil {
		c.t.Fatalf("GET %s: %v in %s", path, err, b)
	}
}

// post sends body and returns the status and the decoded response.
func (c *client) post(path string, body any) (int, map[string]any) {
	c.t.Helper()
	status, b := c.do("POST", path, body, nil)
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		c.t.Fatalf("POST %s: %v in %s", path, err, b)
	}
	return status, out
}

// mustPost posts and fails unless the status is want.
func (c *client) mustPost(path string, body any, want int) map[string]any {
	c.t.Helper()
	status, out := c.post(path, body)
	if status != want {
		c.t.Fatalf("POST %s %v: status %d, want %d: %v", path, body, status, want, out)
	}
	return out
}

func (c *client) label(ann, id, stance, sentiment string) {
	c.t.Helper()
	c.mustPost("/api/label", map[string]any{"annotator": ann, "id": id, "labels": map[string]string{"stance": stance, "sentiment": sentiment}}, http.StatusOK)
}

// next returns the id of ann's next item, "" when the queue is empty.
func (c *client) next(ann string) string {
	c.t.Helper()
	var res struct {
		Item *itemView `json:"item"`
	}
	c.get("/api/next?annotator="+ann, &res)
	if res.Item == nil {
		return ""
	}
	return res.Item.ID
}

func (c *client) item(ann, id string) itemView {
	c.t.Helper()
	var v itemView
	c.get("/api/item?annotator="+ann+"&id="+id, &v)
	return v
}

func (c *client) state(ann string) stateView {
	c.t.Helper()
	var st stateView
	c.get("/api/state?annotator="+ann, &st)
	return st
}

func (c *client) history(ann string) []historyEntry {
	c.t.Helper()
	var res struct {
		History []historyEntry `json:"history"`
	}
	c.get("/api/history?annotator="+ann, &res)
	return res.History
}

// waitModel polls /api/state until no retrain runs and the model version
// is at least version.
func (c *client) waitModel(version int) stateView {
	c.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		st := c.state("")
		if !st.Model.Training && st.Model.Version >= version {
			return st
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("model version %d not reached: %+v", version, st.Model)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// journalLines returns the store's journal entries, failing on a line
// that does not parse.
func journalLines(t testing.TB, dir string) []entry {
	t.Helper()
	b, err := os.ReadFile(dir + "/" + journalName)
	if err != nil {
		t.Fatal(err)
	}
	led := newLedger(nil, DefaultColumns())
	led.anyID = true
	sc := scanJournal(b, led)
	if err := sc.err(journalName); err != nil {
		t.Fatal(err)
	}
	if sc.size != len(b) || sc.tailKept {
		t.Fatalf("journal has %d bytes after its last complete line", len(b)-sc.size)
	}
	return led.entries
}
