package specvariant

import "strings"

// To31 rewrites an OpenAPI 3.0 document in place as the same API in
// OpenAPI 3.1, the way a 3.1 generator (zod-openapi 5 among them) writes
// it:
//
//   - "openapi" becomes 3.1.0;
//   - nullable: true becomes "null" in a type array (["string", "null"]),
//     or, on a schema without a type (a reference wrapper, a union), an
//     anyOf alternative {"type": "null"};
//   - exclusiveMinimum/exclusiveMaximum: true plus minimum/maximum become
//     the numeric bound alone;
//   - example becomes examples: [example];
//   - a one-value enum becomes const;
//   - allOf: [{$ref}] that only wraps a reference to attach a description,
//     default or deprecated becomes the $ref with those keywords as
//     siblings.
func To31(d Doc) {
	d["openapi"] = "3.1.0"
	Schemas(d, func(s map[string]any) {
		refSiblings(s)
		exclusiveBounds(s)
		if ex, ok := s["example"]; ok {
			delete(s, "example")
			s["examples"] = []any{ex}
		}
		if enum := asList(s["enum"]); len(enum) == 1 && enum[0] != nil {
			delete(s, "enum")
			s["const"] = enum[0]
		}
		nullable(s)
	})
}

// refSiblings turns allOf: [{$ref}] with sibling keywords into $ref with
// siblings.
func refSiblings(s map[string]any) {
	all := asList(s["allOf"])
	if len(all) != 1 || len(asMap(s["properties"])) > 0 {
		return
	}
	ref, ok := asMap(all[0])["$ref"].(string)
	if !ok || len(asMap(all[0])) != 1 {
		return
	}
	delete(s, "allOf")
	s["$ref"] = ref
}

func exclusiveBounds(s map[string]any) {
	for _, b := range [][2]string{{"exclusiveMinimum", "minimum"}, {"exclusiveMaximum", "maximum"}} {
		switch v := s[b[0]].(type) {
		case bool:
			if v {
				if n, ok := s[b[1]]; ok {
					s[b[0]] = n
					delete(s, b[1])
					continue
				}
			}
			delete(s, b[0])
		}
	}
}

// nullable moves nullable: true into the type (or an anyOf null branch).
func nullable(s map[string]any) {
	n, isBool := s["nullable"].(bool)
	if !isBool {
		return // absent, or not a boolean: left as written, for the parser to report
	}
	delete(s, "nullable")
	if !n {
		return
	}
	if t, ok := s["type"].(string); ok {
		s["type"] = []any{t, "null"}
		if enum := asList(s["enum"]); len(enum) > 0 && !contains(enum, nil) {
			s["enum"] = append(enum, nil)
		}
		return
	}
	null := map[string]any{"type": "null"}
	for _, k := range []string{"anyOf", "oneOf"} {
		if alts := asList(s[k]); len(alts) > 0 {
			s[k] = append(alts, null)
			return
		}
	}
	// A $ref (with siblings) or an allOf: wrap what makes the value.
	inner := map[string]any{}
	for _, k := range []string{"$ref", "allOf", "properties", "required", "additionalProperties", "items"} {
		if v, ok := s[k]; ok {
			inner[k] = v
			delete(s, k)
		}
	}
	if len(inner) == 0 {
		return // no type, no shape: any value, null included
	}
	s["anyOf"] = []any{inner, null}
}

func contains(l []any, v any) bool {
	for _, e := range l {
		if e == v {
			return true
		}
	}
	return false
}

// Version returns a document's "openapi" field, or "" when it is absent or
// not a string (not a version this package can rewrite from).
func Version(d Doc) string {
	if v, isStr := d["openapi"].(string); isStr {
		return v
	}
	return ""
}

// Is31 reports whether the document declares OpenAPI 3.1 or later.
func Is31(d Doc) bool {
	v := Version(d)
	return strings.HasPrefix(v, "3.1") || strings.HasPrefix(v, "3.2")
}
