package mcptools

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
)

// TestNestedRules: fields inside object arguments and array items are
// checked by name, type, required-ness, enum and item count; hidden
// fields and free-form objects pass.
func TestNestedRules(t *testing.T) {
	spec := &argSpec{
		tool:    "bulk_create_links",
		allowed: []string{"data", "links"},
		inputJSON: `{"type":"object","properties":{"links":{"type":"array","maxItems":3,"items":{"type":"object","required":["url"],"properties":{` +
			`"url":{"type":"string"},"keyLength":{"type":"integer"},"tagIds":{"type":"array","items":{"type":"string"}},` +
			`"geo":{"type":"object"},"color":{"type":"string","enum":["red","blue"]},"archived":{"type":"boolean"}}}},` +
			`"data":{"type":"object","properties":{"title":{"type":"string"},"ratio":{"type":"number"}}},"name":{"type":"string"},"meta":{"type":"object"},"empty":{"type":"object","properties":{}}}}`,
		hiddenFields: []string{"links[].tagId"},
		fieldsOf:     map[string]string{"links": "create_link"},
	}
	link := func(kv ...any) map[string]any {
		m := map[string]any{"url": "https://a.example"}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}
	tests := []struct {
		name string
		args map[string]any
		want string // "" for valid
	}{
		{"valid", map[string]any{"links": []any{link("keyLength", 8.0, "tagIds", []any{"t1"}, "geo", map[string]any{"US": "https://us"}, "color", "red")}}, ""},
		{"hidden field accepted", map[string]any{"links": []any{link("tagId", "t1")}}, ""},
		{"null field is absent", map[string]any{"links": []any{link("archived", nil)}}, ""},
		{"nothing given", map[string]any{}, ""},
		{"number where integer", map[string]any{"data": map[string]any{"ratio": 0.5}}, ""},
		{"misspelt field", map[string]any{"links": []any{link(), link("tagIDs", []any{"t"})}},
			`links[1]: unknown field "tagIDs"; valid fields: archived, color, geo, keyLength, tagIds, url (the fields are create_link's arguments)`},
		{"missing required", map[string]any{"links": []any{map[string]any{"keyLength": 7.0}}}, `links[0]: missing required field "url"`},
		{"empty required", map[string]any{"links": []any{map[string]any{"url": ""}}}, `links[0]: missing required field "url"`},
		{"wrong type", map[string]any{"links": []any{link("archived", "yes")}}, `links[0].archived: expected a boolean, got "yes"`},
		{"fraction for integer", map[string]any{"links": []any{link("keyLength", 7.5)}}, `links[0].keyLength: expected an integer, got 7.5`},
		{"nested array item type", map[string]any{"links": []any{link("tagIds", []any{"a", 3.0})}}, `links[0].tagIds[1]: expected a string, got 3`},
		{"enum", map[string]any{"links": []any{link("color", "green")}}, `links[0].color cannot be "green"; allowed values: red, blue`},
		{"item not an object", map[string]any{"links": []any{"https://a.example"}}, `links[0]: expected an object, got "https://a.example"`},
		{"argument of the wrong type", map[string]any{"links": "https://a.example"}, `argument "links": expected an array, got "https://a.example"`},
		{"too many items", map[string]any{"links": []any{link(), link(), link(), link()}}, `links: 4 items, at most 3`},
		{"object argument", map[string]any{"data": map[string]any{"titel": "x"}}, `data: unknown field "titel"; valid fields: ratio, title`},
		{"arguments without fields are left to decoding", map[string]any{"name": 3.0, "meta": map[string]any{"any": 1.0}, "empty": map[string]any{"k": 1.0}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := spec.check(tt.args)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("check: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("check = %v, want %q", err, tt.want)
			}
			if err != nil {
				if _, ok := err.(*argError); !ok {
					t.Errorf("error %T, want *argError", err)
				}
				if tt.name != "misspelt field" && strings.Contains(err.Error(), "create_link") && !strings.HasPrefix(tt.want, "links") {
					t.Errorf("fieldsOf named for another argument: %v", err)
				}
			}
		})
	}
}

// TestNestedRulesThroughDecode: prepare refuses a misspelt nested field,
// which would otherwise reach Dub.
func TestNestedRulesThroughDecode(t *testing.T) {
	spec := &argSpec{tool: "t", allowed: []string{"data"},
		inputJSON: `{"type":"object","properties":{"data":{"type":"object","properties":{"title":{"type":"string"}}}}}`}
	req := mcp.CallToolRequest{}
	req.Params.Arguments = map[string]any{"data": map[string]any{"tilte": "x"}}
	if _, err := spec.prepare(req); err == nil || !strings.Contains(err.Error(), `unknown field "tilte"`) {
		t.Fatalf("prepare = %v", err)
	}
	req.Params.Arguments = map[string]any{"data": map[string]any{"title": "x"}}
	if args, err := spec.prepare(req); err != nil || args["data"].(map[string]any)["title"] != "x" {
		t.Fatalf("prepare = %v, %v", err, args)
	}
}

// TestNestedRulesWithoutSchemas: a spec without an input schema (or with
// JSON that does not decode, or an argument without listed fields) checks
// nothing inside arguments.
func TestNestedRulesWithoutSchemas(t *testing.T) {
	for _, text := range []string{"", "{not json", `{"type":"object","properties":{"data":{"type":"object"}}}`, `{"type":"object","properties":{"data":{"type":"object","properties":{}}}}`} {
		s := &argSpec{tool: "t", allowed: []string{"data"}, inputJSON: text}
		if err := s.check(map[string]any{"data": map[string]any{"anything": 1}}); err != nil {
			t.Errorf("nestedJSON %q: %v", text, err)
		}
	}
}

// TestListedSchema: a tool is listed with its compact schema only when
// every tool it needs is served.
func TestListedSchema(t *testing.T) {
	full, short := json.RawMessage(`{"type":"object","properties":{"links":{"type":"array","items":{"type":"object","properties":{"url":{"type":"string"}}}}}}`),
		json.RawMessage(`{"type":"object","properties":{"links":{"type":"array","items":{"type":"object"}}}}`)
	tool := Tool{Compact: short, Needs: []string{"create_link", "update_link"}}
	tool.Tool = mcp.Tool{Name: "bulk", RawInputSchema: full}
	served := map[string]bool{"create_link": true}
	if got := tool.listed(func(n string) bool { return served[n] }); string(got.RawInputSchema) != string(full) {
		t.Errorf("one need missing: listed %s", got.RawInputSchema)
	}
	served["update_link"] = true
	if got := tool.listed(func(n string) bool { return served[n] }); string(got.RawInputSchema) != string(short) {
		t.Errorf("all needs served: listed %s", got.RawInputSchema)
	}
	if string(tool.Tool.RawInputSchema) != string(full) {
		t.Errorf("listed changed the tool itself")
	}
	plain := Tool{}
	plain.Tool = mcp.Tool{Name: "plain", RawInputSchema: full}
	if got := plain.listed(func(string) bool { return false }); string(got.RawInputSchema) != string(full) {
		t.Errorf("no compact schema: listed %s", got.RawInputSchema)
	}
}
