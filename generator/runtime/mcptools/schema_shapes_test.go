package mcptools

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/jsonschema-go/jsonschema"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/dubgen/dubgen/generator/runtime/apiclient"
)

// outputShapes are every output schema form the generator writes
// (surface.outputSchema): none, a wrapped array (typed items or any, with
// next for paged lists), a wrapped value of one type or any.
var outputShapes = []struct {
	name, wrap, schema string
	paged              bool
}{
	{"none (object answers)", "", ``, false},
	{"items of objects", "items", `{"type":"object","properties":{"items":{"type":"array","items":{"type":"object"}}},"required":["items"]}`, false},
	{"paged items", "items", `{"type":"object","properties":{"items":{"type":"array","items":{"type":"object"}},"next":{"type":"object"}},"required":["items"]}`, true},
	{"items of strings", "items", `{"type":"object","properties":{"items":{"type":"array","items":{"type":"string"}}},"required":["items"]}`, false},
	{"items of anything", "items", `{"type":"object","properties":{"items":{"type":"array","items":{}}},"required":["items"]}`, false},
	{"result number", "result", `{"type":"object","properties":{"result":{"type":"number"}},"required":["result"]}`, false},
	{"result integer", "result", `{"type":"object","properties":{"result":{"type":"integer"}},"required":["result"]}`, false},
	{"result object", "result", `{"type":"object","properties":{"result":{"type":"object"}},"required":["result"]}`, false},
	{"result anything", "result", `{"type":"object","properties":{"result":{}},"required":["result"]}`, false},
}

func bigList(n int) string {
	p := make([]string, n)
	for i := range p {
		p[i] = fmt.Sprintf(`{"id":"x_%d","v":"%s"}`, i, strings.Repeat("y", 50))
	}
	return "[" + strings.Join(p, ",") + "]"
}

// dubAnswers are 2xx bodies Dub's code can give, promised or not.
var dubAnswers = []string{
	`{}`, `{"id":"a","new":{"x":1}}`, `[]`, `[{"id":"a"},{"id":"b"}]`, `["a","b"]`, `[1,"a",null]`,
	`"No links to update"`, `42`, `4.5`, `true`, `null`, ``,
	`[{"id":"a"},{"link":{},"error":"bad","code":"unprocessable_entity"}]`,
	`[{"link":{},"error":"bad","code":"unprocessable_entity"}]`,
	bigList(3000), `{"data":{"points":` + bigList(3000) + `}}`,
}

// TestEveryOutputShapeGetsValidContent: for every output schema form the
// generator writes and every answer Dub may give, a result that is not an
// error carries structured content valid against the schema (when there
// is one), an error result carries none, and every result fits the cap.
// This holds for any spec: the generator writes no other forms.
func TestEveryOutputShapeGetsValidContent(t *testing.T) {
	const max = 60_000
	for _, shape := range outputShapes {
		var resolved *jsonschema.Resolved
		if shape.schema != "" {
			var js jsonschema.Schema
			if err := json.Unmarshal([]byte(shape.schema), &js); err != nil {
				t.Fatal(err)
			}
			var err error
			if resolved, err = js.Resolve(nil); err != nil {
				t.Fatal(err)
			}
		}
		for _, bulk := range []bool{false, true} {
			s := &Spec{Method: http.MethodPatch, Bulk: bulk, Wrap: shape.wrap}
			s.Tool.Name = "t"
			if shape.schema != "" {
				s.Tool.RawOutputSchema = json.RawMessage(shape.schema)
			}
			if shape.paged {
				s.Paging = Paging{SizeArg: "pageSize", Cursor: true}
			}
			sh := shaper{paging: s.Paging, narrow: []string{"pageSize"}, max: max}
			want := wrappedShape(s.Tool.RawOutputSchema, s.Wrap)
			for _, body := range dubAnswers {
				res := answer(s, want, &apiclient.Response{Status: 200, Body: []byte(body)})
				if !res.IsError {
					res = sh.shape(res, mcp.CallToolRequest{}, 2)
				}
				if why := validResult(res, resolved, max); why != "" {
					t.Errorf("%s, bulk %v, answer %.60s: %s", shape.name, bulk, body, why)
				}
			}
		}
	}
}

func validResult(res *mcp.CallToolResult, schema *jsonschema.Resolved, max int) string {
	all, err := json.Marshal(res)
	if err != nil {
		return err.Error()
	}
	if len(all) > max+2048 {
		return fmt.Sprintf("%d bytes", len(all))
	}
	if res.IsError {
		if res.StructuredContent != nil {
			return "error result with structured content"
		}
		return ""
	}
	if schema == nil {
		return ""
	}
	if res.StructuredContent == nil {
		return "no structured content"
	}
	raw, err := json.Marshal(res.StructuredContent)
	if err != nil {
		return err.Error()
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return err.Error()
	}
	if err := schema.Validate(v); err != nil {
		return fmt.Sprintf("structured %.120s: %v", raw, err)
	}
	return ""
}
