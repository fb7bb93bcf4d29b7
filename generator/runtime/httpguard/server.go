package httpguard

import (
	"net/http"
	"time"
)

// Defaults of [Timeouts].
const (
	// DefaultReadHeaderTimeout bounds reading a request's headers.
	DefaultReadHeaderTimeout = 10 * time.Second
	// DefaultIdleTimeout bounds how long an idle keep-alive connection is
	// kept open.
	DefaultIdleTimeout = 2 * time.Minute
	// DefaultMaxHeaderBytes bounds request headers.
	DefaultMaxHeaderBytes = 64 << 10
)

// Timeouts configures [ConfigureServer]; zero fields take the defaults.
type Timeouts struct {
	ReadHeader, Idle time.Duration
	MaxHeaderBytes   int
}

// ConfigureServer sets srv's ReadHeaderTimeout, IdleTimeout and
// MaxHeaderBytes (zero fields of t: the defaults above), so that slow or
// idle connections cannot be held forever.
//
// It leaves ReadTimeout and WriteTimeout at zero on purpose: net/http
// applies them to the whole connection, so they would cancel long-lived
// SSE responses of the streamable HTTP transport. The body's own bound is
// [LimitBody]'s timeout, and a tool call's duration is bounded by the
// upstream client's timeout.
func ConfigureServer(srv *http.Server, t Timeouts) {
	srv.ReadHeaderTimeout = orDefault(t.ReadHeader, DefaultReadHeaderTimeout)
	srv.IdleTimeout = orDefault(t.Idle, DefaultIdleTimeout)
	srv.MaxHeaderBytes = orDefault(t.MaxHeaderBytes, DefaultMaxHeaderBytes)
}

func orDefault[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}
