package surfacediff

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/dubgen/dubgen/generator/model"
	"github.com/dubgen/dubgen/generator/surface"
)

// props are a tool's input properties.
type props = map[string]*surface.Schema

// tool builds a minimal tool for Compare's unit tests.
func tool(name, id, method, path string, props props, aliases ...string) *surface.Tool {
	if props == nil {
		props = map[string]*surface.Schema{}
	}
	return &surface.Tool{
		Name: name, Description: "Does things.", Toolset: "things", Aliases: aliases,
		Annotations: surface.Annotations{ReadOnly: method == "GET", Idempotent: method == "GET", OpenWorld: true},
		Input:       &surface.Schema{Type: "object", Properties: props},
		Op:          &model.Operation{ID: id, Method: method, Path: path},
	}
}

func TestNameChangeFromOverlay(t *testing.T) {
	old := []*surface.Tool{tool("get_qr_code", "getQRCode", "GET", "/qr", nil)}
	for _, tc := range []struct {
		aliases  []string
		breaking bool
		detail   string
	}{
		{nil, true, "tool name `get_qr_code` → `render_qr_code`"},
		{[]string{"get_qr_code"}, false, "(the old name is kept as an alias)"},
	} {
		r := Compare(old, []*surface.Tool{tool("render_qr_code", "getQRCode", "GET", "/qr", nil, tc.aliases...)})
		want := Change{Kind: KindName, Old: "get_qr_code", New: "render_qr_code", Breaking: tc.breaking}
		if len(r.Changed) != 1 || len(r.Changed[0].Changes) != 1 {
			t.Fatalf("aliases %v: changes %+v", tc.aliases, r.Changed)
		}
		got := r.Changed[0].Changes[0]
		if got.Kind != want.Kind || got.Old != want.Old || got.New != want.New || got.Breaking != want.Breaking || !strings.Contains(got.Detail, tc.detail) {
			t.Errorf("aliases %v: got %+v", tc.aliases, got)
		}
		if len(r.Renamed)+len(r.Added)+len(r.Removed) != 0 {
			t.Errorf("a tool matched by operationId was reported as renamed, added or removed: %+v", r)
		}
	}
}

func TestAliasBeatsRoute(t *testing.T) {
	old := []*surface.Tool{tool("list_things", "listThings", "GET", "/things", nil)}
	r := Compare(old, []*surface.Tool{
		tool("get_things", "getThings", "GET", "/things", nil),
		tool("search_things", "searchThings", "GET", "/v2/things", nil, "list_things"),
	})
	if len(r.Renamed) != 1 || r.Renamed[0].To.Name != "search_things" || r.Renamed[0].By != "alias" || r.Renamed[0].Breaking {
		t.Errorf("renamed %+v", r.Renamed)
	}
	if len(r.Added) != 1 || r.Added[0].Name != "get_things" {
		t.Errorf("added %+v", r.Added)
	}
}

func TestRenameKeepingTheName(t *testing.T) {
	// The overlay pins the tool name while the operationId changes.
	r := Compare([]*surface.Tool{tool("list_links", "retrieveLinks", "GET", "/links", nil)},
		[]*surface.Tool{tool("list_links", "retrievePartnerLinks", "GET", "/links", nil)})
	if len(r.Renamed) != 1 || r.Renamed[0].Breaking || r.Breaking() != 0 {
		t.Fatalf("renamed %+v, breaking %d", r.Renamed, r.Breaking())
	}
	if md := r.Markdown("a", "b"); !strings.Contains(md, "the tool name is unchanged") || strings.Contains(md, "Breaking changes") {
		t.Errorf("markdown:\n%s", md)
	}
}

func TestHiddenInputIsNotBreaking(t *testing.T) {
	page := func() props { return props{"page": {Type: "integer"}} }
	n := tool("get_links", "getLinks", "GET", "/links", props{})
	n.Hidden = []string{"page"}
	r := Compare([]*surface.Tool{tool("get_links", "getLinks", "GET", "/links", page())}, []*surface.Tool{n})
	if got := entries(r); !slices.Equal(got, []string{"get_links: input-hidden page (integer -> )"}) {
		t.Errorf("findings %v", got)
	}
}

// TestHiddenDeprecatedFieldIsNotBreaking: a field the spec deprecated is
// left out of the schema but still accepted, so losing it is no break;
// a field that is really gone is.
func TestHiddenDeprecatedFieldIsNotBreaking(t *testing.T) {
	data := func(fields ...string) props {
		ps := props{}
		for _, f := range fields {
			ps[f] = &surface.Schema{Type: "string"}
		}
		return props{"data": {Type: "object", Properties: ps}}
	}
	n := tool("bulk_update_links", "bulkUpdateLinks", "PATCH", "/links/bulk", data("url"))
	n.Hidden = []string{"data.tagId"}
	r := Compare([]*surface.Tool{tool("bulk_update_links", "bulkUpdateLinks", "PATCH", "/links/bulk", data("url", "tagId", "ref"))}, []*surface.Tool{n})
	want := []string{"bulk_update_links: input-removed data.ref (string -> ) !", "bulk_update_links: input-hidden data.tagId (string -> )"}
	if got := entries(r); !slices.Equal(got, want) {
		t.Errorf("findings %v\nwant %v", got, want)
	}
}

func TestCompareIsDeterministicAndPure(t *testing.T) {
	old := []*surface.Tool{
		tool("a", "a", "GET", "/a", props{"x": {Type: "string"}}),
		tool("b", "b", "GET", "/b", nil),
		tool("c", "c", "POST", "/c", nil),
		tool("d", "d", "GET", "/d", nil),
	}
	news := []*surface.Tool{
		tool("a", "a", "GET", "/a", props{"y": {Type: "string"}, "z": {Type: "string"}}),
		tool("b2", "b2", "GET", "/b", nil),
		tool("e", "e", "GET", "/e", nil),
		tool("f", "f", "DELETE", "/f", nil),
	}
	want, err := Compare(old, news).JSON()
	if err != nil {
		t.Fatal(err)
	}
	before := names(old) + "|" + names(news)
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		o, n := slices.Clone(old), slices.Clone(news)
		rng.Shuffle(len(o), func(i, j int) { o[i], o[j] = o[j], o[i] })
		rng.Shuffle(len(n), func(i, j int) { n[i], n[j] = n[j], n[i] })
		got, err := Compare(o, n).JSON()
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Fatalf("input order changed the report:\n%s\nwant:\n%s", got, want)
		}
	}
	if after := names(old) + "|" + names(news); after != before {
		t.Errorf("Compare reordered its inputs: %s → %s", before, after)
	}
	r := Compare(old, news)
	if got := entries(r); !slices.Equal(got, []string{
		"added e", "added f", "removed c !", "removed d !", "renamed b -> b2 by route !",
		"a: input-removed x (string -> ) !", "a: input-added y ( -> string)", "a: input-added z ( -> string)",
	}) {
		t.Errorf("findings %v", got)
	}
	if r.Breaking() != 4 || r.Summary != (Summary{Added: 2, Removed: 2, Renamed: 1, Changed: 1, Breaking: 4}) {
		t.Errorf("breaking %d, summary %+v", r.Breaking(), r.Summary)
	}
}

func names(ts []*surface.Tool) string {
	var s []string
	for _, t := range ts {
		s = append(s, t.Name)
	}
	return strings.Join(s, ",")
}

// TestSizeCountsToolDefinitions: the size is the tools/list result that
// lists the tools, as mcp-go marshals it; aliases are not listed.
func TestSizeCountsToolDefinitions(t *testing.T) {
	a := tool("a", "a", "GET", "/a", props{"x": {Type: "string"}})
	a.Title = "A"
	a.Output = &surface.Schema{Type: "object"}
	a.Aliases = []string{"not_counted"}
	def := mcp.Tool{Name: a.Name, Title: a.Title, Description: a.Description,
		RawInputSchema:  json.RawMessage(`{"properties":{"x":{"type":"string"}},"type":"object"}`),
		RawOutputSchema: json.RawMessage(`{"type":"object"}`),
		// A read tool lists readOnlyHint and idempotentHint; the other
		// two hints are the protocol's defaults (see Annotations.Listed).
		Annotations: mcp.ToolAnnotation{ReadOnlyHint: mcp.ToBoolPtr(true), IdempotentHint: mcp.ToBoolPtr(true)}}
	b, err := json.Marshal(mcp.ListToolsResult{Tools: []mcp.Tool{def, def}})
	if err != nil {
		t.Fatal(err)
	}
	s := Compare(nil, []*surface.Tool{a, a}).Size
	want := len(b)
	empty, _ := json.Marshal(mcp.ListToolsResult{Tools: []mcp.Tool{}})
	if s.NewBytes != want || s.OldBytes != len(empty) || s.DeltaBytes != want-len(empty) || s.NewTokens != want/4 {
		t.Errorf("size %+v, want %d new bytes, %d old", s, want, len(empty))
	}
}

func TestEmptySurfacesGiveEmptyReport(t *testing.T) {
	r := Compare(nil, nil)
	if !r.Empty() || r.Breaking() != 0 {
		t.Errorf("%+v", r)
	}
	js, err := r.JSON()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(js), "null") {
		t.Errorf("lists marshal as null:\n%s", js)
	}
	if md := r.Markdown("a", "b"); !strings.Contains(md, "No changes to the tool surface.") || strings.Contains(md, "###") {
		t.Errorf("markdown:\n%s", md)
	}
}
