// Package budget measures the MCP tool surface the way agents receive it,
// as bytes of the tools/list result on the wire, and checks it against
// the overlay's budgets (overlays/README.md, "Budgets").
//
// A tool is measured as mcp-go marshals it (mcp.Tool: name, title,
// description, inputSchema, outputSchema, annotations with the hints
// surface.Annotations.Listed keeps), and a list as mcp-go marshals a tools/list result, so
// the figures are the ones a client pays for in its context window.
package budget

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/dubgen/dubgen/generator/overlay"
	"github.com/dubgen/dubgen/generator/surface"
)

// Tool is the size of one tool's definition.
type Tool struct {
	Name    string `json:"name"`
	Toolset string `json:"toolset"`
	// Bytes is the whole definition as it appears in tools/list.
	Bytes int `json:"bytes"`
	// Input, Output and Description are the parts of Bytes taken by the
	// input schema, the output schema (0 without one) and the description
	// text (without its quotes), as encoded on the wire.
	Input       int `json:"inputBytes"`
	Output      int `json:"outputBytes"`
	Description int `json:"descriptionBytes"`
}

// Toolset is the size of the tools/list result of a server that serves
// only one toolset.
type Toolset struct {
	Name  string `json:"name"`
	Bytes int    `json:"bytes"`
	Tools int    `json:"tools"`
}

// Surface is the measured tool surface.
type Surface struct {
	// Bytes is the tools/list result with every tool.
	Bytes int `json:"bytes"`
	// SelfContained is the same list with every tool's self-contained
	// input schema, i.e. without listing shared fields once (overlay
	// fieldsOf, describedBy): what they save is SelfContained - Bytes.
	SelfContained int `json:"selfContainedBytes"`
	// Tools are sorted by name, Toolsets by name.
	Tools    []Tool    `json:"tools"`
	Toolsets []Toolset `json:"toolsets"`
}

// Tokens approximates a byte count in tokens (bytes/4), the usual rule of
// thumb for JSON and English text.
func Tokens(bytes int) int { return bytes / 4 }

// Definition is the mcp.Tool a server lists for t when it serves the tools
// served reports (nil: t alone): what the generated constructors build
// (see generator/emitmcp), with the input schema [surface.Tool.Listed]
// picks.
func Definition(t *surface.Tool, served func(name string) bool) (mcp.Tool, error) {
	if served == nil {
		served = func(string) bool { return false }
	}
	in, err := surface.Marshal(t.Listed(served))
	if err != nil {
		return mcp.Tool{}, fmt.Errorf("tool %s input schema: %w", t.Name, err)
	}
	def := mcp.Tool{
		Name: t.Name, Title: t.Title, Description: t.Description, RawInputSchema: in,
		Annotations: Annotation(t.Annotations),
	}
	if t.Output != nil {
		if def.RawOutputSchema, err = surface.Marshal(t.Output); err != nil {
			return mcp.Tool{}, fmt.Errorf("tool %s output schema: %w", t.Name, err)
		}
	}
	return def, nil
}

// Annotation is the mcp.ToolAnnotation a server lists for hints a: the
// ones surface.Annotations.Listed keeps.
func Annotation(a surface.Annotations) mcp.ToolAnnotation {
	h := a.Listed()
	return mcp.ToolAnnotation{ReadOnlyHint: h.ReadOnly, DestructiveHint: h.Destructive, IdempotentHint: h.Idempotent, OpenWorldHint: h.OpenWorld}
}

// ListBytes is the size of the tools/list result that lists defs.
func ListBytes(defs []mcp.Tool) (int, error) {
	b, err := json.Marshal(mcp.ListToolsResult{Tools: defs})
	if err != nil {
		return 0, fmt.Errorf("marshal tools/list: %w", err)
	}
	return len(b), nil
}

// Measure measures every tool, every toolset and the whole list.
func Measure(tools []*surface.Tool) (*Surface, error) {
	s := &Surface{}
	all := []mcp.Tool{} // an empty list is [], as a server sends it
	var selfDefs []mcp.Tool
	byToolset := map[string][]mcp.Tool{}
	servedAll := func(string) bool { return true }
	toolsetOf := map[string]string{}
	for _, t := range tools {
		toolsetOf[t.Name] = t.Toolset
	}
	for _, t := range tools {
		def, err := Definition(t, servedAll)
		if err != nil {
			return nil, err
		}
		whole, err := json.Marshal(def)
		if err != nil {
			return nil, fmt.Errorf("marshal tool %s: %w", t.Name, err)
		}
		m := Tool{Name: t.Name, Toolset: t.Toolset, Bytes: len(whole)}
		if m.Input, err = wireLen(def.RawInputSchema); err != nil {
			return nil, err
		}
		if def.RawOutputSchema != nil {
			if m.Output, err = wireLen(def.RawOutputSchema); err != nil {
				return nil, err
			}
		}
		if m.Description, err = wireLen(t.Description); err != nil {
			return nil, err
		}
		m.Description -= 2 // the quotes
		s.Tools = append(s.Tools, m)
		all = append(all, def)
		self, err := Definition(t, nil)
		if err != nil {
			return nil, err
		}
		selfDefs = append(selfDefs, self)
		alone, err := Definition(t, func(name string) bool { return toolsetOf[name] == t.Toolset })
		if err != nil {
			return nil, err
		}
		byToolset[t.Toolset] = append(byToolset[t.Toolset], alone)
	}
	sort.Slice(s.Tools, func(i, j int) bool { return s.Tools[i].Name < s.Tools[j].Name })
	var err error
	if s.Bytes, err = ListBytes(all); err != nil {
		return nil, err
	}
	if s.SelfContained, err = ListBytes(append([]mcp.Tool{}, selfDefs...)); err != nil {
		return nil, err
	}
	for name, defs := range byToolset {
		n, err := ListBytes(defs)
		if err != nil {
			return nil, err
		}
		s.Toolsets = append(s.Toolsets, Toolset{Name: name, Bytes: n, Tools: len(defs)})
	}
	sort.Slice(s.Toolsets, func(i, j int) bool { return s.Toolsets[i].Name < s.Toolsets[j].Name })
	return s, nil
}

// wireLen is the length of v encoded as mcp-go encodes it (compact, with
// <, > and & escaped).
func wireLen(v any) (int, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return 0, fmt.Errorf("marshal: %w", err)
	}
	return len(b), nil
}

// Parts sums the tools' input schemas, output schemas and descriptions.
func (s *Surface) Parts() (input, output, description int) {
	for _, t := range s.Tools {
		input += t.Input
		output += t.Output
		description += t.Description
	}
	return input, output, description
}

// Largest returns the n largest tools, of one toolset if toolset is not
// "", largest first (ties by name).
func (s *Surface) Largest(n int, toolset string) []Tool {
	var out []Tool
	for _, t := range s.Tools {
		if toolset == "" || t.Toolset == toolset {
			out = append(out, t)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Bytes > out[j].Bytes })
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// Toolset returns the named toolset's figures (zero if it has no tools).
func (s *Surface) Toolset(name string) Toolset {
	for _, ts := range s.Toolsets {
		if ts.Name == name {
			return ts
		}
	}
	return Toolset{Name: name}
}

// Violation is one exceeded budget.
type Violation struct {
	// Budget is the budget's path in the overlay: "total", "perTool" or
	// "toolsets.<name>".
	Budget string
	// Where is the overlay position of the budget ("file:line:column").
	Where string
	Limit int
	// Bytes is the measured size; for perTool, the largest tool's.
	Bytes int
	// Over counts the tools over a perTool budget.
	Over int
	// Largest are the largest tools concerned (at most TopN): of the whole
	// surface, of the toolset, or those over the per-tool budget.
	Largest []Tool
}

// TopN is how many of the largest tools a violation names.
const TopN = 5

// String is the violation on one line: where the budget is set, the
// budget and the size measured.
func (v Violation) String() string {
	var b strings.Builder
	if v.Where != "" {
		b.WriteString(v.Where + ": ")
	}
	switch {
	case v.Budget == "perTool":
		tools := "tools"
		if v.Over == 1 {
			tools = "tool"
		}
		fmt.Fprintf(&b, "budget perTool (%d bytes) exceeded by %d %s; the largest is %d bytes (~%d tokens); largest tools: %s",
			v.Limit, v.Over, tools, v.Bytes, Tokens(v.Bytes), list(v.Largest))
	default:
		what := "the full tools/list"
		if ts, ok := strings.CutPrefix(v.Budget, "toolsets."); ok {
			what = fmt.Sprintf("tools/list of toolset %s", ts)
		}
		fmt.Fprintf(&b, "budget %s (%d bytes) exceeded: %s is %d bytes (~%d tokens), %d over; largest tools: %s",
			v.Budget, v.Limit, what, v.Bytes, Tokens(v.Bytes), v.Bytes-v.Limit, list(v.Largest))
	}
	return b.String()
}

func list(tools []Tool) string {
	parts := make([]string, len(tools))
	for i, t := range tools {
		parts[i] = fmt.Sprintf("%s %d", t.Name, t.Bytes)
	}
	return strings.Join(parts, ", ")
}

// Check compares the surface with the budgets of f (none if f or its
// budgets are nil) and returns every budget exceeded, in the order total,
// perTool, toolsets by name. Dynamic is not checked here: the generator
// does not produce the dynamic-mode tools.
func Check(s *Surface, f *overlay.File) []Violation {
	if f == nil || f.Budgets == nil {
		return nil
	}
	b := f.Budgets
	where := func(path string) string { return f.Where(f.BudgetPos(path)) }
	var out []Violation
	if b.Total > 0 && s.Bytes > b.Total {
		out = append(out, Violation{Budget: "total", Where: where("total"), Limit: b.Total, Bytes: s.Bytes, Largest: s.Largest(TopN, "")})
	}
	if b.PerTool > 0 {
		var over []Tool
		for _, t := range s.Largest(len(s.Tools), "") {
			if t.Bytes > b.PerTool {
				over = append(over, t)
			}
		}
		if len(over) > 0 {
			v := Violation{Budget: "perTool", Where: where("perTool"), Limit: b.PerTool, Bytes: over[0].Bytes, Over: len(over)}
			v.Largest = over[:min(len(over), TopN)]
			out = append(out, v)
		}
	}
	names := make([]string, 0, len(b.Toolsets))
	for name := range b.Toolsets {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		limit := b.Toolsets[name]
		if ts := s.Toolset(name); limit > 0 && ts.Bytes > limit {
			out = append(out, Violation{Budget: "toolsets." + name, Where: where("toolsets." + name), Limit: limit, Bytes: ts.Bytes, Largest: s.Largest(TopN, name)})
		}
	}
	return out
}
