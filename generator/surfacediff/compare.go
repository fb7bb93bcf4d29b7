package surfacediff

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/dubgen/dubgen/generator/surface"
)

// Compare diffs two tool surfaces. It is pure and deterministic: the
// inputs are not modified, their order does not matter, and every list in
// the report is sorted.
func Compare(oldTools, newTools []*surface.Tool) *Report {
	olds, news := sortedTools(oldTools), sortedTools(newTools)
	m := match(olds, news)
	r := &Report{Added: []ToolRef{}, Removed: []ToolRef{}, Renamed: []Rename{}, Changed: []ToolChange{}, DescriptionOnly: []Wording{}}
	for _, t := range m.added {
		r.Added = append(r.Added, ref(t))
	}
	for _, t := range m.removed {
		r.Removed = append(r.Removed, ref(t))
	}
	r.Renamed = append(r.Renamed, m.renamed...)
	for _, p := range m.pairs {
		changes, wording := compareTool(p.old, p.new)
		switch {
		case len(changes) > 0:
			r.Changed = append(r.Changed, ToolChange{Tool: p.new.Name, Changes: changes})
		case wording != nil:
			r.DescriptionOnly = append(r.DescriptionOnly, *wording)
		}
	}

	slices.SortFunc(r.Added, func(a, b ToolRef) int { return cmp.Compare(a.Name, b.Name) })
	slices.SortFunc(r.Removed, func(a, b ToolRef) int { return cmp.Compare(a.Name, b.Name) })
	slices.SortFunc(r.Renamed, func(a, b Rename) int { return cmp.Compare(a.To.Name, b.To.Name) })
	slices.SortFunc(r.Changed, func(a, b ToolChange) int { return cmp.Compare(a.Tool, b.Tool) })
	slices.SortFunc(r.DescriptionOnly, func(a, b Wording) int { return cmp.Compare(a.Tool, b.Tool) })
	r.Size = compareSize(olds, news)
	r.Summary = Summary{
		Added: len(r.Added), Removed: len(r.Removed), Renamed: len(r.Renamed),
		Changed: len(r.Changed), DescriptionOnly: len(r.DescriptionOnly), Breaking: r.Breaking(),
	}
	return r
}

// compareTool lists the structural changes between two versions of a
// tool, followed by a description change if the wording changed too. With
// no structural change, it returns the wording change alone, or nil.
func compareTool(o, n *surface.Tool) ([]Change, *Wording) {
	var cs []Change
	if o.Name != n.Name && o.Op.ID == n.Op.ID { // a rename by new operationId is reported as such
		c := Change{Kind: KindName, Old: o.Name, New: n.Name, Breaking: lostName(o, n)}
		c.Detail = fmt.Sprintf("tool name `%s` → `%s`", o.Name, n.Name)
		if !c.Breaking {
			c.Detail += " (the old name is kept as an alias)"
		}
		cs = append(cs, c)
	}
	cs = append(cs, compareInputs(o, n)...)
	cs = append(cs, compareAnnotations(o.Annotations, n.Annotations)...)
	// Agents see only the top of the output schema; the result's shape
	// is compared in detail, since a changed response breaks callers.
	cs = append(cs, compareOutputs(flatten(o.Result), flatten(n.Result))...)

	w := wording(o, n)
	if w == nil {
		return cs, nil
	}
	if len(cs) == 0 {
		return nil, w
	}
	c := Change{Kind: KindDescription, Old: fmt.Sprint(w.OldLength), New: fmt.Sprint(w.NewLength)}
	c.Detail = describeWording(w)
	return append(cs, c), nil
}

// wording compares the agent-facing texts: title, description and input
// property descriptions. It returns nil when none changed.
func wording(o, n *surface.Tool) *Wording {
	w := &Wording{Tool: n.Name, Description: o.Description != n.Description,
		OldLength: len(o.Description), NewLength: len(n.Description), Title: o.Title != n.Title}
	fo, fn := flatten(o.Input), flatten(n.Input)
	for path, on := range fo {
		if nn, ok := fn[path]; ok && nn.desc != on.desc {
			w.Properties++
		}
	}
	if !w.Description && !w.Title && w.Properties == 0 {
		return nil
	}
	return w
}

// describeWording says what wording changed, in a phrase.
func describeWording(w *Wording) string {
	var parts []string
	switch {
	case !w.Description:
	case w.OldLength == w.NewLength:
		parts = append(parts, fmt.Sprintf("description reworded (%d bytes)", w.NewLength))
	default:
		parts = append(parts, fmt.Sprintf("description reworded (%d → %d bytes)", w.OldLength, w.NewLength))
	}
	if w.Title {
		parts = append(parts, "title changed")
	}
	switch w.Properties {
	case 0:
	case 1:
		parts = append(parts, "1 input description changed")
	default:
		parts = append(parts, fmt.Sprintf("%d input descriptions changed", w.Properties))
	}
	return strings.Join(parts, ", ")
}

// compareAnnotations reports flipped hints. Only losing read-only or
// gaining destructive is breaking.
func compareAnnotations(o, n surface.Annotations) []Change {
	var cs []Change
	for _, h := range []struct {
		name     string
		old, new bool
		breaking bool
	}{
		{"readOnlyHint", o.ReadOnly, n.ReadOnly, o.ReadOnly && !n.ReadOnly},
		{"destructiveHint", o.Destructive, n.Destructive, !o.Destructive && n.Destructive},
		{"idempotentHint", o.Idempotent, n.Idempotent, false},
		{"openWorldHint", o.OpenWorld, n.OpenWorld, false},
	} {
		if h.old != h.new {
			cs = append(cs, Change{Kind: KindAnnotation, Path: h.name, Old: fmt.Sprint(h.old), New: fmt.Sprint(h.new),
				Detail: fmt.Sprintf("`%s` %t → %t", h.name, h.old, h.new), Breaking: h.breaking})
		}
	}
	return cs
}
