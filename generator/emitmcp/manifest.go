package emitmcp

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/dubgen/dubgen/generator/surface"
)

// ManifestFile is the manifest's file name inside the MCP package.
const ManifestFile = "manifest.json"

// manifest is the reviewable record of the tool surface: what agents see,
// tool by tool, sorted by name.
type manifest struct {
	Spec  manifestSpec   `json:"spec"`
	Count int            `json:"toolCount"`
	Tools []manifestTool `json:"tools"`
}

type manifestSpec struct {
	File   string `json:"file"`
	SHA256 string `json:"sha256"`
}

type manifestTool struct {
	Name        string   `json:"name"`
	OperationID string   `json:"operationId"`
	Method      string   `json:"method"`
	Route       string   `json:"route"`
	Toolset     string   `json:"toolset"`
	Aliases     []string `json:"aliases,omitempty"`
	// Bulk marks tools that act on many items at once (see Bulk).
	Bulk              bool                `json:"bulk,omitempty"`
	Annotations       surface.Annotations `json:"annotations"`
	InputSchemaBytes  int                 `json:"inputSchemaBytes"`
	InputSchemaSHA256 string              `json:"inputSchemaSha256"`
	// CompactInputSchemaBytes is the size of the input schema listed
	// while the tools in Needs are served too.
	CompactInputSchemaBytes int      `json:"compactInputSchemaBytes,omitempty"`
	Needs                   []string `json:"needs,omitempty"`
	OutputSchemaBytes       int      `json:"outputSchemaBytes,omitempty"`
	// ResponseCorrected says why the overlay replaced the spec's response
	// schema (its response.why), so the correction shows in review.
	ResponseCorrected string `json:"responseCorrected,omitempty"`
	DescriptionBytes  int    `json:"descriptionBytes"`
}

// Manifest renders the manifest as indented JSON with a final newline.
func Manifest(tools []*surface.Tool, cfg Config) ([]byte, error) {
	m := manifest{Spec: manifestSpec{File: cfg.SpecName, SHA256: cfg.SpecSHA256}, Count: len(tools)}
	for _, t := range tools {
		in, err := surface.Marshal(t.Input)
		if err != nil {
			return nil, fmt.Errorf("manifest: tool %s: %w", t.Name, err)
		}
		sum := sha256.Sum256(in)
		mt := manifestTool{
			Name: t.Name, OperationID: t.Op.ID, Method: t.Op.Method, Route: t.Op.Path,
			Toolset: t.Toolset, Aliases: t.Aliases, Bulk: Bulk(t),
			Annotations: t.Annotations, InputSchemaBytes: len(in), InputSchemaSHA256: hex.EncodeToString(sum[:]),
			DescriptionBytes: len(t.Description), ResponseCorrected: t.ResponseFix,
		}
		if t.Compact != nil {
			c, err := surface.Marshal(t.Compact)
			if err != nil {
				return nil, fmt.Errorf("manifest: tool %s: %w", t.Name, err)
			}
			mt.CompactInputSchemaBytes, mt.Needs = len(c), t.Needs
		}
		if t.Output != nil {
			out, err := surface.Marshal(t.Output)
			if err != nil {
				return nil, fmt.Errorf("manifest: tool %s: %w", t.Name, err)
			}
			mt.OutputSchemaBytes = len(out)
		}
		m.Tools = append(m.Tools, mt)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil {
		return nil, fmt.Errorf("manifest: %w", err)
	}
	return buf.Bytes(), nil
}
