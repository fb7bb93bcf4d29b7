package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"
)

// startHTTP serves newServer(cfg) over streamable HTTP on 127.0.0.1 and
// returns the MCP endpoint's URL.
func startHTTP(t *testing.T, cfg config) string {
	t.Helper()
	if reflect.ValueOf(cfg.serve).IsZero() {
		cfg.serve = defaultServing()
	}
	s, err := newServer(cfg)
	if err != nil {
		t.Fatalf("newServer: %v", err)
	}
	mux := http.NewServeMux()
	_, h := newHTTPHandler(cfg, s, true)
	mux.Handle(endpointPath, h)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(mux)
	ts.Listener.Close()
	ts.Listener = ln
	ts.Start()
	t.Cleanup(ts.Close)
	return ts.URL + endpointPath
}

// connect returns an initialized MCP client for endpoint that sends key as
// a bearer token (no Authorization header if key is empty).
func connect(ctx context.Context, t *testing.T, endpoint, key string) *client.Client {
	t.Helper()
	var opts []transport.StreamableHTTPCOption
	if key != "" {
		opts = append(opts, transport.WithHTTPHeaders(map[string]string{"Authorization": "Bearer " + key}))
	}
	c, err := client.NewStreamableHttpClient(endpoint, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	if err := c.Start(ctx); err != nil {
		t.Fatalf("start client: %v", err)
	}
	var req mcp.InitializeRequest
	req.Params.ProtocolVersion = mcp.LATEST_PROTOCOL_VERSION
	req.Params.ClientInfo = mcp.Implementation{Name: "dubgen-http-test", Version: "0"}
	if _, err := c.Initialize(ctx, req); err != nil {
		t.Fatalf("initialize: %v", err)
	}
	return c
}

func callTool(ctx context.Context, c *client.Client, name string, args map[string]any) (*mcp.CallToolResult, error) {
	var req mcp.CallToolRequest
	req.Params.Name = name
	req.Params.Arguments = args
	return c.CallTool(ctx, req)
}

// TestHTTPPerRequestKeys checks that over HTTP every client's calls use
// that client's own bearer key, concurrently, and that DUB_API_KEY is not
// spent on callers without a key.
func TestHTTPPerRequestKeys(t *testing.T) {
	api := newStandIn(t, "key-alice", "key-bob", "operator-key")
	ctx := testContext(t)
	// The operator's key is configured but, without --http-fallback-key,
	// must never be used.
	endpoint := startHTTP(t, config{httpAddr: "127.0.0.1:0", baseURL: api.URL, apiKey: "operator-key"})

	users := map[string]string{"alice": "key-alice", "bob": "key-bob"}
	clients := map[string]*client.Client{}
	for user, key := range users {
		clients[user] = connect(ctx, t, endpoint, key)
	}

	const callsPerUser = 8
	var wg sync.WaitGroup
	for user, c := range clients {
		for i := range callsPerUser {
			wg.Go(func() {
				search := fmt.Sprintf("%s-%d", user, i)
				res, err := callTool(ctx, c, "get_links", map[string]any{"search": search})
				if err != nil {
					t.Errorf("%s: call: %v", search, err)
					return
				}
				if res.IsError {
					t.Errorf("%s: isError: %s", search, resultText(res))
					return
				}
				if text := resultText(res); !strings.Contains(text, `"link_`+search+`"`) {
					t.Errorf("%s: result is not this call's: %s", search, text)
				}
			})
		}
	}
	wg.Wait()

	count := map[string]int{}
	for _, r := range api.requests() {
		search := strings.Join(r.Query["search"], ",")
		user, _, _ := strings.Cut(search, "-")
		key, ok := users[user]
		if !ok {
			t.Errorf("unexpected request %s %s?search=%s", r.Method, r.Path, search)
			continue
		}
		count[user]++
		if want := "Bearer " + key; r.Auth != want {
			t.Errorf("request for %s carried Authorization %q, want %q", search, r.Auth, want)
		}
	}
	for user := range users {
		if count[user] != callsPerUser {
			t.Errorf("stand-in saw %d requests for %s, want %d", count[user], user, callsPerUser)
		}
	}

	// Without a key the request is refused with 401 before reaching Dub.
	before := len(api.requests())
	assertChallenge(t, endpoint)
	if n := len(api.requests()) - before; n != 0 {
		t.Errorf("an anonymous call reached the API (%d requests)", n)
	}
}

// assertChallenge posts a tools/call without credentials to endpoint and
// checks the 401: a Bearer challenge and a body saying how to send the key.
func assertChallenge(t *testing.T, endpoint string) {
	t.Helper()
	resp, body := postMCP(t, endpoint, nil, `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_links","arguments":{}}}`)
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("keyless request: status %d %q, want 401", resp.StatusCode, body)
	}
	if ch := resp.Header.Get("WWW-Authenticate"); !strings.HasPrefix(ch, "Bearer realm=") || !strings.Contains(ch, "error=") {
		t.Errorf("keyless request: challenge %q, want a Bearer challenge with realm and error", ch)
	}
	if !strings.Contains(body, "Authorization: Bearer <Dub API key>") || !strings.Contains(body, "Mcp-Dub-Token") {
		t.Errorf("keyless request: body %q does not say how to send the key", body)
	}
}

// postMCP posts one JSON-RPC message to endpoint with headers and returns
// the response and its body (at most 1 MiB).
func postMCP(t *testing.T, endpoint string, headers map[string]string, msg string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), "POST", endpoint, strings.NewReader(msg))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	req.Header.Set("Mcp-Protocol-Version", "2025-11-25")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return resp, string(b)
}

// TestHTTPFallbackKey checks --http-fallback-key: callers without a key
// use DUB_API_KEY, callers with one still use their own.
func TestHTTPFallbackKey(t *testing.T) {
	api := newStandIn(t, "key-alice", "operator-key")
	ctx := testContext(t)
	endpoint := startHTTP(t, config{httpAddr: "127.0.0.1:0", baseURL: api.URL, apiKey: "operator-key", httpFallbackKey: true})

	for _, tc := range []struct{ search, key, wantAuth string }{
		{"anon", "", "Bearer operator-key"},
		{"alice", "key-alice", "Bearer key-alice"},
	} {
		c := connect(ctx, t, endpoint, tc.key)
		res, err := callTool(ctx, c, "get_links", map[string]any{"search": tc.search})
		if err != nil {
			t.Fatalf("%s: %v", tc.search, err)
		}
		if res.IsError {
			t.Fatalf("%s: isError: %s", tc.search, resultText(res))
		}
		reqs := api.requests()
		if last := reqs[len(reqs)-1]; last.Auth != tc.wantAuth || last.Query["search"][0] != tc.search {
			t.Errorf("%s: stand-in saw search=%v with %q, want %q", tc.search, last.Query["search"], last.Auth, tc.wantAuth)
		}
	}
}

// TestHTTPBinary runs the built server with --http :0: it must bind
// 127.0.0.1, serve /mcp, keep DUB_API_KEY to itself, and shut down cleanly
// on SIGTERM with a client still connected.
func TestHTTPBinary(t *testing.T) {
	bin := buildServer(t)
	api := newStandIn(t, "operator-key")
	ctx := testContext(t)

	p := startProcess(ctx, t, bin, []string{"DUB_API_KEY=operator-key"}, "--http", ":0", "--base-url", api.URL)
	cmd, endpoint, stdout, stderr, stderrDone := p.cmd, p.endpoint, &p.stdout, &p.stderr, p.stderrDone
	u, err := url.Parse(endpoint)
	if err != nil {
		t.Fatalf("logged endpoint %q: %v", endpoint, err)
	}
	if u.Hostname() != "127.0.0.1" || u.Path != endpointPath {
		t.Errorf("--http :0 serves %s; want 127.0.0.1 and path %s", endpoint, endpointPath)
	}

	c := connect(ctx, t, endpoint, "operator-key")
	list, err := c.ListTools(ctx, mcp.ListToolsRequest{})
	if err != nil {
		t.Fatalf("list tools: %v", err)
	}
	if len(list.Tools) != wantTools {
		t.Errorf("got %d tools over HTTP, want %d", len(list.Tools), wantTools)
	}
	assertChallenge(t, endpoint)
	if n := len(api.requests()); n != 0 {
		t.Errorf("DUB_API_KEY was spent on an unauthenticated HTTP caller (%d requests)", n)
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	<-stderrDone
	if err := cmd.Wait(); err != nil {
		t.Errorf("exit after SIGTERM: %v", err)
	}
	if !strings.Contains(stderr.String(), "shutting down") {
		t.Errorf("no shutdown message on stderr")
	}
	if s := stdout.String(); s != "" {
		t.Errorf("HTTP mode wrote to stdout: %q", s)
	}
}
