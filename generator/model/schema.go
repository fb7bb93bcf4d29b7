package model

// Kind is the shape of a schema after normalisation.
type Kind int

// The schema shapes dubgen supports.
const (
	// KindAny is an unconstrained value (no type, or a shape we cannot type).
	KindAny Kind = iota
	KindString
	KindInteger
	KindNumber
	KindBoolean
	// KindArray has Items.
	KindArray
	// KindObject has Properties (possibly none, with AdditionalProperties).
	KindObject
	// KindMap is an object with only additionalProperties (Items holds the value schema).
	KindMap
	// KindUnion is a oneOf/anyOf of shapes that differ; Variants holds them.
	KindUnion
	// KindOneOrMany is anyOf [T, array of T]: Items holds T.
	KindOneOrMany
)

var kindNames = [...]string{"any", "string", "integer", "number", "boolean", "array", "object", "map", "union", "oneOrMany"}

// String returns the kind's name.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// Schema is a normalised JSON schema. A schema with a non-empty Name is a
// named type; references to it share the same *Schema pointer.
type Schema struct {
	Kind Kind
	// Name is the Go type name for named types (component schemas and
	// hoisted inline objects, enums and unions); "" for anonymous schemas.
	Name string
	// Origin is the JSON pointer-ish location the schema was first found at,
	// for messages.
	Origin string

	Desc string
	// Role says what a named type is when Desc is empty, from where it is
	// used: "the response of DeleteLink", "the reason field of BanPartnerBody".
	Role string
	// DescVaries is set on a named type whose uses (identical shapes sharing
	// the name) have different descriptions: Desc then tells one use only.
	DescVaries bool
	Format     string
	Nullable   bool
	Deprecated bool
	ReadOnly   bool
	// Enum lists allowed values (strings for string enums, numbers otherwise).
	Enum    []any
	Default any
	Example any

	// Constraints.
	MinLength, MaxLength *int
	MinItems, MaxItems   *int
	Minimum, Maximum     *float64
	ExclusiveMin         bool
	ExclusiveMax         bool
	Pattern              string

	// Items is the element schema of arrays and one-or-many lists, and the
	// value schema of maps.
	Items *Schema
	// Properties of objects, sorted by name.
	Properties []*Property
	// AdditionalProperties is true when an object allows extra keys
	// (additionalProperties true or a schema) on top of Properties.
	AdditionalProperties bool
	// Variants of unions, in spec order.
	Variants []*Schema
}

// Property is one property of an object schema.
type Property struct {
	// Name is the JSON name.
	Name string
	// GoName is the exported Go field name.
	GoName   string
	Required bool
	Schema   *Schema
}

// IsEnum reports whether the schema is a string enum that gets its own Go type.
func (s *Schema) IsEnum() bool {
	return s.Kind == KindString && len(s.Enum) > 0
}

// Const returns the single allowed string value of a one-value string enum.
func (s *Schema) Const() (string, bool) {
	if s.Kind == KindString && len(s.Enum) == 1 {
		v, ok := s.Enum[0].(string)
		return v, ok
	}
	return "", false
}

// Property returns the property called name, or nil.
func (s *Schema) Property(name string) *Property {
	for _, p := range s.Properties {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// Walk calls fn for s and every schema reachable from it, each once, in a
// fixed order (properties, items, variants). Cycles are safe.
func Walk(s *Schema, fn func(*Schema)) { WalkAll([]*Schema{s}, fn) }

// WalkAll is Walk over several roots, sharing one visited set, in order.
func WalkAll(roots []*Schema, fn func(*Schema)) {
	seen := map[*Schema]bool{}
	var visit func(*Schema)
	visit = func(s *Schema) {
		if s == nil || seen[s] {
			return
		}
		seen[s] = true
		fn(s)
		for _, p := range s.Properties {
			visit(p.Schema)
		}
		visit(s.Items)
		for _, v := range s.Variants {
			visit(v)
		}
	}
	for _, r := range roots {
		visit(r)
	}
}
