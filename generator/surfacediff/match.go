package surfacediff

import (
	"cmp"
	"slices"

	"github.com/dubgen/dubgen/generator/surface"
)

// pair is one tool on both sides.
type pair struct{ old, new *surface.Tool }

// matching is how the tools of two surfaces correspond.
type matching struct {
	// pairs are the tools matched by operationId, then the renamed ones.
	pairs          []pair
	renamed        []Rename
	added, removed []*surface.Tool
}

// match pairs old and new tools by operationId; an old tool left over is
// renamed to a left-over new tool that lists its name among its aliases,
// or failing that to one on the same method and route. Both lists must
// be sorted, which makes the pairing deterministic.
func match(olds, news []*surface.Tool) matching {
	var m matching
	byID := map[string]*surface.Tool{}
	for _, t := range news {
		byID[t.Op.ID] = t
	}
	taken := map[*surface.Tool]bool{}
	var lost []*surface.Tool
	for _, o := range olds {
		if n := byID[o.Op.ID]; n != nil {
			m.pairs = append(m.pairs, pair{o, n})
			taken[n] = true
		} else {
			lost = append(lost, o)
		}
	}
	renamed := map[*surface.Tool]bool{}
	for _, by := range []string{"alias", "route"} { // the overlay's word first
		for _, o := range lost {
			if renamed[o] {
				continue
			}
			for _, n := range news {
				if taken[n] || !renames(o, n, by) {
					continue
				}
				taken[n], renamed[o] = true, true
				m.renamed = append(m.renamed, Rename{From: ref(o), To: ref(n), By: by, Breaking: lostName(o, n)})
				m.pairs = append(m.pairs, pair{o, n})
				break
			}
		}
	}
	for _, o := range lost {
		if !renamed[o] {
			m.removed = append(m.removed, o)
		}
	}
	for _, n := range news {
		if !taken[n] {
			m.added = append(m.added, n)
		}
	}
	return m
}

// sortedTools returns a copy of tools sorted by name, then operationId.
func sortedTools(tools []*surface.Tool) []*surface.Tool {
	out := slices.Clone(tools)
	slices.SortFunc(out, func(a, b *surface.Tool) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.Op.ID, b.Op.ID))
	})
	return out
}

// renames reports whether n succeeds o: by "alias" when n answers to o's
// name, by "route" when both serve the same method and route.
func renames(o, n *surface.Tool, by string) bool {
	if by == "alias" {
		return slices.Contains(n.Aliases, o.Name)
	}
	return o.Op.Method == n.Op.Method && o.Op.Path == n.Op.Path
}

// lostName reports whether callers of o's name cannot reach n.
func lostName(o, n *surface.Tool) bool {
	return o.Name != n.Name && !slices.Contains(n.Aliases, o.Name)
}

func ref(t *surface.Tool) ToolRef {
	return ToolRef{Name: t.Name, OperationID: t.Op.ID, Method: t.Op.Method, Route: t.Op.Path, Toolset: t.Toolset}
}
