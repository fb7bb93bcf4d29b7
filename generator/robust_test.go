package generator

import (
	"fmt"
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
// schema and components.schemas (both YAML flow text, indented to fit).
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
        "200": {description: ok}
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
