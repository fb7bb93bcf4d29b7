package main

import (
	"os"
	"strings"
	"testing"
)

// TestREADMESnippet keeps the README's "own server" snippet identical to
// this program (minus its doc comment), so the snippet always compiles.
func TestREADMESnippet(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("main.go")
	if err != nil {
		t.Fatal(err)
	}
	_, code, ok := strings.Cut(string(src), "\npackage main\n")
	if !ok {
		t.Fatal("main.go: no package clause")
	}
	code = "package main\n" + code
	var snippets []string
	for rest := string(readme); ; {
		_, after, ok := strings.Cut(rest, "```go\n")
		if !ok {
			break
		}
		block, tail, _ := strings.Cut(after, "```")
		snippets = append(snippets, block)
		rest = tail
	}
	for _, s := range snippets {
		if s == code {
			return
		}
	}
	t.Errorf("README.md has no ```go block equal to main.go without its doc comment; found %d go blocks. Want:\n%s", len(snippets), code)
}
