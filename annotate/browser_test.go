package annotate

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/stance-nlp/stance/active"
	"github.com/stance-nlp/stance/classifier"
	"github.com/stance-nlp/stance/data"
	"github.com/stance-nlp/stance/models"
)

const chromiumPath = "/usr/bin/chromium"

// browser starts headless Chromium for t, or skips t when it is missing
// (fails instead under STANCE_REQUIRE_BROWSER=1, as CI sets it). It
// returns a tab context and a func listing the page's script exceptions,
// dialogs and CSP violations so far.
func browser(t *testing.T) (context.Context, func() []string) {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("STANCE_REQUIRE_BROWSER") == "1" {
			t.Fatalf("STANCE_REQUIRE_BROWSER=1 but %s is missing: %v", chromiumPath, err)
		}
		t.Skipf("%s not found: skipping the browser test (install chromium, or set STANCE_REQUIRE_BROWSER=1 to make this a failure)", chromiumPath)
	}
	// Chromium's helpers may still write to the profile for a moment
	// after it exits, which would fail t.TempDir's cleanup; remove it
	// ourselves, retrying.
	profile, err := os.MkdirTemp("", "stance-annotate-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for range 50 {
			if os.RemoveAll(profile) == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	t.Cleanup(cancel)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(chromiumPath),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1400, 1000),
	)
	t.Cleanup(cancelAlloc)
	tab, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(cancelTab)

	var mu sync.Mutex
	var problems []string
	err = chromedp.Listen(tab, func(ev any) {
		var p string
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			p = "exception: " + ev.ExceptionDetails.Text
			if ev.ExceptionDetails.Exception != nil {
				p += " " + ev.ExceptionDetails.Exception.Description
			}
		case *page.EventJavascriptDialogOpening:
			p = fmt.Sprintf("%s dialog: %s", ev.Type, ev.Message)
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError {
				p = "console error"
			}
		default:
			return
		}
		if p != "" {
			mu.Lock()
			problems = append(problems, p)
			mu.Unlock()
		}
	})
	if err != nil {
		t.Fatalf("starting %s: %v", chromiumPath, err)
	}
	return tab, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(problems)
	}
}

// screenshot saves the viewport as name.png in $STANCE_SCREENSHOT_DIR, or
// in a temporary directory (so the code path runs in every test run).
func screenshot(t *testing.T, tab context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(tab, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	dir := os.Getenv("STANCE_SCREENSHOT_DIR")
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}

// waitJS polls a JavaScript expression until it is true.
func waitJS(t *testing.T, tab context.Context, what, expr string) {
	t.Helper()
	if _, err := chromedp.Run(tab, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		state, _ := chromedp.Run(tab, chromedp.Evaluate[string](`document.getElementById('status').textContent + ' | ' + document.getElementById('notice').textContent`))
		t.Fatalf("waiting for %s (%s): %v; page status: %q", what, expr, err, state)
	}
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestBrowser drives the page from the keyboard only: it names the
// annotator, labels three comments (one of them an XSS attempt), reloads,
// finds the labels in the history, walks the history with [ and ], and
// exports.
func TestBrowser(t *testing.T) {
	tab, problems := browser(t)
	cfg := testConfig(t)
	cfg.Codebook = string(data.Codebook())
	_, c := start(t, cfg)

	if err := chromedp.Do(tab,
		chromedp.EmulateViewport(1400, 1000),
		chromedp.Navigate(c.url),
		chromedp.WaitVisible(chromedp.CSS("#name-input")),
		chromedp.SendKeys(chromedp.CSS("#name-input"), "Ada\r"),
	); err != nil {
		t.Fatal(err)
	}
	// Record CSP violations from here on: user text injected as HTML would
	// show up as blocked inline script.
	if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](`window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective)); true`)); err != nil {
		t.Fatal(err)
	}
	waitJS(t, tab, "the first item", `document.getElementById('item-id').textContent === 't01'`)

	steps := []struct {
		id, keys, next    string
		stance, sentiment string
	}{
		{"t01", "1q", "t02", "pro-defection", "negative"},
		{"t02", "2w", "t03", "anti-defection", "neutral"},
		{"t03", "7e", "t04", "neutral", "positive"},
	}
	for _, s := range steps {
		waitJS(t, tab, s.id, `document.getElementById('item-id').textContent === `+jsString(s.id))
		if s.id == "t03" {
			// The XSS comment shows as text, and no element came of it.
			waitJS(t, tab, "the comment as text", `document.getElementById('item-text').textContent === `+jsString(xssText)+
				` && document.querySelectorAll('#item-text *').length === 0 && document.scripts.length === 1`)
		}
		if err := chromedp.Do(tab, chromedp.KeyEvent(s.keys)); err != nil {
			t.Fatal(err)
		}
		waitJS(t, tab, "the selection", `[...document.querySelectorAll('button.label.selected')].map(b => b.dataset.label).join() === `+jsString(s.stance+","+s.sentiment))
		if err := chromedp.Do(tab, chromedp.KeyEvent("\r")); err != nil {
			t.Fatal(err)
		}
		waitJS(t, tab, "saved, then the next item", `document.getElementById('item-id').textContent === `+jsString(s.next)+
			` && document.getElementById('status').textContent.startsWith('saved')`)
	}
	waitJS(t, tab, "progress 3/12", `document.getElementById('progress-text').textContent === '3 / 12 done'`)
	screenshot(t, tab, "annotate")

	// After a reload the name is remembered and the history holds the
	// three labels, newest first.
	if err := chromedp.Do(tab, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	waitJS(t, tab, "the history after reload", `document.querySelectorAll('#history .hist-entry').length === 3`)
	hist, err := chromedp.Run(tab, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#history .hist-top')].map(e => e.textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"t03neutral · positive", "t02anti-defection · neutral", "t01pro-defection · negative"}
	if !slices.Equal(hist, want) {
		t.Errorf("history after reload: got %q, want %q", hist, want)
	}
	who, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.getElementById('who').textContent + '|' + document.getElementById('name-dialog').className`))
	if err != nil {
		t.Fatal(err)
	}
	if who != "Ada|overlay hidden" {
		t.Errorf("after reload: annotator and dialog %q, want Ada and a hidden dialog", who)
	}
	waitJS(t, tab, "progress kept", `document.getElementById('progress-text').textContent === '3 / 12 done'`)
	// The queue item loads after the history: a key pressed before it
	// arrives would open the history only for the queue item to replace it.
	waitJS(t, tab, "the queue item after reload", `document.getElementById('item-id').textContent === 't04'`)

	// The history from the keyboard: [ goes back, ] forward and past the
	// newest item back to the queue.
	nav := []struct{ key, id string }{{"[", "t03"}, {"[", "t02"}, {"]", "t03"}, {"]", "t04"}}
	for _, n := range nav {
		if err := chromedp.Do(tab, chromedp.KeyEvent(n.key)); err != nil {
			t.Fatal(err)
		}
		waitJS(t, tab, "history item "+n.id, `document.getElementById('item-id').textContent === `+jsString(n.id))
	}
	if err := chromedp.Do(tab, chromedp.KeyEvent("[")); err != nil {
		t.Fatal(err)
	}
	waitJS(t, tab, "t03 with its labels", `document.getElementById('item-id').textContent === 't03' && `+
		`[...document.querySelectorAll('button.label.selected')].map(b => b.dataset.label).join() === 'neutral,positive'`)
	if err := chromedp.Do(tab, chromedp.KeyEvent("?")); err != nil {
		t.Fatal(err)
	}
	waitJS(t, tab, "the codebook", `!document.getElementById('codebook').classList.contains('hidden') && document.querySelector('#codebook-body table') !== null`)
	screenshot(t, tab, "history-codebook")
	if err := chromedp.Do(tab, chromedp.KeyEvent("?")); err != nil {
		t.Fatal(err)
	}

	csp, err := chromedp.Run(tab, chromedp.Evaluate[[]string](`window.__csp || []`))
	if err != nil {
		t.Fatal(err)
	}
	if len(csp) > 0 {
		t.Errorf("CSP violations: %v", csp)
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("page problems: %v", p)
	}

	var sb strings.Builder
	st, err := Export(cfg.StoreDir, cfg.Items, cfg.Columns, "", &sb)
	if err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, sb.String())
	var got []string
	for _, r := range rows[1:] {
		got = append(got, r[0]+":"+r[6]+":"+r[7])
	}
	if want := []string{"t01:pro-defection:negative", "t02:anti-defection:neutral", "t03:neutral:positive"}; !slices.Equal(got, want) || st.Exported != 3 {
		t.Errorf("export: got %v (%+v), want %v", got, st, want)
	}
	for _, e := range journalLines(t, cfg.StoreDir) {
		if e.Annotator != "Ada" {
			t.Errorf("journal entry %d by %q, want Ada", e.Seq, e.Annotator)
		}
	}
}

// TestBrowserModelAndViews checks the model in the loop from the page:
// Enter alone accepts the pre-selected suggestions; then adjudication in
// the Disagreements view, the Agreement view, and the Retrain button.
func TestBrowserModelAndViews(t *testing.T) {
	tab, problems := browser(t)
	items, gold := seedItems(t, 40)
	b, err := classifier.ReadBundle(bytes.NewReader(models.Default()))
	if err != nil {
		t.Fatal(err)
	}
	cfg := testConfig(t)
	cfg.Items, cfg.Model, cfg.Order = items, b, active.Uncertainty
	cfg.Codebook = string(data.Codebook())
	_, c := start(t, cfg)
	// Two annotators who disagree on two items.
	for i := 30; i < 36; i++ {
		c.label("ann", items[i].ID, gold[i][0], gold[i][1])
		sentiment := gold[i][1]
		if i%3 == 0 {
			sentiment = "positive"
		}
		c.label("bob", items[i].ID, gold[i][0], sentiment)
	}

	if err := chromedp.Do(tab,
		chromedp.EmulateViewport(1400, 1000),
		chromedp.Navigate(c.url),
		chromedp.WaitVisible(chromedp.CSS("#name-input")),
		chromedp.SendKeys(chromedp.CSS("#name-input"), "Cy\r"),
	); err != nil {
		t.Fatal(err)
	}
	// The default (-suggest show): the model's choices are marked, none is
	// selected, and Enter does not save them.
	waitJS(t, tab, "an item with suggestions shown, not selected",
		`document.querySelectorAll('button.label.suggested').length === 2 && document.querySelectorAll('button.label.selected').length === 0`)
	id, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.getElementById('item-id').textContent`))
	if err != nil {
		t.Fatal(err)
	}
	// 40 items, of which ann and bob finished 6: Cy's queue holds 34.
	waitJS(t, tab, "the queue position", `document.getElementById('item-pos').textContent === "1 of 34 in this session's queue"`)
	// The buttons follow the schema (the codebook's order), not the alphabet.
	var want []string
	for _, col := range cfg.Columns {
		want = append(want, col.Labels...)
	}
	order, err := chromedp.Run(tab, chromedp.Evaluate[[]string](`[...document.querySelectorAll('button.label')].map(b => b.dataset.label)`))
	if err != nil || !slices.Equal(order, want) {
		t.Errorf("buttons %v (%v), want %v", order, err, want)
	}
	screenshot(t, tab, "suggestions")
	if err := chromedp.Do(tab, chromedp.KeyEvent("\r")); err != nil {
		t.Fatal(err)
	}
	waitJS(t, tab, "Enter refused", `document.getElementById('status').textContent === 'Choose a label for stance and sentiment first.'`)
	if mine := c.item("Cy", id).Mine; mine != nil {
		t.Errorf("Enter with nothing selected saved %+v", mine)
	}
	// Choose the first label of each column, mark unsure, write a note and
	// save with Enter in the note.
	if err := chromedp.Do(tab, chromedp.KeyEvent("1"), chromedp.KeyEvent("q"), chromedp.KeyEvent("."), chromedp.KeyEvent("/"),
		chromedp.KeyEvent("hard one\r")); err != nil {
		t.Fatal(err)
	}
	waitJS(t, tab, "saved", `document.getElementById('status').textContent.startsWith('saved ✓ `+id+`')`)
	mine := c.item("Cy", id).Mine
	if mine == nil || mine.Labels["stance"] != cfg.Columns[0].Labels[0] || mine.Labels["sentiment"] != cfg.Columns[1].Labels[0] || !mine.Unsure || mine.Note != "hard one" {
		t.Errorf("saved %+v, want %s / %s, unsure, note \"hard one\"", mine, cfg.Columns[0].Labels[0], cfg.Columns[1].Labels[0])
	}
	waitJS(t, tab, "the next item, unmarked", `document.getElementById('item-pos').textContent === "2 of 34 in this session's queue" && !document.getElementById('unsure').checked && document.getElementById('note').value === ''`)

	if err := chromedp.Do(tab, chromedp.Click(chromedp.CSS(`.tab[data-view="disagreements"]`))); err != nil {
		t.Fatal(err)
	}
	waitJS(t, tab, "two disagreements", `document.querySelectorAll('#disagreements article.dis').length === 2`)
	screenshot(t, tab, "disagreements")
	if err := chromedp.Do(tab, chromedp.Click(chromedp.CSS(`#disagreements article.dis button.primary`))); err != nil {
		t.Fatal(err)
	}
	waitJS(t, tab, "the adjudicated item", `document.querySelectorAll('#disagreements article.dis.resolved').length === 1`)
	var ag agreementView
	c.get("/api/agreement", &ag)
	if ag.Unresolved != 1 || ag.Disagreements[1].Adjudicator != "Cy" {
		t.Errorf("after adjudicating in the page: %d unresolved, %+v", ag.Unresolved, ag.Disagreements)
	}

	if err := chromedp.Do(tab, chromedp.Click(chromedp.CSS(`.tab[data-view="stats"]`))); err != nil {
		t.Fatal(err)
	}
	waitJS(t, tab, "the kappa table", `[...document.querySelectorAll('#pairs td')].some(td => td.textContent === 'ann – bob')`)
	screenshot(t, tab, "agreement")

	if err := chromedp.Do(tab,
		chromedp.Click(chromedp.CSS(`.tab[data-view="annotate"]`)),
		chromedp.Click(chromedp.CSS(`#retrain`)),
	); err != nil {
		t.Fatal(err)
	}
	waitJS(t, tab, "the retrained model", `document.getElementById('model-status').textContent.startsWith('model v1 ·')`)
	if st := c.state(""); st.Model.Version != 1 || st.Model.Source != sourceRetrained {
		t.Errorf("after the Retrain button: %+v", st.Model)
	}

	// As ann, a party to the disagreement still open: its button is
	// disabled and the page says why.
	if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](`localStorage.setItem('stance-annotator', 'ann'); true`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(tab,
		chromedp.Reload(),
		chromedp.WaitVisible(chromedp.CSS(`#item`)),
		chromedp.Click(chromedp.CSS(`.tab[data-view="disagreements"]`)),
	); err != nil {
		t.Fatal(err)
	}
	waitJS(t, tab, "the open disagreement barred to its annotator",
		`(() => { const a = document.querySelector('#disagreements article.dis:not(.resolved)');`+
			` return a && a.querySelector('button.primary').disabled && a.querySelector('p.rule').textContent.startsWith('You labelled this item'); })()`)
	if p := problems(); len(p) > 0 {
		t.Errorf("page problems: %v", p)
	}
}
