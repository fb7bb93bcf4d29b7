package dubmcp

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	dub "github.com/dubgen/dubgen/generator/emitclient/runtime"
)

// fakeTools stands in for the generated tool factories.
var fakeTools = []func(*dub.Client) Tool{newGetLinkTool, newListLinksTool, newDeleteLinkTool}

// useFakeTools installs fakeTools for the duration of the test.
func useFakeTools(t *testing.T) {
	t.Helper()
	saved := toolFactories
	toolFactories = fakeTools
	t.Cleanup(func() { toolFactories = saved })
}

type link struct {
	ID  string `json:"id"`
	URL string `json:"url"`
}

// newGetLinkTool mimics a generated tool for GET /links/{linkId}.
func newGetLinkTool(c *dub.Client) Tool {
	const name = "get_link"
	return Tool{
		ServerTool: server.ServerTool{
			Tool: mcp.NewTool(name,
				mcp.WithDescription("Retrieve a link."),
				mcp.WithString("linkId", mcp.Required()),
				mcp.WithNumber("page"),
				mcp.WithReadOnlyHintAnnotation(true),
			),
			Handler: func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
				var args struct {
					LinkID string `json:"linkId"`
					Page   int    `json:"page"`
				}
				if err := decodeArgs(name, req, []string{"linkId", "page"}, &args); err != nil {
					return errorResult(name, err), nil
				}
				var out link
				if err := c.Do(ctx, http.MethodGet, "/links/"+url.PathEscape(args.LinkID), nil, nil, &out); err != nil {
					return errorResult(name, err), nil
				}
				return jsonResult(out, "")
			},
		},
		OperationID: "getLink",
		Method:      http.MethodGet,
		Route:       "/links/{linkId}",
		Tags:        []string{"Links"},
	}
}

// newListLinksTool mimics a generated tool whose result is an array.
func newListLinksTool(c *dub.Client) Tool {
	const name = "list_links"
	return Tool{
		ServerTool: server.ServerTool{
			Tool: mcp.NewTool(name, mcp.WithReadOnlyHintAnnotation(true)),
			Handler: func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
				if err := decodeArgs(name, req, nil); err != nil {
					return errorResult(name, err), nil
				}
				var out []link
				if err := c.Do(ctx, http.MethodGet, "/links", nil, nil, &out); err != nil {
					return errorResult(name, err), nil
				}
				return jsonResult(out, "result")
			},
		},
		OperationID: "getLinks",
		Method:      http.MethodGet,
		Route:       "/links",
		Tags:        []string{"Links"},
	}
}

// newDeleteLinkTool mimics a generated tool without a read-only hint.
func newDeleteLinkTool(c *dub.Client) Tool {
	return Tool{
		ServerTool: server.ServerTool{
			Tool: mcp.NewTool("delete_link", mcp.WithDestructiveHintAnnotation(true)),
			Handler: func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
				return errorResult("delete_link", c.Do(ctx, http.MethodDelete, "/links/x", nil, nil, nil)), nil
			},
		},
		OperationID: "deleteLink",
		Method:      http.MethodDelete,
		Route:       "/links/{linkId}",
		Tags:        []string{"Links"},
	}
}

// standIn fakes the Dub API and records the Authorization headers it saw.
type standIn struct {
	mu    sync.Mutex
	auths []string
}

func (s *standIn) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.auths = append(s.auths, r.Header.Get("Authorization"))
	s.mu.Unlock()
	switch r.URL.Path {
	case "/links":
		_, _ = io.WriteString(w, `[{"id":"a","url":"https://a.example"},{"id":"b","url":"https://b.example"}]`)
	case "/links/ok":
		_, _ = io.WriteString(w, `{"id":"ok","url":"https://ok.example"}`)
	case "/links/busy":
		w.Header().Set("Retry-After", "30")
		w.Header().Set("X-RateLimit-Limit", "60")
		w.Header().Set("X-RateLimit-Remaining", "0")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = io.WriteString(w, `{"error":{"code":"rate_limit_exceeded","message":"Too many requests.","doc_url":"https://dub.co/docs/api-reference/errors#rate-limit_exceeded"}}`)
	case "/links/boom":
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = io.WriteString(w, "<html><body>Internal Server Error</body></html>")
	default:
		w.WriteHeader(http.StatusNotFound)
		_, _ = io.WriteString(w, `{"error":{"code":"not_found","message":"Link not found.","doc_url":"https://dub.co/docs/api-reference/errors#not-found"}}`)
	}
}

func (s *standIn) lastAuth() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.auths) == 0 {
		return ""
	}
	return s.auths[len(s.auths)-1]
}

// newMCPClient registers the fake tools (calling api with apiKey) on a new
// server and returns an initialized in-process client for it.
func newMCPClient(t *testing.T, api http.Handler, apiKey string, opts ...Option) *client.Client {
	t.Helper()
	useFakeTools(t)
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	dc := dub.NewClient(dub.WithBaseURL(srv.URL), dub.WithHTTPClient(srv.Client()), dub.WithAPIKey(apiKey))

	s := server.NewMCPServer("dub-test", "0.0.1")
	if err := Register(s, dc, opts...); err != nil {
		t.Fatalf("Register: %v", err)
	}
	cl, err := client.NewInProcessClient(s)
	if err != nil {
		t.Fatalf("NewInProcessClient: %v", err)
	}
	t.Cleanup(func() { _ = cl.Close() })
	if err := cl.Start(t.Context()); err != nil {
		t.Fatalf("Start: %v", err)
	}
	var init mcp.InitializeRequest
	init.Params.ProtocolVersion = mcp.LATEST_PROTOCOL_VERSION
	init.Params.ClientInfo = mcp.Implementation{Name: "dubmcp-test", Version: "0.0.1"}
	if _, err := cl.Initialize(t.Context(), init); err != nil {
		t.Fatalf("Initialize: %v", err)
	}
	return cl
}

func callTool(ctx context.Context, t *testing.T, cl *client.Client, name string, args map[string]any) *mcp.CallToolResult {
	t.Helper()
	var req mcp.CallToolRequest
	req.Params.Name = name
	req.Params.Arguments = args
	res, err := cl.CallTool(ctx, req)
	if err != nil {
		t.Fatalf("CallTool(%s): %v", name, err)
	}
	return res
}

func resultText(t *testing.T, res *mcp.CallToolResult) string {
	t.Helper()
	if len(res.Content) != 1 {
		t.Fatalf("got %d contents, want 1", len(res.Content))
	}
	text, ok := mcp.AsTextContent(res.Content[0])
	if !ok {
		t.Fatalf("content is %T, want text", res.Content[0])
	}
	return text.Text
}

// structured returns the result's structured content as generic JSON.
func structured(t *testing.T, res *mcp.CallToolResult) map[string]any {
	t.Helper()
	b, err := json.Marshal(res.StructuredContent)
	if err != nil {
		t.Fatalf("marshal structured content: %v", err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("structured content %s is not an object: %v", b, err)
	}
	return m
}

func TestRegisterAndListTools(t *testing.T) {
	readOnly := func(t Tool) bool { return t.ReadOnly() }
	tests := []struct {
		name string
		opts []Option
		want []string
	}{
		{"all", nil, []string{"delete_link", "get_link", "list_links"}},
		{"filter", []Option{WithFilter(readOnly)}, []string{"get_link", "list_links"}},
		{"names", []Option{WithToolNames("list_links"), WithToolNames("delete_link")}, []string{"delete_link", "list_links"}},
		{"no names", []Option{WithToolNames()}, []string{"delete_link", "get_link", "list_links"}},
		{"filter and names", []Option{WithFilter(readOnly), WithToolNames("delete_link", "get_link")}, []string{"get_link"}},
		{"filters all pass", []Option{WithFilter(readOnly), WithFilter(func(t Tool) bool { return t.Route == "/links" })}, []string{"list_links"}},
		{"none", []Option{WithFilter(func(Tool) bool { return false })}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cl := newMCPClient(t, &standIn{}, "k", tt.opts...)
			res, err := cl.ListTools(t.Context(), mcp.ListToolsRequest{})
			if err != nil {
				t.Fatalf("ListTools: %v", err)
			}
			var got []string
			for _, tool := range res.Tools {
				got = append(got, tool.Name)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("tools = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestRegisterErrors(t *testing.T) {
	useFakeTools(t)
	dc := dub.NewClient()
	tests := []struct {
		name    string
		s       *server.MCPServer
		c       *dub.Client
		opts    []Option
		wantErr string
	}{
		{"unknown names", server.NewMCPServer("t", "1"), dc, []Option{WithToolNames("get_link", "nope", "gone", "nope")}, "unknown tool names: nope, gone"},
		{"nil filter", server.NewMCPServer("t", "1"), dc, []Option{WithFilter(nil)}, "nil filter"},
		{"nil server", nil, dc, nil, "nil server"},
		{"conflicting task tool", serverWithTaskTool("get_link"), dc, nil, "already registered as task tool"},
		{"nil client", server.NewMCPServer("t", "1"), nil, nil, "nil client"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Register(tt.s, tt.c, tt.opts...)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Register error = %v, want one containing %q", err, tt.wantErr)
			}
			if tt.s != nil && tt.s.GetTool("list_links") != nil {
				t.Errorf("Register added tools despite the error")
			}
		})
	}
}

func serverWithTaskTool(name string) *server.MCPServer {
	s := server.NewMCPServer("t", "1", server.WithTaskCapabilities(true, true, true))
	s.AddTaskTool(mcp.NewTool(name), func(context.Context, mcp.CallToolRequest) (*mcp.CreateTaskResult, error) {
		return nil, nil
	})
	return s
}

func TestTools(t *testing.T) {
	useFakeTools(t)
	tools := Tools(dub.NewClient())
	var names []string
	for _, tool := range tools {
		names = append(names, tool.Tool.Name)
	}
	if want := []string{"delete_link", "get_link", "list_links"}; !reflect.DeepEqual(names, want) {
		t.Errorf("Tools names = %v, want %v", names, want)
	}
	for _, tool := range tools {
		if want := tool.Tool.Name != "delete_link"; tool.ReadOnly() != want {
			t.Errorf("%s.ReadOnly() = %v, want %v", tool.Tool.Name, tool.ReadOnly(), want)
		}
	}
}

func TestCallTool(t *testing.T) {
	api := &standIn{}
	cl := newMCPClient(t, api, "secret-key")
	ctx := t.Context()

	tests := []struct {
		name           string
		tool           string
		args           map[string]any
		wantError      bool
		wantText       []string
		wantStructured map[string]any
	}{
		{
			name: "success", tool: "get_link", args: map[string]any{"linkId": "ok", "page": 1},
			wantText:       []string{`{"id":"ok","url":"https://ok.example"}`},
			wantStructured: map[string]any{"id": "ok", "url": "https://ok.example"},
		},
		{
			name: "array result is wrapped", tool: "list_links",
			wantText: []string{`[{"id":"a"`},
			wantStructured: map[string]any{"result": []any{
				map[string]any{"id": "a", "url": "https://a.example"},
				map[string]any{"id": "b", "url": "https://b.example"},
			}},
		},
		{
			name: "404", tool: "get_link", args: map[string]any{"linkId": "missing"}, wantError: true,
			wantText: []string{"get_link failed", "HTTP 404 Not Found (not_found): Link not found.", "https://dub.co/docs/api-reference/errors#not-found"},
			wantStructured: map[string]any{"error": map[string]any{
				"status": 404.0, "code": "not_found", "message": "Link not found.",
				"doc_url": "https://dub.co/docs/api-reference/errors#not-found",
			}},
		},
		{
			name: "500 HTML", tool: "get_link", args: map[string]any{"linkId": "boom"}, wantError: true,
			wantText: []string{"HTTP 500 Internal Server Error (internal_server_error): <html><body>Internal Server Error</body></html>.", "retry later"},
			wantStructured: map[string]any{"error": map[string]any{
				"status": 500.0, "code": "internal_server_error", "message": "<html><body>Internal Server Error</body></html>",
			}},
		},
		{
			name: "429", tool: "get_link", args: map[string]any{"linkId": "busy"}, wantError: true,
			wantText: []string{"HTTP 429 Too Many Requests (rate_limit_exceeded): Too many requests.", "retry in 30 seconds"},
			wantStructured: map[string]any{"error": map[string]any{
				"status": 429.0, "code": "rate_limit_exceeded", "message": "Too many requests.",
				"doc_url":             "https://dub.co/docs/api-reference/errors#rate-limit_exceeded",
				"retry_after_seconds": 30.0,
			}},
		},
		{
			name: "unknown argument", tool: "get_link", args: map[string]any{"linkId": "ok", "foo": 1, "bar": 2}, wantError: true,
			wantText: []string{`get_link: invalid arguments: unknown arguments "bar", "foo" for get_link; valid arguments: linkId, page`},
		},
		{
			name: "wrong argument type", tool: "get_link", args: map[string]any{"linkId": "ok", "page": "two"}, wantError: true,
			wantText: []string{`invalid arguments: argument "page": expected integer, got string`},
		},
		{
			name: "argument to a tool without arguments", tool: "list_links", args: map[string]any{"x": nil}, wantError: true,
			wantText: []string{`unknown argument "x" for list_links; it takes no arguments`},
		},
		{
			name: "success after errors", tool: "get_link", args: map[string]any{"linkId": "ok"},
			wantStructured: map[string]any{"id": "ok", "url": "https://ok.example"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := callTool(ctx, t, cl, tt.tool, tt.args)
			if res.IsError != tt.wantError {
				t.Errorf("IsError = %v, want %v", res.IsError, tt.wantError)
			}
			text := resultText(t, res)
			for _, want := range tt.wantText {
				if !strings.Contains(text, want) {
					t.Errorf("text = %q, want it to contain %q", text, want)
				}
			}
			if strings.Contains(text, "secret-key") {
				t.Errorf("text %q leaks the API key", text)
			}
			if tt.wantStructured != nil {
				if got := structured(t, res); !reflect.DeepEqual(got, tt.wantStructured) {
					t.Errorf("structured content = %v, want %v", got, tt.wantStructured)
				}
			}
		})
	}
	if got := api.lastAuth(); got != "Bearer secret-key" {
		t.Errorf("Authorization = %q, want the client's key", got)
	}
}

func TestCallToolAPIKeyFromContext(t *testing.T) {
	api := &standIn{}
	cl := newMCPClient(t, api, "")

	// Without any key the call fails without reaching the API.
	res := callTool(t.Context(), t, cl, "get_link", map[string]any{"linkId": "ok"})
	if text := resultText(t, res); !res.IsError || !strings.Contains(text, "no API key") {
		t.Errorf("result = %v %q, want an isError result about the missing key", res.IsError, text)
	}
	if got := api.lastAuth(); got != "" {
		t.Errorf("the API was called (Authorization %q) without a key", got)
	}

	// The in-process transport hands the caller's context to the handler,
	// as the HTTP transport does with the context from HTTPContextFunc.
	ctx := dub.ContextWithAPIKey(t.Context(), "user-key")
	if res := callTool(ctx, t, cl, "get_link", map[string]any{"linkId": "ok"}); res.IsError {
		t.Fatalf("call with a context key failed: %q", resultText(t, res))
	}
	if got := api.lastAuth(); got != "Bearer user-key" {
		t.Errorf("Authorization = %q, want Bearer user-key", got)
	}
}
