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
	// Strict turns overlay drift (entries or parameters the spec no longer
	// has) from warnings into errors.
	Strict bool
	// OutDir is the directory that receives the client and MCP packages.
	OutDir string
	// ClientPkg and MCPPkg name the two packages (default "dub" and "dubmcp");
	// each is written to OutDir/<name>.
	ClientPkg, MCPPkg string
	// ImportPath is the Go import path of OutDir. Empty means: derive it
	// from the nearest go.mod above OutDir.
	ImportPath string
	// SkipBudgets does not check the overlay's size budgets (for callers
	// that only look at coverage, such as `gen check`).
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
}

// Generate runs the whole pipeline in memory. It fails when the tool
// surface exceeds a budget of the overlay (see generator/budget).
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
	tools, cov, ods, err := surface.BuildWithOverlay(api, ov, opts.Strict)
	res.Diagnostics = append(res.Diagnostics, ods...)
	if err != nil {
		return res, fmt.Errorf("tool surface: %w", err)
	}
	res.Tools = tools
	if ov != nil {
		res.Coverage = cov
	}
	if ov != nil && ov.Budgets != nil && !opts.SkipBudgets {
		size, err := budget.Measure(tools)
		if err != nil {
			return res, fmt.Errorf("tool surface: %w", err)
		}
		if vs := budget.Check(size, ov); len(vs) > 0 {
			return res, &budget.Error{Violations: vs}
		}
	}
	importPath := opts.ImportPath
	if importPath == "" {
		if importPath, err = ImportPathOf(opts.OutDir); err != nil {
			return res, err
		}
	}
	client, err := emitclient.Emit(api, opts.ClientPkg)
	if err != nil {
		return res, fmt.Errorf("emit client: %w", err)
	}
	for name, b := range client {
		res.Files[filepath.Join(opts.ClientPkg, name)] = b
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
	if err != nil {
		return res, fmt.Errorf("emit MCP tools: %w", err)
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
