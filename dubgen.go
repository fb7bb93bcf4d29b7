// Package dubgen generates, from Dub's OpenAPI spec and dubgen's YAML
// overlays, a typed Go client for the Dub API (generated/dub), one mcp-go
// tool per API operation (generated/dubmcp), and a reviewable manifest of
// the tool surface (generated/dubmcp/manifest.json).
//
// This root package holds no code; it carries the go:generate directive
// that regenerates generated/ from the spec named in specs/dub.pin.json.
// Run "make generate" (or "go generate ./...") to regenerate and "make test"
// to check everything. See README.md for the command line, the spec pin and
// the example MCP server.
package dubgen

//go:generate go run ./cmd/gen generate --pin specs/dub.pin.json --overlay overlays/dub.yaml --strict --out generated
