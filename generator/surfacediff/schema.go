package surfacediff

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/dubgen/dubgen/generator/surface"
)

// node is the shape of one property of a flattened schema.
type node struct {
	typ      string
	enum     []string
	required bool
	desc     string
	// Facets, as JSON ("" when absent).
	format, def, maxItems string
	// limits are the other listed constraints, by keyword.
	limits map[string]string
}

// limitKeywords are the constraints a change of which is KindLimit.
var limitKeywords = []string{"exclusiveMaximum", "exclusiveMinimum", "maxLength", "maximum", "minItems", "minLength", "minimum", "pattern"}

// flatten maps every property path of a schema to its shape. Paths join
// property names with "." and mark array elements with "[]" and the
// values of a map (additionalProperties) with "{}": "url", "testVariants",
// "testVariants[]", "testVariants[].url", "geo{}".
func flatten(s *surface.Schema) map[string]node {
	out := map[string]node{}
	var walk func(s *surface.Schema, path string)
	walk = func(s *surface.Schema, path string) {
		for name, p := range s.Properties {
			if p == nil {
				continue
			}
			child := name
			if path != "" {
				child = path + "." + name
			}
			out[child] = shape(p, slices.Contains(s.Required, name))
			walk(p, child)
		}
		if s.Items != nil {
			out[path+"[]"] = shape(s.Items, false)
			walk(s.Items, path+"[]")
		}
		if s.AdditionalProperties != nil {
			out[path+"{}"] = shape(s.AdditionalProperties, false)
			walk(s.AdditionalProperties, path+"{}")
		}
	}
	if s != nil {
		walk(s, "")
	}
	return out
}

func shape(p *surface.Schema, required bool) node {
	n := node{typ: typeOf(p), enum: stringList(p.Enum), required: required, desc: p.Description, def: facet(p.Default)}
	if p.Format != "" {
		n.format = facet(p.Format)
	}
	if p.MaxItems != nil {
		n.maxItems = facet(*p.MaxItems)
	}
	n.limits = map[string]string{}
	for k, v := range map[string]any{"exclusiveMaximum": p.ExclusiveMaximum, "exclusiveMinimum": p.ExclusiveMinimum,
		"maxLength": p.MaxLength, "maximum": p.Maximum, "minItems": p.MinItems, "minLength": p.MinLength, "minimum": p.Minimum} {
		if !reflect.ValueOf(v).IsNil() {
			n.limits[k] = facet(v)
		}
	}
	if p.Pattern != "" {
		n.limits["pattern"] = facet(p.Pattern)
	}
	return n
}

// facet renders a schema keyword's value as compact JSON, "" when absent.
func facet(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// typeOf names a schema's type: its "type", the sorted set of its
// alternatives' types ("array|string"), or "any".
func typeOf(p *surface.Schema) string {
	if p.Type != "" {
		return p.Type
	}
	if p.AnyOf == nil {
		return "any"
	}
	var types []string
	for _, a := range p.AnyOf {
		if a == nil {
			continue
		}
		if t := typeOf(a); !slices.Contains(types, t) {
			types = append(types, t)
		}
	}
	sort.Strings(types)
	return strings.Join(types, "|")
}

// stringList reads enum values as strings; a null among them marks
// nullability and is not a value.
func stringList(vals []any) []string {
	var out []string
	for _, e := range vals {
		if e != nil {
			out = append(out, fmt.Sprint(e))
		}
	}
	return out
}

// parent is the path of the property or array holding path ("" for the
// top level).
func parent(path string) string {
	for _, elem := range []string{"[]", "{}"} {
		if p, ok := strings.CutSuffix(path, elem); ok {
			return p
		}
	}
	if i := strings.LastIndex(path, "."); i >= 0 {
		return path[:i]
	}
	return ""
}

// covered reports whether a change at path is already told by its
// parent: the parent is on one side only, or changed type.
func covered(path string, o, n map[string]node) bool {
	if strings.HasSuffix(path, "[]") || strings.HasSuffix(path, "{}") {
		return true // the array's or map's own type change covers its elements
	}
	p := parent(path)
	if p == "" {
		return false
	}
	op, inOld := o[p]
	np, inNew := n[p]
	return !inOld || !inNew || op.typ != np.typ
}

// compareInputs diffs the input schemas of two versions of a tool.
func compareInputs(ot, nt *surface.Tool) []Change {
	o, n := flatten(ot.Input), flatten(nt.Input)
	var cs []Change
	for _, path := range slices.Sorted(maps.Keys(o)) {
		on := o[path]
		nn, ok := n[path]
		switch {
		case !ok && covered(path, o, n):
		case !ok && parent(path) == "" && slices.Contains(nt.Hidden, path):
			cs = append(cs, Change{Kind: KindInputHidden, Path: path, Old: on.typ,
				Detail: fmt.Sprintf("input `%s` hidden by the overlay (still accepted)", path)})
		case !ok && slices.Contains(nt.Hidden, path):
			cs = append(cs, Change{Kind: KindInputHidden, Path: path, Old: on.typ,
				Detail: fmt.Sprintf("input `%s` deprecated and hidden (still accepted)", path)})
		case !ok:
			cs = append(cs, Change{Kind: KindInputRemoved, Path: path, Old: on.typ, Breaking: true,
				Detail: fmt.Sprintf("input `%s` removed (was %s)", path, on.typ)})
		default:
			cs = append(cs, compareInput(path, on, nn)...)
		}
	}
	for _, path := range slices.Sorted(maps.Keys(n)) {
		nn := n[path]
		if _, ok := o[path]; ok || covered(path, o, n) {
			continue
		}
		c := Change{Kind: KindInputAdded, Path: path, New: nn.typ,
			Detail: fmt.Sprintf("input `%s` added (%s, optional)", path, nn.typ)}
		if nn.required {
			c.Breaking = true
			c.Detail = fmt.Sprintf("input `%s` added (%s, required)", path, nn.typ)
		}
		cs = append(cs, c)
	}
	sortChanges(cs)
	return cs
}

// compareInput diffs one input property present on both sides.
func compareInput(path string, on, nn node) []Change {
	var cs []Change
	element := strings.HasSuffix(path, "[]")
	if !element && on.required != nn.required {
		if nn.required {
			cs = append(cs, Change{Kind: KindRequired, Path: path, Breaking: true,
				Detail: fmt.Sprintf("input `%s` became required", path)})
		} else {
			cs = append(cs, Change{Kind: KindOptional, Path: path,
				Detail: fmt.Sprintf("input `%s` became optional", path)})
		}
	}
	if on.typ != nn.typ {
		return append(cs, Change{Kind: KindType, Path: path, Old: on.typ, New: nn.typ, Breaking: true,
			Detail: fmt.Sprintf("input `%s` type %s → %s", path, on.typ, nn.typ)})
	}
	added, removed := setDiff(nn.enum, on.enum), setDiff(on.enum, nn.enum)
	switch {
	case len(on.enum) == 0 && len(nn.enum) > 0:
		cs = append(cs, Change{Kind: KindEnumLimited, Path: path, Values: nn.enum, Breaking: true,
			Detail: fmt.Sprintf("input `%s` is now limited to %s", path, codeList(nn.enum))})
	case len(on.enum) > 0 && len(nn.enum) == 0:
		cs = append(cs, Change{Kind: KindEnumLifted, Path: path, Values: on.enum,
			Detail: fmt.Sprintf("input `%s` is no longer limited to %s", path, codeList(on.enum))})
	default:
		if len(added) > 0 {
			cs = append(cs, Change{Kind: KindEnumAdded, Path: path, Values: added,
				Detail: fmt.Sprintf("input `%s` accepts new values %s", path, codeList(added))})
		}
		if len(removed) > 0 {
			cs = append(cs, Change{Kind: KindEnumRemoved, Path: path, Values: removed, Breaking: true,
				Detail: fmt.Sprintf("input `%s` no longer accepts %s", path, codeList(removed))})
		}
	}
	for _, f := range []struct {
		kind     Kind
		name     string
		old, new string
	}{
		{KindFormat, "format", on.format, nn.format},
		{KindDefault, "default", on.def, nn.def},
		{KindMaxItems, "maxItems", on.maxItems, nn.maxItems},
	} {
		if f.old != f.new {
			cs = append(cs, Change{Kind: f.kind, Path: path, Old: f.old, New: f.new,
				Detail: fmt.Sprintf("input `%s` %s %s → %s", path, f.name, orNone(f.old), orNone(f.new))})
		}
	}
	for _, k := range limitKeywords {
		if o, n := on.limits[k], nn.limits[k]; o != n {
			cs = append(cs, Change{Kind: KindLimit, Path: path, Old: o, New: n,
				Detail: fmt.Sprintf("input `%s` %s %s → %s", path, k, orNone(o), orNone(n))})
		}
	}
	return cs
}

// orNone shows a facet value as a code span, or "(none)".
func orNone(v string) string {
	if v == "" {
		return "(none)"
	}
	return "`" + v + "`"
}

// compareOutputs diffs two flattened output schemas: properties added or
// removed and types changed.
func compareOutputs(o, n map[string]node) []Change {
	var cs []Change
	for _, path := range slices.Sorted(maps.Keys(o)) {
		on := o[path]
		nn, ok := n[path]
		switch {
		case !ok && covered(path, o, n):
		case !ok:
			cs = append(cs, Change{Kind: KindOutputRemoved, Path: path, Old: on.typ, Breaking: true,
				Detail: fmt.Sprintf("output `%s` removed (was %s)", path, on.typ)})
		case on.typ != nn.typ:
			c := Change{Kind: KindOutputType, Path: path, Old: on.typ, New: nn.typ, Breaking: true,
				Detail: fmt.Sprintf("output `%s` type %s → %s", path, on.typ, nn.typ)}
			if nn.typ == "any" {
				c.Detail += " (untyped, e.g. now nullable)"
			}
			cs = append(cs, c)
		}
	}
	for _, path := range slices.Sorted(maps.Keys(n)) {
		if _, ok := o[path]; ok || covered(path, o, n) {
			continue
		}
		cs = append(cs, Change{Kind: KindOutputAdded, Path: path, New: n[path].typ,
			Detail: fmt.Sprintf("output `%s` added (%s)", path, n[path].typ)})
	}
	sortChanges(cs)
	return cs
}

// sortChanges orders changes by path, then kind.
func sortChanges(cs []Change) {
	slices.SortStableFunc(cs, func(a, b Change) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Kind, b.Kind))
	})
}

// setDiff returns the elements of a not in b, in a's order.
func setDiff(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

// codeList formats values as code spans, eliding all but the first ten.
func codeList(vs []string) string {
	const show = 10
	q := make([]string, 0, min(len(vs), show))
	for _, v := range vs[:min(len(vs), show)] {
		q = append(q, "`"+v+"`")
	}
	s := strings.Join(q, ", ")
	if len(vs) > show {
		s += fmt.Sprintf(" and %d more", len(vs)-show)
	}
	return s
}
