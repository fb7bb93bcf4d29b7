package surface

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/dubgen/dubgen/generator/diag"
	"github.com/dubgen/dubgen/generator/naming"
	"github.com/dubgen/dubgen/generator/overlay"
)

// Rules are argument checks a tool makes before any request leaves; the
// schema cannot carry them portably, so they also go into the description.
type Rules struct {
	// Together: groups of arguments that must all be given if any is.
	Together [][]string
	// Identity: alternative groups, exactly one of which must be given whole.
	Identity [][]string
	// Requires: an argument and the arguments it needs.
	Requires map[string][]string
	// MaxItems caps array arguments.
	MaxItems map[string]int
	// Enums lists the allowed values of string arguments (or of the
	// elements of string-array arguments).
	Enums map[string][]string
	// Defaults are applied to absent arguments.
	Defaults map[string]any
	// Examples are sample values for messages.
	Examples map[string]string
	// Limits are the spec's constraints on every input value, by schema
	// path ("url", "links[].testVariants[].percentage"); all of them are
	// checked, whether or not the listed schema shows them.
	Limits map[string]Limit
	// Variant, for a body that is one of several objects, names the
	// discriminating argument and, per value, the arguments that value
	// requires.
	Variant *VariantRule
}

// VariantRule: which arguments each value of a discriminator requires.
type VariantRule struct {
	Arg      string
	Requires map[string][]string
}

// Coverage says which operations the overlay describes.
type Coverage struct {
	// Covered and Uncovered are operationIds, sorted.
	Covered, Uncovered []string
	// Stale are overlay entries whose operation is not in the spec, as
	// "file:line:col: operationId".
	Stale []string
	// Spec are findings about the spec itself, not overlay drift: tool
	// names that had to be derived, bodies taken as one argument.
	Spec diag.List
}

// applyOverlay rewrites t with the overlay entry op. Problems that come
// from the spec moving on (a parameter that is gone) are drift: warnings,
// or errors under strict.
func applyOverlay(t *Tool, f *overlay.File, op *overlay.Operation, strict bool, ds *diag.List) {
	id := t.Op.ID
	drift := func(where, format string, args ...any) {
		if strict {
			ds.Errorf(where, format, args...)
		} else {
			ds.Warnf(where, format, args...)
		}
	}
	if op.Name != "" {
		t.Name = op.Name
	}
	if op.Title != "" {
		t.Title = op.Title
	}
	if op.Description != "" {
		t.Description = strings.TrimSpace(op.Description)
	}
	if op.Toolset != "" {
		t.Toolset = op.Toolset
	}
	t.Aliases = append(t.Aliases, op.Aliases...)
	noteSharing(t, f, op)
	if op.BodyParam != "" {
		if t.BodyMode != BodyArray {
			drift(f.Where(f.PosOf(id)), "operation %s: bodyParam is set but the request body is not an array", id)
		} else {
			t.renameArg(t.BodyArg, op.BodyParam)
			t.BodyArg = op.BodyParam
		}
	}
	if a := op.Annotations; a != nil {
		set := func(dst *bool, v *bool) {
			if v != nil {
				*dst = *v
			}
		}
		// Read-only and destructive follow the HTTP method: read-only mode
		// trusts them, so the overlay cannot say otherwise.
		safe := t.Op.Method == "GET" || t.Op.Method == "HEAD" || t.Op.Method == "OPTIONS"
		if a.ReadOnly != nil && *a.ReadOnly != safe {
			ds.Errorf(f.Where(f.AnnotationPos(id, "readOnly")), "operation %s: annotations.readOnly: %v contradicts the HTTP method %s (only GET is read-only)", id, *a.ReadOnly, t.Op.Method)
		}
		if a.Destructive != nil && t.Op.Method == "DELETE" && !*a.Destructive {
			ds.Errorf(f.Where(f.AnnotationPos(id, "destructive")), "operation %s: annotations.destructive: false contradicts the HTTP method DELETE (a DELETE is destructive)", id)
		}
		if a.Destructive != nil && *a.Destructive && safe {
			ds.Errorf(f.Where(f.AnnotationPos(id, "destructive")), "operation %s: annotations.destructive: true contradicts the HTTP method %s (a read cannot destroy)", id, t.Op.Method)
		}
		set(&t.Annotations.Destructive, a.Destructive)
		set(&t.Annotations.Idempotent, a.Idempotent)
		set(&t.Annotations.OpenWorld, a.OpenWorld)
	}

	names := make([]string, 0, len(op.Params))
	for n := range op.Params {
		names = append(names, n)
	}
	sort.Strings(names)
	props := t.Input.Properties
	for _, name := range names {
		p := op.Params[name]
		where := f.Where(f.PosOf(id, name))
		prop := props[name]
		if prop == nil || p == nil {
			drift(where, "operation %s: parameter %q is not an argument of the tool (arguments: %s)", id, name, strings.Join(t.argNames(), ", "))
			continue
		}
		switch {
		case p.Drop:
			t.dropArg(name)
			continue
		case p.Hidden:
			if t.isRequired(name) && p.Default == nil {
				ds.Errorf(where, "operation %s: parameter %q is required, so it cannot be hidden without a default", id, name)
			}
			t.Hidden = append(t.Hidden, name)
			delete(props, name)
			t.unrequire(name)
		}
		if p.Description != nil {
			if d := strings.TrimSpace(*p.Description); d != "" {
				prop.Description = d
			} else {
				prop.Description = ""
			}
		}
		if p.Default != nil {
			prop.Default = p.Default
			t.Rules.Defaults[name] = p.Default
		}
		if p.MaxItems != nil {
			if prop.Type != "array" {
				ds.Errorf(where, "operation %s: maxItems on %q, which is not an array", id, name)
			} else {
				n := *p.MaxItems
				prop.MaxItems = &n
				t.Rules.MaxItems[name] = *p.MaxItems
			}
		}
		if p.Example != "" {
			t.Rules.Examples[name] = p.Example
		}
		if p.BareFields {
			if !hasFields(prop) {
				ds.Errorf(where, "operation %s: bareFields on %q, which has no fields (not an object, nor an array of objects)", id, name)
			} else {
				bareFields(prop)
			}
		}
	}

	known := func(group []string, what string) bool {
		for _, a := range group {
			if !t.hasArg(a) {
				drift(f.Where(f.PosOf(id)), "operation %s: %s names %q, which is not an argument of the tool", id, what, a)
				return false
			}
		}
		return true
	}
	for _, g := range op.Together {
		if known(g, "together") {
			t.Rules.Together = append(t.Rules.Together, g)
		}
	}
	for _, g := range op.Identity {
		if known(g, "identity") {
			t.Rules.Identity = append(t.Rules.Identity, g)
		}
	}
	if len(t.Rules.Identity) > 0 {
		// An identity argument cannot be required on its own.
		for _, g := range t.Rules.Identity {
			for _, a := range g {
				t.unrequire(a)
			}
		}
	}
	for _, a := range slices.Sorted(maps.Keys(op.Requires)) {
		if known(append([]string{a}, op.Requires[a]...), "requires") {
			t.Rules.Requires[a] = op.Requires[a]
		}
	}
	stated := ""
	if op.Description != "" {
		stated = t.Description
	}
	if s := t.Rules.sentence(stated); s != "" {
		t.Description = strings.TrimSpace(t.Description + "\n\n" + s)
	}
	for _, w := range op.Warnings {
		t.Description = strings.TrimSpace(t.Description + "\n\nWarning: " + strings.TrimSpace(w))
	}
}

// hasFields reports whether s is an object with properties, or an array
// whose items are.
func hasFields(s *Schema) bool {
	if s.Items != nil {
		s = s.Items
	}
	return len(s.Properties) > 0
}

// bareFields removes the descriptions of s's fields, at every depth (the
// description of s itself stays).
func bareFields(s *Schema) {
	if s.Items != nil {
		bareFields(s.Items)
	}
	for _, p := range s.Properties {
		p.Description = ""
		bareFields(p)
	}
}

// sentence states the rules an agent must follow in words. A rule whose
// arguments (and, for a variant rule, values) the overlay's description
// already names is left out: the description states it in its own
// words, and saying it twice costs every conversation that lists the
// tool. stated is that description ("" when the overlay has none).
func (r *Rules) sentence(stated string) string {
	var parts []string
	if len(r.Identity) > 0 {
		var alts, args []string
		for _, g := range r.Identity {
			alts = append(alts, strings.Join(g, " + "))
			args = append(args, g...)
		}
		if !mentionsAll(stated, args) {
			parts = append(parts, "Identify it by exactly one of: "+strings.Join(alts, "; ")+".")
		}
	}
	for _, g := range r.Together {
		if !r.identityGroup(g) && !mentionsAll(stated, g) {
			parts = append(parts, "Give "+strings.Join(g, " and ")+" together.")
		}
	}
	for _, a := range slices.Sorted(maps.Keys(r.Requires)) {
		if !mentionsAll(stated, append([]string{a}, r.Requires[a]...)) {
			parts = append(parts, fmt.Sprintf("%s requires %s.", a, strings.Join(r.Requires[a], " and ")))
		}
	}
	if v := r.Variant; v != nil {
		var alts, words []string
		for _, value := range slices.Sorted(maps.Keys(v.Requires)) {
			alts = append(alts, fmt.Sprintf("%s %s needs %s", v.Arg, value, strings.Join(v.Requires[value], ", ")))
			words = append(append(words, value), v.Requires[value]...)
		}
		if !mentionsAll(stated, append(words, v.Arg)) {
			parts = append(parts, strings.Join(alts, "; ")+".")
		}
	}
	return strings.Join(parts, " ")
}

// mentionsAll reports whether text names every one of words, each as a
// whole word.
func mentionsAll(text string, words []string) bool {
	if text == "" {
		return false
	}
	for _, w := range words {
		if !regexp.MustCompile(`(^|[^A-Za-z0-9_])` + regexp.QuoteMeta(w) + `($|[^A-Za-z0-9_])`).MatchString(text) {
			return false
		}
	}
	return true
}

func (r *Rules) identityGroup(g []string) bool {
	for _, id := range r.Identity {
		if strings.Join(id, "\x00") == strings.Join(g, "\x00") {
			return true
		}
	}
	return false
}

func (t *Tool) hasArg(name string) bool {
	for _, a := range t.Args {
		if a.Name == name {
			return true
		}
	}
	return false
}

func (t *Tool) argNames() []string {
	var out []string
	for _, a := range t.Args {
		out = append(out, a.Name)
	}
	return out
}

func (t *Tool) isRequired(name string) bool {
	for _, a := range t.Args {
		if a.Name == name {
			return a.Required
		}
	}
	return false
}

func (t *Tool) unrequire(name string) {
	for i := range t.Args {
		if t.Args[i].Name == name {
			t.Args[i].Required = false
		}
	}
	t.syncRequired()
}

func (t *Tool) dropArg(name string) {
	for i, a := range t.Args {
		if a.Name == name {
			t.Args = append(t.Args[:i], t.Args[i+1:]...)
			break
		}
	}
	// Its hidden fields go with it.
	t.Hidden = slices.DeleteFunc(t.Hidden, func(h string) bool {
		return strings.HasPrefix(h, name+".") || strings.HasPrefix(h, name+"[]")
	})
	delete(t.Input.Properties, name)
	dropLimits(t.Rules.Limits, name)
	t.syncRequired()
}

func (t *Tool) renameArg(from, to string) {
	props := t.Input.Properties
	for i := range t.Args {
		if t.Args[i].Name == from {
			t.Args[i].Name = to
		}
	}
	for i, h := range t.Hidden {
		if h == from {
			t.Hidden[i] = to
		} else if rest, ok := strings.CutPrefix(h, from); ok && (strings.HasPrefix(rest, ".") || strings.HasPrefix(rest, "[]")) {
			t.Hidden[i] = to + rest
		}
	}
	props[to] = props[from]
	delete(props, from)
	renameLimits(t.Rules.Limits, from, to)
	sort.Slice(t.Args, func(i, j int) bool { return t.Args[i].Name < t.Args[j].Name })
	t.syncRequired()
}

// syncRequired rewrites the schema's required list from the arguments.
func (t *Tool) syncRequired() {
	var req []string
	for _, a := range t.Args {
		if a.Required && !t.hidden(a.Name) {
			req = append(req, a.Name)
		}
	}
	sort.Strings(req)
	t.Input.Required = req
}

func (t *Tool) hidden(name string) bool {
	for _, h := range t.Hidden {
		if h == name {
			return true
		}
	}
	return false
}

// defaultToolset is the snake_case first tag of the operation.
func defaultToolset(tags []string) string {
	if len(tags) == 0 {
		return "default"
	}
	return naming.Snake(tags[0])
}
