package annotate

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// reply is a response encoded in full before any of it is written:
// handlers build it while holding s.mu and write it after unlocking, so
// that a client that reads slowly, or not at all, holds no lock that
// other requests wait on.
type reply struct {
	status int
	body   []byte
}

// jsonReply encodes v. encoding/json escapes <, > and & in strings, so
// even a response shown as HTML by mistake could not inject markup.
func jsonReply(status int, v any) reply {
	b, err := json.Marshal(v)
	if err != nil {
		// The views hold only strings, numbers, maps and times: reaching
		// here is a bug, reported rather than sent as a half body.
		return errReply(http.StatusInternalServerError, "internal error: encoding the reply: %v", err)
	}
	return reply{status, append(b, '\n')}
}

// errReply is {"error": "..."}.
func errReply(status int, format string, args ...any) reply {
	b, _ := json.Marshal(map[string]string{"error": fmt.Sprintf(format, args...)})
	return reply{status, append(b, '\n')}
}

// readLocked returns what build makes while s.mu is held for reading. The
// unlock is deferred, so that a panic in build (which net/http recovers
// from) cannot leave the lock held; the caller writes the reply after.
func (s *Server) readLocked(build func() reply) reply {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return build()
}

// writeLocked is readLocked with s.mu held for writing.
func (s *Server) writeLocked(build func() reply) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	return build()
}

// write sends r. Call it with no lock held.
func (r reply) write(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Length", strconv.Itoa(len(r.body)))
	w.WriteHeader(r.status)
	w.Write(r.body)
}

// writeJSON encodes v and writes it with the given status. Call it with
// no lock held.
func writeJSON(w http.ResponseWriter, status int, v any) {
	jsonReply(status, v).write(w)
}

// fail writes {"error": "..."}. Call it with no lock held.
func fail(w http.ResponseWriter, status int, format string, args ...any) {
	errReply(status, format, args...).write(w)
}

// decode reads a JSON request body into v, refusing unknown fields and
// trailing data. An empty body is allowed when emptyOK. It writes the
// error response and returns false on failure.
func decode(w http.ResponseWriter, r *http.Request, v any, emptyOK bool) bool {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if errors.Is(err, io.EOF) && emptyOK {
		return true
	}
	if err == nil {
		if _, terr := dec.Token(); !errors.Is(terr, io.EOF) {
			err = errors.New("data after the JSON value")
			if terr != nil && bodyStatus(terr) == http.StatusRequestEntityTooLarge {
				err = terr
			}
		}
	}
	if err != nil {
		status := bodyStatus(err)
		if status == http.StatusRequestEntityTooLarge {
			fail(w, status, "request body larger than %d bytes", maxBody)
		} else {
			fail(w, status, "bad request body: %v", err)
		}
		return false
	}
	return true
}

// annotatorParam returns the ?annotator= of a GET request; required ones
// that are missing or invalid get a 400.
func annotatorParam(w http.ResponseWriter, r *http.Request, required bool) (string, bool) {
	raw := r.URL.Query().Get("annotator")
	if raw == "" && !required {
		return "", true
	}
	name, err := checkName(raw)
	if err != nil {
		fail(w, http.StatusBadRequest, "annotator: %v", err)
		return "", false
	}
	return name, true
}

// Views: the JSON shapes of the API (documented in doc.go).

type fieldView struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type markView struct {
	Status string            `json:"status"` // label or skip
	Labels map[string]string `json:"labels,omitempty"`
	Unsure bool              `json:"unsure"`
	Note   string            `json:"note"`
	Seq    int               `json:"seq"`
	Time   time.Time         `json:"time"`
}

type itemView struct {
	ID           string                `json:"id"`
	Position     int                   `json:"position"` // 1-based, in input order
	Text         string                `json:"text"`
	Meta         []fieldView           `json:"meta"`
	Needed       int                   `json:"needed"`      // annotators the item needs
	LabelledBy   int                   `json:"labelled_by"` // distinct annotators with a label on it
	Suggestions  map[string]suggestion `json:"suggestions"` // by column; null without a model or when hidden
	Suggest      SuggestMode           `json:"suggest"`     // how the page offers the suggestion
	Mine         *markView             `json:"mine"`        // the asking annotator's label or skip
	ModelVersion int                   `json:"model_version"`
}

type actionRequest struct {
	Annotator string            `json:"annotator"`
	ID        string            `json:"id"`
	Labels    map[string]string `json:"labels"`
	Unsure    bool              `json:"unsure"` // label only
	Note      string            `json:"note"`   // label, skip or adjudicate
}

type undoneView struct {
	Seq    int               `json:"seq"`
	Op     string            `json:"op"`
	ID     string            `json:"id"`
	Labels map[string]string `json:"labels,omitempty"`
}

type actionResponse struct {
	Saved  bool        `json:"saved"`
	Seq    int         `json:"seq"`
	Op     string      `json:"op"`
	ID     string      `json:"id"`
	Undone *undoneView `json:"undone,omitempty"`
}

// view builds item i as seen by ann. Call with mu held.
func (s *Server) view(i int, ann string) *itemView {
	it := s.cfg.Items[i]
	p := s.preds.Load()
	v := &itemView{
		ID:           it.ID,
		Position:     i + 1,
		Text:         it.Text,
		Meta:         []fieldView{},
		Needed:       s.needed(i),
		LabelledBy:   s.ledger.labelledBy(i),
		Suggest:      s.suggestMode(i),
		ModelVersion: p.version,
	}
	if v.Suggest != SuggestHide {
		v.Suggestions = p.suggest(i, s.cfg.Columns)
	}
	for _, f := range it.Meta {
		v.Meta = append(v.Meta, fieldView{f.Name, f.Value})
	}
	if op, seq := s.ledger.status(i, ann); op != "" {
		v.Mine = s.markView(seq)
	}
	return v
}

func (s *Server) markView(seq int) *markView {
	e := s.ledger.entries[seq-1]
	return &markView{Status: e.Op, Labels: s.ledger.decode(s.ledger.labels[seq-1]), Unsure: e.Unsure, Note: e.Note, Seq: seq, Time: e.Time}
}

func (s *Server) handleConfig(w http.ResponseWriter, r *http.Request) {
	type column struct {
		Name   string   `json:"name"`
		Labels []string `json:"labels"`
		Keys   []string `json:"keys"`
	}
	var cols []column
	for c, col := range s.cfg.Columns {
		cols = append(cols, column{col.Name, col.Labels, s.keys[c]})
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"columns":       cols,
		"codebook":      s.cfg.Codebook,
		"order":         s.cfg.Order,
		"suggest":       s.cfg.Suggest,
		"double_share":  s.cfg.DoubleShare,
		"retrain_every": s.cfg.RetrainEvery,
		"total":         len(s.cfg.Items),
	})
}

type modelView struct {
	Version     int        `json:"version"`
	Source      string     `json:"source"` // none, initial or retrained
	Suggests    bool       `json:"suggests"`
	TrainedOn   int        `json:"trained_on"`
	TrainedAt   *time.Time `json:"trained_at,omitempty"`
	Training    bool       `json:"training"`
	LabelsSince int        `json:"labels_since"` // labels since the last retrain started
	Note        string     `json:"note,omitempty"`
}

type meView struct {
	Annotator string `json:"annotator"`
	Labelled  int    `json:"labelled"`
	Skipped   int    `json:"skipped"`
	Remaining int    `json:"remaining"` // items in this annotator's queue
}

type stateView struct {
	Total       int                       `json:"total"`
	Done        int                       `json:"done"`     // adjudicated, or labelled by as many annotators as needed
	Labelled    int                       `json:"labelled"` // at least one label
	Disputed    int                       `json:"disputed"` // annotators differ, not adjudicated
	Adjudicated int                       `json:"adjudicated"`
	Counts      map[string]map[string]int `json:"counts"` // final labels per column
	Me          *meView                   `json:"me,omitempty"`
	Model       modelView                 `json:"model"`
}

func (s *Server) handleState(w http.ResponseWriter, r *http.Request) {
	ann, ok := annotatorParam(w, r, false)
	if !ok {
		return
	}
	s.readLocked(func() reply {
		st := stateView{Total: len(s.cfg.Items), Counts: map[string]map[string]int{}}
		for _, c := range s.cfg.Columns {
			st.Counts[c.Name] = map[string]int{}
			for _, l := range c.Labels {
				st.Counts[c.Name][l] = 0
			}
		}
		for i := range s.cfg.Items {
			labels, how := s.ledger.resolve(i)
			n := s.ledger.labelledBy(i)
			if n > 0 {
				st.Labelled++
			}
			switch how {
			case disputed:
				st.Disputed++
			case adjudicated:
				st.Adjudicated++
			}
			if how == adjudicated || n >= s.needed(i) {
				st.Done++
			}
			for c, k := range labels {
				st.Counts[s.cfg.Columns[c].Name][s.cfg.Columns[c].Labels[k]]++
			}
		}
		if ann != "" {
			me := &meView{Annotator: ann}
			for _, seq := range s.ledger.history(ann) {
				if s.ledger.entries[seq-1].Op == opLabel {
					me.Labelled++
				} else {
					me.Skipped++
				}
			}
			for i := range s.cfg.Items {
				if s.eligible(i, ann) {
					me.Remaining++
				}
			}
			st.Me = me
		}
		p := s.preds.Load()
		st.Model = modelView{
			Version: p.version, Source: p.source, Suggests: p.suggests(), TrainedOn: p.trainedOn,
			Training: s.training, LabelsSince: s.since, Note: s.note,
		}
		if !p.trainedAt.IsZero() {
			st.Model.TrainedAt = &p.trainedAt
		}
		return jsonReply(http.StatusOK, st)
	}).write(w)
}

func (s *Server) handleNext(w http.ResponseWriter, r *http.Request) {
	ann, ok := annotatorParam(w, r, true)
	if !ok {
		return
	}
	s.writeLocked(func() reply {
		i, remaining := s.pick(ann)
		var v *itemView
		var queue *queueView
		if i >= 0 {
			v = s.view(i, ann)
			pos, n := s.queuePosition(ann, remaining)
			queue = &queueView{pos, n}
		}
		return jsonReply(http.StatusOK, map[string]any{"item": v, "remaining": remaining, "queue": queue})
	}).write(w)
}

func (s *Server) handleItem(w http.ResponseWriter, r *http.Request) {
	ann, ok := annotatorParam(w, r, true)
	if !ok {
		return
	}
	id := r.URL.Query().Get("id")
	s.readLocked(func() reply {
		if i, ok := s.ledger.ids[id]; ok {
			return jsonReply(http.StatusOK, s.view(i, ann))
		}
		return errReply(http.StatusBadRequest, "unknown item id %q", id)
	}).write(w)
}

// queueView is the item's place in the annotator's queue of this
// session: Position of Length, where Length counts the items done since
// the server started and those remaining.
type queueView struct {
	Position int `json:"position"`
	Length   int `json:"length"`
}

type historyEntry struct {
	ID       string            `json:"id"`
	Position int               `json:"position"`
	Status   string            `json:"status"` // label or skip
	Labels   map[string]string `json:"labels,omitempty"`
	Unsure   bool              `json:"unsure,omitempty"`
	Note     string            `json:"note,omitempty"`
	Seq      int               `json:"seq"`
	Time     time.Time         `json:"time"`
	Snippet  string            `json:"snippet"`
}

func (s *Server) handleHistory(w http.ResponseWriter, r *http.Request) {
	ann, ok := annotatorParam(w, r, true)
	if !ok {
		return
	}
	s.readLocked(func() reply {
		hist := []historyEntry{}
		for _, seq := range s.ledger.history(ann) {
			e := s.ledger.entries[seq-1]
			i := s.ledger.ids[e.ID]
			hist = append(hist, historyEntry{
				ID: e.ID, Position: i + 1, Status: e.Op, Labels: s.ledger.decode(s.ledger.labels[seq-1]), Unsure: e.Unsure, Note: e.Note,
				Seq: seq, Time: e.Time, Snippet: snippet(s.cfg.Items[i].Text, 80),
			})
		}
		return jsonReply(http.StatusOK, map[string]any{"history": hist})
	}).write(w)
}

// snippet returns the first n characters of text with runs of white space
// collapsed, for one-line lists.
func snippet(text string, n int) string {
	text = strings.Join(strings.FieldsFunc(text, unicode.IsSpace), " ")
	if r := []rune(text); len(r) > n {
		return string(r[:n]) + "…"
	}
	return text
}

func (s *Server) handleAgreement(w http.ResponseWriter, r *http.Request) {
	s.readLocked(func() reply {
		return jsonReply(http.StatusOK, agreement(s.ledger, s.cfg.Items))
	}).write(w)
}

// handleAction returns the handler of the POST that journals an action of
// op (label, skip, undo or adjudicate): it reads an actionRequest and
// hands it to act as an entry of op. A skip or an undo carries no labels,
// and a request for one that gives some is refused.
func (s *Server) handleAction(op string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var req actionRequest
		if !decode(w, r, &req, false) {
			return
		}
		if noun, ok := unlabelledOps[op]; ok && req.Labels != nil {
			fail(w, http.StatusBadRequest, "%s takes no labels", noun)
			return
		}
		if req.Unsure && op != opLabel {
			fail(w, http.StatusBadRequest, "only a label can be marked unsure")
			return
		}
		if req.Note != "" && op == opUndo {
			fail(w, http.StatusBadRequest, "an undo takes no note")
			return
		}
		s.act(entry{Op: op, Annotator: req.Annotator, ID: req.ID, Labels: req.Labels, Unsure: req.Unsure, Note: req.Note}).write(w)
	}
}

// unlabelledOps are the actions that carry no labels, each with the words
// that name one in an error.
var unlabelledOps = map[string]string{opSkip: "a skip", opUndo: "an undo"}

func (s *Server) handleRetrain(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Annotator string `json:"annotator"` // who asked, for the log; optional
	}
	if !decode(w, r, &req, true) {
		return
	}
	s.mu.Lock()
	started, queued, reason := s.startRetrainLocked()
	if started && req.Annotator != "" {
		s.log.Printf("retrain asked for by %q", req.Annotator)
	}
	version := s.preds.Load().version
	s.mu.Unlock()
	switch {
	case started:
		writeJSON(w, http.StatusAccepted, map[string]any{"started": true, "version": version})
	case queued:
		writeJSON(w, http.StatusAccepted, map[string]any{"started": false, "queued": true, "reason": reason, "version": version})
	default:
		fail(w, http.StatusConflict, "%s", reason)
	}
}
