package overlay

import (
	"strings"
	"testing"
)

func TestParseErrorsNamePlace(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"unknown top key", "version: 1\nfoo: bar\n", `x.yaml:2:1: unknown key "foo" in the overlay`},
		{"unknown op key", "version: 1\noperations:\n  getLinks:\n    titel: X\n", `x.yaml:4:5: unknown key "titel" in operations.getLinks; allowed:`},
		{"wrong type", "version: 1\noperations:\n  getLinks:\n    params:\n      page:\n        hidden: yes-please\n", `x.yaml:6:17: operations.getLinks.params.page.hidden must be true or false, got the string "yes-please"`},
		{"list expected", "version: 1\noperations:\n  getLinks:\n    warnings: just one\n", `x.yaml:4:15: operations.getLinks.warnings must be a list`},
		{"int expected", "version: 1\noperations:\n  a:\n    params:\n      p:\n        maxItems: many\n", `x.yaml:6:19: operations.a.params.p.maxItems must be an integer`},
		{"bad version", "version: 2\n", `x.yaml:1:1: version must be 1, got 2`},
		{"bad name", "version: 1\noperations:\n  getLinks:\n    name: Get-Links\n", `x.yaml:3:3: operation getLinks: name "Get-Links" must be snake_case`},
		{"undeclared toolset", "version: 1\ntoolsets: {links: L}\noperations:\n  getLinks:\n    toolset: linkz\n", `x.yaml:4:3: operation getLinks: toolset "linkz" is not declared`},
		{"bad yaml", "version: 1\n  oops: [\n", "x.yaml: yaml:"},
		{"empty", "", "x.yaml:1:1: the overlay is empty"},
		{"several problems", "version: 1\na: 1\nb: 2\n", `x.yaml:3:1: unknown key "b"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("x.yaml", []byte(tt.yaml))
			if err == nil {
				t.Fatal("want an error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %q does not contain %q", err, tt.want)
			}
		})
	}
}

func TestParseGood(t *testing.T) {
	f, err := Parse("x.yaml", []byte(`version: 1
toolsets: {links: Links.}
operations:
  getLinkInfo:
    title: Get link
    toolset: links
    params:
      key: {description: The slug., example: github}
      tagId: {drop: true}
    identity: [[linkId], [externalId], [domain, key]]
    requires: {key: [domain]}
    annotations: {readOnly: true}
    aliases: [retrieve_link]
`))
	if err != nil {
		t.Fatal(err)
	}
	op := f.Operations["getLinkInfo"]
	if op.Params["key"].Example != "github" || !op.Params["tagId"].Drop || len(op.Identity) != 3 || *op.Annotations.ReadOnly != true {
		t.Fatalf("decoded wrongly: %+v", op)
	}
	if got := f.Where(f.PosOf("getLinkInfo", "tagId")); got != "x.yaml:9:7" {
		t.Fatalf("position of tagId = %s", got)
	}
}

func TestRealOverlayLoads(t *testing.T) {
	f, err := Load("../../overlays/dub.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Operations) < 57 {
		t.Fatalf("overlay has %d operations", len(f.Operations))
	}
}
