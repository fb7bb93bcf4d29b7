package spec

import (
	"errors"
	"fmt"
	"maps"
	"regexp/syntax"
	"slices"
	"strconv"
	"strings"

	"github.com/dlclark/regexp2"
	"github.com/getkin/kin-openapi/openapi3"

	"github.com/dubgen/dubgen/generator/model"
	"github.com/dubgen/dubgen/generator/naming"
)

const componentPrefix = "#/components/schemas/"

// hint is what the namer needs to know about where an unnamed schema was found.
type hint struct {
	// ctx is a Go-ish name for the schema built from its parents (e.g. CreateLinkBodyGeo).
	ctx string
	// prop is the property or parameter name holding it ("" for bodies, responses, items).
	prop string
	// base is the Go name of the component holding the schema ("" in operations).
	base string
	// op is the Go name of the operation whose body, response or parameter
	// holds the schema; "" inside component schemas.
	op string
	// root is where in the operation: rootBody, rootResponse or rootParam.
	root string
	// steps is the path from the root (or the component): ".name" for a
	// property, "[]" for array items, "{}" for map values, "|Label" for a
	// union variant.
	steps []string
}

// Operation roots of a hint.
const (
	rootBody     = "Body"
	rootResponse = "Response"
	rootParam    = "Param"
)

// child is the hint of a schema found under h: ctxSuffix extends the
// context name, step the path, prop names the holding property.
func (h hint) child(ctxSuffix, step, prop string) hint {
	steps := make([]string, len(h.steps), len(h.steps)+1)
	copy(steps, h.steps)
	return hint{ctx: h.ctx + ctxSuffix, prop: prop, base: h.base, op: h.op, root: h.root, steps: append(steps, step)}
}

// component returns the model schema of components.schemas[name], building
// it on first use. Its Go name is fixed before its body is converted, so
// recursive schemas terminate.
func (b *builder) component(name string) *model.Schema {
	if s, ok := b.components[name]; ok {
		return s
	}
	s := &model.Schema{Name: b.componentNames[name], Origin: "components.schemas." + name}
	if s.Name == "" {
		s.Name = componentGoName(name)
	}
	b.components[name] = s
	ref := b.doc.Components.Schemas[name]
	if ref == nil || ref.Value == nil {
		b.ds.Errorf(s.Origin, "referenced schema is missing")
		return s
	}
	body := b.convert(ref, hint{ctx: s.Name, base: s.Name}, s.Origin)
	named := s.Name
	*s = *body
	s.Name = named
	s.Origin = "components.schemas." + name
	return s
}

// nameComponents fixes the Go name of every component schema, in sorted
// order, before any is converted: two components whose names give one Go
// name (odd-thing and OddThing) get distinct names and a warning.
func (b *builder) nameComponents(names []string) {
	b.componentNames = map[string]string{}
	used := map[string]string{}
	for _, name := range names {
		b.componentNames[name] = b.uniqueGoNameAs(used, componentGoName(name), name, "components.schemas."+name, "schema")
	}
}

// componentGoName turns a component name into a Go type name, dropping a
// "Schema" word: LinkSchema gives Link, LinkTagSchemaOutput gives LinkTagOutput.
func componentGoName(name string) string {
	ws := naming.Words(name)
	var kept []string
	for _, w := range ws {
		if w != "Schema" {
			kept = append(kept, w)
		}
	}
	if len(kept) == 0 {
		kept = ws
	}
	return naming.Exported(strings.Join(kept, "_"))
}

// convert normalises one schema. origin locates it for messages.
func (b *builder) convert(ref *openapi3.SchemaRef, h hint, origin string) *model.Schema {
	if ref == nil {
		return &model.Schema{Kind: model.KindAny, Origin: origin}
	}
	if ref.Ref != "" {
		if name, ok := strings.CutPrefix(ref.Ref, componentPrefix); ok {
			return b.component(name)
		}
	}
	v := ref.Value
	if v == nil {
		b.ds.Errorf(origin, "unresolved reference %q", ref.Ref)
		return &model.Schema{Kind: model.KindAny, Origin: origin}
	}

	// allOf: a single member is a wrapper (zod-openapi uses it to attach a
	// description or nullable to a reference); several object members merge.
	if len(v.AllOf) > 0 {
		return b.decorate(b.allOf(v, h, origin), v)
	}
	if alts := append(append(openapi3.SchemaRefs{}, v.OneOf...), v.AnyOf...); len(alts) > 0 {
		return b.decorate(b.union(alts, h, origin), v)
	}

	s := &model.Schema{Origin: origin}
	b.hints[s] = h
	copyFacets(s, v)
	if s.Pattern != "" {
		// Patterns are ECMAScript (JSON Schema says so; Dub writes them
		// for JavaScript, lookarounds included), as the runtime checks them.
		if _, err := regexp2.Compile(s.Pattern, regexp2.ECMAScript); err != nil {
			b.ds.Warnf(origin, "spec defect: pattern %q is not a valid ECMAScript regular expression (%s); it is kept for clients but not checked", s.Pattern, errText(err))
		}
	}
	switch {
	case v.Type.Is("string"):
		s.Kind = model.KindString
		for _, e := range v.Enum {
			if e == nil { // null among the values: the schema is nullable
				s.Nullable = true
				continue
			}
			s.Enum = append(s.Enum, fmt.Sprint(e))
		}
	case v.Type.Is("integer"):
		s.Kind = model.KindInteger
	case v.Type.Is("number"):
		s.Kind = model.KindNumber
	case v.Type.Is("boolean"):
		s.Kind = model.KindBoolean
	case v.Type.Is("array"):
		s.Kind = model.KindArray
		if v.Items == nil {
			b.ds.Warnf(origin, "array without items; treating elements as any value")
		}
		s.Items = b.convert(v.Items, h.child("Item", "[]", ""), origin+".items")
	case v.Type.Is("object") || v.Type.IsEmpty() && len(v.Properties) > 0:
		b.object(s, v, h, origin)
	case v.Type.IsMultiple():
		b.ds.Warnf(origin, "type list %v is not supported; treating as any value", v.Type.Slice())
		s.Kind = model.KindAny
		s.Nullable = s.Nullable || v.Type.IncludesNull()
	default:
		s.Kind = model.KindAny
	}
	if s.Kind != model.KindString && len(v.Enum) > 0 {
		s.Enum = append(s.Enum, v.Enum...)
	}
	s.Default = b.coerceDefault(s.Kind, v.Default, origin)
	return s
}

// object fills s from an object schema.
func (b *builder) object(s *model.Schema, v *openapi3.Schema, h hint, origin string) {
	ap := v.AdditionalProperties
	if len(v.Properties) == 0 {
		s.Kind = model.KindMap
		if ap.Schema != nil {
			s.Items = b.convert(ap.Schema, h.child("Value", "{}", ""), origin+".additionalProperties")
		} else {
			s.Items = &model.Schema{Kind: model.KindAny}
		}
		return
	}
	s.Kind = model.KindObject
	s.AdditionalProperties = ap.Schema != nil || ap.Has != nil && *ap.Has
	required := map[string]bool{}
	for _, r := range v.Required {
		required[r] = true
	}
	used := map[string]string{}
	for _, name := range slices.Sorted(maps.Keys(v.Properties)) {
		child := b.convert(v.Properties[name], h.child(naming.Exported(name), "."+name, name), origin+".properties."+name)
		goName := b.uniqueGoName(used, name, origin+".properties."+name, "property")
		s.Properties = append(s.Properties, &model.Property{Name: name, GoName: goName, Required: required[name], Schema: child})
	}
	for _, r := range v.Required {
		if v.Properties[r] == nil && !s.AdditionalProperties {
			b.ds.Warnf(origin, "required property %q is not defined", r)
		}
	}
}

// allOf merges allOf members.
func (b *builder) allOf(v *openapi3.Schema, h hint, origin string) *model.Schema {
	if len(v.AllOf) == 1 && len(v.Properties) == 0 {
		return b.convert(v.AllOf[0], h, origin+".allOf.0")
	}
	merged := &model.Schema{Kind: model.KindObject, Origin: origin}
	b.hints[merged] = h
	byName := map[string]*model.Property{}
	add := func(p *model.Property) {
		if old, ok := byName[p.Name]; ok {
			old.Required = old.Required || p.Required
			return
		}
		cp := *p
		byName[p.Name] = &cp
		merged.Properties = append(merged.Properties, &cp)
	}
	members := append(openapi3.SchemaRefs{}, v.AllOf...)
	if len(v.Properties) > 0 {
		own := *v
		own.AllOf = nil
		members = append(members, &openapi3.SchemaRef{Value: &own})
	}
	for i, m := range members {
		ms := b.convert(m, h, fmt.Sprintf("%s.allOf.%d", origin, i))
		if ms.Kind != model.KindObject {
			b.ds.Warnf(origin, "allOf member %d is a %s, not an object; ignored", i, ms.Kind)
			continue
		}
		for _, p := range ms.Properties {
			add(p)
		}
		merged.AdditionalProperties = merged.AdditionalProperties || ms.AdditionalProperties
	}
	sortProps(merged.Properties)
	used := map[string]string{}
	for _, p := range merged.Properties {
		p.GoName = b.uniqueGoName(used, p.Name, origin+".properties."+p.Name, "property")
	}
	return merged
}

func taken(used map[string]string, name string) bool {
	_, ok := used[name]
	return ok
}

// uniqueGoName is the Go name of the property or parameter called wire,
// distinct from the names in used (Go name to wire name), which it
// extends. Two wire names with one Go name (color and Color, $ref and ref)
// are reported at where, and the later one gets a number.
func (b *builder) uniqueGoName(used map[string]string, wire, where, what string) string {
	return b.uniqueGoNameAs(used, naming.Exported(wire), wire, where, what)
}

// uniqueGoNameAs is uniqueGoName for a Go name already derived from wire.
func (b *builder) uniqueGoNameAs(used map[string]string, goName, wire, where, what string) string {
	if prev, clash := used[goName]; clash {
		base := goName
		for n := 2; taken(used, goName); n++ {
			goName = base + strconv.Itoa(n)
		}
		b.ds.Warnf(where, "%s %q gives the Go name %s, which %q already has; it is called %s in Go", what, wire, base, prev, goName)
	}
	used[goName] = wire
	return goName
}

// union normalises oneOf/anyOf. Alternatives that differ only in string
// patterns, formats or enum values collapse into one primitive; [T, T[]]
// becomes a one-or-many list; anything else is a real union.
func (b *builder) union(alts openapi3.SchemaRefs, h hint, origin string) *model.Schema {
	var vs []*model.Schema
	for i, a := range alts {
		vs = append(vs, b.convert(a, h.child("Variant"+strconv.Itoa(i+1), "|Variant"+strconv.Itoa(i+1), ""), fmt.Sprintf("%s.anyOf.%d", origin, i)))
	}
	if len(vs) == 1 {
		return vs[0]
	}
	if s := collapsePrimitives(vs); s != nil {
		s.Origin = origin
		b.hints[s] = h
		return s
	}
	if len(vs) == 2 {
		for i := range 2 {
			one, many := vs[i], vs[1-i]
			if many.Kind == model.KindArray && many.Items != nil && isPrimitive(one.Kind) && many.Items.Kind == one.Kind {
				return &model.Schema{Kind: model.KindOneOrMany, Items: one, Origin: origin}
			}
		}
	}
	u := &model.Schema{Kind: model.KindUnion, Variants: vs, Origin: origin}
	b.hints[u] = h
	// Rename the variants' hints (and their children's) now that we know
	// how the variants differ: ...Variant1 becomes ...Click.
	for i, v := range vs {
		if v.Name != "" {
			continue
		}
		lbl := variantLabel(v, i)
		old, label := h.ctx+"Variant"+strconv.Itoa(i+1), h.ctx+lbl
		k, oldStep := len(h.steps), "|Variant"+strconv.Itoa(i+1)
		model.Walk(v, func(c *model.Schema) {
			if ch, ok := b.hints[c]; ok && c.Name == "" && strings.HasPrefix(ch.ctx, old) {
				ch.ctx = label + strings.TrimPrefix(ch.ctx, old)
				if len(ch.steps) > k && ch.steps[k] == oldStep {
					ch.steps = append([]string(nil), ch.steps...)
					ch.steps[k] = "|" + lbl
				}
				b.hints[c] = ch
			}
		})
	}
	return u
}

// variantLabel names a union member: by its discriminating constant, its
// type name, or its shape.
func variantLabel(v *model.Schema, i int) string {
	if v.Name != "" {
		return v.Name
	}
	switch v.Kind {
	case model.KindObject:
		for _, p := range v.Properties {
			if c, ok := p.Schema.Const(); ok && p.Required {
				return naming.Exported(c)
			}
		}
	case model.KindArray:
		if v.Items != nil {
			return variantLabel(v.Items, i) + "List"
		}
	case model.KindString, model.KindInteger, model.KindNumber, model.KindBoolean:
		return naming.Exported(v.Kind.String())
	}
	return "Variant" + strconv.Itoa(i+1)
}

func isPrimitive(k model.Kind) bool {
	return k == model.KindString || k == model.KindInteger || k == model.KindNumber || k == model.KindBoolean
}

// collapsePrimitives merges alternatives of one primitive kind.
func collapsePrimitives(vs []*model.Schema) *model.Schema {
	k := vs[0].Kind
	if !isPrimitive(k) {
		return nil
	}
	enums := 0
	for _, v := range vs {
		if v.Kind != k || v.Name != "" {
			return nil
		}
		if len(v.Enum) > 0 {
			enums++
		}
	}
	out := &model.Schema{Kind: k, Format: vs[0].Format}
	if enums == len(vs) {
		seen := map[any]bool{}
		for _, v := range vs {
			for _, e := range v.Enum {
				if !seen[e] {
					seen[e] = true
					out.Enum = append(out.Enum, e)
				}
			}
		}
	} else if enums > 0 {
		// Some alternatives are open: the union accepts any value of the kind.
		out.Enum = nil
	}
	// Keep a format only when every alternative that has one agrees (an
	// uri-or-data-URI image field stays "uri": data URIs are URIs too).
	out.Format = ""
	for _, v := range vs {
		if v.Format != "" && out.Format != "" && v.Format != out.Format {
			out.Format = ""
			break
		}
		if v.Format != "" {
			out.Format = v.Format
		}
	}
	keepCommonLimits(out, vs)
	return out
}

// keepCommonLimits gives out the constraints every alternative in vs
// has alike: a value may match any alternative, so a constraint only
// some have does not bind it (a data-URI pattern on one of two image
// alternatives).
func keepCommonLimits(out *model.Schema, vs []*model.Schema) {
	sameInt := func(get func(*model.Schema) *int) *int {
		first := get(vs[0])
		for _, v := range vs[1:] {
			if p := get(v); first == nil || p == nil || *p != *first {
				return nil
			}
		}
		return first
	}
	sameNum := func(get func(*model.Schema) *float64, excl func(*model.Schema) bool) (*float64, bool) {
		first := get(vs[0])
		for _, v := range vs[1:] {
			if p := get(v); first == nil || p == nil || *p != *first || excl(v) != excl(vs[0]) {
				return nil, false
			}
		}
		return first, first != nil && excl(vs[0])
	}
	out.MinLength = sameInt(func(s *model.Schema) *int { return s.MinLength })
	out.MaxLength = sameInt(func(s *model.Schema) *int { return s.MaxLength })
	out.Minimum, out.ExclusiveMin = sameNum(func(s *model.Schema) *float64 { return s.Minimum }, func(s *model.Schema) bool { return s.ExclusiveMin })
	out.Maximum, out.ExclusiveMax = sameNum(func(s *model.Schema) *float64 { return s.Maximum }, func(s *model.Schema) bool { return s.ExclusiveMax })
	out.Pattern = vs[0].Pattern
	for _, v := range vs[1:] {
		if v.Pattern != out.Pattern {
			out.Pattern = ""
		}
	}
}

// decorate applies a wrapper's own facets (description, nullable, default,
// deprecated) to the schema it wraps, copying it so shared schemas are not
// changed for their other users.
func (b *builder) decorate(inner *model.Schema, v *openapi3.Schema) *model.Schema {
	if v.Description == "" && !v.Nullable && v.Default == nil && !v.Deprecated && !v.ReadOnly {
		return inner
	}
	c := *inner
	if h, ok := b.hints[inner]; ok {
		b.hints[&c] = h
	}
	if v.Description != "" {
		c.Desc = v.Description
	}
	c.Nullable = c.Nullable || v.Nullable
	c.Deprecated = c.Deprecated || v.Deprecated
	c.ReadOnly = c.ReadOnly || v.ReadOnly
	if v.Default != nil {
		c.Default = b.coerceDefault(c.Kind, v.Default, c.Origin)
	}
	return &c
}

// copyFacets copies documentation and constraints.
func copyFacets(s *model.Schema, v *openapi3.Schema) {
	s.Desc = v.Description
	if s.Desc == "" {
		s.Desc = v.Title
	}
	s.Format = v.Format
	s.Nullable = v.Nullable
	s.Deprecated = v.Deprecated
	s.ReadOnly = v.ReadOnly
	s.Example = v.Example
	s.Pattern = v.Pattern
	if v.MinLength > 0 {
		n := int(v.MinLength)
		s.MinLength = &n
	}
	if v.MaxLength != nil {
		n := int(*v.MaxLength)
		s.MaxLength = &n
	}
	if v.MinItems > 0 {
		n := int(v.MinItems)
		s.MinItems = &n
	}
	if v.MaxItems != nil {
		n := int(*v.MaxItems)
		s.MaxItems = &n
	}
	s.Minimum, s.Maximum = v.Min, v.Max
	s.ExclusiveMin, s.ExclusiveMax = v.ExclusiveMin.IsTrue(), v.ExclusiveMax.IsTrue()
}

// coerceDefault fixes defaults written as strings for booleans and numbers
// (a real Dub defect: "default": "false" on a boolean). Defaults that cannot
// be coerced are dropped; Check has already reported them.
func (b *builder) coerceDefault(k model.Kind, d any, origin string) any {
	if d == nil {
		return nil
	}
	str, isStr := d.(string)
	switch k {
	case model.KindBoolean:
		if isStr {
			if v, err := strconv.ParseBool(str); err == nil {
				return v
			}
			return nil
		}
		if _, ok := d.(bool); !ok {
			return nil
		}
	case model.KindInteger, model.KindNumber:
		if isStr {
			if v, err := strconv.ParseFloat(str, 64); err == nil {
				return v
			}
			return nil
		}
		if _, ok := d.(float64); !ok {
			return nil
		}
	case model.KindString:
		if !isStr {
			return nil
		}
	}
	return d
}

func sortProps(ps []*model.Property) {
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && ps[j].Name < ps[j-1].Name; j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
}

// errText returns the innermost message of a regexp error.
func errText(err error) string {
	var se *syntax.Error
	if errors.As(err, &se) {
		return string(se.Code)
	}
	return err.Error()
}
