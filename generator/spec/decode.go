package spec

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/url"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Decoding a JSON spec through kin-openapi alone costs most of a
// generation: every nested UnmarshalJSON re-validates and re-decodes the
// bytes of its subtree (a schema eight levels deep is scanned some twenty
// times). parseJSON decodes the document once into plain values, builds
// kin-openapi's types from them directly (decode_doc.go for the document,
// the schema functions here for the schemas, nearly all of the bytes), and
// then resolves the references with kin-openapi's loader as Parse always
// did. What this decoder does not take apart (schemas with unusual
// keywords, small objects such as info or security) kin-openapi decodes
// from its own subtree.
//
// The result is the document kin-openapi's loader gives (see
// TestParseJSONSameAsKin), but for one thing by design: in an OpenAPI 3.1
// document, a $ref with sibling keywords is decoded as allOf: [$ref] with
// the siblings, which normalise31 reads as kin-openapi's merged copy.

// parseJSON is Parse's fast path for JSON documents. ok is false when the
// document is not a JSON object (YAML): the caller then uses the loader.
func parseJSON(name string, data []byte) (doc *openapi3.T, ok bool, err error) {
	data = bytes.TrimSpace(data)
	if len(data) > 0 && data[0] == '[' {
		// An array, in JSON or in YAML's flow style: never a document.
		d := &fastDecoder{}
		d.wrong(documentLoc, []any{}, "an object")
		return nil, true, fmt.Errorf("spec %s: parse: %w", name, d.err)
	}
	if len(data) == 0 || data[0] != '{' {
		return nil, false, nil
	}
	var root map[string]any
	if err := json.Unmarshal(data, &root); err != nil {
		return nil, true, fmt.Errorf("spec %s: parse: %s: %w", name, jsonPlace(data, err), err)
	}
	d := &fastDecoder{}
	doc = d.document(root, untracked)
	if d.err != nil {
		// Decode again, this time building the locations of the problems.
		d = &fastDecoder{}
		d.document(root, documentLoc)
		return nil, true, fmt.Errorf("spec %s: parse: %w", name, d.err)
	}
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	if err := loader.ResolveRefsIn(doc, &url.URL{Path: name}); err != nil {
		return nil, true, fmt.Errorf("spec %s: parse: %w", name, err)
	}
	return doc, true, nil
}

// jsonPlace names the line and column where the JSON decoder stopped on
// a syntax or type error: at, or just after, the offending value.
func jsonPlace(data []byte, err error) string {
	var offset int64
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		offset = syntax.Offset
	case errors.As(err, &typ):
		offset = typ.Offset
	default:
		return "document"
	}
	offset = min(max(offset, 0), int64(len(data)))
	before := data[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	col := offset - int64(bytes.LastIndexByte(before, '\n'))
	return fmt.Sprintf("near line %d, column %d", line, col)
}

type fastDecoder struct {
	is31 bool
	err  *decodeError // nil until a problem is found (see decode_problems.go)
}

// ref decodes a schema or a reference to one, at a location.
func (d *fastDecoder) ref(v any, at *loc) *openapi3.SchemaRef {
	m, isObject := v.(map[string]any)
	if !isObject {
		return d.viaKin(v, at)
	}
	if ref, isRef := m["$ref"].(string); isRef {
		siblings := len(m) > 1
		if !siblings || !d.is31 {
			r := &openapi3.SchemaRef{Ref: ref}
			if siblings {
				r.Extensions = extensionsOf(m)
			}
			return r
		}
		// OpenAPI 3.1: the siblings apply to the referenced schema.
		rest := make(map[string]any, len(m))
		for k, x := range m {
			if k != "$ref" {
				rest[k] = x
			}
		}
		wrap := d.ref(rest, at)
		if wrap.Value == nil {
			return d.viaKin(v, at)
		}
		wrap.Value.AllOf = append(openapi3.SchemaRefs{{Ref: ref}}, wrap.Value.AllOf...)
		return wrap
	}
	s, ok := d.schema(m, at)
	if !ok {
		return d.viaKin(v, at)
	}
	return &openapi3.SchemaRef{Value: s}
}

// viaKin decodes v with kin-openapi (boolean schemas, unusual keywords,
// values of the wrong type, which it reports).
func (d *fastDecoder) viaKin(v any, at *loc) *openapi3.SchemaRef {
	r := &openapi3.SchemaRef{}
	d.kin(v, r, at)
	return r
}

// schema decodes a schema object; ok is false when it holds a keyword
// (or a value) this decoder leaves to kin-openapi.
func (d *fastDecoder) schema(m map[string]any, at *loc) (s *openapi3.Schema, ok bool) {
	s = &openapi3.Schema{}
	ok = true
	str := func(v any) string {
		x, isStr := v.(string)
		ok = ok && isStr
		return x
	}
	flag := func(v any) bool {
		x, isBool := v.(bool)
		ok = ok && isBool
		return x
	}
	num := func(v any) *float64 {
		x, isNum := v.(float64)
		ok = ok && isNum
		return &x
	}
	count := func(v any) uint64 {
		x, isNum := v.(float64)
		if !isNum || x < 0 || x != math.Trunc(x) || x >= 1<<64 {
			ok = false
			return 0
		}
		return uint64(x)
	}
	refs := func(v any, at *loc) openapi3.SchemaRefs {
		l, isList := v.([]any)
		ok = ok && isList
		out := make(openapi3.SchemaRefs, len(l))
		for i, x := range l {
			out[i] = d.ref(x, at.item(i))
		}
		return out
	}
	bound := func(v any) openapi3.ExclusiveBound {
		switch x := v.(type) {
		case bool:
			return openapi3.ExclusiveBound{Bool: &x}
		case float64:
			return openapi3.ExclusiveBound{Value: &x}
		}
		ok = false
		return openapi3.ExclusiveBound{}
	}
	for k, v := range m {
		switch k {
		case "oneOf":
			s.OneOf = refs(v, at.at(k))
		case "anyOf":
			s.AnyOf = refs(v, at.at(k))
		case "allOf":
			s.AllOf = refs(v, at.at(k))
		case "not":
			s.Not = d.ref(v, at.at(k))
		case "type":
			switch x := v.(type) {
			case string:
				s.Type = &openapi3.Types{x}
			case []any:
				ts := make(openapi3.Types, len(x))
				for i, t := range x {
					ts[i] = str(t)
				}
				s.Type = &ts
			default:
				ok = false
			}
		case "title":
			s.Title = str(v)
		case "format":
			s.Format = str(v)
		case "description":
			s.Description = str(v)
		case "enum":
			l, isList := v.([]any)
			ok = ok && isList
			s.Enum = l
		case "default":
			s.Default = v
		case "example":
			s.Example = v
		case "examples":
			l, isList := v.([]any)
			ok = ok && isList
			s.Examples = l
		case "const":
			s.Const = v
		case "uniqueItems":
			s.UniqueItems = flag(v)
		case "exclusiveMinimum":
			s.ExclusiveMin = bound(v)
		case "exclusiveMaximum":
			s.ExclusiveMax = bound(v)
		case "nullable":
			s.Nullable = flag(v)
		case "readOnly":
			s.ReadOnly = flag(v)
		case "writeOnly":
			s.WriteOnly = flag(v)
		case "allowEmptyValue":
			s.AllowEmptyValue = flag(v)
		case "deprecated":
			s.Deprecated = flag(v)
		case "minimum":
			s.Min = num(v)
		case "maximum":
			s.Max = num(v)
		case "multipleOf":
			s.MultipleOf = num(v)
		case "minLength":
			s.MinLength = count(v)
		case "maxLength":
			n := count(v)
			s.MaxLength = &n
		case "pattern":
			s.Pattern = str(v)
		case "minItems":
			s.MinItems = count(v)
		case "maxItems":
			n := count(v)
			s.MaxItems = &n
		case "items":
			s.Items = d.ref(v, at.at(k))
		case "required":
			l, isList := v.([]any)
			ok = ok && isList
			for _, r := range l {
				s.Required = append(s.Required, str(r))
			}
		case "properties":
			props, isObject := v.(map[string]any)
			ok = ok && isObject
			s.Properties = make(openapi3.Schemas, len(props))
			for name, p := range props {
				s.Properties[name] = d.ref(p, at.at("properties").at(name))
			}
		case "minProperties":
			s.MinProps = count(v)
		case "maxProperties":
			n := count(v)
			s.MaxProps = &n
		case "additionalProperties":
			if b, isBool := v.(bool); isBool {
				s.AdditionalProperties.Has = &b
			} else {
				s.AdditionalProperties.Schema = d.ref(v, at.at(k))
			}
		default:
			if known31[k] || k == "discriminator" || k == "externalDocs" || k == "xml" {
				return nil, false
			}
			if s.Extensions == nil {
				s.Extensions = map[string]any{}
			}
			s.Extensions[k] = v
		}
		if !ok {
			return nil, false
		}
	}
	return s, true
}

// known31 are the JSON Schema keywords kin-openapi decodes that this
// decoder leaves to it.
var known31 = map[string]bool{}

func init() {
	for _, k := range strings.Fields(`prefixItems contains minContains maxContains patternProperties dependentSchemas
		propertyNames unevaluatedItems unevaluatedProperties if then else dependentRequired $defs $schema $comment
		$id $anchor $dynamicRef $dynamicAnchor contentMediaType contentEncoding contentSchema`) {
		known31[k] = true
	}
}

// extensionsOf is what kin-openapi keeps of a $ref's siblings: its x-
// fields.
func extensionsOf(m map[string]any) map[string]any {
	var out map[string]any
	for k, v := range m {
		if strings.HasPrefix(k, "x-") {
			if out == nil {
				out = map[string]any{}
			}
			out[k] = v
		}
	}
	return out
}
