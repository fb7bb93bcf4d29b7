package spec

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/dubgen/dubgen/generator/model"
)

// The same small API in OpenAPI 3.0 and 3.1, the 3.1 one using what 3.0
// cannot say: type arrays with "null", const, examples, numeric exclusive
// bounds, a $ref with sibling keywords and an anyOf null alternative.
const api30 = `{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
 "paths": {"/things/{id}": {"patch": {"operationId": "updateThing",
  "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
   {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 0, "exclusiveMinimum": true, "maximum": 100, "exclusiveMaximum": true}}],
  "requestBody": {"content": {"application/json": {"schema": {"type": "object", "required": ["kind"], "properties": {
   "kind": {"type": "string", "enum": ["thing"]},
   "name": {"type": "string", "nullable": true, "example": "Bob"},
   "owner": {"allOf": [{"$ref": "#/components/schemas/Owner"}], "description": "Who owns it.", "nullable": true},
   "parent": {"allOf": [{"$ref": "#/components/schemas/Owner"}], "description": "The parent.", "deprecated": true},
   "size": {"oneOf": [{"type": "number"}, {"type": "string"}], "nullable": true}}}}}},
  "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Owner"}}}}}}}},
 "components": {"schemas": {"Owner": {"type": "object", "properties": {"id": {"type": "string"}, "score": {"type": "number", "minimum": 1, "exclusiveMinimum": true, "nullable": true}}}}}}`

const api31 = `{"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
 "paths": {"/things/{id}": {"patch": {"operationId": "updateThing",
  "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
   {"name": "limit", "in": "query", "schema": {"type": "integer", "exclusiveMinimum": 0, "exclusiveMaximum": 100}}],
  "requestBody": {"content": {"application/json": {"schema": {"type": "object", "required": ["kind"], "properties": {
   "kind": {"const": "thing"},
   "name": {"type": ["string", "null"], "examples": ["Bob"]},
   "owner": {"anyOf": [{"$ref": "#/components/schemas/Owner"}, {"type": "null"}], "description": "Who owns it."},
   "parent": {"$ref": "#/components/schemas/Owner", "description": "The parent.", "deprecated": true},
   "size": {"oneOf": [{"type": "number"}, {"type": "string"}, {"type": "null"}]}}}}}},
  "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Owner"}}}}}}}},
 "components": {"schemas": {"Owner": {"type": "object", "properties": {"id": {"type": "string"}, "score": {"type": ["number", "null"], "exclusiveMinimum": 1}}}}}}`

// TestOpenAPI31SameModel: both versions build the same model, and the 3.1
// one has no warning the 3.0 one lacks.
func TestOpenAPI31SameModel(t *testing.T) {
	a30, ds30, err := LoadData("api30.json", []byte(api30))
	if err != nil {
		t.Fatal(err)
	}
	a31, ds31, err := LoadData("api31.json", []byte(api31))
	if err != nil {
		t.Fatal(err)
	}
	d30, d31 := dumpAPI(a30), dumpAPI(a31)
	if d30 != d31 {
		t.Errorf("models differ:\n3.0:\n%s\n3.1:\n%s", d30, d31)
	}
	for _, want := range []string{"limit integer min=0 excl max=100 excl", "kind string enum=[thing]", "name string nullable example=Bob",
		"owner Owner nullable desc=\"Who owns it.\"", "parent Owner deprecated", "score number nullable min=1 excl"} {
		if !strings.Contains(d31, want) {
			t.Errorf("3.1 model lacks %q:\n%s", want, d31)
		}
	}
	if len(ds31) > len(ds30) {
		t.Errorf("3.1 gives new warnings: %v (3.0: %v)", ds31, ds30)
	}
}

// dumpAPI writes the facts the generator uses about every parameter, body
// property and named type, one per line, sorted.
func dumpAPI(api *model.API) string {
	var lines []string
	var dump func(prefix, name string, s *model.Schema, depth int)
	dump = func(prefix, name string, s *model.Schema, depth int) {
		if s == nil || depth > 3 {
			return
		}
		typ := s.Kind.String()
		if s.Name != "" {
			typ = s.Name
		}
		l := fmt.Sprintf("%s%s %s", prefix, name, typ)
		if s.Nullable {
			l += " nullable"
		}
		if s.Deprecated {
			l += " deprecated"
		}
		if len(s.Enum) > 0 {
			l += fmt.Sprintf(" enum=%v", s.Enum)
		}
		if s.Example != nil {
			l += fmt.Sprintf(" example=%v", s.Example)
		}
		if s.Minimum != nil {
			l += fmt.Sprintf(" min=%v", *s.Minimum)
			if s.ExclusiveMin {
				l += " excl"
			}
		}
		if s.Maximum != nil {
			l += fmt.Sprintf(" max=%v", *s.Maximum)
			if s.ExclusiveMax {
				l += " excl"
			}
		}
		if s.Desc != "" {
			l += fmt.Sprintf(" desc=%q", s.Desc)
		}
		lines = append(lines, l)
		for _, p := range s.Properties {
			dump(prefix+name+".", p.Name, p.Schema, depth+1)
		}
		for i, v := range s.Variants {
			dump(prefix+name+".", fmt.Sprint(i), v, depth+1)
		}
		dump(prefix+name+".", "[]", s.Items, depth+1)
	}
	for _, op := range api.Operations {
		for _, p := range op.Params {
			dump(op.ID+" ", p.Name, p.Schema, 0)
		}
		if op.Body != nil {
			dump(op.ID+" ", "body", op.Body.Schema, 0)
		}
	}
	for _, ty := range api.Types {
		dump("type ", ty.Name, ty, 1)
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}
