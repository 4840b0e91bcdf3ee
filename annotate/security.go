package annotate

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
)

// maxBody bounds request bodies: the largest real one, a label action, is
// a few hundred bytes.
const maxBody = 64 << 10

// tokenCookie carries Config.Token after the first page load.
const tokenCookie = "stance_annotate_token"

// csp allows only the server's own scripts, styles and fetches: user text
// can never run as script even if it reached the DOM as HTML.
const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
	"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// CheckAddr refuses to listen on addr (host:port) beyond the loopback
// interface without a token: anyone who can reach the port could read the
// comments and change the annotations. An empty host (":8080") means every
// interface. Host names other than localhost count as non-loopback, since
// what they resolve to can change.
func CheckAddr(addr, token string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("address %q: %w", addr, err)
	}
	if loopback(host) || token != "" {
		return nil
	}
	return fmt.Errorf("refusing to listen on %s without a token: anyone who can reach it could read and change the annotations; listen on 127.0.0.1, or set a token", addr)
}

func loopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

// literalHost reports whether the Host header names the server by IP
// address or as localhost. A web page on another site can make the browser
// send requests to 127.0.0.1 under its own domain name (DNS rebinding) and
// then read the responses as same-origin; such requests carry that domain
// in Host, so refusing other names closes the hole when no token guards
// the server.
func literalHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	return strings.EqualFold(host, "localhost") || net.ParseIP(host) != nil
}

func equalSecret(got, want string) bool {
	return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// guard wraps every request: security headers, the Host check, the token,
// the CSRF token on state-changing requests, and the body size limit.
func (s *Server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		if s.cfg.Token == "" && !literalHost(r.Host) {
			fail(w, http.StatusForbidden, "host %q not allowed: open the page at 127.0.0.1 or localhost", r.Host)
			return
		}
		if s.cfg.Token != "" && !s.authorize(w, r) {
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			if !equalSecret(r.Header.Get("X-CSRF-Token"), s.csrf) {
				fail(w, http.StatusForbidden, "missing or wrong X-CSRF-Token header (reload the page if the server was restarted)")
				return
			}
			r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		}
		next.ServeHTTP(w, r)
	})
}

// authorize checks Config.Token, from an Authorization: Bearer header or
// the cookie. On the page itself, ?token= is also accepted: the server
// then sets the cookie and redirects to the bare URL, so the token does not
// stay in the address bar or the browser history. It writes the response
// and returns false when the request may not go on.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) bool {
	if auth, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok && equalSecret(auth, s.cfg.Token) {
		return true
	}
	if c, err := r.Cookie(tokenCookie); err == nil && equalSecret(c.Value, s.cfg.Token) {
		return true
	}
	if q := r.URL.Query().Get("token"); q != "" && r.Method == http.MethodGet && r.URL.Path == "/" && equalSecret(q, s.cfg.Token) {
		http.SetCookie(w, &http.Cookie{
			Name:     tokenCookie,
			Value:    s.cfg.Token,
			Path:     "/",
			HttpOnly: true,
			SameSite: http.SameSiteStrictMode,
		})
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return false
	}
	w.Header().Set("WWW-Authenticate", `Bearer realm="stance annotate"`)
	fail(w, http.StatusUnauthorized, "this server needs its token: open the URL with ?token=… that stance annotate printed")
	return false
}

// bodyStatus maps a body decoding error onto 413 for an oversized body and
// 400 otherwise.
func bodyStatus(err error) int {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusBadRequest
}
