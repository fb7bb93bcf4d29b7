package mcptools

import (
	"errors"
	"reflect"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
)

// typesInput is the input schema of the tool TestPrepareTypes calls.
const typesInput = `{"type":"object","properties":{` +
	`"linkId":{"type":"string"},"url":{"type":"string"},"page":{"type":"integer"},"ratio":{"type":"number"},` +
	`"archived":{"type":"boolean"},"tagIds":{"type":"array","items":{"type":"string"}},"expiresAt":{"type":"string"},` +
	`"nested":{"type":"object","properties":{"Name":{"type":"string"}}},"extra":{"type":"object"}}}`

// TestPrepareTypes: argument names and JSON types are checked against the
// tool's input schema before any request is built.
func TestPrepareTypes(t *testing.T) {
	spec := newArgSpec(&Spec{
		Tool: mcp.Tool{Name: "get_link", RawInputSchema: []byte(typesInput)},
		Args: []Arg{{Name: "archived"}, {Name: "expiresAt"}, {Name: "extra"}, {Name: "linkId"}, {Name: "nested"}, {Name: "page"}, {Name: "ratio"}, {Name: "tagIds"}, {Name: "url"}},
	})
	tests := []struct {
		name    string
		args    any
		wantErr string // "" = success
		want    map[string]any
	}{
		{name: "nil arguments", args: nil, want: map[string]any{}},
		{name: "empty", args: map[string]any{}, want: map[string]any{}},
		{
			name: "values of every type",
			args: map[string]any{"linkId": "l1", "url": "https://x", "page": 2.0, "archived": true, "tagIds": []any{"t1"}, "expiresAt": nil},
			want: map[string]any{"linkId": "l1", "url": "https://x", "page": 2.0, "archived": true, "tagIds": []any{"t1"}, "expiresAt": nil},
		},
		{name: "one value for a list", args: map[string]any{"tagIds": "t1"}, want: map[string]any{"tagIds": []any{"t1"}}},
		{name: "null for optional fields", args: map[string]any{"page": nil, "url": nil, "archived": nil}, want: map[string]any{"page": nil, "url": nil, "archived": nil}},
		{name: "struct arguments", args: struct {
			LinkID string `json:"linkId"`
		}{"l2"}, want: map[string]any{"linkId": "l2"}},
		{name: "not an object", args: []any{1}, wantErr: "arguments for get_link must be a JSON object"},
		{name: "unknown", args: map[string]any{"foo": 1}, wantErr: `unknown argument "foo" for get_link; valid arguments: archived, expiresAt, extra, linkId, nested, page, ratio, tagIds, url`},
		{name: "string for integer", args: map[string]any{"page": "2"}, wantErr: `argument "page": expected integer, got string`},
		{name: "fraction for integer", args: map[string]any{"page": 1.5}, wantErr: `argument "page": expected integer, got number 1.5`},
		{name: "bool for number", args: map[string]any{"ratio": true}, wantErr: `argument "ratio": expected number, got bool`},
		{name: "number for string", args: map[string]any{"url": 1}, wantErr: `argument "url": expected string, got number`},
		{name: "string for boolean", args: map[string]any{"archived": "yes"}, wantErr: `argument "archived": expected boolean, got string`},
		{name: "object for list", args: map[string]any{"tagIds": map[string]any{}}, wantErr: `argument "tagIds": expected array, got object`},
		{name: "wrong element", args: map[string]any{"tagIds": []any{"a", 2}}, wantErr: `argument "tagIds[1]": expected string, got number`},
		{name: "number for nullable string", args: map[string]any{"expiresAt": 5}, wantErr: `argument "expiresAt": expected string, got number`},
		{name: "nested field", args: map[string]any{"nested": map[string]any{"Name": 1}}, wantErr: `nested.Name: expected a string, got 1`},
		{name: "array for object", args: map[string]any{"extra": []any{}}, wantErr: `argument "extra": expected object, got array`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var req mcp.CallToolRequest
			req.Params.Arguments = tt.args
			got, err := spec.prepare(req)
			if tt.wantErr != "" {
				var argErr *argError
				if !errors.As(err, &argErr) || err.Error() != tt.wantErr {
					t.Fatalf("prepare error = %v, want *argError %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("prepare: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("prepare = %v, want %v", got, tt.want)
			}
		})
	}
}
