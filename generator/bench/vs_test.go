package bench

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/dubgen/dubgen/generator/pin"
)

// run is one timed process run: wall clock and CPU (user + system).
type run struct{ wall, cpu time.Duration }

// timed runs name with args and measures it.
func timed(b *testing.B, dir, name string, args ...string) run {
	b.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	start := time.Now()
	out, err := cmd.CombinedOutput()
	wall := time.Since(start)
	if err != nil {
		b.Fatalf("%s: %v\n%s", filepath.Base(name), err, out)
	}
	return run{wall, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()}
}

// build compiles a command into dir and returns its path.
func build(b *testing.B, moduleDir, pkg, dir, name string) string {
	b.Helper()
	bin := filepath.Join(dir, name)
	cmd := exec.Command("go", "build", "-o", bin, pkg)
	cmd.Dir = moduleDir
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Skipf("cannot build %s (is the Go module proxy reachable?): %v\n%s", pkg, err, out)
	}
	return bin
}

func median(rs []run, f func(run) time.Duration) time.Duration {
	ds := make([]time.Duration, len(rs))
	for i, r := range rs {
		ds[i] = f(r)
	}
	slices.Sort(ds)
	return ds[len(ds)/2]
}

// BenchmarkVsOapiCodegen runs oapi-codegen (types and client, one file)
// and dubgen's `gen generate` (client, MCP tools, manifest, snapshots)
// on the pinned Dub spec, alternately, each as a fresh process writing
// into an empty directory, and reports the median wall-clock and CPU
// times of both and their ratios (dubgen / oapi-codegen).
func BenchmarkVsOapiCodegen(b *testing.B) {
	root, err := filepath.Abs("../..")
	if err != nil {
		b.Fatal(err)
	}
	pinFile := filepath.Join(root, "specs", "dub.pin.json")
	p, err := pin.Read(pinFile)
	if err != nil {
		b.Fatal(err)
	}
	spec := p.SpecPath(pinFile)
	tmp := b.TempDir()
	oapi := build(b, "testdata/oapitool", "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen", tmp, "oapi-codegen")
	gen := build(b, root, "./cmd/gen", tmp, "gen")

	var theirs, ours []run
	i := 0
	for b.Loop() {
		i++
		out := filepath.Join(tmp, fmt.Sprint("run", i))
		if err := os.MkdirAll(filepath.Join(out, "oapi"), 0o755); err != nil {
			b.Fatal(err)
		}
		cfg := filepath.Join(out, "oapi.yaml")
		conf := fmt.Sprintf("package: dub\ngenerate:\n  models: true\n  client: true\noutput: %s\n", filepath.Join(out, "oapi", "dub.gen.go"))
		if err := os.WriteFile(cfg, []byte(conf), 0o644); err != nil {
			b.Fatal(err)
		}
		theirs = append(theirs, timed(b, root, oapi, "-config", cfg, spec))
		ours = append(ours, timed(b, root, gen, "generate", "--pin", pinFile, "--overlay", filepath.Join(root, "overlays", "dub.yaml"),
			"--out", filepath.Join(out, "dubgen"), "--import-path", "example.com/bench", "--quiet"))
	}
	wall := func(r run) time.Duration { return r.wall }
	cpu := func(r run) time.Duration { return r.cpu }
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(median(ours, wall)), "dubgen-wall-ms")
	b.ReportMetric(ms(median(theirs, wall)), "oapi-codegen-wall-ms")
	b.ReportMetric(ms(median(ours, wall))/ms(median(theirs, wall)), "wall-ratio")
	b.ReportMetric(ms(median(ours, cpu)), "dubgen-cpu-ms")
	b.ReportMetric(ms(median(theirs, cpu)), "oapi-codegen-cpu-ms")
	b.ReportMetric(ms(median(ours, cpu))/ms(median(theirs, cpu)), "cpu-ratio")
}
