package generator

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// annotationSpec has one read and one delete, for TestAnnotationsFollowMethod.
const annotationSpec = `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /links/{linkId}:
    parameters:
      - {name: linkId, in: path, required: true, schema: {type: string}}
    get:
      operationId: getLink
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object}}}}
    delete:
      operationId: deleteLink
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object}}}}
`

// TestAnnotationsFollowMethod: read-only mode trusts readOnlyHint, so an
// overlay that marks a DELETE read-only or non-destructive (or a GET
// destructive) is refused, naming the overlay line of the annotation.
func TestAnnotationsFollowMethod(t *testing.T) {
	dir := t.TempDir()
	specPath := filepath.Join(dir, "spec.yaml")
	if err := os.WriteFile(specPath, []byte(annotationSpec), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, annotations string
		want              []string // ":line:column: message" parts
	}{
		{"deleteLink read-only", "  deleteLink:\n    annotations:\n      readOnly: true\n",
			[]string{":5:7: operation deleteLink: annotations.readOnly: true contradicts the HTTP method DELETE"}},
		{"deleteLink non-destructive", "  deleteLink:\n    annotations:\n      idempotent: true\n      destructive: false\n",
			[]string{":6:7: operation deleteLink: annotations.destructive: false contradicts the HTTP method DELETE"}},
		{"getLink destructive", "  getLink:\n    annotations:\n      destructive: true\n",
			[]string{":5:7: operation getLink: annotations.destructive: true contradicts the HTTP method GET"}},
		{"getLink not read-only", "  getLink:\n    annotations:\n      readOnly: false\n",
			[]string{":5:7: operation getLink: annotations.readOnly: false contradicts the HTTP method GET"}},
		{"agreeing hints pass", "  deleteLink:\n    annotations:\n      readOnly: false\n      destructive: true\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ov := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "-")+".yaml")
			if err := os.WriteFile(ov, []byte("version: 1\noperations:\n"+tt.annotations), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Generate(Options{SpecPath: specPath, OverlayPath: ov, OutDir: "unused", ImportPath: "example.com/x"})
			if tt.want == nil {
				if err != nil {
					t.Fatalf("agreeing annotations refused: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("generation succeeded; want an error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), ov+w) {
					t.Errorf("error does not contain %q:\n%v", ov+w, err)
				}
			}
		})
	}
}
