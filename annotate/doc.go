// Package annotate serves `stance annotate`: a local web page on which
// analysts hand-label comments one at a time, with the model in the loop.
//
// # The session
//
// Each annotator gives a name (kept in the browser's localStorage) and is
// shown one comment at a time with its metadata, its place in this
// session's queue ("12 of 30": the items they labelled or skipped since
// the server started, plus one, of those plus the items left), a row of
// label buttons per label column in schema order (the codebook's, see
// Schema), the model's suggestion as Config.Suggest says, an "unsure" box
// and a note, a history of their earlier items and the codebook in a side
// panel. Enter saves the selection; the keys are
//
//	1 2 3 … 9 0        labels of the first column (in schema order)
//	q w e r t y i o p  labels of the second column (u is undo)
//	a d f g h j k l    labels of the third column (s is skip)
//	z x c v b n m      labels of the fourth column
//	Enter              save the selected labels (none until chosen, unless Suggest is preselect)
//	.                  mark the label unsure, or not
//	/                  write a note (Enter in the note saves, Esc leaves it)
//	s                  skip the item
//	u, Backspace       undo your latest label or skip
//	[ ], ← →           older / newer item in your history; past the newest, back to the queue
//	?                  show or hide the codebook
//
// Labels beyond a row's length, and columns beyond the fourth, have no key.
//
// # Suggestions and anchoring
//
// A pre-selected suggestion anchors: in a trial, two annotators both kept
// the pre-selected sentiment and their kappa of 1.000 measured the model.
// So by default (SuggestShow) the page marks the model's choice and shows
// its probabilities but selects nothing; SuggestPreselect selects it
// (Enter accepts), SuggestHide leaves it out. The doubly annotated items,
// on which agreement is measured, show no suggestion to either annotator
// whatever the mode. Hidden or not, the model still orders the queue.
// Every label and adjudication journals the model's choice at that moment
// and how it was shown, so that anchoring can be measured from the export.
//
// An item's final labels may be set (adjudicated) only by someone who has
// not labelled it, unless that person is the only annotator with labels:
// then the page says they settle their own item, with no second opinion.
//
// # The queue
//
// An annotator's queue holds the items they have neither labelled nor
// skipped that still lack annotators: an item needs two distinct
// annotators if it is among the Config.DoubleShare share chosen by hashing
// its id with Config.Seed, else one. The order is Config.Order:
// active.Uncertainty ranks by the mean margin (p₁ − p₂) over the label
// columns the model predicts, smallest first; active.Random is a seeded
// shuffle; active.FileOrder the input order. Uncertainty falls back to file
// order while no model gives suggestions. An item handed out by /api/next
// stays reserved for that annotator for ten minutes, so that two people
// working at once are not given the same item unless it needs both.
//
// # The model
//
// Config.Model gives the first suggestions. The server retrains in the
// background with classifier.Train (Config.Recipe, no cross-validation)
// every Config.RetrainEvery labels or on demand, on every item with final
// labels (see Export). Requests are answered from the old model while
// training runs; when it ends, every item is scored again and the new
// predictions and queue order are swapped in at once. A retrain is refused,
// and the reason shown in /api/state, while some column has fewer than two
// distinct final labels. The retrained model lives in memory only: the
// labels are the record, and when RetrainEvery is set a restart retrains
// from them.
//
// The retrain knows only the items unless Config.Base holds the starting
// model's training data (checked against the checksum the model records).
// Then, when the items come from another file than that data
// (Config.ItemsSource against the model's Data.Source), the retrain adapts
// to them with classifier.TrainAdapted: the starting data as the old
// comment set and the labelled items as the new one, the method chosen by
// 5-fold cross-validation on the items once there are 10 of them, pooled
// before.
//
// # The store
//
// A store directory holds two files. meta.json records the format, the
// number of items, a SHA-256 over the ids and texts, and the label schema;
// opening the store with other data or another schema is an error.
// journal.jsonl is an append-only log, one JSON object per action:
//
//	{"seq":1,"time":"2026-03-02T10:15:04.123Z","op":"label","annotator":"ann1","id":"c001","labels":{"sentiment":"negative","stance":"neutral"}}
//	{"seq":2,"time":"…","op":"skip","annotator":"ann1","id":"c002"}
//	{"seq":3,"time":"…","op":"undo","annotator":"ann1","id":"c002","undoes":2}
//	{"seq":4,"time":"…","op":"adjudicate","annotator":"lead","id":"c007","labels":{"sentiment":"neutral","stance":"pro-assad"}}
//	{"seq":5,"time":"…","op":"label","annotator":"ann2","id":"c008","labels":{…},"unsure":true,"note":"irony?",
//	 "suggested":{"sentiment":{"label":"negative","confidence":0.71},"stance":{…}},"shown":"show"}
//
// seq is the line number; an undo names the entry it takes back. unsure,
// note, suggested (the model's choice when the entry was saved) and shown
// (the SuggestMode it was offered in) are optional: journals written
// before them replay unchanged, and Repair keeps them. Each line
// is written with one write call and fsynced before the HTTP response
// reports it saved, so a killed server loses no acknowledged action. On
// start the journal is replayed. A final line without its newline that is
// the next entry whole (the crash came before the newline) is kept and the
// newline appended; one that does not parse (a write cut short, never
// acknowledged) is moved to journal.quarantine.jsonl with a warning giving
// its size and offset, and truncated away. Any other line that cannot be
// replayed (not JSON, unknown fields, an entry the state refuses, a seq
// that is not the line number) is a *JournalError naming the file, line
// and problem: Repair moves such lines to journal.quarantine.jsonl (one
// JSON object each: time, journal, line, offset, problem, and the line as
// text or base64) and renumbers the rest, and ExportWith can skip them.
// The journal is locked (flock) while a server or Repair has it open. An
// annotator's latest label of an item wins; undo takes back their latest
// live label or skip.
//
// # HTTP API
//
// Every response is JSON except the page and its assets; errors are
// {"error": "…"} with status 400 (bad request: unknown id, column or label,
// missing label, bad name, a note too long or with control characters,
// unsure on anything but a label), 401 (token missing), 403 (CSRF header missing
// or wrong, or a Host that is not an IP address or localhost when no token
// is set), 405 (wrong method), 409 (not possible now: nothing to undo,
// skipping an item one labelled, adjudicating an item one labelled,
// retrain refused), 413 (body over 64 KiB),
// 429 (too many wrong tokens from this address; Retry-After says when to
// try again) or 503 (shutting down, or too many connections: that reply
// is plain text and the connection is closed). GET requests name the annotator in the query
// (?annotator=NAME); POST bodies carry it as "annotator".
//
//	GET  /                  the page; <meta name="csrf-token"> holds this run's CSRF token
//	GET  /static/{app.js,style.css,icon.svg}
//	GET  /api/config        {"columns":[{"name","labels":[…],"keys":[…]}],"codebook","order","suggest","double_share","retrain_every","total"}
//	GET  /api/state         {"total","done","labelled","disputed","adjudicated","counts":{col:{label:n}},
//	                         "me":{"annotator","labelled","skipped","remaining"},   (with ?annotator=)
//	                         "model":{"version","source":"none|initial|retrained","suggests","trained_on","trained_at","training","labels_since","note"}}
//	GET  /api/next?annotator=A        {"item": item|null, "remaining": n, "queue": {"position","length"}|null}
//	GET  /api/item?annotator=A&id=ID  item
//	GET  /api/history?annotator=A     {"history":[{"id","position","status":"label|skip","labels","unsure","note","seq","time","snippet"}]}  oldest first
//	GET  /api/agreement     {"columns","annotators":[{"name","labelled","skipped"}],
//	                         "pairs":[{"a","b","column","n","kappa","agreement"}],"unresolved",
//	                         "disagreements":[{"id","position","text","votes":[{"annotator","labels"}],"final","adjudicator"}]}
//	POST /api/label         {"annotator","id","labels":{col:label,…}[,"unsure"][,"note"]}  every column -> {"saved":true,"seq","op","id"}
//	POST /api/skip          {"annotator","id"[,"note"]}                                -> same
//	POST /api/undo          {"annotator"[,"id"]}  latest label or skip (on that item)  -> same + "undone":{"seq","op","id","labels"}
//	POST /api/adjudicate    {"annotator","id","labels"[,"note"]}  final labels of a labelled item, by one who did not label it -> same
//	POST /api/retrain       {["annotator"]} -> 202 {"started":true} | 202 {"queued":true} while one runs | 409 {"error":reason}
//
// where item is
//
//	{"id","position","text","meta":[{"name","value"}],"needed","labelled_by",
//	 "suggestions":{col:{"label","confidence","probs":[…schema label order]}}|null (null when hidden),
//	 "suggest":"preselect|show|hide","mine":{"status","labels","unsure","note","seq","time"}|null,"model_version"}
//
// "done" counts items with as many annotators as they need, or
// adjudicated; "counts" counts final labels (adjudicated, or agreed by all
// who labelled the item).
//
// # Security
//
// The CLI listens on 127.0.0.1 unless told otherwise, and CheckAddr
// refuses other addresses without a token. With Config.Token set, every
// request needs it: ?token= on the first page load (answered with an
// HttpOnly, SameSite=Strict cookie and a redirect to the bare URL), then the
// cookie or an Authorization: Bearer header. Without a token, requests
// must name the server by IP address or localhost, which defeats DNS
// rebinding. Every POST needs the X-CSRF-Token header; bodies are limited
// to 64 KiB. The page builds its DOM with textContent only, and the
// Content-Security-Policy allows no inline script.
//
// The token cookie is named after the server's port (stance_token_8765),
// since browsers share cookies across the ports of a host. Failed token
// checks are rate-limited per remote address (NetLimits.AuthFailures,
// AuthRefill). CheckToken refuses tokens that may carry under 128 bits;
// StoreToken keeps a generated one in the store. Without TLSCert and
// TLSKey the traffic is cleartext.
//
// # Slow and greedy clients
//
// No handler writes while holding a lock: each encodes its whole reply
// under the lock and writes it after unlocking, so a client that stops
// reading holds only its own connection, until NetLimits.WriteTimeout.
// Serve sets read, write and idle timeouts, caps header size and the
// connections open at once, in all and per remote address, and on
// shutdown closes connections still open after NetLimits.ShutdownGrace.
// A request refused on its headers is answered at once and its connection
// closed, without its body being read.
package annotate
