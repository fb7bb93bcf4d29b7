package surface

import (
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"github.com/dubgen/dubgen/generator/model"
	"github.com/dubgen/dubgen/generator/runtime/mcptools"
)

// Limit is every constraint the spec puts on one input value, as the
// runtime checks it before a request leaves (see mcptools.Limit).
type Limit = mcptools.Limit

// LimitCount is the number of constraints in l, as the spec counts
// keywords (a bound with its exclusive flag is one).
func LimitCount(l Limit) int {
	n := 0
	for _, set := range []bool{l.HasMin, l.HasMax, l.MinLength > 0, l.MaxLength > 0, l.MinItems > 0, l.MaxItems > 0, l.Pattern != "", l.Format != "", len(l.Enum) > 0, len(l.Required) > 0} {
		if set {
			n++
		}
	}
	return n
}

// checkedFormats are the formats the runtime checks.
var checkedFormats = map[string]bool{"email": true, "uri": true, "url": true, "date-time": true, "date": true}

// limitOf is the limit of s alone (not of its items or fields).
func limitOf(s *model.Schema) Limit {
	var l Limit
	switch s.Kind {
	case model.KindString:
		l.MinLength, l.MaxLength = intOf(s.MinLength), intOf(s.MaxLength)
		l.Pattern = s.Pattern
		if checkedFormats[s.Format] {
			l.Format = s.Format
		}
		for _, v := range s.Enum {
			if str, ok := v.(string); ok {
				l.Enum = append(l.Enum, str)
			}
		}
	case model.KindInteger, model.KindNumber:
		if s.Minimum != nil {
			l.Min, l.HasMin, l.ExclusiveMin = *s.Minimum, true, s.ExclusiveMin
		}
		if s.Maximum != nil {
			l.Max, l.HasMax, l.ExclusiveMax = *s.Maximum, true, s.ExclusiveMax
		}
	case model.KindArray, model.KindOneOrMany:
		l.MinItems, l.MaxItems = intOf(s.MinItems), intOf(s.MaxItems)
	case model.KindObject:
		for _, p := range s.Properties {
			if p.Required && !p.Schema.ReadOnly {
				l.Required = append(l.Required, p.Name)
			}
		}
	}
	return l
}

// collectLimits records, under path and the paths below it ("links[]",
// "links[].testVariants[].percentage"), the limits of s and of
// everything in it. Read-only fields are skipped (they are never sent);
// a union records only what all its alternatives agree on, since a value
// may match any of them. Recursive schemas stop where they repeat.
func collectLimits(s *model.Schema, path string, out map[string]Limit, stack []*model.Schema) {
	if s == nil || slices.Contains(stack, s) {
		return
	}
	stack = append(stack, s)
	if l := limitOf(s); LimitCount(l) > 0 {
		out[path] = merge(out[path], l)
	}
	switch s.Kind {
	case model.KindArray:
		collectLimits(s.Items, path+"[]", out, stack)
	case model.KindOneOrMany:
		// One value or a list of them: the value's limits hold for both.
		collectLimits(s.Items, path+"[]", out, stack)
		if l := limitOf(s.Items); LimitCount(l) > 0 && s.Items.Kind != model.KindArray {
			out[path] = merge(out[path], l)
		}
	case model.KindObject:
		for _, p := range s.Properties {
			if !p.Schema.ReadOnly {
				collectLimits(p.Schema, path+"."+p.Name, out, stack)
			}
		}
	case model.KindUnion:
		var each []map[string]Limit
		for _, v := range s.Variants {
			m := map[string]Limit{}
			collectLimits(v, path, m, stack)
			each = append(each, m)
		}
		for k, l := range agreed(each) {
			out[k] = merge(out[k], l)
		}
	}
}

// agreed keeps the limits that every alternative that has the path gives
// alike.
func agreed(each []map[string]Limit) map[string]Limit {
	out := map[string]Limit{}
	if len(each) == 0 {
		return out
	}
	keys := map[string]bool{}
	for _, m := range each {
		for k := range m {
			keys[k] = true
		}
	}
	for _, k := range slices.Sorted(maps.Keys(keys)) {
		var first *Limit
		same := true
		for _, m := range each {
			l, ok := m[k]
			if !ok {
				continue
			}
			if first == nil {
				first = &l
			} else if !reflect.DeepEqual(l, *first) {
				same = false
			}
		}
		if same && first != nil {
			out[k] = *first
		}
	}
	return out
}

// merge combines the limits found for one path: set facets of b fill the
// unset ones of a.
func merge(a, b Limit) Limit {
	if !a.HasMin && b.HasMin {
		a.Min, a.HasMin, a.ExclusiveMin = b.Min, true, b.ExclusiveMin
	}
	if !a.HasMax && b.HasMax {
		a.Max, a.HasMax, a.ExclusiveMax = b.Max, true, b.ExclusiveMax
	}
	for _, f := range []struct{ dst, src *int }{{&a.MinLength, &b.MinLength}, {&a.MaxLength, &b.MaxLength}, {&a.MinItems, &b.MinItems}, {&a.MaxItems, &b.MaxItems}} {
		if *f.dst == 0 {
			*f.dst = *f.src
		}
	}
	if a.Pattern == "" {
		a.Pattern = b.Pattern
	}
	if a.Format == "" {
		a.Format = b.Format
	}
	if a.Enum == nil {
		a.Enum = b.Enum
	}
	if a.Required == nil {
		a.Required = b.Required
	}
	return a
}

// underArg reports whether limit path k is argument name or below it,
// and returns the rest of the path.
func underArg(k, name string) (string, bool) {
	rest, ok := strings.CutPrefix(k, name)
	return rest, ok && (rest == "" || strings.HasPrefix(rest, ".") || strings.HasPrefix(rest, "[]"))
}

// renameLimits moves the limits of argument from (and below it) to to.
func renameLimits(limits map[string]Limit, from, to string) {
	for _, k := range slices.Sorted(maps.Keys(limits)) {
		if rest, ok := underArg(k, from); ok {
			l := limits[k]
			delete(limits, k)
			limits[to+rest] = l
		}
	}
}

// dropLimits removes the limits of argument name and below it.
func dropLimits(limits map[string]Limit, name string) {
	for k := range limits {
		if _, ok := underArg(k, name); ok {
			delete(limits, k)
		}
	}
}

// intOf is *p, or 0 for nil.
func intOf(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

// maxListedPattern is the longest pattern listed; longer ones (Dub's
// email pattern) are checked but not listed, their format says enough.
// Patterns RE2 cannot compile (lookarounds) are not listed either: a
// client validating arguments with Go's regexp would fail on them.
const maxListedPattern = 40

// Limits no agent would reach by accident are checked but not listed, to
// spare every listing their bytes: string lengths above maxListedLength
// (URLs of 32,000 characters) and bounds at or beyond maxListedBound
// (JavaScript's largest safe integer, which zod writes for any integer).
const (
	maxListedLength = 1000
	maxListedBound  = 1<<53 - 1
)

// listStringLimits lists a string's length limits and short pattern (the
// runtime checks them all; see Limit).
func listStringLimits(out *Schema, s *model.Schema) {
	if s.MinLength != nil && *s.MinLength > 1 { // "not empty" goes without saying
		out.MinLength = clonePtr(s.MinLength)
	}
	if s.MaxLength != nil && *s.MaxLength <= maxListedLength {
		out.MaxLength = clonePtr(s.MaxLength)
	}
	if len(s.Pattern) <= maxListedPattern && portablePattern(s.Pattern) {
		out.Pattern = s.Pattern
	}
}

// listBounds lists a number's bounds, exclusive ones in the JSON Schema
// 2020-12 form ("exclusiveMinimum": 0).
func listBounds(out *Schema, s *model.Schema) {
	if s.Minimum != nil && *s.Minimum > -maxListedBound {
		if s.ExclusiveMin {
			out.ExclusiveMinimum = clonePtr(s.Minimum)
		} else {
			out.Minimum = clonePtr(s.Minimum)
		}
	}
	if s.Maximum != nil && *s.Maximum < maxListedBound {
		if s.ExclusiveMax {
			out.ExclusiveMaximum = clonePtr(s.Maximum)
		} else {
			out.Maximum = clonePtr(s.Maximum)
		}
	}
}

// portablePattern reports whether every common validator compiles p:
// RE2 syntax, which JavaScript's and Python's engines also accept.
func portablePattern(p string) bool {
	_, err := regexp.Compile(p)
	return err == nil
}

// pruneListed drops from the limits the enums and required fields the
// tool's input schema shows: the runtime checks those from the schema
// already.
func pruneListed(t *Tool) {
	for path, l := range t.Rules.Limits {
		s := schemaAt(t.Input, path)
		if s == nil {
			continue
		}
		if len(s.Enum) > 0 {
			l.Enum = nil
		}
		if s.Properties != nil {
			l.Required = nil
		}
		if LimitCount(l) == 0 {
			delete(t.Rules.Limits, path)
		} else {
			t.Rules.Limits[path] = l
		}
	}
}

// schemaAt is the schema at a limit path ("links[].testVariants"), or
// nil where the schema does not show one.
func schemaAt(s *Schema, path string) *Schema {
	for path != "" && s != nil {
		if rest, ok := strings.CutPrefix(path, "[]"); ok {
			s, path = s.Items, rest
			continue
		}
		path = strings.TrimPrefix(path, ".")
		name := path
		if i := strings.IndexAny(path, ".["); i >= 0 {
			name, path = path[:i], path[i:]
		} else {
			path = ""
		}
		s = s.Property(name)
	}
	return s
}
