package apiclient

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/dubgen/dubgen/generator/runtime/transport"
)

// APIError is returned when Dub answers with a non-2xx status.
type APIError struct {
	// Operation is the operationId of the failed call.
	Operation string
	// StatusCode is the HTTP status code.
	StatusCode int
	// Code is Dub's error code, e.g. "not_found" or "rate_limit_exceeded".
	// For a non-JSON body it is derived from the status text ("bad_gateway").
	Code string
	// Message is Dub's error message, or a snippet of a non-JSON body.
	Message string
	// DocURL links to Dub's documentation of the error, if any.
	DocURL string
	// RateLimit holds the rate-limit headers of the response.
	RateLimit RateLimit
	// Body is the raw response body, truncated to 1 MiB.
	Body []byte
}

// RateLimit is the rate-limit state reported by a response's headers.
type RateLimit struct {
	// Limit is X-RateLimit-Limit (0 if absent).
	Limit int
	// Remaining is X-RateLimit-Remaining (0 if absent).
	Remaining int
	// Reset is X-RateLimit-Reset, when the limit resets (zero if absent).
	// Dub sends a Unix time in milliseconds; seconds and delta seconds are
	// read too (see [transport.ParseWait]).
	Reset time.Time
	// RetryAfter is how long to wait before retrying (zero if the response
	// does not say). For a 429 it is read from Retry-After, RateLimit,
	// RateLimit-Reset or X-RateLimit-Reset, whichever says first, in any of
	// the units servers use (Dub puts a Unix time in milliseconds into
	// Retry-After), and is at least [MinRateLimitWait]; for other statuses
	// only Retry-After counts. It is never negative and never more than
	// [transport.MaxWait].
	RetryAfter time.Duration
}

// MinRateLimitWait is the shortest wait a 429 that names a wait reports:
// a reset that has just passed (or a Retry-After of 0) still asks for a
// second, so that a caller never reads "retry in 0 seconds" and hammers
// the limit.
const MinRateLimitWait = time.Second

// Error describes the failure, e.g.
// "dub: getLinks: 404 not_found: Link not found. (see https://dub.co/docs/...)".
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "dub: %s: %d", e.Operation, e.StatusCode)
	if e.Code != "" {
		b.WriteString(" " + e.Code)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	if e.StatusCode == http.StatusTooManyRequests {
		switch {
		case e.RateLimit.RetryAfter > 0:
			fmt.Fprintf(&b, " (retry after %ds)", ceilSeconds(e.RateLimit.RetryAfter))
		case !e.RateLimit.Reset.IsZero():
			fmt.Fprintf(&b, " (rate limit resets at %s)", e.RateLimit.Reset.UTC().Format(time.RFC3339))
		}
	}
	if e.DocURL != "" {
		fmt.Fprintf(&b, " (see %s)", e.DocURL)
	}
	return b.String()
}

// Temporary reports whether retrying later may succeed: the status is 429
// Too Many Requests or a 5xx server error.
func (e *APIError) Temporary() bool {
	return e.StatusCode == http.StatusTooManyRequests || e.StatusCode >= 500
}

// ceilSeconds is d in whole seconds, rounded up.
func ceilSeconds(d time.Duration) int64 {
	return int64((d + time.Second - 1) / time.Second)
}

// newAPIError builds an *APIError from a non-2xx response, reading at most
// maxErrorBody bytes of its body. key is removed from the body and message.
// now is the client's clock, which waits are counted from.
func newAPIError(op string, resp *http.Response, key string, now time.Time) *APIError {
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	if key != "" {
		body = bytes.ReplaceAll(body, []byte(key), []byte("[REDACTED]"))
	}
	e := &APIError{
		Operation:  op,
		StatusCode: resp.StatusCode,
		RateLimit:  parseRateLimit(resp.StatusCode, resp.Header, now),
		Body:       body,
	}
	var env struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
			DocURL  string `json:"doc_url"`
		} `json:"error"`
	}
	if err := json.Unmarshal(body, &env); err == nil && (env.Error.Code != "" || env.Error.Message != "") {
		e.Code = env.Error.Code
		e.Message = excerpt(redact(env.Error.Message, key), maxMessage)
		e.DocURL = env.Error.DocURL
		return e
	}
	e.Code = snakeCase(http.StatusText(resp.StatusCode))
	e.Message = bodySummary(resp.Header.Get("Content-Type"), body, key)
	return e
}

// maxMessage caps how much of Dub's own error message an APIError keeps
// (Body holds the rest): enough for any message Dub writes by hand, short
// enough to quote in a tool result.
const maxMessage = 1000

// excerpt returns s cut to at most max bytes on a rune boundary, saying
// how long it was when cut.
func excerpt(s string, max int) string {
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !isRuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%s… (%d bytes in all)", s[:cut], len(s))
}

// bodySummary describes a non-JSON error body in one short line: an HTML
// page (a proxy's error page, say) by its title, anything else by a
// whitespace-collapsed snippet.
func bodySummary(contentType string, body []byte, key string) string {
	head := body[:min(len(body), 4096)]
	if !strings.Contains(strings.ToLower(contentType), "html") && !looksHTML(head) {
		return snippet(body, key)
	}
	title := ""
	lower := bytes.ToLower(head)
	if i := bytes.Index(lower, []byte("<title")); i >= 0 {
		if j := bytes.IndexByte(lower[i:], '>'); j >= 0 {
			rest := head[i+j+1:]
			if k := bytes.Index(bytes.ToLower(rest), []byte("</title")); k >= 0 {
				title = html.UnescapeString(string(rest[:k]))
			}
		}
	}
	if title = snippet([]byte(title), key); title == "" {
		return fmt.Sprintf("an HTML page (%d bytes) instead of JSON", len(body))
	}
	return fmt.Sprintf("an HTML page titled %q instead of JSON", title)
}

// looksHTML reports whether b starts like an HTML document.
func looksHTML(b []byte) bool {
	t := bytes.ToLower(bytes.TrimSpace(b))
	return bytes.HasPrefix(t, []byte("<!doctype html")) || bytes.HasPrefix(t, []byte("<html"))
}

// parseRateLimit reads the rate-limit headers of a response with status
// code, as seen at now. Absent, malformed or absurd headers leave the
// corresponding field zero; see [RateLimit] for the units understood.
func parseRateLimit(code int, h http.Header, now time.Time) RateLimit {
	var rl RateLimit
	rl.Limit = nonNegative(h.Get("X-RateLimit-Limit"))
	rl.Remaining = nonNegative(h.Get("X-RateLimit-Remaining"))
	if v := h.Values("X-RateLimit-Reset"); len(v) > 0 {
		if d, ok := transport.ParseWait(http.Header{"X-Ratelimit-Reset": v}, now); ok {
			rl.Reset = now.Add(d)
		}
	}
	if code == http.StatusTooManyRequests {
		if d, ok := transport.ParseWait(h, now); ok {
			rl.RetryAfter = max(d, MinRateLimitWait)
		}
	} else if v := h.Values("Retry-After"); len(v) > 0 {
		rl.RetryAfter, _ = transport.ParseWait(http.Header{"Retry-After": v}, now)
	}
	return rl
}

// nonNegative parses a count header; anything else is 0.
func nonNegative(v string) int {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// snakeCase turns an HTTP status text into an error code, e.g.
// "Bad Gateway" into "bad_gateway".
func snakeCase(s string) string {
	var b strings.Builder
	underscore := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if underscore && b.Len() > 0 {
				b.WriteByte('_')
			}
			underscore = false
			b.WriteRune(r)
		} else {
			underscore = true
		}
	}
	return b.String()
}
