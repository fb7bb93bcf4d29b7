package transport

import (
	"fmt"
	"io"
	"net/http"
	"time"
)

// drainLimit bounds how much of a response that is being retried is read
// to let its connection be reused.
const drainLimit = 64 << 10

// Retry returns a RoundTripper that retries reads through next:
//
//   - only GET and HEAD requests without a body are retried; every other
//     request (a write) goes through exactly once, whatever its outcome;
//   - a 429 is retried when its wait (see [ParseWait]; [DefaultBackoff] if
//     it gives none) is at most [WithMaxRetryWait];
//   - a 5xx other than 501 and 505 is retried after its Retry-After (its
//     X-RateLimit-* headers, which Dub sends with every error, are not
//     advice about the failure), or after [DefaultBackoff], doubling each
//     time;
//   - at most [WithMaxRetries] retries, and never a wait that would end
//     past the request context's deadline: then the last response is
//     returned as it is, for the caller to report.
//
// Transport errors are returned, not retried (net/http already retries a
// request whose reused connection was closed before use).
func Retry(next http.RoundTripper, opts ...Option) http.RoundTripper {
	next = orDefault(next)
	return &retrier{next: next, s: newSettings(opts)}
}

type retrier struct {
	next http.RoundTripper
	s    settings
}

// RoundTrip implements [http.RoundTripper].
func (rt *retrier) RoundTrip(req *http.Request) (*http.Response, error) {
	if !isRetryableRead(req) {
		return rt.next.RoundTrip(req)
	}
	for attempt := 0; ; attempt++ {
		resp, err := rt.next.RoundTrip(req)
		if err != nil || attempt >= rt.s.maxRetries {
			return resp, err
		}
		wait, retry := rt.waitBeforeRetry(resp, attempt)
		if !retry {
			return resp, nil
		}
		if deadline, ok := req.Context().Deadline(); ok && !rt.s.now().Add(wait).Before(deadline) {
			return resp, nil
		}
		_, _ = io.CopyN(io.Discard, resp.Body, drainLimit)
		_ = resp.Body.Close()
		if err := rt.s.sleep(req.Context(), wait); err != nil {
			return nil, fmt.Errorf("transport: %s %s: waiting %s to retry after %d: %w", req.Method, req.URL.Path, wait, resp.StatusCode, err)
		}
	}
}

// waitBeforeRetry says whether resp deserves a retry and after how long.
func (rt *retrier) waitBeforeRetry(resp *http.Response, attempt int) (time.Duration, bool) {
	code := resp.StatusCode
	if code != http.StatusTooManyRequests && (code < 500 || code == http.StatusNotImplemented || code == http.StatusHTTPVersionNotSupported) {
		return 0, false
	}
	h := resp.Header
	if code != http.StatusTooManyRequests {
		// Dub sends its rate-limit headers with every error; for a 5xx
		// only Retry-After is advice about this failure.
		h = http.Header{"Retry-After": resp.Header.Values("Retry-After")}
	}
	wait, ok := ParseWait(h, rt.s.now())
	if !ok {
		wait = rt.s.backoff << attempt
	}
	return wait, wait <= rt.s.maxWait
}

// isRetryableRead reports whether req is a read whose repetition is safe
// and cheap: GET or HEAD without a body to re-send.
func isRetryableRead(req *http.Request) bool {
	if req.Method != http.MethodGet && req.Method != http.MethodHead {
		return false
	}
	return req.Body == nil || req.Body == http.NoBody
}
