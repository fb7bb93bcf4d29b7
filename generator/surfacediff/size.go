package surfacediff

import (
	"encoding/json"

	"github.com/dubgen/dubgen/generator/surface"
)

// definition is a tool as MCP's tools/list carries it.
type definition struct {
	Name         string              `json:"name"`
	Title        string              `json:"title,omitempty"`
	Description  string              `json:"description"`
	InputSchema  surface.Schema      `json:"inputSchema"`
	OutputSchema surface.Schema      `json:"outputSchema,omitempty"`
	Annotations  surface.Annotations `json:"annotations"`
}

// surfaceBytes sums the compact JSON sizes of the tools' definitions.
func surfaceBytes(tools []*surface.Tool) int {
	n := 0
	for _, t := range tools {
		b, err := json.Marshal(definition{t.Name, t.Title, t.Description, t.Input, t.Output, t.Annotations})
		if err != nil {
			// Schemas hold only JSON values; surface.BuildWithOverlay has
			// marshalled each one already to check portability.
			panic("surfacediff: marshal tool " + t.Name + ": " + err.Error())
		}
		n += len(b)
	}
	return n
}

// compareSize measures both surfaces; tokens are approximated as bytes/4.
func compareSize(oldTools, newTools []*surface.Tool) Size {
	s := Size{OldBytes: surfaceBytes(oldTools), NewBytes: surfaceBytes(newTools)}
	s.DeltaBytes = s.NewBytes - s.OldBytes
	s.OldTokens, s.NewTokens = s.OldBytes/4, s.NewBytes/4
	s.DeltaTokens = s.NewTokens - s.OldTokens
	return s
}
