package surfacediff

import (
	"fmt"

	"github.com/dubgen/dubgen/generator/diag"
	"github.com/dubgen/dubgen/generator/overlay"
	"github.com/dubgen/dubgen/generator/spec"
	"github.com/dubgen/dubgen/generator/surface"
)

// Load builds the tool surface of the spec at specPath with the overlay at
// overlayPath applied ("" for none). Overlay drift — entries or inputs the
// spec does not have — is expected when one overlay serves two spec
// versions, so it comes back as warnings, with the spec's own defects.
func Load(specPath, overlayPath string) ([]*surface.Tool, diag.List, error) {
	api, ds, err := spec.Load(specPath)
	if err != nil {
		return nil, ds, err
	}
	var ov *overlay.File
	if overlayPath != "" {
		if ov, err = overlay.Load(overlayPath); err != nil {
			return nil, ds, err
		}
	}
	tools, cov, ods, err := surface.BuildWithOverlay(api, ov, false)
	ds = append(ds, ods...)
	if err != nil {
		return nil, ds, fmt.Errorf("tool surface of %s: %w", specPath, err)
	}
	ds = append(ds, cov.Spec...)
	return tools, ds, nil
}
