// Package sample builds example JSON values that satisfy model schemas:
// enums, formats, lengths, bounds, item counts and the patterns Dub uses.
// Tests use it to call every generated method and tool with valid input
// and to answer them with valid responses.
package sample

import (
	"regexp"
	"strings"

	"github.com/dubgen/dubgen/generator/model"
)

// Mode says which properties a sample fills.
type Mode int

// Modes.
const (
	// Minimal fills only required properties.
	Minimal Mode = iota
	// Full fills every property (to a bounded depth).
	Full
)

// maxDepth bounds recursion through nested and self-referencing schemas.
const maxDepth = 6

// Value returns a JSON-compatible value (map, slice, string, float64,
// bool) valid for s.
func Value(s *model.Schema, m Mode) any { return value(s, m, 0, false) }

// Request is Value for request data: read-only properties are left out.
func Request(s *model.Schema, m Mode) any { return value(s, m, 0, true) }

// Params returns parameter values by wire name.
func Params(ps []*model.Param, m Mode) map[string]any {
	out := map[string]any{}
	for _, p := range ps {
		if p.Required || m == Full {
			out[p.Name] = value(p.Schema, m, 1, true)
		}
	}
	return out
}

func value(s *model.Schema, m Mode, depth int, request bool) any {
	if s == nil {
		return "x"
	}
	switch s.Kind {
	case model.KindString:
		return str(s)
	case model.KindInteger:
		return number(s, true)
	case model.KindNumber:
		return number(s, false)
	case model.KindBoolean:
		if b, ok := s.Default.(bool); ok {
			return b
		}
		return true
	case model.KindArray, model.KindOneOrMany:
		n := 1
		if s.MinItems != nil && *s.MinItems > n {
			n = *s.MinItems
		}
		if s.MaxItems != nil && *s.MaxItems < n {
			n = *s.MaxItems
		}
		if depth >= maxDepth {
			n = 0
		}
		out := make([]any, 0, n)
		for range n {
			out = append(out, value(s.Items, m, depth+1, request))
		}
		return out
	case model.KindMap:
		if depth >= maxDepth {
			return map[string]any{}
		}
		return map[string]any{"key": value(s.Items, m, depth+1, request)}
	case model.KindObject:
		out := map[string]any{}
		for _, p := range s.Properties {
			if request && p.Schema.ReadOnly {
				continue
			}
			if p.Required || m == Full && depth < maxDepth {
				out[p.Name] = value(p.Schema, m, depth+1, request)
			}
		}
		return out
	case model.KindUnion:
		if len(s.Variants) == 0 {
			return nil
		}
		return value(s.Variants[0], m, depth, request)
	default:
		return "x"
	}
}

func number(s *model.Schema, integer bool) any {
	v := 1.0
	if d, ok := s.Default.(float64); ok {
		v = d
	}
	if len(s.Enum) > 0 {
		if f, ok := s.Enum[0].(float64); ok {
			return f
		}
	}
	if s.Minimum != nil && v < *s.Minimum || s.Minimum != nil && s.ExclusiveMin && v <= *s.Minimum {
		v = *s.Minimum
		if s.ExclusiveMin {
			v++
		}
	}
	if s.Maximum != nil && v > *s.Maximum {
		v = *s.Maximum
		if s.ExclusiveMax {
			v--
		}
	}
	if integer {
		return float64(int64(v))
	}
	return v
}

// candidates are tried, in order, against a string schema's pattern,
// format and length limits.
var candidates = []string{
	"abc123", "example.link", "agent@example.com", "https://example.com/a",
	"data:image/png;base64,iVBORw0KGgo=", "2026-01-02T03:04:05.000Z", "2026-01-02",
}

func str(s *model.Schema) string {
	if len(s.Enum) > 0 {
		if v, ok := s.Enum[0].(string); ok {
			return v
		}
	}
	if d, ok := s.Default.(string); ok && fits(s, d) {
		return d
	}
	switch s.Format {
	case "date-time":
		return "2026-01-02T03:04:05.000Z"
	case "date":
		return "2026-01-02"
	case "email":
		return "agent@example.com"
	case "uri", "url":
		return "https://example.com/a"
	}
	for _, c := range candidates {
		if fits(s, c) {
			return c
		}
	}
	// Lengths only: pad or cut a plain word.
	v := "abc123"
	if s.MinLength != nil && len(v) < *s.MinLength {
		v += strings.Repeat("x", *s.MinLength-len(v))
	}
	if s.MaxLength != nil && len(v) > *s.MaxLength {
		v = v[:*s.MaxLength]
	}
	return v
}

func fits(s *model.Schema, v string) bool {
	if s.MinLength != nil && len(v) < *s.MinLength || s.MaxLength != nil && len(v) > *s.MaxLength {
		return false
	}
	if s.Pattern == "" {
		return true
	}
	re, err := regexp.Compile(s.Pattern)
	if err != nil {
		// Not RE2 (e.g. lookaheads): accept the candidate that looks like
		// what the pattern is about.
		return strings.Contains(s.Pattern, "@") == strings.Contains(v, "@")
	}
	return re.MatchString(v)
}
