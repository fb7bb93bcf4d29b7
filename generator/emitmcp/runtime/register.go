package dubmcp

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	dub "github.com/dubgen/dubgen/generator/emitclient/runtime"
)

// Option selects which tools [Register] adds.
type Option func(*options)

type options struct {
	filters []func(Tool) bool
	names   []string // allow-list; empty = all tools
}

// WithFilter keeps only the tools for which keep returns true. With several
// filters (and [WithToolNames]) a tool must pass them all.
func WithFilter(keep func(Tool) bool) Option {
	return func(o *options) { o.filters = append(o.filters, keep) }
}

// WithToolNames keeps only the named tools. Several calls add up; calling
// it without names changes nothing. [Register] fails if a name is not a
// tool's.
func WithToolNames(names ...string) Option {
	return func(o *options) { o.names = append(o.names, names...) }
}

// Register adds the tools selected by opts to s; the tools call Dub
// through c. It returns an error, and adds nothing, if s or c is nil, a
// filter is nil, [WithToolNames] names an unknown tool, or s rejects a tool
// (e.g. because a task tool of that name exists). s declares the tools
// capability even if no tool is selected.
func Register(s *server.MCPServer, c *dub.Client, opts ...Option) error {
	if s == nil {
		return errors.New("dubmcp: Register: nil server")
	}
	if c == nil {
		return errors.New("dubmcp: Register: nil client")
	}
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	if slices.ContainsFunc(o.filters, func(keep func(Tool) bool) bool { return keep == nil }) {
		return errors.New("dubmcp: Register: WithFilter given a nil filter")
	}

	tools := Tools(c)
	if len(o.names) > 0 {
		var unknown []string
		for _, name := range o.names {
			known := slices.ContainsFunc(tools, func(t Tool) bool { return t.Tool.Name == name || slices.Contains(t.Aliases, name) })
			if !known && !slices.Contains(unknown, name) {
				unknown = append(unknown, name)
			}
		}
		if len(unknown) > 0 {
			return fmt.Errorf("dubmcp: Register: unknown tool names: %s", strings.Join(unknown, ", "))
		}
		o.filters = append(o.filters, func(t Tool) bool {
			return slices.Contains(o.names, t.Tool.Name) || slices.ContainsFunc(t.Aliases, func(a string) bool { return slices.Contains(o.names, a) })
		})
	}

	var selected []server.ServerTool
	aliases := map[string]string{}
	for _, t := range tools {
		if passesAll(t, o.filters) {
			selected = append(selected, t.ServerTool)
			for _, a := range t.Aliases {
				aliases[a] = t.Tool.Name
			}
		}
	}
	if err := addTools(s, selected); err != nil {
		return err
	}
	answerAliases(s, aliases)
	return nil
}

// answerAliases makes s answer calls to old tool names (renamed upstream
// or by the overlay) with the current tool, without listing the old names:
// a before-call hook rewrites the requested name.
func answerAliases(s *server.MCPServer, aliases map[string]string) {
	if len(aliases) == 0 {
		return
	}
	hooks := s.GetHooks()
	if hooks == nil {
		hooks = &server.Hooks{}
		server.WithHooks(hooks)(s)
	}
	hooks.AddBeforeCallTool(func(_ context.Context, _ any, req *mcp.CallToolRequest) {
		if name, ok := aliases[req.Params.Name]; ok {
			req.Params.Name = name
		}
	})
}

// addTools adds tools to s (declaring the tools capability even if there
// are none), turning mcp-go's panics on conflicting or invalid tools into
// an error.
func addTools(s *server.MCPServer, tools []server.ServerTool) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("dubmcp: Register: %v", r)
		}
	}()
	s.AddTools(tools...)
	return nil
}

// passesAll reports whether every filter keeps t.
func passesAll(t Tool, filters []func(Tool) bool) bool {
	for _, keep := range filters {
		if !keep(t) {
			return false
		}
	}
	return true
}
