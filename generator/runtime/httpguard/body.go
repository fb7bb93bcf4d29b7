package httpguard

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// LimitBody returns h behind a bound on request bodies: a body announced
// larger than maxBytes is refused with 413 before any of it is read; any
// other body is read here, at most maxBytes+1 bytes and within timeout,
// and handed to h from memory. Past the bound the answer is 413, past the
// timeout 408, and the connection is closed. maxBytes < 0 and timeout < 0
// disable the respective bound.
//
// The timeout is a read deadline set on the connection for the body only
// and cleared afterwards, so that long-lived responses (SSE streams) are
// not cut, as a server-wide ReadTimeout would.
func LimitBody(h http.Handler, maxBytes int64, timeout time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body == nil || r.Body == http.NoBody {
			h.ServeHTTP(w, r)
			return
		}
		if maxBytes >= 0 && r.ContentLength > maxBytes {
			w.Header().Set("Connection", "close")
			writeError(w, http.StatusRequestEntityTooLarge, codeTooLarge,
				fmt.Sprintf("request body of %d bytes is larger than this server's limit of %d bytes", r.ContentLength, maxBytes))
			return
		}
		rc := http.NewResponseController(w)
		if timeout > 0 {
			_ = rc.SetReadDeadline(time.Now().Add(timeout)) // unsupported writers (tests) just skip it
		}
		body := r.Body
		if maxBytes >= 0 {
			body = http.MaxBytesReader(w, r.Body, maxBytes)
		}
		data, err := io.ReadAll(body)
		if timeout > 0 {
			_ = rc.SetReadDeadline(time.Time{})
		}
		if err != nil {
			bodyError(w, err, maxBytes, timeout)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(data))
		r.ContentLength = int64(len(data))
		h.ServeHTTP(w, r)
	})
}

// bodyError answers a body that could not be read.
func bodyError(w http.ResponseWriter, err error, maxBytes int64, timeout time.Duration) {
	w.Header().Set("Connection", "close")
	var tooLarge *http.MaxBytesError
	var netErr net.Error
	switch {
	case errors.As(err, &tooLarge):
		writeError(w, http.StatusRequestEntityTooLarge, codeTooLarge,
			fmt.Sprintf("request body is larger than this server's limit of %d bytes", maxBytes))
	case errors.As(err, &netErr) && netErr.Timeout():
		writeError(w, http.StatusRequestTimeout, codeBadBody,
			fmt.Sprintf("request body did not arrive within %s", timeout))
	default:
		writeError(w, http.StatusBadRequest, codeBadBody, fmt.Sprintf("reading the request body: %v", err))
	}
}
