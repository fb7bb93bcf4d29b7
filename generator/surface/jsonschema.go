package surface

import (
	"slices"
	"strings"

	"github.com/dubgen/dubgen/generator/model"
)

// Schema is the JSON Schema subset the tool surface uses (portable: no
// $ref, $defs or type lists). Its fields are in the order of their JSON
// names, so it marshals with sorted keys, byte for byte as the
// map[string]any it replaces did; zero fields are left out, while an empty
// non-nil Properties (an object with no listed fields) and an empty Items
// schema ({}) are kept.
type Schema struct {
	AdditionalProperties *Schema            `json:"additionalProperties,omitzero"`
	AnyOf                []*Schema          `json:"anyOf,omitzero"`
	Default              any                `json:"default,omitzero"`
	Description          string             `json:"description,omitzero"`
	Enum                 []any              `json:"enum,omitzero"`
	ExclusiveMaximum     *float64           `json:"exclusiveMaximum,omitzero"`
	ExclusiveMinimum     *float64           `json:"exclusiveMinimum,omitzero"`
	Format               string             `json:"format,omitzero"`
	Items                *Schema            `json:"items,omitzero"`
	MaxItems             *int               `json:"maxItems,omitzero"`
	MaxLength            *int               `json:"maxLength,omitzero"`
	Maximum              *float64           `json:"maximum,omitzero"`
	MinItems             *int               `json:"minItems,omitzero"`
	MinLength            *int               `json:"minLength,omitzero"`
	Minimum              *float64           `json:"minimum,omitzero"`
	Pattern              string             `json:"pattern,omitzero"`
	Properties           map[string]*Schema `json:"properties,omitzero"`
	Required             []string           `json:"required,omitzero"`
	Type                 string             `json:"type,omitzero"`
}

// Clone deep-copies s: nested schemas and lists are copied, enum and
// default values shared.
func (s *Schema) Clone() *Schema {
	if s == nil {
		return nil
	}
	c := *s
	c.AnyOf = nil
	for _, a := range s.AnyOf {
		c.AnyOf = append(c.AnyOf, a.Clone())
	}
	c.Enum = slices.Clone(s.Enum)
	c.ExclusiveMaximum, c.ExclusiveMinimum = clonePtr(s.ExclusiveMaximum), clonePtr(s.ExclusiveMinimum)
	c.Maximum, c.Minimum = clonePtr(s.Maximum), clonePtr(s.Minimum)
	c.MaxLength, c.MinLength, c.MinItems = clonePtr(s.MaxLength), clonePtr(s.MinLength), clonePtr(s.MinItems)
	c.Items = s.Items.Clone()
	c.AdditionalProperties = s.AdditionalProperties.Clone()
	c.MaxItems = clonePtr(s.MaxItems)
	if s.Properties != nil {
		c.Properties = make(map[string]*Schema, len(s.Properties))
		for k, v := range s.Properties {
			c.Properties[k] = v.Clone()
		}
	}
	c.Required = slices.Clone(s.Required)
	return &c
}

// clonePtr copies *p into a new pointer (nil stays nil).
func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// Property returns the schema of the property called name, or nil.
func (s *Schema) Property(name string) *Schema {
	if s == nil {
		return nil
	}
	return s.Properties[name]
}

// schemaOpts control how much of a model schema is rendered.
type schemaOpts struct {
	// descriptions keeps description texts.
	descriptions bool
	// maxDepth limits nesting: deeper objects become {"type":"object"},
	// deeper lists, maps and unions {} (see nested).
	maxDepth int
	// output renders a response schema: nullable values get no type
	// (an empty schema accepts null), since structured results carry nulls.
	output bool
	// context are the names a description may repeat without saying
	// anything new (the tool's and the enclosing arguments'); see Brief.
	context []string
	// path is the input's path, as surface diffs spell it ("data.url",
	// "links[].url"); hidden, if set, collects the paths of the fields
	// left out of the schema (deprecated, still accepted).
	path   string
	hidden *[]string
	// descLimit caps each description's bytes (0: Brief's own cap); see
	// argDescLimit in compaction.go.
	descLimit int
}

// jsonSchema renders a model schema as a portable JSON Schema: no $ref,
// $defs or $schema, no type arrays, items on every array. Named types are
// inlined; recursion stops at maxDepth.
func jsonSchema(s *model.Schema, o schemaOpts, depth int) *Schema {
	out := &Schema{}
	if s == nil || o.output && s.Nullable {
		return out
	}
	s = compacted(s) // see compaction.go
	if o.descriptions {
		if d := capText(Brief(s.Desc, o.context...), o.descLimit); d != "" {
			out.Description = d
		}
	}
	switch s.Kind {
	case model.KindString:
		out.Type = "string"
		if vals := nonNull(s.Enum); len(vals) > 0 {
			out.Enum = vals
		}
		if s.Format == "date-time" || s.Format == "email" || s.Format == "uri" || s.Format == "date" {
			out.Format = s.Format
		}
		if !o.output {
			listStringLimits(out, s)
		}
	case model.KindInteger:
		out.Type = "integer"
		if !o.output {
			listBounds(out, s)
		}
	case model.KindNumber:
		out.Type = "number"
		if !o.output {
			listBounds(out, s)
		}
	case model.KindBoolean:
		out.Type = "boolean"
	case model.KindArray, model.KindOneOrMany:
		out.Type = "array"
		out.Items = nested(s.Items, schemaOpts{maxDepth: o.maxDepth, output: o.output, path: o.path + "[]", hidden: o.hidden}, depth)
		out.MaxItems = clonePtr(s.MaxItems)
		if !o.output {
			out.MinItems = clonePtr(s.MinItems)
		}
	case model.KindMap:
		out.Type = "object"
		v := mapValue(s) // a map rule 1 made
		if v == nil && s.Items != nil && s.Items.Kind != model.KindAny {
			v = s.Items // the spec's own additionalProperties schema
		}
		if v != nil {
			out.AdditionalProperties = nested(v, schemaOpts{maxDepth: o.maxDepth, output: o.output}, depth)
		}
	case model.KindObject:
		out.Type = "object"
		if depth >= o.maxDepth {
			break
		}
		props := map[string]*Schema{}
		var req []string
		for _, p := range s.Properties {
			path := p.Name
			if o.path != "" {
				path = o.path + "." + p.Name
			}
			if p.Schema.ReadOnly {
				continue
			}
			if p.Schema.Deprecated && !p.Required && !o.output {
				// Deprecated nested inputs are not shown (they are still
				// accepted); top-level ones are dropped by the overlay.
				if o.hidden != nil {
					*o.hidden = append(*o.hidden, path)
				}
				continue
			}
			po := o
			po.context = append(append([]string{}, o.context...), p.Name)
			po.path = path
			props[p.Name] = jsonSchema(p.Schema, po, depth+1)
			if p.Required {
				req = append(req, p.Name)
			}
		}
		out.Properties = props
		if len(req) > 0 {
			out.Required = req
		}
	case model.KindUnion:
		var alts []*Schema
		for _, v := range s.Variants {
			alts = append(alts, nested(v, schemaOpts{maxDepth: o.maxDepth, output: o.output}, depth))
		}
		out.AnyOf = alts
	}
	if s.Default != nil && s.Kind != model.KindObject && !zero(s.Default) {
		out.Default = s.Default
	}
	return out
}

// nested renders an array's items, a map's values or a union's
// alternative, one level below depth. Below maxDepth an object is
// {"type":"object"} (see jsonSchema), and a list, map or union is {} (any
// value): a recursive shape (an array of itself, a union with itself, a
// wide object compacted into a map of itself) ends there.
func nested(s *model.Schema, o schemaOpts, depth int) *Schema {
	if depth >= o.maxDepth && s != nil {
		switch compacted(s).Kind {
		case model.KindArray, model.KindOneOrMany, model.KindMap, model.KindUnion:
			return &Schema{}
		}
	}
	return jsonSchema(s, o, depth+1)
}

// zero reports whether a default is its type's natural zero (false, 0,
// "", [] or {}): leaving the input out means the same, so the schema
// does not spell it out.
func zero(v any) bool {
	switch x := v.(type) {
	case bool:
		return !x
	case float64:
		return x == 0
	case int:
		return x == 0
	case int64:
		return x == 0
	case string:
		return x == ""
	case []any:
		return len(x) == 0
	case map[string]any:
		return len(x) == 0
	}
	return false
}

// Describe squeezes spec prose into one paragraph of single-spaced text.
func Describe(text string) string {
	text = strings.TrimSpace(text)
	if i := strings.Index(text, "\n\n"); i > 0 {
		text = text[:i]
	}
	return strings.Join(strings.Fields(text), " ")
}

// nonNull drops null from an enum: it marks nullability, and a null among
// a string's values is not portable.
func nonNull(vals []any) []any {
	var out []any
	for _, v := range vals {
		if v != nil {
			out = append(out, v)
		}
	}
	return out
}
