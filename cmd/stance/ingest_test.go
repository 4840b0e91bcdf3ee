package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestIngestThenAnnotate is the issue's bar: `stance ingest seeds/*.txt >
// c.csv && stance annotate -data c.csv -store s` starts (it refused the
// old output for its repeated id "a001"), and stops when cancelled.
func TestIngestThenAnnotate(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "c.csv")
	seeds, _ := filepath.Glob("../../seeds/*.txt")
	if code, _, stderr := stance(t, "", append([]string{"ingest", "-o", csv}, seeds...)...); code != 0 {
		t.Fatalf("ingest exited %d: %s", code, stderr)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan string, 1)
	go func() {
		var out, errb strings.Builder
		args := []string{"annotate", "-data", csv, "-store", filepath.Join(dir, "s"), "-addr", addr, "-retrain-every", "0"}
		err := newEnv(strings.NewReader("")).run(ctx, args, &out, &errb)
		done <- fmt.Sprintf("%v: %s", err, errb.String())
	}()
	for i := 0; ; i++ {
		resp, err := http.Get("http://" + addr + "/")
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK || !strings.Contains(string(b), "<html") {
				t.Fatalf("GET / = %d %.200s", resp.StatusCode, b)
			}
			break
		}
		select {
		case msg := <-done:
			t.Fatalf("annotate stopped before serving: %s", msg)
		default:
		}
		if i > 200 {
			t.Fatalf("server did not start: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	select {
	case msg := <-done:
		if !strings.HasPrefix(msg, "<nil>") {
			t.Errorf("annotate ended with %s", msg)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("annotate did not stop when cancelled")
	}
}
