package generator

import (
	"regexp"
	"strings"
	"testing"
)

// emptyComment matches type comments that say nothing: a template
// sentence, or the type name followed by a bare one-word title.
var emptyComment = regexp.MustCompile(`^// (\w+)( is an object of the Dub API\.| is an enumeration\.| is an? \w+\.|: \w+\.?| holds exactly one of [\w, ]+\.)$`)

// TestTypeCommentsExplain: every client type's comment says what the type
// is (from the spec's description or from where it is used), for the
// positive specs and both shared Dub specs.
func TestTypeCommentsExplain(t *testing.T) {
	specs := append(positiveSpecs(t), "../../shared/specs/dub/openapi-2025-12-31.json", "../../shared/specs/dub/openapi-2026-08-21.json")
	for _, specPath := range specs {
		t.Run(specPath, func(t *testing.T) {
			res, err := Generate(Options{SpecPath: specPath, OutDir: "unused", ImportPath: "example.com/x", SkipBudgets: true})
			if err != nil {
				t.Fatal(err)
			}
			src := string(res.Files["dub/types_gen.go"])
			lines := strings.Split(src, "\n")
			types := 0
			for i, l := range lines {
				if !strings.HasPrefix(l, "type ") {
					continue
				}
				types++
				if i == 0 || !strings.HasPrefix(lines[i-1], "// ") {
					t.Errorf("%s has no comment", l)
					continue
				}
				if emptyComment.MatchString(lines[i-1]) {
					t.Errorf("%s: comment says nothing: %s", strings.Fields(l)[1], lines[i-1])
				}
			}
			if types == 0 {
				t.Fatal("no types generated")
			}
		})
	}
}
