package surface

import (
	"strings"
	"testing"

	"github.com/dubgen/dubgen/generator/model"
	"github.com/dubgen/dubgen/generator/overlay"
)

// sharingAPI has a create tool, an update tool that shares its arguments
// and a bulk tool whose items are create's arguments.
func sharingAPI() *model.API {
	str := func(desc string) *model.Schema { return &model.Schema{Kind: model.KindString, Desc: desc} }
	fields := func() []*model.Property {
		return []*model.Property{
			{Name: "url", Required: true, Schema: str("Where the link goes.")},
			{Name: "note", Schema: str("Shown to admins only.")},
		}
	}
	body := func(s *model.Schema) *model.Body { return &model.Body{ContentType: "application/json", Schema: s} }
	return &model.API{Operations: []*model.Operation{
		{ID: "createLink", Method: "POST", Path: "/links", Body: body(&model.Schema{Kind: model.KindObject, Properties: fields()})},
		{ID: "updateLink", Method: "PATCH", Path: "/links/{id}",
			Params: []*model.Param{{Name: "id", In: "path", Required: true, Schema: str("")}},
			Body:   body(&model.Schema{Kind: model.KindObject, Properties: fields()})},
		{ID: "bulkCreateLinks", Method: "POST", Path: "/links/bulk",
			Body: body(&model.Schema{Kind: model.KindObject, Properties: []*model.Property{
				{Name: "links", Required: true, Schema: &model.Schema{Kind: model.KindArray, Items: &model.Schema{Kind: model.KindObject, Properties: fields()}}},
				{Name: "label", Schema: &model.Schema{Kind: model.KindObject, Properties: fields()}},
			}})},
	}}
}

func buildShared(t *testing.T, yaml string, strict bool) (map[string]*Tool, string, error) {
	t.Helper()
	f, err := overlay.Parse("o.yaml", []byte("version: 1\noperations:\n"+yaml))
	if err != nil {
		t.Fatal(err)
	}
	tools, _, ds, err := BuildWithOverlay(sharingAPI(), f, strict)
	byName := map[string]*Tool{}
	for _, tl := range tools {
		byName[tl.Name] = tl
	}
	var msgs []string
	for _, d := range ds {
		msgs = append(msgs, d.String())
	}
	return byName, strings.Join(msgs, "\n"), err
}

// TestCompactSchemas: fieldsOf collapses an object argument (or an array's
// items) to a plain object, describedBy drops descriptions another tool
// gives word for word, and Input stays self-contained.
func TestCompactSchemas(t *testing.T) {
	tools, msgs, err := buildShared(t, `
  bulkCreateLinks:
    params:
      links: {description: "Links with create_link's fields.", fieldsOf: create_link}
  updateLink:
    describedBy: create_link
    params:
      note: {description: Shown to admins only; "" clears it.}
`, true)
	if err != nil {
		t.Fatalf("%v\n%s", err, msgs)
	}
	bulk, update := tools["bulk_create_links"], tools["update_link"]
	if got, want := compact(t, bulk.Compact), `{"properties":{"label":{"properties":{"note":{"description":"Shown to admins only.","type":"string"},"url":{"description":"Where the link goes.","type":"string"}},"required":["url"],"type":"object"},`+
		`"links":{"description":"Links with create_link's fields.","items":{"type":"object"},"type":"array"}},"required":["links"],"type":"object"}`; got != want {
		t.Errorf("bulk compact\n got %s\nwant %s", got, want)
	}
	if !strings.Contains(compact(t, bulk.Input), `"links":{"description":"Links with create_link's fields.","items":{"properties":{"note"`) {
		t.Errorf("bulk input lost its fields: %s", compact(t, bulk.Input))
	}
	if strings.Join(bulk.Needs, ",") != "create_link" || bulk.FieldsOf["links"] != "create_link" {
		t.Errorf("bulk needs %v, fieldsOf %v", bulk.Needs, bulk.FieldsOf)
	}
	// url's description is create_link's word for word, note's is not.
	if got, want := compact(t, update.Compact), `{"properties":{"id":{"type":"string"},"note":{"description":"Shown to admins only; \"\" clears it.","type":"string"},"url":{"type":"string"}},"required":["id","url"],"type":"object"}`; got != want {
		t.Errorf("update compact\n got %s\nwant %s", got, want)
	}
	if !strings.Contains(compact(t, update.Input), `"url":{"description":"Where the link goes."`) {
		t.Errorf("update input lost a description: %s", compact(t, update.Input))
	}
	if tools["create_link"].Compact != nil {
		t.Errorf("create_link got a compact schema")
	}

	served := map[string]bool{"bulk_create_links": true}
	if got := compact(t, bulk.Listed(func(n string) bool { return served[n] })); got != compact(t, bulk.Input) {
		t.Errorf("listed without create_link: %s", got)
	}
	served["create_link"] = true
	if got := compact(t, bulk.Listed(func(n string) bool { return served[n] })); got != compact(t, bulk.Compact) {
		t.Errorf("listed with create_link: %s", got)
	}
}

// TestCompactMistakes: every misuse of fieldsOf and describedBy is named,
// with its place in the overlay; a tool that is gone is drift.
func TestCompactMistakes(t *testing.T) {
	tests := []struct {
		name, yaml string
		strict     bool
		want       string
		wantErr    bool
	}{
		{"unknown tool, strict", `
  bulkCreateLinks:
    params:
      links: {description: See x., fieldsOf: create_thing}
`, true, `o.yaml:6:7: operation bulkCreateLinks: fieldsOf names "create_thing", which is not a tool`, true},
		{"unknown tool, lenient", `
  updateLink:
    describedBy: gone_tool
`, false, `warning: o.yaml:4:3: operation updateLink: describedBy names "gone_tool", which is not a tool`, false},
		{"itself", `
  updateLink:
    describedBy: update_link
`, true, `describedBy names the tool itself`, true},
		{"no fields", `
  bulkCreateLinks:
    params:
      links: {description: See create_link.}
  updateLink:
    params:
      note: {description: x, fieldsOf: create_link}
`, true, `fieldsOf on "note", which has no fields`, true},
		{"no description", `
  bulkCreateLinks:
    params:
      links: {description: "", fieldsOf: create_link}
`, true, `fieldsOf on "links" needs a description saying where its fields are`, true},
		{"hidden", `
  bulkCreateLinks:
    params:
      label: {hidden: true, fieldsOf: create_link}
`, true, `fieldsOf on "label", which is not a listed argument`, true},
		{"nothing shared", `
  createLink:
    params:
      url: {description: Destination.}
      note: {description: For admins.}
  updateLink:
    describedBy: create_link
`, true, `describedBy create_link, but no argument's description is the same as that tool's`, true},
		{"cycle", `
  createLink:
    describedBy: update_link
  updateLink:
    describedBy: create_link
`, true, `tools create_link -> update_link -> create_link refer to each other`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, msgs, err := buildShared(t, tt.yaml, tt.strict)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v\n%s", err, tt.wantErr, msgs)
			}
			if !strings.Contains(msgs, tt.want) {
				t.Errorf("diagnostics\n%s\nwant %q", msgs, tt.want)
			}
		})
	}
}
