package mcptools

import (
	"net/http"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
)

// emailPattern needs lookarounds, as Dub's does: RE2 cannot compile it.
const emailPattern = `^(?!\.)(?!.*\.\.)[A-Za-z0-9_'+\-\.]*[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$`

// limitSpec is a tool whose input schema lists types only: every limit is
// in Rules.Limits, so what is refused is refused from the data, whether or
// not the listing shows it.
var limitSpec = Spec{
	Tool: def("put_thing", false, false, `{"type":"object","properties":{
		"id":{"type":"string"},
		"url":{"type":"string"},"keyLength":{"type":"integer"},"ratio":{"type":"number"},
		"email":{"type":"string"},"code":{"type":"string"},"day":{"type":"string"},"when":{"type":"string"},
		"tags":{"type":"array","items":{"type":"string"}},
		"links":{"type":"array","items":{"type":"object","properties":{
			"url":{"type":"string"},
			"testVariants":{"type":"array","items":{"type":"object","properties":{"url":{"type":"string"},"percentage":{"type":"number"}}}}}}}},
		"required":["id"]}`),
	OperationID: "putThing", Method: http.MethodPost, Route: "/links/{id}", Toolset: "links",
	Args: []Arg{
		{Name: "id", Wire: "id", In: InPath, Required: true},
		{Name: "tags", Wire: "tags", In: InQuery},
		{Name: "url", Wire: "url", In: InBody}, {Name: "keyLength", Wire: "keyLength", In: InBody},
		{Name: "ratio", Wire: "ratio", In: InBody}, {Name: "email", Wire: "email", In: InBody},
		{Name: "code", Wire: "code", In: InBody}, {Name: "day", Wire: "day", In: InBody},
		{Name: "when", Wire: "when", In: InBody}, {Name: "links", Wire: "links", In: InBody},
	},
	Body: BodyObject,
	Rules: Rules{Limits: map[string]Limit{
		"url":                               {MaxLength: 32000, Format: "uri"},
		"keyLength":                         {Min: 3, HasMin: true, Max: 190, HasMax: true},
		"ratio":                             {Min: 0, HasMin: true, ExclusiveMin: true, Max: 1, HasMax: true, ExclusiveMax: true},
		"email":                             {Pattern: emailPattern, Format: "email"},
		"code":                              {Pattern: `^[a-z]+$`, MinLength: 2, MaxLength: 8},
		"day":                               {Format: "date"},
		"when":                              {Format: "date-time"},
		"tags":                              {MaxItems: 3},
		"tags[]":                            {MinLength: 2},
		"links":                             {MinItems: 1, MaxItems: 2},
		"links[].url":                       {MaxLength: 50},
		"links[].testVariants":              {MinItems: 2, MaxItems: 4},
		"links[].testVariants[].percentage": {Min: 10, HasMin: true, Max: 90, HasMax: true},
		"links[].testVariants[].url":        {Enum: []string{"https://v.example", "https://w.example"}},
	}},
}

// variants returns n test variants of pct percent each.
func variants(n int, pct float64) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = map[string]any{"url": "https://v.example", "percentage": pct}
	}
	return out
}

// TestLimitsRefuseBeforeHTTP: every constraint kind, at the top level and
// nested, refuses a bad value with a short message naming the value's
// path and the limit, and no request leaves; good values go through.
func TestLimitsRefuseBeforeHTTP(t *testing.T) {
	api := &standIn{}
	c := newAPIClient(t, api, "k")
	h := handler(c, &limitSpec, newArgSpec(&limitSpec))
	link := func(url string, tv []any) map[string]any {
		if tv == nil {
			return map[string]any{"url": url}
		}
		return map[string]any{"url": url, "testVariants": tv}
	}
	huge := "https://example.com/" + strings.Repeat("a", 10<<20)
	tests := []struct {
		name string
		args map[string]any
		want string // "" when the call must go through
	}{
		{"all valid", map[string]any{"url": "https://example.com", "keyLength": 3, "ratio": 0.5, "email": "a.b@example.com",
			"code": "abc", "day": "2026-01-31", "when": "2026-01-31T09:30:00Z", "tags": []any{"aa", "bb"},
			"links": []any{link("https://a.example", variants(2, 50))}}, ""},
		{"maxLength, 10 MB url", map[string]any{"url": huge}, "url: 10485780 characters, at most 32000"},
		{"format uri", map[string]any{"url": "not a url"}, "url is not a valid uri"},
		{"minimum", map[string]any{"keyLength": 2}, "keyLength: 2, at least 3"},
		{"maximum", map[string]any{"keyLength": 191}, "keyLength: 191, at most 190"},
		{"exclusive minimum", map[string]any{"ratio": 0}, "ratio: 0, must be greater than 0"},
		{"exclusive maximum", map[string]any{"ratio": 1}, "ratio: 1, must be less than 1"},
		{"lookaround pattern", map[string]any{"email": "a..b@example.com"}, "email does not match the pattern"},
		{"lookaround pattern, leading dot", map[string]any{"email": ".ab@example.com"}, "email does not match the pattern"},
		{"pattern", map[string]any{"code": "ABC"}, "code does not match the pattern ^[a-z]+$"},
		{"minLength", map[string]any{"code": "a"}, "code: 1 characters, at least 2"},
		{"maxLength", map[string]any{"code": "abcdefghi"}, "code: 9 characters, at most 8"},
		{"format date", map[string]any{"day": "31/01/2026"}, "day is not a valid date"},
		{"format date-time", map[string]any{"when": "yesterday"}, "when is not a valid date-time"},
		{"maxItems", map[string]any{"tags": []any{"aa", "bb", "cc", "dd"}}, "tags: 4 items, at most 3"},
		{"item minLength", map[string]any{"tags": []any{"aa", "b"}}, "tags[1]: 1 characters, at least 2"},
		{"minItems", map[string]any{"links": []any{}}, "links: 0 items, at least 1"},
		{"nested maxLength", map[string]any{"links": []any{link("https://a.example/"+strings.Repeat("x", 60), nil)}}, "links[0].url: 78 characters, at most 50"},
		{"nested maxItems", map[string]any{"links": []any{link("https://a.example", variants(2, 50)), link("https://b.example", variants(5, 20))}},
			"links[1].testVariants: 5 items, at most 4"},
		{"nested minItems", map[string]any{"links": []any{link("https://a.example", variants(1, 100))}}, "links[0].testVariants: 1 items, at least 2"},
		{"nested minimum", map[string]any{"links": []any{link("https://a.example", variants(2, 5))}}, "links[0].testVariants[0].percentage: 5, at least 10"},
		{"nested maximum", map[string]any{"links": []any{link("https://b.example", []any{
			map[string]any{"url": "https://v.example", "percentage": 10}, map[string]any{"url": "https://v.example", "percentage": 95}})}},
			"links[0].testVariants[1].percentage: 95, at most 90"},
		{"nested enum", map[string]any{"links": []any{link("https://a.example", []any{
			map[string]any{"url": "https://v.example", "percentage": 50}, map[string]any{"url": "https://x.example", "percentage": 50}})}},
			`links[0].testVariants[1].url cannot be "https://x.example"; allowed values: https://v.example, https://w.example`},
		{"path segment ..", map[string]any{"id": ".."}, `argument "id" cannot be "..": as a path segment it would change the request's route`},
		{"path segment .", map[string]any{"id": "."}, `argument "id" cannot be "."`},
		{"comma smuggles items", map[string]any{"tags": []any{"aa", strings.Repeat("x,", 500) + "x"}},
			`tags[1] contains a comma: the items of tags are sent joined by commas`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, ok := tt.args["id"]; !ok {
				tt.args["id"] = "ok"
			}
			before := len(api.all())
			var req mcp.CallToolRequest
			req.Params.Name = limitSpec.Tool.Name
			req.Params.Arguments = tt.args
			res, err := h(t.Context(), req)
			if err != nil {
				t.Fatal(err)
			}
			got := resultText(t, res)
			sent := len(api.all()) - before
			if tt.want == "" {
				if res.IsError || sent != 1 {
					t.Fatalf("valid call: error %t, %d requests: %.300s", res.IsError, sent, got)
				}
				return
			}
			if !res.IsError || !strings.Contains(got, tt.want) {
				t.Fatalf("message %.300q\ndoes not contain %q", got, tt.want)
			}
			if sent != 0 {
				t.Errorf("%d requests reached the API; the call must be refused before", sent)
			}
			if len(got) > 4096 {
				t.Errorf("message is %d bytes, over 4 KB", len(got))
			}
			if strings.Contains(got, strings.Repeat("a", 200)) || strings.Contains(got, strings.Repeat("x,", 50)) {
				t.Errorf("message repeats the value: %.200q", got)
			}
		})
	}
}

// TestJoinedItemsCountedAfterEncoding: the item count of a comma-joined
// query list is checked on what goes on the wire too.
func TestJoinedItemsCountedAfterEncoding(t *testing.T) {
	if err := sentItems("tags", "a,b,c", Limit{MaxItems: 3}); err != nil {
		t.Errorf("3 items refused: %v", err)
	}
	err := sentItems("tags", "a,b,c,d", Limit{MaxItems: 3})
	if err == nil || !strings.Contains(err.Error(), "tags: 4 items once joined, at most 3") {
		t.Errorf("4 items: %v", err)
	}
}
