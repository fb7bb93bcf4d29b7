// Package surface computes the MCP tool surface of an API: per operation,
// the tool name, description, annotations, flat input schema, output schema
// and how arguments map back to the HTTP request. The MCP emitter renders
// it as Go code, the manifest records it, and surface diffs compare it.
package surface

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/dubgen/dubgen/generator/model"
	"github.com/dubgen/dubgen/generator/naming"
	"github.com/dubgen/dubgen/generator/portable"
)

// Annotations are the four MCP behaviour hints, always all set.
type Annotations struct {
	ReadOnly    bool `json:"readOnlyHint"`
	Destructive bool `json:"destructiveHint"`
	Idempotent  bool `json:"idempotentHint"`
	OpenWorld   bool `json:"openWorldHint"`
}

// BodyMode says how a tool's arguments carry the request body.
type BodyMode int

// Body modes.
const (
	// BodyNone: the operation takes no body.
	BodyNone BodyMode = iota
	// BodyObject: the body's top-level properties are tool arguments.
	BodyObject
	// BodyArray: one argument (BodyArg) carries the body array.
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
	// non-JSON or empty responses).
	Input  Schema
	Output Schema
	// OutputWrap is the property structured results are wrapped in when the
	// response is not an object ("items" for arrays, "result" for unions).
	OutputWrap string
	// Image is true when the tool returns image content.
	Image    bool
	Args     []Arg
	BodyMode BodyMode
	// BodyArg names the argument carrying an array body.
	BodyArg string
	Op      *model.Operation
}

// Build computes the tool of every operation, sorted by name. It fails on
// names that are too long or not unique.
func Build(api *model.API) ([]*Tool, error) {
	var tools []*Tool
	seen := map[string]string{}
	for _, op := range api.Operations {
		t, err := build(op)
		if err != nil {
			return nil, err
		}
		if err := checkPortable(t); err != nil {
			return nil, err
		}
		if prev, dup := seen[t.Name]; dup {
			return nil, fmt.Errorf("operations %s and %s both give the tool name %q", prev, op.ID, t.Name)
		}
		seen[t.Name] = op.ID
		tools = append(tools, t)
	}
	sort.Slice(tools, func(i, j int) bool { return tools[i].Name < tools[j].Name })
	return tools, nil
}

func build(op *model.Operation) (*Tool, error) {
	t := &Tool{Name: naming.Snake(op.ID), Op: op, Title: op.Summary}
	t.Description = Describe(op.Desc)
	if t.Description == "" {
		t.Description = Describe(op.Summary)
	}
	t.Annotations = annotationsFor(op.Method)

	props := Schema{}
	var required []string
	add := func(a Arg, s Schema) {
		t.Args = append(t.Args, a)
		props[a.Name] = s
		if a.Required {
			required = append(required, a.Name)
		}
	}
	params := map[string]bool{}
	for _, p := range op.Params {
		params[p.Name] = true
		s := jsonSchema(p.Schema, schemaOpts{descriptions: true, maxDepth: 3}, 1)
		if d := Describe(p.Desc); d != "" {
			s["description"] = d
		}
		add(Arg{Name: p.Name, Wire: p.Name, In: string(p.In), Required: p.Required}, s)
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
				add(Arg{Name: name, Wire: p.Name, In: "body", Required: p.Required && op.Body.Required},
					jsonSchema(p.Schema, schemaOpts{descriptions: true, maxDepth: 3}, 1))
			}
		case model.KindUnion:
			t.BodyMode = BodyUnion
			if err := mergeUnion(t, bs, params, add); err != nil {
				return nil, err
			}
		case model.KindArray:
			t.BodyMode, t.BodyArg = BodyArray, "items"
			add(Arg{Name: "items", Wire: "", In: "body", Required: true}, jsonSchema(bs, schemaOpts{descriptions: true, maxDepth: 3}, 1))
		default:
			return nil, fmt.Errorf("operation %s: a %s request body cannot be flattened into tool arguments", op.ID, bs.Kind)
		}
	}
	sort.Slice(t.Args, func(i, j int) bool { return t.Args[i].Name < t.Args[j].Name })
	sort.Strings(required)
	t.Input = Schema{"type": "object", "properties": props}
	if len(required) > 0 {
		t.Input["required"] = required
	}

	if r := op.Response; r != nil {
		switch {
		case r.Binary():
			t.Image = true
		case r.Schema != nil:
			out := jsonSchema(r.Schema, schemaOpts{maxDepth: 2, output: true}, 0)
			switch r.Schema.Kind {
			case model.KindObject, model.KindMap:
				t.Output = out
			case model.KindArray:
				t.OutputWrap = "items"
			default:
				t.OutputWrap = "result"
			}
			if t.OutputWrap != "" {
				t.Output = Schema{"type": "object", "properties": Schema{t.OutputWrap: out}, "required": []string{t.OutputWrap}}
			}
		}
	}
	return t, nil
}

// mergeUnion flattens a union body: every variant's properties become
// arguments; one is required only if every variant requires it.
func mergeUnion(t *Tool, u *model.Schema, params map[string]bool, add func(Arg, Schema)) error {
	type merged struct {
		schema   *model.Schema
		count    int
		required int
		enums    []any
	}
	byName := map[string]*merged{}
	var order []string
	for _, v := range u.Variants {
		if v.Kind != model.KindObject {
			return fmt.Errorf("operation %s: body variant of kind %s cannot be flattened into tool arguments", t.Op.ID, v.Kind)
		}
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
	for _, name := range order {
		m := byName[name]
		s := jsonSchema(m.schema, schemaOpts{descriptions: true, maxDepth: 3}, 1)
		if len(m.enums) == m.count && m.count > 1 {
			s["enum"] = m.enums // the discriminator: one value per variant
		}
		argName := name
		if params[name] {
			argName = "body_" + name
		}
		add(Arg{Name: argName, Wire: name, In: "body", Required: m.required == len(u.Variants)}, s)
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
func Marshal(s Schema) ([]byte, error) {
	b, err := json.Marshal(s)
	if err != nil {
		return nil, fmt.Errorf("marshal schema: %w", err)
	}
	return b, nil
}

// checkPortable enforces the portability rules at generation time.
func checkPortable(t *Tool) error {
	problems := portable.CheckName(t.Name)
	for _, s := range []Schema{t.Input, t.Output} {
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
