package httpguard

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// echo answers 200 with what the handler behind the guards saw.
var echo = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	b, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), 500)
		return
	}
	fmt.Fprintf(w, "auth=%s token=%s body=%d", r.Header.Get("Authorization"), r.Header.Get(HeaderDubToken), len(b))
})

// countingBody counts the bytes read from it; it holds n of them.
type countingBody struct {
	n, read int64
}

func (c *countingBody) Read(p []byte) (int, error) {
	if c.read >= c.n {
		return 0, io.EOF
	}
	k := min(int64(len(p)), c.n-c.read)
	c.read += k
	return int(k), nil
}

func (c *countingBody) Close() error { return nil }

func TestWrap(t *testing.T) {
	const max = 1000
	cfg := Config{MaxBodyBytes: max, AllowedOrigins: []string{"https://App.Example.com/"}, RequireKey: true}
	for _, tc := range []struct {
		name       string
		cfg        *Config // nil: cfg
		headers    map[string]string
		bodyLen    int64
		announce   bool // set Content-Length
		wantStatus int
		wantBody   string // substring
		maxRead    int64  // bytes the guard may read of the body
	}{
		{name: "key, no origin", headers: map[string]string{"Authorization": "Bearer k1"}, bodyLen: 10, announce: true, wantStatus: 200, wantBody: "auth=Bearer k1 token= body=10", maxRead: 10},
		{name: "allowed origin", headers: map[string]string{"Authorization": "Bearer k1", "Origin": "https://app.example.com"}, wantStatus: 200},
		{name: "foreign origin", headers: map[string]string{"Authorization": "Bearer k1", "Origin": "https://evil.example"}, bodyLen: 10, announce: true, wantStatus: 403, wantBody: "evil.example"},
		{name: "long foreign origin", headers: map[string]string{"Authorization": "Bearer k1", "Origin": "https://" + strings.Repeat("e", 10000)}, wantStatus: 403, wantBody: "eee…"},
		{name: "null origin", headers: map[string]string{"Authorization": "Bearer k1", "Origin": "null"}, wantStatus: 403},
		{name: "localhost origin refused without loopback", headers: map[string]string{"Authorization": "Bearer k1", "Origin": "http://localhost:6274"}, wantStatus: 403},
		{name: "localhost origin with loopback", cfg: &Config{RequireKey: true, AllowLoopbackOrigins: true}, headers: map[string]string{"Authorization": "Bearer k1", "Origin": "http://localhost:6274"}, wantStatus: 200},
		{name: "127.0.0.1 origin with loopback", cfg: &Config{AllowLoopbackOrigins: true}, headers: map[string]string{"Origin": "http://127.0.0.1:3000"}, wantStatus: 200},
		{name: "any origin", cfg: &Config{AllowedOrigins: []string{"*"}}, headers: map[string]string{"Origin": "https://evil.example"}, wantStatus: 200},
		{name: "no key", headers: nil, bodyLen: 100 << 20, announce: true, wantStatus: 401, wantBody: "Mcp-Dub-Token: <Dub API key>", maxRead: 0},
		{name: "no key, unannounced body", headers: nil, bodyLen: 100 << 20, wantStatus: 401, wantBody: "Authorization: Bearer", maxRead: 0},
		{name: "basic auth", headers: map[string]string{"Authorization": "Basic dXNlcjpwYXNz"}, wantStatus: 401, wantBody: "not a Bearer"},
		{name: "empty bearer", headers: map[string]string{"Authorization": "Bearer "}, wantStatus: 401},
		{name: "no key, not required", cfg: &Config{}, wantStatus: 200, wantBody: "auth= token="},
		{name: "Mcp-Dub-Token", headers: map[string]string{HeaderDubToken: "k2"}, wantStatus: 200, wantBody: "auth=Bearer k2 token= body"},
		{name: "Authorization wins", headers: map[string]string{"Authorization": "Bearer k1", HeaderDubToken: "k2"}, wantStatus: 200, wantBody: "auth=Bearer k1 token= body"},
		{name: "announced too large", headers: map[string]string{"Authorization": "Bearer k1"}, bodyLen: 100 << 20, announce: true, wantStatus: 413, wantBody: "limit of 1000 bytes", maxRead: 0},
		{name: "unannounced too large", headers: map[string]string{"Authorization": "Bearer k1"}, bodyLen: 100 << 20, wantStatus: 413, wantBody: "limit of 1000 bytes", maxRead: max + 1},
		{name: "exactly the limit", headers: map[string]string{"Authorization": "Bearer k1"}, bodyLen: max, wantStatus: 200, wantBody: "body=1000", maxRead: max},
		{name: "options preflight passes", headers: map[string]string{"Origin": "https://app.example.com"}, wantStatus: 200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := cfg
			if tc.cfg != nil {
				c = *tc.cfg
			}
			body := &countingBody{n: tc.bodyLen}
			method := "POST"
			if tc.name == "options preflight passes" {
				method = "OPTIONS"
			}
			req := httptest.NewRequestWithContext(t.Context(), method, "/mcp", body)
			req.ContentLength = -1
			if tc.announce {
				req.ContentLength = tc.bodyLen
			}
			for k, v := range tc.headers {
				req.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			Wrap(echo, c).ServeHTTP(rec, req)
			if rec.Code != tc.wantStatus || !strings.Contains(rec.Body.String(), tc.wantBody) {
				t.Fatalf("got %d %q; want %d containing %q", rec.Code, rec.Body.String(), tc.wantStatus, tc.wantBody)
			}
			if tc.bodyLen > 0 && body.read > tc.maxRead {
				t.Errorf("the guard read %d body bytes, want at most %d", body.read, tc.maxRead)
			}
			if rec.Code == 401 {
				ch := rec.Header().Get("WWW-Authenticate")
				if !strings.HasPrefix(ch, `Bearer realm="dub", error="invalid_request", error_description="`) {
					t.Errorf("challenge %q", ch)
				}
			}
			if rec.Body.Len() > 1000 {
				t.Errorf("error body of %d bytes", rec.Body.Len())
			}
			if rec.Code >= 400 {
				var msg struct {
					Error struct{ Message string } `json:"error"`
				}
				if err := json.Unmarshal(rec.Body.Bytes(), &msg); err != nil || msg.Error.Message == "" {
					t.Errorf("error body %q is not a JSON-RPC error with a message", rec.Body.String())
				}
			}
		})
	}
}

// TestSlowBody checks that a body trickling in is cut after the body
// timeout with 408, over a real connection.
func TestSlowBody(t *testing.T) {
	var reached atomic.Bool
	inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { reached.Store(true) })
	srv := httptest.NewServer(LimitBody(inner, 1000, 200*time.Millisecond))
	t.Cleanup(srv.Close)
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(30 * time.Second))
	fmt.Fprintf(conn, "POST /mcp HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n{")
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusRequestTimeout || reached.Load() {
		t.Errorf("status %d, handler reached %v; want 408 without reaching it", resp.StatusCode, reached.Load())
	}
}

func TestConfigureServer(t *testing.T) {
	var srv http.Server
	ConfigureServer(&srv, Timeouts{Idle: time.Minute})
	if srv.ReadHeaderTimeout != DefaultReadHeaderTimeout || srv.IdleTimeout != time.Minute || srv.MaxHeaderBytes != DefaultMaxHeaderBytes || srv.ReadTimeout != 0 || srv.WriteTimeout != 0 {
		t.Errorf("server timeouts %v %v %v %v %v", srv.ReadHeaderTimeout, srv.IdleTimeout, srv.MaxHeaderBytes, srv.ReadTimeout, srv.WriteTimeout)
	}
}
