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
		{"unknown budget", "version: 1\nbudgets:\n  totl: 5\n", `x.yaml:3:3: unknown key "totl" in budgets; allowed: dynamic, perTool, toolsets, total`},
		{"budget not a number", "version: 1\nbudgets:\n  total: 40k\n", `x.yaml:3:10: budgets.total must be an integer, got the string "40k"`},
		{"negative budget", "version: 1\nbudgets:\n  perTool: -1\n", `x.yaml:3:3: budgets.perTool must be a positive number of bytes (or 0 for none), got -1`},
		{"budget of undeclared toolset", "version: 1\ntoolsets: {links: L}\nbudgets:\n  toolsets:\n    linkz: 100\n", `x.yaml:5:5: budgets.toolsets.linkz: toolset "linkz" is not declared under toolsets`},
		{"null description", "version: 1\noperations:\n  a:\n    params:\n      p:\n        description:\n", `x.yaml:6:21: operations.a.params.p.description must be a string, got null`},
		{"response without why", "version: 1\noperations:\n  a:\n    response:\n      items: [Link]\n", `x.yaml:4:5: operation a: response: why is required`},
		{"empty response", "version: 1\noperations:\n  a:\n    response: {why: Dub answers a string.}\n", `x.yaml:4:5: operation a: response: give items, or, or both`},
		{"response or not a type", "version: 1\noperations:\n  a:\n    response:\n      why: W.\n      or: [text]\n", `x.yaml:6:7: operation a: response.or: "text" is not a JSON type`},
		{"response items not a list", "version: 1\noperations:\n  a:\n    response:\n      why: W.\n      items: Link\n", `x.yaml:6:14: operations.a.response.items must be a list`},
		{"drop with bareFields", "version: 1\noperations:\n  a:\n    params:\n      p: {drop: true, bareFields: true}\n", `param p: drop excludes every other setting`},
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

func TestParseBudgetsAndDescriptions(t *testing.T) {
	f, err := Parse("x.yaml", []byte(`version: 1
toolsets: {links: Links., tags: Tags.}
budgets:
  total: 40000
  perTool: 2500
  toolsets:
    links: 12000
  dynamic: 3000
operations:
  getLinks:
    params:
      search: {description: ""}
      domain: {description: Short-link domain.}
      tagIds: {bareFields: true}
`))
	if err != nil {
		t.Fatal(err)
	}
	b := f.Budgets
	if b == nil || b.Total != 40000 || b.PerTool != 2500 || b.Toolsets["links"] != 12000 || b.Dynamic != 3000 {
		t.Fatalf("budgets decoded wrongly: %+v", b)
	}
	for path, want := range map[string]string{"total": "x.yaml:4:3", "toolsets.links": "x.yaml:7:5", "dynamic": "x.yaml:8:3", "toolsets.tags": "x.yaml:3:1"} {
		if got := f.Where(f.BudgetPos(path)); got != want {
			t.Errorf("position of budgets.%s = %s, want %s", path, got, want)
		}
	}
	ps := f.Operations["getLinks"].Params
	if d := ps["search"].Description; d == nil || *d != "" {
		t.Errorf(`description: "" must decode as an empty text (remove the spec's), got %v`, d)
	}
	if d := ps["domain"].Description; d == nil || *d != "Short-link domain." {
		t.Errorf("description: %v", d)
	}
	if ps["tagIds"].Description != nil || !ps["tagIds"].BareFields {
		t.Errorf("tagIds: %+v", ps["tagIds"])
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
	if f.Budgets == nil || f.Budgets.Total == 0 || f.Budgets.PerTool == 0 {
		t.Fatalf("overlay sets no total and per-tool budgets: %+v", f.Budgets)
	}
}
