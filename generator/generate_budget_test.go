package generator

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/dubgen/dubgen/generator/budget"
)

// TestBudgetsInform: the shapes spec with its overlay plus tiny budgets
// still generates every file, and Overruns names each budget, the size and
// the largest tools with their bytes; with generous budgets, or
// SkipBudgets, there is none.
func TestBudgetsInform(t *testing.T) {
	base, err := os.ReadFile("testdata/positive/shapes.overlay.yaml")
	if err != nil {
		t.Fatal(err)
	}
	write := func(budgets string) string {
		p := filepath.Join(t.TempDir(), "shapes.overlay.yaml")
		if err := os.WriteFile(p, append(append([]byte{}, base...), budgets...), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	gen := func(overlayPath string, skip bool) (*Result, error) {
		return Generate(Options{SpecPath: "testdata/positive/shapes.yaml", OverlayPath: overlayPath, Strict: true,
			OutDir: "unused", ImportPath: "example.com/x", SkipBudgets: skip})
	}

	tiny := write("budgets:\n  total: 500\n  perTool: 300\n  toolsets: {things: 200, stats: 100000}\n")
	res, err := gen(tiny, false)
	if err != nil {
		t.Fatalf("an overrun stopped generation: %v", err)
	}
	if len(res.Files) == 0 || res.Files["dubmcp/manifest.json"] == nil {
		t.Fatalf("an overrun kept files from being generated: %v", res.Names())
	}
	if len(res.Overruns) != 3 || !res.Failed(true) || res.Failed(false) {
		t.Errorf("want total, perTool and toolsets.things exceeded, failing only under strict, got %v", res.Overruns)
	}
	var buf strings.Builder
	budget.WriteOverruns(&buf, "", res.Overruns)
	msg := buf.String()
	t.Log(msg)
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`shapes\.overlay\.yaml:\d+:3: budget total \(500 bytes\) exceeded: the full tools/list is \d+ bytes \(~\d+ tokens\), \d+ over; largest tools: (\w+ \d+, ){4}\w+ \d+\n`),
		regexp.MustCompile(`budget perTool \(300 bytes\) exceeded by \d+ tools; the largest is \d+ bytes`),
		regexp.MustCompile(`budget toolsets\.things \(200 bytes\) exceeded: tools/list of toolset things is \d+ bytes`),
		regexp.MustCompile(`largest tools: make_thing \d+`), // the largest tool of the shapes spec
	} {
		if !want.MatchString(msg) {
			t.Errorf("message does not match %s:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "toolsets.stats") {
		t.Errorf("a budget that holds is reported:\n%s", msg)
	}

	if !strings.Contains(msg, "largest tools concerned: make_thing ") || !strings.Contains(msg, budget.Remedy) {
		t.Errorf("no breakdown or remedy:\n%s", msg)
	}
	if res, err := gen(tiny, true); err != nil || len(res.Overruns) != 0 {
		t.Errorf("SkipBudgets: %v %v", err, res.Overruns)
	}
	roomy := write("budgets:\n  total: 100000\n  perTool: 10000\n  toolsets: {things: 100000}\n  dynamic: 1\n")
	if res, err := gen(roomy, false); err != nil || len(res.Files) == 0 || len(res.Overruns) != 0 {
		t.Errorf("generous budgets: %v", err)
	}
}
