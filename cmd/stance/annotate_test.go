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

func TestAnnotateRefusesOpenAddressWithoutToken(t *testing.T) {
	code, _, stderr := stance(t, "", "annotate", "-data", "../../data/syria-comments.csv", "-store", t.TempDir(), "-addr", "0.0.0.0:0")
	if code != 2 || !strings.Contains(stderr, "without a token") {
		t.Errorf("exit %d, stderr %q; want 2 and a refusal", code, stderr)
	}
	code, _, stderr = stance(t, "", "annotate", "-data", "x.csv", "-store", t.TempDir(), "-model", "none")
	if code != 2 || !strings.Contains(stderr, "-labels must give the label schema") {
		t.Errorf("exit %d, stderr %q; want 2 and a schema request", code, stderr)
	}
}
