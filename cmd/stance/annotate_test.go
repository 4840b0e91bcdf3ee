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
		{"-max-conns 0", "", []string{"-max-conns", "0"}, "-max-conns 0: want 1 to 65536"},
		{"-max-conns -1", "", []string{"-max-conns", "-1"}, "-max-conns -1: want 1 to 65536"},
		{"-max-conns-per-addr huge", "", []string{"-max-conns-per-addr", "1000000000"}, "-max-conns-per-addr 1000000000: want 1 to 65536"},
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
