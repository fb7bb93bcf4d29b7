package emitmcp

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/dubgen/dubgen/generator/surface"
)

// SnapshotDir is the directory, inside the MCP package, that holds one
// JSON file per tool: exactly what agents see of it, pretty-printed with
// sorted keys, so that `git diff` after a regeneration shows every change
// to the tool surface on its own.
const SnapshotDir = "toolsnaps"

// Snapshot is the reviewable form of one tool.
type Snapshot struct {
	Name        string   `json:"name"`
	Title       string   `json:"title,omitempty"`
	OperationID string   `json:"operationId"`
	Method      string   `json:"method"`
	Route       string   `json:"route"`
	Toolset     string   `json:"toolset"`
	Aliases     []string `json:"aliases,omitempty"`
	// Annotations are the hints as listed (see surface.Annotations.Listed).
	Annotations  surface.Hints   `json:"annotations"`
	Description  string          `json:"description"`
	InputSchema  *surface.Schema `json:"inputSchema"`
	OutputSchema *surface.Schema `json:"outputSchema,omitempty"`
	// CompactInputSchema is listed instead of InputSchema while every
	// tool in Needs is served too (see surface.Tool.Compact).
	CompactInputSchema *surface.Schema `json:"compactInputSchema,omitempty"`
	Needs              []string        `json:"needs,omitempty"`
}

// Snapshots renders every tool's snapshot, by file name under SnapshotDir.
func Snapshots(tools []*surface.Tool) (map[string][]byte, error) {
	out := map[string][]byte{}
	for _, t := range tools {
		s := Snapshot{
			Name: t.Name, Title: t.Title, OperationID: t.Op.ID, Method: t.Op.Method, Route: t.Op.Path,
			Toolset: t.Toolset, Aliases: t.Aliases, Annotations: t.Annotations.Listed(), Description: t.Description,
			InputSchema: t.Input, OutputSchema: t.Output, CompactInputSchema: t.Compact, Needs: t.Needs,
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			return nil, fmt.Errorf("snapshot of %s: %w", t.Name, err)
		}
		out[SnapshotDir+"/"+t.Name+".json"] = buf.Bytes()
	}
	return out, nil
}
