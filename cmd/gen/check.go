package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/dubgen/dubgen/generator"
	"github.com/dubgen/dubgen/generator/pin"
)

// runCheck prints how well an overlay covers a spec: operations with and
// without an entry, and entries whose operation is gone.
func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	specPath := fs.String("spec", "", "OpenAPI spec (required unless --pin names it)")
	overlayPath := fs.String("overlay", "", "YAML overlay to check; required")
	pinFile := fs.String("pin", "", "pin file supplying --spec")
	strict := fs.Bool("strict", false, "exit 1 on stale entries or parameters, and on operations without an entry")
	setUsage(fs, stderr,
		"Usage: gen check --spec PATH --overlay PATH [--strict]",
		"",
		"Prints the overlay's coverage of the spec and its stale entries. Exit status:",
		"0 ok, 1 overlay errors (or, with --strict, drift or gaps), 2 usage.",
	)
	if code, ok := parseArgs(fs, args); !ok {
		return code
	}
	resolved, err := pin.ResolveSpec(*specPath, *pinFile)
	if err != nil {
		fmt.Fprintf(stderr, "gen check: %v\n", err)
		return 1
	}
	*specPath = resolved
	if *specPath == "" || *overlayPath == "" {
		fmt.Fprintln(stderr, "gen check: --spec (or --pin) and --overlay are required")
		fs.Usage()
		return 2
	}
	// Budgets are generate's and surface-report's business.
	res, err := generator.Generate(generator.Options{SpecPath: *specPath, OverlayPath: *overlayPath, Strict: *strict, OutDir: ".", ImportPath: "check/only",
		SkipBudgets: true})
	if res != nil {
		// Spec defects are generate's business; check reports the overlay's.
		for _, d := range res.Diagnostics {
			if strings.HasPrefix(d.Where, *overlayPath+":") {
				fmt.Fprintln(stderr, d.String())
			}
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "gen check: %v\n", err)
		return 1
	}
	cov := res.Coverage
	total := len(cov.Covered) + len(cov.Uncovered)
	fmt.Fprintf(stdout, "overlay %s covers %d of %d operations (%.0f%%)\n", *overlayPath, len(cov.Covered), total, 100*float64(len(cov.Covered))/float64(max(total, 1)))
	if len(cov.Uncovered) > 0 {
		fmt.Fprintln(stdout, "\nwithout an entry (generated from the spec's own text):")
		for _, id := range cov.Uncovered {
			fmt.Fprintln(stdout, "  "+id)
		}
	}
	if len(cov.Stale) > 0 {
		fmt.Fprintln(stdout, "\nstale entries (no such operation in the spec):")
		for _, s := range cov.Stale {
			fmt.Fprintln(stdout, "  "+s)
		}
	}
	if *strict && (len(cov.Uncovered) > 0 || len(res.Drift) > 0) {
		return 1
	}
	return 0
}
