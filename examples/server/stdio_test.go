package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/dubgen/dubgen/examples/server/internal/testproc"
	"github.com/dubgen/dubgen/generated/dub"
	"github.com/dubgen/dubgen/generated/dubmcp"
)

// TestStdioEndToEnd runs the built server over stdio against the stand-in,
// as an MCP client would.
func TestStdioEndToEnd(t *testing.T) {
	bin := buildServer(t)
	api := newStandIn(t, "test-key")
	ctx := testContext(t)

	var stderr testproc.SyncBuffer
	c, err := client.NewStdioMCPClientWithOptions(bin, []string{"DUB_API_KEY=test-key"},
		[]string{"--base-url", api.URL}, transport.WithCommandStderrWriter(&stderr))
	if err != nil {
		t.Fatalf("start server: %v", err)
	}
	t.Cleanup(func() {
		_ = c.Close()
		if t.Failed() {
			t.Logf("server stderr:\n%s", stderr.String())
		}
	})

	var initReq mcp.InitializeRequest
	initReq.Params.ProtocolVersion = mcp.LATEST_PROTOCOL_VERSION
	initReq.Params.ClientInfo = mcp.Implementation{Name: "dubgen-test", Version: "0"}
	initRes, err := c.Initialize(ctx, initReq)
	if err != nil {
		t.Fatalf("initialize: %v", err)
	}
	if initRes.ServerInfo.Name != serverName {
		t.Errorf("server name %q, want %q", initRes.ServerInfo.Name, serverName)
	}
	if initRes.Capabilities.Tools == nil {
		t.Error("server does not declare the tools capability")
	}

	list, err := c.ListTools(ctx, mcp.ListToolsRequest{})
	if err != nil {
		t.Fatalf("list tools: %v", err)
	}
	var raws []json.RawMessage
	var names []string
	for _, tool := range list.Tools {
		raw, err := json.Marshal(tool)
		if err != nil {
			t.Fatalf("re-encode tool %q: %v", tool.Name, err)
		}
		raws = append(raws, raw)
		names = append(names, tool.Name)
	}
	checkTools(t, raws)
	// The binary must serve exactly what the generated package defines.
	var defined []string
	for _, tool := range dubmcp.Tools(dub.NewClient()) {
		defined = append(defined, tool.Tool.Name)
	}
	slices.Sort(names)
	if !slices.Equal(names, defined) {
		t.Errorf("listed tools differ from dubmcp.Tools:\n got %v\nwant %v", names, defined)
	}

	call := func(name string, args map[string]any) *mcp.CallToolResult {
		t.Helper()
		var req mcp.CallToolRequest
		req.Params.Name = name
		req.Params.Arguments = args
		res, err := c.CallTool(ctx, req)
		if err != nil {
			t.Fatalf("call %s: protocol error %v (want a tool result)", name, err)
		}
		return res
	}

	t.Run("success", func(t *testing.T) {
		res := call("get_links", map[string]any{"search": "first"})
		checkLinks(t, res, "link_first")
	})

	t.Run("not found", func(t *testing.T) {
		res := call("get_link_info", map[string]any{"linkId": "link_missing"})
		wantAPIError(t, res, 404, "not_found", "Link not found", "https://dub.co/docs/api-reference/errors#not-found")
	})

	t.Run("server error", func(t *testing.T) {
		res := call("get_links_count", map[string]any{})
		wantAPIError(t, res, 500, "internal_server_error", "The stand-in broke on purpose", "retry later")
	})

	t.Run("rate limited", func(t *testing.T) {
		res := call("list_domains", map[string]any{})
		wantAPIError(t, res, 429, "rate_limit_exceeded", "Too many requests from this workspace", "retry in 7 seconds")
	})

	t.Run("unknown argument", func(t *testing.T) {
		before := len(api.requests())
		res := call("get_links", map[string]any{"search": "x", "bogusArgument": true})
		if !res.IsError {
			t.Fatalf("unknown argument: isError = false; result %s", resultText(res))
		}
		if text := resultText(res); !strings.Contains(text, "bogusArgument") {
			t.Errorf("error text does not name the unknown argument: %s", text)
		}
		if n := len(api.requests()) - before; n != 0 {
			t.Errorf("an invalid call reached the API (%d requests)", n)
		}
	})

	t.Run("still serving", func(t *testing.T) {
		res := call("get_links", map[string]any{"search": "after"})
		checkLinks(t, res, "link_after")
	})

	// Every request reached the stand-in with the key from DUB_API_KEY.
	reqs := api.requests()
	var got []string
	for _, r := range reqs {
		got = append(got, r.Method+" "+r.Path)
		if r.Auth != "Bearer test-key" {
			t.Errorf("%s %s: Authorization %q, want %q", r.Method, r.Path, r.Auth, "Bearer test-key")
		}
	}
	// The 500 is a read, retried twice (--retry); the 429 asks for 7 s,
	// more than a retry waits, so it is reported at once.
	want := []string{"GET /links", "GET /links/info", "GET /links/count", "GET /links/count", "GET /links/count", "GET /domains", "GET /links"}
	if !slices.Equal(got, want) {
		t.Errorf("stand-in saw %v, want %v", got, want)
	}
	if len(reqs) > 0 && reqs[0].Query["search"][0] != "first" {
		t.Errorf("first request's query %v lacks search=first", reqs[0].Query)
	}
	if len(reqs) > 1 && reqs[1].Query["linkId"][0] != "link_missing" {
		t.Errorf("get_link_info query %v lacks linkId=link_missing", reqs[1].Query)
	}
}

// checkLinks checks that res is a successful get_links result holding the
// stand-in's link with the given id.
func checkLinks(t *testing.T, res *mcp.CallToolResult, wantID string) {
	t.Helper()
	if res.IsError {
		t.Fatalf("isError result: %s", resultText(res))
	}
	var sc struct {
		Items []struct {
			ID        string `json:"id"`
			ShortLink string `json:"shortLink"`
		} `json:"items"`
	}
	decodeStructured(t, res, &sc)
	if len(sc.Items) != 1 || sc.Items[0].ID != wantID || sc.Items[0].ShortLink != "https://dub.sh/standin" {
		t.Errorf("structured content %+v, want the stand-in's link %q", sc, wantID)
	}
	if !strings.Contains(resultText(res), wantID) {
		t.Errorf("text content lacks %q: %s", wantID, resultText(res))
	}
}

// wantAPIError checks that res is an isError result for an API failure with
// the given status whose text holds every one of wantText.
func wantAPIError(t *testing.T, res *mcp.CallToolResult, status int, code string, wantText ...string) {
	t.Helper()
	text := resultText(res)
	if !res.IsError {
		t.Fatalf("isError = false for HTTP %d; text %s", status, text)
	}
	for _, w := range append([]string{code, fmt.Sprint(status)}, wantText...) {
		if !strings.Contains(text, w) {
			t.Errorf("error text lacks %q: %s", w, text)
		}
	}
	// Error results carry text only: structured content would have to
	// match the tool's output schema (the TypeScript SDK v1 checks it even
	// on errors).
	if res.StructuredContent != nil {
		t.Errorf("error result with structured content %v", res.StructuredContent)
	}
}

// retryInSeconds is the wait an error text gives ("retry in N seconds"),
// or -1.
func retryInSeconds(text string) int {
	m := regexp.MustCompile(`retry in (\d+) seconds`).FindStringSubmatch(text)
	if m == nil {
		return -1
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

func decodeStructured(t *testing.T, res *mcp.CallToolResult, v any) {
	t.Helper()
	b, err := json.Marshal(res.StructuredContent)
	if err != nil {
		t.Fatalf("structured content: %v", err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("structured content %s: %v", b, err)
	}
}

// TestStdioRawProtocol speaks JSON-RPC to the binary by hand, without
// DUB_API_KEY: it checks that stdout carries nothing but protocol messages,
// that the raw tool list is portable, that the missing key is reported on
// stderr at start and as an isError result per call, and that the server
// exits cleanly when stdin closes.
func TestStdioRawProtocol(t *testing.T) {
	bin := buildServer(t)
	api := newStandIn(t, "test-key")
	ctx := testContext(t)

	cmd := exec.CommandContext(ctx, bin, "--base-url", api.URL)
	cmd.Env = testproc.EnvWithout("DUB_API_KEY")
	var stderr testproc.SyncBuffer
	cmd.Stderr = &stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		if t.Failed() {
			t.Logf("server stderr:\n%s", stderr.String())
		}
	})

	// Every line of stdout must be a JSON-RPC 2.0 message.
	type message struct {
		JSONRPC string          `json:"jsonrpc"`
		ID      json.RawMessage `json:"id"`
		Result  json.RawMessage `json:"result"`
		Error   json.RawMessage `json:"error"`
	}
	lines := make(chan message)
	readErr := make(chan error, 1)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(stdout)
		sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
		for sc.Scan() {
			var m message
			if err := json.Unmarshal(sc.Bytes(), &m); err != nil || m.JSONRPC != "2.0" {
				readErr <- fmt.Errorf("stdout line is not JSON-RPC 2.0: %.200q", sc.Text())
				return
			}
			select {
			case lines <- m:
			case <-ctx.Done():
				return
			}
		}
		readErr <- sc.Err()
	}()

	send := func(v any) {
		t.Helper()
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := stdin.Write(append(b, '\n')); err != nil {
			t.Fatalf("write to server: %v", err)
		}
	}
	// await returns the response to id, failing on anything unexpected.
	await := func(id int) json.RawMessage {
		t.Helper()
		select {
		case m, ok := <-lines:
			if !ok {
				t.Fatalf("stdout ended before response %d: %v", id, <-readErr)
			}
			if string(m.ID) != fmt.Sprint(id) {
				t.Fatalf("got message id %s, want %d", m.ID, id)
			}
			if m.Error != nil {
				t.Fatalf("response %d is an error: %s", id, m.Error)
			}
			return m.Result
		case <-ctx.Done():
			t.Fatalf("no response %d: %v", id, ctx.Err())
		}
		return nil
	}
	request := func(id int, method string, params any) json.RawMessage {
		t.Helper()
		send(map[string]any{"jsonrpc": "2.0", "id": id, "method": method, "params": params})
		return await(id)
	}

	request(1, "initialize", map[string]any{
		"protocolVersion": mcp.LATEST_LEGACY_PROTOCOL_VERSION,
		"capabilities":    map[string]any{},
		"clientInfo":      map[string]any{"name": "dubgen-raw-test", "version": "0"},
	})
	send(map[string]any{"jsonrpc": "2.0", "method": "notifications/initialized"})

	var tools []json.RawMessage
	cursor := ""
	for id := 2; ; id++ {
		params := map[string]any{}
		if cursor != "" {
			params["cursor"] = cursor
		}
		var page struct {
			Tools      []json.RawMessage `json:"tools"`
			NextCursor string            `json:"nextCursor"`
		}
		if err := json.Unmarshal(request(id, "tools/list", params), &page); err != nil {
			t.Fatalf("tools/list: %v", err)
		}
		tools = append(tools, page.Tools...)
		if cursor = page.NextCursor; cursor == "" || id > 100 {
			break
		}
	}
	checkTools(t, tools)

	var res mcp.CallToolResult
	raw := request(1000, "tools/call", map[string]any{"name": "get_links", "arguments": map[string]any{}})
	if err := json.Unmarshal(raw, &res); err != nil {
		t.Fatalf("tools/call result %s: %v", raw, err)
	}
	if text := resultText(&res); !res.IsError || !strings.Contains(text, "no API key") {
		t.Errorf("call without DUB_API_KEY: isError=%v text %q; want an isError result about the missing API key", res.IsError, text)
	}
	if n := len(api.requests()); n != 0 {
		t.Errorf("a call without a key reached the API (%d requests)", n)
	}

	// Closing stdin ends the session; the server must exit 0 having written
	// nothing else to stdout.
	if err := stdin.Close(); err != nil {
		t.Fatal(err)
	}
	for m := range lines {
		t.Errorf("unexpected message after the last response: %+v", m)
	}
	if err := <-readErr; err != nil {
		t.Error(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("server exit: %v", err)
	}
	if !strings.Contains(stderr.String(), "DUB_API_KEY is not set") {
		t.Errorf("stderr lacks the missing-key warning:\n%s", stderr.String())
	}
}
