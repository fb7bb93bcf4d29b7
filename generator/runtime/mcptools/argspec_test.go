package mcptools

import (
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
)

func TestArgSpecDecode(t *testing.T) {
	spec := &argSpec{
		tool:         "t",
		allowed:      []string{"domain", "ids", "key", "kind", "linkId", "page", "slug"},
		required:     []string{"page"},
		defaultsJSON: `{"page":1}`,
		enums:        map[string][]string{"kind": {"a", "b"}},
		maxItems:     map[string]int{"ids": 2},
		identity:     [][]string{{"linkId"}, {"domain", "key"}},
		together:     [][]string{{"domain", "key"}},
		examples:     map[string]string{"domain": "d.to", "key": "github"},
		inputJSON:    `{"type":"object","properties":{"linkId":{"type":"string"},"page":{"type":"integer"}}}`,
	}
	tests := []struct {
		name string
		args map[string]any
		want string // error substring; "" = ok
	}{
		{"ok with default", map[string]any{"linkId": "l1"}, ""},
		{"another argument", map[string]any{"linkId": "l1", "slug": "x"}, ""},
		{"bad enum", map[string]any{"linkId": "l1", "kind": "c"}, `argument "kind" cannot be "c"; allowed values: a, b`},
		{"enum in list", map[string]any{"linkId": "l1", "kind": []any{"a", "z"}}, `cannot be "z"`},
		{"too many", map[string]any{"linkId": "l1", "ids": []any{1, 2, 3}}, `ids: 3 items, at most 2 per call`},
		{"key alone", map[string]any{"key": "github"}, `pass both domain and key (e.g. domain "d.to", key "github"), or linkId; got only key`},
		{"none", map[string]any{}, `say which one: pass both domain and key (e.g. domain "d.to", key "github"), or linkId`},
		{"both", map[string]any{"linkId": "l", "domain": "d", "key": "k"}, `pass only one of`},
		{"empty string is absent", map[string]any{"linkId": ""}, `say which one`},
		{"unknown", map[string]any{"linkId": "l", "zzz": 1}, `unknown argument "zzz"`},
		{"wrong type", map[string]any{"linkId": 5}, `"linkId"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := mcp.CallToolRequest{}
			req.Params.Arguments = tt.args
			args, err := spec.prepare(req)
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				if args["page"] != 1.0 {
					t.Errorf("default page not applied: %v", args["page"])
				}
				if _, changed := req.GetArguments()["page"]; changed {
					t.Errorf("prepare changed the request's arguments")
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v does not contain %q", err, tt.want)
			}
		})
	}
}
