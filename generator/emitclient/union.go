package emitclient

import (
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/dubgen/dubgen/generator/model"
	"github.com/dubgen/dubgen/generator/naming"
)

// unionFields names a union's variant fields: a named variant by its type
// name (minus the union's own name as prefix), an array by its element plus
// "List", a primitive by its kind.
func unionFields(u *model.Schema) []string {
	used := map[string]bool{}
	var out []string
	for _, v := range u.Variants {
		name := variantName(u.Name, v)
		if name == "" {
			name = "Variant"
		}
		base := name
		for n := 2; used[name]; n++ {
			name = base + strconv.Itoa(n)
		}
		used[name] = true
		out = append(out, name)
	}
	return out
}

func variantName(union string, v *model.Schema) string {
	switch {
	case v.Name != "":
		if short := strings.TrimPrefix(v.Name, union); short != v.Name && short != "" {
			return short
		}
		return v.Name
	case v.Kind == model.KindArray && v.Items != nil:
		return variantName(union, v.Items) + "List"
	default:
		return naming.Exported(v.Kind.String())
	}
}

// variantField is the field type of one variant: nil means unset.
func variantField(v *model.Schema) jen.Code {
	if hasNil(v) {
		return baseType(v)
	}
	return jen.Op("*").Add(baseType(v))
}

// descriptor is the runtime's shape description of a variant, used to pick
// the variant that fits a JSON value.
func descriptor(v *model.Schema) jen.Dict {
	d := jen.Dict{jen.Id("Kind"): jen.Qual(APIClientPath, jsonKind(v))}
	switch v.Kind {
	case model.KindObject:
		var req, props []jen.Code
		consts := jen.Dict{}
		for _, p := range v.Properties {
			props = append(props, jen.Lit(p.Name))
			if p.Required {
				req = append(req, jen.Lit(p.Name))
				if c, ok := p.Schema.Const(); ok {
					consts[jen.Lit(p.Name)] = jen.Lit(c)
				}
			}
		}
		if len(req) > 0 {
			d[jen.Id("Required")] = jen.Index().String().Values(req...)
		}
		if len(consts) > 0 {
			d[jen.Id("Consts")] = jen.Map(jen.String()).String().Values(consts)
		}
		d[jen.Id("Props")] = jen.Index().String().Values(props...)
	case model.KindArray:
		if v.Items != nil {
			d[jen.Id("Items")] = jen.Op("&").Qual(APIClientPath, "Variant").Values(descriptor(v.Items))
		}
	}
	return d
}

func jsonKind(v *model.Schema) string {
	switch v.Kind {
	case model.KindObject, model.KindMap:
		return "KindObject"
	case model.KindArray, model.KindOneOrMany:
		return "KindArray"
	case model.KindString:
		return "KindString"
	case model.KindInteger, model.KindNumber:
		return "KindNumber"
	case model.KindBoolean:
		return "KindBool"
	}
	return "KindObject"
}

func (e *emitter) emitUnion(f *jen.File, u *model.Schema) {
	names := unionFields(u)
	var fields, vals, cases []jen.Code
	var members []string
	for i, v := range u.Variants {
		fields = append(fields, jen.Id(names[i]).Add(variantField(v)))
		vals = append(vals, jen.Id("u").Dot(names[i]))
		target := jen.Op("&").Id("u").Dot(names[i])
		cases = append(cases, jen.Case(jen.Lit(i)).Return(jen.Qual("encoding/json", "Unmarshal").Call(jen.Id("data"), target)))
		members = append(members, names[i])
	}
	doc := comment(u.Name+" holds exactly one of "+strings.Join(members, ", ")+":", described(u))
	f.Comment(doc)
	f.Type().Id(u.Name).Struct(fields...)

	varsName := lowerFirst(u.Name) + "Variants"
	var descs []jen.Code
	for _, v := range u.Variants {
		descs = append(descs, jen.Values(descriptor(v)))
	}
	f.Var().Id(varsName).Op("=").Index().Qual(APIClientPath, "Variant").Values(descs...)

	f.Comment("MarshalJSON encodes the variant that is set.")
	f.Func().Params(jen.Id("u").Id(u.Name)).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Return(jen.Qual(APIClientPath, "MarshalUnion").Call(append([]jen.Code{jen.Lit(u.Name)}, vals...)...)),
	)
	f.Comment("UnmarshalJSON decodes into the variant whose shape fits the data.")
	f.Func().Params(jen.Id("u").Op("*").Id(u.Name)).Id("UnmarshalJSON").Params(jen.Id("data").Index().Byte()).Error().Block(
		jen.List(jen.Id("i"), jen.Err()).Op(":=").Qual(APIClientPath, "MatchVariant").Call(jen.Id("data"), jen.Id(varsName)),
		jen.If(jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Qual("fmt", "Errorf").Call(jen.Lit(u.Name+": %w"), jen.Err())),
		),
		jen.Op("*").Id("u").Op("=").Id(u.Name).Values(),
		jen.Switch(jen.Id("i")).Block(cases...),
		jen.Return(jen.Nil()),
	)
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
