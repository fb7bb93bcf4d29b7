package spec

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/dubgen/dubgen/generator/model"
)

// eventSpec has webhook-style event components, sorted before everything
// else, that hold inline copies of what operations send and return; and a
// sort-order enum several list operations share.
const eventSpec = `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /widgets:
    get:
      operationId: listWidgetApplications
      parameters:
        - {name: sortOrder, in: query, schema: {type: string, enum: [asc, desc]}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: array
                items: {type: object, required: [id, state], properties: {id: {type: string}, state: {type: string, enum: [pending, approved, rejected]}}}
  /gadgets:
    get:
      operationId: listGadgets
      parameters:
        - {name: sortOrder, in: query, schema: {type: string, enum: [asc, desc]}}
        - {name: order, in: query, schema: {type: string, enum: [asc, desc]}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: array, items: {type: string}}}}}
  /widgets/ban:
    post:
      operationId: banWidget
      requestBody:
        content:
          application/json:
            schema: {type: object, required: [reason], properties: {reason: {type: string, enum: [spam, fraud, other]}}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object, properties: {widgetId: {type: string}}}}}}
  /gadgets/ban:
    post:
      operationId: banGadget
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object, properties: {widgetId: {type: string}}}}}}
  /gizmos:
    get:
      operationId: listGizmos
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: array, items: {type: object, properties: {id: {type: string}, size: {type: number}}}}}}}
  /gizmos/one:
    get:
      operationId: getGizmo
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object, properties: {id: {type: string}, size: {type: number}}}}}}
  /a-orders:
    get:
      operationId: getOrder
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object, properties: {gizmo: {type: object, properties: {label: {type: string}}}}}}}}
  /a-invoices:
    get:
      operationId: getInvoice
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object, properties: {gizmo: {type: object, properties: {label: {type: string}}}}}}}}
components:
  schemas:
    AWidgetEnrolledEvent:
      type: object
      properties:
        data:
          type: object
          properties:
            bannedReason: {type: string, enum: [spam, fraud, other]}
            application: {type: object, required: [id, state], properties: {id: {type: string}, state: {type: string, enum: [pending, approved, rejected]}}}
            result: {type: object, properties: {widgetId: {type: string}}}
`

// TestNoEventNamesInOperations: no type an operation uses is named after a
// component schema that no operation uses (a webhook event), for the
// constructed spec and both shared Dub specs.
func TestNoEventNamesInOperations(t *testing.T) {
	for name, data := range specsForNames(t) {
		t.Run(name, func(t *testing.T) {
			api, _, err := LoadData(name, data)
			if err != nil {
				t.Fatal(err)
			}
			used := opReachable(api)
			usedNames, components := map[string]bool{}, map[string]bool{}
			for s := range used {
				usedNames[s.Name] = true
			}
			var unused []string
			for _, ty := range api.Types {
				if rest, ok := strings.CutPrefix(ty.Origin, "components.schemas."); ok && !strings.Contains(rest, ".") {
					components[ty.Name] = true
					if !usedNames[ty.Name] {
						unused = append(unused, ty.Name)
					}
				}
			}
			if name == "constructed" && len(unused) == 0 {
				t.Fatal("the constructed spec should have a component no operation uses")
			}
			bad := 0
			for n := range usedNames {
				for _, u := range unused {
					if !components[n] && strings.HasPrefix(n, u) {
						t.Errorf("%s, used by an operation, is named after %s, which no operation uses", n, u)
						bad++
					}
				}
			}
			t.Logf("%d event-only components; %d operation types named after them", len(unused), bad)
		})
	}
}

// TestOwnerNames pins the names the owner rules give the constructed spec.
func TestOwnerNames(t *testing.T) {
	api, _, err := LoadData("constructed", []byte(eventSpec))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, o := range api.Operations {
		for _, p := range o.Params {
			got[o.GoName+"."+p.Name] = p.Schema.Name
		}
		if o.Body != nil {
			for _, p := range o.Body.Schema.Properties {
				got[o.GoName+".body."+p.Name] = p.Schema.Name
			}
		}
		r := o.Response.Schema
		if r.Items != nil {
			r = r.Items
		}
		got[o.GoName+".response"] = r.Name
	}
	want := map[string]string{
		"BanWidget.body.reason":            "BanWidgetReason",
		"ListWidgetApplications.response":  "WidgetApplication",
		"ListWidgetApplications.sortOrder": "SortOrder",
		"ListGadgets.sortOrder":            "SortOrder",
		"ListGadgets.order":                "SortOrder",
		"BanWidget.response":               "BanResponse",
		"BanGadget.response":               "BanResponse",
		// A resource name beats a property name: the gizmo field of two
		// responses, listed first, does not take Gizmo from the items.
		"ListGizmos.response": "Gizmo",
		"GetGizmo.response":   "Gizmo",
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: type %q, want %q", k, got[k], w)
		}
	}
	for _, ty := range api.Types {
		if ty.Role == "" && ty.Desc == "" {
			t.Errorf("%s has neither a description nor a role", ty.Name)
		}
	}
}

var templateComment = regexp.MustCompile(`^(\w+) (is an object of the Dub API|is an? \w+)\.?$`)

// TestTypeCommentsSaySomething: every named type has a description or a
// role, so no emitted comment is an empty template.
func TestTypeCommentsSaySomething(t *testing.T) {
	for name, data := range specsForNames(t) {
		t.Run(name, func(t *testing.T) {
			api, _, err := LoadData(name, data)
			if err != nil {
				t.Fatal(err)
			}
			for _, ty := range api.Types {
				if strings.TrimSpace(ty.Desc) == "" && ty.Role == "" {
					t.Errorf("%s (%s) has no description and no role", ty.Name, ty.Origin)
				}
				if templateComment.MatchString(ty.Name + " is " + ty.Role) {
					t.Errorf("%s: role %q says nothing", ty.Name, ty.Role)
				}
			}
		})
	}
}

func opReachable(api *model.API) map[*model.Schema]bool {
	var roots []*model.Schema
	for _, o := range api.Operations {
		for _, p := range o.Params {
			roots = append(roots, p.Schema)
		}
		if o.Body != nil {
			roots = append(roots, o.Body.Schema)
		}
		if o.Response != nil {
			roots = append(roots, o.Response.Schema)
		}
	}
	return reachable(roots)
}

func specsForNames(t *testing.T) map[string][]byte {
	out := map[string][]byte{"constructed": []byte(eventSpec)}
	for _, f := range []string{"openapi-2025-12-31.json", "openapi-2026-08-21.json"} {
		data, err := os.ReadFile("../../../shared/specs/dub/" + f)
		if err != nil {
			t.Logf("shared spec %s not available: %v", f, err)
			continue
		}
		out[f] = data
	}
	return out
}

func TestSingular(t *testing.T) {
	for in, want := range map[string]string{
		"Gizmos": "Gizmo", "PartnerApplications": "PartnerApplication", "Categories": "Category",
		"LinkIDs": "LinkID", "TopURLs": "TopURL", "Videos": "Video", "Ideas": "Idea",
		"DomainStatus": "DomainStatus", "Analytics": "Analytics", "Address": "Address", "Axis": "Axis", "Response": "Response",
	} {
		if got := singular(in); got != want {
			t.Errorf("singular(%q) = %q, want %q", in, got, want)
		}
	}
}

// sharedChain builds n object schemas, each with two properties holding
// the next (the last holds strings), and returns the first: a shape whose
// tree, spelt out, has 2^n leaves.
func sharedChain(n int) *model.Schema {
	next := &model.Schema{Kind: model.KindString}
	for range n {
		next = &model.Schema{Kind: model.KindObject, Properties: []*model.Property{{Name: "a", Schema: next}, {Name: "b", Schema: next}}}
	}
	return next
}

// TestShapeKeysStaySmall: a key names its subschemas by id, so keys of
// deep, shared shapes stay small, and equal shapes built apart still get
// one key, other shapes another.
func TestShapeKeysStaySmall(t *testing.T) {
	sk := newShapeKeys()
	deep, same, other := sharedChain(40), sharedChain(40), sharedChain(39)
	if sk.of(deep) != sk.of(same) || sk.of(deep) == sk.of(other) {
		t.Errorf("keys: equal shapes %q %q, another %q", sk.of(deep), sk.of(same), sk.of(other))
	}
	for text := range sk.interned {
		if len(text) > 100 {
			t.Fatalf("a key of %d bytes: %.100s…", len(text), text)
		}
	}
}
