package annotate

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"
)

// maxHeaderBytes bounds a request's header block. The largest real one
// carries a cookie, a token and a CSRF token: well under 4 KiB.
const maxHeaderBytes = 32 << 10

// NetLimits bound what one client can hold of the server, so that a
// client that reads or sends slowly, or opens many connections, cannot
// stall the others. A zero field takes its value from DefaultNetLimits.
type NetLimits struct {
	// ReadHeaderTimeout bounds reading a request's headers.
	ReadHeaderTimeout time.Duration
	// ReadTimeout bounds reading a whole request, headers and body.
	ReadTimeout time.Duration
	// WriteTimeout bounds the time from the end of a request's headers
	// to the end of its reply: a client that stops reading loses the
	// connection then. Replies are encoded before they are written, with
	// no lock held, so such a client never delays others meanwhile.
	WriteTimeout time.Duration
	// IdleTimeout closes a keep-alive connection with no request for
	// this long.
	IdleTimeout time.Duration
	// ShutdownGrace is how long Serve waits, once its context is done,
	// for requests in flight (a label being synced) to finish; then it
	// closes every connection, however slowly its client reads.
	ShutdownGrace time.Duration
	// MaxConns caps the connections open at once; further ones are
	// answered 503 and closed. The default is also kept under half the
	// process's open-file limit, so the server never runs out of file
	// descriptors and locks everyone out.
	MaxConns int
	// MaxConnsPerAddr caps the connections open at once from one remote
	// IP address (one /64 for IPv6). A browser opens at most six.
	MaxConnsPerAddr int
	// AuthFailures is how many failed token checks one remote address
	// may make in a burst; after that it gets 429 until AuthRefill has
	// passed for each further try. It applies only with Config.Token.
	AuthFailures int
	// AuthRefill is the time after which one more failed try is allowed.
	AuthRefill time.Duration
}

// DefaultNetLimits returns the limits Serve uses for zero fields of
// Config.Net: generous for a team of annotators in browsers, tight enough
// that a held connection or a wrong token guessed in a loop costs the
// attacker more than the server.
func DefaultNetLimits() NetLimits {
	return NetLimits{
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       30 * time.Second,
		ShutdownGrace:     5 * time.Second,
		MaxConns:          defaultMaxConns(openFileLimit()),
		MaxConnsPerAddr:   32,
		AuthFailures:      10,
		AuthRefill:        6 * time.Second,
	}
}

// defaultMaxConns is 256, or half the open-file limit when that is lower:
// the other half is left for the store, the model and connections that
// are being refused.
func defaultMaxConns(nofile int) int {
	n := 256
	if nofile > 0 && nofile/2 < n {
		n = max(nofile/2, 1)
	}
	return n
}

// orDefault sets *v to def when it is 0 and refuses a negative *v, the
// field name of NetLimits.
func orDefault[T int | time.Duration](name string, v *T, def T) error {
	if *v < 0 {
		return fmt.Errorf("annotate: Net.%s = %v; want 0 (the default) or more", name, *v)
	}
	if *v == 0 {
		*v = def
	}
	return nil
}

// withDefaults fills zero fields from DefaultNetLimits and refuses
// negative ones.
func (l NetLimits) withDefaults() (NetLimits, error) {
	d := DefaultNetLimits()
	for _, err := range []error{
		orDefault("ReadHeaderTimeout", &l.ReadHeaderTimeout, d.ReadHeaderTimeout),
		orDefault("ReadTimeout", &l.ReadTimeout, d.ReadTimeout),
		orDefault("WriteTimeout", &l.WriteTimeout, d.WriteTimeout),
		orDefault("IdleTimeout", &l.IdleTimeout, d.IdleTimeout),
		orDefault("ShutdownGrace", &l.ShutdownGrace, d.ShutdownGrace),
		orDefault("AuthRefill", &l.AuthRefill, d.AuthRefill),
		orDefault("MaxConns", &l.MaxConns, d.MaxConns),
		orDefault("MaxConnsPerAddr", &l.MaxConnsPerAddr, d.MaxConnsPerAddr),
		orDefault("AuthFailures", &l.AuthFailures, d.AuthFailures),
	} {
		if err != nil {
			return l, err
		}
	}
	return l, nil
}

// Serve listens on addr and serves s until ctx is done, then shuts down:
// requests in flight get Config.Net.ShutdownGrace to finish, after which
// every connection is closed. ready, when not nil, is called with the
// page's address, without the token, once the server listens.
func (s *Server) Serve(ctx context.Context, addr string, ready func(url string)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return s.ServeListener(ctx, ln, ready)
}

// ServeListener is Serve on a listener the caller opened; it closes ln.
func (s *Server) ServeListener(ctx context.Context, ln net.Listener, ready func(url string)) error {
	lim := s.cfg.Net
	ln = newLimitListener(ln, lim.MaxConns, lim.MaxConnsPerAddr, s.log.Printf)
	hs := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: lim.ReadHeaderTimeout,
		ReadTimeout:       lim.ReadTimeout,
		WriteTimeout:      lim.WriteTimeout,
		IdleTimeout:       lim.IdleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          s.log,
	}
	tls := s.cfg.TLSCert != ""
	if ready != nil {
		scheme := "http"
		if tls {
			scheme = "https"
		}
		ready(scheme + "://" + ln.Addr().String() + "/")
	}
	errc := make(chan error, 1)
	go func() {
		if tls {
			errc <- hs.ServeTLS(ln, s.cfg.TLSCert, s.cfg.TLSKey)
		} else {
			errc <- hs.Serve(ln)
		}
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), lim.ShutdownGrace)
	defer cancel()
	err := hs.Shutdown(shut)
	if errors.Is(err, context.DeadlineExceeded) {
		// A client that stopped reading keeps its connection active until
		// WriteTimeout; shutdown does not wait for it. The handlers have
		// their replies encoded already and hold no lock, and Server.Close
		// still waits for an action being journaled.
		s.log.Printf("shutdown: closing connections still open after %v", lim.ShutdownGrace)
		err = hs.Close()
	}
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
