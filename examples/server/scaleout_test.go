package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// balancer is a tiny reverse proxy in front of replicas. Without affinity
// it sends each request to the next replica in turn. With affinity it
// learns, from each response's Mcp-Session-Id header, which replica issued
// a session, and sends every later request carrying that id there (what
// HAProxy's stick tables, NGINX Plus's "sticky learn" or Envoy's stateful
// sessions do); requests without an id still go round-robin.
type balancer struct {
	replicas []*url.URL
	affinity bool

	mu      sync.Mutex
	next    int
	owner   map[string]int // session id -> replica
	served  []int          // requests per replica
	bySess  map[string]map[int]bool
	proxies []*httputil.ReverseProxy
}

func newBalancer(t *testing.T, affinity bool, endpoints ...string) (*balancer, string) {
	t.Helper()
	b := &balancer{affinity: affinity, owner: map[string]int{}, bySess: map[string]map[int]bool{}, served: make([]int, len(endpoints))}
	for i, e := range endpoints {
		u, err := url.Parse(e)
		if err != nil {
			t.Fatal(err)
		}
		b.replicas = append(b.replicas, u)
		b.proxies = append(b.proxies, &httputil.ReverseProxy{
			Rewrite: func(pr *httputil.ProxyRequest) { pr.SetURL(&url.URL{Scheme: u.Scheme, Host: u.Host}) },
			ModifyResponse: func(resp *http.Response) error {
				if id := resp.Header.Get(server.HeaderKeySessionID); id != "" && b.affinity {
					b.mu.Lock()
					if _, known := b.owner[id]; !known {
						b.owner[id] = i
					}
					b.mu.Unlock()
				}
				return nil
			},
			FlushInterval: -1, // stream SSE at once
		})
	}
	lb := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(server.HeaderKeySessionID)
		b.mu.Lock()
		i, sticky := b.owner[id]
		if !sticky || id == "" {
			i = b.next
			b.next = (b.next + 1) % len(b.replicas)
		}
		b.served[i]++
		if id != "" {
			if b.bySess[id] == nil {
				b.bySess[id] = map[int]bool{}
			}
			b.bySess[id][i] = true
		}
		b.mu.Unlock()
		b.proxies[i].ServeHTTP(w, r)
	}))
	t.Cleanup(lb.Close)
	return b, lb.URL + endpointPath
}

// acceptAll answers every confirmation with the user's approval.
type acceptAll struct{}

func (acceptAll) Elicit(context.Context, mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
	return &mcp.ElicitationResult{ElicitationResponse: mcp.ElicitationResponse{Action: mcp.ElicitationResponseActionAccept, Content: map[string]any{"confirm": true}}}, nil
}

// TestScaleOut runs two replicas of the example server (confirming
// destructive tools, nothing shared between them) behind the balancer
// and drives them with mcp-go's client in both protocol eras: plain calls
// work through round-robin (the default session id manager validates ids
// by format only, and 2026-07-28 is stateless); a 2026-07-28 confirmation
// is asked by one replica and finished by the other (the request state
// carries everything); a 2025-11-25 confirmation is a server-to-client
// request on the session's stream, so it needs affinity, which keeps a
// session on the replica that initialized it.
func TestScaleOut(t *testing.T) {
	api := newStandIn(t, "key-alice")
	ctx := testContext(t)
	replicas := []string{
		startHTTP(t, config{httpAddr: "127.0.0.1:0", baseURL: api.URL, confirm: "refuse"}),
		startHTTP(t, config{httpAddr: "127.0.0.1:0", baseURL: api.URL, confirm: "refuse"}),
	}
	for _, tc := range []struct {
		name     string
		version  string // "" = the client's default, the newest
		affinity bool
		// confirm: a confirmed delete_link must work.
		confirm bool
	}{
		{"2025-11-25 round-robin", mcp.ProtocolVersion20251125, false, false},
		{"2026-07-28 round-robin", "", false, true},
		{"2025-11-25 affinity", mcp.ProtocolVersion20251125, true, true},
		{"2026-07-28 affinity", "", true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, endpoint := newBalancer(t, tc.affinity, replicas...)
			c := connectWith(ctx, t, endpoint, map[string]string{"Authorization": "Bearer key-alice"}, tc.version, client.WithElicitationHandler(acceptAll{}))
			if v := c.ProtocolVersion(); tc.version != "" && v != tc.version || tc.version == "" && v != mcp.LATEST_PROTOCOL_VERSION {
				t.Fatalf("negotiated protocol %q", v)
			}
			list, err := c.ListTools(ctx, mcp.ListToolsRequest{})
			if err != nil || len(list.Tools) != wantTools {
				t.Fatalf("list tools: %v (%d tools)", err, len(list.Tools))
			}
			for i := range 4 {
				search := tc.name + "-" + string(rune('a'+i))
				res, err := callTool(ctx, c, "get_links", map[string]any{"search": search})
				if err != nil || res.IsError {
					t.Fatalf("call %d: %v %s", i, err, resultText(res))
				}
				if !strings.Contains(resultText(res), `"link_`+search+`"`) {
					t.Errorf("call %d: result is not this call's: %s", i, resultText(res))
				}
			}
			if tc.confirm {
				confirmAcrossReplicas(ctx, t, c, b, api, tc.name, !tc.affinity || tc.version == "")
			}
			b.mu.Lock()
			defer b.mu.Unlock()
			t.Logf("requests per replica: %v; sessions: %d", b.served, len(b.bySess))
			if !tc.affinity && (b.served[0] == 0 || b.served[1] == 0) {
				t.Errorf("round-robin did not use both replicas: %v", b.served)
			}
			if tc.affinity {
				for id, used := range b.bySess {
					if len(used) != 1 {
						t.Errorf("session %s was served by %d replicas, want 1", id, len(used))
					}
				}
			}
			if tc.version != "" && len(b.bySess) == 0 {
				t.Errorf("a 2025-11-25 client sent no Mcp-Session-Id")
			}
		})
	}
}

// confirmAcrossReplicas runs a confirmed delete_link through b and checks
// that Dub was reached exactly once; split says the call's two legs (the
// question and the answer) must have gone to different replicas.
func confirmAcrossReplicas(ctx context.Context, t *testing.T, c *client.Client, b *balancer, api *standIn, name string, split bool) {
	t.Helper()
	id := "confirm-" + strings.ReplaceAll(name, " ", "-")
	b.mu.Lock()
	before := slices.Clone(b.served)
	b.mu.Unlock()
	res, err := callTool(ctx, c, "delete_link", map[string]any{"linkId": id})
	if err != nil || res.IsError {
		t.Fatalf("confirmed delete_link: %v %s", err, resultText(res))
	}
	deletes := 0
	for _, r := range api.requests() {
		if r.Method == http.MethodDelete && r.Path == "/links/"+id {
			deletes++
		}
	}
	if deletes != 1 {
		t.Errorf("Dub reached %d times for the confirmed delete, want 1", deletes)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if split && (b.served[0] == before[0] || b.served[1] == before[1]) {
		t.Errorf("the confirmation's legs did not reach both replicas: %v -> %v", before, b.served)
	}
	t.Logf("confirmed delete: requests per replica %v -> %v", before, b.served)
}
