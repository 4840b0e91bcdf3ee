package annotate

import (
	"context"
	"errors"
	"net"
	"net/http"
	"time"
)

// shutdownGrace is how long Serve waits, once ctx is done, for requests in
// flight (a label being synced to disk) to finish.
const shutdownGrace = 10 * time.Second

// Serve listens on addr and serves s until ctx is done, then shuts down
// gracefully so that saves in flight finish. ready, when not nil, is
// called with the page's address (with the token, when s has one) once
// the server listens.
func (s *Server) Serve(ctx context.Context, addr string, ready func(url string)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	if ready != nil {
		url := "http://" + ln.Addr().String() + "/"
		if s.cfg.Token != "" {
			url += "?token=" + s.cfg.Token
		}
		ready(url)
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := hs.Shutdown(shut); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
