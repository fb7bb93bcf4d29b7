package toolcheck

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/dubgen/dubgen/generated/dub"
	"github.com/dubgen/dubgen/generated/dubmcp"
	"github.com/dubgen/dubgen/generator/standin"
)

// httpServer serves the generated tools over streamable HTTP with per-request
// keys and narrowing headers, against a stand-in accepting keys.
func httpServer(t *testing.T, keys []string, opts ...dubmcp.Option) (string, *standin.Server) {
	t.Helper()
	api, doc, _ := loaded(t)
	st, err := standin.Start(api, doc, keys...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)
	s := server.NewMCPServer("dub-http", "0")
	// No key of its own: every caller brings theirs.
	if err := dubmcp.Register(s, dub.NewClient(dub.WithBaseURL(st.URL)), opts...); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(server.NewStreamableHTTPServer(s, server.WithHTTPContextFunc(dubmcp.HTTPContextFunc)))
	t.Cleanup(ts.Close)
	return ts.URL + "/mcp", st
}

func httpClient(t *testing.T, url string, headers map[string]string) *client.Client {
	t.Helper()
	c, err := client.NewStreamableHttpClient(url, transport.WithHTTPHeaders(headers))
	if err != nil {
		t.Fatal(err)
	}
	start(t, c, "http")
	return c
}

// TestKeysAreIsolated: many users call concurrently, each with its own
// key; every request reaches the stand-in with its caller's key only, and
// no key shows up in any result.
func TestKeysAreIsolated(t *testing.T) {
	const users, callsEach = 16, 4
	var keys []string
	for i := range users {
		keys = append(keys, fmt.Sprintf("dub_user%02d_secret", i))
	}
	url, st := httpServer(t, keys)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var leaks []string
	for i, key := range keys {
		c := httpClient(t, url, map[string]string{"Authorization": "Bearer " + key})
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range callsEach {
				req := mcp.CallToolRequest{}
				req.Params.Name = "get_link_info"
				req.Params.Arguments = map[string]any{"linkId": fmt.Sprintf("link_u%02d_%d", i, j)}
				res, err := c.CallTool(testContext(t), req)
				if err != nil || res.IsError {
					mu.Lock()
					leaks = append(leaks, fmt.Sprintf("user %d call %d failed: %v %v", i, j, err, res))
					mu.Unlock()
					continue
				}
				for _, k := range keys {
					if strings.Contains(text(res), k) {
						mu.Lock()
						leaks = append(leaks, fmt.Sprintf("result of user %d contains a key", i))
						mu.Unlock()
					}
				}
			}
		}()
	}
	wg.Wait()
	for _, l := range leaks {
		t.Error(l)
	}
	calls := st.Calls()
	if len(calls) != users*callsEach {
		t.Fatalf("stand-in saw %d calls, want %d", len(calls), users*callsEach)
	}
	for _, c := range calls {
		var user int
		if _, err := fmt.Sscanf(c.Query[strings.Index(c.Query, "link_u"):], "link_u%02d", &user); err != nil {
			t.Fatalf("query %q: %v", c.Query, err)
		}
		if c.APIKey != keys[user] {
			t.Errorf("user %d's request carried another key", user)
		}
	}
}

func TestMissingKeyIsAClearError(t *testing.T) {
	url, st := httpServer(t, []string{"k"})
	c := httpClient(t, url, nil)
	req := mcp.CallToolRequest{}
	req.Params.Name = "get_links"
	res, err := c.CallTool(testContext(t), req)
	if err != nil {
		t.Fatal(err)
	}
	if !res.IsError || !strings.Contains(text(res), "API key") {
		t.Fatalf("want an isError result about the missing API key, got %q", text(res))
	}
	if len(st.Calls()) != 0 {
		t.Error("a request without a key reached Dub")
	}
}

// TestHeadersNarrow: X-Dub-* headers narrow one client's tools, listing and
// calling, and cannot widen what the server serves.
func TestHeadersNarrow(t *testing.T) {
	url, _ := httpServer(t, []string{"k"}, dubmcp.WithToolsets("links", "analytics"))
	tests := []struct {
		name    string
		headers map[string]string
		check   func(tools []mcp.Tool) string
	}{
		{"read-only", map[string]string{dubmcp.HeaderReadOnly: "true"}, func(ts []mcp.Tool) string {
			for _, tool := range ts {
				if !*tool.Annotations.ReadOnlyHint {
					return tool.Name + " listed"
				}
			}
			return ""
		}},
		{"toolset", map[string]string{dubmcp.HeaderToolsets: "analytics"}, func(ts []mcp.Tool) string {
			if len(ts) != 2 {
				return fmt.Sprintf("%d tools", len(ts))
			}
			return ""
		}},
		{"cannot widen", map[string]string{dubmcp.HeaderToolsets: "commissions,analytics"}, func(ts []mcp.Tool) string {
			for _, tool := range ts {
				if strings.Contains(tool.Name, "commission") {
					return tool.Name + " listed"
				}
			}
			return ""
		}},
		{"exclude and no bulk", map[string]string{dubmcp.HeaderExcludeTools: "delete_link", dubmcp.HeaderNoBulk: "1"}, func(ts []mcp.Tool) string {
			for _, tool := range ts {
				if tool.Name == "delete_link" || strings.HasPrefix(tool.Name, "bulk_") {
					return tool.Name + " listed"
				}
			}
			return ""
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := httpClient(t, url, tt.headers)
			res, err := c.ListTools(testContext(t), mcp.ListToolsRequest{})
			if err != nil {
				t.Fatal(err)
			}
			if msg := tt.check(res.Tools); msg != "" {
				t.Error(msg)
			}
		})
	}
	c := httpClient(t, url, map[string]string{dubmcp.HeaderReadOnly: "true", "Authorization": "Bearer k"})
	req := mcp.CallToolRequest{}
	req.Params.Name = "delete_link"
	req.Params.Arguments = map[string]any{"linkId": "l"}
	if res, err := c.CallTool(testContext(t), req); err == nil && !res.IsError {
		t.Error("a read-only request called delete_link")
	}
}
