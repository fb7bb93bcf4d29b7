package transport

import (
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// sizedServer answers GET /?n=N&chunked=1 with N bytes, announcing the
// length unless chunked.
func sizedServer(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.URL.Query().Get("n"))
		if r.URL.Query().Get("chunked") == "" {
			w.Header().Set("Content-Length", strconv.Itoa(n))
		}
		chunk := strings.Repeat("x", 100)
		for n > 0 {
			k := min(n, len(chunk))
			if _, err := io.WriteString(w, chunk[:k]); err != nil {
				return
			}
			if f, ok := w.(http.Flusher); ok {
				f.Flush()
			}
			n -= k
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestLimitResponses(t *testing.T) {
	srv := sizedServer(t)
	const limit = 1000
	rt := LimitResponses(http.DefaultTransport, limit)
	for _, tc := range []struct {
		name     string
		query    string
		wantLen  int
		wantErr  bool
		wantSize int64 // ContentLength in the error
	}{
		{"small", "n=10", 10, false, 0},
		{"exactly the limit", "n=1000", 1000, false, 0},
		{"exactly the limit chunked", "n=1000&chunked=1", 1000, false, 0},
		{"announced too large", "n=50000", 0, true, 50000},
		{"one byte over, announced", "n=1001", 0, true, 1001},
		{"chunked too large", "n=50000&chunked=1", 1000, true, -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequestWithContext(t.Context(), "GET", srv.URL+"/links?"+tc.query, nil)
			var data []byte
			resp, err := rt.RoundTrip(req)
			if err == nil {
				data, err = io.ReadAll(resp.Body)
				_ = resp.Body.Close()
			}
			if (err != nil) != tc.wantErr || len(data) > limit || (!tc.wantErr && len(data) != tc.wantLen) {
				t.Fatalf("read %d bytes, err %v; want %d bytes, error %v", len(data), err, tc.wantLen, tc.wantErr)
			}
			if !tc.wantErr {
				return
			}
			var tl *ResponseTooLargeError
			if !errors.As(err, &tl) || !errors.Is(err, ErrResponseTooLarge) {
				t.Fatalf("err %T %v, want *ResponseTooLargeError", err, err)
			}
			if tl.ContentLength != tc.wantSize || tl.Limit != limit || tl.Path != "/links" {
				t.Errorf("error %+v", tl)
			}
			if !strings.Contains(err.Error(), "GET /links") || !strings.Contains(err.Error(), "limit is 1000 bytes") {
				t.Errorf("message %q does not say what and where", err)
			}
		})
	}
}

// TestNewPooledBoundsConnections checks that 16 concurrent requests share
// at most maxConns connections.
func TestNewPooledBoundsConnections(t *testing.T) {
	var conns atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "ok")
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)

	const maxConns = 4
	client := &http.Client{Transport: NewPooled(maxConns)}
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for range 5 {
				resp, err := client.Get(srv.URL)
				if err != nil {
					t.Error(err)
					return
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				_ = resp.Body.Close()
			}
		})
	}
	wg.Wait()
	if n := conns.Load(); n > maxConns {
		t.Errorf("%d connections opened, want at most %d", n, maxConns)
	}
}

// TestNew checks the stack: a large answer is cut, a 429 read is retried.
func TestNew(t *testing.T) {
	clock := newFakeClock()
	srv := newScripted(t, clock, 429, 200)
	resp := do(t, New(Config{MaxConns: 2}, clock.option()), "GET", srv.URL, "")
	if resp.StatusCode != 200 || srv.hits.Load() != 2 {
		t.Errorf("status %d after %d hits, want 200 after 2", resp.StatusCode, srv.hits.Load())
	}
	big := sizedServer(t)
	req, _ := http.NewRequestWithContext(t.Context(), "GET", big.URL+"/?n="+strconv.Itoa(DefaultMaxResponseBytes+1), nil)
	if _, err := New(Config{}).RoundTrip(req); !errors.Is(err, ErrResponseTooLarge) {
		t.Errorf("err %v, want ErrResponseTooLarge", err)
	}
}
