package mcptools

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/dubgen/dubgen/generator/runtime/apiclient"
)

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
		{"all", nil, allTools},
		{"filter", []Option{WithFilter(readOnly)}, []string{"get_link", "list_links", "page_links", "qr_code"}},
		{"names", []Option{WithToolNames("list_links"), WithToolNames("delete_link")}, []string{"delete_link", "list_links"}},
		{"no names", []Option{WithToolNames()}, allTools},
		{"filter and names", []Option{WithFilter(readOnly), WithToolNames("delete_link", "get_link")}, []string{"get_link"}},
		{"filters all pass", []Option{WithFilter(readOnly), WithFilter(func(t Tool) bool { return t.Route == "/links" })}, []string{"list_links"}},
		{"none", []Option{WithFilter(func(Tool) bool { return false })}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cl := newMCPClient(t, &standIn{}, "k", tt.opts...)
			if got := listNames(t, cl); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("tools = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestRegisterErrors(t *testing.T) {
	dc := apiclient.NewClient()
	tests := []struct {
		name    string
		s       *server.MCPServer
		c       *apiclient.Client
		opts    []Option
		wantErr string
	}{
		{"unknown names", server.NewMCPServer("t", "1"), dc, []Option{WithToolNames("get_link", "nope", "gone", "nope")}, "unknown tool names: nope, gone"},
		{"nil filter", server.NewMCPServer("t", "1"), dc, []Option{WithFilter(nil)}, "nil filter"},
		{"nil server", nil, dc, nil, "nil server"},
		{"conflicting task tool", serverWithTaskTool("get_link"), dc, nil, "already registered as task tool"},
		{"nil client", server.NewMCPServer("t", "1"), nil, nil, "nil client"},
		{"unknown toolset", server.NewMCPServer("t", "1"), dc, []Option{WithToolsets("nope")}, `unknown toolset "nope"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Register(tt.s, tt.c, testCatalog, tt.opts...)
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
	tools := Tools(apiclient.NewClient(), testCatalog)
	var names []string
	for _, tool := range tools {
		names = append(names, tool.Tool.Name)
	}
	if want := allTools; !reflect.DeepEqual(names, want) {
		t.Errorf("Tools names = %v, want %v", names, want)
	}
	for _, tool := range tools {
		if want := tool.Method == http.MethodGet; tool.ReadOnly() != want {
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
		},
		{
			name: "500 HTML", tool: "get_link", args: map[string]any{"linkId": "boom"}, wantError: true,
			wantText: []string{"HTTP 500 Internal Server Error (internal_server_error): an HTML page (47 bytes) instead of JSON.", "retry later"},
		},
		{
			name: "429", tool: "get_link", args: map[string]any{"linkId": "busy"}, wantError: true,
			wantText: []string{"HTTP 429 Too Many Requests (rate_limit_exceeded): Too many requests.", "retry in 30 seconds"},
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
			if tt.wantError && res.StructuredContent != nil {
				t.Errorf("error result with structured content %v (it must match the output schema, which describes successes)", res.StructuredContent)
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
	ctx := apiclient.ContextWithAPIKey(t.Context(), "user-key")
	if res := callTool(ctx, t, cl, "get_link", map[string]any{"linkId": "ok"}); res.IsError {
		t.Fatalf("call with a context key failed: %q", resultText(t, res))
	}
	if got := api.lastAuth(); got != "Bearer user-key" {
		t.Errorf("Authorization = %q, want Bearer user-key", got)
	}
}
