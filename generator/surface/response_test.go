package surface

import (
	"strings"
	"testing"

	"github.com/dubgen/dubgen/generator/diag"
	"github.com/dubgen/dubgen/generator/model"
	"github.com/dubgen/dubgen/generator/overlay"
)

// responseAPI is one bulk operation whose spec says "array of Thing",
// plus the Thing and ThingError types.
func responseAPI() *model.API {
	str := &model.Schema{Kind: model.KindString}
	thing := &model.Schema{Kind: model.KindObject, Name: "Thing", Properties: []*model.Property{{Name: "id", Required: true, Schema: str}}}
	thingErr := &model.Schema{Kind: model.KindObject, Name: "ThingError", Properties: []*model.Property{{Name: "error", Required: true, Schema: str}, {Name: "code", Required: true, Schema: str}}}
	op := &model.Operation{ID: "bulkThings", GoName: "BulkThings", Method: "PATCH", Path: "/things/bulk",
		Response: &model.Response{Status: 200, ContentType: "application/json", Schema: &model.Schema{Kind: model.KindArray, Items: thing}}}
	return &model.API{Operations: []*model.Operation{op}, Types: []*model.Schema{thing, thingErr}}
}

// TestResponseCorrection: the overlay's response entry replaces the
// spec's answer for the tool and the client, without touching the loaded
// API; an unknown type is drift with its file:line.
func TestResponseCorrection(t *testing.T) {
	tests := []struct {
		name, items string
		strict      bool
		wantOutput  string
		wantFix     bool
		wantDiag    string
		wantSev     diag.Severity
	}{
		{"items and a string", "[Thing, ThingError]", false,
			`{"properties":{"result":{}},"required":["result"],"type":"object"}`, true, "", 0},
		{"unknown type", "[Thing, Gone]", false,
			`{"properties":{"items":{"items":{"type":"object"},"type":"array"}},"required":["items"],"type":"object"}`, false,
			"x.yaml:6:7: operation bulkThings: response.items: the spec has no type Gone", diag.Warning},
		{"unknown type, strict", "[Gone]", true, "", false,
			"x.yaml:6:7: operation bulkThings: response.items: the spec has no type Gone", diag.Error},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := overlay.Parse("x.yaml", []byte("version: 1\noperations:\n  bulkThings:\n    response:\n      why: Dub answers failures too, or a string.\n      items: "+tt.items+"\n      or: [string]\n"))
			if err != nil {
				t.Fatal(err)
			}
			api := responseAPI()
			before := api.Operations[0]
			tools, _, ds, err := BuildWithOverlay(api, f, tt.strict)
			if tt.strict {
				if err == nil || !strings.Contains(err.Error(), tt.wantDiag) {
					t.Errorf("strict: err = %v, want %q", err, tt.wantDiag)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if api.Operations[0] != before || before.Response.Schema.Kind != model.KindArray || len(api.Types) != 2 {
				t.Error("the loaded API was modified")
			}
			var got string
			for _, d := range ds {
				got += d.Where + ": " + d.Msg + "\n"
				if tt.wantDiag != "" && d.Severity != tt.wantSev {
					t.Errorf("severity %v, want %v", d.Severity, tt.wantSev)
				}
			}
			if tt.wantDiag == "" && got != "" || !strings.Contains(got, tt.wantDiag) {
				t.Errorf("diagnostics %q, want %q", got, tt.wantDiag)
			}
			if tt.wantOutput != "" {
				if out := compact(t, tools[0].Output); out != tt.wantOutput {
					t.Errorf("output schema %s, want %s", out, tt.wantOutput)
				}
			}
			if (tools[0].ResponseFix != "") != tt.wantFix {
				t.Errorf("ResponseFix = %q", tools[0].ResponseFix)
			}
			c := CorrectedAPI(api, f)
			if !tt.wantFix {
				if c != api {
					t.Error("CorrectedAPI changed an API whose correction does not apply")
				}
				return
			}
			r := c.Operations[0].Response.Schema
			if r.Kind != model.KindUnion || r.Name != "BulkThingsResponse" || r.Variants[0].Items.Name != "BulkThingsResponseItem" || r.Variants[1].Kind != model.KindString {
				t.Errorf("corrected response = %+v", r)
			}
			if len(c.Types) != 4 || c.Types[0].Name != "BulkThingsResponse" {
				t.Errorf("corrected types: %d, first %s", len(c.Types), c.Types[0].Name)
			}
		})
	}
}
