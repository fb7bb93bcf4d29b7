package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"

	"github.com/dubgen/dubgen/generator"
	"github.com/dubgen/dubgen/generator/budget"
	"github.com/dubgen/dubgen/generator/pin"
)

func runGenerate(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("generate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		specPath   = fs.String("spec", "", "OpenAPI spec to generate from (JSON or YAML); required unless --pin names it")
		overlay    = fs.String("overlay", "", "YAML overlay with dubgen's own descriptions and rules (optional)")
		out        = fs.String("out", "generated", "output directory; the packages go to OUT/<client-pkg> and OUT/<mcp-pkg>")
		pinFile    = fs.String("pin", "", "pin file (specs/dub.pin.json): supplies --spec when it is not given, and the spec's sha256 must match it")
		importPath = fs.String("import-path", "", "Go import path of --out (default: derived from the nearest go.mod)")
		clientPkg  = fs.String("client-pkg", "dub", "name of the typed client package")
		mcpPkg     = fs.String("mcp-pkg", "dubmcp", "name of the MCP tools package")
		strict     = fs.Bool("strict", false, "exit 1 on overlay drift (entries or parameters the spec no longer has) or a budget overrun, after writing everything")
		check      = fs.Bool("check", false, "write nothing; exit 1 if the files in --out differ from a fresh generation or a budget is exceeded")
		quiet      = fs.Bool("quiet", false, "do not print spec warnings")
	)
	setUsage(fs, stderr,
		"Usage: gen generate --spec PATH [--overlay PATH] [--out DIR] [flags]",
		"",
		"Generates the typed client (OUT/dub) and the MCP tools (OUT/dubmcp, with manifest.json).",
		"Spec defects are printed as warnings with their location; generation stops only on",
		"what cannot be generated. Overlay drift and budget overruns never stop it: the files",
		"are written and the overruns listed (largest tools, what they are made of, the remedy).",
		"--strict makes drift and overruns the exit status (1), still after writing; --check",
		"fails on stale files and on overruns. Exit status: 0 ok, 1 failure (see above), 2 usage.",
	)
	if code, ok := parseArgs(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "gen generate: unexpected arguments %q\n", fs.Args())
		return 2
	}
	resolved, err := pin.ResolveSpec(*specPath, *pinFile)
	if err != nil {
		fmt.Fprintf(stderr, "gen generate: %v\n", err)
		return 1
	}
	*specPath = resolved
	if *specPath == "" {
		fmt.Fprintln(stderr, "gen generate: --spec (or --pin) is required")
		fs.Usage()
		return 2
	}
	res, err := generator.Generate(generator.Options{
		SpecPath: *specPath, OverlayPath: *overlay, Strict: *strict, OutDir: *out, ImportPath: *importPath, ClientPkg: *clientPkg, MCPPkg: *mcpPkg,
	})
	if res != nil && !*quiet {
		res.Diagnostics.Print(stderr)
	}
	if err != nil {
		fmt.Fprintf(stderr, "gen generate: %v\n", err)
		return 1
	}
	// Overruns are printed even with --quiet: they fail --check.
	budget.WriteOverruns(stderr, "gen generate: ", res.Overruns)
	if *check {
		drift := compare(res, *out)
		if len(drift) > 0 {
			fmt.Fprintf(stderr, "gen generate --check: %s is stale; run `make generate` and commit the result:\n", *out)
			for _, d := range drift {
				fmt.Fprintln(stderr, "  "+d)
			}
			return 1
		}
		if len(res.Overruns) > 0 {
			fmt.Fprintf(stderr, "gen generate --check: %s is up to date but over budget (see above)\n", *out)
			return 1
		}
		fmt.Fprintf(stdout, "%s is up to date (%d files)\n", *out, len(res.Files))
		return 0
	}
	if err := res.Write(*out); err != nil {
		fmt.Fprintf(stderr, "gen generate: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "generated %d operations, %d types, %d files into %s\n", len(res.API.Operations), len(res.API.Types), len(res.Files), *out)
	if res.Failed(*strict) {
		fmt.Fprintf(stderr, "gen generate --strict: written, but %d drift findings and %d budget overruns need a review\n", len(res.Drift), len(res.Overruns))
		return 1
	}
	return 0
}

// compare lists the files whose contents differ from (or are missing in) dir.
func compare(res *generator.Result, dir string) []string {
	var drift []string
	for _, name := range res.Names() {
		old, err := os.ReadFile(filepath.Join(dir, name))
		switch {
		case err != nil:
			drift = append(drift, "missing: "+name)
		case !bytes.Equal(old, res.Files[name]):
			drift = append(drift, "differs: "+name)
		}
	}
	for _, rel := range res.Stale(dir) {
		drift = append(drift, "stale: "+rel)
	}
	sort.Strings(drift)
	return drift
}
