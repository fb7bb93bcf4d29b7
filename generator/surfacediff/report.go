package surfacediff

import (
	"encoding/json"
	"fmt"
)

// Report is the difference between an old and a new tool surface. Every
// list is sorted and never nil, so the JSON form is stable.
type Report struct {
	// Summary counts what the lists below hold.
	Summary Summary `json:"summary"`
	// Added and Removed are tools present on one side only, by name.
	Added   []ToolRef `json:"added"`
	Removed []ToolRef `json:"removed"`
	// Renamed are tools whose operationId changed, matched by alias or
	// route, by new name.
	Renamed []Rename `json:"renamed"`
	// Changed are the tools (matched or renamed) with structural changes,
	// by new name.
	Changed []ToolChange `json:"changed"`
	// DescriptionOnly are the tools whose only change is wording, by name.
	DescriptionOnly []Wording `json:"descriptionOnly"`
	// Size compares the size of the two surfaces.
	Size Size `json:"size"`
}

// Summary counts a report's entries.
type Summary struct {
	Added           int `json:"added"`
	Removed         int `json:"removed"`
	Renamed         int `json:"renamed"`
	Changed         int `json:"changed"`
	DescriptionOnly int `json:"descriptionOnly"`
	// Breaking counts breaking changes: removed tools, breaking renames and
	// breaking per-tool changes.
	Breaking int `json:"breaking"`
}

// ToolRef identifies a tool and the operation behind it.
type ToolRef struct {
	Name        string `json:"name"`
	OperationID string `json:"operationId"`
	Method      string `json:"method"`
	Route       string `json:"route"`
	Toolset     string `json:"toolset"`
}

// Rename is a tool whose operationId changed but which lives on.
type Rename struct {
	From ToolRef `json:"from"`
	To   ToolRef `json:"to"`
	// By says what paired them: "alias" (the new tool lists the old name
	// among its aliases) or "route" (same method and route).
	By string `json:"by"`
	// Breaking is true when the tool name changed and the new tool does not
	// answer to the old one.
	Breaking bool `json:"breaking"`
}

// ToolChange lists the changes to one tool present on both sides.
type ToolChange struct {
	// Tool is the tool's new name.
	Tool    string   `json:"tool"`
	Changes []Change `json:"changes"`
}

// Kind names a kind of change to a tool.
type Kind string

// Kinds of change to a tool.
const (
	KindName          Kind = "name"           // tool name changed (Old, New)
	KindInputAdded    Kind = "input-added"    // input property added (New: type)
	KindInputRemoved  Kind = "input-removed"  // input property removed (Old: type)
	KindInputHidden   Kind = "input-hidden"   // input property hidden (by the overlay, or a deprecated field), still accepted
	KindRequired      Kind = "required"       // input property became required
	KindOptional      Kind = "optional"       // input property became optional
	KindType          Kind = "type"           // input property type changed (Old, New)
	KindEnumAdded     Kind = "enum-added"     // input enum gained Values
	KindEnumRemoved   Kind = "enum-removed"   // input enum lost Values
	KindEnumLimited   Kind = "enum-limited"   // unrestricted input now limited to Values
	KindEnumLifted    Kind = "enum-lifted"    // input no longer limited to Values
	KindFormat        Kind = "format"         // input string format changed (Old, New)
	KindDefault       Kind = "default"        // input default changed (Old, New: JSON)
	KindMaxItems      Kind = "max-items"      // input array limit changed (Old, New)
	KindLimit         Kind = "limit"          // another listed input constraint changed (minimum, maxLength, pattern...; Old, New)
	KindAnnotation    Kind = "annotation"     // a hint flipped (Path: hint name, Old, New)
	KindOutputAdded   Kind = "output-added"   // output property added (New: type)
	KindOutputRemoved Kind = "output-removed" // output property removed (Old: type)
	KindOutputType    Kind = "output-type"    // output property type changed (Old, New)
	KindDescription   Kind = "description"    // wording changed (Old, New: description lengths in bytes)
)

// Change is one difference in a tool.
type Change struct {
	Kind Kind `json:"kind"`
	// Path locates a property ("url", "testVariants[].url") or names a hint
	// ("readOnlyHint").
	Path string `json:"path,omitempty"`
	// Old and New are the values before and after, where the kind has them.
	Old string `json:"old,omitempty"`
	New string `json:"new,omitempty"`
	// Values are the enum values added or removed.
	Values []string `json:"values,omitempty"`
	// Detail says it in a sentence, with Markdown code spans.
	Detail   string `json:"detail"`
	Breaking bool   `json:"breaking"`
}

// Wording is a tool whose only change is its wording.
type Wording struct {
	Tool string `json:"tool"`
	// Description is true when the tool's description changed.
	Description bool `json:"description"`
	// OldLength and NewLength are the description lengths in bytes.
	OldLength int `json:"oldLength"`
	NewLength int `json:"newLength"`
	// Title is true when the title changed too.
	Title bool `json:"title,omitempty"`
	// Properties counts the input properties whose description changed.
	Properties int `json:"properties,omitempty"`
}

// Size compares the bytes of the tools/list result each surface makes
// (every tool's name, title, description, input and output schema and
// annotations, as mcp-go sends them; see generator/budget) and
// approximates them in tokens (bytes/4).
type Size struct {
	OldBytes    int `json:"oldBytes"`
	NewBytes    int `json:"newBytes"`
	DeltaBytes  int `json:"deltaBytes"`
	OldTokens   int `json:"oldTokens"`
	NewTokens   int `json:"newTokens"`
	DeltaTokens int `json:"deltaTokens"`
}

// Empty reports whether no change was found. Facets the report does not
// compare (defaults, formats, item limits) may still differ; Size shows it.
func (r *Report) Empty() bool {
	return len(r.Added)+len(r.Removed)+len(r.Renamed)+len(r.Changed)+len(r.DescriptionOnly) == 0
}

// Breaking counts the breaking changes: removed tools, renames that lose
// the old name, and breaking changes to tools.
func (r *Report) Breaking() int {
	n := len(r.Removed)
	for _, rn := range r.Renamed {
		if rn.Breaking {
			n++
		}
	}
	for _, tc := range r.Changed {
		for _, c := range tc.Changes {
			if c.Breaking {
				n++
			}
		}
	}
	return n
}

// JSON renders the report as indented JSON, ending in a newline.
func (r *Report) JSON() ([]byte, error) {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("surface diff: marshal report: %w", err)
	}
	return append(b, '\n'), nil
}
