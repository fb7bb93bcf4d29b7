package mcptools

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/dubgen/dubgen/generator/runtime/apiclient"
)

// Option configures [Register].
type Option func(*options)

type options struct {
	filters []func(Tool) bool
	sel     Selection
	dynamic bool
	confirm *confirmPolicy
	limits  limits
	pacing  apiclient.Pacing
}

// WithFilter keeps only the tools for which keep returns true. With several
// filters (and the other selection options) a tool must pass them all.
func WithFilter(keep func(Tool) bool) Option {
	return func(o *options) { o.filters = append(o.filters, keep) }
}

// WithToolNames keeps only the named tools (names or aliases). Several calls
// add up; calling it without names changes nothing. [Register] fails if a
// name is not a tool's.
func WithToolNames(names ...string) Option {
	return func(o *options) { o.sel.Tools = append(o.sel.Tools, names...) }
}

// WithDeny drops the named tools. [Register] fails if a name is not a tool's.
func WithDeny(names ...string) Option {
	return func(o *options) { o.sel.Exclude = append(o.sel.Exclude, names...) }
}

// WithToolsets keeps only the tools of these toolsets ("default" stands for
// the catalog's DefaultToolsets, "all" for every toolset). Without it every toolset is
// served. [Register] fails on an unknown toolset.
func WithToolsets(names ...string) Option {
	return func(o *options) { o.sel.Toolsets = append(o.sel.Toolsets, names...) }
}

// WithReadOnly serves only the tools that do not change data. It overrides
// every other option: a tool that writes is neither listed nor callable,
// whatever WithToolNames or a request header asks for.
func WithReadOnly() Option {
	return func(o *options) { o.sel.ReadOnly = true }
}

// WithoutBulk drops the bulk tools. Dub's bulk endpoints do not fire
// webhooks, so systems that sync from webhooks drift when agents use them.
func WithoutBulk() Option {
	return func(o *options) { o.sel.NoBulk = true }
}

// WithSelection applies a whole [Selection] (e.g. parsed from flags).
func WithSelection(s Selection) Option {
	return func(o *options) {
		o.sel.ReadOnly = o.sel.ReadOnly || s.ReadOnly
		o.sel.NoBulk = o.sel.NoBulk || s.NoBulk
		o.sel.Toolsets = append(o.sel.Toolsets, s.Toolsets...)
		o.sel.Tools = append(o.sel.Tools, s.Tools...)
		o.sel.Exclude = append(o.sel.Exclude, s.Exclude...)
	}
}

// WithDynamic registers a handful of meta-tools instead of every tool:
// search_tools, describe_tool and call_tool. The tools stay behind them,
// with the same argument checks, selection and read-only refusal. For
// agents with small context windows.
func WithDynamic() Option {
	return func(o *options) { o.dynamic = true }
}

// Register adds the selected tools to s; the tools call Dub through c. It
// returns an error, and adds nothing, if s or c is nil, a filter is nil, an
// option names an unknown tool or toolset, or s rejects a tool. s declares
// the tools capability even if no tool is selected.
//
// Per request, [HTTPContextFunc] (or [ContextWithSelection]) can narrow the
// served tools further, never widen them.
func Register(s *server.MCPServer, c *apiclient.Client, cat *Catalog, opts ...Option) error {
	if s == nil {
		return errors.New("dubmcp: Register: nil server")
	}
	if c == nil {
		return errors.New("dubmcp: Register: nil client")
	}
	if cat == nil {
		return errors.New("dubmcp: Register: nil catalog")
	}
	o := options{limits: defaultLimits}
	for _, opt := range opts {
		opt(&o)
	}
	if slices.ContainsFunc(o.filters, func(keep func(Tool) bool) bool { return keep == nil }) {
		return errors.New("dubmcp: Register: WithFilter given a nil filter")
	}
	all := Tools(c.Paced(o.pacing), cat)
	if err := checkNames(all, o.sel); err != nil {
		return err
	}

	var selected []Tool
	aliases := map[string]string{}
	for _, t := range all {
		if o.sel.Keeps(t) && passesAll(t, o.filters) {
			t = withPageDefault(t, o.limits.pageSize)
			t.Handler = o.wrap(s, t)
			selected = append(selected, t)
			for _, a := range t.Aliases {
				aliases[a] = t.Tool.Name
			}
		}
	}
	if o.dynamic {
		return addTools(s, dynamicTools(all, selected, o.sel))
	}
	served := map[string]bool{}
	for _, t := range selected {
		served[t.Tool.Name] = true
	}
	var serverTools []server.ServerTool
	for _, t := range selected {
		st := t.ServerTool
		st.Tool = t.listed(func(name string) bool { return served[name] })
		serverTools = append(serverTools, st)
	}
	if err := addTools(s, serverTools); err != nil {
		return err
	}
	answerAliases(s, aliases)
	narrowPerRequest(s, selected)
	return nil
}

// checkNames fails on tool or toolset names that match nothing.
func checkNames(all []Tool, sel Selection) error {
	var unknown []string
	for _, name := range append(slices.Clone(sel.Tools), sel.Exclude...) {
		if !slices.ContainsFunc(all, func(t Tool) bool { return t.named([]string{name}) }) && !slices.Contains(unknown, name) {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) > 0 {
		return fmt.Errorf("dubmcp: Register: unknown tool names: %s", strings.Join(unknown, ", "))
	}
	sets := Toolsets(all)
	for _, ts := range sel.Toolsets {
		if ts != "all" && ts != "default" && !slices.Contains(sets, ts) {
			return fmt.Errorf("dubmcp: Register: unknown toolset %q; toolsets: all, default, %s", ts, strings.Join(sets, ", "))
		}
	}
	return nil
}

// Toolsets lists the toolsets of tools, sorted.
func Toolsets(tools []Tool) []string {
	var out []string
	for _, t := range tools {
		if !slices.Contains(out, t.Toolset) {
			out = append(out, t.Toolset)
		}
	}
	slices.Sort(out)
	return out
}

// narrowPerRequest installs a tool filter that applies a request's
// selection (from [ContextWithSelection]) to the tools Register added, at
// list time and at call time. Other tools on s are left alone. A tool
// listed with its compact schema gets its self-contained one back when
// the request's selection drops a tool the compact schema refers to.
func narrowPerRequest(s *server.MCPServer, tools []Tool) {
	byName := map[string]Tool{}
	for _, t := range tools {
		byName[t.Tool.Name] = t
	}
	server.WithToolFilter(func(ctx context.Context, list []mcp.Tool) []mcp.Tool {
		sel, ok := SelectionFromContext(ctx)
		if !ok {
			return list
		}
		out := list[:0:0]
		kept := map[string]bool{}
		for _, mt := range list {
			if t, ours := byName[mt.Name]; !ours || sel.Keeps(t) {
				out = append(out, mt)
				kept[mt.Name] = true
			}
		}
		for i, mt := range out {
			if t, ours := byName[mt.Name]; ours && t.Compact != nil {
				out[i] = t.listed(func(name string) bool { return kept[name] })
			}
		}
		return out
	})(s)
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

// passesAll reports whether every filter keeps t.
func passesAll(t Tool, filters []func(Tool) bool) bool {
	for _, keep := range filters {
		if !keep(t) {
			return false
		}
	}
	return true
}
