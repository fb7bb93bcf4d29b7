package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/dubgen/dubgen/generator"
	"github.com/dubgen/dubgen/generator/budget"
	"github.com/dubgen/dubgen/generator/pin"
	"github.com/dubgen/dubgen/generator/spec"
	"github.com/dubgen/dubgen/generator/surface"
	"github.com/dubgen/dubgen/generator/surfacediff"
)

// DefaultSpecURL is where Dub serves its live OpenAPI document.
const DefaultSpecURL = "https://api.dub.co"

// runSpecUpdate fetches a new spec (or takes a local file), regenerates,
// writes the surface diff against the pinned spec, and moves the pin. It
// changes nothing unless every step before the writes succeeded.
func runSpecUpdate(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("spec-update", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		pinFile    = fs.String("pin", "specs/dub.pin.json", "pin file to update")
		overlayArg = fs.String("overlay", "", "YAML overlay applied to both specs")
		out        = fs.String("out", "generated", "output directory to regenerate")
		from       = fs.String("from", "", "take the new spec from this local file instead of fetching it")
		specURL    = fs.String("url", DefaultSpecURL, "where to fetch Dub's live spec")
		store      = fs.String("store", "specs/dub-openapi.json", "where to keep the new spec (the pin points to it)")
		report     = fs.String("report", "specs/SPEC-UPDATE.md", "where to write the Markdown surface diff")
		timeout    = fs.Duration("timeout", 30*time.Second, "fetch timeout")
	)
	setUsage(fs, stderr,
		"Usage: gen spec-update [--from FILE | --url URL] [flags]",
		"",
		"Fetches Dub's live spec (or reads --from), regenerates --out, writes the tool-surface",
		"diff against the pinned spec to --report, and updates the pin. The report adds budget",
		"overruns, the tools that grew most, overlay drift (file:line) and the next steps;",
		"overruns and drift never stop the update (`make test` fails on them). When the new",
		"spec cannot be fetched, parsed or generated, it says so and changes nothing. Exit",
		"status: 0 ok or already up to date, 1 failure, 2 usage.",
	)
	if code, ok := parseArgs(fs, args); !ok {
		return code
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "gen spec-update: "+format+"\n", a...)
		fmt.Fprintln(stderr, "gen spec-update: nothing was changed")
		return 1
	}

	old, err := pin.Read(*pinFile)
	if err != nil {
		return fail("%v", err)
	}
	oldPath := old.SpecPath(*pinFile)

	source := *specURL
	var data []byte
	if *from != "" {
		source = *from
		if data, err = os.ReadFile(*from); err != nil {
			return fail("read %s: %v", *from, err)
		}
	} else if data, err = fetch(*specURL, *timeout); err != nil {
		return fail("cannot fetch Dub's spec from %s (is the network reachable?): %v", *specURL, err)
	}
	if _, err := spec.Parse(source, data); err != nil {
		return fail("the new spec is not usable: %v", err)
	}
	sum := pin.SumBytes(data)
	if sum == old.SHA256 {
		fmt.Fprintf(stdout, "spec unchanged (sha256 %s); %s is up to date\n", sum[:12], *pinFile)
		return 0
	}

	// Everything below runs in memory until the writes at the end.
	tmp, err := os.CreateTemp("", "dub-openapi-*.json")
	if err != nil {
		return fail("%v", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fail("%v", err)
	}
	tmp.Close()

	opts := generator.Options{OverlayPath: *overlayArg, OutDir: *out}
	// The old surface is only compared, never written: its budgets are
	// moot. When it cannot be generated (a missing file, a spec the
	// generator of the day refuses) the update goes on without it.
	var oldTools []*surface.Tool
	var oldNote string
	opts.SpecPath, opts.ImportPath, opts.SkipBudgets = oldPath, "diff/only", true
	if before, err := generator.Generate(opts); err != nil {
		oldNote = fmt.Sprintf("the pinned spec %s cannot be generated (%v)", oldPath, firstLine(err))
		fmt.Fprintf(stderr, "gen spec-update: warning: %s; the report lists every tool as added\n", oldNote)
	} else {
		oldTools = before.Tools
	}
	opts.SpecPath, opts.ImportPath, opts.SkipBudgets = tmp.Name(), "", false
	after, err := generator.Generate(opts)
	if after != nil {
		after.Diagnostics.Print(stderr)
	}
	if err != nil {
		return fail("generate from the new spec: %v", err)
	}
	rep := surfacediff.Compare(oldTools, after.Tools)
	md := rep.UpdateMarkdown(filepath.Base(oldPath), source, surfacediff.Update{
		OldNote:  oldNote,
		Overruns: after.Overruns,
		Grown:    surfacediff.GrownTools(oldTools, after.Tools, budget.TopN),
		Drift:    after.Drift,
	})

	// Writes: spec copy, generated code, report, pin (last, so an
	// interrupted run is redone by the next one).
	if err := os.MkdirAll(filepath.Dir(*store), 0o755); err != nil {
		return fail("%v", err)
	}
	if err := os.WriteFile(*store, data, 0o644); err != nil {
		return fail("%v", err)
	}
	if err := after.Write(*out); err != nil {
		return fail("%v", err)
	}
	if err := os.WriteFile(*report, []byte(md), 0o644); err != nil {
		return fail("%v", err)
	}
	rel, err := filepath.Rel(filepath.Dir(*pinFile), *store)
	if err != nil {
		rel, _ = filepath.Abs(*store)
	}
	next := &pin.Pin{Path: filepath.ToSlash(rel), SHA256: sum, Source: source + " (fetched " + time.Now().UTC().Format("2006-01-02") + ")", Operations: len(after.API.Operations)}
	if err := pin.Write(*pinFile, next); err != nil {
		return fail("%v", err)
	}
	fmt.Fprintf(stdout, "updated %s to %s (%d operations); %d breaking changes; report in %s\n", *pinFile, sum[:12], len(after.API.Operations), rep.Breaking(), *report)
	if len(after.Overruns) > 0 || len(after.Drift) > 0 {
		budget.WriteOverruns(stderr, "gen spec-update: ", after.Overruns)
		fmt.Fprintf(stdout, "%d budget overruns, %d overlay drift findings: `make test` fails until they are resolved; see %s\n",
			len(after.Overruns), len(after.Drift), *report)
	}
	return 0
}

// firstLine is the first line of err's message.
func firstLine(err error) string {
	msg, _, _ := strings.Cut(err.Error(), "\n")
	return msg
}

// fetch GETs the spec with a timeout and a size cap.
func fetch(url string, timeout time.Duration) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("HTTP %s", resp.Status)
	}
	return io.ReadAll(io.LimitReader(resp.Body, 64<<20))
}
