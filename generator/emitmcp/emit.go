// Package emitmcp writes the mcp-go tool package (generated/dubmcp) from
// the tool surface: one constructor per tool whose handler decodes the
// arguments, calls the typed client and returns structured content, plus
// the hand-written runtime in runtime/ and the tool-surface manifest.
package emitmcp

import (
	"embed"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/dubgen/dubgen/generator/emitclient"
	"github.com/dubgen/dubgen/generator/model"
	"github.com/dubgen/dubgen/generator/naming"
	"github.com/dubgen/dubgen/generator/render"
	"github.com/dubgen/dubgen/generator/surface"
)

//go:embed runtime/*.go
var runtimeFS embed.FS

const (
	mcpPkg    = "github.com/mark3labs/mcp-go/mcp"
	serverPkg = "github.com/mark3labs/mcp-go/server"
)

// Config says where the generated package lives and what it was built from.
type Config struct {
	// Package is the MCP package name (e.g. dubmcp).
	Package string
	// ClientImport is the import path of the generated client package.
	ClientImport string
	// ClientPackage is the client package's name (e.g. dub).
	ClientPackage string
	// SpecName and SpecSHA256 identify the spec, for the manifest.
	SpecName, SpecSHA256 string
}

// Emit returns the files of the MCP package, by file name, for the tools
// of api without an overlay.
func Emit(api *model.API, cfg Config) (map[string][]byte, error) {
	tools, err := surface.Build(api)
	if err != nil {
		return nil, err
	}
	return EmitTools(tools, cfg)
}

// EmitTools is Emit for an already computed tool surface.
func EmitTools(tools []*surface.Tool, cfg Config) (map[string][]byte, error) {
	files, err := render.Runtime(runtimeFS, "runtime", cfg.Package, "generator/emitmcp/runtime",
		map[string]string{emitclient.RuntimeImportPath: cfg.ClientImport}, "toolfactories.go")
	if err != nil {
		return nil, err
	}
	f := render.NewFile(cfg.Package, "generator/emitmcp (one constructor per tool)")
	f.ImportName(cfg.ClientImport, cfg.ClientPackage)
	f.ImportName(mcpPkg, "mcp")
	f.ImportName(serverPkg, "server")

	var factories []jen.Code
	for _, t := range tools {
		factories = append(factories, jen.Id(constructor(t)))
	}
	f.Comment("toolFactories builds every tool; Tools and Register use it.")
	f.Var().Id("toolFactories").Op("=").Index().Func().Params(jen.Op("*").Qual(cfg.ClientImport, "Client")).Id("Tool").Values(factories...)
	f.Line()
	for _, t := range tools {
		if err := emitTool(f, t, cfg); err != nil {
			return nil, err
		}
	}
	if files["tools_gen.go"], err = render.Jen("tools_gen.go", f); err != nil {
		return nil, err
	}
	if files[ManifestFile], err = Manifest(tools, cfg); err != nil {
		return nil, err
	}
	snaps, err := Snapshots(tools)
	if err != nil {
		return nil, err
	}
	for name, b := range snaps {
		files[name] = b
	}
	return files, nil
}

func constructor(t *surface.Tool) string {
	return "new" + naming.Exported(t.Name) + "Tool"
}

func emitTool(f *jen.File, t *surface.Tool, cfg Config) error {
	in, err := surface.Marshal(t.Input)
	if err != nil {
		return fmt.Errorf("tool %s input schema: %w", t.Name, err)
	}
	a := t.Annotations
	hint := func(v bool) jen.Code { return jen.Qual(mcpPkg, "ToBoolPtr").Call(jen.Lit(v)) }
	// The title goes in the definition only: annotations.title would repeat
	// it in every listing (clients fall back to it only when the
	// definition has none).
	ann := []jen.Code{
		kv("ReadOnlyHint", hint(a.ReadOnly)),
		kv("DestructiveHint", hint(a.Destructive)),
		kv("IdempotentHint", hint(a.Idempotent)),
		kv("OpenWorldHint", hint(a.OpenWorld)),
	}
	def := []jen.Code{kv("Name", jen.Lit(t.Name))}
	if t.Title != "" {
		def = append(def, kv("Title", jen.Lit(t.Title)))
	}
	def = append(def,
		kv("Description", str(t.Description)),
		kv("Annotations", jen.Qual(mcpPkg, "ToolAnnotation").Custom(multi, ann...)),
		kv("RawInputSchema", jen.Qual("encoding/json", "RawMessage").Call(jen.Id(inputConst(t)))),
	)
	if t.Output != nil {
		out, err := surface.Marshal(t.Output)
		if err != nil {
			return fmt.Errorf("tool %s output schema: %w", t.Name, err)
		}
		def = append(def, kv("RawOutputSchema", jen.Qual("encoding/json", "RawMessage").Call(str(string(out)))))
	}
	var tags []jen.Code
	for _, tag := range t.Op.Tags {
		tags = append(tags, jen.Lit(tag))
	}
	op := t.Op
	var aliases []jen.Code
	for _, a := range t.Aliases {
		aliases = append(aliases, jen.Lit(a))
	}
	// The self-contained input schema is listed and also checked against
	// (argSpec.inputJSON), so it is written once.
	f.Commentf("%s is the %s tool's self-contained input schema.", inputConst(t), t.Name)
	f.Const().Id(inputConst(t)).Op("=").Add(str(string(in)))
	if err := emitArgSpec(f, t); err != nil {
		return err
	}
	compact, err := compactField(t)
	if err != nil {
		return err
	}
	f.Commentf("%s builds the %s tool: operationId %s, %s %s.", constructor(t), t.Name, op.ID, op.Method, op.Path)
	f.Func().Id(constructor(t)).Params(jen.Id("c").Op("*").Qual(cfg.ClientImport, "Client")).Id("Tool").Block(
		jen.Return(jen.Id("Tool").Custom(multi,
			kv("OperationID", jen.Lit(op.ID)),
			kv("Method", jen.Lit(op.Method)),
			kv("Route", jen.Lit(op.Path)),
			kv("Tags", jen.Index().String().Values(tags...)),
			kv("Toolset", jen.Lit(t.Toolset)),
			kv("Aliases", aliasList(aliases)),
			compact,
			needsField(t),
			kv("ServerTool", jen.Qual(serverPkg, "ServerTool").Custom(multi,
				kv("Tool", jen.Qual(mcpPkg, "Tool").Custom(multi, def...)),
				kv("Handler", handler(t, cfg)),
			)),
		)),
	)
	f.Line()
	return nil
}

// compactField sets Tool.Compact to the tool's compact input schema, if
// it has one (else nothing: jen.Null renders nothing in a Custom list).
func compactField(t *surface.Tool) (jen.Code, error) {
	if t.Compact == nil {
		return jen.Null(), nil
	}
	b, err := surface.Marshal(t.Compact)
	if err != nil {
		return nil, fmt.Errorf("tool %s compact input schema: %w", t.Name, err)
	}
	return kv("Compact", jen.Qual("encoding/json", "RawMessage").Call(str(string(b)))), nil
}

// needsField sets Tool.Needs, if the tool has a compact schema.
func needsField(t *surface.Tool) jen.Code {
	if len(t.Needs) == 0 {
		return jen.Null()
	}
	var names []jen.Code
	for _, n := range t.Needs {
		names = append(names, jen.Lit(n))
	}
	return kv("Needs", jen.Index().String().Values(names...))
}

// inputConst is the name of a tool's input schema constant.
func inputConst(t *surface.Tool) string { return lowerFirst(naming.Exported(t.Name)) + "Input" }

// specVar is the name of a tool's argument spec variable.
func specVar(t *surface.Tool) string { return lowerFirst(naming.Exported(t.Name)) + "Args" }

func lowerFirst(s string) string { return strings.ToLower(s[:1]) + s[1:] }

// mapLit renders a map[string]V literal (jennifer sorts the keys).
func mapLit[V any](m map[string]V, valType jen.Code, val func(V) jen.Code) jen.Code {
	d := jen.Dict{}
	for k, v := range m {
		d[jen.Lit(k)] = val(v)
	}
	return jen.Map(jen.String()).Add(valType).Values(d)
}

// emitArgSpec writes the tool's argument spec: accepted names and rules.
func emitArgSpec(f *jen.File, t *surface.Tool) error {
	var allowed, required []jen.Code
	renames := jen.Dict{}
	for _, a := range t.Args {
		allowed = append(allowed, jen.Lit(a.Name))
		if a.Required {
			required = append(required, jen.Lit(a.Name))
		}
		if a.In == "body" && a.Wire != "" && a.Wire != a.Name {
			renames[jen.Lit(a.Name)] = jen.Lit(a.Wire)
		}
	}
	r := t.Rules
	fields := []jen.Code{kv("tool", jen.Lit(t.Name)), kv("allowed", jen.Index().String().Values(allowed...))}
	if len(required) > 0 {
		fields = append(fields, kv("required", jen.Index().String().Values(required...)))
	}
	strs := func(list []string) jen.Code {
		var out []jen.Code
		for _, v := range list {
			out = append(out, jen.Lit(v))
		}
		return jen.Values(out...)
	}
	groups := func(gs [][]string) jen.Code {
		var out []jen.Code
		for _, g := range gs {
			out = append(out, strs(g))
		}
		return jen.Index().Index().String().Values(out...)
	}
	if len(r.Enums) > 0 {
		fields = append(fields, kv("enums", mapLit(r.Enums, jen.Index().String(), strs)))
	}
	if len(r.MaxItems) > 0 {
		fields = append(fields, kv("maxItems", mapLit(r.MaxItems, jen.Int(), func(n int) jen.Code { return jen.Lit(n) })))
	}
	if len(r.Together) > 0 {
		fields = append(fields, kv("together", groups(r.Together)))
	}
	if len(r.Identity) > 0 {
		fields = append(fields, kv("identity", groups(r.Identity)))
	}
	if len(r.Requires) > 0 {
		fields = append(fields, kv("requires", mapLit(r.Requires, jen.Index().String(), strs)))
	}
	if len(r.Defaults) > 0 {
		// Defaults may be any JSON value; they travel as JSON text.
		b, err := json.Marshal(r.Defaults)
		if err != nil {
			return fmt.Errorf("tool %s defaults: %w", t.Name, err)
		}
		fields = append(fields, kv("defaultsJSON", str(string(b))))
	}
	if len(r.Examples) > 0 {
		fields = append(fields, kv("examples", mapLit(r.Examples, jen.String(), func(v string) jen.Code { return jen.Lit(v) })))
	}
	if len(renames) > 0 {
		fields = append(fields, kv("renames", jen.Map(jen.String()).String().Values(renames)))
	}
	if v := r.Variant; v != nil {
		fields = append(fields, kv("variantArg", jen.Lit(v.Arg)), kv("variants", mapLit(v.Requires, jen.Index().String(), strs)))
	}
	fields = append(fields, kv("inputJSON", jen.Id(inputConst(t))))
	if hidden := t.HiddenFields(); len(hidden) > 0 {
		fields = append(fields, kv("hiddenFields", jen.Index().String().Add(strs(hidden))))
	}
	if len(t.FieldsOf) > 0 {
		fields = append(fields, kv("fieldsOf", mapLit(t.FieldsOf, jen.String(), func(v string) jen.Code { return jen.Lit(v) })))
	}
	f.Var().Id(specVar(t)).Op("=").Op("&").Id("argSpec").Custom(multi, fields...)
	f.Line()
	return nil
}

// handler builds the tool's handler: check and decode the arguments, call
// the typed client, return structured content or an isError result.
func handler(t *surface.Tool, cfg Config) jen.Code {
	op := t.Op
	name := jen.Lit(t.Name)
	fail := func() jen.Code {
		return jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Id("errorResult").Call(name, jen.Err()), jen.Nil()))
	}
	var body []jen.Code
	params, bodyDst := jen.Code(jen.Nil()), jen.Code(jen.Nil())
	call := []jen.Code{jen.Id("ctx")}
	if len(op.Params) > 0 {
		body = append(body, jen.Var().Id("params").Qual(cfg.ClientImport, emitclient.ParamsType(op)))
		params = jen.Op("&").Id("params")
		call = append(call, jen.Id("params"))
	}
	bodyType := func() jen.Code { return emitclient.BodyType(op, cfg.ClientImport) }
	switch t.BodyMode {
	case surface.BodyObject, surface.BodyUnion:
		body = append(body, jen.Var().Id("body").Add(bodyType()))
		bodyDst = jen.Op("&").Id("body")
		call = append(call, jen.Id("body"))
	case surface.BodyArray:
		body = append(body, jen.Var().Id("in").Struct(
			jen.Id("Items").Add(bodyType()).Tag(map[string]string{"json": t.BodyArg}),
		))
		bodyDst = jen.Op("&").Id("in")
		call = append(call, jen.Id("in").Dot("Items"))
	}
	body = append(body,
		jen.If(jen.Err().Op(":=").Id(specVar(t)).Dot("decode").Call(jen.Id("req"), params, bodyDst), jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Id("errorResult").Call(name, jen.Err()), jen.Nil())),
	)
	method := jen.Id("c").Dot(op.GoName).Call(call...)
	r := op.Response
	switch {
	case r == nil || r.ContentType == "":
		body = append(body,
			jen.If(jen.Err().Op(":=").Add(method), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Id("errorResult").Call(name, jen.Err()), jen.Nil())),
			jen.Return(jen.Id("jsonResult").Call(jen.Map(jen.String()).Any().Values(jen.Dict{jen.Lit("ok"): jen.True()}), jen.Lit(""))))
	case t.Image:
		body = append(body, jen.List(jen.Id("out"), jen.Err()).Op(":=").Add(method), fail(),
			jen.Return(jen.Id("imageResult").Call(jen.Id("out")), jen.Nil()))
	default:
		body = append(body, jen.List(jen.Id("out"), jen.Err()).Op(":=").Add(method), fail(),
			jen.Return(jen.Id("jsonResult").Call(jen.Id("out"), jen.Lit(t.OutputWrap))))
	}
	return jen.Func().Params(
		jen.Id("ctx").Qual("context", "Context"),
		jen.Id("req").Qual(mcpPkg, "CallToolRequest"),
	).Params(jen.Op("*").Qual(mcpPkg, "CallToolResult"), jen.Error()).Block(body...)
}

// multi renders a composite literal with one element per line, in the
// order given (jen.Dict would sort the keys).
var multi = jen.Options{Open: "{", Close: "}", Separator: ",", Multi: true}

// kv is one "Key: value" element of a composite literal.
func kv(key string, v jen.Code) jen.Code { return jen.Id(key).Op(":").Add(v) }

// str is a string literal written raw (in backquotes), so JSON schemas
// stay readable; backquotes inside become "`" pieces joined with +.
func str(s string) jen.Code {
	if strings.ContainsRune(s, '\r') {
		return jen.Lit(s)
	}
	var pieces []string
	for i, p := range strings.Split(s, "`") {
		if i > 0 {
			pieces = append(pieces, `"`+"`"+`"`)
		}
		if p != "" {
			pieces = append(pieces, "`"+p+"`")
		}
	}
	if len(pieces) == 0 {
		return jen.Lit("")
	}
	return jen.Op(strings.Join(pieces, " + "))
}

func aliasList(aliases []jen.Code) jen.Code {
	if len(aliases) == 0 {
		return jen.Nil()
	}
	return jen.Index().String().Values(aliases...)
}
