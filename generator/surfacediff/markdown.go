package surfacediff

import (
	"fmt"
	"strings"
)

// Markdown renders the report for a pull request: a title naming the two
// surfaces, a one-line summary, the size line, then the sections that
// have entries — breaking changes, added, removed, renamed and changed
// tools, and description-only changes.
func (r *Report) Markdown(oldName, newName string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "## Tool surface diff: `%s` → `%s`\n\n", oldName, newName)
	fmt.Fprintf(&b, "**%d added, %d removed, %d renamed, %d changed; %d breaking**\n\n",
		len(r.Added), len(r.Removed), len(r.Renamed), len(r.Changed), r.Breaking())
	s := r.Size
	fmt.Fprintf(&b, "Surface size: %d → %d bytes (%+d), about %d → %d tokens (%+d).\n",
		s.OldBytes, s.NewBytes, s.DeltaBytes, s.OldTokens, s.NewTokens, s.DeltaTokens)
	if r.Empty() {
		b.WriteString("\nNo changes to the tool surface.\n")
		return b.String()
	}
	r.breakingSection(&b)
	r.addedSection(&b)
	r.removedSection(&b)
	r.renamedSection(&b)
	r.changedSection(&b)
	r.wordingSection(&b)
	return b.String()
}

func (r *Report) breakingSection(b *strings.Builder) {
	var items []string
	for _, t := range r.Removed {
		items = append(items, fmt.Sprintf("`%s` removed (`%s %s`)", t.Name, t.Method, t.Route))
	}
	for _, rn := range r.Renamed {
		if rn.Breaking {
			items = append(items, fmt.Sprintf("`%s` renamed to `%s`; callers of the old name break unless the overlay lists it under `aliases`", rn.From.Name, rn.To.Name))
		}
	}
	for _, tc := range r.Changed {
		for _, c := range tc.Changes {
			if c.Breaking {
				items = append(items, fmt.Sprintf("`%s`: %s", tc.Tool, c.Detail))
			}
		}
	}
	if len(items) == 0 {
		return
	}
	b.WriteString("\n### Breaking changes\n\n")
	for _, s := range items {
		b.WriteString("- ⚠️ " + s + "\n")
	}
}

func (r *Report) addedSection(b *strings.Builder) {
	if len(r.Added) == 0 {
		return
	}
	b.WriteString("\n### Added tools\n\n| tool | method route | toolset |\n|---|---|---|\n")
	for _, t := range r.Added {
		fmt.Fprintf(b, "| `%s` | `%s %s` | %s |\n", t.Name, t.Method, t.Route, t.Toolset)
	}
}

func (r *Report) removedSection(b *strings.Builder) {
	if len(r.Removed) == 0 {
		return
	}
	b.WriteString("\n### Removed tools\n\n")
	for _, t := range r.Removed {
		fmt.Fprintf(b, "- ⚠️ `%s` (`%s %s`, operationId `%s`)\n", t.Name, t.Method, t.Route, t.OperationID)
	}
}

func (r *Report) renamedSection(b *strings.Builder) {
	if len(r.Renamed) == 0 {
		return
	}
	b.WriteString("\n### Renamed tools\n\n")
	for _, rn := range r.Renamed {
		why := "same method and route, new operationId"
		if rn.By == "alias" {
			why = "the new tool lists the old name under `aliases`"
		}
		var effect string
		switch {
		case rn.From.Name == rn.To.Name:
			effect = "the tool name is unchanged"
		case rn.Breaking:
			effect = "⚠️ breaking: the old name no longer works"
		default:
			effect = "not breaking: the old name still works as an alias"
		}
		fmt.Fprintf(b, "- `%s` → `%s` (operationId `%s` → `%s`, `%s %s`): %s; %s\n",
			rn.From.Name, rn.To.Name, rn.From.OperationID, rn.To.OperationID, rn.To.Method, rn.To.Route, why, effect)
	}
}

// changedSection lists each changed tool with its changes; output
// additions are summarised on one line.
func (r *Report) changedSection(b *strings.Builder) {
	if len(r.Changed) == 0 {
		return
	}
	b.WriteString("\n### Changed tools\n\n")
	for _, tc := range r.Changed {
		fmt.Fprintf(b, "- `%s`\n", tc.Tool)
		var outputAdded []string
		for _, c := range tc.Changes {
			if c.Kind == KindOutputAdded {
				outputAdded = append(outputAdded, c.Path)
				continue
			}
			mark := ""
			if c.Breaking {
				mark = "⚠️ "
			}
			b.WriteString("  - " + mark + c.Detail + "\n")
		}
		if n := len(outputAdded); n > 0 {
			noun := "properties"
			if n == 1 {
				noun = "property"
			}
			fmt.Fprintf(b, "  - output: %d %s added: %s\n", n, noun, codeList(outputAdded))
		}
	}
}

func (r *Report) wordingSection(b *strings.Builder) {
	if len(r.DescriptionOnly) == 0 {
		return
	}
	noun := "tools"
	if len(r.DescriptionOnly) == 1 {
		noun = "tool"
	}
	fmt.Fprintf(b, "\n### Description-only changes\n\n%d %s reworded, nothing else changed:\n\n", len(r.DescriptionOnly), noun)
	for _, w := range r.DescriptionOnly {
		fmt.Fprintf(b, "- `%s`: %s\n", w.Tool, describeWording(&w))
	}
}
