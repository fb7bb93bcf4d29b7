package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestSurfaceReportCLI(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	overBudget := filepath.Join(dir, "over.yaml")
	real, err := os.ReadFile(overlayFile)
	if err != nil {
		t.Fatal(err)
	}
	// The project's overlay with its budgets cut to a tenth.
	tight := regexp.MustCompile(`(?m)^(  total: )\d+$`).ReplaceAll(real, []byte("${1}6000"))
	tight = regexp.MustCompile(`(?m)^(    links: )\d+$`).ReplaceAll(tight, []byte("${1}1700"))
	if bytes.Equal(tight, real) {
		t.Fatal("the overlay's budgets were not found")
	}
	if err := os.WriteFile(overBudget, tight, 0o644); err != nil {
		t.Fatal(err)
	}
	// The project's overlay with every budget out of reach, so that the
	// older spec's case turns on drift alone, not on today's tool sizes.
	roomy := filepath.Join(dir, "roomy.yaml")
	block := regexp.MustCompile(`(?m)^budgets:\n(?:[ #].*\n|\n)*`)
	loose := block.ReplaceAllFunc(real, func(b []byte) []byte {
		return regexp.MustCompile(`(?m)^( +[a-zA-Z_]+: )\d+$`).ReplaceAll(b, []byte("${1}100000000"))
	})
	if bytes.Equal(loose, real) {
		t.Fatal("the overlay's budgets were not found")
	}
	if err := os.WriteFile(roomy, loose, 0o644); err != nil {
		t.Fatal(err)
	}
	badPin := filepath.Join(dir, "pin.json")
	if err := os.WriteFile(badPin, []byte(`{"path": "../../../shared/specs/dub/openapi-2025-12-31.json", "sha256": "00", "operations": 1}`), 0o644); err != nil {
		t.Fatal(err)
	}
	oldSpec := "../../../shared/specs/dub/openapi-2025-12-31.json"

	tests := []struct {
		name   string
		args   []string
		code   int
		stdout []string
		stderr []string
		not    []string // must not be in stdout
	}{
		{"help", []string{"surface-report", "--help"}, 0, nil, []string{"Usage: gen surface-report", "-overlay", "-top"}, nil},
		{"listed in help", []string{"help"}, 0, []string{"surface-report"}, nil, nil},
		{"pinned, with budgets", []string{"surface-report", "--pin", pinFile, "--overlay", overlayFile}, 0, []string{
			"tools/list: 57 tools, ", " bytes, ~", " tokens (budget ", "ok, ",
			"input schemas ", "output schemas ", "descriptions ",
			"toolsets (each served alone):", "toolset ", "links ", "10 ", "analytics ", "partners ",
			"largest 10 tools:", "retrieve_analytics ",
			"dynamic-mode budget 3000",
		}, nil, []string{"OVER"}},
		{"top 3", []string{"surface-report", "--pin", pinFile, "--overlay", overlayFile, "--top", "3"}, 0, []string{"largest 3 tools:"}, nil, []string{"largest 10"}},
		{"no overlay", []string{"surface-report", "--pin", pinFile}, 0, []string{"tools/list: 57 tools, ", "links "}, nil, []string{"budget"}},
		{"over budget", []string{"surface-report", "--pin", pinFile, "--overlay", overBudget}, 1,
			[]string{"(budget 6000, OVER by ", "1700 (OVER by "},
			[]string{"over.yaml:", "budget total (6000 bytes) exceeded: the full tools/list is ", "largest tools: ", "budget toolsets.links (1700 bytes) exceeded"}, nil},
		// Drift is tolerated.
		{"older spec", []string{"surface-report", "--spec", oldSpec, "--overlay", roomy}, 0, []string{"tools/list: 46 tools", "workspaces ", "(budget 100000000"},
			nil, []string{"OVER"}},
		{"no spec", []string{"surface-report"}, 2, nil, []string{"--spec (or --pin) is required"}, nil},
		{"bad flag", []string{"surface-report", "--nope"}, 2, nil, []string{"flag provided but not defined"}, nil},
		{"stray argument", []string{"surface-report", "--pin", pinFile, "extra"}, 2, nil, []string{`unexpected arguments ["extra"]`}, nil},
		{"negative top", []string{"surface-report", "--pin", pinFile, "--top", "-1"}, 2, nil, []string{"--top must not be negative"}, nil},
		{"pin mismatch", []string{"surface-report", "--pin", badPin}, 1, nil, []string{"gen surface-report: "}, nil},
		{"missing overlay", []string{"surface-report", "--pin", pinFile, "--overlay", filepath.Join(dir, "none.yaml")}, 1, nil, []string{"none.yaml: no such file"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			stdout, _ := runGen(t, tt.args, tt.code, tt.stdout, tt.stderr)
			for _, bad := range tt.not {
				if strings.Contains(stdout, bad) {
					t.Errorf("stdout contains %q:\n%s", bad, stdout)
				}
			}
		})
	}
}

// TestSurfaceReportAddsUp: the toolset rows count every tool once, and
// the total is the one the budget line reports.
func TestSurfaceReportAddsUp(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"surface-report", "--pin", pinFile, "--overlay", overlayFile, "--top", "0"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	rows := regexp.MustCompile(`(?m)^([a-z_]+) +(\d+) +(\d+) +(\d+) +`).FindAllStringSubmatch(stdout.String(), -1)
	tools := 0
	for _, r := range rows {
		n := 0
		for _, c := range r[2] {
			n = n*10 + int(c-'0')
		}
		tools += n
	}
	if len(rows) != 13 || tools != 57 {
		t.Errorf("%d toolset rows with %d tools, want 13 with 57:\n%s", len(rows), tools, stdout.String())
	}
	if strings.Contains(stdout.String(), "largest") {
		t.Errorf("--top 0 still lists tools:\n%s", stdout.String())
	}
}
