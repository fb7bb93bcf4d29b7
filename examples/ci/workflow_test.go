// Package ci holds the GitHub Actions recipe users copy to keep their
// generated Dub client and tools current; this test lints it.
package ci

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"
)

// TestWorkflowPassesActionlint lints the recipe with actionlint (syntax,
// expressions, action inputs, job outputs).
func TestWorkflowPassesActionlint(t *testing.T) {
	var out bytes.Buffer
	l, err := actionlint.NewLinter(&out, &actionlint.LinterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	errs, err := l.LintFile("spec-update.yml", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range errs {
		t.Errorf("actionlint: %s", e.Error())
	}
}

// TestWorkflowLintCatchesMistakes makes sure the lint above can fail.
func TestWorkflowLintCatchesMistakes(t *testing.T) {
	good, err := os.ReadFile("spec-update.yml")
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(good), "steps.update.outputs.changed", "steps.updat.outputs.changed", 1)
	l, err := actionlint.NewLinter(&bytes.Buffer{}, &actionlint.LinterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	errs, err := l.Lint("bad.yml", []byte(bad), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(errs) == 0 {
		t.Fatal("actionlint accepted a reference to an unknown step")
	}
}

// TestWorkflowRunsSpecUpdate checks the recipe uses the documented target
// and the report the pull request body is read from.
func TestWorkflowRunsSpecUpdate(t *testing.T) {
	b, err := os.ReadFile("spec-update.yml")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"make spec-update", "body-path: specs/SPEC-UPDATE.md", "schedule:"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("workflow lacks %q", want)
		}
	}
}
