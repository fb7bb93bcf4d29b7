// Package surface computes the MCP tool surface of an API: per operation,
// the tool name, description, annotations, flat input schema, output schema
// and how arguments map back to the HTTP request. The MCP emitter renders
// it as Go code, the manifest records it, and surface diffs compare it.
package surface

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/dubgen/dubgen/generator/diag"
	"github.com/dubgen/dubgen/generator/model"
	"github.com/dubgen/dubgen/generator/overlay"
	"github.com/dubgen/dubgen/generator/portable"
)

// Annotations are the four MCP behaviour hints, always all set.
type Annotations struct {
	ReadOnly    bool `json:"readOnlyHint"`
	Destructive bool `json:"destructiveHint"`
	Idempotent  bool `json:"idempotentHint"`
	OpenWorld   bool `json:"openWorldHint"`
}

// Hints are the annotations as a tools/list lists them (nil: left out).
type Hints struct {
	ReadOnly    *bool `json:"readOnlyHint,omitempty"`
	Destructive *bool `json:"destructiveHint,omitempty"`
	Idempotent  *bool `json:"idempotentHint,omitempty"`
	OpenWorld   *bool `json:"openWorldHint,omitempty"`
}

// Listed returns the hints as a tools/list lists them: readOnlyHint
// always, destructiveHint on every write tool (it means nothing on a
// read-only one), idempotentHint only when true and openWorldHint only
// when false; a hint left out stands for the protocol's default
// (idempotent false, open world true), which says the same in fewer bytes.
func (a Annotations) Listed() Hints {
	yes, no := true, false
	h := Hints{ReadOnly: &no}
	if a.ReadOnly {
		h.ReadOnly = &yes
	} else {
		h.Destructive = &no
		if a.Destructive {
			h.Destructive = &yes
		}
	}
	if a.Idempotent {
		h.Idempotent = &yes
	}
	if !a.OpenWorld {
		h.OpenWorld = &no
	}
	return h
}

// BodyMode says how a tool's arguments carry the request body.
type BodyMode int

// Body modes.
const (
	// BodyNone: the operation takes no body.
	BodyNone BodyMode = iota
	// BodyObject: the body's top-level properties are tool arguments.
	BodyObject
	// BodyArray: one argument (BodyArg) carries the whole body: an array,
	// or any other body that is not an object (or a union of objects).
	BodyArray
	// BodyUnion: the body is a union of objects whose properties are merged
	// into the arguments; the client picks the variant from them.
	BodyUnion
)

// Arg is one top-level input property and where it goes.
type Arg struct {
	// Name is the argument name agents see.
	Name string
	// Wire is the name in the request (differs from Name when a body
	// property was renamed because a parameter has the same name).
	Wire string
	// In is "path", "query" or "body".
	In       string
	Required bool
}

// Tool is one MCP tool.
type Tool struct {
	Name        string
	Title       string
	Description string
	Annotations Annotations
	// Input is the flat input schema; Output the output schema (nil for
	// non-JSON or empty responses), kept to the shape of the result's top
	// (see outputSchema).
	Input  *Schema
	Output *Schema
	// Result is the response's shape in detail (properties two levels
	// deep), wrapped like Output. Agents do not see it (it would cost
	// them as much as the inputs); surface diffs compare it, so a changed
	// response still shows up in review.
	Result *Schema
	// ResponseFix says why the overlay corrected the spec's response
	// (overlay response.why; "" when it did not).
	ResponseFix string
	// OutputWrap is the property structured results are wrapped in when the
	// response is not an object ("items" for arrays, "result" for unions).
	OutputWrap string
	// Image is true when the tool returns image content.
	Image bool
	// Toolset is the group the tool belongs to (from the overlay, else the
	// operation's first tag).
	Toolset string
	// Aliases are old names the tool still answers to.
	Aliases []string
	// Hidden arguments are accepted but not shown in the schema: top-level
	// ones by name (hidden by the overlay), fields of object arguments by
	// path ("data.tagId", "links[].tagId"; deprecated fields).
	Hidden []string
	// Compact, when set, is the input schema listed while every tool in
	// Needs is served too: object arguments whose fields are another tool's
	// arguments are plain objects, and descriptions that repeat another
	// tool's word for word are left out (overlay fieldsOf, describedBy).
	// Input stays self-contained, for servers without those tools; see
	// Listed.
	Compact *Schema
	// Needs are the tools Compact refers agents to, sorted.
	Needs []string
	// FieldsOf maps an object argument collapsed in Compact to the tool
	// whose arguments are its fields.
	FieldsOf map[string]string
	// Rules are checked before any request leaves.
	Rules    Rules
	Args     []Arg
	BodyMode BodyMode
	// BodyArg names the argument carrying an array body.
	BodyArg string
	Op      *model.Operation

	sharing *sharing
	// renamed says why Name is not the operationId in snake_case.
	renamed string
}

// Build computes the tool of every operation, without an overlay.
func Build(api *model.API) ([]*Tool, error) {
	tools, _, ds, err := BuildWithOverlay(api, nil, false)
	if err == nil {
		err = ds.Err()
	}
	return tools, err
}

// BuildWithOverlay computes the tool of every operation, sorted by name,
// with the overlay (if any) applied. Overlay entries for operations the
// spec does not have are drift: warnings, or errors when strict (the
// returned list); findings about the spec itself are in Coverage.Spec. It fails
// on names that are not portable or not unique (aliases included).
func BuildWithOverlay(api *model.API, f *overlay.File, strict bool) ([]*Tool, *Coverage, diag.List, error) {
	var tools []*Tool
	var ds diag.List
	cov := &Coverage{}
	seen := map[string]string{}
	claim := func(name, by string) error {
		if prev, dup := seen[name]; dup {
			return fmt.Errorf("operations %s and %s both claim the tool name %q", prev, by, name)
		}
		seen[name] = by
		return nil
	}
	ids := map[string]bool{}
	for _, op := range api.Operations {
		ids[op.ID] = true
		entry := overlayEntry(f, op.ID)
		fix := ""
		if entry != nil && entry.Response != nil {
			var c *model.Operation
			if c, _ = corrected(api, op, f, entry.Response, strict, &ds); c != op {
				op, fix = c, strings.TrimSpace(entry.Response.Why)
			}
		}
		t := build(op, &cov.Spec)
		t.ResponseFix = fix
		named := entry != nil && entry.Name != ""
		if why := t.renamed; why != "" && !named {
			cov.Spec.Warnf(opWhere(op), "%s, so the tool is called %s; the overlay's name: key can choose another", why, t.Name)
		}
		if entry != nil {
			applyOverlay(t, f, entry, strict, &ds)
			cov.Covered = append(cov.Covered, op.ID)
		} else {
			cov.Uncovered = append(cov.Uncovered, op.ID)
		}
		t.Rules.Enums = enums(t.Input)
		for name, n := range maxItems(t.Input) {
			if _, set := t.Rules.MaxItems[name]; !set {
				t.Rules.MaxItems[name] = n
			}
		}
		for name, n := range t.Rules.MaxItems {
			// An overlay's cap joins the spec's limits (the lower wins).
			if l := t.Rules.Limits[name]; l.MaxItems == 0 || n < l.MaxItems {
				l.MaxItems = n
				t.Rules.Limits[name] = l
			}
		}
		pruneListed(t)
		if err := checkPortable(t); err != nil {
			return nil, nil, ds, err
		}
		if !named {
			if n := unclaimed(t.Name, seen); n != t.Name {
				cov.Spec.Warnf(opWhere(op), "the tool name %s is taken by operation %s, so this one is called %s; the overlay's name: key can choose another", t.Name, seen[t.Name], n)
				t.Name = n
			}
		}
		for _, n := range append([]string{t.Name}, t.Aliases...) {
			if err := claim(n, op.ID); err != nil {
				return nil, nil, ds, err
			}
		}
		tools = append(tools, t)
	}
	if f != nil {
		for _, id := range slices.Sorted(maps.Keys(f.Operations)) {
			if !ids[id] {
				where := f.Where(f.PosOf(id))
				cov.Stale = append(cov.Stale, where+": "+id)
				if strict {
					ds.Errorf(where, "overlay entry %s: the spec has no such operation (stale entry)", id)
				} else {
					ds.Warnf(where, "overlay entry %s: the spec has no such operation (stale entry)", id)
				}
			}
		}
	}
	sort.Strings(cov.Covered)
	sort.Strings(cov.Uncovered)
	sort.Slice(tools, func(i, j int) bool { return tools[i].Name < tools[j].Name })
	compactShared(tools, strict, &ds)
	if err := ds.Err(); err != nil {
		return tools, cov, ds, err
	}
	return tools, cov, ds, nil
}

func overlayEntry(f *overlay.File, id string) *overlay.Operation {
	if f == nil {
		return nil
	}
	return f.Operations[id]
}

// HiddenFields returns the paths of the hidden fields inside arguments
// ("links[].tagId"), sorted.
func (t *Tool) HiddenFields() []string {
	var out []string
	for _, h := range t.Hidden {
		if strings.ContainsAny(h, ".[") {
			out = append(out, h)
		}
	}
	sort.Strings(out)
	return out
}

// maxItems collects the item limits of top-level array arguments.
func maxItems(input *Schema) map[string]int {
	out := map[string]int{}
	for name, s := range input.Properties {
		if s != nil && s.Type == "array" && s.MaxItems != nil {
			out[name] = *s.MaxItems
		}
	}
	return out
}

// enums collects the allowed values of top-level string arguments and of
// the elements of string-array arguments.
func enums(input *Schema) map[string][]string {
	out := map[string][]string{}
	for name, s := range input.Properties {
		if s != nil && s.Type == "array" {
			s = s.Items
		}
		if s == nil {
			continue
		}
		for _, v := range s.Enum {
			if str, ok := v.(string); ok {
				out[name] = append(out[name], str)
			}
		}
	}
	return out
}

// build computes an operation's tool; a body it cannot flatten into
// arguments becomes one argument (reported in ds).
func build(op *model.Operation, ds *diag.List) *Tool {
	t := &Tool{Op: op, Title: op.Summary, Toolset: defaultToolset(op.Tags),
		Rules: Rules{Requires: map[string][]string{}, MaxItems: map[string]int{}, Defaults: map[string]any{}, Examples: map[string]string{}, Limits: map[string]Limit{}}}
	t.Name, t.renamed = toolName(op)
	t.Description = capText(Describe(op.Desc), maxToolDescBytes) // see compaction.go
	if t.Description == "" {
		t.Description = Describe(op.Summary)
	}
	t.Annotations = annotationsFor(op.Method)

	props := map[string]*Schema{}
	var required []string
	add := func(a Arg, s *Schema) {
		t.Args = append(t.Args, a)
		props[a.Name] = s
		if a.Required {
			required = append(required, a.Name)
		}
	}
	params := map[string]bool{}
	for _, p := range op.Params {
		params[p.ArgName()] = true
		s := jsonSchema(p.Schema, t.inputOpts(p.ArgName()), 1)
		collectLimits(p.Schema, p.ArgName(), t.Rules.Limits, nil)
		s.Description = capText(Brief(p.Desc, t.Name, p.ArgName()), argDescLimit(op))
		add(Arg{Name: p.ArgName(), Wire: p.Name, In: string(p.In), Required: p.Required}, s)
	}
	if op.Body != nil {
		bs := op.Body.Schema
		switch bs.Kind {
		case model.KindObject:
			t.BodyMode = BodyObject
			for _, p := range bs.Properties {
				if p.Schema.ReadOnly {
					continue
				}
				name := p.Name
				if params[name] {
					name = "body_" + name
				}
				add(Arg{Name: name, Wire: p.Name, In: "body", Required: p.Required},
					jsonSchema(p.Schema, t.inputOpts(name), 1))
				collectLimits(p.Schema, name, t.Rules.Limits, nil)
			}
		case model.KindUnion:
			if v := unflattened(bs); v != nil {
				ds.Warnf(opWhere(op)+" request body", "a body variant of kind %s cannot be flattened into tool arguments; the tool takes the whole body as one argument, %s", v.Kind, wholeBodyArg(params))
				wholeBody(t, bs, wholeBodyArg(params), add)
				break
			}
			t.BodyMode = BodyUnion
			mergeUnion(t, bs, params, add)
		case model.KindArray:
			wholeBody(t, bs, "items", add)
		default:
			// A map, a scalar or any value: the body is one argument.
			wholeBody(t, bs, wholeBodyArg(params), add)
		}
	}
	sort.Slice(t.Args, func(i, j int) bool { return t.Args[i].Name < t.Args[j].Name })
	sort.Strings(required)
	t.Input = &Schema{Type: "object", Properties: props}
	if len(required) > 0 {
		t.Input.Required = required
	}

	if r := op.Response; r != nil {
		switch {
		case r.Binary():
			t.Image = true
		case r.Schema != nil:
			t.Output, t.OutputWrap = outputSchema(r.Schema, t.pages())
			shape := jsonSchema(r.Schema, schemaOpts{maxDepth: 2, output: true}, 0)
			if t.OutputWrap != "" {
				shape = wrapped(t.OutputWrap, shape)
			}
			t.Result = shape
		}
	}
	return t
}

// unflattened returns the first variant of a union body that is not an
// object (its properties cannot become arguments), or nil.
func unflattened(u *model.Schema) *model.Schema {
	for _, v := range u.Variants {
		if v.Kind != model.KindObject {
			return v
		}
	}
	return nil
}

// wholeBodyArg names the argument carrying a whole body that is not an
// object: "body", unless a parameter has that name.
func wholeBodyArg(params map[string]bool) string {
	if params["body"] {
		return "body_body"
	}
	return "body"
}

// wholeBody makes the body (an array, a map, a union that is not all
// objects, a scalar) the one required argument name, sent as it is.
func wholeBody(t *Tool, bs *model.Schema, name string, add func(Arg, *Schema)) {
	t.BodyMode, t.BodyArg = BodyArray, name
	add(Arg{Name: name, Wire: "", In: "body", Required: true}, jsonSchema(bs, t.inputOpts(name), 1))
	collectLimits(bs, name, t.Rules.Limits, nil)
}

// inputOpts renders a top-level input: descriptions kept (shortened, see
// Brief), objects three levels deep, the fields left out recorded in
// t.Hidden.
func (t *Tool) inputOpts(arg string) schemaOpts {
	return schemaOpts{descriptions: true, maxDepth: 3, context: []string{t.Name, arg}, path: arg, hidden: &t.Hidden, descLimit: argDescLimit(t.Op)}
}

// outputSchema is the output schema agents see, and the property the
// result is wrapped in ("" for none). MCP wants an object at the top,
// and structured content must validate against it; the detail of the
// properties would cost as much as the inputs and is in the result
// itself, so a schema is listed only where it says something:
//
//   - an object (or map): none ({"type":"object"} would tell the agent
//     nothing, cost bytes and make every client compile a validator);
//   - an array: wrapped as {"items": [...]}, with the elements' type
//     (object, string, ...) or, for mixed or nullable elements, none;
//     for a tool that pages (paged), also "next", the arguments of the
//     next page when there may be one;
//   - anything else (a union, a number, ...): wrapped as {"result": ...},
//     with its type if it has a single one.
func outputSchema(s *model.Schema, paged bool) (*Schema, string) {
	switch s.Kind {
	case model.KindObject, model.KindMap:
		return nil, ""
	case model.KindArray:
		out := wrapped("items", &Schema{Type: "array", Items: topType(s.Items)})
		if paged {
			out.Properties["next"] = &Schema{Type: "object", Description: "Arguments for the next page, if any."}
		}
		return out, "items"
	default:
		return wrapped("result", topType(s)), "result"
	}
}

// pages reports whether the tool takes a cursor or page argument.
func (t *Tool) pages() bool {
	return slices.ContainsFunc(t.Args, func(a Arg) bool { return a.Name == "startingAfter" || a.Name == "page" })
}

// topType is a schema that says only a value's type: {} for a nullable,
// mixed or untyped value; an array's elements are left undescribed.
func topType(s *model.Schema) *Schema {
	return topTypeWithin(s, nil)
}

// topTypeWithin is topType inside the unions in outer: a union that is
// its own alternative (directly or further down) says no type.
func topTypeWithin(s *model.Schema, outer []*model.Schema) *Schema {
	if s == nil || s.Nullable || slices.Contains(outer, s) {
		return &Schema{}
	}
	switch s.Kind {
	case model.KindObject, model.KindMap:
		return &Schema{Type: "object"}
	case model.KindArray:
		return &Schema{Type: "array", Items: &Schema{}}
	case model.KindString:
		return &Schema{Type: "string"}
	case model.KindInteger:
		return &Schema{Type: "integer"}
	case model.KindNumber:
		return &Schema{Type: "number"}
	case model.KindBoolean:
		return &Schema{Type: "boolean"}
	case model.KindUnion:
		// Alternatives of one type (objects of different shapes) are
		// still of that type.
		t := ""
		for i, v := range s.Variants {
			vt := topTypeWithin(v, append(outer, s)).Type
			if vt == "" || i > 0 && vt != t {
				return &Schema{}
			}
			t = vt
		}
		if t != "" {
			return topType(s.Variants[0])
		}
	}
	return &Schema{}
}

// wrapped is an object schema with one required property.
func wrapped(prop string, s *Schema) *Schema {
	return &Schema{Type: "object", Properties: map[string]*Schema{prop: s}, Required: []string{prop}}
}

// mergeUnion flattens a union body: every variant's properties become
// arguments; one is required only if every variant requires it.
// The caller has checked that every variant is an object (see unflattened).
func mergeUnion(t *Tool, u *model.Schema, params map[string]bool, add func(Arg, *Schema)) {
	type merged struct {
		schema   *model.Schema
		count    int
		required int
		enums    []any
	}
	byName := map[string]*merged{}
	var order []string
	for _, v := range u.Variants {
		for _, p := range v.Properties {
			m := byName[p.Name]
			if m == nil {
				m = &merged{schema: p.Schema}
				byName[p.Name] = m
				order = append(order, p.Name)
			}
			m.count++
			if p.Required {
				m.required++
			}
			if c, ok := p.Schema.Const(); ok {
				m.enums = append(m.enums, c)
			}
		}
	}
	t.Rules.Variant = discriminator(u, params)
	var each []map[string]Limit
	for _, v := range u.Variants {
		m := map[string]Limit{}
		for _, p := range v.Properties {
			if !p.Schema.ReadOnly {
				argName := p.Name
				if params[p.Name] {
					argName = "body_" + p.Name
				}
				collectLimits(p.Schema, argName, m, nil)
			}
		}
		each = append(each, m)
	}
	maps.Copy(t.Rules.Limits, agreed(each))
	for _, name := range order {
		m := byName[name]
		argName := name
		if params[name] {
			argName = "body_" + name
		}
		s := jsonSchema(m.schema, t.inputOpts(argName), 1)
		if len(m.enums) == m.count && m.count > 1 {
			s.Enum = m.enums // the discriminator: one value per variant
		}
		add(Arg{Name: argName, Wire: name, In: "body", Required: m.required == len(u.Variants)}, s)
	}
}

// discriminator finds the property every variant of a union body requires
// with one constant value, and records what each value requires.
func discriminator(u *model.Schema, params map[string]bool) *VariantRule {
	first := u.Variants[0]
	for _, p := range first.Properties {
		if _, ok := p.Schema.Const(); !ok || !p.Required {
			continue
		}
		rule := &VariantRule{Arg: p.Name, Requires: map[string][]string{}}
		for _, v := range u.Variants {
			vp := v.Property(p.Name)
			if vp == nil || !vp.Required {
				rule = nil
				break
			}
			c, ok := vp.Schema.Const()
			if !ok {
				rule = nil
				break
			}
			var req []string
			for _, q := range v.Properties {
				if q.Required && q.Name != p.Name {
					name := q.Name
					if params[name] {
						name = "body_" + name
					}
					req = append(req, name)
				}
			}
			rule.Requires[c] = req
		}
		if rule != nil {
			return rule
		}
	}
	return nil
}

func annotationsFor(method string) Annotations {
	a := Annotations{OpenWorld: true}
	switch method {
	case "GET", "HEAD", "OPTIONS":
		a.ReadOnly, a.Idempotent = true, true
	case "PUT":
		a.Idempotent = true
	case "DELETE":
		a.Destructive, a.Idempotent = true, true
	}
	return a
}

// Marshal returns the compact JSON of a schema.
func Marshal(s *Schema) ([]byte, error) {
	b, err := json.Marshal(s)
	if err != nil {
		return nil, fmt.Errorf("marshal schema: %w", err)
	}
	return b, nil
}

// checkPortable enforces the portability rules at generation time.
func checkPortable(t *Tool) error {
	problems := portable.CheckName(t.Name)
	for _, s := range []*Schema{t.Input, t.Compact, t.Output} {
		if s == nil {
			continue
		}
		raw, err := Marshal(s)
		if err != nil {
			return err
		}
		problems = append(problems, portable.CheckSchema(raw)...)
	}
	if len(problems) > 0 {
		return fmt.Errorf("tool %s (operation %s) is not portable: %s", t.Name, t.Op.ID, strings.Join(problems, "; "))
	}
	return nil
}
