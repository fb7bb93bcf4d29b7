// Package emitmcp writes the MCP tool package (generated/dubmcp) from the
// tool surface: every tool as data (one mcptools.Spec literal: definition,
// schemas, toolset, aliases, route, where each argument goes, rules,
// paging and bulk facts), the package's entry points over the runtime it
// imports (generator/runtime/mcptools), and the tool-surface manifest.
package emitmcp

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/dubgen/dubgen/generator/model"
	"github.com/dubgen/dubgen/generator/naming"
	"github.com/dubgen/dubgen/generator/render"
	"github.com/dubgen/dubgen/generator/surface"
)

const (
	mcpPkg = "github.com/mark3labs/mcp-go/mcp"
	// MCPToolsPath is the import path of the MCP runtime that generated
	// tool packages import.
	MCPToolsPath = "github.com/dubgen/dubgen/generator/runtime/mcptools"
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
	// DefaultToolsets are the toolsets "default" stands for (from the
	// overlay; none without one).
	DefaultToolsets []string
}

// EmitTools returns the files of the MCP package, by file name, for an
// already computed tool surface.
func EmitTools(tools []*surface.Tool, cfg Config) (map[string][]byte, error) {
	files := map[string][]byte{}
	var err error
	if files["register.go"], err = render.Jen("register.go", facade(cfg)); err != nil {
		return nil, err
	}
	f := render.NewFile(cfg.Package, "generator/emitmcp (one tool spec per operation)")
	f.ImportName(MCPToolsPath, "mcptools")
	f.ImportName(mcpPkg, "mcp")

	var specs []jen.Code
	for _, t := range tools {
		specs = append(specs, jen.Id(specVar(t)))
	}
	f.Comment("specs holds every tool as data; the mcptools runtime builds the handlers.")
	f.Var().Id("specs").Op("=").Index().Qual(MCPToolsPath, "Spec").Custom(multi, specs...)
	f.Line()
	for _, t := range tools {
		if err := emitTool(f, t); err != nil {
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

// emitTool writes the tool's input schema constant and its spec.
func emitTool(f *jen.File, t *surface.Tool) error {
	in, err := surface.Marshal(t.Input)
	if err != nil {
		return fmt.Errorf("tool %s input schema: %w", t.Name, err)
	}
	hint := func(v *bool) jen.Code { return jen.Qual(mcpPkg, "ToBoolPtr").Call(jen.Lit(*v)) }
	// The title goes in the definition only: annotations.title would repeat
	// it in every listing (clients fall back to it only when the
	// definition has none).
	// Hints equal to the protocol's defaults are left out (see
	// surface.Annotations.Listed).
	var ann []jen.Code
	l := t.Annotations.Listed()
	for _, h := range []struct {
		field string
		v     *bool
	}{{"ReadOnlyHint", l.ReadOnly}, {"DestructiveHint", l.Destructive}, {"IdempotentHint", l.Idempotent}, {"OpenWorldHint", l.OpenWorld}} {
		if h.v != nil {
			ann = append(ann, kv(h.field, hint(h.v)))
		}
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
	op := t.Op
	// The self-contained input schema is listed and also checked against,
	// so it is written once.
	f.Commentf("%s is the %s tool's self-contained input schema.", inputConst(t), t.Name)
	f.Const().Id(inputConst(t)).Op("=").Add(str(string(in)))
	compact, err := compactField(t)
	if err != nil {
		return err
	}
	rules, err := rulesField(t)
	if err != nil {
		return err
	}
	fields := []jen.Code{
		kv("Tool", jen.Qual(mcpPkg, "Tool").Custom(multi, def...)),
		kv("OperationID", jen.Lit(op.ID)),
		kv("Method", jen.Lit(op.Method)),
		kv("Route", jen.Lit(op.Path)),
		kv("Tags", strList(op.Tags)),
		kv("Toolset", jen.Lit(t.Toolset)),
	}
	if len(t.Aliases) > 0 {
		fields = append(fields, kv("Aliases", strList(t.Aliases)))
	}
	fields = append(fields, compact, needsField(t))
	if Bulk(t) {
		fields = append(fields, kv("Bulk", jen.True()))
	}
	fields = append(fields, kv("Args", argsField(t)))
	if body := bodyKind(t); body != "" {
		fields = append(fields, kv("Body", jen.Qual(MCPToolsPath, body)))
	}
	fields = append(fields, rules)
	if p, ok := pagingField(t); ok {
		fields = append(fields, kv("Paging", p))
	}
	switch r := op.Response; {
	case r == nil || r.ContentType == "":
		fields = append(fields, kv("Result", jen.Qual(MCPToolsPath, "ResultNone")))
	case t.Image:
		fields = append(fields, kv("Result", jen.Qual(MCPToolsPath, "ResultImage")))
	}
	if t.OutputWrap != "" {
		fields = append(fields, kv("Wrap", jen.Lit(t.OutputWrap)))
	}
	f.Commentf("%s is the %s tool: operationId %s, %s %s.", specVar(t), t.Name, op.ID, op.Method, op.Path)
	f.Var().Id(specVar(t)).Op("=").Qual(MCPToolsPath, "Spec").Custom(multi, fields...)
	f.Line()
	return nil
}

// Bulk reports whether a tool acts on many items at once: its route's
// last segment is "bulk" (Dub's /links/bulk, /commissions/bulk). Computed
// here, once; the runtime reads Spec.Bulk.
func Bulk(t *surface.Tool) bool {
	return strings.HasSuffix(t.Op.Path, "/bulk")
}

// argsField lists where each argument goes.
func argsField(t *surface.Tool) jen.Code {
	var out []jen.Code
	for _, a := range t.Args {
		d := []jen.Code{kv("Name", jen.Lit(a.Name))}
		if a.Wire != "" {
			d = append(d, kv("Wire", jen.Lit(a.Wire)))
		}
		in := map[string]string{"path": "InPath", "query": "InQuery", "body": "InBody"}[a.In]
		d = append(d, kv("In", jen.Qual(MCPToolsPath, in)))
		if a.Required {
			d = append(d, kv("Required", jen.True()))
		}
		if a.In == "query" && explode(t.Op, a.Wire) {
			d = append(d, kv("Explode", jen.True()))
		}
		if a.In == "body" && nullableBody(t.Op, a.Wire) {
			d = append(d, kv("Nullable", jen.True()))
		}
		out = append(out, jen.Values(d...))
	}
	return jen.Index().Qual(MCPToolsPath, "Arg").Custom(multi, out...)
}

// explode reports whether the query parameter wire is an exploded array.
func explode(op *model.Operation, wire string) bool {
	for _, p := range op.Params {
		if p.In == model.InQuery && p.Name == wire {
			k := p.Schema.Kind
			return p.Explode && (k == model.KindArray || k == model.KindOneOrMany)
		}
	}
	return false
}

// nullableBody reports whether the body property wire (of the body or of
// any of its variants) may be null.
func nullableBody(op *model.Operation, wire string) bool {
	if op.Body == nil || wire == "" {
		return false
	}
	objects := []*model.Schema{op.Body.Schema}
	if op.Body.Schema.Kind == model.KindUnion {
		objects = op.Body.Schema.Variants
	}
	for _, o := range objects {
		for _, p := range o.Properties {
			if p.Name == wire && p.Schema.Nullable {
				return true
			}
		}
	}
	return false
}

// bodyKind names the mcptools body constant ("" for none).
func bodyKind(t *surface.Tool) string {
	switch t.BodyMode {
	case surface.BodyObject, surface.BodyUnion:
		return "BodyObject"
	case surface.BodyArray:
		return "BodyArray"
	}
	return ""
}

// pagingField says which arguments page through results and Dub's default
// page size (the size argument's schema default).
func pagingField(t *surface.Tool) (jen.Code, bool) {
	has := func(name string) bool {
		return slices.ContainsFunc(t.Args, func(a surface.Arg) bool { return a.Name == name })
	}
	var d []jen.Code
	for _, name := range []string{"pageSize", "limit"} {
		if has(name) {
			d = append(d, kv("SizeArg", jen.Lit(name)))
			if p := t.Input.Property(name); p != nil {
				switch n := p.Default.(type) {
				case int:
					d = append(d, kv("DefaultSize", jen.Lit(n)))
				case float64:
					d = append(d, kv("DefaultSize", jen.Lit(int(n))))
				}
			}
			break
		}
	}
	if has("startingAfter") {
		d = append(d, kv("Cursor", jen.True()))
	}
	if has("page") {
		d = append(d, kv("Page", jen.True()))
	}
	if len(d) == 0 {
		return nil, false
	}
	return jen.Qual(MCPToolsPath, "Paging").Custom(multi, d...), true
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

// specVar is the name of a tool's spec variable.
func specVar(t *surface.Tool) string { return lowerFirst(naming.Exported(t.Name)) + "Tool" }

func lowerFirst(s string) string { return strings.ToLower(s[:1]) + s[1:] }

// mapLit renders a map[string]V literal (jennifer sorts the keys).
func mapLit[V any](m map[string]V, valType jen.Code, val func(V) jen.Code) jen.Code {
	d := jen.Dict{}
	for k, v := range m {
		d[jen.Lit(k)] = val(v)
	}
	return jen.Map(jen.String()).Add(valType).Values(d)
}

// strList renders a []string literal.
func strList(list []string) jen.Code {
	var out []jen.Code
	for _, v := range list {
		out = append(out, jen.Lit(v))
	}
	return jen.Index().String().Values(out...)
}

// limitLit writes a limit's set fields: {MaxLength: 32000}.
func limitLit(l surface.Limit) jen.Code {
	var f []jen.Code
	add := func(name string, set bool, v any) {
		if set {
			f = append(f, kv(name, jen.Lit(v)))
		}
	}
	add("Min", l.HasMin, l.Min)
	add("Max", l.HasMax, l.Max)
	add("HasMin", l.HasMin, true)
	add("HasMax", l.HasMax, true)
	add("ExclusiveMin", l.ExclusiveMin, true)
	add("ExclusiveMax", l.ExclusiveMax, true)
	add("MinLength", l.MinLength > 0, l.MinLength)
	add("MaxLength", l.MaxLength > 0, l.MaxLength)
	add("MinItems", l.MinItems > 0, l.MinItems)
	add("MaxItems", l.MaxItems > 0, l.MaxItems)
	add("Pattern", l.Pattern != "", l.Pattern)
	add("Format", l.Format != "", l.Format)
	if len(l.Enum) > 0 {
		f = append(f, kv("Enum", strList(l.Enum)))
	}
	if len(l.Required) > 0 {
		f = append(f, kv("Required", strList(l.Required)))
	}
	return jen.Values(f...)
}

// rulesField writes the tool's argument rules (nothing when it has none).
func rulesField(t *surface.Tool) (jen.Code, error) {
	r := t.Rules
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
	var fields []jen.Code
	if len(r.Enums) > 0 {
		fields = append(fields, kv("Enums", mapLit(r.Enums, jen.Index().String(), strs)))
	}
	if len(r.MaxItems) > 0 {
		fields = append(fields, kv("MaxItems", mapLit(r.MaxItems, jen.Int(), func(n int) jen.Code { return jen.Lit(n) })))
	}
	if len(r.Limits) > 0 {
		fields = append(fields, kv("Limits", mapLit(r.Limits, jen.Qual(MCPToolsPath, "Limit"), limitLit)))
	}
	if len(r.Together) > 0 {
		fields = append(fields, kv("Together", groups(r.Together)))
	}
	if len(r.Identity) > 0 {
		fields = append(fields, kv("Identity", groups(r.Identity)))
	}
	if len(r.Requires) > 0 {
		fields = append(fields, kv("Requires", mapLit(r.Requires, jen.Index().String(), strs)))
	}
	if len(r.Defaults) > 0 {
		// Defaults may be any JSON value; they travel as JSON text.
		b, err := json.Marshal(r.Defaults)
		if err != nil {
			return nil, fmt.Errorf("tool %s defaults: %w", t.Name, err)
		}
		fields = append(fields, kv("DefaultsJSON", str(string(b))))
	}
	if len(r.Examples) > 0 {
		fields = append(fields, kv("Examples", mapLit(r.Examples, jen.String(), func(v string) jen.Code { return jen.Lit(v) })))
	}
	if v := r.Variant; v != nil {
		fields = append(fields, kv("VariantArg", jen.Lit(v.Arg)), kv("Variants", mapLit(v.Requires, jen.Index().String(), strs)))
	}
	if hidden := t.HiddenFields(); len(hidden) > 0 {
		fields = append(fields, kv("HiddenFields", jen.Index().String().Add(strs(hidden))))
	}
	if len(t.FieldsOf) > 0 {
		fields = append(fields, kv("FieldsOf", mapLit(t.FieldsOf, jen.String(), func(v string) jen.Code { return jen.Lit(v) })))
	}
	if len(fields) == 0 {
		return jen.Null(), nil
	}
	return kv("Rules", jen.Qual(MCPToolsPath, "Rules").Custom(multi, fields...)), nil
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
