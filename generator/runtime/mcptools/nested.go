package mcptools

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
)

// nestedRules checks what is inside object arguments (and inside the items
// of arrays of objects) against the tool's self-contained input schema:
// field names, required fields, JSON types, enum values and item limits.
// Decoding into Go types alone would drop a misspelt field without a word,
// and a tool listed with its compact schema (see [Tool.Compact]) shows
// agents no fields at all, so these checks are what tells them.
type nestedRules struct {
	// schemas maps each argument that has fields to its schema.
	schemas map[string]map[string]any
	// names are the keys of schemas, sorted (checked in name order).
	names []string
	// hidden are the schema paths of fields that are accepted but not
	// listed ("links[].tagId", "data.tagId"; deprecated fields).
	hidden []string
	// fieldsOf names, per argument, the tool whose arguments its fields
	// are, for messages.
	fieldsOf map[string]string
}

// propertySchemas returns, from a tool's input schema, the schema of each
// argument. The schema was produced by json.Marshal at generation time,
// so it always decodes; were it ever not to, arguments would go unchecked
// and the API would judge them.
func propertySchemas(input string) map[string]map[string]any {
	var schema struct {
		Properties map[string]map[string]any `json:"properties"`
	}
	if input == "" || json.Unmarshal([]byte(input), &schema) != nil {
		return nil
	}
	return schema.Properties
}

// fieldSchemas returns, of props, the schema of every argument that has
// fields: an object with properties, or an array whose items (at any
// depth) are one.
func fieldSchemas(props map[string]map[string]any) map[string]map[string]any {
	out := map[string]map[string]any{}
	for name, s := range props {
		inner := s
		for {
			items, ok := inner["items"].(map[string]any)
			if !ok {
				break
			}
			inner = items
		}
		if fields, _ := inner["properties"].(map[string]any); len(fields) > 0 {
			out[name] = s
		}
	}
	return out
}

// check validates the fields of every given argument that has them.
func (r *nestedRules) check(args map[string]any) error {
	for _, name := range r.names {
		v, ok := args[name]
		if !ok || v == nil {
			continue
		}
		if want, _ := r.schemas[name]["type"].(string); !isJSONType(v, want) {
			return &argError{fmt.Sprintf("argument %q: expected %s, got %s", name, article(want), jsonText(v))}
		}
		if msg := r.value(v, r.schemas[name], name, name); msg != "" {
			if tool := r.fieldsOf[name]; tool != "" {
				msg += " (the fields are " + tool + "'s arguments)"
			}
			return &argError{msg}
		}
	}
	return nil
}

// value checks v against schema; path names v for messages ("links[2].url")
// and schemaPath spells it as hidden does ("links[].url"). It returns ""
// when v is valid.
func (r *nestedRules) value(v any, schema map[string]any, path, schemaPath string) string {
	if v == nil {
		return ""
	}
	want, _ := schema["type"].(string)
	if !isJSONType(v, want) {
		return fmt.Sprintf("%s: expected %s, got %s", path, article(want), jsonText(v))
	}
	if vals, ok := schema["enum"].([]any); ok && !slices.Contains(vals, v) {
		var allowed []string
		for _, a := range vals {
			allowed = append(allowed, fmt.Sprint(a))
		}
		return fmt.Sprintf("%s cannot be %s; allowed values: %s", path, jsonText(v), strings.Join(allowed, ", "))
	}
	switch x := v.(type) {
	case []any:
		if max, ok := schema["maxItems"].(float64); ok && float64(len(x)) > max {
			return fmt.Sprintf("%s: %d items, at most %d", path, len(x), int(max))
		}
		items, _ := schema["items"].(map[string]any)
		for i, e := range x {
			if msg := r.value(e, items, fmt.Sprintf("%s[%d]", path, i), schemaPath+"[]"); msg != "" {
				return msg
			}
		}
	case map[string]any:
		props, ok := schema["properties"].(map[string]any)
		if !ok {
			return "" // a free-form object (e.g. metadata, geo)
		}
		var unknown []string
		for _, k := range slices.Sorted(maps.Keys(x)) {
			if _, known := props[k]; !known && !slices.Contains(r.hidden, schemaPath+"."+k) {
				unknown = append(unknown, fmt.Sprintf("%q", k))
			}
		}
		if len(unknown) > 0 {
			plural := ""
			if len(unknown) > 1 {
				plural = "s"
			}
			return fmt.Sprintf("%s: unknown field%s %s; valid fields: %s", path, plural, strings.Join(unknown, ", "), strings.Join(slices.Sorted(maps.Keys(props)), ", "))
		}
		required, _ := schema["required"].([]any)
		for _, req := range required {
			if k, _ := req.(string); !given(x, k) {
				return fmt.Sprintf("%s: missing required field %q", path, k)
			}
		}
		for _, k := range slices.Sorted(maps.Keys(props)) {
			sub, _ := props[k].(map[string]any)
			if msg := r.value(x[k], sub, path+"."+k, schemaPath+"."+k); msg != "" {
				return msg
			}
		}
	}
	return ""
}

// isJSONType reports whether v, as decoded from JSON, is of JSON Schema
// type want ("" accepts anything).
func isJSONType(v any, want string) bool {
	switch want {
	case "":
		return true
	case "string":
		_, ok := v.(string)
		return ok
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "number", "integer":
		f, ok := number(v)
		return ok && (want == "number" || f == math.Trunc(f))
	case "array":
		_, ok := v.([]any)
		return ok
	case "object":
		_, ok := v.(map[string]any)
		return ok
	}
	return true
}

// number converts the numeric types arguments arrive as.
func number(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case float32:
		return float64(n), true
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	case json.Number:
		f, err := n.Float64()
		return f, err == nil
	}
	return 0, false
}

// article names a JSON type with its article: "an array", "a string".
func article(t string) string {
	switch t {
	case "array", "object", "integer":
		return "an " + t
	}
	return "a " + t
}
