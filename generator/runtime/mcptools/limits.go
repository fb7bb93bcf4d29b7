package mcptools

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
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
	sh := shaper{max: o.limits.maxResultBytes}
	if t.spec != nil {
		sh.paging = t.spec.Paging
		sh.narrow = narrowing(t.spec.Args)
	}
	pageSize := o.limits.pageSize
	confirmWith := o.confirm
	return func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		if confirmWith != nil && t.destructive() {
			if refused := confirm(ctx, s, t, req, *confirmWith); refused != nil {
				return refused, nil
			}
		}
		size, req := sh.pageSize(req, pageSize)
		res, err := inner(ctx, req)
		if err != nil || res == nil || res.IsError {
			return res, err
		}
		return sh.shape(res, req, size), nil
	}
}

// pageSize returns the page size the call asks for and the request to
// send: with the server's page size filled in when the agent gave none.
func (sh *shaper) pageSize(req mcp.CallToolRequest, server int) (int, mcp.CallToolRequest) {
	p := sh.paging
	if p.SizeArg == "" {
		return 0, req
	}
	args := req.GetArguments()
	switch n, ok := number(args[p.SizeArg]); {
	case ok:
		return int(n), req
	case args[p.SizeArg] != nil:
		return 0, req
	case server > 0:
		withSize := maps.Clone(args)
		if withSize == nil {
			withSize = map[string]any{}
		}
		withSize[p.SizeArg] = server
		req.Params.Arguments = withSize
		return server, req
	}
	return p.DefaultSize, req
}

// withPageDefault returns t with the listed default of its page-size
// argument set to n, the size the server sends when the agent gives none
// (t unchanged for n <= 0 or tools without one).
func withPageDefault(t Tool, n int) Tool {
	if n <= 0 || t.spec == nil || t.spec.Paging.SizeArg == "" {
		return t
	}
	arg := t.spec.Paging.SizeArg
	t.Tool.RawInputSchema = setDefault(t.Tool.RawInputSchema, arg, n)
	t.Compact = setDefault(t.Compact, arg, n)
	return t
}

// setDefault sets properties[arg].default to n in the JSON schema raw
// (raw unchanged when it has no such property).
func setDefault(raw json.RawMessage, arg string, n int) json.RawMessage {
	if raw == nil {
		return nil
	}
	var schema map[string]any
	if json.Unmarshal(raw, &schema) != nil {
		return raw
	}
	props, _ := schema["properties"].(map[string]any)
	prop, _ := props[arg].(map[string]any)
	if prop == nil {
		return raw
	}
	prop["default"] = n
	b, err := json.Marshal(schema)
	if err != nil {
		return raw
	}
	return b
}

// narrowArgs are the arguments, when a tool has them, that make its
// answer smaller; cut notes name them.
var narrowArgs = []string{"pageSize", "limit", "interval", "start", "end", "groupBy", "search"}

// narrowing returns the arguments among args that narrow an answer.
func narrowing(args []Arg) []string {
	var out []string
	for _, n := range narrowArgs {
		if slices.ContainsFunc(args, func(a Arg) bool { return a.Name == n }) {
			out = append(out, n)
		}
	}
	return out
}

// shaper cuts a tool's oversized results and adds next-page hints.
type shaper struct {
	paging Paging
	narrow []string
	max    int
}

// noteRoom is what a result's envelope and notes may take beside the
// data when cutting: the data is cut to fit max minus this (a quarter of
// max for small limits).
func noteRoom(max int) int { return min(1024, max/4) }

// shape cuts an oversized result at element boundaries and adds the
// next-page hint, to the text and to the structured content.
func (sh *shaper) shape(res *mcp.CallToolResult, req mcp.CallToolRequest, size int) *mcp.CallToolResult {
	pl, ok := res.StructuredContent.(*payload)
	if !ok {
		return res
	}
	p := sh.paging
	var notes []string
	body, full := pl.Body, len(pl.Body)
	elems, isList := topElements(body)
	total := len(elems)
	cutTop := false
	if sh.max > 0 && pl.cost(body) > sh.max-noteRoom(sh.max) {
		var what []string
		body, what, cutTop = cutJSON(body, func(doc []byte) int { return pl.cost(doc) }, sh.max-noteRoom(sh.max))
		notes = append(notes, sh.cutNote(full, what))
		if isList {
			elems, _ = topElements(body)
		}
	}
	var next map[string]any
	if isList && pl.Wrap != "" && len(elems) > 0 && (p.Cursor || p.Page) && (cutTop || size > 0 && total >= size) {
		next = nextArgs(req, p, elems[len(elems)-1], cutTop)
		if next != nil {
			notes = append(notes, "More results may exist: call again with the same arguments plus "+compact(next)+".")
		}
	}
	if len(notes) == 0 {
		return res
	}
	out := &payload{Wrap: pl.Wrap, Body: body, Next: next}
	// Notes come first, so that an agent (or a client showing the start
	// of a result) reads what was cut before the data; Dub's JSON is the
	// last text content.
	var content []mcp.Content
	for _, n := range notes {
		content = append(content, mcp.NewTextContent(n))
	}
	content = append(content, res.Content[:len(res.Content)-1]...)
	content = append(content, mcp.NewTextContent(string(body)))
	return &mcp.CallToolResult{Content: content, StructuredContent: out}
}

// cutNote says what was cut and how to see the rest.
func (sh *shaper) cutNote(full int, what []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Result cut: Dub's answer is %d bytes, over this server's %d-byte limit", full, sh.max)
	if len(what) > 0 {
		b.WriteString("; kept " + strings.Join(what, ", and "))
	}
	b.WriteString(".")
	if len(sh.narrow) > 0 {
		fmt.Fprintf(&b, " To see the rest, narrow the request (%s)", strings.Join(sh.narrow, ", "))
		if sh.paging.Cursor {
			b.WriteString(" or fetch the next page")
		}
		b.WriteString(".")
	}
	return b.String()
}

// nextArgs are the arguments that fetch the page after the one whose last
// element (as kept) is last: startingAfter its id, or the next page
// number (nil when the page was cut, since a page number would skip the
// cut elements).
func nextArgs(req mcp.CallToolRequest, p Paging, last []byte, cut bool) map[string]any {
	if p.Cursor {
		var item struct {
			ID string `json:"id"`
		}
		if json.Unmarshal(last, &item) == nil && item.ID != "" {
			return map[string]any{"startingAfter": item.ID}
		}
	}
	if !p.Page || cut {
		return nil
	}
	page := 1
	if n, ok := number(req.GetArguments()["page"]); ok {
		page = int(n)
	}
	return map[string]any{"page": page + 1}
}

// compact is v as compact JSON.
func compact(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// cutJSON cuts doc until cost(doc) <= budget by dropping trailing
// elements of its largest arrays, wherever they sit: each round keeps as
// many leading elements of the largest array of two or more elements as
// fit (at least one), so the cut is at an element boundary and never
// empties an array. It returns the cut document, what was kept ("1,234 of
// 3,000 elements of the top-level array"), and whether the top-level
// array itself was cut.
func cutJSON(doc []byte, cost func([]byte) int, budget int) (out []byte, kept []string, top bool) {
	topStart := skipSpace(doc, 0)
	for round := 0; round < 16; round++ {
		c := cost(doc)
		if c <= budget {
			break
		}
		a, ok := largestArray(doc, 2)
		if !ok {
			break
		}
		ends := elementEnds(doc, a)
		excess := c - budget
		tail := doc[ends[len(ends)-1]:a.close]
		removed := quotedLen(tail) - 2 + len(tail)
		k := len(ends)
		for k > 1 && removed < excess {
			seg := doc[ends[k-2]:ends[k-1]]
			removed += quotedLen(seg) - 2 + len(seg)
			k--
		}
		if k == len(ends) {
			k--
		}
		kept = append(kept, fmt.Sprintf("%d of %d elements of %s", k, len(ends), arrayName(doc, a.open)))
		top = top || a.open == topStart
		cutDoc := make([]byte, 0, ends[k-1]+len(doc)-a.close)
		cutDoc = append(append(cutDoc, doc[:ends[k-1]]...), doc[a.close:]...)
		doc = cutDoc
	}
	return doc, kept, top
}

// arrayName names the array opening at offset open of doc for notes: by
// the key it is the value of, or as the top-level array.
func arrayName(doc []byte, open int) string {
	i := open - 1
	for i >= 0 && (doc[i] == ' ' || doc[i] == '\n' || doc[i] == '\t' || doc[i] == '\r') {
		i--
	}
	if i < 0 {
		return "the top-level array"
	}
	if doc[i] != ':' {
		return "an array"
	}
	for i--; i >= 0 && doc[i] != '"'; i-- {
	}
	end := i
	for i--; i >= 0 && doc[i] != '"'; i-- {
	}
	if i < 0 || end <= i {
		return "an array"
	}
	return fmt.Sprintf("%q", doc[i+1:end])
}
