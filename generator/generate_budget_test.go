package generator

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/dubgen/dubgen/generator/budget"
)

// TestBudgetsStopGeneration: the shapes spec with its overlay plus tiny
// budgets fails, and the message names each budget, the size and the
// largest tools with their bytes; with generous budgets, or SkipBudgets,
// it generates.
func TestBudgetsStopGeneration(t *testing.T) {
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
	_, err = gen(tiny, false)
	var be *budget.Error
	if !errors.As(err, &be) {
		t.Fatalf("want a budget error, got %v", err)
	}
	if len(be.Violations) != 3 {
		t.Errorf("want total, perTool and toolsets.things exceeded, got %v", be.Violations)
	}
	msg := err.Error()
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

	if _, err := gen(tiny, true); err != nil {
		t.Errorf("SkipBudgets: %v", err)
	}
	roomy := write("budgets:\n  total: 100000\n  perTool: 10000\n  toolsets: {things: 100000}\n  dynamic: 1\n")
	if res, err := gen(roomy, false); err != nil || len(res.Files) == 0 {
		t.Errorf("generous budgets: %v", err)
	}
}
