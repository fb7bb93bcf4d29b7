package toolcheck

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/dubgen/dubgen/generated/dub"
	"github.com/dubgen/dubgen/generated/dubmcp"
	"github.com/dubgen/dubgen/generator/budget"
	"github.com/dubgen/dubgen/generator/surface"
)

// wireBytes is the size of the tools/list result s sends, exactly as it
// goes over the wire.
func wireBytes(t *testing.T, s *server.MCPServer) int {
	t.Helper()
	ctx := context.Background()
	s.HandleMessage(ctx, []byte(`{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"size","version":"0"}}}`))
	msg := s.HandleMessage(ctx, []byte(`{"jsonrpc":"2.0","id":1,"method":"tools/list"}`))
	b, err := json.Marshal(msg)
	if err != nil {
		t.Fatal(err)
	}
	var resp struct {
		Result json.RawMessage `json:"result"`
	}
	if err := json.Unmarshal(b, &resp); err != nil || len(resp.Result) == 0 {
		t.Fatalf("tools/list: %s", b)
	}
	return len(resp.Result)
}

// serverOf registers definitions only (no handlers are called), each
// listed with the input schema it gets alongside the others.
func serverOf(t *testing.T, tools []*surface.Tool) *server.MCPServer {
	t.Helper()
	s := server.NewMCPServer("size", "0")
	served := func(name string) bool {
		return slices.ContainsFunc(tools, func(o *surface.Tool) bool { return o.Name == name })
	}
	for _, st := range tools {
		in, err := surface.Marshal(st.Listed(served))
		if err != nil {
			t.Fatal(err)
		}
		tool := mcp.Tool{Name: st.Name, Title: st.Title, Description: st.Description, RawInputSchema: in,
			Annotations: budget.Annotation(st.Annotations)}
		if st.Output != nil {
			if tool.RawOutputSchema, err = surface.Marshal(st.Output); err != nil {
				t.Fatal(err)
			}
		}
		s.AddTool(tool, func(context.Context, mcp.CallToolRequest) (*mcp.CallToolResult, error) { return nil, nil })
	}
	return s
}

// TestSurfaceSize reports the tools/list size with and without the
// overlay, and checks that the surface model predicts the generated
// server's list byte for byte (registered with WithPageSize(0), so that
// the page-size defaults listed are Dub's, as in the model; the default
// 25 lists one byte less per paged tool).
func TestSurfaceSize(t *testing.T) {
	h := setup(t)
	generated := server.NewMCPServer("size", "0")
	if err := dubmcp.Register(generated, dub.NewClient(), dubmcp.WithPageSize(0)); err != nil {
		t.Fatal(err)
	}
	live := wireBytes(t, generated)
	if predicted := wireBytes(t, serverOf(t, h.tools)); predicted != live {
		t.Errorf("surface model predicts %d bytes, the generated server lists %d", predicted, live)
	}
	bare, err := surface.Build(h.api)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("tools/list for %d tools: %d bytes from the spec alone, %d bytes with the overlay (~%d tokens)",
		len(h.tools), wireBytes(t, serverOf(t, bare)), live, live/4)
}
