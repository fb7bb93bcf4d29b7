package surfacediff

import (
	"github.com/dubgen/dubgen/generator/budget"
	"github.com/dubgen/dubgen/generator/surface"
)

// surfaceBytes is the size of the tools/list result listing the tools, as
// generator/budget measures it (the figure budgets and `gen
// surface-report` use).
func surfaceBytes(tools []*surface.Tool) int {
	s, err := budget.Measure(tools)
	if err != nil {
		// Schemas hold only JSON values; surface.BuildWithOverlay has
		// marshalled each one already to check portability.
		panic("surfacediff: " + err.Error())
	}
	return s.Bytes
}

// compareSize measures both surfaces; tokens are approximated as bytes/4.
func compareSize(oldTools, newTools []*surface.Tool) Size {
	s := Size{OldBytes: surfaceBytes(oldTools), NewBytes: surfaceBytes(newTools)}
	s.DeltaBytes = s.NewBytes - s.OldBytes
	s.OldTokens, s.NewTokens = budget.Tokens(s.OldBytes), budget.Tokens(s.NewBytes)
	s.DeltaTokens = s.NewTokens - s.OldTokens
	return s
}
