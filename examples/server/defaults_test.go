package main

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/dubgen/dubgen/generated/dub"
	"github.com/dubgen/dubgen/generated/dubmcp"
)

// flakyDub answers each method+path's first request with Dub's 429 (its
// reset, in Unix milliseconds, 200 ms ahead) and later ones with 200,
// counting requests.
type flakyDub struct {
	mu   sync.Mutex
	hits map[string]int
}

func (f *flakyDub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	key := r.Method + " " + r.URL.Path
	f.hits[key]++
	n := f.hits[key]
	f.mu.Unlock()
	if n == 1 {
		reset := strconv.FormatInt(time.Now().Add(200*time.Millisecond).UnixMilli(), 10)
		w.Header().Set("Retry-After", reset)
		w.Header().Set("X-RateLimit-Reset", reset)
		writeRaw(w, http.StatusTooManyRequests, `{"error":{"code":"rate_limit_exceeded","message":"Too many requests."}}`)
		return
	}
	if r.Method == http.MethodGet {
		writeJSON(w, http.StatusOK, []any{sampleLink("link_1")})
		return
	}
	writeJSON(w, http.StatusOK, sampleLink("link_1"))
}

// reset forgets the requests: each route's next answer is a 429 again.
func (f *flakyDub) reset() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.hits = map[string]int{}
}

func (f *flakyDub) count(key string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.hits[key]
}

// TestDefaultClientRetriesReadsOnly checks dub.NewClient's default
// transport, with no HTTP client of the caller's: after a short 429 a read
// is retried and succeeds, and a write reaches Dub exactly once and
// reports Dub's wait; through the typed client and through tools.
func TestDefaultClientRetriesReadsOnly(t *testing.T) {
	api := &flakyDub{hits: map[string]int{}}
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	c := dub.NewClient(dub.WithBaseURL(srv.URL), dub.WithAPIKey("key-alice"))
	ctx := testContext(t)

	if links, err := c.GetLinks(ctx, dub.GetLinksParams{}); err != nil || len(links) != 1 || api.count("GET /links") != 2 {
		t.Errorf("typed read: %v, %d links after %d requests; want success after 2", err, len(links), api.count("GET /links"))
	}
	_, err := c.CreateLink(ctx, dub.CreateLinkBody{URL: "https://example.com"})
	apiErr, ok := err.(*dub.APIError)
	if !ok || apiErr.StatusCode != http.StatusTooManyRequests || api.count("POST /links") != 1 {
		t.Errorf("typed write: %v after %d requests; want the 429 after 1", err, api.count("POST /links"))
	} else if w := apiErr.RateLimit.RetryAfter; w < time.Second || w > 2*time.Second {
		t.Errorf("typed write: RetryAfter %s, want Dub's 200 ms rounded up to 1 s", w)
	}

	s := server.NewMCPServer("defaults-test", "0")
	if err := dubmcp.Register(s, dub.NewClient(dub.WithBaseURL(srv.URL), dub.WithAPIKey("key-alice"))); err != nil {
		t.Fatal(err)
	}
	mc, err := client.NewInProcessClient(s)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = mc.Close() })
	if err := mc.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := mc.Initialize(ctx, mcp.InitializeRequest{}); err != nil {
		t.Fatal(err)
	}
	api.reset()
	res, err := callTool(ctx, mc, "create_link", map[string]any{"url": "https://example.com/tool"})
	if err != nil || !res.IsError || api.count("POST /links") != 1 {
		t.Errorf("tool write: %v %s after %d requests; want an error result after 1", err, resultText(res), api.count("POST /links"))
	}
	api.reset()
	res, err = callTool(ctx, mc, "get_links", map[string]any{})
	if err != nil || res.IsError || api.count("GET /links") != 2 {
		t.Errorf("tool read: %v %s after %d requests; want success after 2", err, resultText(res), api.count("GET /links"))
	}
}
