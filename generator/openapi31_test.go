package generator

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/dubgen/dubgen/generator/budget"
	"github.com/dubgen/dubgen/generator/diag"
	"github.com/dubgen/dubgen/generator/specvariant"
	"github.com/dubgen/dubgen/generator/surfacediff"
)

// sharedSpecs are Dub's real specs, read from ../shared (never copied).
var sharedSpecs = []string{"../../shared/specs/dub/openapi-2025-12-31.json", "../../shared/specs/dub/openapi-2026-08-21.json"}

// TestOpenAPI31SameSurface rewrites each real Dub spec (and a variant with
// constructed shapes) as OpenAPI 3.1 and generates from both with today's
// overlay: the same tools with the same inputs and types, the same Go
// types, within 3% of the bytes, and no new warnings.
func TestOpenAPI31SameSurface(t *testing.T) {
	for _, src := range sharedSpecs {
		for _, shape := range []string{"", "huge-oneof"} {
			name := filepath.Base(src) + "+" + shape
			t.Run(name, func(t *testing.T) {
				dir := t.TempDir()
				d30, err := specvariant.Read(src)
				if err != nil {
					t.Fatal(err)
				}
				if shape != "" {
					if err := specvariant.Inject(d30, shape, ""); err != nil {
						t.Fatal(err)
					}
				}
				p30 := filepath.Join(dir, "api30.json")
				if err := specvariant.Write(p30, d30); err != nil {
					t.Fatal(err)
				}
				specvariant.To31(d30)
				p31 := filepath.Join(dir, "api31.json")
				if err := specvariant.Write(p31, d30); err != nil {
					t.Fatal(err)
				}
				gen := func(p string) *Result {
					res, err := Generate(Options{SpecPath: p, OverlayPath: "../overlays/dub.yaml", OutDir: "unused", ImportPath: "example.com/x"})
					if err != nil {
						t.Fatalf("%s: %v", p, err)
					}
					return res
				}
				r30, r31 := gen(p30), gen(p31)
				if rep := surfacediff.Compare(r30.Tools, r31.Tools); !rep.Empty() {
					t.Errorf("3.1 changes the tool surface:\n%s", rep.Markdown("3.0", "3.1"))
				}
				if a, b := typeNames(r30), typeNames(r31); a != b {
					t.Errorf("Go types differ:\n3.0: %s\n3.1: %s", a, b)
				}
				within3 := func(what string, a, b int) {
					if d := a - b; d*100 > 3*a || -d*100 > 3*a {
						t.Errorf("%s: %d bytes in 3.0, %d in 3.1 (more than 3%% apart)", what, a, b)
					}
				}
				s30, _ := budget.Measure(r30.Tools)
				s31, _ := budget.Measure(r31.Tools)
				within3("tools/list", s30.Bytes, s31.Bytes)
				within3("generated files", filesBytes(r30), filesBytes(r31))
				if extra := newWarnings(r30.Diagnostics, r31.Diagnostics); len(extra) > 0 {
					t.Errorf("3.1 gives %d new warnings, e.g. %s", len(extra), extra[0])
				}
			})
		}
	}
}

func typeNames(r *Result) string {
	var names []string
	for _, ty := range r.API.Types {
		names = append(names, ty.Name+":"+ty.Kind.String())
	}
	return strings.Join(names, " ")
}

func filesBytes(r *Result) int {
	n := 0
	for _, b := range r.Files {
		n += len(b)
	}
	return n
}

// newWarnings are the warnings of b that a does not have, at the same
// place or with the same message (kin-openapi words some defects
// differently under 3.1's JSON Schema rules, and a 3.1 schema may sit at
// another path of the document).
func newWarnings(a, b diag.List) []string {
	where, msg := map[string]int{}, map[string]int{}
	for _, d := range a {
		where[d.Where]++
		msg[d.Msg]++
	}
	var out []string
	for _, d := range b {
		switch {
		case where[d.Where] > 0:
			where[d.Where]--
		case msg[d.Msg] > 0:
			msg[d.Msg]--
		default:
			out = append(out, d.String())
		}
	}
	sort.Strings(out)
	return out
}
