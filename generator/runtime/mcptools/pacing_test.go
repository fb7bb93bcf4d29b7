package mcptools

import (
	"net/http/httptest"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/server"

	"github.com/dubgen/dubgen/generator/runtime/apiclient"
	"github.com/dubgen/dubgen/generator/runtime/internal/testclock"
)

// TestWithPacing checks that Register's pacing holds the tools' requests
// inside the limits, whatever HTTP client the Dub client has: with one
// request a minute, the second call waits a minute (on a fake clock).
func TestWithPacing(t *testing.T) {
	clock := testclock.New(time.Date(2026, 12, 1, 22, 0, 0, 0, time.UTC))
	api := &standIn{}
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	c := apiclient.NewClient(apiclient.WithBaseURL(srv.URL), apiclient.WithHTTPClient(srv.Client()), apiclient.WithAPIKey("k"), apiclient.WithClock(clock.Now, clock.Sleep))
	s := server.NewMCPServer("dub-test", "0.0.1")
	if err := Register(s, c, testCatalog, WithPacing(apiclient.Pacing{PerMinute: 1})); err != nil {
		t.Fatal(err)
	}
	cl, err := client.NewInProcessClient(s)
	if err != nil {
		t.Fatal(err)
	}
	initialize(t, cl)
	for range 2 {
		if res := callTool(t.Context(), t, cl, "get_link", map[string]any{"linkId": "ok"}); res.IsError {
			t.Fatalf("get_link: %v", res.Content)
		}
	}
	if slept := clock.Sleeps(); len(slept) != 1 || slept[0] != time.Minute || len(api.all()) != 2 {
		t.Errorf("waits %v for %d requests, want [1m0s] for 2", slept, len(api.all()))
	}
}
