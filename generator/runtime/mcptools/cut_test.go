package mcptools

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
)

func points(n int) string {
	p := make([]string, n)
	for i := range p {
		p[i] = fmt.Sprintf(`{"start":"2026-06-01T%02d:00:00Z","clicks":%d}`, i%24, i)
	}
	return "[" + strings.Join(p, ", ") + "]"
}

// TestCutJSON: cuts happen on Dub's bytes at element boundaries of the
// largest array, wherever it sits, keep at least one element, and leave
// valid JSON within the budget.
func TestCutJSON(t *testing.T) {
	tests := []struct {
		name, doc string
		budget    int
		wantKept  string
		wantTop   bool
	}{
		{"top-level array", points(3000), 20_000, "of 3000 elements of the top-level array", true},
		{"nested array", `{"meta":{"total":3000},"data":{"timeseries":` + points(3000) + `}}`, 20_000, `of 3000 elements of "timeseries"`, false},
		{"array of arrays", `[` + points(200) + `,` + points(2000) + `]`, 20_000, "1 of 2 elements of the top-level array", true},
		{"one big element", `[{"events":` + points(3000) + `}, {"x":1}]`, 20_000, `1 of 2 elements of the top-level array; `, true},
		{"one big element, then its array", `[{"events":` + points(3000) + `}, {"x":1}]`, 20_000, `of 3000 elements of "events"`, true},
		{"fits", points(3), 20_000, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &payload{Wrap: "result"}
			out, kept, top := cutJSON([]byte(tt.doc), p.cost, tt.budget)
			if !json.Valid(out) {
				t.Fatalf("cut document is not JSON: %.200s", out)
			}
			if c := p.cost(out); c > tt.budget {
				t.Errorf("cost %d over the budget %d", c, tt.budget)
			}
			if got := strings.Join(kept, "; "); tt.wantKept == "" && got != "" || !strings.Contains(got, tt.wantKept) {
				t.Errorf("kept %q, want %q", got, tt.wantKept)
			}
			if top != tt.wantTop {
				t.Errorf("top = %v, want %v", top, tt.wantTop)
			}
			if strings.Contains(string(out), "[]") && !strings.Contains(tt.doc, "[]") {
				t.Errorf("an array was emptied: %.300s", out)
			}
			if tt.wantKept == "" && string(out) != tt.doc {
				t.Errorf("a document within the budget changed")
			}
		})
	}
}

// TestQuotedLen agrees with encoding/json on what a text copy costs.
func TestQuotedLen(t *testing.T) {
	for _, s := range []string{``, `{"a":"b"}`, "<a&b>\n\t\"\\", "é\u2028\x01", "\xff"} {
		b, _ := json.Marshal(s)
		if got := quotedLen([]byte(s)); got != len(b) {
			t.Errorf("quotedLen(%q) = %d, encoding/json writes %d bytes", s, got, len(b))
		}
	}
}

// TestBulkResult: Dub's mixed bulk answers say how many succeeded and
// which failed, and are errors only when nothing succeeded.
func TestBulkResult(t *testing.T) {
	s := &Spec{Method: "POST", Bulk: true}
	s.Tool.Name = "bulk_create_links"
	ok := `{"id":"link_1","url":"https://a"}`
	bad := `{"link":{"url":"https://b"},"error":"Invalid tagIds detected: tag_gone","code":"unprocessable_entity"}`
	tests := []struct {
		name, body string
		wantError  bool
		want       string
	}{
		{"all created", "[" + ok + "," + ok + "]", false, ""},
		{"mixed", "[" + ok + "," + ok + "," + bad + "]", false, "2 of 3 created; 1 failed: Invalid tagIds detected: tag_gone (unprocessable_entity)."},
		{"all failed", "[" + bad + "]", true, "bulk_create_links failed: 0 of 1 created; 1 failed: Invalid tagIds detected: tag_gone (unprocessable_entity)."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := bulkResult(s, rawResult([]byte(tt.body), "items"), []byte(tt.body))
			if res.IsError != tt.wantError {
				t.Errorf("IsError = %v, want %v", res.IsError, tt.wantError)
			}
			var parts []string
			for _, c := range res.Content {
				parts = append(parts, c.(mcp.TextContent).Text)
			}
			text := strings.Join(parts, "\n")
			if !strings.Contains(text, tt.want) || tt.want == "" && len(res.Content) != 1 {
				t.Errorf("text = %q, want %q", text, tt.want)
			}
			if !tt.wantError && !strings.Contains(string(mustMarshal(t, res.StructuredContent)), "unprocessable_entity") && tt.want != "" {
				t.Errorf("the failed entry is not in the structured content")
			}
		})
	}
}
