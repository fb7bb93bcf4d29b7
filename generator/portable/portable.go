// Package portable checks that tool definitions take a shape every major
// MCP client accepts (Claude, OpenAI and Gemini differ in what JSON Schema
// they tolerate): no $schema, $ref or $defs; no top-level anyOf, oneOf or
// allOf; no type arrays; items on every array; an object at the top;
// names of at most 64 characters even with a client prefix such as
// "mcp__dub__".
package portable

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
)

// Prefix is the longest tool-name prefix clients add (Claude Code's).
const Prefix = "mcp__dub__"

// MaxName is the tool-name limit clients enforce, prefix included.
const MaxName = 64

var nameRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// CheckName returns the problems with a tool name.
func CheckName(name string) []string {
	var out []string
	if !nameRE.MatchString(name) {
		out = append(out, fmt.Sprintf("tool name %q is not snake_case ([a-z][a-z0-9_]*)", name))
	}
	if n := len(Prefix) + len(name); n > MaxName {
		out = append(out, fmt.Sprintf("tool name %q is %d characters with the %q prefix; clients allow %d", name, n, Prefix, MaxName))
	}
	return out
}

// CheckSchema returns the problems with an input or output schema (raw
// JSON). top-level combinators are only allowed in output schemas' nested
// properties, never at the top.
func CheckSchema(raw []byte) []string {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return []string{fmt.Sprintf("schema is not JSON: %v", err)}
	}
	top, ok := v.(map[string]any)
	if !ok {
		return []string{"schema is not a JSON object"}
	}
	var out []string
	if top["type"] != "object" {
		out = append(out, fmt.Sprintf("top-level type is %v, not \"object\"", top["type"]))
	}
	for _, k := range []string{"anyOf", "oneOf", "allOf"} {
		if _, bad := top[k]; bad {
			out = append(out, "top-level "+k+" is not portable")
		}
	}
	walk(v, "#", &out)
	sort.Strings(out)
	return out
}

func walk(v any, at string, out *[]string) {
	switch x := v.(type) {
	case map[string]any:
		for _, k := range []string{"$schema", "$ref", "$defs", "definitions"} {
			if _, bad := x[k]; bad {
				*out = append(*out, fmt.Sprintf("%s: %s is not portable", at, k))
			}
		}
		if t, ok := x["type"]; ok {
			if _, isList := t.([]any); isList {
				*out = append(*out, fmt.Sprintf("%s: type array %v is not portable", at, t))
			}
			if t == "array" {
				if _, ok := x["items"]; !ok {
					*out = append(*out, fmt.Sprintf("%s: array without items", at))
				}
			}
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			switch k {
			case "properties":
				if props, ok := x[k].(map[string]any); ok {
					for name, p := range props {
						walk(p, at+"/properties/"+name, out)
					}
				}
			case "enum", "default", "examples", "example", "const", "required":
				// values, not schemas
			default:
				walk(x[k], at+"/"+k, out)
			}
		}
	case []any:
		for i, e := range x {
			walk(e, fmt.Sprintf("%s/%d", at, i), out)
		}
	}
}
