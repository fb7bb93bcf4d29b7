package transport

import (
	"context"
	"net/http"
	"time"
)

// Option configures [Retry], [Pace] and [New]. Each wrapper ignores the
// options that do not concern it.
type Option func(*settings)

// settings is what the options set.
type settings struct {
	now        func() time.Time
	sleep      func(ctx context.Context, d time.Duration) error
	maxRetries int
	maxWait    time.Duration
	backoff    time.Duration
}

// Defaults of the options.
const (
	// DefaultMaxRetries is how many times [Retry] retries a read.
	DefaultMaxRetries = 2
	// DefaultMaxRetryWait is the longest wait [Retry] sits out: a 429
	// asking for more is returned to the caller at once.
	DefaultMaxRetryWait = 3 * time.Second
	// DefaultBackoff is the first wait before retrying a 5xx (or a 429
	// without a wait header); it doubles with every retry.
	DefaultBackoff = 250 * time.Millisecond
	// maxRetriesCap bounds WithMaxRetries.
	maxRetriesCap = 5
)

func newSettings(opts []Option) settings {
	s := settings{
		now:        time.Now,
		sleep:      sleepContext,
		maxRetries: DefaultMaxRetries,
		maxWait:    DefaultMaxRetryWait,
		backoff:    DefaultBackoff,
	}
	for _, o := range opts {
		o(&s)
	}
	return s
}

// WithClock replaces the clock and the sleeper (tests use it to run
// without waiting). sleep must return ctx.Err() if ctx ends first. Nil
// arguments keep the real ones.
func WithClock(now func() time.Time, sleep func(ctx context.Context, d time.Duration) error) Option {
	return func(s *settings) {
		if now != nil {
			s.now = now
		}
		if sleep != nil {
			s.sleep = sleep
		}
	}
}

// WithMaxRetries sets how many times [Retry] retries a read (default
// [DefaultMaxRetries], at most 5; 0 turns retrying off).
func WithMaxRetries(n int) Option {
	return func(s *settings) { s.maxRetries = min(max(n, 0), maxRetriesCap) }
}

// WithMaxRetryWait sets the longest wait [Retry] sits out before a retry
// (default [DefaultMaxRetryWait]).
func WithMaxRetryWait(d time.Duration) Option {
	return func(s *settings) { s.maxWait = min(max(d, 0), MaxWait) }
}

// sleepContext waits d or until ctx ends, whichever is first.
func sleepContext(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// orDefault returns next, or http.DefaultTransport if next is nil.
func orDefault(next http.RoundTripper) http.RoundTripper {
	if next == nil {
		return http.DefaultTransport
	}
	return next
}
