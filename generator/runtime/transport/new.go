package transport

import "net/http"

// Config says how [New] stacks the wrappers.
type Config struct {
	// MaxConns sizes the pool of [NewPooled] (0: [DefaultMaxConns]); a
	// negative value uses [http.DefaultTransport] instead, unpooled.
	MaxConns int
	// MaxResponseBytes bounds response bodies, see [LimitResponses] (0:
	// [DefaultMaxResponseBytes]); a negative value sets no bound.
	MaxResponseBytes int64
	// NoRetry turns [Retry] off.
	NoRetry bool
	// Pace, if not zero, paces requests, see [Pace].
	Pace Limits
}

// New returns the recommended transport for a Dub client:
// LimitResponses(NormalizeRateLimit(Retry(Pace(NewPooled(...))))), as cfg
// adjusts it. opts reach [Retry], [Pace] and [NormalizeRateLimit]. Pacing
// sits below retrying so that retries are paced too; the caller sees
// rate-limit headers in standard units; the size bound sits on top, on the
// body the caller reads.
func New(cfg Config, opts ...Option) http.RoundTripper {
	var rt http.RoundTripper = http.DefaultTransport
	if cfg.MaxConns >= 0 {
		rt = NewPooled(cfg.MaxConns)
	}
	rt = Pace(rt, cfg.Pace, opts...)
	if !cfg.NoRetry {
		rt = Retry(rt, opts...)
	}
	rt = NormalizeRateLimit(rt, opts...)
	if cfg.MaxResponseBytes >= 0 {
		rt = LimitResponses(rt, cfg.MaxResponseBytes)
	}
	return rt
}
