package apiclient

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestTimeoutExpiry: a call that outlives the client's timeout fails the
// way net/http words a Client.Timeout expiry, whether Dub stalls before
// its headers or in the middle of the body, with the default transport
// stack and with a plain one; a call with a sooner context deadline
// fails with the context's error only.
func TestTimeoutExpiry(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/body" {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`[{"id":"link_1"},`))
			w.(http.Flusher).Flush()
		}
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)

	const timeout = 150 * time.Millisecond
	tests := []struct {
		name, path, want string
		opts             []Option
		ctxDeadline      bool
	}{
		{"stack, headers", "/headers", "(Client.Timeout exceeded while awaiting headers)", nil, false},
		{"stack, body", "/body", "(Client.Timeout or context cancellation while reading body)", nil, false},
		{"plain, headers", "/headers", "(Client.Timeout exceeded while awaiting headers)", []Option{WithHTTPClient(&http.Client{})}, false},
		{"plain, body", "/body", "(Client.Timeout or context cancellation while reading body)", []Option{WithHTTPClient(&http.Client{})}, false},
		{"sooner context", "/headers", "context deadline exceeded", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := append([]Option{WithBaseURL(srv.URL), WithAPIKey("k"), WithTimeout(timeout)}, tt.opts...)
			c := NewClient(opts...)
			ctx := t.Context()
			if tt.ctxDeadline {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, timeout/3)
				defer cancel()
			}
			_, err := c.Raw(ctx, Request{Op: "getLinks", Method: "GET", Path: tt.path})
			if err == nil {
				t.Fatal("Raw succeeded, want a timeout")
			}
			if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want context.DeadlineExceeded saying %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "Client.Timeout") == tt.ctxDeadline {
				t.Errorf("error = %v: Client.Timeout named %v, want %v", err, !tt.ctxDeadline, !tt.ctxDeadline)
			}
			var ne net.Error
			if !errors.As(err, &ne) || !ne.Timeout() {
				t.Errorf("error = %v (%T), want a net.Error with Timeout()", err, err)
			}
		})
	}
}
