package apiclient

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"time"
)

// The HTTP client's Timeout bounds a call (connecting, sending, reading
// the whole answer). net/http enforces it cheaply only for its own
// transports: in front of any other RoundTripper, such as the transport
// package's stack, every request costs a timer, a watcher goroutine and
// the legacy Request.Cancel channel (with one more goroutine in the
// transport). The client therefore applies the Timeout itself, as a
// context deadline over sending and reading the body, and sends through
// a copy of the HTTP client without it. Bound and errors stay as
// net/http's: an expiry reads "(Client.Timeout exceeded ...)", reports
// Timeout() and matches context.DeadlineExceeded.

// withDeadline returns ctx bounded by the HTTP client's Timeout, the
// deadline it set (zero when there is no Timeout or ctx ends sooner, as
// net/http then leaves ctx alone) and its cancel function.
func (c *Client) withDeadline(ctx context.Context) (context.Context, time.Time, context.CancelFunc) {
	d := c.httpClient.Timeout
	if d <= 0 {
		return ctx, time.Time{}, func() {}
	}
	deadline := time.Now().Add(d)
	if cur, ok := ctx.Deadline(); ok && !deadline.Before(cur) {
		return ctx, time.Time{}, func() {}
	}
	ctx, cancel := context.WithDeadline(ctx, deadline)
	return ctx, deadline, cancel
}

// do sends req, whose context withDeadline bounded, through the HTTP
// client minus its Timeout.
func (c *Client) do(req *http.Request) (*http.Response, error) {
	if c.httpClient.Timeout <= 0 {
		return c.httpClient.Do(req)
	}
	h := *c.httpClient
	h.Timeout = 0
	return h.Do(req)
}

// sendTimedOut words err from sending as net/http does when deadline
// (from withDeadline) has passed.
func sendTimedOut(deadline time.Time, err error) error {
	var ue *url.Error
	if !expired(deadline) || !errors.As(err, &ue) {
		return err
	}
	out := *ue
	out.Err = &timeoutError{ue.Err.Error() + " (Client.Timeout exceeded while awaiting headers)"}
	return &out
}

// bodyTimedOut words err from reading a body as net/http does when
// deadline (from withDeadline) has passed.
func bodyTimedOut(deadline time.Time, err error) error {
	if !expired(deadline) {
		return err
	}
	return &timeoutError{err.Error() + " (Client.Timeout or context cancellation while reading body)"}
}

// expired reports whether the non-zero deadline has passed.
func expired(deadline time.Time) bool {
	return !deadline.IsZero() && time.Now().After(deadline)
}

// timeoutError is net/http's error for an expired Client.Timeout.
type timeoutError struct {
	err string
}

func (e *timeoutError) Error() string { return e.err }

// Timeout reports true: the call ran out of time.
func (e *timeoutError) Timeout() bool { return true }

// Temporary reports true, as net/http's does.
func (e *timeoutError) Temporary() bool { return true }

// Is matches [context.DeadlineExceeded], as net/http's does.
func (e *timeoutError) Is(err error) bool { return err == context.DeadlineExceeded }
