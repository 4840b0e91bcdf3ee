package annotate

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestCheckAddr(t *testing.T) {
	tests := []struct {
		addr, token string
		ok          bool
	}{
		{"127.0.0.1:8080", "", true},
		{"127.0.0.2:0", "", true},
		{"[::1]:8080", "", true},
		{"localhost:8080", "", true},
		{"0.0.0.0:8080", "", false},
		{":8080", "", false},
		{"192.168.1.5:8080", "", false},
		{"example.org:80", "", false},
		{"0.0.0.0:8080", "secret", true},
		{":8080", "secret", true},
		{"127.0.0.1", "", false}, // no port
	}
	for _, tt := range tests {
		t.Run(tt.addr+"/"+tt.token, func(t *testing.T) {
			err := CheckAddr(tt.addr, tt.token)
			if got := err == nil; got != tt.ok {
				t.Errorf("CheckAddr(%q, %q) = %v, want ok %v", tt.addr, tt.token, err, tt.ok)
			}
		})
	}
}

func TestSecurityHeaders(t *testing.T) {
	_, c := start(t, testConfig(t))
	for _, path := range []string{"/", "/static/app.js", "/api/state", "/api/next", "/nope"} {
		t.Run(path, func(t *testing.T) {
			req, _ := http.NewRequest("GET", c.url+path, nil)
			resp, err := c.hc.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			want := map[string]string{
				"X-Content-Type-Options": "nosniff",
				"Referrer-Policy":        "no-referrer",
				"X-Frame-Options":        "DENY",
			}
			for k, v := range want {
				if got := resp.Header.Get(k); got != v {
					t.Errorf("%s: got %q, want %q", k, got, v)
				}
			}
			csp := resp.Header.Get("Content-Security-Policy")
			for _, part := range []string{"default-src 'self'", "script-src 'self'", "frame-ancestors 'none'"} {
				if !strings.Contains(csp, part) {
					t.Errorf("Content-Security-Policy %q lacks %q", csp, part)
				}
			}
			if strings.Contains(csp, "unsafe-inline") {
				t.Errorf("Content-Security-Policy %q allows inline code", csp)
			}
		})
	}
}

func TestToken(t *testing.T) {
	cfg := testConfig(t)
	cfg.Token = "s3cret-token"
	_, c := start(t, cfg) // the client sends the bearer token
	u, err := url.Parse(c.url)
	if err != nil {
		t.Fatal(err)
	}
	cookie := "stance_token_" + u.Port()
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	tests := []struct {
		name   string
		path   string
		header map[string]string
		want   int
	}{
		{"nothing", "/api/state", nil, http.StatusUnauthorized},
		{"page without token", "/", nil, http.StatusUnauthorized},
		{"wrong bearer", "/api/state", map[string]string{"Authorization": "Bearer nope"}, http.StatusUnauthorized},
		{"bearer", "/api/state", map[string]string{"Authorization": "Bearer s3cret-token"}, http.StatusOK},
		{"cookie", "/api/state", map[string]string{"Cookie": cookie + "=s3cret-token"}, http.StatusOK},
		{"wrong cookie", "/api/state", map[string]string{"Cookie": cookie + "=s3cret"}, http.StatusUnauthorized},
		{"query on the page", "/?token=s3cret-token", nil, http.StatusSeeOther},
		{"wrong query on the page", "/?token=nope", nil, http.StatusUnauthorized},
		{"query on the API", "/api/state?token=s3cret-token", nil, http.StatusUnauthorized},
		{"static without token", "/static/app.js", nil, http.StatusUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest("GET", c.url+tt.path, nil)
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			resp, err := noRedirect.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.want {
				t.Fatalf("GET %s: got status %d, want %d", tt.path, resp.StatusCode, tt.want)
			}
			if resp.StatusCode != http.StatusSeeOther {
				return
			}
			if got := resp.Header.Get("Location"); got != "/" {
				t.Errorf("redirect to %q, want / (token out of the URL)", got)
			}
			set := resp.Header.Get("Set-Cookie")
			for _, want := range []string{cookie + "=s3cret-token", "HttpOnly", "SameSite=Strict"} {
				if !strings.Contains(set, want) {
					t.Errorf("Set-Cookie %q lacks %q", set, want)
				}
			}
		})
	}
	// A POST needs the token as well as the CSRF header.
	req, _ := http.NewRequest("POST", c.url+"/api/retrain", strings.NewReader("{}"))
	req.Header.Set("X-CSRF-Token", c.csrf)
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("POST with CSRF but no token: got %d, want 401", resp.StatusCode)
	}
}

func TestHostCheck(t *testing.T) {
	tests := []struct {
		name  string
		token string
		host  string
		want  int
	}{
		{"ip", "", "127.0.0.1:9", http.StatusOK},
		{"localhost", "", "localhost:9", http.StatusOK},
		{"ipv6", "", "[::1]:9", http.StatusOK},
		{"rebinding name", "", "evil.example:9", http.StatusForbidden},
		{"name with token", "tok", "annotate.lab.example:9", http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig(t)
			cfg.Token = tt.token
			_, c := start(t, cfg)
			req, _ := http.NewRequest("GET", c.url+"/api/state", nil)
			req.Host = tt.host
			if tt.token != "" {
				req.Header.Set("Authorization", "Bearer "+tt.token)
			}
			resp, err := c.hc.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.want {
				t.Errorf("Host %q: got status %d, want %d", tt.host, resp.StatusCode, tt.want)
			}
		})
	}
}

func TestCSRF(t *testing.T) {
	_, c := start(t, testConfig(t))
	body := `{"annotator":"ann","id":"t01","labels":{"stance":"neutral","sentiment":"neutral"}}`
	paths := []string{"/api/label", "/api/skip", "/api/undo", "/api/adjudicate", "/api/retrain"}
	tests := []struct {
		name  string
		token string
		set   bool
	}{
		{"missing", "", false},
		{"empty", "", true},
		{"wrong", strings.Repeat("0", 64), true},
		{"prefix", c.csrf[:32], true},
	}
	for _, path := range paths {
		for _, tt := range tests {
			t.Run(path+"/"+tt.name, func(t *testing.T) {
				req, _ := http.NewRequest("POST", c.url+path, strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				if tt.set {
					req.Header.Set("X-CSRF-Token", tt.token)
				}
				resp, err := c.hc.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusForbidden {
					t.Errorf("got status %d, want 403", resp.StatusCode)
				}
			})
		}
	}
	if n := len(c.history("ann")); n != 0 {
		t.Errorf("requests without CSRF token left %d history entries", n)
	}
	// The same request with the token goes through.
	c.label("ann", "t01", "neutral", "neutral")
}

func TestBodyLimit(t *testing.T) {
	_, c := start(t, testConfig(t))
	big := `{"annotator":"ann","id":"` + strings.Repeat("x", maxBody) + `"}`
	for _, path := range []string{"/api/label", "/api/skip", "/api/undo", "/api/adjudicate", "/api/retrain"} {
		t.Run(path, func(t *testing.T) {
			req, _ := http.NewRequest("POST", c.url+path, bytes.NewReader([]byte(big)))
			req.Header.Set("X-CSRF-Token", c.csrf)
			resp, err := c.hc.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusRequestEntityTooLarge {
				t.Errorf("got status %d, want 413", resp.StatusCode)
			}
		})
	}
}

// TestEscaping checks that user text never reaches the page as markup: the
// page itself holds no user data, the API answers JSON with <, > and &
// escaped, and the script builds no DOM from HTML strings.
func TestEscaping(t *testing.T) {
	cfg := testConfig(t)
	_, c := start(t, cfg)
	_, page := c.do("GET", "/", nil, nil)
	for _, s := range []string{"<script>alert", "Author 3", "fixture", "<unsure>", "Codebook\n"} {
		if bytes.Contains(page, []byte(s)) {
			t.Errorf("page contains user data %q", s)
		}
	}
	status, body := c.do("GET", "/api/item?annotator=ann&id=t03", nil, nil)
	if status != http.StatusOK {
		t.Fatalf("GET /api/item: %d %s", status, body)
	}
	if bytes.Contains(body, []byte("<script>")) || bytes.Contains(body, []byte("<b>")) {
		t.Errorf("API response holds raw markup: %s", body)
	}
	if !bytes.Contains(body, []byte(`\u003cscript\u003ealert(1)\u003c/script\u003e`)) {
		t.Errorf("API response lacks the escaped comment: %s", body)
	}
	var v itemView
	c.get("/api/item?annotator=ann&id=t03", &v)
	if v.Text != xssText {
		t.Errorf("text round trip: got %q, want %q", v.Text, xssText)
	}
	js, err := webFiles.ReadFile("web/app.js")
	if err != nil {
		t.Fatal(err)
	}
	for _, sink := range []string{"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("} {
		if bytes.Contains(js, []byte(sink)) {
			t.Errorf("app.js uses %s", sink)
		}
	}
	html, _ := webFiles.ReadFile("web/index.html")
	if bytes.Contains(html, []byte("<script>")) || bytes.Contains(html, []byte(" style=")) || bytes.Contains(html, []byte("onclick")) {
		t.Errorf("index.html has inline script or style, which the CSP blocks")
	}
}
