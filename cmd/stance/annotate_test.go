package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestAnnotateCommand runs `stance annotate` as a user would: serve the
// seed corpus, save two labels over HTTP, stop with SIGINT, then export
// them with `stance annotate export` and train on the export.
func TestAnnotateCommand(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	store := filepath.Join(t.TempDir(), "store")
	done := make(chan string)
	go func() {
		var out, errb bytes.Buffer
		code := runArgs([]string{"annotate", "-data", "../../data/syria-comments.csv", "-store", store, "-addr", addr, "-retrain-every", "0"}, strings.NewReader(""), &out, &errb)
		done <- fmt.Sprintf("exit %d: %s", code, errb.String())
	}()
	base := "http://" + addr
	var page string
	for i := 0; ; i++ {
		resp, err := http.Get(base + "/")
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			page = string(b)
			break
		}
		if i > 100 {
			t.Fatalf("server did not start: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !strings.Contains(page, "<html") {
		t.Fatalf("page does not look like the app: %.200s", page)
	}
	m := regexp.MustCompile(`name="csrf-token" content="([^"]+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no CSRF token in the page")
	}
	post := func(id, stance, sentiment string) int {
		body, _ := json.Marshal(map[string]any{"annotator": "ann", "id": id, "labels": map[string]string{"stance": stance, "sentiment": sentiment}})
		req, _ := http.NewRequest("POST", base+"/api/label", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-CSRF-Token", m[1])
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if c := post("c001", "anti-intervention", "negative"); c != 200 {
		t.Fatalf("label c001: status %d", c)
	}
	if c := post("c002", "neutral", "neutral"); c != 200 {
		t.Fatalf("label c002: status %d", c)
	}
	syscall.Kill(os.Getpid(), syscall.SIGINT)
	select {
	case res := <-done:
		if !strings.HasPrefix(res, "exit 0") {
			t.Fatalf("annotate stopped with %s", res)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("annotate did not stop on SIGINT")
	}
	out := filepath.Join(t.TempDir(), "export.csv")
	code, _, stderr := stance(t, "", "annotate", "export", "-data", "../../data/syria-comments.csv", "-store", store, "-o", out)
	if code != 0 || !strings.Contains(stderr, "2 of 202 comments exported") {
		t.Fatalf("export exited %d: %s", code, stderr)
	}
	b, _ := os.ReadFile(out)
	header, rows := readRows(t, string(b))
	if len(rows) != 2 || rows[0][0] != "c001" || header[len(header)-2] != "stance" || rows[0][len(header)-2] != "anti-intervention" {
		t.Errorf("export %q %q", header, rows)
	}
}

// TestAnnotateUsageErrors checks the flags that are refused before any
// server starts: weak tokens wherever they come from, two token sources,
// connection caps out of range, half a TLS pair, a missing schema.
func TestAnnotateUsageErrors(t *testing.T) {
	const good = "3f9a0c7b1e5d2846a0b9c8d7e6f51324"
	tokenFile := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(tokenFile, []byte("hunter2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	data := "../../data/syria-comments.csv"
	tests := []struct {
		name string
		env  string // STANCE_TOKEN
		args []string
		want string
	}{
		{"weak -token", "", []string{"-addr", "0.0.0.0:0", "-token", "a"}, "-token: the token is too weak"},
		{"weak -token on loopback", "", []string{"-token", "s3cret-token"}, "-token: the token is too weak"},
		{"weak -token-file", "", []string{"-addr", "0.0.0.0:0", "-token-file", tokenFile}, "-token-file " + tokenFile + ": the token is too weak"},
		{"weak environment", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", []string{"-addr", "0.0.0.0:0"}, "$STANCE_TOKEN: the token is too weak"},
		{"two sources", "", []string{"-token", good, "-token-file", tokenFile}, "not both"},
		{"no port", "", []string{"-addr", "0.0.0.0"}, "missing port"},
		{"-max-conns 0", "", []string{"-max-conns", "0"}, "-max-conns 0: want an integer from 1 to 65536"},
		{"-max-conns -1", "", []string{"-max-conns", "-1"}, "-max-conns -1: want an integer from 1 to 65536"},
		{"-max-conns-per-addr huge", "", []string{"-max-conns-per-addr", "1000000000"}, "-max-conns-per-addr 1000000000: want an integer from 1 to 65536"},
		{"half a TLS pair", "", []string{"-tls-cert", "cert.pem"}, "-tls-cert and -tls-key go together"},
		{"no schema", "", []string{"-model", "none"}, "-labels must give the label schema"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("STANCE_TOKEN", tt.env)
			args := append([]string{"annotate", "-data", data, "-store", t.TempDir()}, tt.args...)
			code, _, stderr := stance(t, "", args...)
			if code != 2 || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, tt.want)
			}
		})
	}
}

// TestAnnotateToken checks where the token comes from and what is said
// about it: off the loopback without one, a token is generated into the
// store, and named by its file, not printed, when standard error is not
// a terminal; a token the user gave is never printed.
func TestAnnotateToken(t *testing.T) {
	const good = "3f9a0c7b1e5d2846a0b9c8d7e6f51324"
	tokenFile := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(tokenFile, []byte(good+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, addr, token, file, env string
		want                         string // the token; "generated" for a new one
		say                          string // in the announcement
	}{
		{"loopback", "127.0.0.1:0", "", "", "", "", "open http://127.0.0.1:0/"},
		{"open, none given", "0.0.0.0:0", "", "", "", "generated", "the access token is in "},
		{"-token", "0.0.0.0:0", good, "", "", good, "with the token you gave"},
		{"-token-file", "0.0.0.0:0", "", tokenFile, "", good, "with the token you gave"},
		{"environment", "0.0.0.0:0", "", "", good, good, "with the token you gave"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("STANCE_TOKEN", tt.env)
			a := &annotateCmd{addr: tt.addr, token: tt.token, tokenFile: tt.file}
			a.flags.store = filepath.Join(t.TempDir(), "store")
			var errb bytes.Buffer
			tok, err := a.accessToken(&errb)
			if err != nil {
				t.Fatal(err)
			}
			switch tt.want {
			case "generated":
				b, err := os.ReadFile(filepath.Join(a.flags.store, "token"))
				if err != nil || strings.TrimSpace(string(b)) != tok.value || len(tok.value) != 64 {
					t.Errorf("token %q, store file %q (%v); want 64 hex digits kept in the store", tok.value, b, err)
				}
			default:
				if tok.value != tt.want {
					t.Errorf("token %q, want %q", tok.value, tt.want)
				}
			}
			tok.announce(&errb, "http://"+tt.addr+"/", false, tt.addr)
			out := errb.String()
			if !strings.Contains(out, tt.say) || (tok.value != "" && strings.Contains(out, tok.value)) {
				t.Errorf("announcement %q: want %q in it and the token not", out, tt.say)
			}
			if open := tt.addr != "127.0.0.1:0"; open != strings.Contains(out, "unencrypted") {
				t.Errorf("announcement %q: a cleartext warning is due off the loopback only", out)
			}
		})
	}
}

// TestAnnotateRepairCommand damages line 2 of a store's journal and runs
// what a user would: annotate and annotate export fail naming the line and
// the way out (and leave no output file), export -skip-bad exports the
// rest, annotate repair moves the line to the quarantine and says so, a
// second repair changes nothing, and annotate export then succeeds.
func TestAnnotateRepairCommand(t *testing.T) {
	const dataFile = "../../data/syria-comments.csv"
	const labels = "stance=pro,anti;sentiment=neg,pos"
	store := filepath.Join(t.TempDir(), "store")
	// The store is made by a first annotate run that dies at once (its
	// address is taken), after creating meta.json.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	if code, _, stderr := stance(t, "", "annotate", "-data", dataFile, "-store", store, "-labels", labels, "-model", "none", "-addr", ln.Addr().String()); code != 1 || !strings.Contains(stderr, "address already in use") {
		t.Fatalf("annotate on a taken address: exit %d, %s", code, stderr)
	}
	journal := strings.Join([]string{
		`{"seq":1,"time":"2026-01-01T00:00:01Z","op":"label","annotator":"ann","id":"c001","labels":{"sentiment":"neg","stance":"anti"}}`,
		`garbage`,
		`{"seq":3,"time":"2026-01-01T00:00:03Z","op":"label","annotator":"ann","id":"c003","labels":{"sentiment":"pos","stance":"pro"}}`,
		`{"seq":4,"time":"2026-01-01T00:00:04Z","op":"label","annotator":"ann","id":"c004","labels":{"sentiment":"neg","stance":"pro"}}`,
	}, "\n") + "\n"
	jpath := filepath.Join(store, "journal.jsonl")
	if err := os.WriteFile(jpath, []byte(journal), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out.csv")
	repairCmd := fmt.Sprintf("stance annotate repair -store %s -data %s", shellQuote(store), shellQuote(dataFile))
	where := jpath + `:2: invalid character 'g' looking for beginning of value (1 line of 4 cannot be replayed)`
	tests := []struct {
		name         string
		args         []string
		code         int
		stdout       string // wanted in stdout
		stderr       string // wanted in stderr
		rows         int    // rows in out.csv, -1: no out.csv
		journalAfter string // "" means unchanged
	}{
		{"annotate", []string{"annotate", "-data", dataFile, "-store", store, "-labels", labels, "-model", "none", "-addr", "127.0.0.1:0"},
			1, "", where + "\nrun \"" + repairCmd + "\" to keep every good entry, renumbered, and move the lines that cannot be replayed to " + filepath.Join(store, "journal.quarantine.jsonl") + "\n", -1, ""},
		{"export", []string{"annotate", "export", "-data", dataFile, "-store", store, "-labels", labels, "-o", out},
			1, "", where + "\nrun \"" + repairCmd + "\" to keep every good entry, renumbered, and move the lines that cannot be replayed to " + filepath.Join(store, "journal.quarantine.jsonl") + ", or export with -skip-bad to leave them out of this export\n", -1, ""},
		{"export -skip-bad", []string{"annotate", "export", "-data", dataFile, "-store", store, "-labels", labels, "-skip-bad", "-o", out},
			0, "", "export: skipped 1 line of the journal's 4 that cannot be replayed, the first " + jpath + ":2: invalid character 'g' looking for beginning of value; \"" + repairCmd + "\" moves them to " + filepath.Join(store, "journal.quarantine.jsonl") + "\nexport: 3 of 202 comments exported", 3, ""},
		{"repair", []string{"annotate", "repair", "-store", store},
			0, "repair: " + jpath + " had 4 lines: kept 3 entries (2 renumbered, so that seq is the line number again); moved 1 line to " + filepath.Join(store, "journal.quarantine.jsonl") + ":\n  line 2: invalid character 'g' looking for beginning of value\n", "", -1,
			strings.Replace(strings.Replace(strings.Replace(journal, "garbage\n", "", 1), `"seq":3`, `"seq":2`, 1), `"seq":4`, `"seq":3`, 1)},
		{"repair again", []string{"annotate", "repair", "-store", store, "-data", dataFile},
			0, "repair: " + jpath + " is intact (3 entries); nothing changed\n", "", -1, ""},
		{"export after repair", []string{"annotate", "export", "-data", dataFile, "-store", store, "-labels", labels, "-o", out},
			0, "", "export: 3 of 202 comments exported", 3, ""},
		{"repair without -store", []string{"annotate", "repair"}, 2, "", "-store is required\nusage: stance annotate repair", -1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			os.Remove(out)
			before, _ := os.ReadFile(jpath)
			code, stdout, stderr := stance(t, "", tt.args...)
			if code != tt.code || !strings.Contains(stdout, tt.stdout) || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d\nstdout %q\nstderr %q\nwant exit %d, stdout with %q, stderr with %q", code, stdout, stderr, tt.code, tt.stdout, tt.stderr)
			}
			b, err := os.ReadFile(out)
			switch {
			case tt.rows < 0 && err == nil:
				t.Errorf("%s written", out)
			case tt.rows >= 0 && err != nil:
				t.Error(err)
			case tt.rows >= 0:
				if _, rows := readRows(t, string(b)); len(rows) != tt.rows {
					t.Errorf("%s: %d rows, want %d", out, len(rows), tt.rows)
				}
			}
			after, _ := os.ReadFile(jpath)
			want := tt.journalAfter
			if want == "" {
				want = string(before)
			}
			if string(after) != want {
				t.Errorf("journal after:\n%s\nwant\n%s", after, want)
			}
		})
	}
}
