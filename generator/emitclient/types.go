package emitclient

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/dubgen/dubgen/generator/model"
	"github.com/dubgen/dubgen/generator/naming"
)

// baseType is the Go type of a schema ignoring optionality, inside the
// client package.
func baseType(s *model.Schema) jen.Code { return TypeIn(s, "") }

// TypeIn is the Go type of a schema ignoring optionality, with client
// package names qualified by the import path pkg ("" inside the package).
func TypeIn(s *model.Schema, pkg string) jen.Code {
	id := func(name string) *jen.Statement {
		if pkg == "" {
			return jen.Id(name)
		}
		return jen.Qual(pkg, name)
	}
	if s == nil {
		return jen.Any()
	}
	if s.Name != "" {
		return id(s.Name)
	}
	switch s.Kind {
	case model.KindString:
		return jen.String()
	case model.KindInteger:
		return jen.Int64()
	case model.KindNumber:
		return jen.Float64()
	case model.KindBoolean:
		return jen.Bool()
	case model.KindArray:
		return jen.Index().Add(TypeIn(s.Items, pkg))
	case model.KindOneOrMany:
		return id("OneOrMany").Types(TypeIn(s.Items, pkg))
	case model.KindMap:
		return jen.Map(jen.String()).Add(TypeIn(s.Items, pkg))
	default:
		return jen.Any()
	}
}

// hasNil reports whether the Go type's zero value already means "absent"
// or "null" (slices, maps, interfaces).
func hasNil(s *model.Schema) bool {
	if s == nil {
		return true
	}
	switch s.Kind {
	case model.KindArray, model.KindOneOrMany, model.KindMap, model.KindAny:
		return true
	}
	return false
}

// fieldType is the Go type of a property or parameter and whether its JSON
// tag needs omitzero. The rules:
//
//	required, not nullable   T
//	required, nullable       *T (slices, maps and any use nil)
//	optional, not nullable   *T with omitzero (slices, maps and any use nil)
//	optional and nullable    Nullable[T] with omitzero: absent, null or a value
func fieldType(s *model.Schema, required bool) (jen.Code, bool) {
	nullable := s.Nullable
	switch {
	case required && !nullable:
		return baseType(s), false
	case !required && nullable && s.Kind != model.KindAny:
		return jen.Id("Nullable").Types(baseType(s)), true
	case hasNil(s):
		return baseType(s), !required
	default:
		return jen.Op("*").Add(baseType(s)), !required
	}
}

func jsonTag(name string, omit bool) map[string]string {
	if omit {
		return map[string]string{"json": name + ",omitzero"}
	}
	return map[string]string{"json": name}
}

// comment turns spec prose into a doc comment body: one paragraph, trimmed.
func comment(prefix, text string) string {
	text = strings.TrimSpace(text)
	if i := strings.Index(text, "\n\n"); i > 0 {
		text = text[:i]
	}
	text = strings.Join(strings.Fields(text), " ")
	if text == "" {
		return strings.TrimSpace(prefix)
	}
	if prefix == "" {
		return text
	}
	return prefix + " " + text
}

// described is a type's description, else what it is used as, else where
// the spec defines it.
func described(s *model.Schema) string {
	switch {
	case describes(s):
		return s.Desc
	case s.Role != "":
		return s.Role + "."
	}
	return "defined at " + s.Origin + "."
}

// describes reports whether a type's spec description says what it is: not
// empty, not a bare title of one word ("Link", "ClickEvent"), and true of
// every use of the type.
func describes(s *model.Schema) bool {
	return len(strings.Fields(s.Desc)) > 1 && !s.DescVaries
}

// emitType writes one named type: a struct, a string enum with its
// constants, or a union.
func (e *emitter) emitType(f *jen.File, s *model.Schema) {
	switch {
	case s.Kind == model.KindObject:
		e.emitStruct(f, s)
	case s.IsEnum():
		e.emitEnum(f, s)
	case s.Kind == model.KindUnion:
		e.emitUnion(f, s)
	default:
		f.Comment(comment(s.Name+" is a "+s.Kind.String()+":", described(s)))
		f.Type().Id(s.Name).Add(baseType(&model.Schema{Kind: s.Kind, Items: s.Items}))
	}
	f.Line()
}

func (e *emitter) emitStruct(f *jen.File, s *model.Schema) {
	var fields []jen.Code
	for _, p := range s.Properties {
		typ, omit := fieldType(p.Schema, p.Required)
		fields = append(fields, docLines(p.Schema.Desc, p.Schema.Deprecated)...)
		fields = append(fields, jen.Id(p.GoName).Add(typ).Tag(jsonTag(p.Name, omit)))
	}
	if !describes(s) && s.Role != "" {
		f.Comment(s.Name + " is " + s.Role + ".")
	} else {
		f.Comment(comment(s.Name+":", described(s)))
	}
	f.Type().Id(s.Name).Struct(fields...)
}

func (e *emitter) emitEnum(f *jen.File, s *model.Schema) {
	if !describes(s) && s.Role != "" {
		f.Comment(s.Name + " lists the values of " + s.Role + ".")
	} else {
		f.Comment(comment(s.Name+" is an enumeration:", described(s)))
	}
	f.Type().Id(s.Name).String()
	var consts []jen.Code
	for _, v := range s.Enum {
		val := fmt.Sprint(v)
		name := e.unique(s.Name + naming.Exported(val))
		consts = append(consts, jen.Id(name).Id(s.Name).Op("=").Lit(val))
	}
	f.Comment(s.Name + " values.")
	f.Const().Defs(consts...)
}

// unique reserves a package-level identifier, suffixing it on collision.
func (e *emitter) unique(name string) string {
	base := name
	for i := 2; e.idents[name]; i++ {
		name = fmt.Sprintf("%s%d", base, i)
	}
	e.idents[name] = true
	return name
}

// docLines is a field's doc comment: the description's first paragraph
// and, for deprecated fields, a "Deprecated:" paragraph.
func docLines(desc string, deprecated bool) []jen.Code {
	doc := comment("", desc)
	if !deprecated {
		if doc == "" {
			return nil
		}
		return []jen.Code{jen.Comment(doc)}
	}
	if strings.HasPrefix(doc, "Deprecated:") {
		return []jen.Code{jen.Comment(doc)}
	}
	if doc == "" {
		return []jen.Code{jen.Comment("Deprecated: Dub marks this field as deprecated.")}
	}
	return []jen.Code{jen.Comment(doc), jen.Comment(""), jen.Comment("Deprecated: Dub marks this field as deprecated.")}
}
