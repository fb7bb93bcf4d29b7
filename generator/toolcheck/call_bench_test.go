package toolcheck

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/server"

	"github.com/dubgen/dubgen/generated/dub"
	"github.com/dubgen/dubgen/generated/dubmcp"
)

// benchPage is a page of 25 links as Dub writes them (about 16 KB).
func benchPage() []byte {
	items := make([]string, 25)
	for i := range items {
		items[i] = fmt.Sprintf(`{"id":"link_%04d","domain":"dub.sh","key":"k%04d","url":"https://example.com/landing/%04d?utm_source=newsletter","shortLink":"https://dub.sh/k%04d","archived":false,"expiresAt":null,"password":null,"proxy":false,"title":null,"description":null,"image":null,"rewrite":false,"doIndex":false,"ios":null,"android":null,"geo":null,"publicStats":false,"tags":[{"id":"tag_1","name":"news","color":"blue"}],"folderId":null,"webhookIds":[],"comments":null,"clicks":%d,"leads":0,"sales":0,"saleAmount":0,"lastClicked":"2026-11-30T10:00:00.000Z","createdAt":"2026-11-01T10:00:00.000Z","updatedAt":"2026-11-01T10:00:00.000Z","userId":"user_1","workspaceId":"ws_1","qrCode":"https://api.dub.co/qr?url=https://dub.sh/k%04d"}`, i, i, i, i, i*7, i)
	}
	return []byte("[" + strings.Join(items, ",") + "]")
}

// BenchmarkToolCall is the server-side cost of one get_links call, in
// process: the JSON-RPC request handled by the MCP server (argument
// checks, page size, request to a loopback stand-in answering 25 links,
// result shaping) and the response marshalled as it would be sent.
func BenchmarkToolCall(b *testing.B) {
	page := benchPage()
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(page)
	}))
	defer api.Close()
	s := server.NewMCPServer("bench", "0")
	if err := dubmcp.Register(s, dub.NewClient(dub.WithAPIKey("bench_key"), dub.WithBaseURL(api.URL))); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	s.HandleMessage(ctx, []byte(`{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"bench","version":"0"}}}`))
	msg := []byte(`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_links","arguments":{"search":"landing"}}}`)
	check, err := json.Marshal(s.HandleMessage(ctx, msg))
	if err != nil || !strings.Contains(string(check), "link_0024") {
		b.Fatalf("unexpected answer (%v): %.300s", err, check)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := json.Marshal(s.HandleMessage(ctx, msg)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkToolCallHTTP is the server-side cost of the load run's call
// (examples/server TestLoadLoopback), in process: a stateless
// (2026-07-28) tools/call of get_links posted to the streamable HTTP
// transport with the caller's key, answered by a loopback stand-in with
// one link.
func BenchmarkToolCallHTTP(b *testing.B) {
	link := []byte(`[{"id":"link_load","domain":"dub.sh","key":"standin","url":"https://example.com/standin","shortLink":"https://dub.sh/standin","qrCode":"https://api.dub.co/qr?url=https://dub.sh/standin","archived":false,"clicks":3,"leads":1,"sales":0,"saleAmount":0,"conversions":0,"createdAt":"2026-08-01T00:00:00.000Z","updatedAt":"2026-08-01T00:00:00.000Z","projectId":"ws_standin","workspaceId":"ws_standin","tags":[],"webhookIds":[]}]`)
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(link)
	}))
	defer api.Close()
	s := server.NewMCPServer("bench", "0")
	if err := dubmcp.Register(s, dub.NewClient(dub.WithBaseURL(api.URL))); err != nil {
		b.Fatal(err)
	}
	h := server.NewStreamableHTTPServer(s, server.WithHTTPContextFunc(dubmcp.HTTPContextFunc))
	const call = `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_links","arguments":{"search":"load"},` +
		`"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientInfo":{"name":"bench","version":"0"},"io.modelcontextprotocol/clientCapabilities":{}}}}`
	post := func() *httptest.ResponseRecorder {
		req := httptest.NewRequest("POST", "/mcp", strings.NewReader(call))
		for k, v := range map[string]string{
			"Content-Type": "application/json", "Accept": "application/json, text/event-stream",
			"Mcp-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/call", "Mcp-Name": "get_links",
			"Authorization": "Bearer bench_key",
		} {
			req.Header.Set(k, v)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		return w
	}
	if w := post(); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "link_load") || strings.Contains(w.Body.String(), `"isError":true`) {
		b.Fatalf("unexpected answer (HTTP %d): %.300s", w.Code, w.Body.String())
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if w := post(); w.Code != http.StatusOK {
			b.Fatalf("HTTP %d", w.Code)
		}
	}
}
