package spec

import (
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// normalise31 rewrites, in place, the schemas of an OpenAPI 3.1 (or 3.2)
// document into the OpenAPI 3.0 form the builder reads, so that the same
// API described in either version gives the same model:
//
//   - a type array with "null" is the other type, nullable ({"type":
//     ["string", "null"]} is {"type": "string", "nullable": true}); an
//     anyOf/oneOf alternative {"type": "null"} makes the union nullable;
//   - const is a one-value enum (typed after its value when the schema
//     has no type);
//   - examples give the example (the first one);
//   - numeric exclusiveMinimum/exclusiveMaximum are minimum/maximum with
//     the boolean flag;
//   - a $ref with sibling keywords (kin-openapi applies them to a copy of
//     the referenced schema) is allOf: [$ref] carrying the siblings'
//     description, default, nullable, deprecated and readOnly, the form
//     3.0 generators write and the builder decorates.
//
// Type arrays of several non-null types are left alone (the builder warns
// and treats them as any value), as in 3.0 input.
func normalise31(doc *openapi3.T) {
	n := &normaliser{doc: doc, seen: map[*openapi3.Schema]bool{}}
	forEachSchemaRef(doc, n.ref)
}

type normaliser struct {
	doc  *openapi3.T
	seen map[*openapi3.Schema]bool
}

// ref normalises one schema reference and everything below it.
func (n *normaliser) ref(r *openapi3.SchemaRef) {
	if r == nil || r.Value == nil {
		return
	}
	n.schema(r.Value)
	name, isComponent := strings.CutPrefix(r.Ref, componentPrefix)
	if !isComponent || n.doc.Components == nil {
		return
	}
	target := n.doc.Components.Schemas[name]
	if target == nil || target.Value == nil || target.Value == r.Value {
		return
	}
	// A copy with siblings applied: keep the reference (the named type)
	// and move what the siblings changed to an allOf wrapper.
	n.schema(target.Value)
	copied, orig := r.Value, target.Value
	wrap := &openapi3.Schema{AllOf: openapi3.SchemaRefs{{Ref: r.Ref, Value: orig}}}
	if copied.Description != orig.Description {
		wrap.Description = copied.Description
	}
	if !reflect.DeepEqual(copied.Default, orig.Default) {
		wrap.Default = copied.Default
	}
	wrap.Nullable = copied.Nullable && !orig.Nullable
	wrap.Deprecated = copied.Deprecated && !orig.Deprecated
	wrap.ReadOnly = copied.ReadOnly && !orig.ReadOnly
	r.Ref, r.Value = "", wrap
}

// schema normalises s and its subschemas, each once.
func (n *normaliser) schema(s *openapi3.Schema) {
	if s == nil || n.seen[s] {
		return
	}
	n.seen[s] = true
	if s.Type != nil && s.Type.IncludesNull() {
		var rest openapi3.Types
		for _, t := range *s.Type {
			if t != openapi3.TypeNull {
				rest = append(rest, t)
			}
		}
		s.Nullable = true
		if len(rest) == 0 {
			s.Type = nil
		} else {
			s.Type = &rest
		}
	}
	if s.Const != nil && len(s.Enum) == 0 {
		s.Enum = []any{s.Const}
		if s.Type == nil || len(*s.Type) == 0 {
			if t := jsonType(s.Const); t != "" {
				s.Type = &openapi3.Types{t}
			}
		}
	}
	s.Const = nil
	if s.Example == nil && len(s.Examples) > 0 {
		s.Example = s.Examples[0]
	}
	s.Examples = nil
	if v := s.ExclusiveMin.Value; v != nil {
		s.Min, s.ExclusiveMin = v, openapi3.ExclusiveBound{Bool: ptr(true)}
	}
	if v := s.ExclusiveMax.Value; v != nil {
		s.Max, s.ExclusiveMax = v, openapi3.ExclusiveBound{Bool: ptr(true)}
	}
	s.AnyOf = n.dropNull(s, s.AnyOf)
	s.OneOf = n.dropNull(s, s.OneOf)
	n.ref(s.Items)
	n.ref(s.Not)
	n.ref(s.AdditionalProperties.Schema)
	for _, name := range slices.Sorted(maps.Keys(s.Properties)) {
		n.ref(s.Properties[name])
	}
	for _, l := range []openapi3.SchemaRefs{s.AllOf, s.AnyOf, s.OneOf} {
		for _, r := range l {
			n.ref(r)
		}
	}
}

// dropNull removes {"type": "null"} alternatives from a union, marking the
// schema nullable instead.
func (n *normaliser) dropNull(s *openapi3.Schema, alts openapi3.SchemaRefs) openapi3.SchemaRefs {
	var out openapi3.SchemaRefs
	for _, a := range alts {
		if a != nil && a.Value != nil && a.Ref == "" && isNullOnly(a.Value) {
			s.Nullable = true
			continue
		}
		out = append(out, a)
	}
	if len(out) == len(alts) {
		return alts
	}
	return out
}

// isNullOnly reports whether s accepts only null.
func isNullOnly(s *openapi3.Schema) bool {
	return s.Type != nil && len(*s.Type) == 1 && (*s.Type)[0] == openapi3.TypeNull ||
		s.Type == nil && s.Const == nil && len(s.Enum) == 1 && s.Enum[0] == nil
}

func jsonType(v any) string {
	switch v.(type) {
	case string:
		return openapi3.TypeString
	case bool:
		return openapi3.TypeBoolean
	case float64, int, int64:
		return openapi3.TypeNumber
	}
	return ""
}

func ptr[T any](v T) *T { return &v }

// forEachSchemaRef calls fn for every schema reference at the top of the
// document: component schemas, parameters, headers, request bodies and
// responses (components and operations).
func forEachSchemaRef(doc *openapi3.T, fn func(*openapi3.SchemaRef)) {
	content := func(c openapi3.Content) {
		for _, mt := range slices.Sorted(maps.Keys(c)) {
			if c[mt] != nil {
				fn(c[mt].Schema)
			}
		}
	}
	param := func(p *openapi3.ParameterRef) {
		if p != nil && p.Value != nil {
			fn(p.Value.Schema)
			content(p.Value.Content)
		}
	}
	response := func(r *openapi3.ResponseRef) {
		if r == nil || r.Value == nil {
			return
		}
		content(r.Value.Content)
		for _, h := range slices.Sorted(maps.Keys(r.Value.Headers)) {
			if hv := r.Value.Headers[h]; hv != nil && hv.Value != nil {
				fn(hv.Value.Schema)
			}
		}
	}
	if c := doc.Components; c != nil {
		for _, k := range slices.Sorted(maps.Keys(c.Schemas)) {
			fn(c.Schemas[k])
		}
		for _, k := range slices.Sorted(maps.Keys(c.Parameters)) {
			param(c.Parameters[k])
		}
		for _, k := range slices.Sorted(maps.Keys(c.RequestBodies)) {
			if rb := c.RequestBodies[k]; rb != nil && rb.Value != nil {
				content(rb.Value.Content)
			}
		}
		for _, k := range slices.Sorted(maps.Keys(c.Responses)) {
			response(c.Responses[k])
		}
	}
	if doc.Paths == nil {
		return
	}
	paths := doc.Paths.Map()
	for _, p := range slices.Sorted(maps.Keys(paths)) {
		item := paths[p]
		for _, pr := range item.Parameters {
			param(pr)
		}
		for _, m := range methodOrder {
			op := item.GetOperation(m)
			if op == nil {
				continue
			}
			for _, pr := range op.Parameters {
				param(pr)
			}
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				content(op.RequestBody.Value.Content)
			}
			if op.Responses != nil {
				rs := op.Responses.Map()
				for _, code := range slices.Sorted(maps.Keys(rs)) {
					response(rs[code])
				}
			}
		}
	}
}
