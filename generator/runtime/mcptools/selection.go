package mcptools

import (
	"context"
	"net/http"
	"slices"
	"strings"
)

// Selection narrows which tools are served. The zero value keeps them all.
// Read-only wins over everything else: a read-only selection never lets a
// tool that changes data through, whatever else it names.
type Selection struct {
	// ReadOnly keeps only tools annotated readOnlyHint.
	ReadOnly bool
	// Toolsets keeps only tools of these toolsets ("default" stands for
	// the catalog's DefaultToolsets, "all" for every toolset). Empty keeps
	// every toolset.
	Toolsets []string
	// Tools keeps only these tools (names or aliases). Empty keeps all.
	Tools []string
	// Exclude drops these tools (names or aliases).
	Exclude []string
	// NoBulk drops the bulk tools (Spec.Bulk), which skip Dub's webhooks.
	NoBulk bool
}

// Keeps reports whether t passes the selection.
func (s Selection) Keeps(t Tool) bool {
	if s.ReadOnly && !t.ReadOnly() {
		return false
	}
	if s.NoBulk && t.Bulk() {
		return false
	}
	if len(s.Toolsets) > 0 && !slices.Contains(s.Toolsets, "all") {
		sets := s.Toolsets
		if slices.Contains(sets, "default") {
			sets = append(slices.Clone(sets), t.defaultToolsets()...)
		}
		if !slices.Contains(sets, t.Toolset) {
			return false
		}
	}
	if len(s.Tools) > 0 && !t.named(s.Tools) {
		return false
	}
	return !t.named(s.Exclude)
}

// why explains, for a tool the selection drops, the first reason.
func (s Selection) why(t Tool) string {
	switch {
	case s.ReadOnly && !t.ReadOnly():
		return "it changes data and this session is read-only"
	case s.NoBulk && t.Bulk():
		return "bulk tools are turned off for this session"
	case t.named(s.Exclude):
		return "it is excluded for this session"
	case len(s.Tools) > 0 && !t.named(s.Tools):
		return "it is not among the tools allowed for this session"
	default:
		return "its toolset " + t.Toolset + " is not enabled for this session"
	}
}

// named reports whether the tool's name or an alias is in names.
func (t Tool) named(names []string) bool {
	if slices.Contains(names, t.Tool.Name) {
		return true
	}
	return slices.ContainsFunc(t.Aliases, func(a string) bool { return slices.Contains(names, a) })
}

// Request headers that narrow the tool set of one HTTP request. They can
// only narrow what the server serves, never widen it.
const (
	HeaderReadOnly     = "X-Dub-Read-Only"     // "true" or "1"
	HeaderToolsets     = "X-Dub-Toolsets"      // comma-separated toolsets
	HeaderTools        = "X-Dub-Tools"         // comma-separated tool names
	HeaderExcludeTools = "X-Dub-Exclude-Tools" // comma-separated tool names
	HeaderNoBulk       = "X-Dub-No-Bulk"       // "true" or "1"
)

type selectionKey struct{}

// ContextWithSelection returns ctx carrying a per-request selection; the
// tools Register added apply it on top of their own options.
func ContextWithSelection(ctx context.Context, s Selection) context.Context {
	return context.WithValue(ctx, selectionKey{}, s)
}

// SelectionFromContext returns the per-request selection, if any.
func SelectionFromContext(ctx context.Context) (Selection, bool) {
	s, ok := ctx.Value(selectionKey{}).(Selection)
	return s, ok
}

// selectionFromHeaders reads the narrowing headers; ok is false when the
// request sets none.
func selectionFromHeaders(h http.Header) (Selection, bool) {
	list := func(name string) []string {
		var out []string
		for _, v := range h.Values(name) {
			for _, part := range strings.Split(v, ",") {
				if p := strings.TrimSpace(part); p != "" {
					out = append(out, p)
				}
			}
		}
		return out
	}
	flag := func(name string) bool {
		v := strings.ToLower(strings.TrimSpace(h.Get(name)))
		return v == "true" || v == "1" || v == "yes"
	}
	s := Selection{ReadOnly: flag(HeaderReadOnly), Toolsets: list(HeaderToolsets), Tools: list(HeaderTools), Exclude: list(HeaderExcludeTools), NoBulk: flag(HeaderNoBulk)}
	set := s.ReadOnly || s.NoBulk || len(s.Toolsets)+len(s.Tools)+len(s.Exclude) > 0
	return s, set
}
