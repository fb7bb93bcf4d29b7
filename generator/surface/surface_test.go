package surface

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/dubgen/dubgen/generator/diag"
	"github.com/dubgen/dubgen/generator/model"
	"github.com/dubgen/dubgen/generator/overlay"
)

func TestBrief(t *testing.T) {
	tests := []struct {
		name, text string
		context    []string
		want       string
	}{
		{"first sentence", "The sort order. The default is `desc`.", nil, "The sort order."},
		{"markdown and docs link", "Allow search engines to index your short link. Learn more: https://d.to/noindex", nil,
			"Allow search engines to index your short link."},
		{"backquotes", "Use `tagIds` for several.", nil, "Use tagIds for several."},
		{"markdown link", "See [the guide](https://example.com/x) first.", nil, "See the guide first."},
		{"abbreviation", "Country code, e.g. US. Case-insensitive.", nil, "Country code, e.g. US."},
		{"lower case after the period", "Values: a. b and c.", nil, "Values: a. b and c."},
		{"first paragraph", "One line\nwrapped.\n\nSecond paragraph.", nil, "One line wrapped."},
		{"restates the names", "The ID of the tag to delete.", []string{"delete_tag", "id"}, ""},
		{"restates, plural and possessive", "The tag IDs to filter the links by.", []string{"get_links", "tagIds"}, ""},
		{"restates nested names", "The UTM term of the short link.", []string{"bulk_update_links", "data", "utm_term"}, ""},
		{"says something new", "The customer's country in ISO 3166-1 alpha-2 format.", []string{"update_customer", "country"},
			"The customer's country in ISO 3166-1 alpha-2 format."},
		{"no context keeps it", "The ID of the tag.", nil, "The ID of the tag."},
		{"empty", "  ", []string{"x"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Brief(tt.text, tt.context...); got != tt.want {
				t.Errorf("Brief(%q, %q) = %q, want %q", tt.text, tt.context, got, tt.want)
			}
		})
	}
}

func TestNameWords(t *testing.T) {
	for name, want := range map[string]string{
		"partnerId": "partner id", "utm_source": "utm source", "get_qr_code": "get qr code",
		"testCompletedAt": "test completed at", "ids": "ids",
	} {
		if got := strings.Join(nameWords(name), " "); got != want {
			t.Errorf("nameWords(%q) = %q, want %q", name, got, want)
		}
	}
}

func compact(t *testing.T, s *Schema) string {
	t.Helper()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestOutputSchema: agents see the result's top only, wrapped as the
// handler wraps it; the detail stays in Result.
func TestOutputSchema(t *testing.T) {
	str := &model.Schema{Kind: model.KindString}
	obj := &model.Schema{Kind: model.KindObject, Properties: []*model.Property{{Name: "id", Required: true, Schema: str}}}
	other := &model.Schema{Kind: model.KindObject, Properties: []*model.Property{{Name: "n", Schema: &model.Schema{Kind: model.KindNumber}}}}
	tests := []struct {
		name   string
		s      *model.Schema
		paged  bool
		wrap   string
		output string
	}{
		// {"type":"object"} would say nothing: no schema.
		{"object", obj, false, "", `null`},
		{"map", &model.Schema{Kind: model.KindMap, Items: str}, false, "", `null`},
		{"paged array", &model.Schema{Kind: model.KindArray, Items: obj}, true, "items",
			`{"properties":{"items":{"items":{"type":"object"},"type":"array"},"next":{"description":"Arguments for the next page, if any.","type":"object"}},"required":["items"],"type":"object"}`},
		{"array of objects", &model.Schema{Kind: model.KindArray, Items: obj}, false, "items",
			`{"properties":{"items":{"items":{"type":"object"},"type":"array"}},"required":["items"],"type":"object"}`},
		{"array of strings", &model.Schema{Kind: model.KindArray, Items: str}, false, "items",
			`{"properties":{"items":{"items":{"type":"string"},"type":"array"}},"required":["items"],"type":"object"}`},
		{"array of nullable objects", &model.Schema{Kind: model.KindArray, Items: &model.Schema{Kind: model.KindObject, Nullable: true}}, false, "items",
			`{"properties":{"items":{"items":{},"type":"array"}},"required":["items"],"type":"object"}`},
		{"array of a union of objects", &model.Schema{Kind: model.KindArray, Items: &model.Schema{Kind: model.KindUnion, Variants: []*model.Schema{obj, other}}}, false, "items",
			`{"properties":{"items":{"items":{"type":"object"},"type":"array"}},"required":["items"],"type":"object"}`},
		{"mixed union", &model.Schema{Kind: model.KindUnion, Variants: []*model.Schema{obj, &model.Schema{Kind: model.KindArray, Items: obj}}}, false, "result",
			`{"properties":{"result":{}},"required":["result"],"type":"object"}`},
		{"number", &model.Schema{Kind: model.KindNumber}, false, "result",
			`{"properties":{"result":{"type":"number"}},"required":["result"],"type":"object"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, wrap := outputSchema(tt.s, tt.paged)
			if wrap != tt.wrap || compact(t, out) != tt.output {
				t.Errorf("outputSchema = %s wrapped in %q, want %s in %q", compact(t, out), wrap, tt.output, tt.wrap)
			}
		})
	}

	op := &model.Operation{ID: "listThings", Method: "GET", Path: "/things",
		Response: &model.Response{Status: 200, ContentType: "application/json", Schema: &model.Schema{Kind: model.KindArray, Items: obj}}}
	tool := build(op, &diag.List{})
	if got, want := compact(t, tool.Result), `{"properties":{"items":{"items":{"properties":{"id":{"type":"string"}},"required":["id"],"type":"object"},"type":"array"}},"required":["items"],"type":"object"}`; got != want {
		t.Errorf("Result = %s, want %s", got, want)
	}
}

// TestInputTrims: spec text shortened, deprecated nested inputs and zero
// defaults left out; what an agent needs stays.
func TestInputTrims(t *testing.T) {
	f := 0.0
	link := &model.Schema{Kind: model.KindObject, Properties: []*model.Property{
		{Name: "url", Required: true, Schema: &model.Schema{Kind: model.KindString, Desc: "The destination URL. Learn more: https://x.y"}},
		{Name: "tagId", Schema: &model.Schema{Kind: model.KindString, Deprecated: true, Desc: "Deprecated: use tagIds."}},
		{Name: "archived", Schema: &model.Schema{Kind: model.KindBoolean, Default: false}},
		{Name: "keyLength", Schema: &model.Schema{Kind: model.KindNumber, Default: f}},
		{Name: "sort", Schema: &model.Schema{Kind: model.KindString, Default: "desc", Enum: []any{"asc", "desc"}}},
	}}
	op := &model.Operation{ID: "makeThing", Method: "POST", Path: "/things",
		Params: []*model.Param{{Name: "id", In: model.InQuery, Desc: "The ID of the thing.", Schema: &model.Schema{Kind: model.KindString}}},
		Body:   &model.Body{ContentType: "application/json", Schema: &model.Schema{Kind: model.KindObject, Properties: []*model.Property{{Name: "link", Schema: link}}}}}
	tool := build(op, &diag.List{})
	want := `{"properties":{"id":{"type":"string"},"link":{"properties":{"archived":{"type":"boolean"},"keyLength":{"type":"number"},` +
		`"sort":{"default":"desc","enum":["asc","desc"],"type":"string"},"url":{"description":"The destination URL.","type":"string"}},"required":["url"],"type":"object"}},"type":"object"}`
	if got := compact(t, tool.Input); got != want {
		t.Errorf("input\n got %s\nwant %s", got, want)
	}
	if strings.Join(tool.Hidden, ",") != "link.tagId" {
		t.Errorf("hidden fields %v, want link.tagId", tool.Hidden)
	}

	// An array body renamed by bodyParam takes its hidden fields along.
	bulk := &model.Operation{ID: "bulkThings", Method: "POST", Path: "/things/bulk",
		Body: &model.Body{ContentType: "application/json", Schema: &model.Schema{Kind: model.KindArray, Items: link}}}
	ov, err := overlay.Parse("o.yaml", []byte("version: 1\noperations:\n  bulkThings:\n    bodyParam: links\n"))
	if err != nil {
		t.Fatal(err)
	}
	tools, _, _, err := BuildWithOverlay(&model.API{Operations: []*model.Operation{bulk}}, ov, true)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(tools[0].Hidden, ",") != "links[].tagId" {
		t.Errorf("hidden fields after bodyParam %v, want links[].tagId", tools[0].Hidden)
	}
}

// TestOverlayParamTexts: an overlay description replaces the spec's, an
// empty one removes it, and bareFields strips the fields' descriptions.
func TestOverlayParamTexts(t *testing.T) {
	link := &model.Schema{Kind: model.KindObject, Properties: []*model.Property{
		{Name: "url", Schema: &model.Schema{Kind: model.KindString, Desc: "Where the link goes."}},
	}}
	op := &model.Operation{ID: "makeThing", Method: "POST", Path: "/things",
		Body: &model.Body{ContentType: "application/json", Schema: &model.Schema{Kind: model.KindObject, Properties: []*model.Property{
			{Name: "link", Schema: link},
			{Name: "note", Schema: &model.Schema{Kind: model.KindString, Desc: "A free-text note shown to admins."}},
			{Name: "label", Schema: &model.Schema{Kind: model.KindString, Desc: "Some label text."}},
		}}}}
	f, err := overlay.Parse("o.yaml", []byte(`version: 1
operations:
  makeThing:
    params:
      link: {description: "Link fields, as in create_link.", bareFields: true}
      note: {description: ""}
      label: {description: Shown in lists.}
`))
	if err != nil {
		t.Fatal(err)
	}
	tools, _, ds, err := BuildWithOverlay(&model.API{Operations: []*model.Operation{op}}, f, true)
	if err != nil {
		t.Fatalf("%v %v", err, ds)
	}
	want := `{"properties":{"label":{"description":"Shown in lists.","type":"string"},` +
		`"link":{"description":"Link fields, as in create_link.","properties":{"url":{"type":"string"}},"type":"object"},"note":{"type":"string"}},"type":"object"}`
	if got := compact(t, tools[0].Input); got != want {
		t.Errorf("input\n got %s\nwant %s", got, want)
	}

	bad, err := overlay.Parse("o.yaml", []byte("version: 1\noperations:\n  makeThing:\n    params:\n      note: {bareFields: true}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := BuildWithOverlay(&model.API{Operations: []*model.Operation{op}}, bad, true); err == nil || !strings.Contains(err.Error(), `bareFields on "note", which has no fields`) {
		t.Errorf("bareFields on a string: %v", err)
	}
}

// TestRuleSentence: a rule is stated in the description unless the
// overlay's description already names all of its arguments.
func TestRuleSentence(t *testing.T) {
	r := Rules{Identity: [][]string{{"linkId"}, {"domain", "key"}}, Together: [][]string{{"domain", "key"}, {"start", "end"}},
		Requires: map[string][]string{"key": {"domain"}}}
	if got, want := r.sentence(""), "Identify it by exactly one of: linkId; domain + key. Give start and end together. key requires domain."; got != want {
		t.Errorf("sentence = %q, want %q", got, want)
	}
	stated := "Fetch a link by linkId, or by domain and key together."
	if got, want := r.sentence(stated), "Give start and end together."; got != want {
		t.Errorf("with the identity stated: %q, want %q", got, want)
	}
	// Whole words only: "keys" and "domains" do not name key and domain.
	if got := r.sentence("Lists linkIds across domains and keys."); !strings.HasPrefix(got, "Identify it by") {
		t.Errorf("partial words counted as stated: %q", got)
	}
	v := Rules{Variant: &VariantRule{Arg: "type", Requires: map[string][]string{"custom": {"amount"}, "sale": {"saleAmount"}}}}
	if got := v.sentence("Pick a type."); got != "type custom needs amount; type sale needs saleAmount." {
		t.Errorf("variant: %q", got)
	}
	if got := v.sentence("type custom takes amount; type sale takes saleAmount."); got != "" {
		t.Errorf("stated variant repeated: %q", got)
	}
}

// TestSchemaMarshalsLikeASortedMap: the typed Schema marshals byte for
// byte as the same JSON object with sorted keys (how the map it replaced
// marshalled, and how tools/list, the manifest and the tool snapshots
// were written), keeping an empty properties object and an empty items
// schema, and leaving out what is unset.
func TestSchemaMarshalsLikeASortedMap(t *testing.T) {
	three := 3
	s := &Schema{Type: "object", Description: "d<&>", Required: []string{"a"}, Properties: map[string]*Schema{
		"a": {Type: "array", Items: &Schema{}, MaxItems: &three, Default: []any{}},
		"b": {Type: "string", Enum: []any{"x", "y"}, Format: "uri", Default: "x"},
		"c": {Description: "either", AnyOf: []*Schema{{Type: "string"}, {Type: "object", Properties: map[string]*Schema{}}}},
		"d": {Type: "boolean", Default: false},
	}}
	got := compact(t, s)
	var generic map[string]any
	if err := json.Unmarshal([]byte(got), &generic); err != nil {
		t.Fatal(err)
	}
	want, err := json.Marshal(generic)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("typed schema:\n%s\nas a sorted map:\n%s", got, want)
	}
	for _, part := range []string{`"items":{}`, `"properties":{}`, `"default":false`, `"default":[]`} {
		if !strings.Contains(got, part) {
			t.Errorf("%s lacks %s", got, part)
		}
	}
	if got := compact(t, &Schema{}); got != "{}" {
		t.Errorf("empty schema marshals as %s", got)
	}
}
