package spec

import (
	"fmt"

	"github.com/dubgen/dubgen/generator/model"
)

// use is one place a schema is found: under a parent schema (by property,
// item, map value or variant) or at an operation's body, response or
// parameter.
type use struct {
	parent *model.Schema
	// what reads "the tags field of", "an item of", "the request body of".
	what string
	// owner names the operation or component when parent is nil.
	owner string
}

// describeRoles sets Role on every named type: what it is, told by where it
// is first used (operations first, in order, then component schemas), and
// how many other places use it. Emitters use it when the spec has no
// description, so that no type comment is an empty template.
func describeRoles(api *model.API, components []*model.Schema) {
	// Identical shapes share a name but not a pointer: uses count by name.
	first := map[*model.Schema]use{}
	byName := map[string]*model.Schema{}
	count := map[string]map[string]bool{}
	var visit func(s *model.Schema, u use)
	visit = func(s *model.Schema, u use) {
		if s == nil {
			return
		}
		if s.Name != "" {
			key := u.what + " " + u.owner
			if u.parent != nil {
				key = u.what + " " + u.parent.Name + fmt.Sprintf("%p", u.parent)
			}
			if count[s.Name] == nil {
				count[s.Name] = map[string]bool{}
				byName[s.Name] = s
			}
			count[s.Name][key] = true
		}
		if _, seen := first[s]; seen {
			return
		}
		first[s] = u
		for _, p := range s.Properties {
			visit(p.Schema, use{parent: s, what: "the " + p.Name + " field of"})
		}
		switch s.Kind {
		case model.KindMap:
			visit(s.Items, use{parent: s, what: "a value of"})
		case model.KindArray, model.KindOneOrMany:
			visit(s.Items, use{parent: s, what: "an item of"})
		}
		for _, v := range s.Variants {
			visit(v, use{parent: s, what: "a variant of"})
		}
	}
	for _, o := range api.Operations {
		for _, p := range o.Params {
			visit(p.Schema, use{what: "the " + p.Name + " parameter of", owner: o.GoName})
		}
		if o.Body != nil {
			visit(o.Body.Schema, use{what: "the request body of", owner: o.GoName})
		}
		if o.Response != nil && o.Response.Schema != nil {
			visit(o.Response.Schema, use{what: "the response of", owner: o.GoName})
		}
	}
	for _, c := range components {
		if _, seen := first[c]; seen {
			continue
		}
		visit(c, use{what: "the component schema", owner: c.Origin + ", which no operation uses"})
	}
	var describe func(s *model.Schema, depth int) string
	describe = func(s *model.Schema, depth int) string {
		u := first[s]
		if u.parent == nil {
			return u.what + " " + u.owner
		}
		if u.parent.Name != "" || depth > 8 {
			return u.what + " " + u.parent.Name
		}
		return u.what + " " + describe(u.parent, depth+1)
	}
	for _, t := range api.Types {
		rep := byName[t.Name]
		if rep == nil {
			continue
		}
		role := describe(rep, 0)
		if n := len(count[t.Name]) - 1; n == 1 {
			role += " (also used in one other place)"
		} else if n > 1 {
			role += fmt.Sprintf(" (also used in %d other places)", n)
		}
		t.Role = role
	}
}
