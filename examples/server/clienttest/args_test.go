package clienttest

import (
	"maps"
	"math"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"unicode/utf8"
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
// enums, defaults, bounds (exclusive ones too), lengths, patterns and item
// counts, and for plain strings a value that suits the property's name (a
// URL for "url", a date for "...At") or, failing the pattern, a short
// string that matches it. An optional list of objects the schema shows
// no fields of is left out: nothing tells an agent what its items hold.
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
		for _, k := range slices.Sorted(maps.Keys(props)) {
			ps, _ := props[k].(map[string]any)
			if slices.Contains(req, k) || mode == everything && depth < 4 && !opaqueList(ps) {
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
		if m, ok := s["exclusiveMinimum"].(float64); ok && v <= m {
			v = math.Floor(m) + 1
		}
		if m, ok := s["maximum"].(float64); ok && v > m {
			v = m
		}
		if m, ok := s["exclusiveMaximum"].(float64); ok && v >= m {
			v = math.Ceil(m) - 1
		}
		return v
	case "boolean":
		return true
	case "string":
		return fitString(s, stringFor(s, name))
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

// opaqueList reports whether s is an array of objects whose fields the
// schema does not show.
func opaqueList(s map[string]any) bool {
	items, _ := s["items"].(map[string]any)
	_, hasProps := items["properties"]
	_, hasAdditional := items["additionalProperties"]
	return s["type"] == "array" && items["type"] == "object" && !hasProps && !hasAdditional
}

// fitString makes v fit the schema's pattern (a short match when v does
// not), then its length limits.
func fitString(s map[string]any, v string) string {
	if p, ok := s["pattern"].(string); ok {
		if re, err := regexp.Compile(p); err == nil && !re.MatchString(v) {
			if m, ok := shortMatch(p); ok {
				v = m
			}
		}
	}
	if m, ok := s["minLength"].(float64); ok && utf8.RuneCountInString(v) < int(m) {
		v += strings.Repeat("x", int(m)-utf8.RuneCountInString(v))
	}
	if m, ok := s["maxLength"].(float64); ok && utf8.RuneCountInString(v) > int(m) {
		v = string([]rune(v)[:int(m)])
	}
	return v
}

// shortMatch builds a short string that matches the RE2 pattern p: one
// round of every repetition (so ".*\\.link$" gives "a.link"), the first
// alternative, the first character of every class.
func shortMatch(p string) (string, bool) {
	re, err := syntax.Parse(p, syntax.Perl)
	if err != nil {
		return "", false
	}
	var b strings.Builder
	var gen func(r *syntax.Regexp)
	gen = func(r *syntax.Regexp) {
		switch r.Op {
		case syntax.OpLiteral:
			b.WriteString(string(r.Rune))
		case syntax.OpCharClass:
			if len(r.Rune) > 0 {
				b.WriteRune(r.Rune[0])
			}
		case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
			b.WriteByte('a')
		case syntax.OpCapture, syntax.OpStar, syntax.OpPlus, syntax.OpQuest:
			gen(r.Sub[0])
		case syntax.OpRepeat:
			for range max(r.Min, 1) {
				gen(r.Sub[0])
			}
		case syntax.OpConcat, syntax.OpAlternate:
			for _, sub := range r.Sub {
				gen(sub)
				if r.Op == syntax.OpAlternate {
					break
				}
			}
		}
	}
	gen(re)
	out := b.String()
	ok, _ := regexp.MatchString(p, out)
	return out, ok
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
