package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// Dub's shared spec snapshots, read in place, and two small pairs from
// the surfacediff testdata.
const (
	oldDubSpec   = "../../../shared/specs/dub/openapi-2025-12-31.json"
	newDubSpec   = "../../../shared/specs/dub/openapi-2026-08-21.json"
	wordingCases = "../../generator/surfacediff/testdata/description"
)

func TestDiffCLI(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	report := filepath.Join(dir, "report.md")
	realPair := []string{"diff", "--old", oldDubSpec, "--new", newDubSpec, "--overlay", overlayFile}
	same := []string{"diff", "--old", newDubSpec, "--new", newDubSpec, "--overlay", overlayFile}
	reworded := []string{"diff", "--old", filepath.Join(wordingCases, "old.yaml"), "--new", filepath.Join(wordingCases, "new.yaml")}
	with := func(base []string, extra ...string) []string { return append(append([]string{}, base...), extra...) }
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout []string
		stderr []string
	}{
		{"help", []string{"diff", "--help"}, 0, nil, []string{"Usage: gen diff --old SPEC --new SPEC", "-fail-on"}},
		{"markdown", realPair, 0, []string{
			"## Tool surface diff: `openapi-2025-12-31.json` → `openapi-2026-08-21.json`",
			"**13 added, 2 removed, 1 renamed, ",
			"### Breaking changes", "### Added tools", "### Renamed tools", "### Changed tools",
			"`retrieve_links` → `retrieve_partner_links`",
		}, nil},
		{"json", with(realPair, "--format", "json"), 0, []string{`"operationId": "retrievePartnerLinks"`, `"added": 13,`}, nil},
		{"fail on breaking, real pair", with(realPair, "--fail-on", "breaking"), 1, []string{"### Breaking changes"}, []string{"gen diff: breaking changes: "}},
		{"fail on breaking, same spec", with(same, "--fail-on", "breaking"), 0, []string{"No changes to the tool surface."}, nil},
		{"fail on any, same spec", with(same, "--fail-on", "any"), 0, []string{"**0 added, 0 removed, 0 renamed, 0 changed; 0 breaking**"}, nil},
		{"fail on breaking, reworded only", with(reworded, "--fail-on", "breaking"), 0, []string{"### Description-only changes"}, nil},
		{"fail on any, reworded only", with(reworded, "--fail-on", "any"), 1, []string{"`list_domains`"}, []string{"the tool surface changed"}},
		{"out file", with(realPair, "--out", report), 0, []string{"wrote " + report + ": 13 added, 2 removed, 1 renamed"}, nil},
		{"bad flag", []string{"diff", "--nope"}, 2, nil, []string{"flag provided but not defined: -nope", "Usage: gen diff"}},
		{"missing --new", []string{"diff", "--old", oldDubSpec}, 2, nil, []string{"gen diff: --old and --new are required"}},
		{"bad format", with(realPair, "--format", "xml"), 2, nil, []string{`--format must be md or json, not "xml"`}},
		{"bad fail-on", with(realPair, "--fail-on", "sometimes"), 2, nil, []string{`--fail-on must be none, breaking or any, not "sometimes"`}},
		{"stray argument", with(realPair, "extra"), 2, nil, []string{`unexpected arguments: ["extra"]`}},
		{"missing old spec", []string{"diff", "--old", filepath.Join(dir, "nope.json"), "--new", newDubSpec}, 1, nil,
			[]string{"gen diff: old spec " + filepath.Join(dir, "nope.json") + ": read spec: ", "no such file or directory"}},
		{"missing overlay", with(same[:5], "--overlay", filepath.Join(dir, "none.yaml")), 1, nil, []string{"gen diff: old spec ", "none.yaml: no such file"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			runGen(t, tt.args, tt.code, tt.stdout, tt.stderr)
		})
	}
}

// TestDiffOutFileMatchesStdout: --out writes exactly what stdout would
// carry, and JSON output parses with the summary counts.
func TestDiffOutFileMatchesStdout(t *testing.T) {
	t.Parallel()
	report := filepath.Join(t.TempDir(), "report.json")
	args := []string{"diff", "--old", oldDubSpec, "--new", newDubSpec, "--overlay", overlayFile, "--format", "json"}
	var direct, msg, errOut bytes.Buffer
	if code := run(args, &direct, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if code := run(append(args, "--out", report), &msg, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	written, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(written, direct.Bytes()) {
		t.Error("--out wrote something else than standard output carries")
	}
	var rep struct {
		Summary struct{ Added, Removed, Renamed, Breaking int }
	}
	if err := json.Unmarshal(written, &rep); err != nil {
		t.Fatal(err)
	}
	if s := rep.Summary; s.Added != 13 || s.Removed != 2 || s.Renamed != 1 || s.Breaking == 0 {
		t.Errorf("summary %+v", s)
	}
}
