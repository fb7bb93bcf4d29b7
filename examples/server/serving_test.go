package main

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

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"
)

// mb is a megabyte, for the RSS figures.
const mb = 1 << 20

// filler is an endless-looking body of n bytes that counts what was read.
type filler struct {
	n    int64
	read atomic.Int64
}

func (f *filler) Read(p []byte) (int, error) {
	left := f.n - f.read.Load()
	if left <= 0 {
		return 0, io.EOF
	}
	k := min(int64(len(p)), left)
	for i := range p[:k] {
		p[i] = ' '
	}
	f.read.Add(k)
	return int(k), nil
}

// postLarge posts a body of n bytes (announced or chunked) with key and
// returns the status; a connection the server closed before reading the
// body may end the request with an error instead, which counts as refused.
func postLarge(t *testing.T, endpoint, key string, n int64, announce bool) (int, int64) {
	t.Helper()
	body := &filler{n: n}
	req, err := http.NewRequestWithContext(t.Context(), "POST", endpoint, body)
	if err != nil {
		t.Fatal(err)
	}
	if announce {
		req.ContentLength = n
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := (&http.Client{Transport: &http.Transport{}}).Do(req)
	if err != nil {
		t.Logf("POST %d bytes: %v (after sending %d bytes)", n, err, body.read.Load())
		return 0, body.read.Load()
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, body.read.Load()
}

// TestServeGuardsBinary runs the built server over HTTP and checks its
// guards from outside: a 100 MB body is refused with 413 without being
// held in memory, a foreign Origin gets 403, a request without a key 401,
// and Mcp-Dub-Token is accepted as the key.
func TestServeGuardsBinary(t *testing.T) {
	bin := buildServer(t)
	api := newStandIn(t, "key-alice")
	ctx := testContext(t)
	p := startProcess(ctx, t, bin, nil, "--http", ":0", "--base-url", api.URL)
	pid := p.cmd.Process.Pid
	t.Logf("peak RSS after start: %.1f MB", float64(peakRSS(pid))/mb)

	const huge = 100 << 20
	for _, announce := range []bool{true, false} {
		code, sent := postLarge(t, p.endpoint, "key-alice", huge, announce)
		if code != http.StatusRequestEntityTooLarge && code != 0 {
			t.Errorf("100 MB body (Content-Length announced: %v): status %d, want 413", announce, code)
		}
		t.Logf("100 MB body (announced %v): status %d, client got %.1f MB out before the server closed", announce, code, float64(sent)/mb)
	}
	if code, _ := postLarge(t, p.endpoint, "key-alice", huge, true); code != http.StatusRequestEntityTooLarge {
		t.Errorf("announced 100 MB body: status %d, want 413", code)
	}
	rss := peakRSS(pid)
	t.Logf("peak RSS after three 100 MB bodies: %.1f MB (before issue 11: 255 MB for one)", float64(rss)/mb)
	if rss > 100*mb {
		t.Errorf("peak RSS %.1f MB after 100 MB bodies, want < 100 MB", float64(rss)/mb)
	}

	resp, body := postMCP(t, p.endpoint, map[string]string{"Authorization": "Bearer key-alice", "Origin": "https://evil.example"}, `{"jsonrpc":"2.0","id":1,"method":"tools/list"}`)
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "evil.example") {
		t.Errorf("foreign Origin: %d %q, want 403 naming the origin", resp.StatusCode, body)
	}
	assertChallenge(t, p.endpoint)
	health, err := http.Get(strings.TrimSuffix(p.endpoint, endpointPath) + healthPath)
	if err != nil {
		t.Fatal(err)
	}
	_ = health.Body.Close()
	if health.StatusCode != http.StatusOK {
		t.Errorf("GET %s: %d, want 200 without a key", healthPath, health.StatusCode)
	}

	c := connectWith(ctx, t, p.endpoint, map[string]string{"Mcp-Dub-Token": "key-alice"}, "")
	res, err := callTool(ctx, c, "get_links", map[string]any{"search": "token"})
	if err != nil || res.IsError {
		t.Fatalf("call with Mcp-Dub-Token: %v %s", err, resultText(res))
	}
	reqs := api.requests()
	if last := reqs[len(reqs)-1]; last.Auth != "Bearer key-alice" {
		t.Errorf("Mcp-Dub-Token reached Dub as Authorization %q", last.Auth)
	}
}

// TestServeLargeAnswerBinary checks that a 50 MB answer from Dub ends the
// call with a clear error and keeps the server's memory bounded.
func TestServeLargeAnswerBinary(t *testing.T) {
	bin := buildServer(t)
	const answer = 50 << 20
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		link := `{"id":"link_x","domain":"dub.sh","key":"k","url":"https://example.com/` + strings.Repeat("x", 900) + `"},`
		_, _ = io.WriteString(w, "[")
		for n := 0; n < answer; n += len(link) {
			if _, err := io.WriteString(w, link); err != nil {
				return
			}
		}
		_, _ = io.WriteString(w, `{"id":"link_last"}]`)
	}))
	t.Cleanup(api.Close)
	ctx := testContext(t)
	p := startProcess(ctx, t, bin, nil, "--http", ":0", "--base-url", api.URL)

	c := connect(ctx, t, p.endpoint, "key-alice")
	res, err := callTool(ctx, c, "get_links", map[string]any{})
	if err != nil {
		t.Fatalf("call: %v", err)
	}
	if text := resultText(res); !res.IsError || !strings.Contains(text, "too large") || !strings.Contains(text, "8388608 bytes") {
		t.Errorf("50 MB answer: isError=%v %q; want an error naming the 8 MiB limit", res.IsError, text)
	}
	rss := peakRSS(p.cmd.Process.Pid)
	t.Logf("peak RSS after a 50 MB answer: %.1f MB (before issue 11: 800 to 1,700 MB)", float64(rss)/mb)
	if rss > 150*mb {
		t.Errorf("peak RSS %.1f MB after a 50 MB answer, want < 150 MB", float64(rss)/mb)
	}
}

// connectWith returns an initialized MCP client for endpoint sending
// headers, asking for protocol version (empty: the client's default).
func connectWith(ctx context.Context, t *testing.T, endpoint string, headers map[string]string, version string, opts ...client.ClientOption) *client.Client {
	t.Helper()
	tr, err := transport.NewStreamableHTTP(endpoint, transport.WithHTTPHeaders(headers))
	if err != nil {
		t.Fatal(err)
	}
	if version != "" {
		opts = append(opts, client.WithProtocolVersion(version))
	}
	c := client.NewClient(tr, opts...)
	t.Cleanup(func() { _ = c.Close() })
	if err := c.Start(ctx); err != nil {
		t.Fatalf("start client: %v", err)
	}
	var req mcp.InitializeRequest
	req.Params.ClientInfo = mcp.Implementation{Name: "dubgen-serving-test", Version: "0"}
	if _, err := c.Initialize(ctx, req); err != nil {
		t.Fatalf("initialize: %v", err)
	}
	return c
}

// TestCancellationReachesDub checks that a tool call cancelled by its
// client cancels the request to Dub.
func TestCancellationReachesDub(t *testing.T) {
	arrived, cancelled := make(chan struct{}), make(chan struct{})
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(arrived)
		select {
		case <-r.Context().Done():
			close(cancelled)
		case <-time.After(time.Minute):
		}
	}))
	t.Cleanup(api.Close)
	endpoint := startHTTP(t, config{httpAddr: "127.0.0.1:0", baseURL: api.URL})
	ctx := testContext(t)
	c := connect(ctx, t, endpoint, "key-alice")
	callCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() {
		_, err := callTool(callCtx, c, "get_links", map[string]any{})
		done <- err
	}()
	select {
	case <-arrived:
	case <-ctx.Done():
		t.Fatal("the call never reached Dub")
	}
	cancel()
	select {
	case <-cancelled:
	case <-ctx.Done():
		t.Fatal("cancelling the call did not cancel the request to Dub")
	}
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Logf("cancelled call returned %v", err)
	}
}

// TestDubRateLimitWait checks what the agent is told after Dub's real 429,
// whose Retry-After and X-RateLimit-Reset hold Upstash's reset in Unix
// milliseconds: a wait of about 40 seconds, not 56 years. The wait is
// longer than a retry sits out, so the read is tried once.
func TestDubRateLimitWait(t *testing.T) {
	var hits atomic.Int32
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		reset := strconv.FormatInt(time.Now().Add(40*time.Second).UnixMilli(), 10)
		for k, v := range map[string]string{"Retry-After": reset, "X-RateLimit-Reset": reset, "X-RateLimit-Limit": "60", "X-RateLimit-Remaining": "0"} {
			w.Header().Set(k, v)
		}
		writeRaw(w, http.StatusTooManyRequests, `{"error":{"code":"rate_limit_exceeded","message":"Too many requests.","doc_url":"https://dub.co/docs/api-reference/errors#rate-limit-exceeded"}}`)
	}))
	t.Cleanup(api.Close)
	endpoint := startHTTP(t, config{httpAddr: "127.0.0.1:0", baseURL: api.URL})
	ctx := testContext(t)
	res, err := callTool(ctx, connect(ctx, t, endpoint, "key-alice"), "list_domains", map[string]any{})
	if err != nil {
		t.Fatal(err)
	}
	// Error results are text only (a structured error would have to match
	// the tool's output schema): the wait is in the text.
	if s := retryInSeconds(resultText(res)); !res.IsError || s < 30 || s > 41 {
		t.Errorf("retry in %d seconds (isError %v, %q); want about 40", s, res.IsError, resultText(res))
	}
	if n := hits.Load(); n != 1 {
		t.Errorf("Dub saw %d requests; a 40 s wait is not retried", n)
	}
}
