package emitclient

import (
	"github.com/dave/jennifer/jen"

	"github.com/dubgen/dubgen/generator/render"
)

// APIClientPath is the import path of the hand-written client runtime that
// generated client packages import.
const APIClientPath = "github.com/dubgen/dubgen/generator/runtime/apiclient"

// facade returns the client package's entry points: the Client type (a
// defined type, so that the generated methods can hang off it, wrapping
// the runtime's client) and thin re-exports of the runtime's options,
// errors and value types, so that users import one package.
func facade(pkg string) *jen.File {
	f := render.NewFile(pkg, "generator/emitclient (package entry points over generator/runtime/apiclient)")
	f.PackageComment("Package " + pkg + " is a typed client for the Dub API (https://dub.co/docs/api-reference).")
	f.PackageComment("")
	f.PackageComment("Create a [Client] with [NewClient] and call its methods, one per API")
	f.PackageComment("operation. Every request is authenticated with a Dub API key, taken from")
	f.PackageComment("the request's context (see [ContextWithAPIKey]) or else from the client")
	f.PackageComment("(see [WithAPIKey]). Failed calls return an [*APIError] when Dub answered")
	f.PackageComment("with a non-2xx status. The HTTP core lives in the apiclient runtime")
	f.PackageComment("package; this package holds what the spec defines.")
	f.ImportName(APIClientPath, "apiclient")
	rt := func(name string) *jen.Statement { return jen.Qual(APIClientPath, name) }

	f.Comment("DefaultBaseURL is the Dub API endpoint used unless [WithBaseURL] says otherwise.")
	f.Const().Id("DefaultBaseURL").Op("=").Add(rt("DefaultBaseURL"))
	f.Comment("DefaultTimeout bounds each request unless [WithTimeout] says otherwise (30 s).")
	f.Const().Id("DefaultTimeout").Op("=").Add(rt("DefaultTimeout"))
	f.Comment("ErrNoAPIKey is returned (wrapped) when neither the request's context nor")
	f.Comment("the client holds an API key. No request is sent in that case.")
	f.Var().Id("ErrNoAPIKey").Op("=").Add(rt("ErrNoAPIKey"))
	f.Line()

	f.Comment("Client calls the Dub API: one method per operation. It is safe for")
	f.Comment("concurrent use. The embedded runtime client also offers Do (any")
	f.Comment("endpoint, JSON-decoded) and Raw (status, headers and body bytes as Dub")
	f.Comment("sent them); [ContextWithRawBody] gives a method's body as Dub sent it.")
	f.Type().Id("Client").Struct(jen.Op("*").Add(rt("Client")))
	f.Line()

	aliases := []struct{ name, doc string }{
		{"Option", "Option configures a [Client]."},
		{"APIError", "APIError is a non-2xx answer from Dub, with its rate-limit headers."},
		{"RateLimit", "RateLimit holds the rate-limit headers of an answer."},
		{"Binary", "Binary is a non-JSON response body, such as a QR code image."},
		{"Request", "Request describes one HTTP call, for [apiclient.Client.Raw]."},
		{"Response", "Response is a 2xx answer as Dub sent it, from [apiclient.Client.Raw]."},
		{"Pacing", "Pacing are per-key request limits for [WithPacing]: PerMinute on every path, PerSecond on /analytics and /events."},
	}
	for _, a := range aliases {
		f.Comment(a.doc)
		f.Type().Id(a.name).Op("=").Add(rt(a.name))
	}
	for _, g := range []struct{ name, doc string }{
		{"Nullable", "Nullable is an optional field that can also be null: absent, null or a value."},
		{"OneOrMany", "OneOrMany is a list that Dub also accepts (and may send) as a single value."},
	} {
		f.Comment(g.doc)
		f.Type().Id(g.name).Types(jen.Id("T").Any()).Op("=").Add(rt(g.name)).Types(jen.Id("T"))
	}
	f.Line()

	f.Comment("NewClient returns a client for [DefaultBaseURL], as modified by opts.")
	f.Comment("Unless [WithHTTPClient] gives another HTTP client it bounds each call")
	f.Comment("at 30 s, keeps a pool of 64 keep-alive connections, retries reads")
	f.Comment("(never writes) at most twice after a 5xx or a 429 asking for at most")
	f.Comment("3 s, fails answers over 8 MiB, and paces only with [WithPacing].")
	f.Func().Id("NewClient").Params(jen.Id("opts").Op("...").Id("Option")).Op("*").Id("Client").Block(
		jen.Return(jen.Op("&").Id("Client").Values(rt("NewClient").Call(jen.Id("opts").Op("...")))),
	)
	opts := []struct {
		name, doc string
		params    []jen.Code
		args      []jen.Code
	}{
		{"WithAPIKey", "WithAPIKey sets the API key used for requests whose context carries none.",
			[]jen.Code{jen.Id("key").String()}, []jen.Code{jen.Id("key")}},
		{"WithBaseURL", "WithBaseURL sets the API endpoint, e.g. a test server's URL.",
			[]jen.Code{jen.Id("u").String()}, []jen.Code{jen.Id("u")}},
		{"WithHTTPClient", "WithHTTPClient sets the HTTP client used to send requests (nil keeps the default).",
			[]jen.Code{jen.Id("h").Op("*").Qual("net/http", "Client")}, []jen.Code{jen.Id("h")}},
		{"WithUserAgent", "WithUserAgent sets the User-Agent header sent with every request.",
			[]jen.Code{jen.Id("ua").String()}, []jen.Code{jen.Id("ua")}},
		{"WithTimeout", "WithTimeout bounds each request (default [DefaultTimeout]; 0: no bound).",
			[]jen.Code{jen.Id("d").Qual("time", "Duration")}, []jen.Code{jen.Id("d")}},
		{"WithRetries", "WithRetries sets how often reads are retried (default 2, at most 5; 0: never). Writes never are.",
			[]jen.Code{jen.Id("n").Int()}, []jen.Code{jen.Id("n")}},
		{"WithMaxResponseBytes", "WithMaxResponseBytes bounds an answer's body (default 8 MiB; negative: no bound).",
			[]jen.Code{jen.Id("n").Int64()}, []jen.Code{jen.Id("n")}},
		{"WithPacing", "WithPacing holds requests inside p per API key (default: no pacing).",
			[]jen.Code{jen.Id("p").Id("Pacing")}, []jen.Code{jen.Id("p")}},
	}
	for _, o := range opts {
		f.Comment(o.doc)
		f.Func().Id(o.name).Params(o.params...).Id("Option").Block(jen.Return(rt(o.name).Call(o.args...)))
	}
	f.Comment("ContextWithAPIKey returns a copy of ctx carrying key; requests made with")
	f.Comment("it use key instead of the client's own, so one client serves many users.")
	f.Func().Id("ContextWithAPIKey").Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("key").String()).Qual("context", "Context").Block(
		jen.Return(rt("ContextWithAPIKey").Call(jen.Id("ctx"), jen.Id("key"))))
	f.Comment("APIKeyFromContext returns the key stored by [ContextWithAPIKey], if any.")
	f.Func().Id("APIKeyFromContext").Params(jen.Id("ctx").Qual("context", "Context")).Params(jen.String(), jen.Bool()).Block(
		jen.Return(rt("APIKeyFromContext").Call(jen.Id("ctx"))))
	f.Comment("ContextWithRawBody returns a copy of ctx that makes the client's methods")
	f.Comment("also store the 2xx response body, as Dub sent it, in *dst.")
	f.Func().Id("ContextWithRawBody").Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("dst").Op("*").Index().Byte()).Qual("context", "Context").Block(
		jen.Return(rt("ContextWithRawBody").Call(jen.Id("ctx"), jen.Id("dst"))))
	f.Comment("Ptr returns a pointer to v, for optional fields.")
	f.Func().Id("Ptr").Types(jen.Id("T").Any()).Params(jen.Id("v").Id("T")).Op("*").Id("T").Block(jen.Return(jen.Op("&").Id("v")))
	f.Comment("NewNullable returns a Nullable holding v.")
	f.Func().Id("NewNullable").Types(jen.Id("T").Any()).Params(jen.Id("v").Id("T")).Id("Nullable").Types(jen.Id("T")).Block(
		jen.Return(rt("NewNullable").Call(jen.Id("v"))))
	f.Comment("Null returns a Nullable that encodes as JSON null.")
	f.Func().Id("Null").Types(jen.Id("T").Any()).Params().Id("Nullable").Types(jen.Id("T")).Block(
		jen.Return(rt("Null").Types(jen.Id("T")).Call()))
	return f
}
