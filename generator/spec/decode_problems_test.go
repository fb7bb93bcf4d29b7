package spec

import (
	"fmt"
	"strings"
	"testing"
)

// wrongTyped builds a small valid spec with one part replaced: op is the
// GET /links operation's JSON, item the path item's extra fields, top the
// document's extra fields.
func wrongTyped(top, item, op string) string {
	if op == "" {
		op = `"operationId": "listLinks", "parameters": [{"name": "q", "in": "query", "schema": {"type": "string"}}],
		 "requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}},
		 "responses": {"200": {"description": "ok"}}`
	}
	return fmt.Sprintf(`{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}%s,
	 "paths": {"/links": {%s"get": {%s}}},
	 "components": {"schemas": {"Link": {"type": "object", "properties": {"id": {"type": "string"}}}}}}`, top, item, op)
}

// TestParseWrongTypes: a field of the wrong JSON type is an error naming
// where it is and what it is, never a zero value taken for the field; the
// same spec with the field right parses.
func TestParseWrongTypes(t *testing.T) {
	const okResp = `"responses": {"200": {"description": "ok"}}`
	cases := []struct {
		name, spec, want string
	}{
		{"version", `{"openapi": 3, "info": {"title": "t", "version": "1"}, "paths": {}}`,
			"openapi: is a number, want a string"},
		{"document", `[{"openapi": "3.0.3"}]`, "spec wrong.json: parse: document: is an array, want an object"},
		{"paths", `{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": ["/links"]}`,
			"paths: is an array, want an object"},
		{"component schemas", `{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "components": {"schemas": []}}`,
			"components.schemas: is an array, want an object"},
		{"info", wrongTyped(`, "servers": 5`, "", ""), "servers: "},
		{"path item summary", wrongTyped("", `"summary": 5, `, ""), "paths./links.summary: is a number, want a string"},
		{"operation summary", wrongTyped("", "", `"summary": 5, `+okResp), "paths./links.get.summary: is a number, want a string"},
		{"operationId", wrongTyped("", "", `"operationId": ["a"], `+okResp), "paths./links.get.operationId: is an array, want a string"},
		{"deprecated", wrongTyped("", "", `"deprecated": "yes", `+okResp), "paths./links.get.deprecated: is a string, want a boolean"},
		{"parameters object", wrongTyped("", "", `"parameters": {}, `+okResp), "paths./links.get.parameters: is an object, want an array"},
		{"parameter required", wrongTyped("", "", `"parameters": [{"name": "id", "in": "query", "required": "yes"}], `+okResp),
			"paths./links.get.parameters.0.required: is a string, want a boolean"},
		{"parameter name", wrongTyped("", "", `"parameters": [{"name": 7, "in": "query"}], `+okResp),
			"paths./links.get.parameters.0.name: is a number, want a string"},
		{"parameter explode", wrongTyped("", "", `"parameters": [{"name": "id", "in": "query", "explode": 1}], `+okResp),
			"paths./links.get.parameters.0.explode: is a number, want a boolean"},
		{"body required", wrongTyped("", "", `"requestBody": {"required": "yes", "content": {}}, `+okResp),
			"paths./links.get.requestBody.required: is a string, want a boolean"},
		{"body description", wrongTyped("", "", `"requestBody": {"description": false, "content": {}}, `+okResp),
			"paths./links.get.requestBody.description: is a boolean, want a string"},
		{"responses array", wrongTyped("", "", `"responses": []`), "paths./links.get.responses: is an array, want an object"},
		{"response description", wrongTyped("", "", `"responses": {"200": {"description": 5}}`),
			"paths./links.get.responses.200.description: is a number, want a string"},
		{"media type", wrongTyped("", "", `"responses": {"200": {"description": "ok", "content": {"application/json": 5}}}`),
			"paths./links.get.responses.200.content.application/json: "},
		{"schema keyword", wrongTyped("", "", `"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object", "properties": {"n": {"type": "string", "maxLength": "long"}}}}}}}`),
			"paths./links.get.responses.200.content.application/json.schema.properties.n: "},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc, err := Parse("wrong.json", []byte(c.spec))
			if err == nil {
				t.Fatalf("parsed: openapi %q, paths %d", doc.OpenAPI, doc.Paths.Len())
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q\ndoes not name %q", err, c.want)
			}
		})
	}
	if _, err := Parse("right.json", []byte(wrongTyped("", `"summary": "Links", `, `"summary": "List", "deprecated": true, `+okResp))); err != nil {
		t.Errorf("right types refused: %v", err)
	}
}

// TestParseWrongTypesAll: every wrong place is named in one run, up to a
// bound.
func TestParseWrongTypesAll(t *testing.T) {
	var params []string
	for i := range maxProblems + 5 {
		params = append(params, fmt.Sprintf(`{"name": "p%d", "in": "query", "required": "yes"}`, i))
	}
	_, err := Parse("wrong.json", []byte(wrongTyped("", `"summary": 5, `, `"parameters": [`+strings.Join(params, ", ")+`], "responses": {}`)))
	if err == nil {
		t.Fatal("parsed")
	}
	msg := err.Error()
	if n := strings.Count(msg, "want a"); n != maxProblems {
		t.Errorf("%d problems listed, want %d: %s", n, maxProblems, msg)
	}
	if !strings.Contains(msg, "and 6 more") {
		t.Errorf("no count of the problems left off: %s", msg)
	}
}

// TestParseProblemsStable: problems found in objects (read in Go's map
// order) are listed the same way every run, the first in sorted order.
func TestParseProblemsStable(t *testing.T) {
	var props []string
	for i := range maxProblems + 10 {
		props = append(props, fmt.Sprintf(`"p%02d": {"type": "string", "maxLength": "long"}`, i))
	}
	schema := `{"type": "object", "properties": {` + strings.Join(props, ", ") + `}}`
	spec := wrongTyped("", "", `"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": `+schema+`}}}}`)
	var first string
	for i := range 8 {
		_, err := Parse("wrong.json", []byte(spec))
		if err == nil {
			t.Fatal("parsed")
		}
		if i == 0 {
			first = err.Error()
			continue
		}
		if err.Error() != first {
			t.Fatalf("run %d listed other problems:\n%s\nfirst run:\n%s", i, err, first)
		}
	}
	if !strings.Contains(first, "properties.p00: ") || strings.Contains(first, "properties.p29: ") {
		t.Errorf("not the first problems in order: %s", first)
	}
}

// TestParseProblemBounded: a location made of a spec author's long key,
// or an empty one, is named within a bound.
func TestParseProblemBounded(t *testing.T) {
	long := strings.Repeat("k", 10000)
	for _, key := range []string{long, ""} {
		spec := wrongTyped("", "", `"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object", "properties": {"`+key+`": {"type": "string", "maxLength": "long"}}}}}}}`)
		_, err := Parse("wrong.json", []byte(spec))
		if err == nil {
			t.Fatal("parsed")
		}
		if len(err.Error()) > maxLocation+maxProblem+100 {
			t.Errorf("error of %d bytes", len(err.Error()))
		}
		if want := "schema.properties." + key[:min(len(key), 20)]; !strings.Contains(err.Error(), want) {
			t.Errorf("error %.300q does not name %q", err, want)
		}
	}
}

// TestParseJSONErrorPlace: a document that starts as JSON and is not
// (cut short, a number out of range) is refused with the line and column,
// not with the loader's JSON-then-YAML message.
func TestParseJSONErrorPlace(t *testing.T) {
	cases := []struct{ name, spec, want string }{
		{"cut short", "{\"openapi\": \"3.0.3\",\n \"info\": {\"title\": \"t\"", "near line 2, column 23: unexpected end of JSON input"},
		{"number out of range", "{\"openapi\": \"3.0.3\", \"info\": 5,\n\n \"x-n\": 1e400}", "near line 3, column 15: json: cannot unmarshal number 1e400"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("bad.json", []byte(c.spec))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v\ndoes not name %q", err, c.want)
			}
		})
	}
}

// TestParseCountOutOfRange: a count too large for kin-openapi's uint64 is
// refused where it stands, as kin-openapi refuses it, not wrapped around.
func TestParseCountOutOfRange(t *testing.T) {
	spec := wrongTyped("", "", `"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "string", "maxLength": 1e30}}}}}`)
	_, err := Parse("big.json", []byte(spec))
	if err == nil || !strings.Contains(err.Error(), "paths./links.get.responses.200.content.application/json.schema: ") {
		t.Errorf("error %v, want one at the schema", err)
	}
}
