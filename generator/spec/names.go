package spec

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/dubgen/dubgen/generator/model"
	"github.com/dubgen/dubgen/generator/naming"
)

// needsName reports whether a schema becomes a Go type of its own: objects
// with properties, string enums of two or more values, and unions. A
// one-value enum (a constant, often a discriminator) stays a plain string.
func needsName(s *model.Schema) bool {
	return s.Kind == model.KindObject && len(s.Properties) > 0 || s.IsEnum() && len(s.Enum) > 1 || s.Kind == model.KindUnion
}

// nameTypes gives every unnamed schema that needs a Go type a name and
// returns the named types, one per name, sorted. Structurally identical
// schemas share one name (an inline copy of a component takes the
// component's name), which keeps the generated code small.
func (b *builder) nameTypes(roots []*model.Schema) []*model.Schema {
	keys := map[*model.Schema]string{}
	var key func(s *model.Schema, stack map[*model.Schema]bool) string
	key = func(s *model.Schema, stack map[*model.Schema]bool) string {
		if k, ok := keys[s]; ok {
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
			fmt.Fprintf(&sb, "{%s %t %t %s}", p.Name, p.Required, p.Schema.Nullable, key(p.Schema, stack))
		}
		if s.AdditionalProperties {
			sb.WriteString("+")
		}
		if s.Items != nil {
			sb.WriteString("[" + key(s.Items, stack) + "]")
		}
		for _, v := range s.Variants {
			sb.WriteString("|" + key(v, stack))
		}
		k := sb.String()
		keys[s] = k
		return k
	}

	// Visit in a fixed order, collecting every schema that needs a name.
	type group struct {
		key     string
		members []*model.Schema
		name    string
	}
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
		k := key(s, map[*model.Schema]bool{})
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

	// Groups without a component name: use the property name when every
	// member was found under the same property and nothing else claims it;
	// otherwise the context name of the first member.
	propUsers := map[string]int{}
	groupProp := map[*group]string{}
	for _, g := range order {
		if g.name != "" {
			continue
		}
		prop, same := "", true
		ctxs := map[string]bool{}
		for i, m := range g.members {
			h := b.hints[m]
			ctxs[h.ctx] = true
			if i == 0 {
				prop = h.prop
			} else if h.prop != prop {
				same = false
			}
		}
		if same && prop != "" && len(ctxs) > 1 {
			groupProp[g] = naming.Exported(prop)
			propUsers[naming.Exported(prop)]++
		}
	}
	for _, g := range order {
		if g.name != "" {
			continue
		}
		name := groupProp[g]
		if name == "" || propUsers[name] > 1 || taken[name] {
			name = b.hints[g.members[0]].ctx
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
		for _, m := range g.members {
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
