package spec

import (
	"testing"
)

// FuzzLoadData: whatever the bytes, loading gives a model or an error,
// never a panic. `go test` runs the seeds (constructed shapes: both
// versions, wrong types, self-containing and deeply shared schemas);
// `go test -fuzz FuzzLoadData ./generator/spec` searches further.
func FuzzLoadData(f *testing.F) {
	for _, seed := range []string{
		api30, api31,
		wrongTyped(`, "servers": 5`, `"summary": 5, `, ""),
		wrongTyped("", "", `"parameters": [null, 5, {"$ref": "#/nowhere"}], "responses": {"200": null}`),
		`{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": {"operationId": "a",
		  "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}}}}}},
		 "components": {"schemas": {"A": {"type": ["array", "null"], "items": {"$ref": "#/components/schemas/A"}},
		   "B": {"oneOf": [{"$ref": "#/components/schemas/B"}, {"type": "null"}]},
		   "C": {"allOf": [{"$ref": "#/components/schemas/C"}], "description": "loops"}}}}`,
		`{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"post": {"operationId": "a",
		  "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/S0"}}}}, "responses": {"200": {"description": "ok"}}}}},
		 "components": {"schemas": {"S0": {"type": "object", "properties": {"a": {"$ref": "#/components/schemas/S1"}, "b": {"$ref": "#/components/schemas/S1"}}},
		   "S1": {"type": "object", "properties": {"a": {"$ref": "#/components/schemas/S2"}, "b": {"$ref": "#/components/schemas/S2"}}},
		   "S2": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/S0"}}}}}`,
		"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {/a: {get: {operationId: a, responses: {'200': {description: ok}}}}}\n",
		"[1, 2]", "{", "", "null",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		api, _, err := loadData("fuzz.json", data)
		if err == nil && api == nil {
			t.Fatal("no model and no error")
		}
	})
}
