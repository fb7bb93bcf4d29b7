// Package toolcheck tests the generated MCP tools (generated/dubmcp)
// through mcp-go's in-process client against the validating Dub stand-in.
package toolcheck

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/dubgen/dubgen/generated/dub"
	"github.com/dubgen/dubgen/generated/dubmcp"
	"github.com/dubgen/dubgen/generator/model"
	"github.com/dubgen/dubgen/generator/overlay"
	"github.com/dubgen/dubgen/generator/portable"
	"github.com/dubgen/dubgen/generator/sample"
	"github.com/dubgen/dubgen/generator/standin"
	"github.com/dubgen/dubgen/generator/surface"
)

const (
	pinFile     = "../../specs/dub.pin.json"
	overlayFile = "../../overlays/dub.yaml"
	apiKey      = "dub_tools_key"
)

type harness struct {
	api   *model.API
	tools []*surface.Tool
	dub   *standin.Server
	mcp   *client.Client
}

func setup(t *testing.T) *harness { return serve(t, nil, nil) }

// serve starts the stand-in, a server with the generated tools registered
// with opts, and an initialized in-process client.
func serve(t *testing.T, sopts []server.ServerOption, copts []client.ClientOption, opts ...dubmcp.Option) *harness {
	t.Helper()
	api, doc, tools := loaded(t)
	st, err := standin.Start(api, doc, apiKey)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)

	s := server.NewMCPServer("dub-test", "0.0.0", sopts...)
	if err := dubmcp.Register(s, dub.NewClient(dub.WithAPIKey(apiKey), dub.WithBaseURL(st.URL)), opts...); err != nil {
		t.Fatal(err)
	}
	c, err := client.NewInProcessClientWithOptions(s, copts...)
	if err != nil {
		t.Fatal(err)
	}
	start(t, c, "toolcheck")
	return &harness{api: api, tools: tools, dub: st, mcp: c}
}

// start starts c, initializes the session as client name and closes c
// when the test ends.
func start(t *testing.T, c *client.Client, name string) {
	t.Helper()
	t.Cleanup(func() { _ = c.Close() })
	ctx := testContext(t)
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	init := mcp.InitializeRequest{}
	init.Params.ProtocolVersion = mcp.LATEST_PROTOCOL_VERSION
	init.Params.ClientInfo = mcp.Implementation{Name: name, Version: "0"}
	if _, err := c.Initialize(ctx, init); err != nil {
		t.Fatal(err)
	}
}

var (
	loadOnce  sync.Once
	loadedAPI *model.API
	loadedDoc *openapi3.T
	loadedSet []*surface.Tool
	loadErr   error
)

// loaded parses the pinned spec and overlay once for all tests: the same
// surface generated/dubmcp was built from.
func loaded(t *testing.T) (*model.API, *openapi3.T, []*surface.Tool) {
	t.Helper()
	loadOnce.Do(func() {
		loadedAPI, loadedDoc, loadErr = standin.LoadPinned(pinFile)
		if loadErr != nil {
			return
		}
		var ov *overlay.File
		if ov, loadErr = overlay.Load(overlayFile); loadErr != nil {
			return
		}
		loadedSet, _, _, loadErr = surface.BuildWithOverlay(loadedAPI, ov, true)
	})
	if loadErr != nil {
		t.Fatal(loadErr)
	}
	return loadedAPI, loadedDoc, loadedSet
}

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// args builds valid arguments for a tool from samples of its operation:
// only the tool's own arguments, and one whole identity group.
func args(t *surface.Tool, m sample.Mode) map[string]any {
	all := sample.Params(t.Op.Params, sample.Full)
	if t.Op.Body != nil {
		body := sample.Request(t.Op.Body.Schema, sample.Full)
		if t.BodyMode == surface.BodyArray {
			all[t.BodyArg] = body
		} else {
			obj, _ := body.(map[string]any)
			for _, a := range t.Args {
				if v, ok := obj[a.Wire]; ok && a.In == "body" {
					all[a.Name] = v
				}
			}
		}
	}
	out := map[string]any{}
	for _, a := range t.Args {
		if v, ok := all[a.Name]; ok && (a.Required || m == sample.Full) {
			out[a.Name] = v
		}
	}
	if v := t.Rules.Variant; v != nil {
		value := all[v.Arg].(string)
		for _, need := range v.Requires[value] {
			out[need] = all[need]
		}
	}
	if len(t.Rules.Identity) > 0 {
		for _, g := range t.Rules.Identity[1:] {
			for _, a := range g {
				delete(out, a)
			}
		}
		for _, a := range t.Rules.Identity[0] {
			out[a] = all[a]
		}
	}
	for a, needs := range t.Rules.Requires {
		if _, ok := out[a]; ok {
			for _, n := range needs {
				out[n] = all[n]
			}
		}
	}
	return out
}

func call(t *testing.T, h *harness, name string, a map[string]any) *mcp.CallToolResult {
	t.Helper()
	req := mcp.CallToolRequest{}
	req.Params.Name = name
	req.Params.Arguments = a
	res, err := h.mcp.CallTool(testContext(t), req)
	if err != nil {
		t.Fatalf("%s: protocol error: %v", name, err)
	}
	return res
}

func text(res *mcp.CallToolResult) string {
	var b strings.Builder
	for _, c := range res.Content {
		if tc, ok := c.(mcp.TextContent); ok {
			b.WriteString(tc.Text)
		}
	}
	return b.String()
}

func TestListToolsIsPortable(t *testing.T) {
	h := setup(t)
	res, err := h.mcp.ListTools(testContext(t), mcp.ListToolsRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(res.Tools), len(h.api.Operations); got != want || got != 57 {
		t.Fatalf("tools/list has %d tools; want %d (one per operation of the pinned spec, 57)", got, want)
	}
	for _, tool := range res.Tools {
		raw, err := json.Marshal(tool)
		if err != nil {
			t.Fatal(err)
		}
		var def struct {
			Name         string                     `json:"name"`
			InputSchema  json.RawMessage            `json:"inputSchema"`
			OutputSchema json.RawMessage            `json:"outputSchema"`
			Annotations  map[string]json.RawMessage `json:"annotations"`
		}
		if err := json.Unmarshal(raw, &def); err != nil {
			t.Fatal(err)
		}
		problems := portable.CheckName(def.Name)
		problems = append(problems, portable.CheckSchema(def.InputSchema)...)
		if len(def.OutputSchema) > 0 {
			problems = append(problems, portable.CheckSchema(def.OutputSchema)...)
		}
		// readOnlyHint is explicit on every tool and destructiveHint on
		// every write tool; the other hints may be the protocol defaults.
		hints := []string{"readOnlyHint"}
		if string(def.Annotations["readOnlyHint"]) == "false" {
			hints = append(hints, "destructiveHint")
		}
		for _, hint := range hints {
			if _, ok := def.Annotations[hint]; !ok {
				problems = append(problems, "annotation "+hint+" is not set")
			}
		}
		for _, p := range problems {
			t.Errorf("%s: %s", def.Name, p)
		}
	}
}

// TestEveryToolCallsDub calls every tool twice (required arguments, then
// all) and checks the result kind and that the stand-in accepted every
// request.
func TestEveryToolCallsDub(t *testing.T) {
	h := setup(t)
	for _, tool := range h.tools {
		for _, m := range []sample.Mode{sample.Minimal, sample.Full} {
			res := call(t, h, tool.Name, args(tool, m))
			if res.IsError {
				t.Errorf("%s: isError: %s", tool.Name, text(res))
				continue
			}
			switch {
			case tool.Image:
				img, ok := res.Content[0].(mcp.ImageContent)
				if !ok || img.MIMEType != "image/png" || img.Data == "" {
					t.Errorf("%s: want PNG image content, got %#v", tool.Name, res.Content)
				}
			case tool.Output != nil:
				if res.StructuredContent == nil {
					t.Errorf("%s: no structured content", tool.Name)
				} else if tool.OutputWrap != "" {
					if obj, ok := res.StructuredContent.(map[string]any); !ok || obj[tool.OutputWrap] == nil {
						t.Errorf("%s: structured content not wrapped in %q: %T", tool.Name, tool.OutputWrap, res.StructuredContent)
					}
				}
			}
		}
	}
	clean, problems := h.dub.Report(false)
	for _, p := range problems {
		t.Error(p)
	}
	if len(clean) != 57 {
		t.Errorf("stand-in accepted every request of %d/57 operations", len(clean))
	}
}

func TestAPIFailuresAreToolErrors(t *testing.T) {
	h := setup(t)
	reset := time.Now().Add(30 * time.Second).Unix()
	// The client retries a read twice after a 5xx, so each 5xx is queued
	// three times; a 429 asking for 7 s is not retried.
	e500 := standin.Reply{Status: 500, Body: `{"error":{"code":"internal_server_error","message":"Something broke."}}`}
	e502 := standin.Reply{Status: 502, Header: map[string]string{"Content-Type": "text/html"}, Body: "<html>bad gateway</html>"}
	h.dub.Queue("getLinks",
		standin.Reply{Status: 404, Body: `{"error":{"code":"not_found","message":"Link not found.","doc_url":"https://dub.co/docs/api-reference/errors#not-found"}}`},
		e500, e500, e500,
		standin.Reply{Status: 429, Header: map[string]string{
			"X-RateLimit-Limit": "60", "X-RateLimit-Remaining": "0",
			"X-RateLimit-Reset": strconv.FormatInt(reset, 10), "Retry-After": "7",
		}, Body: `{"error":{"code":"rate_limit_exceeded","message":"Too many requests."}}`},
		e502, e502, e502,
	)
	before := len(h.dub.Calls())
	tests := []struct{ name, want string }{
		{"404", "Link not found."},
		{"500", "Something broke."},
		{"429", "retry"},
		{"502", "502"},
	}
	for _, tt := range tests {
		res := call(t, h, "get_links", map[string]any{})
		if !res.IsError {
			t.Errorf("%s: want isError result, got %s", tt.name, text(res))
			continue
		}
		if got := text(res); !strings.Contains(strings.ToLower(got), strings.ToLower(tt.want)) {
			t.Errorf("%s: error text %q does not mention %q", tt.name, got, tt.want)
		}
		t.Logf("%s -> %s", tt.name, text(res))
		if strings.Contains(text(res), apiKey) {
			t.Errorf("%s: error text leaks the API key", tt.name)
		}
	}
	if n := len(h.dub.Calls()) - before; n != 8 {
		t.Errorf("Dub saw %d requests for 4 calls, want 8 (1 + 3 + 1 + 3)", n)
	}
	// The server keeps serving.
	if res := call(t, h, "get_links", map[string]any{}); res.IsError {
		t.Fatalf("after failures: %s", text(res))
	}
}

func TestBadArgumentsNeverReachDub(t *testing.T) {
	h := setup(t)
	tests := []struct {
		tool string
		args map[string]any
		want string
	}{
		{"get_links", map[string]any{"nope": 1}, `unknown argument "nope"`},
		{"get_links", map[string]any{"page": "two"}, `"page"`},
		{"update_link", map[string]any{"url": "https://example.com"}, `missing required argument "linkId"`},
		{"bulk_create_links", map[string]any{"links": "not a list"}, `"links"`},
	}
	before := len(h.dub.Calls())
	for _, tt := range tests {
		res := call(t, h, tt.tool, tt.args)
		if !res.IsError || !strings.Contains(text(res), tt.want) {
			t.Errorf("%s(%v): want isError mentioning %s, got %v %q", tt.tool, tt.args, tt.want, res.IsError, text(res))
		}
	}
	if after := len(h.dub.Calls()); after != before {
		t.Errorf("bad arguments reached Dub: %d requests", after-before)
	}
}

func TestRenamedBodyArgument(t *testing.T) {
	h := setup(t)
	res := call(t, h, "update_domain", map[string]any{"slug": "old.link", "body_slug": "new.link"})
	if res.IsError {
		t.Fatal(text(res))
	}
	_, problems := h.dub.Report(false)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	calls := h.dub.Calls()
	last := calls[len(calls)-1]
	if last.Path != "/domains/old.link" || !strings.Contains(last.Body, `"slug":"new.link"`) {
		t.Fatalf("want PATCH /domains/old.link with body slug new.link, got %s %s", last.Path, last.Body)
	}
}

func many(n int, v any) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = v
	}
	return out
}

// TestRulesRefuseBeforeHTTP proves each overlay rule: a bad call gets an
// isError result saying how to fix it, and no request reaches Dub.
func TestRulesRefuseBeforeHTTP(t *testing.T) {
	h := setup(t)
	link := map[string]any{"url": "https://example.com"}
	tests := []struct {
		name, tool string
		args       map[string]any
		want       string
	}{
		{"no identity", "get_link_info", map[string]any{},
			`say which one: pass both domain and key (e.g. domain "d.to", key "github"), or linkId, or externalId`},
		{"key alone", "get_link_info", map[string]any{"key": "github"},
			`pass both domain and key (e.g. domain "d.to", key "github"), or linkId, or externalId; got only key`},
		{"domain alone", "get_link_info", map[string]any{"domain": "d.to"}, `got only domain`},
		{"two identities", "get_link_info", map[string]any{"linkId": "link_1", "externalId": "ext_1"},
			`pass only one of both domain and key (e.g. domain "d.to", key "github"), or linkId, or externalId; got linkId and externalId`},
		{"analytics key alone", "retrieve_analytics", map[string]any{"key": "github"}, `key needs domain: pass both domain and key (e.g. domain "d.to", key "github")`},
		{"events key alone", "list_events", map[string]any{"key": "github"}, `key needs domain`},
		{"bad enum", "retrieve_analytics", map[string]any{"groupBy": "everything"}, `argument "groupBy" cannot be "everything"; allowed values: count, timeseries`},
		{"bulk create over 100", "bulk_create_links", map[string]any{"links": many(101, link)}, `links: 101 items, at most 100 per call; split the work into several calls`},
		{"bulk delete over 100", "bulk_delete_links", map[string]any{"linkIds": many(101, "link_1")}, `linkIds: 101 items, at most 100 per call`},
		{"missing required", "update_link", map[string]any{"url": "https://example.com"}, `missing required argument "linkId"`},
		{"variant needs", "create_commission", map[string]any{"type": "custom", "partnerId": "pn_1"}, `type "custom" also needs "amount"`},
		{"dropped deprecated param", "get_links", map[string]any{"tagId": "tag_1"}, `unknown argument "tagId"`},
		{"bulk item misspelt field", "bulk_create_links", map[string]any{"links": []any{link, map[string]any{"url": "https://example.com", "tagIDs": []any{"t"}}}},
			`links[1]: unknown field "tagIDs"; valid fields: android, archived`},
		{"bulk item without url", "bulk_create_links", map[string]any{"links": []any{map[string]any{"key": "promo"}}},
			`links[0]: missing required field "url" (the fields are create_link's arguments)`},
		{"bulk update field type", "bulk_update_links", map[string]any{"linkIds": []any{"link_1"}, "data": map[string]any{"archived": "yes"}},
			`data.archived: expected a boolean, got "yes" (the fields are update_link's arguments)`},
		{"partner link field type", "create_partner", map[string]any{"email": "p@example.com", "linkProps": map[string]any{"tagIds": "tag_1"}},
			`linkProps.tagIds: expected an array, got "tag_1"`},
		// Spec constraints, listed or not, top level and nested.
		{"10 MB url", "create_link", map[string]any{"url": "https://example.com/" + strings.Repeat("a", 10<<20)},
			"url: 10485780 characters, at most 32000"},
		{"keyLength minimum", "create_link", map[string]any{"url": "https://example.com", "keyLength": 2}, "keyLength: 2, at least 3"},
		{"testVariants items", "create_link", map[string]any{"url": "https://example.com", "testVariants": variants(5, 20)},
			"testVariants: 5 items, at most 4"},
		{"bulk nested testVariants", "bulk_create_links", map[string]any{"links": []any{link, map[string]any{"url": "https://example.com", "testVariants": variants(5, 20)}}},
			"links[1].testVariants: 5 items, at most 4"},
		{"bulk nested percentage", "bulk_create_links", map[string]any{"links": []any{map[string]any{"url": "https://example.com", "testVariants": variants(2, 95)}}},
			"links[0].testVariants[0].percentage: 95, at most 90"},
		{"partner nested percentage", "create_partner", map[string]any{"email": "p@example.com", "linkProps": map[string]any{"testVariants": variants(2, 5)}},
			"linkProps.testVariants[0].percentage: 5, at least 10"},
		{"bulk nested required field", "bulk_create_links", map[string]any{"links": []any{map[string]any{"url": "https://example.com", "testVariants": []any{map[string]any{"url": "https://v.example"}, map[string]any{"url": "https://w.example"}}}}},
			`links[0].testVariants[0]: missing required field "percentage"`},
		{".link domains only", "register_domain", map[string]any{"domain": "example.com"}, `domain does not match the pattern .*\.link$`},
		{"email lookaround pattern", "create_partner", map[string]any{"email": "a..b@example.com"}, "email does not match the pattern"},
		{"route-changing linkId", "delete_link", map[string]any{"linkId": ".."}, `argument "linkId" cannot be ".."`},
		{"comma smuggles link IDs", "bulk_delete_links", map[string]any{"linkIds": []any{"link_1", strings.TrimSuffix(strings.Repeat("link_x,", 500), ",")}},
			"linkIds[1] contains a comma"},
		{"embed partner nested", "create_referrals_embed_token", map[string]any{"partner": map[string]any{"email": "p@example.com", "name": "P", "linkProps": map[string]any{"slug": "x"}}},
			`partner.linkProps: unknown field "slug"`},
	}
	before := len(h.dub.Calls())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := call(t, h, tt.tool, tt.args)
			if !res.IsError {
				t.Fatalf("want isError, got %s", text(res))
			}
			if got := text(res); !strings.Contains(got, tt.want) {
				t.Fatalf("message %q\ndoes not contain %q", got, tt.want)
			}
		})
	}
	if n := len(h.dub.Calls()) - before; n != 0 {
		t.Errorf("%d requests reached Dub; rule violations must be refused before any HTTP call", n)
	}
}

// variants returns n test variants of pct percent each.
func variants(n int, pct float64) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = map[string]any{"url": "https://v.example", "percentage": pct}
	}
	return out
}

// TestEveryBulkLinkToolWarnsAboutWebhooks checks the overlay's warnings reach agents.
func TestEveryBulkLinkToolWarnsAboutWebhooks(t *testing.T) {
	h := setup(t)
	res, err := h.mcp.ListTools(testContext(t), mcp.ListToolsRequest{})
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, tool := range res.Tools {
		if strings.HasPrefix(tool.Name, "bulk_") && strings.HasSuffix(tool.Name, "_links") {
			found++
			if !strings.Contains(tool.Description, "webhook") || !strings.Contains(tool.Description, "100") {
				t.Errorf("%s does not warn about webhooks and the 100-item limit: %s", tool.Name, tool.Description)
			}
		}
	}
	if found != 3 {
		t.Errorf("found %d bulk link tools, want 3", found)
	}
}

// TestAliasAnswersButIsNotListed: the old name Dub's rename retired still
// works, and tools/list shows only the new one.
func TestAliasAnswersButIsNotListed(t *testing.T) {
	h := setup(t)
	res := call(t, h, "retrieve_links", map[string]any{"partnerId": "pn_1"})
	if res.IsError {
		t.Fatalf("alias call: %s", text(res))
	}
	calls := h.dub.Calls()
	if last := calls[len(calls)-1]; last.Operation != "retrievePartnerLinks" {
		t.Fatalf("alias reached %s", last.Operation)
	}
	list, err := h.mcp.ListTools(testContext(t), mcp.ListToolsRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tool := range list.Tools {
		if tool.Name == "retrieve_links" {
			t.Fatal("the alias is listed")
		}
	}
}
