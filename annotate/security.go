package annotate

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"
)

// maxBody bounds request bodies: the largest real one, a label action, is
// a few hundred bytes.
const maxBody = 64 << 10

// tokenCookie carries Config.Token after the first page load. Browsers
// share cookies between the ports of one host (RFC 6265, section 8.5), so
// the name carries the server's port: two servers on one host then keep
// a cookie each instead of overwriting each other's.
func tokenCookie(port string) string {
	if port == "" {
		return "stance_token"
	}
	return "stance_token_" + port
}

// localPort returns the port the request came in on: the server's own,
// unique on its host, unlike the one in Host, which a proxy may rewrite.
func localPort(r *http.Request) string {
	if a, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr); ok {
		if _, port, err := net.SplitHostPort(a.String()); err == nil {
			return port
		}
	}
	if _, port, err := net.SplitHostPort(r.Host); err == nil {
		return port
	}
	return ""
}

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

// lingerTime is how long a refused connection is kept, after the reply
// and a half-close, to take what the client still sends: closing a socket
// with unread data resets it, and the client could lose the reply.
const lingerTime = 500 * time.Millisecond

// refuse writes an error without reading the request's body, and ends
// the connection after it. Otherwise net/http would read (up to 256 KiB
// of) the body, before the reply and again after it, so that a client
// without the token could hold the answer back, and the connection open
// until ReadTimeout, by sending its body slowly.
func refuse(w http.ResponseWriter, r *http.Request, status int, format string, args ...any) {
	if r.ContentLength == 0 {
		fail(w, status, format, args...)
		return
	}
	w.Header().Set("Connection", "close")
	fail(w, status, format, args...)
	rc := http.NewResponseController(w)
	if rc.Flush() != nil {
		return
	}
	// Where hijacking is not possible (HTTP/2), net/http closes the
	// connection after the reply itself, within ReadTimeout.
	if c, _, err := rc.Hijack(); err == nil {
		go closeSoon(c)
	}
}

// closeSoon half-closes c after the reply, takes what the client still
// sends for lingerTime at most, and closes it.
func closeSoon(c net.Conn) {
	if cw, ok := c.(interface{ CloseWrite() error }); ok {
		cw.CloseWrite()
	}
	c.SetReadDeadline(time.Now().Add(lingerTime))
	io.Copy(io.Discard, io.LimitReader(c, maxBody))
	c.Close()
}

// guard wraps every request: security headers, the Host check, the token
// (with failures rate-limited per address), the CSRF token on
// state-changing requests, and the body size limit. Every check is on
// headers alone, and a refused request's body is never read.
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
			refuse(w, r, http.StatusForbidden, "host %q not allowed: open the page at 127.0.0.1 or localhost", r.Host)
			return
		}
		if s.cfg.Token != "" && !s.authorize(w, r) {
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			if !equalSecret(r.Header.Get("X-CSRF-Token"), s.csrf) {
				refuse(w, r, http.StatusForbidden, "missing or wrong X-CSRF-Token header (reload the page if the server was restarted)")
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
// stay in the address bar or the browser history. An address that failed
// too often gets 429 without its token being looked at, so that guessing
// runs at the rate limit's pace. It writes the response and returns false
// when the request may not go on.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) bool {
	addr := remoteKey(r)
	if wait := s.auth.wait(addr); wait > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
		refuse(w, r, http.StatusTooManyRequests, "too many requests with a missing or wrong token from your address; try again in %v", wait.Round(time.Second))
		return false
	}
	cookie := tokenCookie(localPort(r))
	if auth, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok && equalSecret(auth, s.cfg.Token) {
		return true
	}
	if c, err := r.Cookie(cookie); err == nil && equalSecret(c.Value, s.cfg.Token) {
		return true
	}
	if q := r.URL.Query().Get("token"); q != "" && r.Method == http.MethodGet && r.URL.Path == "/" && equalSecret(q, s.cfg.Token) {
		http.SetCookie(w, &http.Cookie{
			Name:     cookie,
			Value:    s.cfg.Token,
			Path:     "/",
			HttpOnly: true,
			Secure:   r.TLS != nil,
			SameSite: http.SameSiteStrictMode,
		})
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return false
	}
	s.auth.fail(addr)
	w.Header().Set("WWW-Authenticate", `Bearer realm="stance annotate"`)
	refuse(w, r, http.StatusUnauthorized, "this server needs its token: open the URL with ?token=… that stance annotate printed")
	return false
}

// remoteKey is the address a request's token failures count against, as
// addrKey gives for connections.
func remoteKey(r *http.Request) string {
	if ap, err := netip.ParseAddrPort(r.RemoteAddr); err == nil {
		return addrKey(net.TCPAddrFromAddrPort(ap))
	}
	return r.RemoteAddr
}

// maxTracked bounds the addresses the auth limiter remembers: beyond it,
// those whose allowance is whole again are forgotten, and if that is not
// enough, all are (an attacker with that many addresses gains little).
const maxTracked = 1 << 16

// authLimiter is a token bucket per remote address over failed token
// checks: burst failures at once, then one per refill.
type authLimiter struct {
	burst  float64
	refill time.Duration

	mu   sync.Mutex
	seen map[string]*bucket
}

type bucket struct {
	left float64   // failures still allowed at the time below
	at   time.Time // when left was computed
}

func newAuthLimiter(burst int, refill time.Duration) *authLimiter {
	return &authLimiter{burst: float64(burst), refill: refill, seen: map[string]*bucket{}}
}

// level brings b up to date: left grows by one per refill, to burst.
func (l *authLimiter) level(b *bucket, now time.Time) {
	b.left = math.Min(l.burst, b.left+float64(now.Sub(b.at))/float64(l.refill))
	b.at = now
}

// wait returns how long addr must wait before its token is checked
// again; 0 means now.
func (l *authLimiter) wait(addr string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.seen[addr]
	if !ok {
		return 0
	}
	l.level(b, time.Now())
	if b.left >= 1 {
		return 0
	}
	return time.Duration((1 - b.left) * float64(l.refill))
}

// fail counts one failed token check by addr.
func (l *authLimiter) fail(addr string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	b, ok := l.seen[addr]
	if !ok {
		if len(l.seen) >= maxTracked {
			l.forget(now)
		}
		b = &bucket{left: l.burst, at: now}
		l.seen[addr] = b
	}
	l.level(b, now)
	b.left = math.Max(0, b.left-1)
}

// forget drops the addresses whose allowance is whole again, or all of
// them if none is.
func (l *authLimiter) forget(now time.Time) {
	for a, b := range l.seen {
		if l.level(b, now); b.left >= l.burst {
			delete(l.seen, a)
		}
	}
	if len(l.seen) >= maxTracked {
		clear(l.seen)
	}
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
