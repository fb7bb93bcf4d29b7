package generator

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/dubgen/dubgen/generator/model"
	"github.com/dubgen/dubgen/generator/runtime/apiclient"
	"github.com/dubgen/dubgen/generator/runtime/mcptools"
	"github.com/dubgen/dubgen/generator/spec"
	"github.com/dubgen/dubgen/generator/surface"
)

// constraintSpec has every request-side constraint kind, at the top level,
// in list items and nested deeper than tool schemas list objects.
const constraintSpec = `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /things/{id}:
    post:
      operationId: putThing
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - name: tags
          in: query
          explode: false
          schema: {type: array, maxItems: 3, items: {type: string, minLength: 2}}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                keyLength: {type: integer, minimum: 3, maximum: 190}
                ratio: {type: number, minimum: 0, exclusiveMinimum: true, maximum: 1, exclusiveMaximum: true}
                name: {type: string, minLength: 2, maxLength: 20}
                domain: {type: string, pattern: '.*\.link$'}
                email: {type: string, format: email, pattern: "^(?!\\.)(?!.*\\.\\.)[^@]+@[^@]+\\.[a-z]{2,}$"}
                url: {type: string, format: uri, maxLength: 32000}
                image:
                  anyOf:
                    - {type: string, pattern: '^data:image/png;base64,'}
                    - {type: string, format: uri}
                variants:
                  type: array
                  minItems: 2
                  maxItems: 4
                  items:
                    type: object
                    required: [percentage]
                    properties:
                      percentage: {type: number, minimum: 10, maximum: 90}
                links:
                  type: array
                  items:
                    type: object
                    properties:
                      testVariants:
                        type: array
                        minItems: 2
                        maxItems: 4
                        items:
                          type: object
                          required: [percentage]
                          properties:
                            percentage: {type: number, minimum: 10, maximum: 90}
                            kind: {type: string, enum: [split, holdout]}
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object}}}}
`

// TestEveryConstraintKindReachesTheRuntime follows each constraint kind
// from the spec to the model, to the listed schema (where it is listed)
// and to the runtime, which refuses a value breaking it before any
// request leaves.
func TestEveryConstraintKindReachesTheRuntime(t *testing.T) {
	api, _, err := spec.LoadData("constraints.yaml", []byte(constraintSpec))
	if err != nil {
		t.Fatal(err)
	}
	// 1. The model carries every constraint.
	body := api.Operations[0].Body.Schema
	prop := func(name string) *model.Schema { return body.Property(name).Schema }
	ptr := func(p *int) int {
		if p == nil {
			return -1
		}
		return *p
	}
	num := func(p *float64) float64 {
		if p == nil {
			return -1
		}
		return *p
	}
	for _, c := range []struct {
		what      string
		got, want any
	}{
		{"keyLength minimum", num(prop("keyLength").Minimum), 3.0},
		{"keyLength maximum", num(prop("keyLength").Maximum), 190.0},
		{"ratio exclusive minimum", prop("ratio").ExclusiveMin, true},
		{"ratio exclusive maximum", prop("ratio").ExclusiveMax, true},
		{"name minLength", ptr(prop("name").MinLength), 2},
		{"name maxLength", ptr(prop("name").MaxLength), 20},
		{"domain pattern", prop("domain").Pattern, `.*\.link$`},
		{"email format", prop("email").Format, "email"},
		{"email pattern", strings.HasPrefix(prop("email").Pattern, "^(?!"), true},
		{"variants minItems", ptr(prop("variants").MinItems), 2},
		{"variants maxItems", ptr(prop("variants").MaxItems), 4},
		{"nested percentage maximum", num(prop("links").Items.Property("testVariants").Schema.Items.Property("percentage").Schema.Maximum), 90.0},
		{"image keeps what both alternatives say", prop("image").Format + "|" + prop("image").Pattern, "uri|"},
	} {
		if c.got != c.want {
			t.Errorf("model: %s = %v, want %v", c.what, c.got, c.want)
		}
	}

	tools, err := surface.Build(api)
	if err != nil {
		t.Fatal(err)
	}
	tool := tools[0]
	// 2. The listed schema shows the ones an agent needs.
	listed, err := surface.Marshal(tool.Input)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"keyLength":{"maximum":190,"minimum":3,`, `"ratio":{"exclusiveMaximum":1,"exclusiveMinimum":0,`,
		`"name":{"maxLength":20,"minLength":2,`, `"pattern":".*\\.link$"`, `"maxItems":4,"minItems":2,`, `"format":"email"`,
		`"percentage":{"maximum":90,"minimum":10,`, `"tags":{"items":{"minLength":2,"type":"string"},"maxItems":3,`} {
		if !strings.Contains(string(listed), want) {
			t.Errorf("listed schema lacks %s:\n%s", want, listed)
		}
	}
	for _, not := range []string{`32000`, `(?!`} {
		if strings.Contains(string(listed), not) {
			t.Errorf("listed schema shows %s, which costs bytes and helps no agent:\n%s", not, listed)
		}
	}
	// 3. The runtime gets them all, by path, and refuses each break.
	limits := tool.Rules.Limits
	for _, path := range []string{"keyLength", "ratio", "name", "domain", "email", "url", "image", "variants", "variants[].percentage",
		"links[].testVariants", "links[].testVariants[].percentage", "links[].testVariants[].kind", "links[].testVariants[]", "tags", "tags[]"} {
		if _, ok := limits[path]; !ok {
			t.Errorf("no runtime limit at %s (have %v)", path, limits)
		}
	}
	var sent atomic.Int32
	cl := serveTool(t, tool, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sent.Add(1)
		_, _ = w.Write([]byte(`{}`))
	}))
	for _, c := range []struct {
		args map[string]any
		want string
	}{
		{map[string]any{"keyLength": 2}, "keyLength: 2, at least 3"},
		{map[string]any{"ratio": 0}, "ratio: 0, must be greater than 0"},
		{map[string]any{"name": strings.Repeat("n", 21)}, "name: 21 characters, at most 20"},
		{map[string]any{"domain": "example.com"}, "domain does not match the pattern"},
		{map[string]any{"email": "a..b@example.com"}, "email does not match the pattern"},
		{map[string]any{"url": "https://example.com/" + strings.Repeat("a", 40000)}, "url: 40020 characters, at most 32000"},
		{map[string]any{"image": "no scheme"}, "image is not a valid uri"},
		{map[string]any{"variants": []any{map[string]any{"percentage": 50}}}, "variants: 1 items, at least 2"},
		{map[string]any{"variants": []any{map[string]any{"percentage": 50}, map[string]any{"percentage": 95}}}, "variants[1].percentage: 95, at most 90"},
		{map[string]any{"links": []any{map[string]any{}, map[string]any{"testVariants": []any{map[string]any{"percentage": 5}, map[string]any{"percentage": 50}}}}},
			"links[1].testVariants[0].percentage: 5, at least 10"},
		{map[string]any{"links": []any{map[string]any{"testVariants": []any{map[string]any{"kind": "split", "percentage": 50}, map[string]any{"kind": "other", "percentage": 50}}}}},
			`links[0].testVariants[1].kind cannot be "other"; allowed values: split, holdout`},
		{map[string]any{"links": []any{map[string]any{"testVariants": []any{map[string]any{"percentage": 50}, map[string]any{"kind": "split"}}}}},
			`links[0].testVariants[1]: missing required field "percentage"`},
		{map[string]any{"tags": []any{"aa", "b"}}, "tags[1]: 1 characters, at least 2"},
		{map[string]any{"tags": []any{"aa", "bb,cc,dd,ee"}}, "tags[1] contains a comma"},
		{map[string]any{"id": ".."}, `argument "id" cannot be ".."`},
	} {
		if _, ok := c.args["id"]; !ok {
			c.args["id"] = "t1"
		}
		if got := callText(t, cl, tool.Name, c.args); !strings.Contains(got, c.want) {
			t.Errorf("%v: %q, want %q", c.args, got, c.want)
		}
	}
	if n := sent.Load(); n != 0 {
		t.Errorf("%d requests left; every call broke a constraint", n)
	}
	if got := callText(t, cl, tool.Name, map[string]any{"id": "t1", "keyLength": 3, "domain": "a.link", "tags": []any{"aa"}}); sent.Load() != 1 {
		t.Errorf("a valid call was refused: %s", got)
	}
}

// serveTool serves tool, as the generated code would describe it, over
// an in-process MCP client whose API is api.
func serveTool(t *testing.T, tool *surface.Tool, api http.Handler) *client.Client {
	t.Helper()
	in, err := surface.Marshal(tool.Input)
	if err != nil {
		t.Fatal(err)
	}
	s := mcptools.Spec{
		Tool:        mcp.Tool{Name: tool.Name, RawInputSchema: in, Annotations: mcp.ToolAnnotation{ReadOnlyHint: mcp.ToBoolPtr(false), DestructiveHint: mcp.ToBoolPtr(false)}},
		OperationID: tool.Op.ID, Method: tool.Op.Method, Route: tool.Op.Path, Toolset: tool.Toolset,
		Body:  map[surface.BodyMode]mcptools.BodyKind{surface.BodyNone: mcptools.BodyNone, surface.BodyArray: mcptools.BodyArray}[tool.BodyMode],
		Rules: mcptools.Rules{Limits: tool.Rules.Limits},
	}
	if tool.BodyMode == surface.BodyObject || tool.BodyMode == surface.BodyUnion {
		s.Body = mcptools.BodyObject
	}
	for _, a := range tool.Args {
		in := map[string]mcptools.In{"path": mcptools.InPath, "query": mcptools.InQuery, "body": mcptools.InBody}[a.In]
		s.Args = append(s.Args, mcptools.Arg{Name: a.Name, Wire: a.Wire, In: in, Required: a.Required})
	}
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	ms := server.NewMCPServer("constraints", "0")
	c := apiclient.NewClient(apiclient.WithBaseURL(srv.URL), apiclient.WithHTTPClient(srv.Client()), apiclient.WithAPIKey("k"))
	if err := mcptools.Register(ms, c, &mcptools.Catalog{Specs: []mcptools.Spec{s}}); err != nil {
		t.Fatal(err)
	}
	cl, err := client.NewInProcessClient(ms)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cl.Close() })
	ctx := context.Background()
	if err := cl.Start(ctx); err != nil {
		t.Fatal(err)
	}
	var init mcp.InitializeRequest
	init.Params.ProtocolVersion = mcp.LATEST_PROTOCOL_VERSION
	if _, err := cl.Initialize(ctx, init); err != nil {
		t.Fatal(err)
	}
	return cl
}

// callText calls a tool and returns its text content.
func callText(t *testing.T, cl *client.Client, name string, args map[string]any) string {
	t.Helper()
	var req mcp.CallToolRequest
	req.Params.Name, req.Params.Arguments = name, args
	res, err := cl.CallTool(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	var parts []string
	for _, c := range res.Content {
		if tc, ok := mcp.AsTextContent(c); ok {
			parts = append(parts, tc.Text)
		}
	}
	return strings.Join(parts, "\n")
}
