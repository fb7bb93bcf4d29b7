package main

import (
	"flag"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/dubgen/dubgen/generator/budget"
	"github.com/dubgen/dubgen/generator/overlay"
	"github.com/dubgen/dubgen/generator/pin"
	"github.com/dubgen/dubgen/generator/spec"
	"github.com/dubgen/dubgen/generator/surface"
)

// runSurfaceReport prints what the tool surface costs an agent: the
// tools/list size of the whole surface and of each toolset, the largest
// tools, and how the figures compare with the overlay's budgets.
func runSurfaceReport(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("surface-report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	specPath := fs.String("spec", "", "OpenAPI spec (required unless --pin names it)")
	pinFile := fs.String("pin", "", "pin file supplying --spec; the spec's sha256 must match it")
	overlayPath := fs.String("overlay", "", "YAML overlay (its budgets are checked too)")
	top := fs.Int("top", 10, "how many of the largest tools to list")
	setUsage(fs, stderr,
		"Usage: gen surface-report --spec PATH|--pin FILE [--overlay PATH] [--top N]",
		"",
		"Prints the size of the MCP tools/list result, in bytes on the wire and ~tokens",
		"(bytes/4): the full surface, each toolset served alone, and the largest tools, plus",
		"the overlay's budgets. Exit status: 0 ok, 1 failure or a budget exceeded, 2 usage.",
	)
	if code, ok := parseArgs(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "gen surface-report: unexpected arguments %q\n", fs.Args())
		return 2
	}
	if *top < 0 {
		fmt.Fprintf(stderr, "gen surface-report: --top must not be negative, got %d\n", *top)
		return 2
	}
	resolved, err := pin.ResolveSpec(*specPath, *pinFile)
	if err != nil {
		fmt.Fprintf(stderr, "gen surface-report: %v\n", err)
		return 1
	}
	*specPath = resolved
	if *specPath == "" {
		fmt.Fprintln(stderr, "gen surface-report: --spec (or --pin) is required")
		fs.Usage()
		return 2
	}
	api, _, err := spec.Load(*specPath)
	if err != nil {
		fmt.Fprintf(stderr, "gen surface-report: %v\n", err)
		return 1
	}
	var ov *overlay.File
	if *overlayPath != "" {
		if ov, err = overlay.Load(*overlayPath); err != nil {
			fmt.Fprintf(stderr, "gen surface-report: %v\n", err)
			return 1
		}
	}
	// Drift is tolerated: the report is about size, `gen check` about drift.
	tools, _, _, err := surface.BuildWithOverlay(api, ov, false)
	if err != nil {
		fmt.Fprintf(stderr, "gen surface-report: %v\n", err)
		return 1
	}
	size, err := budget.Measure(tools)
	if err != nil {
		fmt.Fprintf(stderr, "gen surface-report: %v\n", err)
		return 1
	}
	violations := budget.Check(size, ov)
	writeSurfaceReport(stdout, size, ov, *top)
	if len(violations) > 0 {
		budget.WriteOverruns(stderr, "gen surface-report: ", violations)
		return 1
	}
	return 0
}

// writeSurfaceReport writes the report's tables.
func writeSurfaceReport(w io.Writer, s *budget.Surface, ov *overlay.File, top int) {
	var b *overlay.Budgets
	if ov != nil {
		b = ov.Budgets
	}
	limit := func(n, lim int) string {
		if lim <= 0 {
			return "-"
		}
		return fmt.Sprintf("%d (%s)", lim, status(n, lim))
	}
	in, out, desc := s.Parts()
	fmt.Fprintf(w, "tools/list: %d tools, %d bytes, ~%d tokens", len(s.Tools), s.Bytes, budget.Tokens(s.Bytes))
	if b != nil && b.Total > 0 {
		fmt.Fprintf(w, " (budget %d, %s)", b.Total, status(s.Bytes, b.Total))
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "  input schemas %d, output schemas %d, descriptions %d, names/titles/annotations %d\n",
		in, out, desc, s.Bytes-in-out-desc)
	if s.SelfContained != s.Bytes {
		fmt.Fprintf(w, "  shared fields listed once (overlay fieldsOf, describedBy): %d bytes saved; %d with every schema self-contained\n",
			s.SelfContained-s.Bytes, s.SelfContained)
	}
	if b != nil && b.PerTool > 0 {
		over := 0
		for _, t := range s.Tools {
			if t.Bytes > b.PerTool {
				over++
			}
		}
		fmt.Fprintf(w, "  per-tool budget %d: %d over\n", b.PerTool, over)
	}

	fmt.Fprintln(w, "\ntoolsets (each served alone):")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	withBudgets := b != nil && len(b.Toolsets) > 0
	if withBudgets {
		fmt.Fprintln(tw, "toolset\ttools\tbytes\t~tokens\tbudget")
	} else {
		fmt.Fprintln(tw, "toolset\ttools\tbytes\t~tokens")
	}
	for _, ts := range s.Toolsets {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d", ts.Name, ts.Tools, ts.Bytes, budget.Tokens(ts.Bytes))
		if withBudgets {
			fmt.Fprintf(tw, "\t%s", limit(ts.Bytes, b.Toolsets[ts.Name]))
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()

	largest := s.Largest(top, "")
	if len(largest) == 0 {
		return
	}
	fmt.Fprintf(w, "\nlargest %d tools:\n", len(largest))
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "tool\ttoolset\tbytes\t~tokens\tinput\toutput\tdescription")
	for _, t := range largest {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%d\n", t.Name, t.Toolset, t.Bytes, budget.Tokens(t.Bytes), t.Input, t.Output, t.Description)
	}
	tw.Flush()
	if b != nil && b.Dynamic > 0 {
		fmt.Fprintf(w, "\ndynamic-mode budget %d: not measured here (the meta-tools are runtime code)\n", b.Dynamic)
	}
}

// status says how a size compares with a limit ("" without one).
func status(n, limit int) string {
	switch {
	case limit <= 0:
		return ""
	case n > limit:
		return fmt.Sprintf("OVER by %d", n-limit)
	default:
		return fmt.Sprintf("ok, %d to spare", limit-n)
	}
}
