package mcptools

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/server"

	"github.com/dubgen/dubgen/generator/runtime/apiclient"
)

func TestHTTPContextFunc(t *testing.T) {
	tests := []struct {
		name, header string
		wantKey      string // "" = context unchanged
	}{
		{"bearer", "Bearer dub_abc", "dub_abc"},
		{"scheme is case-insensitive", "bearer dub_abc", "dub_abc"},
		{"extra spaces", "Bearer   dub_abc ", "dub_abc"},
		{"missing", "", ""},
		{"basic", "Basic dXNlcjpwYXNz", ""},
		{"no key", "Bearer ", ""},
		{"no separator", "Bearerdub_abc", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/mcp", nil)
			if tt.header != "" {
				r.Header.Set("Authorization", tt.header)
			}
			base := apiclient.ContextWithAPIKey(context.Background(), "")
			ctx := HTTPContextFunc(base, r)
			if tt.wantKey == "" {
				if ctx != base {
					t.Errorf("context changed for %q", tt.header)
				}
				return
			}
			if key, ok := apiclient.APIKeyFromContext(ctx); !ok || key != tt.wantKey {
				t.Errorf("APIKeyFromContext = %q, %v; want %q", key, ok, tt.wantKey)
			}
		})
	}
	if ctx := context.Background(); HTTPContextFunc(ctx, nil) != ctx {
		t.Error("HTTPContextFunc(ctx, nil) changed the context")
	}
}

// TestHTTPContextFuncOverHTTP serves the tools over mcp-go's streamable
// HTTP transport and checks that each caller's bearer key reaches Dub.
func TestHTTPContextFuncOverHTTP(t *testing.T) {
	api := &standIn{}
	apiSrv := httptest.NewServer(api)
	t.Cleanup(apiSrv.Close)
	dc := apiclient.NewClient(apiclient.WithBaseURL(apiSrv.URL), apiclient.WithHTTPClient(apiSrv.Client()))
	s := server.NewMCPServer("dub-test", "0.0.1")
	if err := Register(s, dc, testCatalog); err != nil {
		t.Fatalf("Register: %v", err)
	}
	mcpSrv := httptest.NewServer(server.NewStreamableHTTPServer(s, server.WithHTTPContextFunc(HTTPContextFunc)))
	t.Cleanup(mcpSrv.Close)

	tests := []struct {
		name, auth, wantAPIAuth string
		wantError               bool
	}{
		{"bearer key", "Bearer user-key", "Bearer user-key", false},
		{"no key", "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			headers := map[string]string{}
			if tt.auth != "" {
				headers["Authorization"] = tt.auth
			}
			cl, err := client.NewStreamableHttpClient(mcpSrv.URL, transport.WithHTTPHeaders(headers))
			if err != nil {
				t.Fatalf("NewStreamableHttpClient: %v", err)
			}
			initialize(t, cl)
			before := api.lastAuth()
			res := callTool(t.Context(), t, cl, "get_link", map[string]any{"linkId": "ok"})
			if res.IsError != tt.wantError {
				t.Errorf("IsError = %v (%q), want %v", res.IsError, resultText(t, res), tt.wantError)
			}
			if tt.wantError {
				if text := resultText(t, res); !strings.Contains(text, "no API key") {
					t.Errorf("text = %q, want it to mention the missing key", text)
				}
				if api.lastAuth() != before {
					t.Error("the API was called without a key")
				}
			} else if got := api.lastAuth(); got != tt.wantAPIAuth {
				t.Errorf("Authorization at the API = %q, want %q", got, tt.wantAPIAuth)
			}
		})
	}
}
