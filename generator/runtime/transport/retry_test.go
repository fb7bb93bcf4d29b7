package transport

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dubgen/dubgen/generator/runtime/internal/testclock"
)

// fakeClock is the runtime's fake clock, with the option that installs it.
type fakeClock struct{ *testclock.Clock }

func newFakeClock() *fakeClock { return &fakeClock{testclock.New(testNow)} }

func (c *fakeClock) option() Option { return WithClock(c.Now, c.Sleep) }

// scripted is an httptest server answering the i-th request with
// statuses[i] (the last one repeats), counting hits.
type scripted struct {
	*httptest.Server
	hits   atomic.Int32
	bodies atomic.Int32 // requests that carried a non-empty body
}

func newScripted(t *testing.T, clock *fakeClock, statuses ...int) *scripted {
	t.Helper()
	s := &scripted{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := int(s.hits.Add(1)) - 1
		if b, _ := io.ReadAll(r.Body); len(b) > 0 {
			s.bodies.Add(1)
		}
		code := statuses[min(n, len(statuses)-1)]
		if code == http.StatusTooManyRequests {
			// As Dub does: Upstash's reset in Unix milliseconds, 2 s ahead.
			reset := strconv.FormatInt(clock.Now().Add(2*time.Second).UnixMilli(), 10)
			w.Header().Set("Retry-After", reset)
			w.Header().Set("X-RateLimit-Reset", reset)
		}
		w.WriteHeader(code)
		_, _ = io.WriteString(w, `{"n":`+strconv.Itoa(n)+`}`)
	}))
	t.Cleanup(s.Close)
	return s
}

func do(t *testing.T, rt http.RoundTripper, method, url, body string) *http.Response {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := (&http.Client{Transport: rt}).Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	t.Cleanup(func() { _ = resp.Body.Close() })
	return resp
}

func TestRetryReads(t *testing.T) {
	for _, tc := range []struct {
		name     string
		method   string
		body     string
		statuses []int
		opts     []Option
		wantCode int
		wantHits int32
	}{
		{"get after short 429", "GET", "", []int{429, 200}, nil, 200, 2},
		{"get after 503 then 502", "GET", "", []int{503, 502, 200}, nil, 200, 3},
		{"get gives up after two retries", "GET", "", []int{500, 500, 500, 200}, nil, 500, 3},
		{"head after 429", "HEAD", "", []int{429, 200}, nil, 200, 2},
		{"429 too long is returned", "GET", "", []int{429, 200}, []Option{WithMaxRetryWait(time.Second)}, 429, 1},
		{"retries off", "GET", "", []int{429, 200}, []Option{WithMaxRetries(0)}, 429, 1},
		{"501 not retried", "GET", "", []int{501, 200}, nil, 501, 1},
		{"404 not retried", "GET", "", []int{404, 200}, nil, 404, 1},
		{"post never retried on 429", "POST", `{"url":"https://example.com"}`, []int{429, 200}, nil, 429, 1},
		{"post never retried on 503", "POST", `{"url":"https://example.com"}`, []int{503, 200}, nil, 503, 1},
		{"patch never retried", "PATCH", `{}`, []int{500, 200}, nil, 500, 1},
		{"delete never retried", "DELETE", "", []int{502, 200}, nil, 502, 1},
		{"get with body never retried", "GET", `{"x":1}`, []int{503, 200}, nil, 503, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clock := newFakeClock()
			srv := newScripted(t, clock, tc.statuses...)
			rt := Retry(http.DefaultTransport, append([]Option{clock.option()}, tc.opts...)...)
			resp := do(t, rt, tc.method, srv.URL+"/links", tc.body)
			if resp.StatusCode != tc.wantCode {
				t.Errorf("status %d, want %d", resp.StatusCode, tc.wantCode)
			}
			if got := srv.hits.Load(); got != tc.wantHits {
				t.Errorf("server saw %d requests, want %d (sleeps %v)", got, tc.wantHits, clock.Sleeps())
			}
			if tc.body != "" && srv.bodies.Load() > 1 {
				t.Errorf("request body sent %d times", srv.bodies.Load())
			}
		})
	}
}

// TestRetryWaits checks the waits: Dub's millisecond reset is read as 2 s,
// 5xx back off exponentially.
func TestRetryWaits(t *testing.T) {
	clock := newFakeClock()
	srv := newScripted(t, clock, 429, 500, 200)
	resp := do(t, Retry(nil, clock.option()), "GET", srv.URL, "")
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	want := []time.Duration{2 * time.Second, 2 * DefaultBackoff}
	if got := clock.Sleeps(); len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("sleeps %v, want %v", got, want)
	}
}

// TestRetryDeadline checks that no wait runs past the request's deadline:
// the 429 is returned instead.
func TestRetryDeadline(t *testing.T) {
	clock := &fakeClock{testclock.New(time.Now())} // the deadline is on the real clock
	srv := newScripted(t, clock, 429, 200)
	ctx, cancel := context.WithDeadline(t.Context(), clock.Now().Add(time.Second))
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL, nil)
	resp, err := Retry(nil, clock.option()).RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 429 || srv.hits.Load() != 1 {
		t.Errorf("status %d after %d hits; want the 429 after 1", resp.StatusCode, srv.hits.Load())
	}
}

// TestRetryCancelled checks that a cancelled context ends the wait with
// the context's error.
func TestRetryCancelled(t *testing.T) {
	srv := newScripted(t, newFakeClock(), 503)
	ctx, cancel := context.WithCancel(t.Context())
	sleep := func(ctx context.Context, d time.Duration) error { cancel(); return ctx.Err() }
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL, nil)
	_, err := Retry(nil, WithClock(nil, sleep)).RoundTrip(req)
	if err == nil || !strings.Contains(err.Error(), "context canceled") {
		t.Errorf("err %v, want context canceled", err)
	}
	if srv.hits.Load() != 1 {
		t.Errorf("%d hits after cancel, want 1", srv.hits.Load())
	}
}
