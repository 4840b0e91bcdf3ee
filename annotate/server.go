package annotate

import (
	"bytes"
	"crypto/rand"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/stance-nlp/stance/classifier"
)

//go:embed web
var webFiles embed.FS

// csrfPlaceholder is replaced in web/index.html by the server's CSRF token.
const csrfPlaceholder = "{{csrf}}"

// leaseTTL is how long an item handed out by /api/next stays reserved for
// its annotator, so that two people working at once are not shown the same
// single-annotation item. An abandoned tab frees its item after this.
const leaseTTL = 10 * time.Minute

// Server is one annotation session over a store directory: it serves the
// page and the JSON API, journals every action, and retrains the model in
// the background. Create it with New and stop it with Close.
type Server struct {
	cfg    Config
	log    *log.Logger
	auth   *authLimiter
	csrf   string
	page   []byte
	double []bool // per item: needs two annotators
	// startSeq is the journal's length when this server started: the
	// entries after it are this session's, which the queue position
	// counts.
	startSeq int
	keys     [][]string

	// actionMu serialises actions from check to journal append to apply,
	// so that the ledger applies entries in journal order, and guards
	// journal. Reads do not take it: they wait on mu only while an entry
	// is applied, never while the journal syncs.
	actionMu sync.Mutex
	journal  *journal // nil once closed

	mu       sync.RWMutex     // guards the fields below
	ledger   *ledger          // the state the journal describes
	leases   map[string]lease // annotator -> item handed out by /api/next
	training bool
	pending  bool   // a retrain was asked for while one ran
	since    int    // labels since the last retrain started
	note     string // why the last retrain was refused or failed; "" after success
	closed   bool

	preds atomic.Pointer[predictions] // swapped whole by a retrain
	wg    sync.WaitGroup              // running retrain

	// beforeTrain, when set (by tests), runs in the retrain goroutine
	// before training, to hold a retrain open.
	beforeTrain func()
}

type lease struct {
	item  int
	until time.Time
}

// New opens the store in cfg.StoreDir (creating it when missing), checks
// that it belongs to these items and this schema, replays the journal and
// scores every item with cfg.Model. When RetrainEvery > 0 and the journal
// already holds that many labels, a retrain starts in the background: the
// model retrained in an earlier run is not kept, only the labels are.
func New(cfg Config) (*Server, error) {
	cfg, err := cfg.validate()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(cfg.StoreDir, 0o755); err != nil {
		return nil, fmt.Errorf("creating store: %w", err)
	}
	if err := checkMeta(cfg.StoreDir, cfg.Items, cfg.Columns, true); err != nil {
		return nil, err
	}
	logger := log.New(cfg.Log, "annotate: ", log.LstdFlags)
	led := newLedger(cfg.Items, cfg.Columns)
	j, err := openJournal(cfg.StoreDir, led, logger.Printf)
	if err != nil {
		return nil, err
	}
	csrf, err := NewToken()
	if err != nil {
		j.close()
		return nil, err
	}
	index, err := webFiles.ReadFile("web/index.html")
	if err != nil {
		j.close()
		return nil, fmt.Errorf("annotate: embedded page: %w", err)
	}
	s := &Server{
		cfg:      cfg,
		log:      logger,
		auth:     newAuthLimiter(cfg.Net.AuthFailures, cfg.Net.AuthRefill),
		csrf:     csrf,
		page:     bytes.ReplaceAll(index, []byte(csrfPlaceholder), []byte(csrf)),
		double:   doubled(cfg.Items, cfg.DoubleShare, cfg.Seed),
		keys:     labelKeys(cfg.Columns),
		journal:  j,
		ledger:   led,
		startSeq: len(led.entries),
		leases:   map[string]lease{},
	}
	p := newPredictions(cfg.Model, cfg.Items, cfg.Columns, cfg.Order, cfg.Seed)
	if cfg.Model != nil && !p.suggests() {
		logger.Printf("warning: the model has none of the label columns; no suggestions until a retrain")
	}
	s.preds.Store(p)
	if len(led.entries) > 0 {
		logger.Printf("resumed %s: %d journal entries, %d labels", j.path, len(led.entries), led.nLabel)
	}
	if cfg.RetrainEvery > 0 && led.nLabel >= cfg.RetrainEvery {
		s.mu.Lock()
		s.startRetrainLocked()
		s.mu.Unlock()
	}
	return s, nil
}

// NewToken returns 32 random bytes in hex, for Config.Token (and the CSRF
// token of each server start).
func NewToken() (string, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("annotate: random token: %w", err)
	}
	return hex.EncodeToString(b[:]), nil
}

// Close stops accepting actions, waits for a running retrain to end and
// closes the journal. Every action acknowledged before is already on disk.
func (s *Server) Close() error {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.wg.Wait()
	s.actionMu.Lock()
	defer s.actionMu.Unlock()
	if s.journal == nil {
		return nil
	}
	err := s.journal.close()
	s.journal = nil
	return err
}

// Handler returns the HTTP handler: the page, its assets and the JSON API
// (see the package doc), behind the token, Host, CSRF and body-size
// checks. The timeouts and connection caps of Config.Net are Serve's: a
// caller that serves Handler itself must set its own.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.handlePage)
	mux.HandleFunc("GET /static/{name}", s.handleStatic)
	mux.HandleFunc("GET /api/config", s.handleConfig)
	mux.HandleFunc("GET /api/state", s.handleState)
	mux.HandleFunc("GET /api/next", s.handleNext)
	mux.HandleFunc("GET /api/item", s.handleItem)
	mux.HandleFunc("GET /api/history", s.handleHistory)
	mux.HandleFunc("GET /api/agreement", s.handleAgreement)
	mux.HandleFunc("POST /api/label", s.handleAction(opLabel))
	mux.HandleFunc("POST /api/skip", s.handleAction(opSkip))
	mux.HandleFunc("POST /api/undo", s.handleAction(opUndo))
	mux.HandleFunc("POST /api/adjudicate", s.handleAction(opAdjudicate))
	mux.HandleFunc("POST /api/retrain", s.handleRetrain)
	return s.guard(mux)
}

func (s *Server) handlePage(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	// The page carries this run's CSRF token: never serve a stale copy.
	h.Set("Cache-Control", "no-store")
	w.Write(s.page)
}

func (s *Server) handleStatic(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	types := map[string]string{
		"app.js":    "text/javascript; charset=utf-8",
		"style.css": "text/css; charset=utf-8",
		"icon.svg":  "image/svg+xml",
	}
	ct, ok := types[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	b, err := fs.ReadFile(webFiles, "web/"+name)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(b)
}

// needed is how many distinct annotators item i must have.
func (s *Server) needed(i int) int {
	if s.double[i] {
		return 2
	}
	return 1
}

// eligible reports whether item i belongs in ann's queue: ann has neither
// labelled nor skipped it, and it still lacks annotators. Call with mu
// held.
func (s *Server) eligible(i int, ann string) bool {
	if op, _ := s.ledger.status(i, ann); op != "" {
		return false
	}
	return s.ledger.labelledBy(i) < s.needed(i)
}

// pick returns the item to show ann next and the length of ann's queue.
// It keeps ann's current lease while it is valid, so a reload or a model
// swap does not change the item under the annotator's eyes; otherwise it
// takes the first queue item that other annotators' leases do not already
// cover, falling back to the first queue item. Call with mu held for
// writing.
func (s *Server) pick(ann string) (item, remaining int) {
	p := s.preds.Load()
	now := time.Now()
	held := map[int]int{}
	for a, l := range s.leases {
		// A lease whose holder has labelled or skipped the item since is
		// spent: counting it would hide a double item from its second
		// annotator.
		if op, _ := s.ledger.status(l.item, a); a != ann && now.Before(l.until) && op == "" {
			held[l.item]++
		}
	}
	first, free := -1, -1
	for _, i := range p.order {
		if !s.eligible(i, ann) {
			continue
		}
		remaining++
		if first < 0 {
			first = i
		}
		if free < 0 && s.ledger.labelledBy(i)+held[i] < s.needed(i) {
			free = i
		}
	}
	item = free
	if item < 0 {
		item = first
	}
	if l, ok := s.leases[ann]; ok && now.Before(l.until) && s.eligible(l.item, ann) {
		item = l.item
	}
	if item < 0 {
		delete(s.leases, ann)
	} else {
		s.leases[ann] = lease{item, now.Add(leaseTTL)}
	}
	return item, remaining
}

// act journals an action and applies it, returning the reply, which the
// caller writes once the journal line is on disk and no lock is held: a
// client slow to read its reply must not hold up the next action.
func (s *Server) act(e entry) reply {
	name, err := checkName(e.Annotator)
	if err != nil {
		return errReply(http.StatusBadRequest, "%v", err)
	}
	e.Annotator = name
	if e.Note, err = checkNote(e.Note); err != nil {
		return errReply(http.StatusBadRequest, "%v", err)
	}
	// The client cannot claim what the model suggested: prepare records it.
	e.Suggested, e.Shown = nil, ""
	s.actionMu.Lock()
	defer s.actionMu.Unlock()

	s.mu.RLock()
	if s.closed || s.journal == nil {
		s.mu.RUnlock()
		return errReply(http.StatusServiceUnavailable, "the server is shutting down")
	}
	status, err := s.prepare(&e)
	s.mu.RUnlock()
	if err != nil {
		return errReply(status, "%v", err)
	}
	if err := s.journal.append(&e); err != nil {
		s.log.Printf("error: %v", err)
		return errReply(http.StatusInternalServerError, "not saved: %v", err)
	}

	s.mu.Lock()
	err = s.ledger.apply(e)
	if err == nil && e.Op == opLabel {
		s.since++
		if s.cfg.RetrainEvery > 0 && s.since >= s.cfg.RetrainEvery {
			s.startRetrainLocked()
		}
	}
	s.mu.Unlock()
	if err != nil {
		// prepare checked the entry against this very state; reaching here
		// is a bug, and the journal now holds a line replay will refuse.
		s.log.Printf("error: journaled entry %d does not apply: %v", e.Seq, err)
		return errReply(http.StatusInternalServerError, "internal error: %v", err)
	}
	resp := actionResponse{Saved: true, Seq: e.Seq, Op: e.Op, ID: e.ID}
	if e.Op == opUndo {
		s.mu.RLock()
		t := s.ledger.entries[e.Undoes-1]
		s.mu.RUnlock()
		resp.Undone = &undoneView{Seq: t.Seq, Op: t.Op, ID: t.ID, Labels: t.Labels}
	}
	return jsonReply(http.StatusOK, resp)
}

// prepare completes e (seq, time, the entry an undo takes back) and checks
// it against the ledger, returning the HTTP status for a failure. Call
// with actionMu and mu (for reading) held.
func (s *Server) prepare(e *entry) (int, error) {
	if e.Op == opUndo {
		i := -1
		if e.ID != "" {
			var ok bool
			if i, ok = s.ledger.ids[e.ID]; !ok {
				return http.StatusBadRequest, fmt.Errorf("unknown item id %q", e.ID)
			}
		}
		u := s.ledger.lastLive(e.Annotator, i)
		if u == 0 {
			return http.StatusConflict, fmt.Errorf("nothing of %s's to undo", e.Annotator)
		}
		e.Undoes, e.ID = u, s.ledger.entries[u-1].ID
	}
	if e.Op == opAdjudicate {
		if i, ok := s.ledger.ids[e.ID]; ok && s.ledger.labelledBy(i) == 0 {
			return http.StatusConflict, fmt.Errorf("item %s has no labels to adjudicate", e.ID)
		}
		if i, ok := s.ledger.ids[e.ID]; ok && !s.mayAdjudicate(i, e.Annotator) {
			return http.StatusConflict, fmt.Errorf("%s labelled item %s: someone who did not label it must settle it", e.Annotator, e.ID)
		}
	}
	if i, ok := s.ledger.ids[e.ID]; ok && (e.Op == opLabel || e.Op == opAdjudicate) {
		s.recordSuggestion(e, i)
	}
	e.Seq = len(s.ledger.entries) + 1
	e.Time = time.Now().UTC().Truncate(time.Millisecond)
	if _, err := s.ledger.check(*e); err != nil {
		if errors.Is(err, errConflict) {
			return http.StatusConflict, err
		}
		return http.StatusBadRequest, err
	}
	return 0, nil
}

// suggestMode is how item i offers the model's suggestion: never on a
// doubly annotated item (see SuggestMode), else as configured.
func (s *Server) suggestMode(i int) SuggestMode {
	if s.double[i] {
		return SuggestHide
	}
	return s.cfg.Suggest
}

// recordSuggestion puts into e the model's current choice for item i and
// how the page offered it, so that the journal says what the annotator
// could have been anchored by. Call with mu held.
func (s *Server) recordSuggestion(e *entry, i int) {
	sug := s.preds.Load().suggest(i, s.cfg.Columns)
	if len(sug) == 0 {
		return
	}
	e.Suggested = make(map[string]suggested, len(sug))
	for col, v := range sug {
		e.Suggested[col] = suggested{Label: v.Label, Confidence: v.Confidence}
	}
	e.Shown = s.suggestMode(i)
}

// mayAdjudicate reports whether ann may set item i's final labels: only
// someone who has not labelled it, since settling one's own disagreement
// is no second opinion; unless ann is the only annotator with labels,
// when there is nobody else to ask (the page says so). Call with mu held.
func (s *Server) mayAdjudicate(i int, ann string) bool {
	if op, _ := s.ledger.status(i, ann); op != opLabel {
		return true
	}
	return s.alone(ann)
}

// alone reports whether ann is the only annotator with a live label.
func (s *Server) alone(ann string) bool {
	names := s.ledger.annotators()
	return len(names) == 1 && names[0] == ann
}

// queuePosition returns where ann stands in this session's queue: the
// items ann labelled or skipped since the server started, plus one, of
// those plus the items still in ann's queue. Call with mu held.
func (s *Server) queuePosition(ann string, remaining int) (pos, length int) {
	done := 0
	for _, seq := range s.ledger.history(ann) {
		if seq > s.startSeq {
			done++
		}
	}
	return done + 1, done + remaining
}

// startRetrainLocked starts a background retrain if none runs and the
// annotations allow one. It reports whether one started; when one is
// running already, another is queued to follow it. Otherwise the reason is
// kept for /api/state. Call with mu held for writing.
func (s *Server) startRetrainLocked() (started, queued bool, reason string) {
	if s.closed {
		return false, false, "the server is shutting down"
	}
	if s.training {
		s.pending = true
		return false, true, "a retrain is running; another follows when it ends"
	}
	set, why := trainingSet(s.ledger, s.cfg.Items)
	if why != "" {
		s.note = "retrain refused: " + why
		return false, false, why
	}
	s.training, s.pending, s.since, s.note = true, false, 0, ""
	s.wg.Add(1)
	go s.retrain(set)
	return true, false, ""
}

// retrain trains on set, scores every item with the new model and swaps
// the predictions in. Requests keep using the old predictions until the
// swap, which is a single pointer store.
func (s *Server) retrain(set *classifier.TrainingSet) {
	defer s.wg.Done()
	if s.beforeTrain != nil {
		s.beforeTrain()
	}
	start := time.Now()
	s.log.Printf("retrain started on %d items", len(set.Texts))
	p, err := s.trainAndScore(set)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.training = false
	if err != nil {
		s.note = "retrain failed: " + err.Error()
		s.log.Printf("retrain failed after %v: %v", time.Since(start).Round(time.Millisecond), err)
	} else {
		p.version = s.preds.Load().version + 1
		p.source, p.trainedOn, p.trainedAt = sourceRetrained, len(set.Texts), time.Now().UTC()
		s.preds.Store(p)
		s.log.Printf("retrain finished in %v: model version %d from %d items", time.Since(start).Round(time.Millisecond), p.version, len(set.Texts))
	}
	if s.pending {
		s.startRetrainLocked()
	}
}

// trainAndScore turns a panic inside golearn (for instance when the
// process runs without GODEBUG=cgocheck=0) into an error, so that a failed
// retrain never takes the annotation session down.
func (s *Server) trainAndScore(set *classifier.TrainingSet) (p *predictions, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("training panicked: %v", r)
		}
	}()
	b, err := s.cfg.train(set, s.log.Printf)
	if err != nil {
		return nil, err
	}
	return newPredictions(b, s.cfg.Items, s.cfg.Columns, s.cfg.Order, s.cfg.Seed), nil
}
