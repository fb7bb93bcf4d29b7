package transport

import (
	"errors"
	"fmt"
	"io"
	"net/http"
)

// DefaultMaxResponseBytes is the response size [New] allows: 8 MiB, some
// 10,000 links as Dub returns them, far above what an MCP tool result can
// carry and far below what would strain the server's memory.
const DefaultMaxResponseBytes = 8 << 20

// ErrResponseTooLarge is returned (wrapped in a [*ResponseTooLargeError])
// when a response body is larger than the limit of [LimitResponses].
var ErrResponseTooLarge = errors.New("response body too large")

// ResponseTooLargeError says which response was cut and at what limit.
type ResponseTooLargeError struct {
	// Method and Path are the request's.
	Method, Path string
	// Limit is the bound in bytes.
	Limit int64
	// ContentLength is the announced size, or -1 if the body was longer
	// than announced or the length was not announced.
	ContentLength int64
}

// Error describes the failure.
func (e *ResponseTooLargeError) Error() string {
	size := "more"
	if e.ContentLength >= 0 {
		size = fmt.Sprintf("%d bytes", e.ContentLength)
	}
	return fmt.Sprintf("transport: %s %s: %s: the API sent %s, the limit is %d bytes; ask for less (a smaller page or a narrower filter)",
		e.Method, e.Path, ErrResponseTooLarge, size, e.Limit)
}

// Unwrap returns [ErrResponseTooLarge].
func (e *ResponseTooLargeError) Unwrap() error { return ErrResponseTooLarge }

// LimitResponses returns a RoundTripper whose response bodies fail with a
// [*ResponseTooLargeError] past maxBytes: at once when Content-Length
// announces more, else at the first read beyond the bound, so that no more
// than maxBytes+1 bytes are ever read. The bound applies after net/http's
// gzip decoding. maxBytes <= 0 means [DefaultMaxResponseBytes].
func LimitResponses(next http.RoundTripper, maxBytes int64) http.RoundTripper {
	next = orDefault(next)
	if maxBytes <= 0 {
		maxBytes = DefaultMaxResponseBytes
	}
	return &limiter{next: next, max: maxBytes}
}

type limiter struct {
	next http.RoundTripper
	max  int64
}

// RoundTrip implements [http.RoundTripper].
func (l *limiter) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := l.next.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	if resp.ContentLength > l.max {
		_ = resp.Body.Close()
		return nil, &ResponseTooLargeError{Method: req.Method, Path: req.URL.Path, Limit: l.max, ContentLength: resp.ContentLength}
	}
	resp.Body = &limitedBody{rc: resp.Body, left: l.max, req: req, max: l.max}
	return resp, nil
}

// limitedBody reads at most left bytes of rc, then fails with err (a
// *ResponseTooLargeError for req and max, made on the first failure).
type limitedBody struct {
	rc   io.ReadCloser
	left int64
	req  *http.Request
	max  int64
	err  error
}

func (b *limitedBody) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	if int64(len(p)) > b.left+1 {
		p = p[:b.left+1]
	}
	n, err := b.rc.Read(p)
	if int64(n) <= b.left {
		b.left -= int64(n)
		return n, err
	}
	n, b.left = int(b.left), 0
	b.err = &ResponseTooLargeError{Method: b.req.Method, Path: b.req.URL.Path, Limit: b.max, ContentLength: -1}
	return n, b.err
}

func (b *limitedBody) Close() error { return b.rc.Close() }
