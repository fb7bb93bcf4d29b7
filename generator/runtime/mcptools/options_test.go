package mcptools

import (
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// TestSelectionOptions: every selection option of Register, through a
// real MCP client, against the test catalog: what is listed, and that a
// tool that is not listed cannot be called either.
func TestSelectionOptions(t *testing.T) {
	tests := []struct {
		name      string
		opts      []Option
		want      []string
		refused   string // a tool that must not run
		refuseArg map[string]any
	}{
		{"read-only", []Option{WithReadOnly()}, []string{"get_link", "list_links", "page_links", "qr_code"}, "delete_link", map[string]any{"linkId": "ok"}},
		{"read-only beats tool names", []Option{WithReadOnly(), WithToolNames("delete_link", "get_link")}, []string{"get_link"}, "delete_link", map[string]any{"linkId": "ok"}},
		{"read-only beats toolsets", []Option{WithReadOnly(), WithToolsets("tags")}, nil, "update_tag", map[string]any{"id": "t1"}},
		{"toolsets", []Option{WithToolsets("tags", "track")}, []string{"track_open", "update_tag"}, "get_link", map[string]any{"linkId": "ok"}},
		{"default toolsets", []Option{WithToolsets("default")}, []string{"create_links", "delete_link", "get_link", "list_links", "page_links", "qr_code", "remove_links"}, "update_tag", map[string]any{"id": "t1"}},
		{"all toolsets", []Option{WithToolsets("all")}, allTools, "", nil},
		{"tool names", []Option{WithToolNames("list_links", "retrieve_link")}, []string{"get_link", "list_links"}, "delete_link", map[string]any{"linkId": "ok"}},
		{"deny", []Option{WithDeny("delete_link", "remove_links")}, []string{"create_links", "get_link", "list_links", "page_links", "qr_code", "track_open", "update_tag"}, "delete_link", map[string]any{"linkId": "ok"}},
		{"deny by alias", []Option{WithToolsets("links"), WithDeny("retrieve_link")}, []string{"create_links", "delete_link", "list_links", "page_links", "remove_links"}, "get_link", map[string]any{"linkId": "ok"}},
		{"no bulk (a spec fact, not a name)", []Option{WithoutBulk()}, []string{"delete_link", "get_link", "list_links", "page_links", "qr_code", "track_open", "update_tag"}, "remove_links", map[string]any{"linkIds": []any{"a"}}},
		{"selection", []Option{WithSelection(Selection{Toolsets: []string{"links"}, NoBulk: true, Exclude: []string{"page_links"}})}, []string{"delete_link", "get_link", "list_links"}, "create_links", map[string]any{"items": []any{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := &standIn{}
			cl := newMCPClient(t, api, "k", tt.opts...)
			if got := listNames(t, cl); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("listed %v, want %v", got, tt.want)
			}
			if tt.refused == "" {
				return
			}
			var req mcp.CallToolRequest
			req.Params.Name, req.Params.Arguments = tt.refused, tt.refuseArg
			if res, err := cl.CallTool(t.Context(), req); err == nil && !res.IsError {
				t.Errorf("%s ran: %v", tt.refused, res.Content)
			}
			if calls := api.all(); len(calls) > 0 {
				t.Errorf("the API was called: %v", calls)
			}
		})
	}
}

// TestAliasCall: an old name is answered by the current tool, unlisted.
func TestAliasCall(t *testing.T) {
	api := &standIn{}
	cl := newMCPClient(t, api, "k")
	res := callTool(t.Context(), t, cl, "retrieve_link", map[string]any{"linkId": "ok"})
	if res.IsError || api.last().Path != "/links/ok" {
		t.Errorf("alias call: %v %v", res.Content, api.last())
	}
}

// TestRequestsFromSpecs: the handler places every argument as its spec
// says and returns Dub's answer as Dub sent it.
func TestRequestsFromSpecs(t *testing.T) {
	tests := []struct {
		name      string
		tool      string
		args      map[string]any
		want      call
		wantText  string
		wantWrap  string
		wantImage bool
	}{
		{
			name: "path, renamed body argument, null for a nullable field",
			tool: "update_tag", args: map[string]any{"id": "t/1", "body_id": "b1", "name": "n", "color": nil},
			want:     call{Method: "PATCH", Path: "/tags/t%2F1", Body: `{"color":null,"id":"b1","name":"n"}`},
			wantText: `{"id": "t1",  "name": "n", "brandNew": {"x": 1}}`,
		},
		{
			name: "null for a non-nullable body field is left out",
			tool: "update_tag", args: map[string]any{"id": "t1", "name": nil},
			want:     call{Method: "PATCH", Path: "/tags/t1", Body: `{}`},
			wantText: `"brandNew"`,
		},
		{
			name: "query: integer, path escape",
			tool: "get_link", args: map[string]any{"linkId": "ok", "page": 2},
			want:     call{Method: "GET", Path: "/links/ok", Query: "page=2"},
			wantText: `{"id":"ok","url":"https://ok.example"}`,
		},
		{
			name: "query list joined with commas",
			tool: "remove_links", args: map[string]any{"linkIds": []any{"a", "b"}},
			want:     call{Method: "DELETE", Path: "/links/bulk", Query: "linkIds=a%2Cb"},
			wantText: `{"deletedCount":2}`,
		},
		{
			name: "query list exploded, one value taken as a list",
			tool: "page_links", args: map[string]any{"pageSize": 1, "tagIds": "x"},
			want:     call{Method: "GET", Path: "/links/paged", Query: "pageSize=1&tagIds=x"},
			wantText: `"p1"`, wantWrap: "items",
		},
		{
			name: "array body",
			tool: "create_links", args: map[string]any{"items": []any{map[string]any{"url": "https://a"}}},
			want:     call{Method: "POST", Path: "/links/bulk", Body: `[{"url":"https://a"}]`},
			wantText: `[{"url":"https://a"}]`, wantWrap: "items",
		},
		{
			name: "202 without a body",
			tool: "track_open", args: map[string]any{"deepLink": "https://d"},
			want:     call{Method: "POST", Path: "/track/open", Body: `{"deepLink":"https://d"}`},
			wantText: `{"ok":true}`,
		},
		{
			name: "image",
			tool: "qr_code", args: map[string]any{"url": "https://d.to/x"},
			want:      call{Method: "GET", Path: "/qr", Query: "url=https%3A%2F%2Fd.to%2Fx"},
			wantImage: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := &standIn{}
			cl := newMCPClient(t, api, "k", WithPageSize(0))
			res := callTool(t.Context(), t, cl, tt.tool, tt.args)
			if res.IsError {
				t.Fatalf("isError: %v", res.Content)
			}
			got := api.last()
			got.Auth = ""
			if got != tt.want {
				t.Errorf("request = %+v, want %+v", got, tt.want)
			}
			if tt.wantImage {
				img, ok := res.Content[0].(mcp.ImageContent)
				if !ok || img.MIMEType != "image/png" {
					t.Errorf("content = %v, want a PNG image", res.Content)
				}
				return
			}
			if text := res.Content[len(res.Content)-1].(mcp.TextContent).Text; !strings.Contains(text, tt.wantText) {
				t.Errorf("text = %s, want it to contain %s", text, tt.wantText)
			}
			s := structured(t, res)
			if tt.wantWrap != "" {
				_, hasNext := s["next"]
				if _, ok := s[tt.wantWrap]; !ok || len(s) > 2 || len(s) == 2 && !hasNext {
					t.Errorf("structured = %v, want it wrapped in %q", s, tt.wantWrap)
				}
			}
		})
	}
}

// TestPageSizeAndResultLimit: WithPageSize and WithMaxResultBytes, with
// the paging facts of the tool's spec.
func TestPageSizeAndResultLimit(t *testing.T) {
	tests := []struct {
		name      string
		opts      []Option
		args      map[string]any
		wantQuery string
		wantItems int
		wantNotes []string
		wantNext  map[string]any
	}{
		{"default page size", nil, nil, "pageSize=25", 25, []string{`{"startingAfter":"p25"}`}, map[string]any{"startingAfter": "p25"}},
		{"page size option", []Option{WithPageSize(5)}, nil, "pageSize=5", 5, []string{`{"startingAfter":"p5"}`}, map[string]any{"startingAfter": "p5"}},
		{"agent's page size wins", []Option{WithPageSize(5)}, map[string]any{"pageSize": 2}, "pageSize=2", 2, []string{`{"startingAfter":"p2"}`}, map[string]any{"startingAfter": "p2"}},
		{"Dub's default page (a spec fact)", []Option{WithPageSize(0), WithMaxResultBytes(0)}, nil, "", 100, []string{`{"startingAfter":"p100"}`}, map[string]any{"startingAfter": "p100"}},
		{"result cut", []Option{WithPageSize(5), WithMaxResultBytes(800)}, nil, "pageSize=5", 3, []string{"Result cut: Dub's answer is 406 bytes, over this server's 800-byte limit; kept 3 of 5 elements of the top-level array. To see the rest, narrow the request (pageSize) or fetch the next page.", `{"startingAfter":"p3"}`}, map[string]any{"startingAfter": "p3"}},
		{"no cap", []Option{WithPageSize(50), WithMaxResultBytes(0)}, nil, "pageSize=50", 50, []string{`{"startingAfter":"p50"}`}, map[string]any{"startingAfter": "p50"}},
		{"agent's page", []Option{WithPageSize(50)}, map[string]any{"pageSize": 3, "startingAfter": "p0"}, "pageSize=3&startingAfter=p0", 3, []string{`{"startingAfter":"p3"}`}, map[string]any{"startingAfter": "p3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := &standIn{}
			cl := newMCPClient(t, api, "k", tt.opts...)
			res := callTool(t.Context(), t, cl, "page_links", tt.args)
			if res.IsError {
				t.Fatalf("isError: %v", res.Content)
			}
			if q := api.last().Query; q != tt.wantQuery {
				t.Errorf("query = %q, want %q", q, tt.wantQuery)
			}
			items, _ := structured(t, res)["items"].([]any)
			if len(items) != tt.wantItems {
				t.Errorf("%d items, want %d", len(items), tt.wantItems)
			}
			var all []string
			for _, c := range res.Content {
				if tc, ok := c.(mcp.TextContent); ok {
					all = append(all, tc.Text)
				}
			}
			text := strings.Join(all, "\n")
			for _, n := range tt.wantNotes {
				if !strings.Contains(text, n) {
					t.Errorf("result lacks %q", n)
				}
			}
			if next := structured(t, res)["next"]; !reflect.DeepEqual(next, tt.wantNext) && (next != nil || tt.wantNext != nil) {
				t.Errorf("structured next = %v, want %v", next, tt.wantNext)
			}
			if want := 1 + len(tt.wantNotes); len(res.Content) != want {
				t.Errorf("%d contents, want %d: %v", len(res.Content), want, all)
			}
		})
	}
}

// TestDynamic: WithDynamic lists the meta-tools only; call_tool runs the
// selected tools with their checks and refuses the others.
func TestDynamic(t *testing.T) {
	api := &standIn{}
	cl := newMCPClient(t, api, "k", WithDynamic(), WithReadOnly())
	if got, want := listNames(t, cl), []string{CallToolName, DescribeToolName, SearchToolsName}; !reflect.DeepEqual(got, want) {
		t.Fatalf("listed %v, want %v", got, want)
	}
	res := callTool(t.Context(), t, cl, SearchToolsName, map[string]any{"query": "link"})
	if text := resultText(t, res); res.IsError || !strings.Contains(text, "get_link") || strings.Contains(text, "delete_link") {
		t.Errorf("search_tools: %s", text)
	}
	res = callTool(t.Context(), t, cl, DescribeToolName, map[string]any{"name": "get_link"})
	if text := resultText(t, res); res.IsError || !strings.Contains(text, `"inputSchema"`) {
		t.Errorf("describe_tool: %s", text)
	}
	res = callTool(t.Context(), t, cl, CallToolName, map[string]any{"name": "get_link", "arguments": map[string]any{"linkId": "ok"}})
	if res.IsError || api.last().Path != "/links/ok" {
		t.Errorf("call_tool get_link: %v", res.Content)
	}
	res = callTool(t.Context(), t, cl, CallToolName, map[string]any{"name": "get_link", "arguments": map[string]any{}})
	if !res.IsError || !strings.Contains(resultText(t, res), `missing required argument "linkId"`) {
		t.Errorf("call_tool without arguments: %v", res.Content)
	}
	n := len(api.all())
	res = callTool(t.Context(), t, cl, CallToolName, map[string]any{"name": "delete_link", "arguments": map[string]any{"linkId": "ok"}})
	if !res.IsError || !strings.Contains(resultText(t, res), "read-only") || len(api.all()) != n {
		t.Errorf("call_tool delete_link in read-only mode: %v", res.Content)
	}
}

// TestNarrowingHeaders: over streamable HTTP, the X-Dub-* headers narrow
// the served tools per request, listed and called, and never widen them.
func TestNarrowingHeaders(t *testing.T) {
	api := &standIn{}
	s := server.NewMCPServer("dub-test", "0.0.1")
	if err := Register(s, newAPIClient(t, api, "k"), testCatalog, WithToolsets("links", "tags")); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(server.NewStreamableHTTPServer(s, server.WithHTTPContextFunc(HTTPContextFunc)))
	t.Cleanup(srv.Close)
	tests := []struct {
		name    string
		headers map[string]string
		want    []string
		refused string
	}{
		{"none", nil, []string{"create_links", "delete_link", "get_link", "list_links", "page_links", "remove_links", "update_tag"}, ""},
		{"read-only", map[string]string{HeaderReadOnly: "true"}, []string{"get_link", "list_links", "page_links"}, "update_tag"},
		{"toolsets", map[string]string{HeaderToolsets: "tags"}, []string{"update_tag"}, "get_link"},
		{"tools", map[string]string{HeaderTools: "get_link, update_tag"}, []string{"get_link", "update_tag"}, "list_links"},
		{"exclude", map[string]string{HeaderExcludeTools: "update_tag,create_links,remove_links,delete_link"}, []string{"get_link", "list_links", "page_links"}, "update_tag"},
		{"no bulk", map[string]string{HeaderNoBulk: "1"}, []string{"delete_link", "get_link", "list_links", "page_links", "update_tag"}, "remove_links"},
		{"cannot widen", map[string]string{HeaderToolsets: "qr_codes", HeaderTools: "qr_code"}, nil, "qr_code"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cl, err := client.NewStreamableHttpClient(srv.URL, transport.WithHTTPHeaders(tt.headers))
			if err != nil {
				t.Fatal(err)
			}
			initialize(t, cl)
			if got := listNames(t, cl); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("listed %v, want %v", got, tt.want)
			}
			if tt.refused == "" {
				return
			}
			n := len(api.all())
			var req mcp.CallToolRequest
			req.Params.Name, req.Params.Arguments = tt.refused, map[string]any{"id": "t1", "linkIds": []any{"a"}, "url": "u"}
			if res, err := cl.CallTool(t.Context(), req); err == nil && !res.IsError {
				t.Errorf("%s ran: %v", tt.refused, res.Content)
			}
			if len(api.all()) != n {
				t.Errorf("the API was called")
			}
		})
	}
}
