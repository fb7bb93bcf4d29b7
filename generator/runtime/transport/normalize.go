package transport

import (
	"math"
	"net/http"
	"strconv"
	"strings"
)

// HeaderOriginalRetryAfter keeps a Retry-After value that
// [NormalizeRateLimit] rewrote.
const HeaderOriginalRetryAfter = "X-Original-Retry-After"

// NormalizeRateLimit returns a RoundTripper that rewrites the rate-limit
// headers of 429 and 503 responses into their standard units, so that any
// client reading them the standard way gets them right:
//
//   - Retry-After becomes delta seconds (RFC 9110), rounded up, when it
//     held anything else that [ParseWait] understands (Dub sends Upstash's
//     reset there, a Unix time in milliseconds, which read as seconds asks
//     for a wait of some 200 years); the original value is kept in
//     X-Original-Retry-After;
//   - X-RateLimit-Reset becomes a Unix time in seconds when it held one
//     in milliseconds.
//
// Other responses pass untouched.
func NormalizeRateLimit(next http.RoundTripper, opts ...Option) http.RoundTripper {
	next = orDefault(next)
	return &normalizer{next: next, s: newSettings(opts)}
}

type normalizer struct {
	next http.RoundTripper
	s    settings
}

// RoundTrip implements [http.RoundTripper].
func (n *normalizer) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := n.next.RoundTrip(req)
	if err != nil || (resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode != http.StatusServiceUnavailable) {
		return resp, err
	}
	h := resp.Header
	if ra := strings.TrimSpace(h.Get("Retry-After")); ra != "" && !isDeltaSeconds(ra) {
		if wait, ok := ParseWait(http.Header{"Retry-After": {ra}}, n.s.now()); ok {
			h.Set(HeaderOriginalRetryAfter, ra)
			h.Set("Retry-After", strconv.FormatInt(int64(math.Ceil(wait.Seconds())), 10))
		}
	}
	if reset, err := strconv.ParseInt(strings.TrimSpace(h.Get("X-RateLimit-Reset")), 10, 64); err == nil && reset >= epochMillisFrom && reset < epochMillisTo {
		h.Set("X-RateLimit-Reset", strconv.FormatInt(reset/1000, 10))
	}
	return resp, nil
}

// isDeltaSeconds reports whether v is already a plain delta in seconds.
func isDeltaSeconds(v string) bool {
	n, err := strconv.ParseInt(v, 10, 64)
	return err == nil && n >= 0 && n < epochSecondsFrom
}
