package generator

import (
	"bytes"
	"strings"
	"testing"

	"github.com/dubgen/dubgen/generator/pin"
)

const pinFile = "../specs/dub.pin.json"

// BenchmarkGenerate measures a whole in-memory generation from the pinned
// Dub spec (parse, defect report, model, both emitters, manifest) and
// reports the size of what it produced.
func BenchmarkGenerate(b *testing.B) {
	p, err := pin.Read(pinFile)
	if err != nil {
		b.Fatal(err)
	}
	specPath := p.SpecPath(pinFile)
	var res *Result
	for b.Loop() {
		res, err = Generate(Options{SpecPath: specPath, OverlayPath: "../overlays/dub.yaml", Strict: true, OutDir: "unused", ImportPath: "github.com/dubgen/dubgen/generated"})
		if err != nil {
			b.Fatal(err)
		}
	}
	var lines, goLines, clientLines, size int
	for name, f := range res.Files {
		n := bytes.Count(f, []byte("\n"))
		lines += n
		size += len(f)
		if strings.HasSuffix(name, ".go") {
			goLines += n
			if strings.HasPrefix(name, "dub/") {
				clientLines += n
			}
		}
	}
	b.ReportMetric(float64(clientLines), "client-lines")
	b.ReportMetric(float64(goLines), "go-lines")
	b.ReportMetric(float64(lines), "lines")
	b.ReportMetric(float64(size), "bytes")
	b.ReportMetric(float64(len(res.API.Operations)), "operations")
}
