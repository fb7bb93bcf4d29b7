package specvariant

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// A shape is a construct that real specs grow into, added to an
// operation's request body (or to the document) by Inject.
type shape func(d Doc, body map[string]any)

// shapes are the constructed shapes, by name.
var shapes = map[string]shape{
	// An object with one optional property per key, all of one type: how
	// zod-openapi renders a record keyed by an enum (Dub's 2024 geo
	// targeting: 250 country codes → URL).
	"wide-object": func(_ Doc, body map[string]any) {
		props := map[string]any{}
		for _, k := range codes(250) {
			props[k] = map[string]any{"type": "string", "format": "uri"}
		}
		addProp(body, "targets", map[string]any{"type": "object", "description": "Targeting per code. Each key maps to a URL.", "properties": props, "additionalProperties": false})
	},
	// A string enum with hundreds of values.
	"wide-enum": func(_ Doc, body map[string]any) {
		var vals []any
		for i := range 400 {
			vals = append(vals, fmt.Sprintf("value_%03d", i))
		}
		addProp(body, "choice", map[string]any{"type": "string", "enum": vals, "description": "One of many values."})
	},
	// Objects nested twelve levels deep.
	"deep-nesting": func(_ Doc, body map[string]any) {
		leaf := map[string]any{"type": "string", "description": "A leaf."}
		var s map[string]any = leaf
		for i := 12; i > 0; i-- {
			s = map[string]any{"type": "object", "description": "Level " + strconv.Itoa(i) + ".", "properties": map[string]any{
				"next": s, "name": map[string]any{"type": "string"}, "count": map[string]any{"type": "integer"}}}
		}
		addProp(body, "nested", s)
	},
	// A oneOf of forty objects, each told apart by a constant.
	"huge-oneof": func(_ Doc, body map[string]any) {
		var alts []any
		for i := range 40 {
			alts = append(alts, map[string]any{"type": "object", "required": []any{"kind"}, "properties": map[string]any{
				"kind":   map[string]any{"type": "string", "enum": []any{fmt.Sprintf("kind_%02d", i)}},
				"amount": map[string]any{"type": "number", "description": "The amount for this kind."},
				"note":   map[string]any{"type": "string", "maxLength": 200},
			}})
		}
		addProp(body, "variant", map[string]any{"oneOf": alts, "description": "One of forty kinds."})
	},
	// Descriptions of several kilobytes in one sentence, on a property and
	// on a new operation the overlay does not know, with many parameters.
	"long-description": func(d Doc, body map[string]any) {
		long := strings.TrimSpace(strings.Repeat("This field is described at great length, with clauses that go on and on without a full stop, ", 40)) + "."
		addProp(body, "documented", map[string]any{"type": "string", "description": long})
		var params []any
		for i := range 30 {
			params = append(params, map[string]any{"name": fmt.Sprintf("filter%02d", i), "in": "query", "description": long,
				"schema": map[string]any{"type": "string"}})
		}
		paths := asMap(d["paths"])
		paths["/constructed/long"] = map[string]any{"get": map[string]any{
			"operationId": "describeAtLength", "summary": "Describe at length.", "description": long + "\n\n" + long,
			"parameters": params,
			"responses":  map[string]any{"200": map[string]any{"description": "ok", "content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"type": "object", "properties": map[string]any{"ok": map[string]any{"type": "boolean"}}}}}}},
		}}
	},
}

// ShapeNames lists the shapes Inject knows, sorted.
func ShapeNames() []string { return slices.Sorted(maps.Keys(shapes)) }

// Inject adds the named shape to the JSON object request body of the
// operation opID ("" picks the operation whose body has the most
// properties).
func Inject(d Doc, name, opID string) error {
	sh, ok := shapes[name]
	if !ok {
		return fmt.Errorf("unknown shape %q (known: %s)", name, strings.Join(ShapeNames(), ", "))
	}
	var op map[string]any
	if opID != "" {
		if op = Operation(d, opID); op == nil {
			return fmt.Errorf("no operation %q", opID)
		}
	} else {
		op = widestBody(d)
	}
	body := objectBody(d, BodySchema(op))
	if body == nil {
		return fmt.Errorf("operation %v has no JSON object request body", op["operationId"])
	}
	sh(d, body)
	return nil
}

// widestBody is the operation whose object body has the most properties.
func widestBody(d Doc) map[string]any {
	var best map[string]any
	n := -1
	for _, op := range Operations(d) {
		if b := objectBody(d, BodySchema(op)); b != nil && len(asMap(b["properties"])) > n {
			best, n = op, len(asMap(b["properties"]))
		}
	}
	return best
}

// objectBody follows a local $ref and returns an object schema with
// properties, or nil.
func objectBody(d Doc, s map[string]any) map[string]any {
	if ref, ok := s["$ref"].(string); ok {
		name, found := strings.CutPrefix(ref, "#/components/schemas/")
		if !found {
			return nil
		}
		s = asMap(asMap(asMap(d["components"])["schemas"])[name])
	}
	if asMap(s["properties"]) == nil {
		return nil
	}
	return s
}

func addProp(body map[string]any, name string, s map[string]any) {
	asMap(body["properties"])[name] = s
}

// codes returns n distinct two-letter upper-case keys, sorted.
func codes(n int) []string {
	var out []string
	for a := 'A'; a <= 'Z' && len(out) < n; a++ {
		for b := 'A'; b <= 'Z' && len(out) < n; b++ {
			out = append(out, string([]rune{a, b}))
		}
	}
	sort.Strings(out)
	return out
}
