package dubmcp

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
		renames:      map[string]string{"slug": "newSlug"},
	}
	type params struct {
		Page   float64 `json:"page"`
		LinkID string  `json:"linkId"`
		Slug   string  `json:"slug"`
	}
	type body struct {
		NewSlug string `json:"newSlug"`
	}
	tests := []struct {
		name string
		args map[string]any
		want string // error substring; "" = ok
	}{
		{"ok with default", map[string]any{"linkId": "l1"}, ""},
		{"renamed body arg", map[string]any{"linkId": "l1", "slug": "x"}, ""},
		{"bad enum", map[string]any{"linkId": "l1", "kind": "c"}, `argument "kind" cannot be "c"; allowed values: a, b`},
		{"enum in list", map[string]any{"linkId": "l1", "kind": []any{"a", "z"}}, `cannot be "z"`},
		{"too many", map[string]any{"linkId": "l1", "ids": []any{1, 2, 3}}, `has 3 items, but at most 2`},
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
			var p params
			var b body
			err := spec.decode(req, &p, &b)
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				if p.Page != 1 {
					t.Errorf("default page not applied: %v", p.Page)
				}
				if s, ok := tt.args["slug"]; ok && b.NewSlug != s {
					t.Errorf("renamed argument not decoded into the body: %+v", b)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v does not contain %q", err, tt.want)
			}
		})
	}
}
