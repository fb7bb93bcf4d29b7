package mcptools

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// Names of the dynamic-mode meta-tools.
const (
	SearchToolsName  = "search_tools"
	DescribeToolName = "describe_tool"
	CallToolName     = "call_tool"
)

// maxSearchResults bounds one search_tools answer.
const maxSearchResults = 15

// dynamicTools builds the meta-tools that stand in for the selected tools
// in dynamic mode. all is every tool (to explain refusals); sel is the
// server's own selection.
func dynamicTools(all, selected []Tool, sel Selection) []server.ServerTool {
	byName := map[string]Tool{}
	for _, t := range selected {
		byName[t.Tool.Name] = t
		for _, a := range t.Aliases {
			byName[a] = t
		}
	}
	// available resolves a name for this request, or says why not.
	available := func(ctx context.Context, name string) (Tool, string) {
		t, ok := byName[name]
		if !ok {
			for _, other := range all {
				if other.named([]string{name}) {
					return Tool{}, fmt.Sprintf("%s is not available: %s", name, strings.Replace(sel.why(other), "session", "server", 1))
				}
			}
			return Tool{}, fmt.Sprintf("there is no tool %q; use %s to find one", name, SearchToolsName)
		}
		if req, ok := SelectionFromContext(ctx); ok && !req.Keeps(t) {
			return Tool{}, fmt.Sprintf("%s is not available: %s", name, req.why(t))
		}
		return t, ""
	}
	visible := func(ctx context.Context) []Tool {
		req, narrowed := SelectionFromContext(ctx)
		var out []Tool
		for _, t := range selected {
			if !narrowed || req.Keeps(t) {
				out = append(out, t)
			}
		}
		return out
	}

	readOnly, destructive := true, false
	for _, t := range selected {
		readOnly = readOnly && t.ReadOnly()
		destructive = destructive || t.destructive()
	}
	ann := func(ro, destr, idem bool) mcp.ToolAnnotation {
		return mcp.ToolAnnotation{ReadOnlyHint: mcp.ToBoolPtr(ro), DestructiveHint: mcp.ToBoolPtr(destr), IdempotentHint: mcp.ToBoolPtr(idem), OpenWorldHint: mcp.ToBoolPtr(true)}
	}
	sets := Toolsets(selected)

	search := server.ServerTool{
		Tool: mcp.Tool{
			Name:        SearchToolsName,
			Title:       "Search tools",
			Description: "Find Dub tools (links, analytics, customers, partners, commissions...) by words or toolset. Returns names, toolsets and one-line summaries; then use " + DescribeToolName + " and " + CallToolName + ".",
			RawInputSchema: mustJSON(map[string]any{"type": "object", "properties": map[string]any{
				"query":   map[string]any{"type": "string", "description": "Words to match, e.g. \"create link\""},
				"toolset": map[string]any{"type": "string", "enum": sets},
			}}),
			Annotations: ann(true, false, true),
		},
		Handler: func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			query, _ := req.GetArguments()["query"].(string)
			toolset, _ := req.GetArguments()["toolset"].(string)
			type hit struct {
				Name     string `json:"name"`
				Toolset  string `json:"toolset"`
				ReadOnly bool   `json:"readOnly"`
				Summary  string `json:"summary"`
				score    int
			}
			words := strings.Fields(strings.ToLower(strings.NewReplacer("_", " ", "-", " ").Replace(query)))
			var hits []hit
			for _, t := range visible(ctx) {
				if toolset != "" && t.Toolset != toolset {
					continue
				}
				text := strings.ToLower(strings.ReplaceAll(t.Tool.Name, "_", " ") + " " + t.Tool.Title + " " + t.Toolset + " " + t.Tool.Description)
				score := 0
				for _, w := range words {
					if strings.Contains(strings.ReplaceAll(t.Tool.Name, "_", " "), w) {
						score += 3
					} else if strings.Contains(text, w) {
						score++
					}
				}
				if len(words) > 0 && score == 0 {
					continue
				}
				hits = append(hits, hit{Name: t.Tool.Name, Toolset: t.Toolset, ReadOnly: t.ReadOnly(), Summary: firstSentence(t.Tool.Description), score: score})
			}
			sort.SliceStable(hits, func(i, j int) bool { return hits[i].score > hits[j].score })
			total := len(hits)
			if len(hits) > maxSearchResults {
				hits = hits[:maxSearchResults]
			}
			out := map[string]any{"tools": hits, "matches": total, "toolsets": sets}
			return jsonResult(out, "")
		},
	}

	describe := server.ServerTool{
		Tool: mcp.Tool{
			Name:        DescribeToolName,
			Title:       "Describe tool",
			Description: "Show one Dub tool's full description, input schema and hints, before calling it with " + CallToolName + ".",
			RawInputSchema: mustJSON(map[string]any{"type": "object", "required": []string{"name"}, "properties": map[string]any{
				"name": map[string]any{"type": "string", "description": "Tool name from " + SearchToolsName},
			}}),
			Annotations: ann(true, false, true),
		},
		Handler: func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			name, _ := req.GetArguments()["name"].(string)
			t, why := available(ctx, name)
			if why != "" {
				return mcp.NewToolResultError(why), nil
			}
			return jsonResult(map[string]any{
				"name": t.Tool.Name, "title": t.Tool.Title, "toolset": t.Toolset, "description": t.Tool.Description,
				"inputSchema": t.Tool.RawInputSchema, "annotations": t.Tool.Annotations,
			}, "")
		},
	}

	call := server.ServerTool{
		Tool: mcp.Tool{
			Name:        CallToolName,
			Title:       "Call tool",
			Description: "Run a Dub tool by name with its arguments (see " + DescribeToolName + "). The same checks apply as when calling it directly.",
			RawInputSchema: mustJSON(map[string]any{"type": "object", "required": []string{"name"}, "properties": map[string]any{
				"name":      map[string]any{"type": "string"},
				"arguments": map[string]any{"type": "object", "description": "The tool's arguments"},
			}}),
			Annotations: ann(readOnly, destructive, false),
		},
		Handler: func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			name, _ := req.GetArguments()["name"].(string)
			t, why := available(ctx, name)
			if why != "" {
				return mcp.NewToolResultError(why), nil
			}
			inner := mcp.CallToolRequest{Request: req.Request, Header: req.Header}
			inner.Params.Name = t.Tool.Name
			inner.Params.MultiRoundTripParams = req.Params.MultiRoundTripParams // a confirmation's answer
			switch args := req.GetArguments()["arguments"].(type) {
			case nil:
				inner.Params.Arguments = map[string]any{}
			case map[string]any:
				inner.Params.Arguments = args
			default:
				return mcp.NewToolResultError(fmt.Sprintf("arguments for %s must be a JSON object", t.Tool.Name)), nil
			}
			return t.Handler(ctx, inner)
		},
	}
	return []server.ServerTool{search, describe, call}
}

// firstSentence is the summary search results show.
func firstSentence(s string) string {
	if i := strings.Index(s, ". "); i > 0 {
		return s[:i+1]
	}
	if i := strings.IndexByte(s, '\n'); i > 0 {
		return s[:i]
	}
	return s
}

// mustJSON marshals a literal schema built in this file (maps, slices and
// strings only, so it cannot fail).
func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		return json.RawMessage(`{"type":"object"}`)
	}
	return b
}
