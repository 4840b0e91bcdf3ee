package annotate

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// syncBuffer collects a child's standard error from its copying goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// serverProcess is the test binary running serveMain on a store.
type serverProcess struct {
	cmd    *exec.Cmd
	url    string
	stderr *syncBuffer
	done   chan struct{} // closed when the process has been waited for
}

func startProcess(t *testing.T, dir string) *serverProcess {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	p := &serverProcess{cmd: exec.Command(exe, "-test.run=^$"), stderr: &syncBuffer{}, done: make(chan struct{})}
	p.cmd.Env = append(os.Environ(), serveEnv+"="+dir)
	p.cmd.Stderr = p.stderr
	out, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		p.cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.done
	})
	line := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		sc.Scan()
		line <- sc.Text()
		io.Copy(io.Discard, out)
	}()
	select {
	case l := <-line:
		u, ok := strings.CutPrefix(l, "listening ")
		if !ok {
			t.Fatalf("server process said %q; stderr: %s", l, p.stderr.String())
		}
		p.url = u
	case <-time.After(15 * time.Second):
		t.Fatalf("server process did not start; stderr: %s", p.stderr.String())
	}
	return p
}

// kill sends SIGKILL and waits for the process to be gone.
func (p *serverProcess) kill(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-p.done
}

func fetchCSRF(t *testing.T, hc *http.Client, url string) string {
	t.Helper()
	resp, err := hc.Get(url + "/")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	m := regexp.MustCompile(`<meta name="csrf-token" content="([0-9a-f]{64})">`).FindSubmatch(b)
	if m == nil {
		t.Fatalf("no CSRF token in the page")
	}
	return string(m[1])
}

// TestKillAndRestart runs the server as a separate process, labels from
// several goroutines and SIGKILLs the process at a random moment while
// requests are in flight, three times over. After every restart each
// acknowledged label must be there, and the journal must be whole.
func TestKillAndRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("starts server processes")
	}
	dir := t.TempDir()
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 1))
	items := manyItems(crashItems)
	cols := DefaultColumns()
	hc := &http.Client{Timeout: 10 * time.Second}

	// acked["annotator/id"] is the labels the server acknowledged. Every
	// annotator labels each item at most once, so an unacknowledged
	// relabel can never make an acknowledged label look lost.
	acked := map[string][2]string{}
	var mu sync.Mutex

	verify := func(url string) {
		t.Helper()
		anns := map[string]bool{}
		for k := range acked {
			anns[strings.Split(k, "/")[0]] = true
		}
		missing := 0
		for ann := range anns {
			var res struct {
				History []historyEntry `json:"history"`
			}
			resp, err := hc.Get(url + "/api/history?annotator=" + ann)
			if err != nil {
				t.Fatal(err)
			}
			json.NewDecoder(resp.Body).Decode(&res)
			resp.Body.Close()
			have := map[string][2]string{}
			for _, h := range res.History {
				have[h.ID] = [2]string{h.Labels["stance"], h.Labels["sentiment"]}
			}
			for k, want := range acked {
				a, id, _ := strings.Cut(k, "/")
				if a != ann {
					continue
				}
				if got, ok := have[id]; !ok || got != want {
					missing++
					if missing < 5 {
						t.Errorf("acknowledged label %s = %v: after restart got %v (present %v)", k, want, got, ok)
					}
				}
			}
		}
		if missing > 0 {
			t.Fatalf("%d acknowledged labels lost", missing)
		}
	}

	for round := range 3 {
		p := startProcess(t, dir)
		verify(p.url)
		csrf := fetchCSRF(t, hc, p.url)
		var wg sync.WaitGroup
		var errs []string
		for w := range 4 {
			ann := fmt.Sprintf("r%dw%d", round, w)
			wg.Go(func() {
				for k := range items {
					labels := [2]string{cols[0].Labels[(k+w)%len(cols[0].Labels)], cols[1].Labels[k%len(cols[1].Labels)]}
					body, _ := json.Marshal(map[string]any{"annotator": ann, "id": items[k].ID,
						"labels": map[string]string{"stance": labels[0], "sentiment": labels[1]}})
					req, _ := http.NewRequest("POST", p.url+"/api/label", bytes.NewReader(body))
					req.Header.Set("X-CSRF-Token", csrf)
					resp, err := hc.Do(req)
					if err != nil {
						return // killed
					}
					var out actionResponse
					derr := json.NewDecoder(resp.Body).Decode(&out)
					resp.Body.Close()
					if derr != nil {
						return // killed while answering: not acknowledged
					}
					mu.Lock()
					if resp.StatusCode == http.StatusOK && out.Saved {
						acked[ann+"/"+items[k].ID] = labels
					} else {
						errs = append(errs, fmt.Sprintf("%s %s: status %d", ann, items[k].ID, resp.StatusCode))
					}
					mu.Unlock()
				}
			})
		}
		time.Sleep(time.Duration(30+rng.IntN(250)) * time.Millisecond)
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		p.kill(t)
		wg.Wait()
		if len(errs) > 0 {
			t.Fatalf("round %d: refused labels: %v", round, errs[:min(5, len(errs))])
		}
		t.Logf("round %d: killed after %d acknowledged labels in all (%d at the kill signal)", round, len(acked), n)
		if len(acked) == 0 {
			t.Fatalf("round %d: no label acknowledged before the kill", round)
		}
	}

	p := startProcess(t, dir)
	verify(p.url)
	p.kill(t)
	// The restart truncated any partial line: the journal is whole, and
	// Export reads it.
	entries := journalLines(t, dir)
	if len(entries) < len(acked) {
		t.Errorf("journal has %d entries for %d acknowledged labels", len(entries), len(acked))
	}
	var sb strings.Builder
	st, err := Export(dir, items, cols, "r0w0", &sb)
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for k := range acked {
		if strings.HasPrefix(k, "r0w0/") {
			want++
		}
	}
	if st.Exported < want {
		t.Errorf("export of r0w0: %d rows, %d acknowledged", st.Exported, want)
	}
}
