package toolcheck

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/dubgen/dubgen/generated/dub"
	"github.com/dubgen/dubgen/generated/dubmcp"
	"github.com/dubgen/dubgen/generator/overlay"
	"github.com/dubgen/dubgen/generator/standin"
)

func listNames(t *testing.T, h *harness) []string {
	t.Helper()
	res, err := h.mcp.ListTools(testContext(t), mcp.ListToolsRequest{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tool := range res.Tools {
		names = append(names, tool.Name)
	}
	return names
}

// callErr calls a tool and returns the protocol error, if any.
func callErr(t *testing.T, h *harness, name string, args map[string]any) (*mcp.CallToolResult, error) {
	t.Helper()
	req := mcp.CallToolRequest{}
	req.Params.Name = name
	req.Params.Arguments = args
	return h.mcp.CallTool(testContext(t), req)
}

func TestFilters(t *testing.T) {
	readTools := 0
	for _, tool := range dubmcp.Tools(dub.NewClient()) {
		if tool.ReadOnly() {
			readTools++
		}
	}
	tests := []struct {
		name      string
		opts      []dubmcp.Option
		wantCount int
		has       []string
		hasNot    []string
	}{
		{"read-only", []dubmcp.Option{dubmcp.WithReadOnly()}, readTools, []string{"get_links", "retrieve_analytics"}, []string{"delete_link", "create_link", "bulk_delete_links"}},
		{"read-only wins over an allow-list", []dubmcp.Option{dubmcp.WithToolNames("get_links", "delete_link"), dubmcp.WithReadOnly()}, 1, []string{"get_links"}, []string{"delete_link"}},
		{"toolset", []dubmcp.Option{dubmcp.WithToolsets("analytics")}, 2, []string{"retrieve_analytics", "list_events"}, []string{"get_links"}},
		{"default toolsets", []dubmcp.Option{dubmcp.WithToolsets("default")}, -1, []string{"get_links", "create_tag", "get_qr_code"}, []string{"list_commissions", "track_sale"}},
		{"deny", []dubmcp.Option{dubmcp.WithDeny("delete_domain", "delete_link")}, 55, nil, []string{"delete_domain", "delete_link"}},
		{"no bulk", []dubmcp.Option{dubmcp.WithoutBulk()}, -1, []string{"create_link"}, []string{"bulk_create_links", "bulk_update_links", "bulk_delete_links", "bulk_update_commissions"}},
		{"allow by alias", []dubmcp.Option{dubmcp.WithToolNames("retrieve_links")}, 1, []string{"retrieve_partner_links"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := serve(t, nil, nil, tt.opts...)
			names := listNames(t, h)
			if tt.wantCount >= 0 && len(names) != tt.wantCount {
				t.Errorf("%d tools listed, want %d: %v", len(names), tt.wantCount, names)
			}
			for _, n := range tt.has {
				if !contains(names, n) {
					t.Errorf("%s not listed", n)
				}
			}
			for _, n := range tt.hasNot {
				if contains(names, n) {
					t.Errorf("%s listed", n)
				}
				// ...and refused when called by name.
				if res, err := callErr(t, h, n, map[string]any{"linkId": "x", "slug": "x"}); err == nil && !res.IsError {
					t.Errorf("%s answered by name", n)
				}
			}
			if len(h.dub.Calls()) != 0 {
				t.Errorf("refused calls reached Dub: %v", h.dub.Calls())
			}
		})
	}
}

func TestRegisterRejectsUnknownNames(t *testing.T) {
	for _, opt := range []dubmcp.Option{dubmcp.WithToolsets("linkz"), dubmcp.WithDeny("nope"), dubmcp.WithToolNames("nope")} {
		if err := dubmcp.Register(server.NewMCPServer("x", "0"), dub.NewClient(), opt); err == nil {
			t.Error("unknown name accepted")
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestDynamicMode: three meta-tools replace the list, within 3,000 bytes;
// call_tool applies the same argument checks and read-only refusal.
func TestDynamicMode(t *testing.T) {
	h := serve(t, nil, nil, dubmcp.WithDynamic(), dubmcp.WithReadOnly())
	names := listNames(t, h)
	if strings.Join(names, ",") != "call_tool,describe_tool,search_tools" {
		t.Fatalf("dynamic mode lists %v", names)
	}
	s := server.NewMCPServer("size", "0")
	if err := dubmcp.Register(s, dub.NewClient(), dubmcp.WithDynamic()); err != nil {
		t.Fatal(err)
	}
	size := wireBytes(t, s)
	ov, err := overlay.Load(overlayFile)
	if err != nil {
		t.Fatal(err)
	}
	if ov.Budgets == nil || ov.Budgets.Dynamic == 0 {
		t.Fatalf("%s sets no dynamic-mode budget", overlayFile)
	}
	t.Logf("dynamic mode tools/list: %d bytes (~%d tokens), budget %d", size, size/4, ov.Budgets.Dynamic)
	if size > ov.Budgets.Dynamic {
		t.Errorf("dynamic mode lists %d bytes, over the overlay's budget of %d", size, ov.Budgets.Dynamic)
	}

	found := call(t, h, "search_tools", map[string]any{"query": "link info"})
	if found.IsError || !strings.Contains(text(found), `"get_link_info"`) {
		t.Fatalf("search: %s", text(found))
	}
	if strings.Contains(text(found), `"delete_link"`) {
		t.Errorf("search offers a write tool in read-only mode: %s", text(found))
	}
	desc := call(t, h, "describe_tool", map[string]any{"name": "get_link_info"})
	if desc.IsError || !strings.Contains(text(desc), `"inputSchema"`) {
		t.Fatalf("describe: %s", text(desc))
	}
	ok := call(t, h, "call_tool", map[string]any{"name": "get_link_info", "arguments": map[string]any{"linkId": "link_1"}})
	if ok.IsError || ok.StructuredContent == nil {
		t.Fatalf("call_tool: %s", text(ok))
	}
	before := len(h.dub.Calls())
	for _, tt := range []struct {
		args map[string]any
		want string
	}{
		{map[string]any{"name": "delete_link", "arguments": map[string]any{"linkId": "link_1"}}, "changes data and this server is read-only"},
		{map[string]any{"name": "get_link_info", "arguments": map[string]any{"key": "github"}}, "pass both domain and key"},
		{map[string]any{"name": "no_such_tool"}, `there is no tool "no_such_tool"`},
		{map[string]any{"name": "get_links", "arguments": "not an object"}, "must be a JSON object"},
	} {
		res := call(t, h, "call_tool", tt.args)
		if !res.IsError || !strings.Contains(text(res), tt.want) {
			t.Errorf("call_tool %v: want isError with %q, got %q", tt.args, tt.want, text(res))
		}
	}
	if n := len(h.dub.Calls()) - before; n != 0 {
		t.Errorf("refused dynamic calls reached Dub %d times", n)
	}
}

// TestPerRequestNarrowing: a request's selection narrows what the server
// serves, in listing and in calling, and cannot widen it.
func TestPerRequestNarrowing(t *testing.T) {
	h := serve(t, nil, nil, dubmcp.WithToolsets("links", "analytics"))
	ctx := dubmcp.ContextWithSelection(testContext(t), dubmcp.Selection{ReadOnly: true})
	res, err := h.mcp.ListTools(ctx, mcp.ListToolsRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tool := range res.Tools {
		if tool.Annotations.ReadOnlyHint == nil || !*tool.Annotations.ReadOnlyHint {
			t.Errorf("read-only request lists %s", tool.Name)
		}
	}
	req := mcp.CallToolRequest{}
	req.Params.Name = "delete_link"
	req.Params.Arguments = map[string]any{"linkId": "l"}
	if r, err := h.mcp.CallTool(ctx, req); err == nil && !r.IsError {
		t.Error("read-only request could call delete_link")
	}
	// Asking for a toolset the server does not serve widens nothing.
	wide := dubmcp.ContextWithSelection(testContext(t), dubmcp.Selection{Toolsets: []string{"commissions"}})
	res, err = h.mcp.ListTools(wide, mcp.ListToolsRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Tools) != 0 {
		t.Errorf("a request widened the server's toolsets: %d tools", len(res.Tools))
	}
}

// TestResultLimits: an oversized list is cut at an item boundary with a
// note; a full page says how to fetch the next.
func TestResultLimits(t *testing.T) {
	h := serve(t, nil, nil) // default limits
	link := func(id string) map[string]any {
		return map[string]any{"id": id, "domain": "d.to", "key": "k" + id, "url": "https://example.com/" + strings.Repeat("x", 200)}
	}
	page, _ := json.Marshal([]any{link("l1"), link("l2"), link("l3")})
	h.dub.Queue("getLinks", standin.Reply{Status: 200, Body: string(page)}, standin.Reply{Status: 200, Body: string(page)})

	res := call(t, h, "get_links", map[string]any{"pageSize": 3})
	if res.IsError {
		t.Fatal(text(res))
	}
	if !strings.Contains(text(res), `{"startingAfter":"l3"}`) {
		t.Errorf("no next-page note: %s", text(res))
	}
	last := h.dub.Calls()[len(h.dub.Calls())-1]
	if !strings.Contains(last.Query, "pageSize=3") {
		t.Errorf("pageSize not sent: %s", last.Query)
	}

	h2 := serve(t, nil, nil, dubmcp.WithMaxResultBytes(500)) // the page is about 780 bytes
	h2.dub.Queue("getLinks", standin.Reply{Status: 200, Body: string(page)})
	cut := call(t, h2, "get_links", map[string]any{})
	if !strings.Contains(text(cut), "Result cut: Dub's answer is") {
		t.Fatalf("no cut note: %s", text(cut))
	}
	items := cut.StructuredContent.(map[string]any)["items"].([]any)
	if len(items) == 0 || len(items) >= 3 {
		t.Errorf("cut kept %d items", len(items))
	}
	if next, _ := cut.StructuredContent.(map[string]any)["next"].(map[string]any); next["startingAfter"] != items[len(items)-1].(map[string]any)["id"] {
		t.Errorf("structured next = %v, want startingAfter the last item kept", next)
	}
	if last := h2.dub.Calls()[0]; !strings.Contains(last.Query, "pageSize=25") {
		t.Errorf("default page size not applied: %s", last.Query)
	}
}

// TestListedPageSizeIsSent: the pageSize default a tool lists is the
// page size the server sends when the agent gives none, with the default
// options, WithPageSize(n), and WithPageSize(0) (Dub's default: none sent).
func TestListedPageSizeIsSent(t *testing.T) {
	tests := []struct {
		name   string
		opts   []dubmcp.Option
		listed float64
		query  string
	}{
		{"default", nil, 25, "pageSize=25"},
		{"WithPageSize(7)", []dubmcp.Option{dubmcp.WithPageSize(7)}, 7, "pageSize=7"},
		{"WithPageSize(0)", []dubmcp.Option{dubmcp.WithPageSize(0)}, 100, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := serve(t, nil, nil, tt.opts...)
			res, err := h.mcp.ListTools(testContext(t), mcp.ListToolsRequest{})
			if err != nil {
				t.Fatal(err)
			}
			var listed any
			for _, tl := range res.Tools {
				if tl.Name == "get_links" {
					listed = tl.InputSchema.Properties["pageSize"].(map[string]any)["default"]
				}
			}
			if listed != tt.listed {
				t.Errorf("get_links lists pageSize default %v, want %v", listed, tt.listed)
			}
			if r := call(t, h, "get_links", map[string]any{}); r.IsError {
				t.Fatal(text(r))
			}
			calls := h.dub.Calls()
			if q := calls[len(calls)-1].Query; !strings.Contains(q, tt.query) || tt.query == "" && strings.Contains(q, "pageSize") {
				t.Errorf("query %q, want %q", q, tt.query)
			}
		})
	}
}

type elicitor struct{ action mcp.ElicitationResponseAction }

func (e elicitor) Elicit(context.Context, mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
	return &mcp.ElicitationResult{ElicitationResponse: mcp.ElicitationResponse{Action: e.action, Content: map[string]any{"confirm": true}}}, nil
}

// TestConfirmDestructive: with elicitation the user decides; without it the
// fallback policy applies; declined calls never reach Dub.
func TestConfirmDestructive(t *testing.T) {
	tests := []struct {
		name     string
		copts    []client.ClientOption
		fallback dubmcp.ConfirmFallback
		runs     bool
		want     string
	}{
		{"user accepts", []client.ClientOption{client.WithElicitationHandler(elicitor{mcp.ElicitationResponseActionAccept})}, dubmcp.ConfirmRefuse, true, ""},
		{"user declines", []client.ClientOption{client.WithElicitationHandler(elicitor{mcp.ElicitationResponseActionDecline})}, dubmcp.ConfirmRefuse, false, "the user declined it"},
		{"no elicitation, refuse", nil, dubmcp.ConfirmRefuse, false, "Ask the user to confirm in the conversation"},
		{"no elicitation, allow", nil, dubmcp.ConfirmAllow, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := serve(t, []server.ServerOption{server.WithElicitation()}, tt.copts, dubmcp.WithConfirmDestructive(tt.fallback))
			res := call(t, h, "delete_link", map[string]any{"linkId": "link_1"})
			ran := len(h.dub.Calls()) > 0
			if ran != tt.runs || res.IsError == tt.runs {
				t.Fatalf("ran=%v isError=%v: %s", ran, res.IsError, text(res))
			}
			if tt.want != "" && !strings.Contains(text(res), tt.want) {
				t.Errorf("message %q lacks %q", text(res), tt.want)
			}
			// Read tools are never held up.
			if r := call(t, h, "get_links", map[string]any{}); r.IsError {
				t.Errorf("get_links: %s", text(r))
			}
		})
	}
}
