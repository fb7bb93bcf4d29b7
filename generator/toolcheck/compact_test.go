package toolcheck

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/dubgen/dubgen/generated/dubmcp"
)

// fieldsListed reports whether a listing spells out the fields of tool's
// argument at path (its items' fields, for an array): the self-contained
// schema does, the compact one leaves them to another tool. found is
// false when the listing lacks the tool.
func fieldsListed(t *testing.T, tools []mcp.Tool, tool, path string) (listed, found bool) {
	t.Helper()
	for _, tl := range tools {
		if tl.Name != tool {
			continue
		}
		// A listed tool (decoded by the client) carries its schema in
		// InputSchema; marshalling it gives the schema as it was sent.
		raw, err := json.Marshal(tl)
		if err != nil {
			t.Fatalf("%s: %v", tool, err)
		}
		var def struct {
			InputSchema map[string]any `json:"inputSchema"`
		}
		if err := json.Unmarshal(raw, &def); err != nil {
			t.Fatalf("%s: %v", tool, err)
		}
		s := def.InputSchema
		for _, step := range strings.Split(path, ".") {
			props, _ := s["properties"].(map[string]any)
			s, _ = props[step].(map[string]any)
			if items, ok := s["items"].(map[string]any); ok {
				s = items
			}
		}
		if s == nil {
			t.Fatalf("%s has no %s", tool, path)
		}
		_, listed = s["properties"]
		return listed, true
	}
	return false, false
}

// TestCompactOnlyBesideItsReferences: a tool whose fields another tool
// lists is listed compactly only while that tool is listed too, whether
// the server or the request chose the tools; describe_tool always shows
// the whole schema.
func TestCompactOnlyBesideItsReferences(t *testing.T) {
	list := func(h *harness, ctx context.Context) []mcp.Tool {
		res, err := h.mcp.ListTools(ctx, mcp.ListToolsRequest{})
		if err != nil {
			t.Fatal(err)
		}
		return res.Tools
	}
	full := setup(t)
	partners := serve(t, nil, nil, dubmcp.WithToolsets("partners"))
	narrowed := func(sel dubmcp.Selection) context.Context {
		return dubmcp.ContextWithSelection(testContext(t), sel)
	}
	tests := []struct {
		name       string
		tools      []mcp.Tool
		tool, path string
		listed     bool
	}{
		{"full surface, bulk items", list(full, testContext(t)), "bulk_create_links", "links", false},
		{"full surface, partner link fields", list(full, testContext(t)), "create_partner", "linkProps", false},
		{"full surface, embed token partner", list(full, testContext(t)), "create_referrals_embed_token", "partner", false},
		{"partners toolset alone", list(partners, testContext(t)), "create_partner", "linkProps", true},
		{"partners toolset, upsert", list(partners, testContext(t)), "upsert_partner_link", "linkProps", true},
		{"request keeps only the bulk tool", list(full, narrowed(dubmcp.Selection{Tools: []string{"bulk_create_links"}})), "bulk_create_links", "links", true},
		{"request keeps the links toolset", list(full, narrowed(dubmcp.Selection{Toolsets: []string{"links"}})), "bulk_create_links", "links", false},
		{"request drops create_link", list(full, narrowed(dubmcp.Selection{Exclude: []string{"create_link"}})), "create_partner", "linkProps", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			listed, found := fieldsListed(t, tt.tools, tt.tool, tt.path)
			if !found {
				t.Fatalf("%s is not listed", tt.tool)
			}
			if listed != tt.listed {
				t.Errorf("%s.%s fields listed = %v, want %v", tt.tool, tt.path, listed, tt.listed)
			}
		})
	}

	dyn := serve(t, nil, nil, dubmcp.WithDynamic())
	res := call(t, dyn, "describe_tool", map[string]any{"name": "bulk_create_links"})
	var described struct {
		InputSchema json.RawMessage `json:"inputSchema"`
	}
	if err := json.Unmarshal([]byte(text(res)), &described); err != nil {
		t.Fatalf("describe_tool: %v: %s", err, text(res))
	}
	if listed, found := fieldsListed(t, []mcp.Tool{{Name: "x", RawInputSchema: described.InputSchema}}, "x", "links"); !found || !listed {
		t.Errorf("describe_tool hides bulk_create_links' item fields: %s", described.InputSchema)
	}
}

// TestHeaderNarrowingExpandsSchemas: over HTTP, a request header that
// drops create_link gets bulk_create_links with its fields spelt out.
func TestHeaderNarrowingExpandsSchemas(t *testing.T) {
	url, _ := httpServer(t, []string{"k"})
	for _, tt := range []struct {
		header string
		listed bool
	}{
		{"bulk_create_links", true},
		{"bulk_create_links,create_link", false},
	} {
		c := httpClient(t, url, map[string]string{"Authorization": "Bearer k", dubmcp.HeaderTools: tt.header})
		res, err := c.ListTools(testContext(t), mcp.ListToolsRequest{})
		if err != nil {
			t.Fatal(err)
		}
		if listed, found := fieldsListed(t, res.Tools, "bulk_create_links", "links"); !found || listed != tt.listed {
			t.Errorf("%s %q: fields listed = %v (found %v), want %v", dubmcp.HeaderTools, tt.header, listed, found, tt.listed)
		}
	}
}
