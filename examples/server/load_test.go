package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	dubtransport "github.com/dubgen/dubgen/generator/runtime/transport"
)

// The loopback load run: bounded in count and time, loopback only.
const (
	loadClients  = 16
	loadCalls    = 250 // per client
	loadDeadline = 60 * time.Second
)

// loadResult is one load run's figures.
type loadResult struct {
	calls    int
	elapsed  time.Duration
	p50, p99 time.Duration
}

func (r loadResult) rps() float64 { return float64(r.calls) / r.elapsed.Seconds() }

func (r loadResult) String() string {
	return fmt.Sprintf("%5d calls in %6.2fs = %7.0f req/s, p50 %6.2fms, p99 %6.2fms",
		r.calls, r.elapsed.Seconds(), r.rps(), float64(r.p50.Microseconds())/1e3, float64(r.p99.Microseconds())/1e3)
}

// runLoad runs call loadCalls times from each of loadClients goroutines
// (client i uses call(i)) and measures.
func runLoad(t *testing.T, call func(client int) error) loadResult {
	t.Helper()
	var mu sync.Mutex
	var lat []time.Duration
	var wg sync.WaitGroup
	start := time.Now()
	for c := range loadClients {
		wg.Go(func() {
			for range loadCalls {
				t0 := time.Now()
				if err := call(c); err != nil {
					t.Errorf("client %d: %v", c, err)
					return
				}
				d := time.Since(t0)
				mu.Lock()
				lat = append(lat, d)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	r := loadResult{calls: len(lat), elapsed: time.Since(start)}
	slices.Sort(lat)
	if len(lat) > 0 {
		r.p50, r.p99 = lat[len(lat)/2], lat[len(lat)*99/100]
	}
	return r
}

// loadCall is a stateless (2026-07-28) tools/call of get_links: each
// request carries its protocol metadata, so no session is needed.
const loadCall = `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_links","arguments":{"search":"load"},` +
	`"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientInfo":{"name":"dubgen-load","version":"0"},"io.modelcontextprotocol/clientCapabilities":{}}}}`

// postToolCall posts loadCall to endpoint and checks that the answer is
// a successful tool result.
func postToolCall(ctx context.Context, hc *http.Client, endpoint string) error {
	req, err := http.NewRequestWithContext(ctx, "POST", endpoint, strings.NewReader(loadCall))
	if err != nil {
		return err
	}
	for k, v := range map[string]string{
		"Content-Type": "application/json", "Accept": "application/json, text/event-stream",
		"Mcp-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/call", "Mcp-Name": "get_links",
		"Authorization": "Bearer key-load",
	} {
		req.Header.Set(k, v)
	}
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var msg struct {
		Result *mcp.CallToolResult `json:"result"`
		Error  json.RawMessage     `json:"error"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&msg); err != nil {
		return fmt.Errorf("status %d: %w", resp.StatusCode, err)
	}
	if resp.StatusCode != http.StatusOK || msg.Result == nil || msg.Result.IsError {
		return fmt.Errorf("status %d, error %s, result %+v", resp.StatusCode, msg.Error, msg.Result)
	}
	return nil
}

// TestLoadLoopback is the load run of `make bench` (set DUBGEN_LOAD=1):
// 16 concurrent clients post stateless tools/call requests for get_links
// (raw JSON-RPC over a pooled HTTP client, so that the figure is the
// server's, not an MCP client library's) to the example server's HTTP
// endpoint against a local fake Dub, with the server's upstream
// client unpooled (Go's default transport, as before issue 11) and
// pooled (the default now); the baseline is plain net/http from 16
// goroutines to the same fake. A third run gives the server the GC
// settings of examples/deploy. It reports requests/s, p50/p99 latency,
// the server's CPU time per call (steadier than requests/s on a shared
// machine), its peak RSS and the connections the fake accepted; it
// asserts only that every call succeeded.
func TestLoadLoopback(t *testing.T) {
	if os.Getenv("DUBGEN_LOAD") == "" {
		t.Skip("set DUBGEN_LOAD=1 (make bench) for the loopback load run")
	}
	links, _ := json.Marshal([]any{sampleLink("link_load")})
	api := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(links)
	}))
	var conns atomic.Int64 // connections the fake accepted
	api.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	api.Start()
	t.Cleanup(api.Close)
	bin := buildServer(t)
	ctx, cancel := context.WithTimeout(t.Context(), loadDeadline)
	defer cancel()

	pooled := &http.Client{Transport: dubtransport.NewPooled(loadClients)}
	baseline := runLoad(t, func(int) error {
		req, _ := http.NewRequestWithContext(ctx, "GET", api.URL+"/links", nil)
		req.Header.Set("Authorization", "Bearer key-load")
		resp, err := pooled.Do(req)
		if err != nil {
			return err
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		return resp.Body.Close()
	})
	t.Logf("load: plain net/http to the fake:          %s", baseline)

	for _, run := range []struct {
		name, conns string
		env         []string
	}{
		{"before (Go's default transport)", "0", nil},
		{"after (pooled upstream)", "64", nil},
		// As examples/deploy runs it: the GC trades a few MB for CPU.
		{"after, GOGC=400 GOMEMLIMIT=200MiB", "64", []string{"GOGC=400", "GOMEMLIMIT=200MiB"}},
	} {
		p := startProcess(ctx, t, bin, run.env, "--http", ":0", "--base-url", api.URL, "--upstream-conns", run.conns)
		conns.Store(0)
		cpu0 := cpuTime(p.cmd.Process.Pid)
		r := runLoad(t, func(int) error { return postToolCall(ctx, pooled, p.endpoint) })
		cpuPerCall := (cpuTime(p.cmd.Process.Pid) - cpu0) / time.Duration(max(r.calls, 1))
		t.Logf("load: MCP server, %-35s %s = %.3fx plain; server CPU %dµs per call, peak RSS %.1f MB; %d connections to the fake",
			run.name+":", r, r.rps()/baseline.rps(), cpuPerCall.Microseconds(), float64(peakRSS(p.cmd.Process.Pid))/mb, conns.Load())
		_ = p.cmd.Process.Kill()
	}
}
