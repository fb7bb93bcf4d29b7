// Package generator ties dubgen together: it loads a spec (and, later, an
// overlay), builds the intermediate model and runs the emitters, returning
// every output file in memory so callers can write it, diff it or measure it.
package generator

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/dubgen/dubgen/generator/budget"
	"github.com/dubgen/dubgen/generator/diag"
	"github.com/dubgen/dubgen/generator/emitclient"
	"github.com/dubgen/dubgen/generator/emitmcp"
	"github.com/dubgen/dubgen/generator/model"
	"github.com/dubgen/dubgen/generator/overlay"
	"github.com/dubgen/dubgen/generator/render"
	"github.com/dubgen/dubgen/generator/spec"
	"github.com/dubgen/dubgen/generator/surface"
)

// Options configure one generation.
type Options struct {
	// SpecPath is the OpenAPI document to read.
	SpecPath string
	// OverlayPath is the YAML overlay to apply ("" for none).
	OverlayPath string
	// Strict marks overlay drift (entries or parameters the spec no longer
	// has) as errors in Diagnostics. It never stops generation: the files
	// are produced either way, and the caller decides (see Result.Failed).
	Strict bool
	// OutDir is the directory that receives the client and MCP packages.
	OutDir string
	// ClientPkg and MCPPkg name the two packages (default "dub" and "dubmcp");
	// each is written to OutDir/<name>.
	ClientPkg, MCPPkg string
	// ImportPath is the Go import path of OutDir. Empty means: derive it
	// from the nearest go.mod above OutDir.
	ImportPath string
	// SkipBudgets does not measure the surface against the overlay's size
	// budgets (for callers that only look at coverage, such as `gen check`).
	SkipBudgets bool
}

// Result is everything one generation produced.
type Result struct {
	API *model.API
	// Files maps paths relative to OutDir to their contents.
	Files map[string][]byte
	// Diagnostics are the warnings found on the way.
	Diagnostics diag.List
	// SpecSHA256 is the hex digest of the spec file.
	SpecSHA256 string
	// Tools is the tool surface, sorted by name.
	Tools []*surface.Tool
	// Coverage says which operations the overlay describes (nil without one).
	Coverage *surface.Coverage
	// Drift are the overlay's entries, parameters and references the spec
	// no longer has (also in Diagnostics; errors there under Strict).
	Drift diag.List
	// Surface is the measured tool surface (nil when the overlay has no
	// budgets or SkipBudgets is set).
	Surface *budget.Surface
	// Overruns are the overlay budgets the surface exceeds. They never stop
	// generation; `--check`, `surface-report` and `make test` fail on them.
	Overruns []budget.Violation
}

// Failed reports whether a strict generation must exit non-zero: with
// strict, on drift or a budget overrun.
func (r *Result) Failed(strict bool) bool {
	return strict && (len(r.Drift) > 0 || len(r.Overruns) > 0)
}

// Generate runs the whole pipeline in memory. It fails only on what cannot
// be generated; budget overruns and overlay drift are reported in the
// Result (Overruns, Drift) with every file still produced.
func Generate(opts Options) (*Result, error) {
	if opts.SpecPath == "" {
		return nil, errors.New("no spec given (--spec)")
	}
	if opts.ClientPkg == "" {
		opts.ClientPkg = "dub"
	}
	if opts.MCPPkg == "" {
		opts.MCPPkg = "dubmcp"
	}
	data, err := os.ReadFile(opts.SpecPath)
	if err != nil {
		return nil, fmt.Errorf("read spec: %w", err)
	}
	sum := sha256.Sum256(data)
	api, ds, err := spec.LoadData(opts.SpecPath, data)
	res := &Result{API: api, Diagnostics: ds, SpecSHA256: hex.EncodeToString(sum[:]), Files: map[string][]byte{}}
	if err != nil {
		return res, err
	}
	var ov *overlay.File
	if opts.OverlayPath != "" {
		if ov, err = overlay.Load(opts.OverlayPath); err != nil {
			return res, err
		}
	}
	// Drift is always collected as warnings so that it never blocks
	// generation; Strict turns it into errors in the report only.
	tools, cov, ods, err := surface.BuildWithOverlay(api, ov, false)
	if err != nil {
		res.Diagnostics = append(res.Diagnostics, ods...)
		return res, fmt.Errorf("tool surface: %w", err)
	}
	for _, d := range ods {
		res.Drift = append(res.Drift, d)
		if opts.Strict {
			d.Severity = diag.Error
		}
		res.Diagnostics = append(res.Diagnostics, d)
	}
	res.Diagnostics = append(res.Diagnostics, cov.Spec...) // spec defects, not drift
	res.Tools = tools
	if ov != nil {
		res.Coverage = cov
	}
	importPath := opts.ImportPath
	if importPath == "" {
		if importPath, err = ImportPathOf(opts.OutDir); err != nil {
			return res, err
		}
	}
	// The client, the MCP package and the budget figures depend only on
	// the model and the surface: they are produced concurrently.
	var (
		wg                 sync.WaitGroup
		client             map[string][]byte
		clientErr, sizeErr error
	)
	wg.Go(func() { client, clientErr = emitclient.Emit(surface.CorrectedAPI(api, ov), opts.ClientPkg) })
	if ov != nil && ov.Budgets != nil && !opts.SkipBudgets {
		wg.Go(func() {
			if res.Surface, sizeErr = budget.Measure(tools); sizeErr == nil {
				res.Overruns = budget.Check(res.Surface, ov)
			}
		})
	}
	var defaults []string
	if ov != nil {
		defaults = ov.DefaultToolsets
	}
	mcp, err := emitmcp.EmitTools(tools, emitmcp.Config{
		Package:         opts.MCPPkg,
		ClientImport:    importPath + "/" + opts.ClientPkg,
		ClientPackage:   opts.ClientPkg,
		SpecName:        filepath.Base(opts.SpecPath),
		SpecSHA256:      res.SpecSHA256,
		DefaultToolsets: defaults,
	})
	wg.Wait()
	switch {
	case sizeErr != nil:
		return res, fmt.Errorf("tool surface: %w", sizeErr)
	case clientErr != nil:
		return res, fmt.Errorf("emit client: %w", clientErr)
	case err != nil:
		return res, fmt.Errorf("emit MCP tools: %w", err)
	}
	for name, b := range client {
		res.Files[filepath.Join(opts.ClientPkg, name)] = b
	}
	for name, b := range mcp {
		res.Files[filepath.Join(opts.MCPPkg, name)] = b
	}
	return res, nil
}

// Write writes the files under dir and removes generated files left over
// from an earlier run (see Stale).
func (r *Result) Write(dir string) error {
	for name, b := range r.Files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return fmt.Errorf("write output: %w", err)
		}
		if old, err := os.ReadFile(p); err == nil && bytes.Equal(old, b) {
			continue
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			return fmt.Errorf("write output: %w", err)
		}
	}
	for _, rel := range r.Stale(dir) {
		if err := os.Remove(filepath.Join(dir, rel)); err != nil {
			return fmt.Errorf("clean output: %w", err)
		}
	}
	return nil
}

// Stale lists, relative to dir, the files an earlier generation left that
// this one did not produce: Go files with the generated-code header in the
// output's directories, and every file in a tool-snapshot directory.
func (r *Result) Stale(dir string) []string {
	dirs := map[string]bool{}
	for name := range r.Files {
		dirs[filepath.Dir(name)] = true
	}
	var stale []string
	for d := range dirs {
		entries, err := os.ReadDir(filepath.Join(dir, d))
		if err != nil {
			continue
		}
		for _, e := range entries {
			rel := filepath.Join(d, e.Name())
			if _, ours := r.Files[rel]; ours || e.IsDir() {
				continue
			}
			if filepath.Base(d) == emitmcp.SnapshotDir || generatedGo(filepath.Join(dir, rel)) {
				stale = append(stale, rel)
			}
		}
	}
	sort.Strings(stale)
	return stale
}

func generatedGo(path string) bool {
	if !strings.HasSuffix(path, ".go") {
		return false
	}
	b, err := os.ReadFile(path)
	return err == nil && bytes.HasPrefix(b, []byte(render.Header))
}

// Names returns the output file names, sorted.
func (r *Result) Names() []string {
	names := make([]string, 0, len(r.Files))
	for n := range r.Files {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// ImportPathOf derives the Go import path of dir from the nearest go.mod.
func ImportPathOf(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("import path of %s: %w", dir, err)
	}
	for d := abs; ; d = filepath.Dir(d) {
		data, err := os.ReadFile(filepath.Join(d, "go.mod"))
		if err == nil {
			mod := modulePath(data)
			if mod == "" {
				return "", fmt.Errorf("import path of %s: %s/go.mod has no module line", dir, d)
			}
			rel, _ := filepath.Rel(d, abs)
			if rel == "." {
				return mod, nil
			}
			return mod + "/" + filepath.ToSlash(rel), nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("import path of %s: no go.mod found above it; pass --import-path", dir)
		}
	}
}

func modulePath(gomod []byte) string {
	for _, line := range strings.Split(string(gomod), "\n") {
		line = strings.TrimSpace(line)
		if rest, ok := strings.CutPrefix(line, "module "); ok {
			return strings.Trim(strings.TrimSpace(rest), `"`)
		}
	}
	return ""
}
