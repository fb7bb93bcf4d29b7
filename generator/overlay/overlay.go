// Package overlay reads dubgen's YAML overlays: our own words and rules on
// top of Dub's spec (tool names, descriptions, warnings, parameter
// overrides, identity rules, annotations, aliases), keyed by operationId,
// and the size budgets of the tool surface. Decoding is strict: an unknown
// key or a wrong type is an error naming the file, line and column.
package overlay

import (
	"fmt"
	"os"
	"reflect"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// File is a whole overlay.
type File struct {
	// Version must be 1.
	Version int `yaml:"version"`
	// Toolsets describes each toolset in one line, by name.
	Toolsets map[string]string `yaml:"toolsets"`
	// DefaultToolsets are the toolsets "default" stands for in a toolset
	// list; each must be declared under toolsets.
	DefaultToolsets []string `yaml:"defaultToolsets"`
	// Operations holds the per-operation entries, by operationId.
	Operations map[string]*Operation `yaml:"operations"`
	// Budgets caps the size of the tool surface (nil: no caps).
	Budgets *Budgets `yaml:"budgets"`

	// Path is the file the overlay was read from, for messages.
	Path string `yaml:"-"`
	// pos records where each operation entry and parameter starts.
	pos map[string]Pos
}

// Operation is the overlay of one operation.
type Operation struct {
	Name        string            `yaml:"name"`
	Title       string            `yaml:"title"`
	Description string            `yaml:"description"`
	Toolset     string            `yaml:"toolset"`
	Warnings    []string          `yaml:"warnings"`
	Params      map[string]*Param `yaml:"params"`
	// Together lists groups of arguments that must all be given if any is.
	Together [][]string `yaml:"together"`
	// Identity lists alternative groups; exactly one must be given, whole.
	Identity [][]string `yaml:"identity"`
	// Requires maps an argument to the arguments it cannot go without.
	Requires    map[string][]string `yaml:"requires"`
	BodyParam   string              `yaml:"bodyParam"`
	Annotations *Annotations        `yaml:"annotations"`
	Aliases     []string            `yaml:"aliases"`
	// DescribedBy names another tool whose arguments this tool shares
	// (update_link and create_link). Where an argument's description is
	// that tool's same-named argument's, word for word, it is listed once:
	// when both tools are served, this tool's copy goes without it.
	DescribedBy string `yaml:"describedBy"`
	// Response corrects the operation's success answer where the spec's
	// description of it is wrong (see Response).
	Response *Response `yaml:"response"`
}

// Response is, in our words, what an operation's success answer really
// is, where Dub's route handler and the spec disagree. It replaces the
// spec's response schema for the Go client's result type and the tool's
// output schema.
type Response struct {
	// Why says what Dub's code answers and where that is (required); the
	// manifest shows it next to the tool.
	Why string `yaml:"why"`
	// Items makes the answer an array whose elements are each one of
	// these named types (Go names of the spec's schemas, e.g. Link).
	Items []string `yaml:"items"`
	// Or lists JSON types the whole answer may be instead ("string", for
	// an answer that is sometimes a bare message).
	Or []string `yaml:"or"`
}

// Param overrides one tool argument.
type Param struct {
	// Description replaces the spec's text; an empty string removes it
	// (for inputs whose name says it all). Nil keeps the spec's text.
	Description *string `yaml:"description"`
	// Hidden leaves the argument out of the schema; it is still accepted.
	Hidden bool `yaml:"hidden"`
	// Drop removes the argument entirely (for deprecated parameters).
	Drop bool `yaml:"drop"`
	// Default is applied when the argument is absent.
	Default any `yaml:"default"`
	// MaxItems caps an array argument, checked before any request.
	MaxItems *int `yaml:"maxItems"`
	// Example is a sample value used in error messages.
	Example string `yaml:"example"`
	// BareFields shows the fields of an object argument (or of an array
	// argument's items) without their spec descriptions: the argument's
	// own description says where they are explained.
	BareFields bool `yaml:"bareFields"`
	// FieldsOf names the tool whose arguments are this object argument's
	// fields (or its items' fields, for an array of objects), e.g.
	// create_link for bulk_create_links' links. When both tools are served
	// the fields are listed once, in that tool: here the argument is a
	// plain object whose description must say where its fields are. The
	// fields are still checked before any request leaves.
	FieldsOf string `yaml:"fieldsOf"`
}

// Budgets are size limits, in bytes of the tools/list result as it goes
// over the wire, that generation enforces. Zero means no limit.
type Budgets struct {
	// Total caps the tools/list result of the full surface.
	Total int `yaml:"total"`
	// PerTool caps each tool's definition.
	PerTool int `yaml:"perTool"`
	// Toolsets caps the tools/list result of a server serving only that
	// toolset, by toolset name.
	Toolsets map[string]int `yaml:"toolsets"`
	// Dynamic caps the tools/list result in dynamic mode (the meta-tools).
	// The generator does not produce those tools, so it only records the
	// figure; the runtime's own tests check it.
	Dynamic int `yaml:"dynamic"`
}

// Annotations override the method-derived MCP hints.
type Annotations struct {
	ReadOnly    *bool `yaml:"readOnly"`
	Destructive *bool `yaml:"destructive"`
	Idempotent  *bool `yaml:"idempotent"`
	OpenWorld   *bool `yaml:"openWorld"`
}

// Pos is a place in the overlay file.
type Pos struct {
	Line, Column int
}

// Where formats "file:line:column".
func (f *File) Where(p Pos) string {
	return fmt.Sprintf("%s:%d:%d", f.Path, p.Line, p.Column)
}

// PosOf returns where the entry of operationId id starts, or where the
// parameter starts for PosOf(id, param).
func (f *File) PosOf(id string, param ...string) Pos {
	key := id
	if len(param) > 0 {
		key += "\x00" + param[0]
	}
	if p, ok := f.pos[key]; ok {
		return p
	}
	return f.pos[id]
}

// Load reads and strictly decodes an overlay file.
func Load(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("overlay: %w", err)
	}
	return Parse(path, data)
}

// Parse strictly decodes an overlay held in memory; path names it in errors.
func Parse(path string, data []byte) (*File, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(root.Content) == 0 {
		return nil, fmt.Errorf("%s:1:1: the overlay is empty", path)
	}
	doc := root.Content[0]
	var errs []string
	check(doc, reflect.TypeOf(File{}), path, "", &errs)
	if len(errs) > 0 {
		return nil, &Error{Problems: errs}
	}
	f := &File{Path: path, pos: map[string]Pos{}}
	if err := doc.Decode(f); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	f.Path = path
	recordPositions(f, doc)
	if f.Version != 1 {
		return nil, &Error{Problems: []string{fmt.Sprintf("%s: version must be 1, got %d", f.Where(keyPos(doc, "version")), f.Version)}}
	}
	if err := f.validate(); err != nil {
		return nil, err
	}
	return f, nil
}

// Error lists overlay problems, each prefixed with file:line:column.
type Error struct {
	Problems []string
}

func (e *Error) Error() string { return strings.Join(e.Problems, "\n") }

// check walks a YAML node against the Go type it must decode into and
// records every unknown key and type mismatch with its position.
func check(n *yaml.Node, t reflect.Type, path, at string, errs *[]string) {
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	where := fmt.Sprintf("%s:%d:%d", path, n.Line, n.Column)
	bad := func(want string) {
		*errs = append(*errs, fmt.Sprintf("%s: %s must be %s, got %s", where, describe(at), want, nodeKind(n)))
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			bad("a mapping")
			return
		}
		fields := map[string]reflect.Type{}
		var names []string
		for i := range t.NumField() {
			tag := strings.Split(t.Field(i).Tag.Get("yaml"), ",")[0]
			if tag != "" && tag != "-" {
				fields[tag] = t.Field(i).Type
				names = append(names, tag)
			}
		}
		sort.Strings(names)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			ft, ok := fields[k.Value]
			if !ok {
				*errs = append(*errs, fmt.Sprintf("%s:%d:%d: unknown key %q in %s; allowed: %s", path, k.Line, k.Column, k.Value, describe(at), strings.Join(names, ", ")))
				continue
			}
			check(v, ft, path, join(at, k.Value), errs)
		}
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			bad("a mapping")
			return
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode || k.Tag != "!!str" {
				*errs = append(*errs, fmt.Sprintf("%s:%d:%d: %s keys must be strings", path, k.Line, k.Column, describe(at)))
				continue
			}
			check(v, t.Elem(), path, join(at, k.Value), errs)
		}
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			bad("a list")
			return
		}
		for i, item := range n.Content {
			check(item, t.Elem(), path, fmt.Sprintf("%s[%d]", at, i), errs)
		}
	case reflect.String:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!str" {
			bad("a string")
		}
	case reflect.Bool:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
			bad("true or false")
		}
	case reflect.Int:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" {
			bad("an integer")
		}
	case reflect.Interface:
		// any value
	}
}

func join(at, key string) string {
	if at == "" {
		return key
	}
	return at + "." + key
}

func describe(at string) string {
	if at == "" {
		return "the overlay"
	}
	return at
}

func nodeKind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!str":
			return fmt.Sprintf("the string %q", n.Value)
		case "!!null":
			return "null"
		}
		return fmt.Sprintf("%s %s", strings.TrimPrefix(n.Tag, "!!"), n.Value)
	}
	return "something else"
}

// keyPos returns the position of key in mapping n (or of n itself).
func keyPos(n *yaml.Node, key string) Pos {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return Pos{n.Content[i].Line, n.Content[i].Column}
		}
	}
	return Pos{n.Line, n.Column}
}

func recordPositions(f *File, doc *yaml.Node) {
	for i := 0; i+1 < len(doc.Content); i += 2 {
		if doc.Content[i].Value == "budgets" {
			recordBudgetPositions(f, doc.Content[i], doc.Content[i+1])
			continue
		}
		if doc.Content[i].Value == "defaultToolsets" {
			f.pos[budgetKey("defaultToolsets")] = Pos{doc.Content[i].Line, doc.Content[i].Column}
			continue
		}
		if doc.Content[i].Value != "operations" {
			continue
		}
		ops := doc.Content[i+1]
		for j := 0; j+1 < len(ops.Content); j += 2 {
			id, body := ops.Content[j], ops.Content[j+1]
			f.pos[id.Value] = Pos{id.Line, id.Column}
			for k := 0; k+1 < len(body.Content); k += 2 {
				if body.Content[k].Value == "response" {
					f.pos[responseKey(id.Value, "")] = Pos{body.Content[k].Line, body.Content[k].Column}
					resp := body.Content[k+1]
					for m := 0; m+1 < len(resp.Content); m += 2 {
						r := resp.Content[m]
						f.pos[responseKey(id.Value, r.Value)] = Pos{r.Line, r.Column}
					}
					continue
				}
				if body.Content[k].Value == "annotations" {
					anns := body.Content[k+1]
					for m := 0; m+1 < len(anns.Content); m += 2 {
						a := anns.Content[m]
						f.pos[annotationKey(id.Value, a.Value)] = Pos{a.Line, a.Column}
					}
					continue
				}
				if body.Content[k].Value != "params" {
					continue
				}
				params := body.Content[k+1]
				for m := 0; m+1 < len(params.Content); m += 2 {
					p := params.Content[m]
					f.pos[id.Value+"\x00"+p.Value] = Pos{p.Line, p.Column}
				}
			}
		}
	}
}

// annotationKey keeps annotation positions apart from parameters.
func annotationKey(id, hint string) string { return id + "\x02" + hint }

// AnnotationPos returns where the annotation hint (e.g. "readOnly") of
// operation id is set, or where the operation's entry starts.
func (f *File) AnnotationPos(id, hint string) Pos {
	if p, ok := f.pos[annotationKey(id, hint)]; ok {
		return p
	}
	return f.PosOf(id)
}

func responseKey(id, key string) string { return id + "\x03" + key }

// ResponsePos returns where the response correction of operation id
// starts, or its key (why, items, or) when given; else the entry's start.
func (f *File) ResponsePos(id string, key ...string) Pos {
	k := ""
	if len(key) > 0 {
		k = key[0]
	}
	if p, ok := f.pos[responseKey(id, k)]; ok {
		return p
	}
	if p, ok := f.pos[responseKey(id, "")]; ok {
		return p
	}
	return f.PosOf(id)
}

// jsonTypes are the types Response.Or may name.
var jsonTypes = []string{"array", "boolean", "integer", "null", "number", "object", "string"}

// validateResponse checks a response correction's own shape; the type
// names in Items are checked against the spec where it is applied.
func (f *File) validateResponse(id string, r *Response) []string {
	var errs []string
	if strings.TrimSpace(r.Why) == "" {
		errs = append(errs, fmt.Sprintf("%s: operation %s: response: why is required (say what Dub's code answers, and where)", f.Where(f.ResponsePos(id)), id))
	}
	if len(r.Items) == 0 && len(r.Or) == 0 {
		errs = append(errs, fmt.Sprintf("%s: operation %s: response: give items, or, or both", f.Where(f.ResponsePos(id)), id))
	}
	for _, t := range r.Or {
		if !slices.Contains(jsonTypes, t) {
			errs = append(errs, fmt.Sprintf("%s: operation %s: response.or: %q is not a JSON type (%s)", f.Where(f.ResponsePos(id, "or")), id, t, strings.Join(jsonTypes, ", ")))
		}
	}
	return errs
}

// recordBudgetPositions records where the budgets section and each of its
// keys start, under "budgets", "budgets.total", "budgets.toolsets.links", ...
func recordBudgetPositions(f *File, key, body *yaml.Node) {
	f.pos[budgetKey("budgets")] = Pos{key.Line, key.Column}
	for i := 0; i+1 < len(body.Content); i += 2 {
		k := body.Content[i]
		f.pos[budgetKey("budgets."+k.Value)] = Pos{k.Line, k.Column}
		if k.Value != "toolsets" {
			continue
		}
		sets := body.Content[i+1]
		for j := 0; j+1 < len(sets.Content); j += 2 {
			ts := sets.Content[j]
			f.pos[budgetKey("budgets.toolsets."+ts.Value)] = Pos{ts.Line, ts.Column}
		}
	}
}

// budgetKey keeps budget positions apart from operationIds.
func budgetKey(path string) string { return "\x01" + path }

// BudgetPos returns where a budget is set: path is "total", "perTool",
// "dynamic" or "toolsets.<name>". It falls back to the budgets section.
func (f *File) BudgetPos(path string) Pos {
	if p, ok := f.pos[budgetKey("budgets."+path)]; ok {
		return p
	}
	return f.pos[budgetKey("budgets")]
}

// validate checks what the types cannot: names, toolsets, rule groups.
func (f *File) validate() error {
	var errs []string
	for _, ts := range f.DefaultToolsets {
		if _, ok := f.Toolsets[ts]; !ok {
			errs = append(errs, fmt.Sprintf("%s: defaultToolsets: toolset %q is not declared under toolsets", f.Where(f.pos[budgetKey("defaultToolsets")]), ts))
		}
	}
	ids := make([]string, 0, len(f.Operations))
	for id := range f.Operations {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		op := f.Operations[id]
		where := f.Where(f.PosOf(id))
		if op == nil {
			errs = append(errs, fmt.Sprintf("%s: operation %s has an empty entry", where, id))
			continue
		}
		if op.Name != "" && !validName(op.Name) {
			errs = append(errs, fmt.Sprintf("%s: operation %s: name %q must be snake_case ([a-z][a-z0-9_]*)", where, id, op.Name))
		}
		for _, a := range op.Aliases {
			if !validName(a) {
				errs = append(errs, fmt.Sprintf("%s: operation %s: alias %q must be snake_case", where, id, a))
			}
		}
		if op.Toolset != "" && len(f.Toolsets) > 0 {
			if _, ok := f.Toolsets[op.Toolset]; !ok {
				errs = append(errs, fmt.Sprintf("%s: operation %s: toolset %q is not declared under toolsets", where, id, op.Toolset))
			}
		}
		if op.Response != nil {
			errs = append(errs, f.validateResponse(id, op.Response)...)
		}
		if op.DescribedBy != "" && !validName(op.DescribedBy) {
			errs = append(errs, fmt.Sprintf("%s: operation %s: describedBy %q must be a tool name (snake_case)", where, id, op.DescribedBy))
		}
		for _, g := range append(append([][]string{}, op.Together...), op.Identity...) {
			if len(g) == 0 {
				errs = append(errs, fmt.Sprintf("%s: operation %s: empty argument group", where, id))
			}
		}
		for name, p := range op.Params {
			if p == nil {
				continue
			}
			if p.MaxItems != nil && *p.MaxItems < 1 {
				errs = append(errs, fmt.Sprintf("%s: operation %s: param %s: maxItems must be at least 1", f.Where(f.PosOf(id, name)), id, name))
			}
			if p.FieldsOf != "" && !validName(p.FieldsOf) {
				errs = append(errs, fmt.Sprintf("%s: operation %s: param %s: fieldsOf %q must be a tool name (snake_case)", f.Where(f.PosOf(id, name)), id, name, p.FieldsOf))
			}
			if p.Drop && (p.Hidden || p.Description != nil || p.Default != nil || p.BareFields || p.FieldsOf != "") {
				errs = append(errs, fmt.Sprintf("%s: operation %s: param %s: drop excludes every other setting", f.Where(f.PosOf(id, name)), id, name))
			}
		}
	}
	errs = append(errs, f.validateBudgets()...)
	if len(errs) > 0 {
		return &Error{Problems: errs}
	}
	return nil
}

// validateBudgets: every budget is positive and every budgeted toolset is
// declared.
func (f *File) validateBudgets() []string {
	b := f.Budgets
	if b == nil {
		return nil
	}
	var errs []string
	positive := func(path string, n int) {
		if n < 0 {
			errs = append(errs, fmt.Sprintf("%s: budgets.%s must be a positive number of bytes (or 0 for none), got %d", f.Where(f.BudgetPos(path)), path, n))
		}
	}
	positive("total", b.Total)
	positive("perTool", b.PerTool)
	positive("dynamic", b.Dynamic)
	names := make([]string, 0, len(b.Toolsets))
	for name := range b.Toolsets {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		positive("toolsets."+name, b.Toolsets[name])
		if _, ok := f.Toolsets[name]; !ok {
			errs = append(errs, fmt.Sprintf("%s: budgets.toolsets.%s: toolset %q is not declared under toolsets", f.Where(f.BudgetPos("toolsets."+name)), name, name))
		}
	}
	return errs
}

func validName(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}
