// Package dubmcp exposes the Dub API (https://dub.co) as Model Context
// Protocol tools for mcp-go servers, one tool per API operation.
//
// [Register] adds the tools, optionally filtered, to a [server.MCPServer].
// For the streamable HTTP transport, [HTTPContextFunc] lets every MCP
// client authenticate with its own Dub API key.
package dubmcp

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	dub "github.com/dubgen/dubgen/generator/emitclient/runtime"
)

// Tool is one generated MCP tool plus the metadata filters need.
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

// ReadOnly reports whether the tool is annotated as not modifying its
// environment (readOnlyHint). A missing hint counts as false.
func (t Tool) ReadOnly() bool {
	h := t.Tool.Annotations.ReadOnlyHint
	return h != nil && *h
}

// Tools returns all tools, sorted by name, calling Dub through c.
func Tools(c *dub.Client) []Tool {
	tools := make([]Tool, 0, len(toolFactories))
	for _, newTool := range toolFactories {
		tools = append(tools, newTool(c))
	}
	slices.SortFunc(tools, func(a, b Tool) int { return strings.Compare(a.Tool.Name, b.Tool.Name) })
	return tools
}
