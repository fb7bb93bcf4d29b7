package emitmcp

import (
	"github.com/dave/jennifer/jen"

	"github.com/dubgen/dubgen/generator/emitclient"
	"github.com/dubgen/dubgen/generator/render"
)

const serverPkg = "github.com/mark3labs/mcp-go/server"

// facade returns the MCP package's entry points: Register, Tools, the
// default toolsets (a fact of the overlay) and thin re-exports of the
// runtime's options and types, so that users import one package.
func facade(cfg Config) *jen.File {
	f := render.NewFile(cfg.Package, "generator/emitmcp (package entry points over generator/runtime/mcptools)")
	f.PackageComment("Package " + cfg.Package + " exposes the Dub API (https://dub.co) as Model Context")
	f.PackageComment("Protocol tools for mcp-go servers, one tool per API operation.")
	f.PackageComment("")
	f.PackageComment("[Register] adds the tools, optionally filtered, to a [server.MCPServer].")
	f.PackageComment("For the streamable HTTP transport, [HTTPContextFunc] lets every MCP")
	f.PackageComment("client authenticate with its own Dub API key. This package holds the")
	f.PackageComment("tools as data (tools_gen.go); the mcptools runtime package builds their")
	f.PackageComment("handlers and implements the options.")
	f.ImportName(MCPToolsPath, "mcptools")
	f.ImportName(cfg.ClientImport, cfg.ClientPackage)
	f.ImportName(emitclient.APIClientPath, "apiclient")
	f.ImportName(serverPkg, "server")
	rt := func(name string) *jen.Statement { return jen.Qual(MCPToolsPath, name) }

	f.Comment("DefaultToolsets is the core set named \"default\" in a toolset list (from")
	f.Comment("the overlay). With no toolset option, every toolset is served.")
	f.Var().Id("DefaultToolsets").Op("=").Add(strList(cfg.DefaultToolsets))
	f.Line()
	f.Comment("catalog is every tool as data, with the facts that hold across them.")
	f.Var().Id("catalog").Op("=").Op("&").Add(rt("Catalog")).Values(jen.Dict{
		jen.Id("Specs"):           jen.Id("specs"),
		jen.Id("DefaultToolsets"): jen.Id("DefaultToolsets"),
	})
	f.Line()

	for _, a := range []struct{ name, doc string }{
		{"Tool", "Tool is one MCP tool plus the metadata filters need."},
		{"Option", "Option configures [Register]."},
		{"Selection", "Selection narrows which tools are served; see [ContextWithSelection]."},
		{"ConfirmFallback", "ConfirmFallback says what a destructive call does when confirmation is on but the client cannot ask its user."},
	} {
		f.Comment(a.doc)
		f.Type().Id(a.name).Op("=").Add(rt(a.name))
	}
	f.Line()
	f.Comment("Confirmation fallbacks for [WithConfirmDestructive].")
	f.Const().Defs(
		jen.Comment("ConfirmRefuse refuses the call and tells the agent to ask the user (the zero value)."),
		jen.Id("ConfirmRefuse").Op("=").Add(rt("ConfirmRefuse")),
		jen.Comment("ConfirmAllow runs the call unconfirmed."),
		jen.Id("ConfirmAllow").Op("=").Add(rt("ConfirmAllow")),
	)
	f.Comment("Request headers that narrow the tool set of one HTTP request (see [HTTPContextFunc]).")
	var hdrs []jen.Code
	for _, h := range []string{"HeaderReadOnly", "HeaderToolsets", "HeaderTools", "HeaderExcludeTools", "HeaderNoBulk"} {
		hdrs = append(hdrs, jen.Id(h).Op("=").Add(rt(h)))
	}
	f.Const().Defs(hdrs...)
	f.Comment("Names of the dynamic-mode meta-tools (see [WithDynamic]).")
	var metas []jen.Code
	for _, m := range []string{"SearchToolsName", "DescribeToolName", "CallToolName"} {
		metas = append(metas, jen.Id(m).Op("=").Add(rt(m)))
	}
	f.Const().Defs(metas...)
	f.Line()

	client := jen.Op("*").Qual(cfg.ClientImport, "Client")
	f.Comment("Register adds the selected tools to s; the tools call Dub through c. It")
	f.Comment("returns an error, and adds nothing, if s or c is nil, a filter is nil, an")
	f.Comment("option names an unknown tool or toolset, or s rejects a tool. Per request,")
	f.Comment("[HTTPContextFunc] (or [ContextWithSelection]) can narrow the served tools")
	f.Comment("further, never widen them.")
	f.Func().Id("Register").Params(jen.Id("s").Op("*").Qual(serverPkg, "MCPServer"), jen.Id("c").Add(client), jen.Id("opts").Op("...").Id("Option")).Error().Block(
		jen.Return(rt("Register").Call(jen.Id("s"), jen.Id("core").Call(jen.Id("c")), jen.Id("catalog"), jen.Id("opts").Op("..."))),
	)
	f.Comment("Tools returns all tools, sorted by name, calling Dub through c.")
	f.Func().Id("Tools").Params(jen.Id("c").Add(client)).Index().Id("Tool").Block(
		jen.Return(rt("Tools").Call(jen.Id("core").Call(jen.Id("c")), jen.Id("catalog"))),
	)
	f.Comment("core is the runtime client inside c (nil for a nil c).")
	f.Func().Id("core").Params(jen.Id("c").Add(client)).Op("*").Qual(emitclient.APIClientPath, "Client").Block(
		jen.If(jen.Id("c").Op("==").Nil()).Block(jen.Return(jen.Nil())),
		jen.Return(jen.Id("c").Dot("Client")),
	)
	f.Comment("Toolsets lists the toolsets of tools, sorted.")
	f.Func().Id("Toolsets").Params(jen.Id("tools").Index().Id("Tool")).Index().String().Block(
		jen.Return(rt("Toolsets").Call(jen.Id("tools"))))
	f.Line()

	type fn struct {
		name, doc    string
		params, args []jen.Code
		results      []jen.Code
	}
	names := []jen.Code{jen.Id("names").Op("...").String()}
	namesArg := []jen.Code{jen.Id("names").Op("...")}
	opt := []jen.Code{jen.Id("Option")}
	ctx := jen.Qual("context", "Context")
	for _, o := range []fn{
		{name: "WithFilter", doc: "WithFilter keeps only the tools for which keep returns true.", params: []jen.Code{jen.Id("keep").Func().Params(jen.Id("Tool")).Bool()}, args: []jen.Code{jen.Id("keep")}, results: opt},
		{name: "WithToolNames", doc: "WithToolNames keeps only the named tools (names or aliases).", params: names, args: namesArg, results: opt},
		{name: "WithDeny", doc: "WithDeny drops the named tools.", params: names, args: namesArg, results: opt},
		{name: "WithToolsets", doc: "WithToolsets keeps only the tools of these toolsets (\"default\": [DefaultToolsets]; \"all\").", params: names, args: namesArg, results: opt},
		{name: "WithReadOnly", doc: "WithReadOnly serves only GET tools; it overrides every other option.", results: opt},
		{name: "WithoutBulk", doc: "WithoutBulk drops the bulk tools, which skip Dub's webhooks.", results: opt},
		{name: "WithSelection", doc: "WithSelection applies a whole [Selection] (e.g. parsed from flags).", params: []jen.Code{jen.Id("sel").Id("Selection")}, args: []jen.Code{jen.Id("sel")}, results: opt},
		{name: "WithDynamic", doc: "WithDynamic registers the search_tools, describe_tool and call_tool meta-tools instead of every tool.", results: opt},
		{name: "WithMaxResultBytes", doc: "WithMaxResultBytes caps a tool result's JSON at n bytes (default 60,000; 0: no cap).", params: []jen.Code{jen.Id("n").Int()}, args: []jen.Code{jen.Id("n")}, results: opt},
		{name: "WithPageSize", doc: "WithPageSize sets the page size list tools ask for when the agent gives none (default 25; 0: Dub's).", params: []jen.Code{jen.Id("n").Int()}, args: []jen.Code{jen.Id("n")}, results: opt},
		{name: "WithConfirmDestructive", doc: "WithConfirmDestructive asks the user before a destructive tool runs (a multi round-trip elicitation; elicitation/create for 2025-era clients).", params: []jen.Code{jen.Id("fallback").Id("ConfirmFallback")}, args: []jen.Code{jen.Id("fallback")}, results: opt},
		{name: "WithConfirmKey", doc: "WithConfirmKey makes confirmation states HMACs under key; give every replica the same key.", params: []jen.Code{jen.Id("key").Index().Byte()}, args: []jen.Code{jen.Id("key")}, results: opt},
		{name: "WithPacing", doc: "WithPacing holds the tools' requests inside Dub's per-key limits p (per minute; per second on analytics and events).", params: []jen.Code{jen.Id("p").Qual(emitclient.APIClientPath, "Pacing")}, args: []jen.Code{jen.Id("p")}, results: opt},
		{name: "ContextWithSelection", doc: "ContextWithSelection returns ctx carrying a per-request selection, applied on top of Register's options.", params: []jen.Code{jen.Id("ctx").Add(ctx), jen.Id("sel").Id("Selection")}, args: []jen.Code{jen.Id("ctx"), jen.Id("sel")}, results: []jen.Code{ctx}},
		{name: "SelectionFromContext", doc: "SelectionFromContext returns the per-request selection, if any.", params: []jen.Code{jen.Id("ctx").Add(ctx)}, args: []jen.Code{jen.Id("ctx")}, results: []jen.Code{jen.Id("Selection"), jen.Bool()}},
		{name: "HTTPContextFunc", doc: "HTTPContextFunc is a server.HTTPContextFunc: the Dub API key from \"Authorization: Bearer <key>\", and the X-Dub-* narrowing headers.", params: []jen.Code{jen.Id("ctx").Add(ctx), jen.Id("r").Op("*").Qual("net/http", "Request")}, args: []jen.Code{jen.Id("ctx"), jen.Id("r")}, results: []jen.Code{ctx}},
	} {
		f.Comment(o.doc)
		f.Func().Id(o.name).Params(o.params...).Params(o.results...).Block(jen.Return(rt(o.name).Call(o.args...)))
	}
	return f
}
