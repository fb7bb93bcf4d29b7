package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dubgen/dubgen/generator/pin"
)

// specUpdateRepo lays out a user's repository pinned to Dub's older spec.
func specUpdateRepo(t *testing.T) (dir string, args []string) {
	t.Helper()
	dir = t.TempDir()
	oldSpec, _ := filepath.Abs("../../../shared/specs/dub/openapi-2025-12-31.json")
	ov, _ := filepath.Abs(overlayFile)
	sum, err := pin.Sum(oldSpec)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/user\n\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "specs"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := pin.Write(filepath.Join(dir, "specs", "dub.pin.json"), &pin.Pin{Path: oldSpec, SHA256: sum, Source: "test", Operations: 46}); err != nil {
		t.Fatal(err)
	}
	return dir, []string{"spec-update",
		"--pin", filepath.Join(dir, "specs", "dub.pin.json"),
		"--overlay", ov,
		"--out", filepath.Join(dir, "generated"),
		"--store", filepath.Join(dir, "specs", "dub-openapi.json"),
		"--report", filepath.Join(dir, "specs", "SPEC-UPDATE.md"),
	}
}

func TestSpecUpdateFromLocalFile(t *testing.T) {
	t.Parallel()
	dir, args := specUpdateRepo(t)
	newSpec, _ := filepath.Abs("../../../shared/specs/dub/openapi-2026-08-21.json")
	var out, errOut bytes.Buffer
	if code := run(append(args, "--from", newSpec), &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	p, err := pin.Read(filepath.Join(dir, "specs", "dub.pin.json"))
	if err != nil {
		t.Fatal(err)
	}
	wantSum, _ := pin.Sum(newSpec)
	if p.SHA256 != wantSum || p.Path != "dub-openapi.json" || p.Operations != 57 {
		t.Errorf("pin not moved: %+v", p)
	}
	if err := pin.Verify(filepath.Join(dir, "specs", "dub.pin.json"), filepath.Join(dir, "specs", "dub-openapi.json")); err != nil {
		t.Error(err)
	}
	report, err := os.ReadFile(filepath.Join(dir, "specs", "SPEC-UPDATE.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(report), "**13 added, 2 removed, 1 renamed") {
		t.Errorf("report summary wrong:\n%.400s", report)
	}
	if _, err := os.Stat(filepath.Join(dir, "generated", "dubmcp", "toolsnaps", "retrieve_partner_links.json")); err != nil {
		t.Errorf("not regenerated: %v", err)
	}
	// A second run finds nothing to do.
	out.Reset()
	if code := run(append(args, "--from", newSpec), &out, &errOut); code != 0 || !strings.Contains(out.String(), "up to date") {
		t.Errorf("second run: exit %d, %s", code, out.String())
	}
}

func TestSpecUpdateChangesNothingOnFailure(t *testing.T) {
	t.Parallel()
	garbage := filepath.Join(t.TempDir(), "garbage.json")
	if err := os.WriteFile(garbage, []byte(`{"not":"openapi"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		extra []string
		want  string
	}{
		{"network unreachable", []string{"--url", "http://127.0.0.1:1/openapi.json", "--timeout", "5s"}, "cannot fetch Dub's spec from http://127.0.0.1:1/openapi.json"},
		{"not a spec", []string{"--from", garbage}, "the new spec is not usable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir, args := specUpdateRepo(t)
			before, _ := os.ReadFile(filepath.Join(dir, "specs", "dub.pin.json"))
			var out, errOut bytes.Buffer
			if code := run(append(args, tt.extra...), &out, &errOut); code != 1 {
				t.Fatalf("exit %d, want 1", code)
			}
			if !strings.Contains(errOut.String(), tt.want) || !strings.Contains(errOut.String(), "nothing was changed") {
				t.Errorf("stderr: %s", errOut.String())
			}
			after, _ := os.ReadFile(filepath.Join(dir, "specs", "dub.pin.json"))
			if !bytes.Equal(before, after) {
				t.Error("the pin changed")
			}
			for _, p := range []string{"generated", "specs/SPEC-UPDATE.md", "specs/dub-openapi.json"} {
				if _, err := os.Stat(filepath.Join(dir, p)); err == nil {
					t.Errorf("%s was written", p)
				}
			}
		})
	}
}
