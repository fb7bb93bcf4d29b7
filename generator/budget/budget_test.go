package budget

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/server"

	"github.com/dubgen/dubgen/generated/dub"
	"github.com/dubgen/dubgen/generated/dubmcp"
	"github.com/dubgen/dubgen/generator/model"
	"github.com/dubgen/dubgen/generator/overlay"
	"github.com/dubgen/dubgen/generator/pin"
	"github.com/dubgen/dubgen/generator/spec"
	"github.com/dubgen/dubgen/generator/surface"
)

// wireBytes is the size of the tools/list result s sends, exactly as it
// goes over the wire (the same measurement as generator/toolcheck's).
func wireBytes(t *testing.T, s *server.MCPServer) int {
	t.Helper()
	ctx := context.Background()
	s.HandleMessage(ctx, []byte(`{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"size","version":"0"}}}`))
	b, err := json.Marshal(s.HandleMessage(ctx, []byte(`{"jsonrpc":"2.0","id":1,"method":"tools/list"}`)))
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

// pinnedSurface is the pinned spec's tool surface under the project's
// overlay, i.e. what generated/dubmcp was generated from.
func pinnedSurface(t *testing.T) ([]*surface.Tool, *overlay.File) {
	t.Helper()
	const pinFile = "../../specs/dub.pin.json"
	p, err := pin.Read(pinFile)
	if err != nil {
		t.Fatal(err)
	}
	api, _, err := spec.Load(p.SpecPath(pinFile))
	if err != nil {
		t.Fatal(err)
	}
	ov, err := overlay.Load("../../overlays/dub.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tools, _, _, err := surface.BuildWithOverlay(api, ov, true)
	if err != nil {
		t.Fatal(err)
	}
	return tools, ov
}

// TestMeasureMatchesTheGeneratedServer: the figures budgets are checked
// against are the bytes the generated server sends, for the whole list
// and for each toolset served alone.
func TestMeasureMatchesTheGeneratedServer(t *testing.T) {
	tools, ov := pinnedSurface(t)
	size, err := Measure(tools)
	if err != nil {
		t.Fatal(err)
	}
	// WithPageSize(0): the listed page-size defaults are then Dub's, as in
	// the surface; the default 25 lists one byte less per paged tool.
	all := server.NewMCPServer("size", "0")
	if err := dubmcp.Register(all, dub.NewClient(), dubmcp.WithPageSize(0)); err != nil {
		t.Fatal(err)
	}
	if live := wireBytes(t, all); size.Bytes != live {
		t.Errorf("Measure says %d bytes, the generated server lists %d", size.Bytes, live)
	}
	// The generated tools carry their self-contained schemas; a server
	// that adds them as they are (not through Register) lists those.
	self := server.NewMCPServer("size", "0")
	for _, tl := range dubmcp.Tools(dub.NewClient()) {
		self.AddTool(tl.Tool, tl.Handler)
	}
	if live := wireBytes(t, self); size.SelfContained != live || size.SelfContained <= size.Bytes {
		t.Errorf("Measure says %d self-contained bytes (%d listed), the tools as generated list %d", size.SelfContained, size.Bytes, live)
	}
	if len(size.Toolsets) != len(ov.Toolsets) {
		t.Errorf("%d toolsets measured, the overlay declares %d", len(size.Toolsets), len(ov.Toolsets))
	}
	for _, ts := range size.Toolsets {
		s := server.NewMCPServer("size", "0")
		if err := dubmcp.Register(s, dub.NewClient(), dubmcp.WithToolsets(ts.Name), dubmcp.WithPageSize(0)); err != nil {
			t.Fatal(err)
		}
		if live := wireBytes(t, s); ts.Bytes != live {
			t.Errorf("toolset %s: Measure says %d bytes, the generated server lists %d", ts.Name, ts.Bytes, live)
		}
	}
	// The list is its tools, comma-separated, in {"tools":[...]}.
	sum := len(`{"tools":[]}`) + len(size.Tools) - 1
	for _, tl := range size.Tools {
		sum += tl.Bytes
		if tl.Input+tl.Output+tl.Description >= tl.Bytes {
			t.Errorf("%s: parts %d+%d+%d exceed the definition's %d bytes", tl.Name, tl.Input, tl.Output, tl.Description, tl.Bytes)
		}
	}
	if sum != size.Bytes {
		t.Errorf("tools add up to %d bytes, the list is %d", sum, size.Bytes)
	}
	if vs := Check(size, ov); len(vs) > 0 {
		t.Errorf("the pinned surface exceeds the overlay's budgets (make generate would fail):\n%v", vs)
	}
	in, out, desc := size.Parts()
	t.Logf("tools/list: %d tools, %d bytes (~%d tokens): input schemas %d, output schemas %d, descriptions %d",
		len(size.Tools), size.Bytes, Tokens(size.Bytes), in, out, desc)
}

// tool builds a surface tool whose description is n bytes long.
func tool(name, toolset string, n int) *surface.Tool {
	return &surface.Tool{Name: name, Title: "T", Toolset: toolset, Description: strings.Repeat("x", n),
		Input: &surface.Schema{Type: "object", Properties: map[string]*surface.Schema{}}, Op: &model.Operation{ID: name}}
}

func TestMeasureParts(t *testing.T) {
	a := tool("a", "one", 10)
	a.Description = "a<b" // escaped on the wire as \u003c
	a.Output = &surface.Schema{Type: "object"}
	size, err := Measure([]*surface.Tool{a, tool("b", "two", 0)})
	if err != nil {
		t.Fatal(err)
	}
	got := size.Tools[0]
	if got.Name != "a" || got.Description != len(`a\u003cb`) || got.Output != len(`{"type":"object"}`) || got.Input != len(`{"properties":{},"type":"object"}`) {
		t.Errorf("parts of a: %+v", got)
	}
	if size.Toolset("one").Tools != 1 || size.Toolset("two").Bytes == 0 || size.Toolset("none").Bytes != 0 {
		t.Errorf("toolsets: %+v", size.Toolsets)
	}
	empty, err := Measure(nil)
	if err != nil || empty.Bytes != len(`{"tools":[]}`) {
		t.Errorf("empty surface: %+v, %v", empty, err)
	}
}

func TestCheck(t *testing.T) {
	var tools []*surface.Tool
	for i, name := range []string{"a", "b", "c", "d", "e", "f", "g"} {
		toolset := "small"
		if i < 3 {
			toolset = "big"
		}
		tools = append(tools, tool(name, toolset, 100*(i+1)))
	}
	size, err := Measure(tools)
	if err != nil {
		t.Fatal(err)
	}
	f, err := overlay.Parse("o.yaml", []byte(`version: 1
toolsets: {big: Big., small: Small., idle: Idle.}
budgets:
  total: 1000
  perTool: 650
  toolsets: {big: 100000, small: 10, idle: 10}
`))
	if err != nil {
		t.Fatal(err)
	}
	vs := Check(size, f)
	if len(vs) != 3 {
		t.Fatalf("want total, perTool and toolsets.small exceeded, got %d: %v", len(vs), vs)
	}
	total, perTool, small := vs[0], vs[1], vs[2]
	if total.Budget != "total" || total.Where != "o.yaml:4:3" || total.Bytes != size.Bytes || len(total.Largest) != TopN || total.Largest[0].Name != "g" {
		t.Errorf("total: %+v", total)
	}
	msg := total.String()
	for _, want := range []string{"o.yaml:4:3: budget total (1000 bytes) exceeded", "the full tools/list is", "g " + itoa(size.Largest(1, "")[0].Bytes), ", c "} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
	if strings.Contains(msg, ", b ") {
		t.Errorf("message names more than the %d largest tools: %s", TopN, msg)
	}
	// Tools over 650 bytes: e (500 bytes of text plus the rest) and up.
	if perTool.Budget != "perTool" || perTool.Largest[0].Name != "g" || perTool.Bytes != perTool.Largest[0].Bytes || perTool.Over != 3 {
		t.Errorf("perTool: %+v", perTool)
	}
	for _, tl := range perTool.Largest {
		if tl.Bytes <= 650 {
			t.Errorf("perTool names %s at %d bytes, under the budget", tl.Name, tl.Bytes)
		}
	}
	if small.Budget != "toolsets.small" || small.Where != "o.yaml:6:27" || small.Largest[0].Toolset != "small" ||
		!strings.Contains(small.String(), "tools/list of toolset small is") {
		t.Errorf("toolsets.small: %+v\n%s", small, small)
	}
	var report strings.Builder
	WriteOverruns(&report, "gen: ", vs)
	if got := report.String(); !strings.HasPrefix(got, "gen: o.yaml:4:3: budget total") || !strings.Contains(got, "gen: largest tools concerned: g ") ||
		!strings.HasSuffix(got, "gen: "+Remedy+"\n") {
		t.Errorf("overrun report:\n%s", got)
	}
	if vs := Check(size, nil); vs != nil {
		t.Errorf("no overlay, yet %v", vs)
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
