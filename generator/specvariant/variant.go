// Package specvariant builds variants of an OpenAPI document for tests and
// experiments: the same API rewritten as OpenAPI 3.1 (To31), and new shapes
// injected into an operation (see shapes.go). Documents are decoded once
// into plain JSON values (Decode) and rewritten in place; nothing here is
// tuned to a particular spec.
package specvariant

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
)

// Doc is a decoded OpenAPI document.
type Doc = map[string]any

// Read decodes the JSON document at path.
func Read(path string) (Doc, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return Decode(data)
}

// Decode decodes a JSON document, keeping numbers exact.
func Decode(data []byte) (Doc, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var d Doc
	if err := dec.Decode(&d); err != nil {
		return nil, fmt.Errorf("decode spec: %w", err)
	}
	return d, nil
}

// Encode encodes a document as indented JSON.
func Encode(d Doc) ([]byte, error) {
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode spec: %w", err)
	}
	return b, nil
}

// Write encodes d to path.
func Write(path string, d Doc) error {
	b, err := Encode(d)
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// Schemas calls fn for every schema object of the document, parents
// before children: component schemas, parameter, header, body and response
// schemas, and every schema nested in them.
func Schemas(d Doc, fn func(s map[string]any)) {
	var schema func(v any)
	schema = func(v any) {
		s, ok := v.(map[string]any)
		if !ok {
			return
		}
		fn(s)
		for _, k := range []string{"items", "additionalProperties", "not"} {
			schema(s[k])
		}
		for _, k := range slices.Sorted(maps.Keys(asMap(s["properties"]))) {
			schema(asMap(s["properties"])[k])
		}
		for _, k := range []string{"allOf", "anyOf", "oneOf"} {
			for _, m := range asList(s[k]) {
				schema(m)
			}
		}
	}
	content := func(v any) {
		for _, mt := range slices.Sorted(maps.Keys(asMap(v))) {
			schema(asMap(asMap(v)[mt])["schema"])
		}
	}
	params := func(v any) {
		for _, p := range asList(v) {
			schema(asMap(p)["schema"])
			content(asMap(p)["content"])
		}
	}
	responses := func(v any) {
		for _, code := range slices.Sorted(maps.Keys(asMap(v))) {
			r := asMap(asMap(v)[code])
			content(r["content"])
			for _, h := range slices.Sorted(maps.Keys(asMap(r["headers"]))) {
				schema(asMap(asMap(r["headers"])[h])["schema"])
			}
		}
	}
	comps := asMap(d["components"])
	for _, k := range slices.Sorted(maps.Keys(asMap(comps["schemas"]))) {
		schema(asMap(comps["schemas"])[k])
	}
	for _, k := range slices.Sorted(maps.Keys(asMap(comps["parameters"]))) {
		schema(asMap(asMap(comps["parameters"])[k])["schema"])
	}
	for _, k := range slices.Sorted(maps.Keys(asMap(comps["requestBodies"]))) {
		content(asMap(asMap(comps["requestBodies"])[k])["content"])
	}
	responses(comps["responses"])
	for _, op := range Operations(d) {
		params(op["parameters"])
		content(asMap(op["requestBody"])["content"])
		responses(op["responses"])
	}
	paths := asMap(d["paths"])
	for _, p := range slices.Sorted(maps.Keys(paths)) {
		params(asMap(paths[p])["parameters"])
	}
}

// methods are the operation keys of a path item.
var methods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// Operations returns every operation object, by path then method.
func Operations(d Doc) []map[string]any {
	var out []map[string]any
	paths := asMap(d["paths"])
	for _, p := range slices.Sorted(maps.Keys(paths)) {
		item := asMap(paths[p])
		for _, m := range methods {
			if op := asMap(item[m]); op != nil {
				out = append(out, op)
			}
		}
	}
	return out
}

// Operation returns the operation with the given operationId, or nil.
func Operation(d Doc, id string) map[string]any {
	for _, op := range Operations(d) {
		if op["operationId"] == id {
			return op
		}
	}
	return nil
}

// BodySchema returns the JSON request body schema of an operation, or nil.
func BodySchema(op map[string]any) map[string]any {
	for _, mt := range slices.Sorted(maps.Keys(asMap(asMap(op["requestBody"])["content"]))) {
		if strings.Contains(mt, "json") {
			return asMap(asMap(asMap(asMap(op["requestBody"])["content"])[mt])["schema"])
		}
	}
	return nil
}

// asMap and asList step into a part of the document the rewriters look
// for. A part that is absent, or not an object (an array), is skipped: the
// rewriters change only what has the shape they rewrite and leave the rest
// as written, for the spec parser to report.
func asMap(v any) map[string]any {
	if m, isMap := v.(map[string]any); isMap {
		return m
	}
	return nil
}

func asList(v any) []any {
	if l, isList := v.([]any); isList {
		return l
	}
	return nil
}
