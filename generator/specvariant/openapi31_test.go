package specvariant

import (
	"encoding/json"
	"testing"
)

// TestTo31WrongShapes: parts of the wrong JSON type are left as written
// (for the spec parser to report), never rewritten from a zero value, and
// the right shapes next to them are still rewritten.
func TestTo31WrongShapes(t *testing.T) {
	cases := []struct {
		name, schema, want string
	}{
		{"nullable true", `{"type": "string", "nullable": true}`, `{"type":["string","null"]}`},
		{"nullable false", `{"type": "string", "nullable": false}`, `{"type":"string"}`},
		{"nullable not a boolean", `{"type": "string", "nullable": "yes"}`, `{"nullable":"yes","type":"string"}`},
		{"properties not an object", `{"type": "object", "properties": [{"type": "string", "nullable": true}]}`,
			`{"properties":[{"nullable":true,"type":"string"}],"type":"object"}`},
		{"allOf not an array", `{"allOf": {"$ref": "#/components/schemas/B"}, "description": "d"}`,
			`{"allOf":{"$ref":"#/components/schemas/B"},"description":"d"}`},
		{"enum not an array", `{"type": "string", "enum": "a"}`, `{"enum":"a","type":"string"}`},
		{"property rewritten beside a wrong one", `{"type": "object", "nullable": 1, "properties": {"a": {"type": "integer", "nullable": true}}}`,
			`{"nullable":1,"properties":{"a":{"type":["integer","null"]}},"type":"object"}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, err := Decode([]byte(`{"openapi": "3.0.3", "paths": {"/a": 5}, "components": {"schemas": {"A": ` + c.schema + `, "B": {"type": "string"}}}}`))
			if err != nil {
				t.Fatal(err)
			}
			To31(d)
			got, err := json.Marshal(asMap(asMap(d["components"])["schemas"])["A"])
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != c.want {
				t.Errorf("got  %s\nwant %s", got, c.want)
			}
			if !Is31(d) {
				t.Errorf("version %q", Version(d))
			}
		})
	}
}
