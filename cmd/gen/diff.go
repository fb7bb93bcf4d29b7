package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/dubgen/dubgen/generator/surface"
	"github.com/dubgen/dubgen/generator/surfacediff"
)

// runDiff compares the tool surfaces two specs generate under one overlay
// and writes the report; --fail-on turns changes into exit status 1.
func runDiff(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("diff", flag.ContinueOnError)
	fs.SetOutput(stderr)
	oldSpec := fs.String("old", "", "the old OpenAPI spec; required")
	newSpec := fs.String("new", "", "the new OpenAPI spec; required")
	overlayPath := fs.String("overlay", "", "YAML overlay applied to both specs (drift between them is tolerated)")
	format := fs.String("format", "md", "report format: md (for a pull request) or json")
	failOn := fs.String("fail-on", "none", "exit 1 on: none, breaking (a breaking change) or any (any change)")
	out := fs.String("out", "", "write the report to this file instead of standard output")
	setUsage(fs, stderr,
		"Usage: gen diff --old SPEC --new SPEC [--overlay PATH] [--format md|json] [--fail-on none|breaking|any] [--out FILE]",
		"",
		"Compares the MCP tool surfaces the two specs generate, not their text: tools added,",
		"removed and renamed; inputs, required flags, types, enums, hints and outputs changed;",
		"breaking changes marked. Exit status: 0 ok, 1 failure (or --fail-on met), 2 usage.",
	)
	if code, ok := parseArgs(fs, args); !ok {
		return code
	}
	usageErr := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "gen diff: "+format+"\n", a...)
		fs.Usage()
		return 2
	}
	switch {
	case fs.NArg() > 0:
		return usageErr("unexpected arguments: %q", fs.Args())
	case *oldSpec == "" || *newSpec == "":
		return usageErr("--old and --new are required")
	case *format != "md" && *format != "json":
		return usageErr("--format must be md or json, not %q", *format)
	case *failOn != "none" && *failOn != "breaking" && *failOn != "any":
		return usageErr("--fail-on must be none, breaking or any, not %q", *failOn)
	}

	var surfaces [2][]*surface.Tool
	for i, path := range []string{*oldSpec, *newSpec} {
		tools, _, err := surfacediff.Load(path, *overlayPath)
		if err != nil {
			fmt.Fprintf(stderr, "gen diff: %s spec %s: %v\n", [2]string{"old", "new"}[i], path, err)
			return 1
		}
		surfaces[i] = tools
	}
	rep := surfacediff.Compare(surfaces[0], surfaces[1])

	var text []byte
	if *format == "json" {
		b, err := rep.JSON()
		if err != nil {
			fmt.Fprintf(stderr, "gen diff: %v\n", err)
			return 1
		}
		text = b
	} else {
		oldName, newName := filepath.Base(*oldSpec), filepath.Base(*newSpec)
		if oldName == newName {
			oldName, newName = *oldSpec, *newSpec
		}
		text = []byte(rep.Markdown(oldName, newName))
	}
	if *out != "" {
		if err := os.WriteFile(*out, text, 0o644); err != nil {
			fmt.Fprintf(stderr, "gen diff: %v\n", err)
			return 1
		}
		s := rep.Summary
		fmt.Fprintf(stdout, "wrote %s: %d added, %d removed, %d renamed, %d changed; %d breaking\n",
			*out, s.Added, s.Removed, s.Renamed, s.Changed, s.Breaking)
	} else if _, err := stdout.Write(text); err != nil {
		fmt.Fprintf(stderr, "gen diff: %v\n", err)
		return 1
	}

	switch {
	case *failOn == "breaking" && rep.Breaking() > 0:
		fmt.Fprintf(stderr, "gen diff: breaking changes: %d (--fail-on breaking)\n", rep.Breaking())
		return 1
	case *failOn == "any" && !rep.Empty():
		fmt.Fprintln(stderr, "gen diff: the tool surface changed (--fail-on any)")
		return 1
	}
	return 0
}
