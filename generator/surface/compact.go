package surface

import (
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/dubgen/dubgen/generator/diag"
	"github.com/dubgen/dubgen/generator/overlay"
)

// sharing records what an overlay entry says the tool shares with other
// tools (overlay fieldsOf and describedBy), resolved once every tool's
// name is known.
type sharing struct {
	// fieldsOf maps an object (or array-of-objects) argument to the tool
	// whose arguments are its fields.
	fieldsOf map[string]string
	// describedBy names the tool whose same-named arguments carry the
	// descriptions this tool's arguments repeat.
	describedBy string
	// where locates the overlay entry and its parameters, for messages.
	where      string
	paramWhere map[string]string
}

// Listed is the input schema a server lists for t: Compact when every tool
// in Needs is served too (served reports it), else the self-contained Input.
func (t *Tool) Listed(served func(name string) bool) *Schema {
	if t.Compact == nil {
		return t.Input
	}
	for _, n := range t.Needs {
		if !served(n) {
			return t.Input
		}
	}
	return t.Compact
}

// compactShared gives every tool that shares arguments with another tool (see
// sharing) its Compact schema and Needs. A referenced tool that does not
// exist is drift (the spec may have dropped it): a warning, or an error
// under strict; the tool then keeps only its self-contained schema.
func compactShared(tools []*Tool, strict bool, ds *diag.List) {
	byName := map[string]*Tool{}
	for _, t := range tools {
		byName[t.Name] = t
	}
	drift := func(where, format string, args ...any) {
		if strict {
			ds.Errorf(where, format, args...)
		} else {
			ds.Warnf(where, format, args...)
		}
	}
	for _, t := range tools {
		sh := t.sharing
		if sh == nil {
			continue
		}
		c := t.Input.Clone()
		props := c.Properties
		var needs []string
		for _, arg := range slices.Sorted(maps.Keys(sh.fieldsOf)) {
			ref := sh.fieldsOf[arg]
			other, ok := byName[ref]
			switch {
			case !ok:
				drift(sh.paramWhere[arg], "operation %s: fieldsOf names %q, which is not a tool", t.Op.ID, ref)
				continue
			case other == t:
				ds.Errorf(sh.paramWhere[arg], "operation %s: fieldsOf on %q names the tool itself", t.Op.ID, arg)
				continue
			}
			prop := props[arg]
			if prop == nil {
				ds.Errorf(sh.paramWhere[arg], "operation %s: fieldsOf on %q, which is not a listed argument", t.Op.ID, arg)
				continue
			}
			if !hasFields(prop) {
				ds.Errorf(sh.paramWhere[arg], "operation %s: fieldsOf on %q, which has no fields (not an object, nor an array of objects)", t.Op.ID, arg)
				continue
			}
			if prop.Description == "" {
				ds.Errorf(sh.paramWhere[arg], "operation %s: fieldsOf on %q needs a description saying where its fields are (e.g. \"create_link's fields\")", t.Op.ID, arg)
				continue
			}
			collapseFields(prop)
			needs = append(needs, ref)
			if t.FieldsOf == nil {
				t.FieldsOf = map[string]string{}
			}
			t.FieldsOf[arg] = ref
		}
		if ref := sh.describedBy; ref != "" {
			other, ok := byName[ref]
			switch {
			case !ok:
				drift(sh.where, "operation %s: describedBy names %q, which is not a tool", t.Op.ID, ref)
			case other == t:
				ds.Errorf(sh.where, "operation %s: describedBy names the tool itself", t.Op.ID)
			default:
				shared := 0
				for name, mine := range props {
					their := other.Input.Property(name)
					if d := mine.Description; d != "" && their != nil && d == their.Description {
						mine.Description = ""
						shared++
					}
				}
				if shared == 0 {
					drift(sh.where, "operation %s: describedBy %s, but no argument's description is the same as that tool's", t.Op.ID, ref)
				} else {
					needs = append(needs, ref)
				}
			}
		}
		if len(needs) == 0 {
			continue
		}
		sort.Strings(needs)
		t.Compact, t.Needs = c, slices.Compact(needs)
		if err := checkPortable(t); err != nil {
			ds.Errorf(sh.where, "%v", err)
		}
	}
	checkCycles(tools, ds)
}

// checkCycles fails when tools refer to each other in a ring (a's
// compact schema leaves to b what b's leaves to a): served together, the
// shared fields or text would be listed by none of them.
func checkCycles(tools []*Tool, ds *diag.List) {
	needs := map[string][]string{}
	where := map[string]string{}
	for _, t := range tools {
		if len(t.Needs) > 0 {
			needs[t.Name] = t.Needs
			where[t.Name] = t.sharing.where
		}
	}
	const (
		visiting = 1
		done     = 2
	)
	state := map[string]int{}
	var path []string
	var visit func(n string) bool
	visit = func(n string) bool {
		switch state[n] {
		case visiting:
			i := slices.Index(path, n)
			ring := append(slices.Clone(path[i:]), n)
			ds.Errorf(where[path[i]], "tools %s refer to each other for their fields or descriptions (overlay fieldsOf, describedBy); served together, none would list them", strings.Join(ring, " -> "))
			return true
		case done:
			return false
		}
		state[n] = visiting
		path = append(path, n)
		for _, m := range needs[n] {
			if visit(m) {
				return true
			}
		}
		path = path[:len(path)-1]
		state[n] = done
		return false
	}
	for _, n := range slices.Sorted(maps.Keys(needs)) {
		if visit(n) {
			return
		}
	}
}

// collapseFields turns an object argument (or an array argument's object
// items) into a plain object: its fields are listed by another tool.
func collapseFields(s *Schema) {
	if s.Items != nil {
		s.Items = &Schema{Type: "object"}
		return
	}
	s.Properties = nil
	s.Required = nil
}

// noteSharing records op's fieldsOf and describedBy on t, for compactShared.
func noteSharing(t *Tool, f *overlay.File, op *overlay.Operation) {
	sh := &sharing{describedBy: op.DescribedBy, fieldsOf: map[string]string{}, paramWhere: map[string]string{}, where: f.Where(f.PosOf(t.Op.ID))}
	for name, p := range op.Params {
		if p != nil && p.FieldsOf != "" && !p.Drop {
			sh.fieldsOf[name] = p.FieldsOf
			sh.paramWhere[name] = f.Where(f.PosOf(t.Op.ID, name))
		}
	}
	if sh.describedBy != "" || len(sh.fieldsOf) > 0 {
		t.sharing = sh
	}
}
