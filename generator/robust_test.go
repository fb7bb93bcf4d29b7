package generator

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/dubgen/dubgen/generator/surface"
	"github.com/dubgen/dubgen/generator/surfacediff"
)

// robustSpec is a one-operation spec: POST /a with the given request body
// schema and components.schemas (both YAML flow text, indented to fit),
// answering with an A.
func robustSpec(body, schemas string) string {
	return fmt.Sprintf(`openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    post:
      operationId: make_a
      requestBody:
        content:
          application/json:
            schema: %s
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/A"}}}}
components:
  schemas:
%s
`, body, schemas)
}

// wideSelf is an object of 30 optional properties, all itself: the
// wide-object rule makes it a map whose values are the object again.
func wideSelf() string {
	var b strings.Builder
	b.WriteString("    A:\n      type: object\n      properties:\n")
	for i := 1; i <= 30; i++ {
		fmt.Fprintf(&b, "        p%d: {$ref: \"#/components/schemas/A\"}\n", i)
	}
	return b.String()
}

// TestRecursiveShapesGenerate generates from specs whose body recurses
// through an array, a union or a compacted wide object: generation, gen
// check and gen diff finish, the listed schema is bounded, and the MCP
// runtime serves the tool and sends a call.
func TestRecursiveShapesGenerate(t *testing.T) {
	const ref = `{$ref: "#/components/schemas/A"}`
	inObject := `{type: object, properties: {x: ` + ref + `}}`
	for _, c := range []struct {
		name, body, schemas string
		args                map[string]any
	}{
		{"array of itself", ref, `    A: {type: array, items: ` + ref + `}`, map[string]any{"items": []any{[]any{}}}},
		{"array of itself in a property", inObject, `    A: {type: array, items: ` + ref + `}`, map[string]any{"x": []any{[]any{[]any{}}}}},
		{"union with itself", inObject, `    A: {oneOf: [` + ref + `, {type: string}]}`, map[string]any{"x": "s"}},
		{"union with a list of itself", inObject, `    A: {anyOf: [` + ref + `, {type: array, items: ` + ref + `}]}`, map[string]any{"x": []any{}}},
		{"map of itself", inObject, `    A: {type: object, additionalProperties: ` + ref + `}`, map[string]any{"x": map[string]any{"k": map[string]any{}}}},
		{"wide object of itself", ref, wideSelf(), map[string]any{"p1": map[string]any{}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "api.yaml")
			if err := os.WriteFile(path, []byte(robustSpec(c.body, c.schemas)), 0o644); err != nil {
				t.Fatal(err)
			}
			res, err := Generate(Options{SpecPath: path, OutDir: "unused", ImportPath: "example.com/x"})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Tools) != 1 {
				t.Fatalf("%d tools, want 1", len(res.Tools))
			}
			tool := res.Tools[0]
			in, err := surface.Marshal(tool.Input)
			if err != nil {
				t.Fatal(err)
			}
			if len(in) > 8<<10 {
				t.Errorf("input schema is %d bytes; recursion should end within the depth limit", len(in))
			}
			// gen diff loads the surface the same way.
			if _, _, err := surfacediff.Load(path, ""); err != nil {
				t.Errorf("surfacediff.Load: %v", err)
			}
			var sent atomic.Int32
			cl := serveTool(t, tool, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				sent.Add(1)
				_, _ = w.Write([]byte(`{}`))
			}))
			if got := callText(t, cl, tool.Name, c.args); sent.Load() != 1 {
				t.Errorf("call with %v was not sent: %s", c.args, got)
			}
		})
	}
}

// oneOp is a spec with one operation: method and path, operationId id
// (YAML), and body (a YAML flow schema, "" for none).
func oneOp(method, path, id, body string) string {
	b := ""
	if body != "" {
		b = "\n      requestBody:\n        content:\n          application/json:\n            schema: " + body
	}
	return fmt.Sprintf(`openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  %s:
    %s:
      operationId: %s%s
      responses: {"200": {description: ok}}
`, path, method, id, b)
}

// TestUnusableSpecPartsAreReported: operationIds that give no portable
// tool name, names that collide and bodies that cannot be flattened are
// warned about with their location, and every operation still gets a tool.
func TestUnusableSpecPartsAreReported(t *testing.T) {
	twoOps := `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /x:
    put: {operationId: "ü", responses: {"200": {description: ok}}}
    get: {operationId: ue, responses: {"200": {description: ok}}}
`
	longTwice := `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /x:
    get: {operationId: retrieveTheAnalyticsOfEveryPartnerInEveryProgramGroupedByDay, responses: {"200": {description: ok}}}
    put: {operationId: retrieveTheAnalyticsOfEveryPartnerInEveryProgramGroupedByWeek, responses: {"200": {description: ok}}}
`
	goTwice := `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    get: {operationId: get_links, responses: {"200": {description: ok}}}
  /b:
    get: {operationId: getLinks, responses: {"200": {description: ok}}}
`
	for _, c := range []struct {
		name, spec string
		tools      []string
		warns      []string
		// bodyArg is the argument taking the whole body, if any; body is
		// a value for it, sent as it is.
		bodyArg string
		body    any
	}{
		{"underscore", oneOp("get", "/links/all", "_", ""), []string{"get_links_all"}, []string{`GET /links/all (_): operationId "_" gives no portable tool name`, "overlay's name: key"}, "", nil},
		{"dash", oneOp("post", "/links", `"-"`, ""), []string{"post_links"}, []string{`POST /links (-): operationId "-"`}, "", nil},
		{"digits", oneOp("get", "/a", `"123"`, ""), []string{"get_a"}, []string{`GET /a (123): operationId "123"`}, "", nil},
		{"leading digit", oneOp("get", "/a", "1d_stats", ""), []string{"get_1d_stats"}, []string{`operationId "1d_stats"`}, "", nil},
		{"non-ASCII", oneOp("get", "/a", "größe", ""), []string{"groesse"}, []string{`GET /a (größe): operationId "größe"`}, "", nil},
		{"too long", oneOp("get", "/a", "retrieveTheAnalyticsOfEveryPartnerInEveryProgramGroupedByDay", ""),
			[]string{"retrieve_the_analytics_of_every_partner_in_every"}, []string{"GET /a (retrieveTheAnalyticsOfEveryPartnerInEveryProgramGroupedByDay): operationId", "longer than the 54 characters"}, "", nil},
		{"too long, twice", longTwice, []string{"retrieve_the_analytics_of_every_partner_in_every", "retrieve_the_analytics_of_every_partner_in_every_2"},
			[]string{"the tool name retrieve_the_analytics_of_every_partner_in_every is taken"}, "", nil},
		{"Go name collision", goTwice, []string{"get_links", "get_links_2"}, []string{`GET /b (getLinks): operationId "getLinks" gives the Go name GetLinks, which GET /a (get_links) already has; it is called GetLinks2 in Go`,
			"GET /b (getLinks): the tool name get_links is taken by operation get_links, so this one is called get_links_2"}, "", nil},
		{"collision", twoOps, []string{"ue", "ue_2"}, []string{"PUT /x (ü): the tool name ue is taken by operation ue, so this one is called ue_2"}, "", nil},
		{"union with an array", oneOp("put", "/a", "putA", `{oneOf: [{type: object, properties: {url: {type: string}}}, {type: array, items: {type: string}}]}`),
			[]string{"put_a"}, []string{"PUT /a (putA) request body: a body variant of kind array cannot be flattened"}, "body", []any{"x"}},
		{"map body", oneOp("post", "/a", "postA", `{type: object, additionalProperties: {type: string}}`), []string{"post_a"}, nil, "body", map[string]any{"k": "v"}},
		{"string body", oneOp("post", "/a", "postA", `{type: string}`), []string{"post_a"}, nil, "body", "text"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "api.yaml")
			if err := os.WriteFile(path, []byte(c.spec), 0o644); err != nil {
				t.Fatal(err)
			}
			res, err := Generate(Options{SpecPath: path, Strict: true, OutDir: "unused", ImportPath: "example.com/x"})
			if err != nil {
				t.Fatal(err)
			}
			if res.Failed(true) || len(res.Diagnostics.Errors()) > 0 {
				t.Errorf("spec findings count as drift or errors under --strict: drift %v, errors %v", res.Drift, res.Diagnostics.Errors())
			}
			var names []string
			for _, tool := range res.Tools {
				names = append(names, tool.Name)
			}
			if fmt.Sprint(names) != fmt.Sprint(c.tools) {
				t.Errorf("tools %v, want %v", names, c.tools)
			}
			var diags strings.Builder
			res.Diagnostics.Print(&diags)
			for _, w := range c.warns {
				if !strings.Contains(diags.String(), w) {
					t.Errorf("diagnostics lack %q:\n%s", w, diags.String())
				}
			}
			if c.bodyArg == "" {
				return
			}
			tool := res.Tools[0]
			if tool.BodyArg != c.bodyArg || tool.Input.Property(c.bodyArg) == nil {
				t.Fatalf("body argument %q (schema %v), want %q", tool.BodyArg, tool.Input.Property(c.bodyArg), c.bodyArg)
			}
			var got atomic.Value
			cl := serveTool(t, tool, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				b, _ := io.ReadAll(r.Body)
				got.Store(string(b))
				_, _ = w.Write([]byte(`{}`))
			}))
			reply := callText(t, cl, tool.Name, map[string]any{c.bodyArg: c.body})
			if want, _ := json.Marshal(c.body); got.Load() != string(want) {
				t.Errorf("sent body %v, want %s (reply %s)", got.Load(), want, reply)
			}
		})
	}
}

// TestMapValuesListed: a spec's own additionalProperties schema reaches
// agents (bounded like any nested shape); an untyped map lists none.
func TestMapValuesListed(t *testing.T) {
	for _, c := range []struct {
		name, prop, want string
	}{
		{"string values", `{type: object, additionalProperties: {type: string}}`, `"m":{"additionalProperties":{"type":"string"},"type":"object"}`},
		{"object values", `{type: object, additionalProperties: {type: object, properties: {n: {type: integer}}}}`,
			`"m":{"additionalProperties":{"properties":{"n":{"type":"integer"}},"type":"object"},"type":"object"}`},
		{"map of maps of maps", `{type: object, additionalProperties: {type: object, additionalProperties: {type: object, additionalProperties: {type: object, additionalProperties: {type: string}}}}}`,
			`"m":{"additionalProperties":{"additionalProperties":{"additionalProperties":{},"type":"object"},"type":"object"},"type":"object"}`},
		{"untyped values", `{type: object, additionalProperties: true}`, `"m":{"type":"object"}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "api.yaml")
			if err := os.WriteFile(path, []byte(oneOp("post", "/a", "postA", `{type: object, properties: {m: `+c.prop+`}}`)), 0o644); err != nil {
				t.Fatal(err)
			}
			res, err := Generate(Options{SpecPath: path, OutDir: "unused", ImportPath: "example.com/x"})
			if err != nil {
				t.Fatal(err)
			}
			in, err := surface.Marshal(res.Tools[0].Input)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(in), c.want) {
				t.Errorf("input schema %s\nlacks %s", in, c.want)
			}
		})
	}
}
