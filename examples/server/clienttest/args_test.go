package clienttest

import (
	"slices"
	"strings"
)

// fillMode says which properties sampleArgs fills.
type fillMode int

const (
	// requiredOnly fills required properties.
	requiredOnly fillMode = iota
	// everything fills every property, nested ones included.
	everything
)

// sampleArgs returns arguments valid for a tool's JSON input schema, the
// way an agent would fill them from what tools/list shows it: the schema's
// enums, defaults, bounds and item counts, and for plain strings a value
// that suits the property's name (a URL for "url", a date for "...At").
func sampleArgs(schema map[string]any, mode fillMode) map[string]any {
	v, _ := fill(schema, "", mode, 0).(map[string]any)
	if v == nil {
		v = map[string]any{}
	}
	return v
}

func fill(s map[string]any, name string, mode fillMode, depth int) any {
	if e, ok := s["enum"].([]any); ok && len(e) > 0 {
		return e[0]
	}
	if d, ok := s["default"]; ok && d != nil {
		return d
	}
	for _, k := range []string{"anyOf", "oneOf"} {
		if alts, ok := s[k].([]any); ok && len(alts) > 0 {
			if a, ok := alts[0].(map[string]any); ok {
				return fill(a, name, mode, depth)
			}
		}
	}
	typ, _ := s["type"].(string)
	if ts, ok := s["type"].([]any); ok && len(ts) > 0 {
		typ, _ = ts[0].(string)
	}
	if typ == "" {
		if _, ok := s["properties"]; ok {
			typ = "object"
		}
	}
	switch typ {
	case "object":
		out := map[string]any{}
		props, _ := s["properties"].(map[string]any)
		req := strSlice(s["required"])
		for _, k := range sortedKeys(props) {
			if mode == everything && depth < 4 || slices.Contains(req, k) {
				ps, _ := props[k].(map[string]any)
				out[k] = fill(ps, k, mode, depth+1)
			}
		}
		return out
	case "array":
		n := 1
		if m, ok := s["minItems"].(float64); ok && int(m) > n {
			n = int(m)
		}
		if m, ok := s["maxItems"].(float64); ok && int(m) < n {
			n = int(m)
		}
		items, _ := s["items"].(map[string]any)
		out := make([]any, n)
		for i := range out {
			out[i] = fill(items, singular(name), mode, depth+1)
		}
		return out
	case "integer", "number":
		v := 1.0
		if m, ok := s["minimum"].(float64); ok && v < m {
			v = m
		}
		if m, ok := s["maximum"].(float64); ok && v > m {
			v = m
		}
		return v
	case "boolean":
		return true
	case "string":
		return stringFor(s, name)
	default:
		return "abc123"
	}
}

// stringFor picks a string by format, then by the property's name.
func stringFor(s map[string]any, name string) string {
	switch s["format"] {
	case "date-time":
		return "2026-01-02T03:04:05.000Z"
	case "date":
		return "2026-01-02"
	case "email":
		return "agent@example.com"
	case "uri", "url":
		return "https://example.com/a"
	}
	n := strings.ToLower(name)
	switch {
	case strings.Contains(n, "email"):
		return "agent@example.com"
	case strings.HasSuffix(n, "url") || n == "image" || n == "video" || n == "ios" || n == "android" ||
		n == "logo" || n == "avatar" || n == "customeravatar" || n == "deeplink" || n == "refererurl":
		return "https://example.com/a"
	case strings.HasSuffix(name, "At") || strings.HasSuffix(n, "date") || n == "start" || n == "end":
		return "2026-01-02T03:04:05.000Z"
	case n == "domain" || n == "slug" || n == "domains":
		return "example.com"
	case n == "currency":
		return "usd"
	case n == "country":
		return "US"
	case n == "color" || n == "bgcolor" || n == "fgcolor":
		return "#000000"
	case n == "timezone":
		return "America/New_York"
	}
	return "abc123"
}

func singular(name string) string { return strings.TrimSuffix(name, "s") }

func strSlice(v any) []string {
	a, _ := v.([]any)
	out := make([]string, 0, len(a))
	for _, x := range a {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
