// Command gen is dubgen's command line: it generates the typed Dub client
// and the MCP tools from Dub's OpenAPI spec.
//
//	go run ./cmd/gen generate --spec PATH [--overlay PATH] [--out DIR]
//
// Run "go run ./cmd/gen help" for every command and flag.
package main

import (
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"generate", "generate the client and MCP packages from a spec", runGenerate},
		{"check", "report an overlay's coverage of a spec and its stale entries", runCheck},
		{"diff", "compare the tool surfaces of two specs and mark breaking changes", runDiff},
		{"spec-update", "fetch Dub's live spec, regenerate, report the surface diff, move the pin", runSpecUpdate},
		{"surface-report", "print the tools/list size: total, per toolset, largest tools, budgets", runSurfaceReport},
	}
}

// run dispatches to a subcommand and returns the exit status: 0 on
// success, 1 on failure, 2 on bad usage.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		usage(stdout)
		return 0
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "gen: unknown command %q\n\n", args[0])
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "gen generates a typed Go client and MCP tools from Dub's OpenAPI spec.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage: gen <command> [flags]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-15s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, `Run "gen <command> --help" for a command's flags.`)
}
