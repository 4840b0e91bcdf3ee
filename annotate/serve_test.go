package annotate

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// bound is how long a request may take in these tests before it counts
// as stalled: far above what any takes on an idle machine, far below the
// timeouts a stalled server would run into.
const bound = 5 * time.Second

// served runs s.ServeListener on a fresh loopback port and returns the
// base URL and a stop function that cancels the server and reports how
// long ServeListener took to return.
func served(t *testing.T, s *Server) (string, func() time.Duration) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.ServeListener(ctx, ln, nil) }()
	stopped := false
	stop := func() time.Duration {
		stopped = true
		start := time.Now()
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("ServeListener: %v", err)
			}
		case <-time.After(2 * bound):
			t.Fatalf("ServeListener did not return within %v of its context ending", 2*bound)
		}
		return time.Since(start)
	}
	t.Cleanup(func() {
		if !stopped {
			stop()
		}
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return "http://" + ln.Addr().String(), stop
}

// newServer is New that fails the test on error.
func newServer(t *testing.T, cfg Config) *Server {
	t.Helper()
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// httpClient returns a client whose every request must finish within
// bound, with no connection reused across tests.
func httpClient() *http.Client {
	return &http.Client{Timeout: bound, Transport: &http.Transport{}}
}

// rawRequest opens a connection to base, with a receive buffer of 4 KiB
// when small (so the kernel holds little of a reply nobody reads), and
// writes req on it.
func rawRequest(t *testing.T, base, req string, small bool) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if small {
		c.(*net.TCPConn).SetReadBuffer(4096)
	}
	if _, err := io.WriteString(c, req); err != nil {
		t.Fatal(err)
	}
	return c
}

// TestStalledReader is the stall: one client asks for a reply far
// larger than the socket buffers (an item of 16 MB, and the agreement
// view) and never reads it. Before replies were encoded under the lock and
// written after it, /api/next held s.mu for writing while its reply
// blocked, and /api/state, /api/label and /api/next of every other client
// waited as long as the socket stayed open; shutdown waited as well.
func TestStalledReader(t *testing.T) {
	cfg := testConfig(t)
	big := strings.Repeat("a long comment ", 16<<20/15)
	cfg.Items[0].Text = big // first in file order: the next item of anyone
	cfg.Net.ShutdownGrace = 500 * time.Millisecond
	s := newServer(t, cfg)
	base, stop := served(t, s)
	hc := httpClient()

	for _, path := range []string{"/api/next?annotator=slow", "/api/item?annotator=slow&id=t01", "/api/history?annotator=slow"} {
		rawRequest(t, base, "GET "+path+" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", true)
	}
	// Give the stalled handlers time to fill the socket buffers and block.
	time.Sleep(300 * time.Millisecond)

	get := func(path string) []byte {
		t.Helper()
		resp, err := hc.Get(base + path)
		if err != nil {
			t.Fatalf("GET %s while a client stalls: %v", path, err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: status %d, %v", path, resp.StatusCode, err)
		}
		return b
	}
	page := string(get("/"))
	csrf := page[strings.Index(page, `csrf-token" content="`)+21:][:64]
	post := func(body string) {
		t.Helper()
		req, _ := http.NewRequest("POST", base+"/api/label", strings.NewReader(body))
		req.Header.Set("X-CSRF-Token", csrf)
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatalf("POST /api/label while a client stalls: %v", err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("POST /api/label: status %d", resp.StatusCode)
		}
	}
	get("/api/state?annotator=fast")
	post(`{"annotator":"fast","id":"t02","labels":{"stance":"neutral","sentiment":"neutral"}}`)
	var next struct{ Item *itemView }
	if err := json.Unmarshal(get("/api/next?annotator=fast"), &next); err != nil || next.Item == nil {
		t.Fatalf("/api/next for fast: %v %+v", err, next)
	}
	post(fmt.Sprintf(`{"annotator":"fast","id":%q,"labels":{"stance":"neutral","sentiment":"neutral"}}`, next.Item.ID))
	// The agreement view holds every text labelled twice: label the big
	// item twice and let one more client stall on it.
	post(`{"annotator":"fast","id":"t01","labels":{"stance":"neutral","sentiment":"neutral"}}`)
	post(`{"annotator":"other","id":"t01","labels":{"stance":"anti-intervention","sentiment":"neutral"}}`)
	if b := get("/api/agreement"); len(b) < len(big) {
		t.Fatalf("/api/agreement is %d bytes; the test needs the big item in it", len(b))
	}
	rawRequest(t, base, "GET /api/agreement HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", true)
	time.Sleep(300 * time.Millisecond)
	get("/api/state")
	post(`{"annotator":"fast","id":"t03","labels":{"stance":"neutral","sentiment":"neutral"}}`)

	if took := stop(); took > cfg.Net.ShutdownGrace+bound {
		t.Errorf("shutdown took %v with stalled clients; want about ShutdownGrace (%v)", took, cfg.Net.ShutdownGrace)
	}
}

// readReply reads one HTTP response from c within bound.
func readReply(t *testing.T, c net.Conn) (*http.Response, error) {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(bound))
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err == nil {
		resp.Body.Close()
	}
	return resp, err
}

// TestSlowBody sends a request's headers and then its body a byte at a
// time. The reply must come within bound: at once for a request that is
// refused on its headers (no token, no CSRF header), whose body is then
// not read; after ReadTimeout for one the handler reads. Before, only
// ReadHeaderTimeout was set, so the trickle kept the connection forever,
// and a refused request's reply waited until net/http had drained up to
// 256 KiB of its body.
func TestSlowBody(t *testing.T) {
	const token = "0123456789abcdef0123456789abcdef"
	tests := []struct {
		name   string
		token  string
		header string
		want   int
	}{
		{"no token", token, "", http.StatusUnauthorized},
		{"no CSRF header", token, "Authorization: Bearer " + token + "\r\n", http.StatusForbidden},
		{"no CSRF header, no token needed", "", "", http.StatusForbidden},
		{"valid, cut by ReadTimeout", "", "X-CSRF-Token: {csrf}\r\n", http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig(t)
			cfg.Token = tt.token
			cfg.Net.ReadTimeout = 3 * time.Second
			s := newServer(t, cfg)
			base, _ := served(t, s)
			header := strings.ReplaceAll(tt.header, "{csrf}", s.csrf)
			c := rawRequest(t, base, "POST /api/label HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"+
				header+"Content-Length: 100000\r\n\r\n{", false)
			stopTrickle := make(chan struct{})
			defer close(stopTrickle)
			go func() {
				for {
					select {
					case <-stopTrickle:
						return
					case <-time.After(50 * time.Millisecond):
						if _, err := c.Write([]byte(" ")); err != nil {
							return
						}
					}
				}
			}()
			start := time.Now()
			resp, err := readReply(t, c)
			if err != nil {
				t.Fatalf("no reply within %v of a slow body: %v", bound, err)
			}
			if resp.StatusCode != tt.want {
				t.Errorf("status %d, want %d", resp.StatusCode, tt.want)
			}
			if tt.want != http.StatusBadRequest && time.Since(start) > cfg.Net.ReadTimeout/2 {
				t.Errorf("a refusal took %v: the body was read first", time.Since(start))
			}
			// The connection is closed after the reply, not kept for the
			// rest of the body: a refusal's at once, without waiting for
			// ReadTimeout.
			c.SetReadDeadline(time.Now().Add(bound))
			if n, err := io.Copy(io.Discard, c); err != nil {
				t.Errorf("connection still open %v after the reply (%d bytes more): %v", bound, n, err)
			}
			if tt.want != http.StatusBadRequest && time.Since(start) > cfg.Net.ReadTimeout/2 {
				t.Errorf("a refused connection closed after %v: its body was read", time.Since(start))
			}
		})
	}
}

// TestConnLimits holds connections open and checks that the one over a
// cap is answered 503 at once, while a client from another address (the
// per-address cap) or one that comes after a connection closed is served.
func TestConnLimits(t *testing.T) {
	// 127.0.0.2 is the other address: every loopback address reaches a
	// server on 127.0.0.1 under Linux.
	other := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP("127.0.0.2")}}
	if c, err := other.Dial("tcp", "127.0.0.1:1"); err != nil && strings.Contains(err.Error(), "assign requested address") {
		t.Skipf("cannot dial from 127.0.0.2 here: %v", err)
	} else if err == nil {
		c.Close()
	}
	tests := []struct {
		name           string
		total, perAddr int
		otherServed    bool
	}{
		{"per address", 100, 3, true},
		{"in all", 3, 100, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig(t)
			log := cfg.Log.(*testLog)
			cfg.Net.MaxConns, cfg.Net.MaxConnsPerAddr = tt.total, tt.perAddr
			s := newServer(t, cfg)
			base, _ := served(t, s)
			addr := strings.TrimPrefix(base, "http://")
			const req = "GET /api/config HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
			// ask sends one request on c and returns the status, or 0
			// when the connection ends without a reply.
			ask := func(c net.Conn) int {
				t.Helper()
				if _, err := io.WriteString(c, req); err != nil {
					return 0
				}
				resp, err := readReply(t, c)
				if err != nil {
					return 0
				}
				return resp.StatusCode
			}
			var held []net.Conn
			for range 3 {
				c := rawRequest(t, base, "", false)
				if got := ask(c); got != http.StatusOK {
					t.Fatalf("connection %d: status %d, want 200", len(held)+1, got)
				}
				held = append(held, c) // kept open, idle
			}
			// Over the cap: the reply comes without a request.
			c := rawRequest(t, base, "", false)
			resp, err := readReply(t, c)
			if err != nil || resp.StatusCode != http.StatusServiceUnavailable {
				t.Fatalf("fourth connection: %v %v, want 503", resp, err)
			}
			if !strings.Contains(log.String(), "refusing a connection from 127.0.0.1") {
				t.Errorf("no log line about the refusal in %q", log.String())
			}
			oc, err := other.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			defer oc.Close()
			want := http.StatusServiceUnavailable
			if tt.otherServed {
				want = http.StatusOK
				if got := ask(oc); got != want {
					t.Errorf("from 127.0.0.2: status %d, want %d", got, want)
				}
			} else if resp, err := readReply(t, oc); err != nil || resp.StatusCode != want {
				t.Errorf("from 127.0.0.2: %v %v, want 503", resp, err)
			}
			// A slot freed is taken again.
			held[0].Close()
			deadline := time.Now().Add(bound)
			for {
				c := rawRequest(t, base, "", false)
				if ask(c) == http.StatusOK {
					break
				}
				c.Close()
				if time.Now().After(deadline) {
					t.Fatal("no connection served after one of the held ones closed")
				}
				time.Sleep(20 * time.Millisecond)
			}
		})
	}
}

// TestAuthRateLimit checks that an address that failed the token check
// AuthFailures times gets 429 with Retry-After, even with the right
// token, until AuthRefill has passed.
func TestAuthRateLimit(t *testing.T) {
	cfg := testConfig(t)
	cfg.Token = "0123456789abcdef0123456789abcdef"
	cfg.Net.AuthFailures, cfg.Net.AuthRefill = 3, 400*time.Millisecond
	_, c := start(t, cfg)
	try := func(tok string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest("GET", c.url+"/api/state", nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := c.hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	for i := range cfg.Net.AuthFailures {
		if got := try("wrong").StatusCode; got != http.StatusUnauthorized {
			t.Fatalf("failure %d: status %d, want 401", i+1, got)
		}
	}
	for _, tok := range []string{"wrong", cfg.Token} {
		resp := try(tok)
		if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "1" {
			t.Errorf("after %d failures, token %q: status %d, Retry-After %q; want 429 and 1 (second)",
				cfg.Net.AuthFailures, tok, resp.StatusCode, resp.Header.Get("Retry-After"))
		}
	}
	// One try is allowed again after AuthRefill.
	time.Sleep(cfg.Net.AuthRefill + 100*time.Millisecond)
	if got := try(cfg.Token).StatusCode; got != http.StatusOK {
		t.Errorf("after AuthRefill, the right token: status %d, want 200", got)
	}
}

func TestCheckToken(t *testing.T) {
	generated, err := NewToken()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		tok  string
		ok   bool
		want string // in the error
	}{
		{generated, true, ""},
		{"3f9a0c7b1e5d2846a0b9c8d7e6f51324", true, ""},                   // 32 hex digits: 128 bits
		{"Qx7_mZ2-kP9vR4tW8yB3nA", true, ""},                             // 22 base64url characters: 132 bits at most
		{"31415926535897932384626433832795028841", false, "at most 126"}, // 38 digits: 38 × log2(10) = 126 bits
		{"", false, "empty"},
		{"a", false, "too weak"},
		{"s3cret-token", false, "too weak"},
		{strings.Repeat("a", 40), false, "different characters"},
		{strings.Repeat("k3x9_Qz7Lm", 4), false, "repeats"},
		{"abcdefghijklmnopqrstuvwxyz0123456789", false, "runs"},
		{"3f9a0c7b1e5d2846 a0b9c8d7e6f51324", false, `holds ' '`},
		{"3f9a0c7b1e5d2846+a0b9c8d7e6f51324", false, `holds '+'`},
	}
	for _, tt := range tests {
		t.Run(tt.tok, func(t *testing.T) {
			err := CheckToken(tt.tok)
			if (err == nil) != tt.ok || (err != nil && !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("CheckToken(%q) = %v; want ok %v, error with %q", tt.tok, err, tt.ok, tt.want)
			}
		})
	}
}

func TestStoreToken(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "store")
	tok, path, created, err := StoreToken(dir)
	if err != nil || !created || CheckToken(tok) != nil {
		t.Fatalf("first StoreToken: %q %v %v", tok, created, err)
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("token file %s: %v, mode %v; want 0600", path, err, st.Mode().Perm())
	}
	again, _, created, err := StoreToken(dir)
	if err != nil || created || again != tok {
		t.Errorf("second StoreToken: %q created %v %v; want the same token kept", again, created, err)
	}
	if err := os.WriteFile(path, []byte("weak\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := StoreToken(dir); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("weak stored token: %v; want an error naming %s", err, path)
	}
}

// selfSigned writes a fresh certificate for 127.0.0.1 and its key as PEM
// files in a temporary directory and returns their paths and the pool
// that trusts the certificate.
func selfSigned(t *testing.T) (cert, key string, pool *x509.CertPool) {
	t.Helper()
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "stance annotate test"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &priv.PublicKey, priv)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cert, key = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(cert, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(key, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool = x509.NewCertPool()
	pool.AddCert(c)
	return cert, key, pool
}

// TestTLS serves over HTTPS with TLSCert and TLSKey: the page loads with
// the token, and the cookie that carries it is Secure, so a browser never
// sends it in cleartext.
func TestTLS(t *testing.T) {
	cfg := testConfig(t)
	cfg.Token = "0123456789abcdef0123456789abcdef"
	var pool *x509.CertPool
	cfg.TLSCert, cfg.TLSKey, pool = selfSigned(t)
	s := newServer(t, cfg)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	urls := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- s.ServeListener(ctx, ln, func(u string) { urls <- u }) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
		s.Close()
	})
	base := <-urls
	if !strings.HasPrefix(base, "https://") {
		t.Fatalf("ready URL %q; want https", base)
	}
	hc := &http.Client{
		Timeout:       bound,
		Transport:     &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	resp, err := hc.Get(base + "?token=" + cfg.Token)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	set := resp.Header.Get("Set-Cookie")
	if resp.StatusCode != http.StatusSeeOther || !strings.Contains(set, "; Secure") {
		t.Errorf("status %d, Set-Cookie %q; want 303 and a Secure cookie", resp.StatusCode, set)
	}
	// net/http answers a plain request on a TLS port with a bare 400.
	plain, err := (&http.Client{Timeout: bound}).Get(strings.Replace(base, "https", "http", 1) + "api/config")
	if err == nil {
		plain.Body.Close()
		if plain.StatusCode != http.StatusBadRequest {
			t.Errorf("plain HTTP on the TLS port: status %d, want 400", plain.StatusCode)
		}
	}
}

func TestNetLimits(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Config)
		want string // in the error; "" for none
	}{
		{"defaults", func(*Config) {}, ""},
		{"negative timeout", func(c *Config) { c.Net.ReadTimeout = -time.Second }, "Net.ReadTimeout = -1s"},
		{"negative cap", func(c *Config) { c.Net.MaxConnsPerAddr = -1 }, "Net.MaxConnsPerAddr = -1"},
		{"certificate without key", func(c *Config) { c.TLSCert = "cert.pem" }, "TLSCert and TLSKey go together"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig(t)
			tt.edit(&cfg)
			got, err := cfg.validate()
			if tt.want == "" {
				if err != nil || got.Net != DefaultNetLimits() {
					t.Errorf("validate: %v, Net %+v; want the defaults %+v", err, got.Net, DefaultNetLimits())
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("validate: %v; want an error with %q", err, tt.want)
			}
		})
	}
	// The connection cap leaves half the open-file limit free.
	for _, tt := range []struct{ nofile, want int }{{0, 256}, {1 << 20, 256}, {512, 256}, {200, 100}, {1, 1}} {
		if got := defaultMaxConns(tt.nofile); got != tt.want {
			t.Errorf("defaultMaxConns(%d) = %d, want %d", tt.nofile, got, tt.want)
		}
	}
}
