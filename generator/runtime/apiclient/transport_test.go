package apiclient

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dubgen/dubgen/generator/runtime/internal/testclock"
	"github.com/dubgen/dubgen/generator/runtime/transport"
)

// dubServer answers the i-th request with statuses[i] (the last repeats);
// a 429 carries Dub's headers: Upstash's reset, in Unix milliseconds, 2 s
// after the client's clock.
type dubServer struct {
	*httptest.Server
	hits atomic.Int32
}

func newDubServer(t *testing.T, clock *testclock.Clock, statuses ...int) *dubServer {
	t.Helper()
	s := &dubServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := int(s.hits.Add(1)) - 1
		_, _ = io.Copy(io.Discard, r.Body)
		code := statuses[min(n, len(statuses)-1)]
		if code == http.StatusTooManyRequests {
			reset := strconv.FormatInt(clock.Now().Add(2*time.Second).UnixMilli(), 10)
			w.Header().Set("Retry-After", reset)
			w.Header().Set("X-RateLimit-Reset", reset)
			w.WriteHeader(code)
			_, _ = io.WriteString(w, `{"error":{"code":"rate_limit_exceeded","message":"Too many requests."}}`)
			return
		}
		w.WriteHeader(code)
		_, _ = io.WriteString(w, `{"n":`+strconv.Itoa(n)+`}`)
	}))
	t.Cleanup(s.Close)
	return s
}

// defaultClient is a client with the default transport, the fake clock
// and opts, pointed at srv.
func defaultClient(srv *dubServer, clock *testclock.Clock, opts ...Option) *Client {
	return NewClient(append([]Option{WithBaseURL(srv.URL), WithAPIKey("k"), WithClock(clock.Now, clock.Sleep)}, opts...)...)
}

// TestDefaultTransportRetriesReads checks that a read is retried after
// Dub's short 429 (its millisecond reset read as 2 s) and succeeds.
func TestDefaultTransportRetriesReads(t *testing.T) {
	clock := testclock.New(testNow)
	srv := newDubServer(t, clock, 429, 200)
	res, err := defaultClient(srv, clock).Raw(t.Context(), Request{Op: "getLinks", Method: http.MethodGet, Path: "/links"})
	if err != nil {
		t.Fatalf("Raw: %v", err)
	}
	if string(res.Body) != `{"n":1}` || srv.hits.Load() != 2 {
		t.Errorf("body %s after %d requests, want the second answer after 2", res.Body, srv.hits.Load())
	}
	if got := clock.Sleeps(); len(got) != 1 || got[0] != 2*time.Second {
		t.Errorf("waited %v, want [2s]", got)
	}
}

// TestDefaultTransportNeverRetriesWrites checks that a write reaches Dub
// exactly once whatever the status, and that the 429's wait is Dub's.
func TestDefaultTransportNeverRetriesWrites(t *testing.T) {
	for _, method := range []string{http.MethodPost, http.MethodPatch, http.MethodPut, http.MethodDelete} {
		for _, status := range []int{429, 500, 502, 503} {
			t.Run(method+" "+strconv.Itoa(status), func(t *testing.T) {
				clock := testclock.New(testNow)
				srv := newDubServer(t, clock, status, 200)
				var body any
				if method != http.MethodDelete {
					body = map[string]any{"url": "https://example.com"}
				}
				_, err := defaultClient(srv, clock).Raw(t.Context(), Request{Op: "createLink", Method: method, Path: "/links", Body: body})
				var apiErr *APIError
				if !errors.As(err, &apiErr) || apiErr.StatusCode != status {
					t.Fatalf("err %v, want the %d", err, status)
				}
				if srv.hits.Load() != 1 || len(clock.Sleeps()) != 0 {
					t.Errorf("Dub reached %d times after waits %v, want once", srv.hits.Load(), clock.Sleeps())
				}
				if status == 429 && apiErr.RateLimit.RetryAfter != 2*time.Second {
					t.Errorf("RetryAfter %s, want 2s", apiErr.RateLimit.RetryAfter)
				}
			})
		}
	}
}

// TestDefaultTransportOptions checks the options that change the stack.
func TestDefaultTransportOptions(t *testing.T) {
	t.Run("retries off", func(t *testing.T) {
		clock := testclock.New(testNow)
		srv := newDubServer(t, clock, 429, 200)
		_, err := defaultClient(srv, clock, WithRetries(0)).Raw(t.Context(), Request{Op: "getLinks", Method: http.MethodGet, Path: "/links"})
		var apiErr *APIError
		if !errors.As(err, &apiErr) || srv.hits.Load() != 1 {
			t.Errorf("err %v after %d requests, want the 429 after 1", err, srv.hits.Load())
		}
	})
	t.Run("retries at most twice", func(t *testing.T) {
		clock := testclock.New(testNow)
		srv := newDubServer(t, clock, 503)
		_, err := defaultClient(srv, clock).Raw(t.Context(), Request{Op: "getLinks", Method: http.MethodGet, Path: "/links"})
		if err == nil || srv.hits.Load() != 1+DefaultRetries {
			t.Errorf("err %v after %d requests, want the 503 after %d", err, srv.hits.Load(), 1+DefaultRetries)
		}
	})
	t.Run("response bound", func(t *testing.T) {
		clock := testclock.New(testNow)
		srv := newDubServer(t, clock, 200)
		_, err := defaultClient(srv, clock, WithMaxResponseBytes(3)).Raw(t.Context(), Request{Op: "getLinks", Method: http.MethodGet, Path: "/links"})
		if !errors.Is(err, transport.ErrResponseTooLarge) {
			t.Errorf("err %v, want ErrResponseTooLarge", err)
		}
	})
	t.Run("pacing", func(t *testing.T) {
		for name, c := range map[string]func(srv *dubServer, clock *testclock.Clock) *Client{
			"WithPacing": func(srv *dubServer, clock *testclock.Clock) *Client {
				return defaultClient(srv, clock, WithPacing(Pacing{PerMinute: 1}))
			},
			"Paced": func(srv *dubServer, clock *testclock.Clock) *Client {
				return defaultClient(srv, clock).Paced(Pacing{PerMinute: 1})
			},
		} {
			t.Run(name, func(t *testing.T) {
				clock := testclock.New(testNow)
				srv := newDubServer(t, clock, 200)
				client := c(srv, clock)
				for range 2 {
					if _, err := client.Raw(context.Background(), Request{Op: "getLinks", Method: http.MethodGet, Path: "/links"}); err != nil {
						t.Fatal(err)
					}
				}
				if got := clock.Sleeps(); len(got) != 1 || got[0] != time.Minute {
					t.Errorf("waited %v, want [1m0s] before the second request", got)
				}
			})
		}
	})
}

// TestRateLimitWaitInError checks the 429 text a caller reads: Dub's
// millisecond reset as whole seconds.
func TestRateLimitWaitInError(t *testing.T) {
	clock := testclock.New(testNow)
	srv := newDubServer(t, clock, 429)
	_, err := defaultClient(srv, clock).Raw(t.Context(), Request{Op: "createLink", Method: http.MethodPost, Path: "/links", Body: map[string]any{}})
	if err == nil || !strings.Contains(err.Error(), "(retry after 2s)") {
		t.Errorf("err %v, want it to say retry after 2s", err)
	}
}
