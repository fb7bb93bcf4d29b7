package mcptools

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// limits keep tool results small enough for an agent's context.
type limits struct {
	// maxResultBytes caps the JSON of a result (0: no cap).
	maxResultBytes int
	// pageSize is sent as pageSize (or limit) when the agent gives none
	// (0: Dub's own default, up to 100 items).
	pageSize int
}

var defaultLimits = limits{maxResultBytes: 60_000, pageSize: 25}

// WithMaxResultBytes caps a tool result's JSON at n bytes (default 60,000;
// 0 turns the cap off). A bigger result is cut at an element boundary and
// a note says what was cut and how to narrow the request.
func WithMaxResultBytes(n int) Option {
	return func(o *options) { o.limits.maxResultBytes = n }
}

// WithPageSize sets the page size list tools ask for when the agent gives
// none (default 25; 0 leaves Dub's default). Results that fill a page come
// with a note on how to fetch the next one. Which argument sets the size,
// and Dub's default, are facts of each tool's [Paging].
func WithPageSize(n int) Option {
	return func(o *options) { o.limits.pageSize = n }
}

// wrap adds confirmation, page sizing and result limits to a tool's handler.
func (o *options) wrap(s *server.MCPServer, t Tool) server.ToolHandlerFunc {
	inner := t.Handler
	var p Paging
	if t.spec != nil {
		p = t.spec.Paging
	}
	lim := o.limits
	confirmWith := o.confirm
	return func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		if confirmWith != nil && t.destructive() {
			if refused := confirm(ctx, s, t, req, *confirmWith); refused != nil {
				return refused, nil
			}
		}
		size := 0
		if p.SizeArg != "" {
			args := req.GetArguments()
			switch n, ok := number(args[p.SizeArg]); {
			case ok:
				size = int(n)
			case args[p.SizeArg] != nil:
			case lim.pageSize > 0:
				withSize := maps.Clone(args)
				if withSize == nil {
					withSize = map[string]any{}
				}
				withSize[p.SizeArg] = lim.pageSize
				req.Params.Arguments = withSize
				size = lim.pageSize
			default:
				size = p.DefaultSize
			}
		}
		res, err := inner(ctx, req)
		if err != nil || res == nil || res.IsError || res.StructuredContent == nil {
			return res, err
		}
		return shape(res, req, p, size, lim.maxResultBytes), nil
	}
}

// shape cuts an oversized result and adds the next-page note.
func shape(res *mcp.CallToolResult, req mcp.CallToolRequest, p Paging, size, max int) *mcp.CallToolResult {
	raw, err := json.Marshal(res.StructuredContent)
	if err != nil {
		return res
	}
	var data map[string]any
	if json.Unmarshal(raw, &data) != nil {
		return res
	}
	var notes []string
	items, isList := data["items"].([]any)
	if max > 0 && len(raw) > max {
		if isList {
			n := sort.Search(len(items), func(k int) bool {
				b, _ := json.Marshal(map[string]any{"items": items[:k+1]})
				return len(b) > max
			})
			notes = append(notes, fmt.Sprintf("Result cut: showing %d of %d items; the full result is %d bytes, over the %d-byte limit. Ask for fewer items (smaller %s) or narrow the filters.", n, len(items), len(raw), max, orDefault(p.SizeArg, "page size")))
			items = items[:n]
			data["items"] = items
		} else {
			var dropped []string
			keys := slices.Collect(maps.Keys(data))
			sort.Slice(keys, func(i, j int) bool { return jsonSize(data[keys[i]]) > jsonSize(data[keys[j]]) })
			for _, k := range keys {
				if jsonSize(data) <= max {
					break
				}
				delete(data, k)
				dropped = append(dropped, k)
			}
			notes = append(notes, fmt.Sprintf("Result cut: dropped the fields %s (the full result is %d bytes, over the %d-byte limit). Narrow the request to see them.", strings.Join(dropped, ", "), len(raw), max))
		}
	}
	if isList && size > 0 && len(items) >= size && (p.Cursor || p.Page) {
		notes = append(notes, nextPage(req, p, items))
	}
	if len(notes) == 0 {
		return res
	}
	b, err := json.Marshal(data)
	if err != nil {
		return res
	}
	content := []mcp.Content{mcp.NewTextContent(string(b))}
	for _, n := range notes {
		content = append(content, mcp.NewTextContent(n))
	}
	return &mcp.CallToolResult{Content: content, StructuredContent: data}
}

func nextPage(req mcp.CallToolRequest, p Paging, items []any) string {
	if p.Cursor {
		if last, ok := items[len(items)-1].(map[string]any); ok {
			if id, ok := last["id"].(string); ok {
				return fmt.Sprintf("More results may exist: call again with the same arguments and startingAfter %q.", id)
			}
		}
	}
	page := 1
	if n, ok := req.GetArguments()["page"].(float64); ok {
		page = int(n)
	}
	return fmt.Sprintf("More results may exist: call again with the same arguments and page %d.", page+1)
}

func jsonSize(v any) int {
	b, _ := json.Marshal(v)
	return len(b)
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}
