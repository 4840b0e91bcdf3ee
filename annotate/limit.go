package annotate

import (
	"fmt"
	"net"
	"net/netip"
	"sync"
	"time"
)

// refusedReply is what a connection over a cap gets before it is closed,
// so that a browser shows a reason rather than a reset.
const refusedReply = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n" +
	"Retry-After: 5\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s"

// refusalLogEvery spaces out the log lines about refused connections, so
// that a flood of them does not flood the log as well.
const refusalLogEvery = 10 * time.Second

// limitListener caps the connections open at once, in all and per remote
// address. A connection over a cap is answered 503 and closed at once
// rather than left waiting in the backlog, where it would hold up the
// connections of other clients behind it.
type limitListener struct {
	net.Listener
	total, perAddr int
	logf           func(format string, args ...any)

	mu     sync.Mutex
	open   int
	byAddr map[string]int
	logged time.Time // last refusal log line
	unsaid int       // refusals since then
}

func newLimitListener(ln net.Listener, total, perAddr int, logf func(string, ...any)) *limitListener {
	return &limitListener{Listener: ln, total: total, perAddr: perAddr, logf: logf, byAddr: map[string]int{}}
}

// Accept returns the next connection within the caps, refusing those over
// them.
func (l *limitListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		addr := addrKey(c.RemoteAddr())
		if why := l.admit(addr); why != "" {
			l.refuse(c, addr, why)
			continue
		}
		return &limitConn{Conn: c, l: l, addr: addr}, nil
	}
}

// admit counts a connection from addr in, or says why it may not open.
func (l *limitListener) admit(addr string) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case l.open >= l.total:
		return fmt.Sprintf("%d connections are open, the most the server takes at once", l.open)
	case l.byAddr[addr] >= l.perAddr:
		return fmt.Sprintf("%d connections from that address are open, the most it may hold at once", l.byAddr[addr])
	}
	l.open++
	l.byAddr[addr]++
	return ""
}

func (l *limitListener) release(addr string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.open--
	if l.byAddr[addr]--; l.byAddr[addr] <= 0 {
		delete(l.byAddr, addr)
	}
}

// refuse logs why c is refused, at most once per refusalLogEvery, then
// answers it with a 503 and closes it.
func (l *limitListener) refuse(c net.Conn, addr, why string) {
	l.mu.Lock()
	if now := time.Now(); now.Sub(l.logged) >= refusalLogEvery {
		more := ""
		if l.unsaid > 0 {
			more = fmt.Sprintf(" (and %d more refused since the last such line)", l.unsaid)
		}
		l.logf("refusing a connection from %s: %s%s", addr, why, more)
		l.logged, l.unsaid = now, 0
	} else {
		l.unsaid++
	}
	l.mu.Unlock()
	body := "too many connections: " + why + "; try again shortly\n"
	// A fresh socket's send buffer takes this at once; the deadline only
	// guards against the unexpected.
	c.SetWriteDeadline(time.Now().Add(time.Second))
	fmt.Fprintf(c, refusedReply, len(body), body)
	c.Close()
}

// addrKey is the remote address a connection counts against: its IP, or
// its /64 for IPv6, since one host commonly holds a whole /64.
func addrKey(a net.Addr) string {
	ap, err := netip.ParseAddrPort(a.String())
	if err != nil {
		return a.String()
	}
	ip := ap.Addr().Unmap()
	if ip.Is6() {
		if p, err := ip.Prefix(64); err == nil {
			return p.String()
		}
	}
	return ip.String()
}

// limitConn gives its slot back when closed, once however often Close is
// called.
type limitConn struct {
	net.Conn
	l    *limitListener
	addr string
	once sync.Once
}

func (c *limitConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(func() { c.l.release(c.addr) })
	return err
}

// CloseWrite lets net/http half-close the connection after a reply that
// ends it, as it does on a bare TCP connection, so that the client reads
// the reply before the close.
func (c *limitConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}
