package emitclient

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/dubgen/dubgen/generator/model"
)

// ParamsType is the name of an operation's parameter struct.
func ParamsType(o *model.Operation) string { return o.GoName + "Params" }

// BodyType is the Go type of an operation's request body, qualified by the
// client's import path pkg ("" inside the client package).
func BodyType(o *model.Operation, pkg string) jen.Code { return TypeIn(o.Body.Schema, pkg) }

// ResultType is the Go type a method returns besides error (nil when it
// returns only an error). Objects and unions come back as pointers.
func ResultType(o *model.Operation) jen.Code {
	r := o.Response
	switch {
	case r == nil || r.ContentType == "":
		return nil
	case r.Binary():
		return jen.Op("*").Id("Binary")
	case hasNil(r.Schema):
		return baseType(r.Schema)
	default:
		return jen.Op("*").Add(baseType(r.Schema))
	}
}

// emitParams writes the parameter struct: path and query parameters, with
// JSON tags carrying their names as tool arguments (the wire names, unless
// a path and a query parameter share one).
func (e *emitter) emitParams(f *jen.File, o *model.Operation) {
	var fields []jen.Code
	for _, p := range o.Params {
		typ, omit := fieldType(queryable(p.Schema), p.Required)
		fields = append(fields, docLines(p.Desc, p.Deprecated)...)
		fields = append(fields, jen.Id(p.GoName).Add(typ).Tag(jsonTag(p.ArgName(), omit)))
	}
	f.Commentf("%s holds the path and query parameters of %s.", ParamsType(o), o.GoName)
	f.Type().Id(ParamsType(o)).Struct(fields...)
	f.Line()
}

// queryable drops nullability from parameter schemas: a parameter is either
// sent or not.
func queryable(s *model.Schema) *model.Schema {
	if !s.Nullable {
		return s
	}
	c := *s
	c.Nullable = false
	return &c
}

var pathVarRE = regexp.MustCompile(`\{([^}]+)\}`)

// pathExpr builds the request path: literal segments joined with escaped
// parameter values.
func pathExpr(o *model.Operation) jen.Code {
	var parts []jen.Code
	rest := o.Path
	for {
		loc := pathVarRE.FindStringSubmatchIndex(rest)
		if loc == nil {
			break
		}
		if loc[0] > 0 {
			parts = append(parts, jen.Lit(rest[:loc[0]]))
		}
		name := rest[loc[2]:loc[3]]
		var p *model.Param
		for _, q := range o.Params {
			if q.In == model.InPath && q.Name == name {
				p = q
			}
		}
		val := jen.Id("params").Dot(p.GoName)
		if p.Schema.Kind != model.KindString {
			val = jen.Qual("fmt", "Sprint").Call(val)
		}
		parts = append(parts, jen.Qual("net/url", "PathEscape").Call(val))
		rest = rest[loc[1]:]
	}
	if rest != "" {
		parts = append(parts, jen.Lit(rest))
	}
	expr := jen.Add(parts[0])
	for _, p := range parts[1:] {
		expr = expr.Op("+").Add(p)
	}
	return expr
}

// queryStmts adds each query parameter to q.
func queryStmts(o *model.Operation) []jen.Code {
	var out []jen.Code
	for _, p := range o.Params {
		if p.In != model.InQuery {
			continue
		}
		field := jen.Id("params").Dot(p.GoName)
		s := queryable(p.Schema)
		switch {
		case s.Kind == model.KindArray || s.Kind == model.KindOneOrMany:
			out = append(out, jen.Qual(APIClientPath, "AddQueryList").Call(jen.Id("q"), jen.Lit(p.Name), field, jen.Lit(p.Explode)))
		case p.Required:
			out = append(out, jen.Qual(APIClientPath, "AddQuery").Call(jen.Id("q"), jen.Lit(p.Name), field))
		default:
			out = append(out, jen.If(field.Clone().Op("!=").Nil()).Block(
				jen.Qual(APIClientPath, "AddQuery").Call(jen.Id("q"), jen.Lit(p.Name), jen.Op("*").Add(field.Clone())),
			))
		}
	}
	return out
}

// emitMethod writes the client method of one operation.
func (e *emitter) emitMethod(f *jen.File, o *model.Operation) {
	args := []jen.Code{jen.Id("ctx").Qual("context", "Context")}
	if len(o.Params) > 0 {
		args = append(args, jen.Id("params").Id(ParamsType(o)))
	}
	if o.Body != nil {
		args = append(args, jen.Id("body").Add(BodyType(o, "")))
	}
	result := ResultType(o)
	var results []jen.Code
	if result != nil {
		results = append(results, result)
	}
	results = append(results, jen.Error())

	var body []jen.Code
	req := jen.Dict{
		jen.Id("Op"):     jen.Lit(o.ID),
		jen.Id("Method"): jen.Lit(o.Method),
		jen.Id("Path"):   pathExpr(o),
	}
	if qs := queryStmts(o); len(qs) > 0 {
		body = append(body, jen.Id("q").Op(":=").Qual("net/url", "Values").Values())
		body = append(body, qs...)
		req[jen.Id("Query")] = jen.Id("q")
	}
	if o.Body != nil {
		req[jen.Id("Body")] = jen.Id("body")
	}
	body = append(body, jen.Id("r").Op(":=").Qual(APIClientPath, "Request").Values(req))
	r := o.Response
	switch {
	case result == nil:
		body = append(body, jen.Return(jen.Id("c").Dot("Call").Call(jen.Id("ctx"), jen.Id("r"), jen.Nil())))
	case r.Binary():
		body = append(body, jen.Return(jen.Id("c").Dot("CallBinary").Call(jen.Id("ctx"), jen.Id("r"))))
	case hasNil(r.Schema):
		body = append(body,
			jen.Var().Id("out").Add(baseType(r.Schema)),
			jen.Err().Op(":=").Id("c").Dot("Call").Call(jen.Id("ctx"), jen.Id("r"), jen.Op("&").Id("out")),
			jen.Return(jen.Id("out"), jen.Err()))
	default:
		body = append(body,
			jen.Id("out").Op(":=").New(baseType(r.Schema)),
			jen.If(jen.Err().Op(":=").Id("c").Dot("Call").Call(jen.Id("ctx"), jen.Id("r"), jen.Id("out")), jen.Err().Op("!=").Nil()).Block(
				jen.Return(jen.Nil(), jen.Err())),
			jen.Return(jen.Id("out"), jen.Nil()))
	}

	head := fmt.Sprintf("%s calls %s, %s %s", o.GoName, o.ID, o.Method, o.Path)
	if o.Summary != "" {
		head += ": " + strings.TrimSuffix(comment("", o.Summary), ".") + "."
	} else {
		head += "."
	}
	f.Comment(head)
	if d := comment("", o.Desc); d != "" && d != comment("", o.Summary) {
		f.Comment("")
		f.Comment(d)
	}
	f.Comment("")
	f.Commentf("Dub answers %d on success.", statusOf(o))
	if o.Deprecated {
		f.Comment("")
		f.Comment("Deprecated: Dub marks this operation as deprecated.")
	}
	f.Func().Params(jen.Id("c").Op("*").Id("Client")).Id(o.GoName).Params(args...).Params(results...).Block(body...)
	f.Line()
}

func statusOf(o *model.Operation) int {
	if o.Response == nil {
		return 200
	}
	return o.Response.Status
}
