package surfacediff

import (
	"fmt"
	"sort"
	"strings"

	"github.com/dubgen/dubgen/generator/budget"
	"github.com/dubgen/dubgen/generator/diag"
	"github.com/dubgen/dubgen/generator/surface"
)

// Update is what a spec update adds to the surface diff: the budgets the
// new surface exceeds, the tools that grew most, the overlay's drift and
// what to do next (see UpdateMarkdown).
type Update struct {
	// OldNote, when set, says why there is no old surface to compare with
	// (the pinned spec is missing or cannot be generated); the diff then
	// lists every tool as added.
	OldNote string
	// Overruns are the budgets the new surface exceeds.
	Overruns []budget.Violation
	// Grown are the tools whose size changed most, largest growth first.
	Grown []Growth
	// Drift are the overlay entries and parameters the new spec no longer
	// has, each with its overlay file:line.
	Drift diag.List
}

// Growth is one tool's size before and after (0: absent on that side).
type Growth struct {
	Tool     string
	Old, New budget.Tool
}

// GrownTools compares per-tool sizes and returns the n tools that grew
// most (tools that shrank are left out), largest growth first.
func GrownTools(oldTools, newTools []*surface.Tool, n int) []Growth {
	measure := func(tools []*surface.Tool) map[string]budget.Tool {
		out := map[string]budget.Tool{}
		s, err := budget.Measure(tools)
		if err != nil {
			return out // a surface that cannot be measured has no sizes
		}
		for _, t := range s.Tools {
			out[t.Name] = t
		}
		return out
	}
	olds, news := measure(oldTools), measure(newTools)
	var out []Growth
	for name, nt := range news {
		if ot := olds[name]; nt.Bytes > ot.Bytes {
			out = append(out, Growth{Tool: name, Old: ot, New: nt})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		di, dj := out[i].New.Bytes-out[i].Old.Bytes, out[j].New.Bytes-out[j].Old.Bytes
		if di != dj {
			return di > dj
		}
		return out[i].Tool < out[j].Tool
	})
	return out[:min(n, len(out))]
}

// UpdateMarkdown renders the spec-update report: the surface diff
// (Markdown), then budget overruns, the tools that grew most, overlay
// drift and the next steps.
func (r *Report) UpdateMarkdown(oldName, newName string, u Update) string {
	var b strings.Builder
	b.WriteString(r.Markdown(oldName, newName))
	if u.OldNote != "" {
		fmt.Fprintf(&b, "\n> No old surface to compare with: %s. Every tool is listed as added.\n", u.OldNote)
	}
	if len(u.Overruns) > 0 {
		b.WriteString("\n### Budget overruns\n\nThe code was generated; `make test` fails until this is resolved.\n\n")
		for _, v := range u.Overruns {
			b.WriteString("- ⚠️ " + v.String() + "\n")
		}
	}
	if len(u.Grown) > 0 {
		b.WriteString("\n### Tools that grew most\n\n| tool | bytes before → after | input | output | description |\n|---|---|---|---|---|\n")
		for _, g := range u.Grown {
			fmt.Fprintf(&b, "| `%s` | %d → %d (%+d) | %d → %d | %d → %d | %d → %d |\n", g.Tool, g.Old.Bytes, g.New.Bytes, g.New.Bytes-g.Old.Bytes,
				g.Old.Input, g.New.Input, g.Old.Output, g.New.Output, g.Old.Description, g.New.Description)
		}
	}
	if len(u.Drift) > 0 {
		b.WriteString("\n### Overlay drift\n\nThe overlay names things the new spec does not have:\n\n")
		for _, d := range u.Drift.Sorted() {
			fmt.Fprintf(&b, "- `%s`: %s\n", d.Where, d.Msg)
		}
	}
	b.WriteString("\n### What to do next\n\n")
	for i, step := range u.next(r) {
		fmt.Fprintf(&b, "%d. %s\n", i+1, step)
	}
	return b.String()
}

// next lists the steps the report calls for, most urgent first.
func (u Update) next(r *Report) []string {
	var steps []string
	if len(u.Drift) > 0 {
		steps = append(steps, "Fix the overlay drift above (remove or update the entries at the lines given); `go run ./cmd/gen check --pin specs/dub.pin.json --overlay overlays/dub.yaml` lists it again.")
	}
	if len(u.Overruns) > 0 {
		steps = append(steps, "Resolve the budget overruns: "+budget.Remedy+".")
	}
	if r.Breaking() > 0 {
		steps = append(steps, "Review the breaking changes: keep old tool names working with overlay `aliases`, and tell the users of removed tools.")
	}
	if len(r.Added) > 0 {
		steps = append(steps, "Give the added tools an overlay entry (name, toolset, a short description); `gen check` lists the operations without one.")
	}
	steps = append(steps, "Run `make test`, review `git diff generated/`, and commit the pin, the spec copy, generated/ and this report together.")
	return steps
}
