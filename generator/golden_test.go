package generator

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/positive")

// goldenImport is the import path the golden output is generated for; the
// compile test places it at this path inside the module.
const goldenImport = "github.com/dubgen/dubgen/generator/testdata/build"

// TestGolden generates each positive spec and compares every output file
// (and the diagnostics) with testdata/positive/<name>.golden/.
func TestGolden(t *testing.T) {
	specs := positiveSpecs(t)
	for _, specPath := range specs {
		name := strings.TrimSuffix(filepath.Base(specPath), ".yaml")
		t.Run(name, func(t *testing.T) {
			res, err := Generate(Options{SpecPath: specPath, OverlayPath: overlayFor(specPath), Strict: true, OutDir: "unused", ImportPath: goldenImport + "/" + name})
			if err != nil {
				t.Fatal(err)
			}
			var diags bytes.Buffer
			res.Diagnostics.Print(&diags)
			files := map[string][]byte{"diagnostics.txt": diags.Bytes()}
			for n, b := range res.Files {
				files[n] = b
			}
			dir := filepath.Join("testdata/positive", name+".golden")
			if *update {
				if err := os.RemoveAll(dir); err != nil {
					t.Fatal(err)
				}
			}
			for n, got := range files {
				path := filepath.Join(dir, n+".golden")
				if *update {
					if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(path, got, 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Errorf("%s: missing golden file (run go test ./generator -run TestGolden -update): %v", n, err)
					continue
				}
				if !bytes.Equal(got, want) {
					t.Errorf("%s differs from %s (run with -update after checking the change):\n%s", n, path, firstDiff(want, got))
				}
			}
			olds, _ := filepath.Glob(filepath.Join(dir, "*", "*.golden"))
			snaps, _ := filepath.Glob(filepath.Join(dir, "*", "*", "*.golden"))
			olds = append(olds, snaps...)
			for _, old := range olds {
				rel, _ := filepath.Rel(dir, strings.TrimSuffix(old, ".golden"))
				if _, ok := files[rel]; !ok && !*update {
					t.Errorf("golden file %s is no longer generated", old)
				}
			}
		})
	}
}

// positiveSpecs lists the positive specs (overlays beside them excluded).
func positiveSpecs(t *testing.T) []string {
	all, _ := filepath.Glob("testdata/positive/*.yaml")
	var specs []string
	for _, s := range all {
		if !strings.HasSuffix(s, ".overlay.yaml") {
			specs = append(specs, s)
		}
	}
	if len(specs) == 0 {
		t.Fatal("no positive specs")
	}
	return specs
}

// overlayFor returns NAME.overlay.yaml beside a spec, if there is one.
func overlayFor(specPath string) string {
	o := strings.TrimSuffix(specPath, ".yaml") + ".overlay.yaml"
	if _, err := os.Stat(o); err == nil {
		return o
	}
	return ""
}

func firstDiff(want, got []byte) string {
	w, g := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, wl, gl)
		}
	}
	return ""
}

// TestNegative checks that each broken spec fails with its named reason.
func TestNegative(t *testing.T) {
	tests := []struct{ file, reason string }{
		{"duplicate-operation-id.yaml", `operationId "getThing" is also used by GET /a`},
		{"unresolved-ref.yaml", "Missing"},
		{"undeclared-path-param.yaml", "path parameter {id} is not declared"},
		{"no-paths.yaml", "the spec has no paths"},
		{"not-openapi.yaml", "not an OpenAPI document"},
		{"malformed-json.json", "parse"},
		{"does-not-exist.yaml", "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			_, err := Generate(Options{SpecPath: filepath.Join("testdata/negative", tt.file), OutDir: "unused", ImportPath: "example.com/x"})
			if err == nil {
				t.Fatal("generation succeeded; want an error")
			}
			if !strings.Contains(err.Error(), tt.reason) {
				t.Fatalf("error does not name the reason %q:\n%v", tt.reason, err)
			}
		})
	}
}

// TestGeneratedCodeCompiles writes the positive specs' output and the older
// shared Dub spec's output into the module and builds and vets them.
func TestGeneratedCodeCompiles(t *testing.T) {
	if testing.Short() {
		t.Skip("builds generated code with the go tool")
	}
	build := filepath.Join("testdata", "build")
	if err := os.RemoveAll(build); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(build) })
	specs := append(positiveSpecs(t), "../../shared/specs/dub/openapi-2025-12-31.json")
	var pkgs []string
	for _, specPath := range specs {
		name := strings.TrimSuffix(strings.TrimSuffix(filepath.Base(specPath), ".yaml"), ".json")
		name = strings.NewReplacer("-", "", ".", "").Replace(name)
		opts := Options{SpecPath: specPath, OverlayPath: overlayFor(specPath), OutDir: filepath.Join(build, name), ImportPath: goldenImport + "/" + name}
		if strings.HasSuffix(specPath, ".json") {
			// The older Dub spec, with today's overlay: drift is warned about,
			// and the result must still compile. The overlay's budgets are
			// sized for the pinned spec, not this one.
			opts.OverlayPath = "../overlays/dub.yaml"
			opts.SkipBudgets = true
		}
		res, err := Generate(opts)
		if err != nil {
			t.Fatalf("%s: %v", specPath, err)
		}
		if strings.HasSuffix(specPath, ".json") && len(res.Coverage.Stale) == 0 {
			t.Errorf("%s: want stale overlay entries reported, got none", specPath)
		}
		if err := res.Write(filepath.Join(build, name)); err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, "./"+filepath.ToSlash(filepath.Join("generator", build, name, "dub")), "./"+filepath.ToSlash(filepath.Join("generator", build, name, "dubmcp")))
	}
	cmd := exec.Command("go", append([]string{"vet"}, pkgs...)...)
	cmd.Dir = ".."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go vet of generated code failed: %v\n%s", err, out)
	}
}

// TestOverlayDrift: entries and parameters the spec no longer has are
// warnings by default and errors with Strict, each naming file:line:column;
// either way every file is generated and the drift is in Result.Drift.
func TestOverlayDrift(t *testing.T) {
	ov := filepath.Join(t.TempDir(), "drift.yaml")
	data := "version: 1\noperations:\n  getStats:\n    params:\n      gone: {description: x}\n  vanishedOperation:\n    title: Old\n"
	if err := os.WriteFile(ov, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	opts := Options{SpecPath: "testdata/positive/shapes.yaml", OverlayPath: ov, OutDir: "unused", ImportPath: "example.com/x"}
	res, err := Generate(opts)
	if err != nil {
		t.Fatalf("non-strict drift failed generation: %v", err)
	}
	var warned bytes.Buffer
	res.Diagnostics.Print(&warned)
	for _, want := range []string{ov + `:5:7: operation getStats: parameter "gone"`, ov + ":6:3: overlay entry vanishedOperation"} {
		if !strings.Contains(warned.String(), "warning: "+want) {
			t.Errorf("warnings do not contain %q:\n%s", want, warned.String())
		}
	}
	if got := res.Coverage.Uncovered; len(got) == 0 {
		t.Errorf("coverage lists no operations without an entry")
	}
	opts.Strict = true
	res, err = Generate(opts)
	if err != nil || len(res.Files) == 0 {
		t.Fatalf("strict drift blocked generation: %v", err)
	}
	if !res.Failed(true) || len(res.Drift) != 2 || !strings.Contains(res.Diagnostics.Err().Error(), "error: "+ov+":6:3") {
		t.Fatalf("strict drift: want 2 drift findings, errors naming %s:6:3, got %v", ov, res.Diagnostics)
	}
}

// TestOddNamesRoundTrip generates testdata/positive/names.yaml (properties
// and parameters called 名前, ß, 2fa, type, Color beside color, $ref beside
// ref, a-b beside a.b, a path and a query parameter both called id) into
// the module and runs testdata/roundtrip/names_test.go.txt against it: the
// client and the MCP tools must put every name on the wire.
func TestOddNamesRoundTrip(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and tests generated code with the go tool")
	}
	dir := filepath.Join("testdata", "build-names")
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	imp := "github.com/dubgen/dubgen/generator/testdata/build-names"
	res, err := Generate(Options{SpecPath: "testdata/positive/names.yaml", OutDir: dir, ImportPath: imp})
	if err != nil {
		t.Fatal(err)
	}
	if err := res.Write(dir); err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("testdata/roundtrip/names_test.go.txt")
	if err != nil {
		t.Fatal(err)
	}
	src = bytes.ReplaceAll(src, []byte("IMPORT"), []byte(imp))
	if err := os.WriteFile(filepath.Join(dir, "dubmcp", "names_test.go"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "test", "-count=1", "./generator/testdata/build-names/...")
	cmd.Dir = ".."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("round trip through the generated client and tools failed: %v\n%s", err, out)
	}
	cmd = exec.Command("go", "vet", "./generator/testdata/build-names/...")
	cmd.Dir = ".."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go vet of the generated code failed: %v\n%s", err, out)
	}
}
