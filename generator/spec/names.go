package spec

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/dubgen/dubgen/generator/model"
)

// needsName reports whether a schema becomes a Go type of its own: objects
// with properties, string enums of two or more values, and unions. A
// one-value enum (a constant, often a discriminator) stays a plain string.
func needsName(s *model.Schema) bool {
	return s.Kind == model.KindObject && len(s.Properties) > 0 || s.IsEnum() && len(s.Enum) > 1 || s.Kind == model.KindUnion
}

// group is a set of structurally identical schemas that share one Go name.
type group struct {
	key     string
	members []*model.Schema
	// users are the members operations reach (all members when none is).
	users []*model.Schema
	name  string
}

// g2used reports whether an operation reaches any member of g.
func g2used(g *group, used map[*model.Schema]bool) bool {
	for _, m := range g.members {
		if used[m] {
			return true
		}
	}
	return false
}

// reachable is the set of schemas reachable from roots.
func reachable(roots []*model.Schema) map[*model.Schema]bool {
	seen := map[*model.Schema]bool{}
	model.WalkAll(roots, func(s *model.Schema) { seen[s] = true })
	return seen
}

// shapeKeys gives structurally identical schemas the same key. A key
// spells a schema's kind, enum and properties, and names its subschemas
// by the short id of their own key (interned), so that a key stays as
// small as the schema's own level: in a spec whose schemas each use the
// next twice, 25 deep, a key that spelt its subschemas out would hold
// 2^25 leaves.
type shapeKeys struct {
	keys     map[*model.Schema]string
	interned map[string]string // key text → id
}

func newShapeKeys() *shapeKeys {
	return &shapeKeys{keys: map[*model.Schema]string{}, interned: map[string]string{}}
}

// of returns s's key.
func (sk *shapeKeys) of(s *model.Schema) string { return sk.key(s, map[*model.Schema]bool{}) }

// key returns s's key; stack holds the schemas being keyed, so that a
// schema that contains itself is marked where it recurs.
func (sk *shapeKeys) key(s *model.Schema, stack map[*model.Schema]bool) string {
	if k, ok := sk.keys[s]; ok {
		return k
	}
	if stack[s] {
		return "cycle:" + s.Name
	}
	stack[s] = true
	defer delete(stack, s)
	var sb strings.Builder
	sb.WriteString(s.Kind.String())
	if len(s.Enum) > 0 {
		fmt.Fprintf(&sb, "%q", s.Enum)
	}
	for _, p := range s.Properties {
		fmt.Fprintf(&sb, "{%s %t %t %s}", p.Name, p.Required, p.Schema.Nullable, sk.key(p.Schema, stack))
	}
	if s.AdditionalProperties {
		sb.WriteString("+")
	}
	if s.Items != nil {
		sb.WriteString("[" + sk.key(s.Items, stack) + "]")
	}
	for _, v := range s.Variants {
		sb.WriteString("|" + sk.key(v, stack))
	}
	text := sb.String()
	k, ok := sk.interned[text]
	if !ok {
		k = "#" + strconv.Itoa(len(sk.interned))
		sk.interned[text] = k
	}
	sk.keys[s] = k
	return k
}

// nameTypes gives every unnamed schema that needs a Go type a name and
// returns the named types, one per name, sorted. Structurally identical
// schemas share one name (an inline copy of a component takes the
// component's name), which keeps the generated code small. Names come from
// where operations (opRoots) use a schema: the operation and property that
// own it, or, for a shape several owners share, what they have in common.
func (b *builder) nameTypes(roots, opRoots []*model.Schema) []*model.Schema {
	keys := newShapeKeys()

	// Visit in a fixed order, collecting every schema that needs a name.
	groups := map[string]*group{}
	var order []*group
	taken := map[string]bool{}
	var aliases []*model.Schema // components that are maps, arrays or primitives
	model.WalkAll(roots, func(s *model.Schema) {
		if !needsName(s) {
			if s.Name != "" {
				aliases = append(aliases, s)
			}
			return
		}
		k := keys.of(s)
		g := groups[k]
		if g == nil {
			g = &group{key: k}
			groups[k] = g
			order = append(order, g)
		}
		g.members = append(g.members, s)
		if s.Name != "" {
			taken[s.Name] = true
			if g.name == "" {
				g.name = s.Name
			}
		}
	})

	// Name the groups operations use first, so that a type reachable only
	// from schemas no operation uses (webhook events, say) never takes a
	// name an operation's type wants.
	used := reachable(opRoots)
	sort.SliceStable(order, func(i, j int) bool { return g2used(order[i], used) && !g2used(order[j], used) })
	for _, g := range order {
		g.users = g.members
		var ops []*model.Schema
		for _, m := range g.members {
			if used[m] {
				ops = append(ops, m)
			}
		}
		if len(ops) > 0 {
			g.users = ops
		}
	}
	// A component name is the group's name when the component itself is
	// used by an operation, or when no operation uses the group.
	for _, g := range order {
		g.name = ""
		for _, m := range g.members {
			if m.Name != "" && (used[m] || !g2used(g, used)) {
				g.name = m.Name
				break
			}
		}
	}

	// Groups shared under one property name take the property's name when
	// no other group claims it.
	propUsers := map[string]int{}
	groupProp := map[*group]string{}
	entityOf := map[string]*group{} // resource names, which beat property names
	for _, g := range order {
		if e := b.entity(g.users); g.name == "" && e != "" && entityOf[e] == nil {
			entityOf[e] = g
		}
	}
	for _, g := range order {
		if g.name != "" {
			continue
		}
		if p := b.sharedProp(g.users); p != "" {
			groupProp[g] = p
			propUsers[p]++
		}
	}
	for _, g := range order {
		if g.name != "" {
			continue
		}
		name := groupProp[g]
		if claimed := entityOf[name]; name == "" || propUsers[name] > 1 || taken[name] || claimed != nil && claimed != g {
			name = b.groupName(g.users, taken)
		}
		if name == "" {
			name = "Type"
		}
		base := name
		for i := 2; taken[name]; i++ {
			name = base + strconv.Itoa(i)
		}
		taken[name] = true
		g.name = name
	}

	// Components keep their own names (two identical components stay two
	// types); inline members take the group's name.
	var types []*model.Schema
	emitted := map[string]bool{}
	for _, g := range order {
		varies := false
		for _, m := range g.members {
			varies = varies || strings.TrimSpace(m.Desc) != strings.TrimSpace(g.members[0].Desc)
		}
		for _, m := range g.members {
			m.DescVaries = varies
			if m.Name == "" {
				m.Name = g.name
			}
			if !emitted[m.Name] {
				emitted[m.Name] = true
				types = append(types, m)
			}
		}
	}
	for _, a := range aliases {
		if !emitted[a.Name] {
			emitted[a.Name] = true
			types = append(types, a)
		}
	}
	sort.Slice(types, func(i, j int) bool { return types[i].Name < types[j].Name })
	return types
}
