package dubmcp

import (
	"errors"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	dub "github.com/dubgen/dubgen/generator/emitclient/runtime"
)

type pathArgs struct {
	LinkID string `json:"linkId"`
}

type bodyArgs struct {
	URL     string                `json:"url"`
	Page    int                   `json:"page"`
	Ratio   float64               `json:"ratio"`
	Archive *bool                 `json:"archived"`
	TagIDs  dub.OneOrMany[string] `json:"tagIds"`
	Expires dub.Nullable[string]  `json:"expiresAt"`
	Nested  struct{ Name string } `json:"nested"`
	Extra   map[string]int        `json:"extra"`
}

func TestDecodeArgs(t *testing.T) {
	allowed := []string{"archived", "expiresAt", "extra", "linkId", "nested", "page", "ratio", "tagIds", "url"}
	tests := []struct {
		name    string
		args    any
		wantErr string // "" = success
		check   func(t *testing.T, p pathArgs, b bodyArgs)
	}{
		{name: "nil arguments", args: nil},
		{name: "empty", args: map[string]any{}},
		{
			name: "values spread over structs",
			args: map[string]any{"linkId": "l1", "url": "https://x", "page": 2.0, "archived": true, "tagIds": "t1", "expiresAt": nil},
			check: func(t *testing.T, p pathArgs, b bodyArgs) {
				if p.LinkID != "l1" || b.URL != "https://x" || b.Page != 2 || b.Archive == nil || !*b.Archive ||
					len(b.TagIDs) != 1 || !b.Expires.IsNull() {
					t.Errorf("decoded %+v %+v", p, b)
				}
			},
		},
		{name: "null for optional fields", args: map[string]any{"page": nil, "url": nil, "archived": nil}},
		{name: "struct arguments", args: struct {
			LinkID string `json:"linkId"`
		}{"l2"}, check: func(t *testing.T, p pathArgs, _ bodyArgs) {
			if p.LinkID != "l2" {
				t.Errorf("LinkID = %q", p.LinkID)
			}
		}},
		{name: "not an object", args: []any{1}, wantErr: "arguments for get_link must be a JSON object"},
		{name: "unknown", args: map[string]any{"foo": 1}, wantErr: `unknown argument "foo" for get_link; valid arguments: archived, expiresAt, extra, linkId, nested, page, ratio, tagIds, url`},
		{name: "string for integer", args: map[string]any{"page": "2"}, wantErr: `argument "page": expected integer, got string`},
		{name: "fraction for integer", args: map[string]any{"page": 1.5}, wantErr: `argument "page": expected integer, got number 1.5`},
		{name: "bool for number", args: map[string]any{"ratio": true}, wantErr: `argument "ratio": expected number, got bool`},
		{name: "number for string", args: map[string]any{"url": 1}, wantErr: `argument "url": expected string, got number`},
		{name: "string for boolean", args: map[string]any{"archived": "yes"}, wantErr: `argument "archived": expected boolean, got string`},
		{name: "object for list", args: map[string]any{"tagIds": map[string]any{}}, wantErr: `argument "tagIds": expected string, got object`},
		{name: "number for nullable string", args: map[string]any{"expiresAt": 5}, wantErr: `argument "expiresAt": expected string, got number`},
		{name: "nested field", args: map[string]any{"nested": map[string]any{"Name": 1}}, wantErr: `argument "nested.Name": expected string, got number`},
		{name: "array for object", args: map[string]any{"extra": []any{}}, wantErr: `argument "extra": expected object, got array`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var req mcp.CallToolRequest
			req.Params.Arguments = tt.args
			var p pathArgs
			var b bodyArgs
			err := decodeArgs("get_link", req, allowed, &p, &b)
			if tt.wantErr != "" {
				var argErr *argError
				if !errors.As(err, &argErr) || err.Error() != tt.wantErr {
					t.Fatalf("decodeArgs error = %v, want *argError %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("decodeArgs: %v", err)
			}
			if tt.check != nil {
				tt.check(t, p, b)
			}
		})
	}
}
