package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestCommandsFinishOnAwkwardSpecs: check, diff and surface-report finish
// (exit 0) on a spec that recurses through an array, a union and a wide
// object compacted into a map of itself, whose ids give no portable tool
// name, and whose body is a oneOf with an array option.
func TestCommandsFinishOnAwkwardSpecs(t *testing.T) {
	t.Parallel()
	spec := `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    post:
      operationId: "_"
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {arr: {$ref: "#/components/schemas/Arr"}, uni: {$ref: "#/components/schemas/Uni"}, wide: {$ref: "#/components/schemas/Wide"}}}
      responses: {"200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Arr"}}}}}
    put:
      operationId: "123"
      requestBody:
        content:
          application/json:
            schema: {oneOf: [{type: object, properties: {a: {type: string}}}, {type: array, items: {type: string}}]}
      responses: {"200": {description: ok}}
components:
  schemas:
    Arr: {type: array, items: {$ref: "#/components/schemas/Arr"}}
    Uni: {oneOf: [{$ref: "#/components/schemas/Uni"}, {type: string}]}
    Wide:
      type: object
      properties:
`
	for _, p := range []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t"} {
		spec += "        " + p + `: {$ref: "#/components/schemas/Wide"}` + "\n"
	}
	dir := t.TempDir()
	path, ov := filepath.Join(dir, "api.yaml"), filepath.Join(dir, "overlay.yaml")
	if err := os.WriteFile(path, []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(ov, []byte("version: 1\noperations: {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name   string
		args   []string
		stdout []string
	}{
		{"check", []string{"check", "--spec", path, "--overlay", ov}, []string{"covers 0 of 2 operations"}},
		{"diff", []string{"diff", "--old", path, "--new", path}, []string{"No changes to the tool surface."}},
		{"surface-report", []string{"surface-report", "--spec", path}, []string{"tools/list: 2 tools"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			runGen(t, tt.args, 0, tt.stdout, nil)
		})
	}
}
