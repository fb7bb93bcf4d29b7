// Package mcptools is the MCP runtime of generated tool packages
// (generated/dubmcp): it turns tool specs (data the generator writes, one
// [Spec] per API operation) into mcp-go tools whose handlers check the
// arguments, send the request through the apiclient runtime and return
// Dub's JSON as Dub sent it. [Register] adds them, filtered by its options
// (read-only, toolsets, names, deny, no-bulk, dynamic mode, page size,
// result limit, confirmation), to a [server.MCPServer]; [HTTPContextFunc]
// lets every HTTP client use its own Dub API key and narrow the tools.
package mcptools

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/dubgen/dubgen/generator/runtime/apiclient"
)

// Tool is one MCP tool plus the metadata filters need.
type Tool struct {
	// ServerTool holds the tool's definition (Tool) and its Handler.
	server.ServerTool
	// OperationID is the operationId of the API operation the tool calls.
	OperationID string
	// Method is the operation's HTTP method, e.g. "GET".
	Method string
	// Route is the operation's path template, e.g. "/links/{linkId}".
	Route string
	// Tags are the operation's tags from the spec.
	Tags []string
	// Toolset is the group the tool belongs to (see the overlay's toolsets).
	Toolset string
	// Aliases are old names the tool still answers to; they are not listed.
	Aliases []string
	// Compact, when set, is a shorter input schema for servers that also
	// serve every tool in Needs: object arguments whose fields are another
	// tool's arguments are plain objects there, and descriptions another
	// tool already gives are left out. [Register] lists it when it can;
	// ServerTool.Tool.RawInputSchema is always the self-contained schema.
	Compact json.RawMessage
	// Needs are the tools Compact refers agents to.
	Needs []string

	spec *Spec
	cat  *Catalog
}

// listed returns t's definition as a server lists it alongside the tools
// served reports: with Compact as its input schema when every tool in
// Needs is served.
func (t Tool) listed(served func(name string) bool) mcp.Tool {
	def := t.Tool
	if t.Compact == nil || slices.ContainsFunc(t.Needs, func(n string) bool { return !served(n) }) {
		return def
	}
	def.RawInputSchema = t.Compact
	return def
}

// ReadOnly reports whether the tool does not modify its environment: its
// definition says readOnlyHint (the generator only allows that on GET).
func (t Tool) ReadOnly() bool {
	h := t.Tool.Annotations.ReadOnlyHint
	return h != nil && *h
}

// Bulk reports whether the tool acts on many items at once (a generated
// fact of its spec).
func (t Tool) Bulk() bool { return t.spec != nil && t.spec.Bulk }

// Tools returns the tools of cat, sorted by name, calling the API through
// c. Each tool's handler is built from its spec; the spec's input schema
// is compiled once, here, for argument checks.
func Tools(c *apiclient.Client, cat *Catalog) []Tool {
	if cat == nil {
		return nil
	}
	tools := make([]Tool, 0, len(cat.Specs))
	for i := range cat.Specs {
		s := &cat.Specs[i]
		t := Tool{
			ServerTool:  server.ServerTool{Tool: s.Tool},
			OperationID: s.OperationID,
			Method:      s.Method,
			Route:       s.Route,
			Tags:        s.Tags,
			Toolset:     s.Toolset,
			Aliases:     s.Aliases,
			Compact:     s.Compact,
			Needs:       s.Needs,
			spec:        s,
			cat:         cat,
		}
		t.Handler = handler(c, s, newArgSpec(s))
		tools = append(tools, t)
	}
	slices.SortFunc(tools, func(a, b Tool) int { return strings.Compare(a.Tool.Name, b.Tool.Name) })
	return tools
}

// defaultToolsets is what "default" stands for with t's catalog.
func (t Tool) defaultToolsets() []string {
	if t.cat == nil {
		return nil
	}
	return t.cat.DefaultToolsets
}
