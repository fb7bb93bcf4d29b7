package generator

import (
	"path/filepath"
	"testing"

	"github.com/dubgen/dubgen/generator/specvariant"
)

// maxToolBytes is the ceiling no tool may pass on any spec shape with
// today's overlay: about 3.5 KB (the pinned spec's largest tool is 2.8 KB).
const maxToolBytes = 3584

// TestShapesStaySmall injects each constructed shape (specvariant) into
// each real Dub spec and generates with today's overlay: generation
// succeeds, budgets only inform, and no tool passes maxToolBytes.
func TestShapesStaySmall(t *testing.T) {
	for _, src := range sharedSpecs {
		for _, shape := range specvariant.ShapeNames() {
			t.Run(filepath.Base(src)+"+"+shape, func(t *testing.T) {
				d, err := specvariant.Read(src)
				if err != nil {
					t.Fatal(err)
				}
				if err := specvariant.Inject(d, shape, ""); err != nil {
					t.Fatal(err)
				}
				p := filepath.Join(t.TempDir(), "spec.json")
				if err := specvariant.Write(p, d); err != nil {
					t.Fatal(err)
				}
				res, err := Generate(Options{SpecPath: p, OverlayPath: "../overlays/dub.yaml", OutDir: "unused", ImportPath: "example.com/x"})
				if err != nil {
					t.Fatalf("generation failed: %v", err)
				}
				if res.Files["dubmcp/manifest.json"] == nil || res.Surface == nil {
					t.Fatal("no manifest or no measured surface")
				}
				largest := res.Surface.Largest(1, "")[0]
				t.Logf("largest tool %s", largest.Parts())
				if largest.Bytes > maxToolBytes {
					t.Errorf("largest tool %s is over %d bytes", largest.Parts(), maxToolBytes)
				}
			})
		}
	}
}
