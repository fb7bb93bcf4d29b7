package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/dubgen/dubgen/generator/budget"
	"github.com/dubgen/dubgen/generator/specvariant"
)

// tightOverlay writes the project's overlay with a per-tool budget no
// tool meets, and returns its path.
func tightOverlay(t *testing.T) string {
	t.Helper()
	real, err := os.ReadFile(overlayFile)
	if err != nil {
		t.Fatal(err)
	}
	tight := regexp.MustCompile(`(?m)^(  perTool: )\d+$`).ReplaceAll(real, []byte("${1}500"))
	if bytes.Equal(tight, real) {
		t.Fatal("the overlay's perTool budget was not found")
	}
	p := filepath.Join(t.TempDir(), "tight.yaml")
	if err := os.WriteFile(p, tight, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestOverrunsNeverBlockGenerate: over budget, generate writes every file;
// it exits 0 (1 with --strict, still after writing) and --check fails on
// the overrun even when the files are up to date.
func TestOverrunsNeverBlockGenerate(t *testing.T) {
	ov := tightOverlay(t)
	dir := t.TempDir()
	args := []string{"generate", "--pin", pinFile, "--overlay", ov, "--out", dir, "--import-path", "example.com/gen", "--quiet"}
	overrun := []string{"budget perTool (500 bytes) exceeded by ", "largest tools concerned: ", "(input ", budget.Remedy}

	runGen(t, args, 0, []string{"generated 57 operations"}, overrun)
	manifest := filepath.Join(dir, "dubmcp", "manifest.json")
	if _, err := os.Stat(manifest); err != nil {
		t.Fatalf("not written over budget: %v", err)
	}
	if err := os.Remove(manifest); err != nil {
		t.Fatal(err)
	}
	runGen(t, append(args, "--strict"), 1, []string{"generated 57 operations"}, append(overrun, "0 drift findings and 1 budget overruns need a review"))
	if _, err := os.Stat(manifest); err != nil {
		t.Fatalf("--strict did not write: %v", err)
	}
	runGen(t, append(args, "--check"), 1, nil, append(overrun, "is up to date but over budget"))
}

// TestSpecUpdateAnyDirection moves the pin older → newer and back, once
// over budget: each run writes the code, the pin and a report with the
// sizes, the overruns, the growth, the drift and the next steps.
func TestSpecUpdateAnyDirection(t *testing.T) {
	oldSpec, _ := filepath.Abs("../../../shared/specs/dub/openapi-2025-12-31.json")
	newSpec, _ := filepath.Abs("../../../shared/specs/dub/openapi-2026-08-21.json")
	dir, args := specUpdateRepo(t)
	tight := tightOverlay(t)
	report := filepath.Join(dir, "specs", "SPEC-UPDATE.md")
	withOverlay := func(ov string) []string {
		out := append([]string{}, args...)
		for i := range out {
			if out[i] == "--overlay" {
				out[i+1] = ov
			}
		}
		return out
	}
	read := func() string {
		b, err := os.ReadFile(report)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}

	runGen(t, append(withOverlay(tight), "--from", newSpec), 0, []string{"updated ", "budget overruns"}, []string{budget.Remedy})
	md := read()
	for _, want := range []string{"**13 added, 2 removed, 1 renamed", "Surface size: ", "### Budget overruns", "budget perTool (500 bytes) exceeded",
		"### Tools that grew most", "### What to do next", "Resolve the budget overruns"} {
		if !strings.Contains(md, want) {
			t.Errorf("old→new report lacks %q:\n%s", want, md)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "generated", "dubmcp", "manifest.json")); err != nil {
		t.Errorf("not generated over budget: %v", err)
	}

	// Back to the older spec with the project's overlay: its entries for
	// the newer operations are drift, reported with file:line.
	runGen(t, append(args, "--from", oldSpec), 0, []string{"updated ", "overlay drift findings"}, nil)
	md = read()
	for _, want := range []string{"2 added, 13 removed, 1 renamed", "### Breaking changes", "### Overlay drift", "dub.yaml:", "stale entry", "Fix the overlay drift"} {
		if !strings.Contains(md, want) {
			t.Errorf("new→old report lacks %q:\n%s", want, md)
		}
	}

	// To a constructed variant of the newer spec, in OpenAPI 3.1 with a
	// wide object and a new long-described operation, and back.
	d, err := specvariant.Read(newSpec)
	if err != nil {
		t.Fatal(err)
	}
	for _, shape := range []string{"wide-object", "long-description"} {
		if err := specvariant.Inject(d, shape, "createLink"); err != nil {
			t.Fatal(err)
		}
	}
	specvariant.To31(d)
	variant := filepath.Join(t.TempDir(), "variant31.json")
	if err := specvariant.Write(variant, d); err != nil {
		t.Fatal(err)
	}
	runGen(t, append(args, "--from", newSpec), 0, []string{"updated "}, nil)
	runGen(t, append(args, "--from", variant), 0, []string{"updated "}, nil)
	md = read()
	for _, want := range []string{"**1 added, 0 removed, 0 renamed", "`describe_at_length`", "`create_link`", "input `targets` added", "### Tools that grew most", "| `create_link` |"} {
		if !strings.Contains(md, want) {
			t.Errorf("new→variant report lacks %q:\n%s", want, md)
		}
	}
	runGen(t, append(args, "--from", newSpec), 0, []string{"updated "}, nil)
	md = read()
	for _, want := range []string{"0 added, 1 removed, 0 renamed", "`describe_at_length` removed", "input `targets` removed"} {
		if !strings.Contains(md, want) {
			t.Errorf("variant→new report lacks %q:\n%s", want, md)
		}
	}
}
