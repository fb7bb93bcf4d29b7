package toolcheck

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/google/jsonschema-go/jsonschema"
	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/dubgen/dubgen/generated/dub"
	"github.com/dubgen/dubgen/generated/dubmcp"
	"github.com/dubgen/dubgen/generator/sample"
)

// answer is one way Dub may answer: status, content type and body.
type answer struct {
	name, contentType string
	status            int
	body              string
}

// links is n link-like objects as a JSON array.
func links(n int, pad int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf(`{"id":"link_%d","url":"https://example.com/%s"}`, i, strings.Repeat("x", pad))
	}
	return "[" + strings.Join(parts, ",") + "]"
}

// answers are the shapes Dub's code gives, promised by the spec or not:
// every tool is fed each of them.
var answers = []answer{
	{"empty object", "application/json", 200, `{}`},
	{"object with a new field", "application/json", 200, `{"id":"x","brandNewField":{"a":1}}`},
	{"empty array", "application/json", 200, `[]`},
	{"full page", "application/json", 200, links(100, 0)},
	{"3,000 elements (cut)", "application/json", 200, links(3000, 60)},
	{"nested large array (cut)", "application/json", 200, `{"data":{"points":` + links(3000, 60) + `},"total":3000}`},
	{"bare string", "application/json", 200, `"No links to update"`},
	{"number", "application/json", 200, `42`},
	{"null", "application/json", 200, `null`},
	{"empty body", "application/json", 200, ``},
	{"mixed bulk array", "application/json", 200, `[{"id":"link_1","url":"https://a"},{"link":{"url":"https://b"},"error":"Invalid tagIds detected: tag_gone","code":"unprocessable_entity"}]`},
	{"only failures", "application/json", 200, `[{"link":{"url":"https://b"},"error":"Invalid tagIds detected: tag_gone","code":"unprocessable_entity"}]`},
	{"malformed JSON", "application/json", 200, `{"id":"link_1","url":"https://exa`},
	{"404", "application/json", 404, `{"error":{"code":"not_found","message":"Link not found."}}`},
	{"429", "application/json", 429, `{"error":{"code":"rate_limit_exceeded","message":"Too many requests."}}`},
	{"HTML 502", "text/html", 502, `<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>` + strings.Repeat("<p>x</p>", 5000) + `</body></html>`},
	{"900 KB error", "application/json", 400, `{"error":{"code":"bad_request","message":"` + strings.Repeat("Invalid input. ", 900<<10/15) + `"}}`},
}

// maxResult is the whole result's bytes the server's default cap
// (60,000) allows, with room for the envelope.
const maxResult = 64 << 10

// TestStructuredContentMatchesOutputSchema feeds every generated tool
// every answer shape and checks what strict clients check: a result that
// is not an error carries structured content valid against the tool's
// output schema (when it lists one); an error result carries none (the
// TypeScript SDK v1 validates it even on errors) and at most 4 KB of
// text; every result fits the size cap.
func TestStructuredContentMatchesOutputSchema(t *testing.T) {
	_, _, tools := loaded(t)
	var mu sync.Mutex
	var cur answer
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		a := cur
		mu.Unlock()
		w.Header().Set("Content-Type", a.contentType)
		w.WriteHeader(a.status)
		_, _ = w.Write([]byte(a.body))
	}))
	t.Cleanup(api.Close)
	s := server.NewMCPServer("structured-test", "0.0.0")
	if err := dubmcp.Register(s, dub.NewClient(dub.WithAPIKey(apiKey), dub.WithBaseURL(api.URL)), dubmcp.WithConfirmDestructive(dubmcp.ConfirmAllow)); err != nil {
		t.Fatal(err)
	}
	c, err := client.NewInProcessClient(s)
	if err != nil {
		t.Fatal(err)
	}
	start(t, c, "structured-test")
	listed, err := c.ListTools(testContext(t), mcp.ListToolsRequest{})
	if err != nil {
		t.Fatal(err)
	}
	schemas := map[string]*jsonschema.Resolved{}
	for _, tl := range listed.Tools {
		raw, err := json.Marshal(tl)
		if err != nil {
			t.Fatal(err)
		}
		var def struct {
			OutputSchema *jsonschema.Schema `json:"outputSchema"`
		}
		if err := json.Unmarshal(raw, &def); err != nil {
			t.Fatalf("%s: %v", tl.Name, err)
		}
		if def.OutputSchema == nil {
			continue
		}
		if schemas[tl.Name], err = def.OutputSchema.Resolve(nil); err != nil {
			t.Fatalf("%s: output schema does not compile: %v", tl.Name, err)
		}
	}
	checked := 0
	for _, tool := range tools {
		for _, a := range answers {
			mu.Lock()
			cur = a
			mu.Unlock()
			res := call(t, &harness{mcp: c}, tool.Name, args(tool, sample.Minimal))
			if why := judge(res, schemas[tool.Name], tool.Image); why != "" {
				t.Errorf("%s, Dub answers %s: %s", tool.Name, a.name, why)
			}
			checked++
		}
	}
	t.Logf("%d tools × %d answers checked; %d tools list an output schema", len(tools), len(answers), len(schemas))
}

// judge returns why res would be rejected or unreadable ("" if fine).
func judge(res *mcp.CallToolResult, schema *jsonschema.Resolved, image bool) string {
	all, err := json.Marshal(res)
	if err != nil {
		return fmt.Sprintf("result does not marshal: %v", err)
	}
	if len(all) > maxResult {
		return fmt.Sprintf("result of %d bytes, over %d", len(all), maxResult)
	}
	if res.IsError {
		if res.StructuredContent != nil {
			return "error result with structured content"
		}
		if len(all) > 4096 {
			return fmt.Sprintf("error result of %d bytes", len(all))
		}
		if t := text(res); strings.Contains(strings.ToLower(t), "<html") || strings.Contains(t, apiKey) {
			return fmt.Sprintf("error text quotes HTML or the key: %.200s", t)
		}
		return ""
	}
	if image {
		return ""
	}
	if schema == nil {
		return ""
	}
	if res.StructuredContent == nil {
		return "the tool lists an output schema but the result has no structured content"
	}
	raw, err := json.Marshal(res.StructuredContent)
	if err != nil {
		return fmt.Sprintf("structured content does not marshal: %v", err)
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return fmt.Sprintf("structured content is not JSON: %v", err)
	}
	if err := schema.Validate(v); err != nil {
		return fmt.Sprintf("structured content %.200s does not match the output schema: %v", raw, err)
	}
	return ""
}
