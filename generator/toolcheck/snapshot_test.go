package toolcheck

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/server"

	"github.com/dubgen/dubgen/generated/dub"
	"github.com/dubgen/dubgen/generated/dubmcp"
)

const snapDir = "../../generated/dubmcp/toolsnaps"

// TestSnapshotsMatchLiveTools compares what the generated server lists
// with the committed per-tool snapshots: a missing, extra or stale
// snapshot fails. The server is registered with WithPageSize(0): the
// snapshots list Dub's own page-size defaults, which Register replaces by
// the page size it sends (TestListedPageSizeIsSent).
func TestSnapshotsMatchLiveTools(t *testing.T) {
	s := server.NewMCPServer("snap", "0")
	if err := dubmcp.Register(s, dub.NewClient(), dubmcp.WithPageSize(0)); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	s.HandleMessage(ctx, []byte(`{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"snap","version":"0"}}}`))
	raw, err := json.Marshal(s.HandleMessage(ctx, []byte(`{"jsonrpc":"2.0","id":1,"method":"tools/list"}`)))
	if err != nil {
		t.Fatal(err)
	}
	var resp struct {
		Result struct {
			Tools []map[string]any `json:"tools"`
		} `json:"result"`
	}
	if err := json.Unmarshal(raw, &resp); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, live := range resp.Result.Tools {
		name, _ := live["name"].(string)
		seen[name+".json"] = true
		b, err := os.ReadFile(filepath.Join(snapDir, name+".json"))
		if err != nil {
			t.Errorf("%s: no snapshot (run make generate): %v", name, err)
			continue
		}
		var snap map[string]any
		if err := json.Unmarshal(b, &snap); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if c, ok := snap["compactInputSchema"]; ok {
			// every tool is served, so every tool's compact schema is listed
			snap["inputSchema"] = c
		}
		for _, field := range []string{"name", "title", "description", "annotations", "inputSchema", "outputSchema"} {
			want, got := snap[field], live[field]
			if !reflect.DeepEqual(want, got) {
				t.Errorf("%s: %s differs from its snapshot (run make generate)", name, field)
			}
		}
	}
	files, _ := filepath.Glob(filepath.Join(snapDir, "*.json"))
	for _, f := range files {
		if !seen[filepath.Base(f)] {
			t.Errorf("snapshot %s has no live tool", strings.TrimSuffix(filepath.Base(f), ".json"))
		}
	}
	if len(files) != len(resp.Result.Tools) {
		t.Errorf("%d snapshots for %d tools", len(files), len(resp.Result.Tools))
	}
}
