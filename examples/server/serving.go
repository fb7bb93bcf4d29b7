package main

import (
	"flag"
	"fmt"
	"net/http"
	"time"

	"github.com/mark3labs/mcp-go/server"

	"github.com/dubgen/dubgen/generator/runtime/httpguard"
	"github.com/dubgen/dubgen/generator/runtime/transport"
)

// serving holds the flags that harden the HTTP endpoint and shape the
// calls to Dub (issue 11).
type serving struct {
	// maxBodyBytes bounds request bodies (--max-body-bytes).
	maxBodyBytes int64
	// allowedOrigins lists browser origins allowed to call
	// (--allowed-origins); loopback origins are allowed on a loopback bind.
	allowedOrigins []string
	// upstreamTimeout bounds each tool call's requests to Dub
	// (--upstream-timeout).
	upstreamTimeout time.Duration
	// maxResponseBytes bounds Dub's answers (--max-response-bytes).
	maxResponseBytes int64
	// retry retries reads after a short 429 or a 5xx (--retry).
	retry bool
	// pace holds requests inside Dub's rate limits (--pace-plan).
	pace transport.Limits
	// upstreamConns sizes the connection pool to Dub (--upstream-conns;
	// 0: Go's default transport, 2 idle connections).
	upstreamConns int
	// sessionIdleTTL forgets sessions idle this long (--session-idle-ttl).
	sessionIdleTTL time.Duration
}

// Defaults of the serving flags.
const (
	defaultUpstreamTimeout = 30 * time.Second // below the 60 s many MCP clients give a call
	defaultSessionIdleTTL  = 30 * time.Minute
)

func defaultServing() serving {
	return serving{
		maxBodyBytes:     httpguard.DefaultMaxBodyBytes,
		upstreamTimeout:  defaultUpstreamTimeout,
		maxResponseBytes: transport.DefaultMaxResponseBytes,
		retry:            true,
		upstreamConns:    transport.DefaultMaxConns,
		sessionIdleTTL:   defaultSessionIdleTTL,
	}
}

// addFlags registers the serving flags on fs, with s's values as defaults.
func (s *serving) addFlags(fs *flag.FlagSet) {
	fs.Int64Var(&s.maxBodyBytes, "max-body-bytes", s.maxBodyBytes, "HTTP: refuse request bodies above this many `bytes` with 413")
	fs.Func("allowed-origins", "HTTP: comma-separated browser `origins` (scheme://host[:port]) allowed to call, \"*\" for any; requests without Origin are always allowed, localhost origins on a loopback bind", func(v string) error {
		s.allowedOrigins = splitList(v)
		return nil
	})
	fs.DurationVar(&s.upstreamTimeout, "upstream-timeout", s.upstreamTimeout, "bound on each call to the Dub API, retries included")
	fs.Int64Var(&s.maxResponseBytes, "max-response-bytes", s.maxResponseBytes, "fail calls whose Dub answer is larger than this many `bytes`")
	fs.BoolVar(&s.retry, "retry", s.retry, "retry reads (GET) after a 429 asking for at most 3 s or a 5xx, at most twice; writes are never retried")
	fs.Func("pace-plan", "hold requests inside Dub's rate limits per key: off, free, pro, business, advanced, or PER_MINUTE/PER_SECOND such as 600/4 (default off)", func(v string) error {
		l, err := transport.ParseLimits(v)
		s.pace = l
		return err
	})
	fs.IntVar(&s.upstreamConns, "upstream-conns", s.upstreamConns, "connections kept open to the Dub API (0: Go's default transport, which keeps 2)")
	fs.DurationVar(&s.sessionIdleTTL, "session-idle-ttl", s.sessionIdleTTL, "HTTP: forget sessions idle this long (0: never)")
}

// check validates the parsed serving flags.
func (s serving) check() error {
	switch {
	case s.maxBodyBytes <= 0:
		return fmt.Errorf("--max-body-bytes %d: want a positive size", s.maxBodyBytes)
	case s.maxResponseBytes <= 0:
		return fmt.Errorf("--max-response-bytes %d: want a positive size", s.maxResponseBytes)
	case s.upstreamTimeout <= 0:
		return fmt.Errorf("--upstream-timeout %s: want a positive duration", s.upstreamTimeout)
	case s.upstreamConns < 0:
		return fmt.Errorf("--upstream-conns %d: want 0 or more", s.upstreamConns)
	case s.sessionIdleTTL < 0:
		return fmt.Errorf("--session-idle-ttl %s: want 0 or more", s.sessionIdleTTL)
	}
	return nil
}

// httpClient returns the client for the Dub API: bounded in time and
// answer size, pooled, retrying reads, optionally paced.
func (s serving) httpClient() *http.Client {
	conns := s.upstreamConns
	if conns == 0 {
		conns = -1 // transport.New: Go's default transport
	}
	return &http.Client{
		Timeout: s.upstreamTimeout,
		Transport: transport.New(transport.Config{
			MaxConns:         conns,
			MaxResponseBytes: s.maxResponseBytes,
			NoRetry:          !s.retry,
			Pace:             s.pace,
		}),
	}
}

// guard returns the middleware configuration for the HTTP endpoint.
// requireKey is false when callers may fall back to the server's key.
func (s serving) guard(requireKey, loopbackBind bool) httpguard.Config {
	return httpguard.Config{
		MaxBodyBytes:         s.maxBodyBytes,
		AllowedOrigins:       s.allowedOrigins,
		AllowLoopbackOrigins: loopbackBind,
		RequireKey:           requireKey,
	}
}

// streamableOptions returns the transport options the flags imply.
func (s serving) streamableOptions() []server.StreamableHTTPOption {
	return []server.StreamableHTTPOption{server.WithSessionIdleTTL(s.sessionIdleTTL)}
}
