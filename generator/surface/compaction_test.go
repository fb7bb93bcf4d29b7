package surface

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/dubgen/dubgen/generator/model"
)

func str() *model.Schema { return &model.Schema{Kind: model.KindString, Format: "uri"} }

func obj(n int, mod func(i int, p *model.Property)) *model.Schema {
	s := &model.Schema{Kind: model.KindObject, Desc: "Targets. More words here."}
	for i := range n {
		p := &model.Property{Name: fmt.Sprintf("K%03d", i), Schema: str()}
		if mod != nil {
			mod(i, p)
		}
		s.Properties = append(s.Properties, p)
	}
	return s
}

func render(s *model.Schema) string {
	b, _ := json.Marshal(jsonSchema(s, schemaOpts{descriptions: true, maxDepth: 3}, 1))
	return string(b)
}

// TestCompactionRules: each rule applies past its threshold and only to
// the shapes it describes.
func TestCompactionRules(t *testing.T) {
	var vals []any
	for i := range 100 {
		vals = append(vals, fmt.Sprintf("v%03d", i))
	}
	// Schemas that contain themselves, as tree nodes do.
	tree := func(name string, leaf model.Kind) *model.Schema {
		n := &model.Schema{Kind: model.KindObject, Name: name}
		n.Properties = []*model.Property{{Name: "child", Schema: n}, {Name: "name", Schema: &model.Schema{Kind: leaf}}}
		return n
	}
	node, otherNode := tree("Node", model.KindString), tree("Node", model.KindInteger)
	variants := func(n int, kind model.Kind) *model.Schema {
		u := &model.Schema{Kind: model.KindUnion}
		for i := range n {
			v := &model.Schema{Kind: kind}
			if kind == model.KindObject {
				v.Properties = []*model.Property{{Name: "kind", Required: true, Schema: &model.Schema{Kind: model.KindString, Enum: []any{fmt.Sprint("k", i)}}},
					{Name: "x", Schema: &model.Schema{Kind: model.KindNumber}}}
			}
			u.Variants = append(u.Variants, v)
		}
		return u
	}
	tests := []struct {
		name      string
		in        *model.Schema
		want, not []string
	}{
		{"wide uniform object", obj(250, nil),
			[]string{`"additionalProperties":{"format":"uri","type":"string"}`, `"description":"Targets; keys: K000, K001`, `(250 in all)."`}, []string{`"properties"`}},
		{"narrow object", obj(maxListedKeys, nil), []string{`"properties"`, `"K015"`}, []string{"additionalProperties"}},
		{"wide object with a required key", obj(250, func(i int, p *model.Property) { p.Required = i == 3 }), []string{`"K249"`}, []string{"additionalProperties"}},
		{"wide object of mixed values", obj(250, func(i int, p *model.Property) {
			if i == 7 {
				p.Schema = &model.Schema{Kind: model.KindInteger}
			}
		}), []string{`"K249"`}, []string{"additionalProperties"}},
		{"wide object of tree nodes", obj(250, func(_ int, p *model.Property) { p.Schema = node }),
			[]string{`"additionalProperties":{"properties":{"child"`}, []string{`"K249"`}},
		{"wide object of two kinds of tree node", obj(250, func(i int, p *model.Property) {
			if p.Schema = node; i == 9 {
				p.Schema = otherNode
			}
		}), []string{`"K249"`}, []string{"additionalProperties"}},
		{"wide enum", &model.Schema{Kind: model.KindString, Enum: vals}, []string{`"One of 100 values: v000, v001`}, []string{`"enum"`}},
		{"narrow enum", &model.Schema{Kind: model.KindString, Enum: vals[:20]}, []string{`"enum":["v000"`}, []string{"One of"}},
		{"huge object union", variants(40, model.KindObject),
			[]string{`"One of 40 shapes, told apart by kind."`, `"required":["kind"]`, `"x":{"type":"number"}`, `"enum":["k0","k1"`}, []string{"anyOf"}},
		{"huge mixed union", variants(40, model.KindString), []string{`{"description":"One of 40 shapes."}`}, []string{"anyOf"}},
		{"small union", variants(maxVariants, model.KindObject), []string{"anyOf"}, []string{"shapes"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := render(tt.in)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("lacks %s:\n%.600s", w, got)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(got, n) {
					t.Errorf("has %s:\n%.600s", n, got)
				}
			}
		})
	}
}

func TestCapText(t *testing.T) {
	long := strings.Repeat("word ", 100)
	tests := []struct {
		in    string
		limit int
		want  string
	}{
		{"Short.", 160, "Short."},
		{long, 0, long},
		{"First sentence here, long enough to keep. Second sentence is cut off here.", 60, "First sentence here, long enough to keep."},
		{"one two three four five six", 12, "one two…"},
	}
	for _, tt := range tests {
		if got := capText(tt.in, tt.limit); got != tt.want {
			t.Errorf("capText(%.20q, %d) = %q, want %q", tt.in, tt.limit, got, tt.want)
		}
	}
	op := &model.Operation{}
	for range 30 {
		op.Params = append(op.Params, &model.Param{})
	}
	if got := argDescLimit(op); got != maxToolArgDescBytes/30 {
		t.Errorf("30 arguments share %d bytes each, want %d", got, maxToolArgDescBytes/30)
	}
	if got := argDescLimit(&model.Operation{}); got != maxArgDescBytes {
		t.Errorf("a lone argument gets %d, want %d", got, maxArgDescBytes)
	}
}

// TestFingerprintsStaySmall: a fingerprint names its subschemas by id, so
// fingerprints of deep, shared shapes stay small, and equal shapes built
// apart still match.
func TestFingerprintsStaySmall(t *testing.T) {
	chain := func(n int) *model.Schema {
		next := &model.Schema{Kind: model.KindString}
		for range n {
			next = &model.Schema{Kind: model.KindObject, Properties: []*model.Property{{Name: "a", Schema: next}, {Name: "b", Schema: next}}}
		}
		return next
	}
	fp := newFingerprints()
	deep, same, other := chain(40), chain(40), chain(39)
	if fp.of(deep) != fp.of(same) || fp.of(deep) == fp.of(other) {
		t.Errorf("fingerprints: equal shapes %q %q, another %q", fp.of(deep), fp.of(same), fp.of(other))
	}
	for text := range fp.interned {
		if len(text) > 200 {
			t.Fatalf("a fingerprint of %d bytes: %.100s…", len(text), text)
		}
	}
}
