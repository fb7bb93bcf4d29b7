package mcptools

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// elicitor answers every confirmation with its action (and confirm: true).
type elicitor struct{ action mcp.ElicitationResponseAction }

func (e elicitor) Elicit(context.Context, mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
	return &mcp.ElicitationResult{ElicitationResponse: mcp.ElicitationResponse{Action: e.action, Content: map[string]any{"confirm": true}}}, nil
}

// newHTTPMCPClient serves the tools over streamable HTTP and connects an
// mcp-go client speaking protocol to it.
func newHTTPMCPClient(t *testing.T, api *standIn, protocol string, copts []client.ClientOption, opts ...Option) *client.Client {
	t.Helper()
	s := server.NewMCPServer("dub-test", "0.0.1", server.WithElicitation())
	if err := Register(s, newAPIClient(t, api, "k"), testCatalog, opts...); err != nil {
		t.Fatalf("Register: %v", err)
	}
	srv := httptest.NewServer(server.NewStreamableHTTPServer(s))
	t.Cleanup(srv.Close)
	tr, err := transport.NewStreamableHTTP(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	cl := client.NewClient(tr, append([]client.ClientOption{client.WithProtocolVersion(protocol)}, copts...)...)
	t.Cleanup(func() { _ = cl.Close() })
	if err := cl.Start(t.Context()); err != nil {
		t.Fatalf("Start: %v", err)
	}
	var init mcp.InitializeRequest
	init.Params.ProtocolVersion = protocol
	init.Params.ClientInfo = mcp.Implementation{Name: "confirm-test", Version: "0.0.1"}
	res, err := cl.Initialize(t.Context(), init)
	if err != nil {
		t.Fatalf("Initialize: %v", err)
	}
	if res.ProtocolVersion != protocol {
		t.Fatalf("negotiated %s, want %s", res.ProtocolVersion, protocol)
	}
	return cl
}

// TestConfirmDestructive: through a real mcp-go client over HTTP, on both
// protocol eras (multi round-trip on 2026-07-28, mcp-go's bridge to
// elicitation/create on 2025-11-25), the user decides; a declined or
// cancelled call never reaches the API; a client that cannot ask gets
// the fallback; other tools are not held up.
func TestConfirmDestructive(t *testing.T) {
	tests := []struct {
		name     string
		copts    []client.ClientOption
		fallback ConfirmFallback
		runs     bool
		want     string
	}{
		{"user accepts", []client.ClientOption{client.WithElicitationHandler(elicitor{mcp.ElicitationResponseActionAccept})}, ConfirmRefuse, true, ""},
		{"user declines", []client.ClientOption{client.WithElicitationHandler(elicitor{mcp.ElicitationResponseActionDecline})}, ConfirmRefuse, false, "the user declined it"},
		{"user cancels", []client.ClientOption{client.WithElicitationHandler(elicitor{mcp.ElicitationResponseActionCancel})}, ConfirmAllow, false, "dismissed the confirmation"},
		{"no elicitation, refuse", nil, ConfirmRefuse, false, "Ask the user to confirm in the conversation"},
		{"no elicitation, allow", nil, ConfirmAllow, true, ""},
	}
	for _, protocol := range []string{mcp.ProtocolVersion20260728, mcp.ProtocolVersion20251125} {
		for _, tt := range tests {
			t.Run(protocol+"/"+tt.name, func(t *testing.T) {
				api := &standIn{}
				cl := newHTTPMCPClient(t, api, protocol, tt.copts, WithConfirmDestructive(tt.fallback))
				res := callTool(t.Context(), t, cl, "delete_link", map[string]any{"linkId": "ok"})
				if runs := len(api.all()); runs != map[bool]int{true: 1, false: 0}[tt.runs] || res.IsError == tt.runs {
					t.Fatalf("API reached %d times, isError=%v: %v", runs, res.IsError, res.Content)
				}
				text := resultText(t, res)
				if tt.want != "" && !strings.Contains(text, tt.want) {
					t.Errorf("message %q lacks %q", text, tt.want)
				}
				for _, leak := range []string{"elicitation", "protocol", "session", "capabilit"} {
					if strings.Contains(strings.ToLower(text), leak) {
						t.Errorf("message %q speaks of %q", text, leak)
					}
				}
				if r := callTool(t.Context(), t, cl, "update_tag", map[string]any{"id": "t1"}); r.IsError {
					t.Errorf("a non-destructive tool was held up: %v", r.Content)
				}
			})
		}
	}
}

// TestConfirmStateBinds checks the request state: it holds for the tool
// and arguments it was issued for, within ConfirmTTL, and for nothing
// else; with a key, only states made with that key hold.
func TestConfirmStateBinds(t *testing.T) {
	now := time.Date(2026, 12, 1, 22, 0, 0, 0, time.UTC)
	args := canonicalArgs(map[string]any{"linkId": "a", "opts": map[string]any{"z": 1, "a": []any{true}}})
	same := canonicalArgs(map[string]any{"opts": map[string]any{"a": []any{true}, "z": 1}, "linkId": "a"})
	other := canonicalArgs(map[string]any{"linkId": "b", "opts": map[string]any{"z": 1, "a": []any{true}}})
	plain, keyed := confirmPolicy{}, confirmPolicy{key: []byte("replica secret")}
	state := plain.state("delete_link", args, now)
	for _, tc := range []struct {
		name   string
		p      confirmPolicy
		state  string
		tool   string
		args   []byte
		at     time.Time
		wantOK bool
	}{
		{"same call", plain, state, "delete_link", same, now.Add(time.Minute), true},
		{"other arguments", plain, state, "delete_link", other, now, false},
		{"other tool", plain, state, "delete_tag", args, now, false},
		{"expired", plain, state, "delete_link", args, now.Add(ConfirmTTL + time.Second), false},
		{"from the future", plain, plain.state("delete_link", args, now.Add(time.Hour)), "delete_link", args, now, false},
		{"garbage", plain, "c1.x.y", "delete_link", args, now, false},
		{"empty", plain, "", "delete_link", args, now, false},
		{"keyed", keyed, keyed.state("delete_link", args, now), "delete_link", args, now, true},
		{"unkeyed state on a keyed server", keyed, state, "delete_link", args, now, false},
		{"other key", confirmPolicy{key: []byte("other")}, keyed.state("delete_link", args, now), "delete_link", args, now, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.p.validState(tc.state, tc.tool, tc.args, tc.at); got != tc.wantOK {
				t.Errorf("validState = %v, want %v", got, tc.wantOK)
			}
		})
	}
}

// TestConfirmAnswerForOtherArguments checks that an accepted answer sent
// with a state issued for other arguments does not run the tool: the
// user is asked again.
func TestConfirmAnswerForOtherArguments(t *testing.T) {
	s := server.NewMCPServer("dub-test", "0.0.1")
	api := &standIn{}
	if err := Register(s, newAPIClient(t, api, "k"), testCatalog, WithConfirmDestructive(ConfirmRefuse)); err != nil {
		t.Fatal(err)
	}
	tool := s.GetTool("delete_link")
	if tool == nil {
		t.Fatal("delete_link not registered")
	}
	p := confirmPolicy{}
	var req mcp.CallToolRequest
	req.Params.Name = "delete_link"
	req.Params.Arguments = map[string]any{"linkId": "ok"}
	req.Params.RequestState = p.state("delete_link", canonicalArgs(map[string]any{"linkId": "harmless"}), time.Now())
	req.Params.InputResponses = mcp.InputResponses{confirmInput: mcp.NewElicitationInputResponse(mcp.ElicitationResult{
		ElicitationResponse: mcp.ElicitationResponse{Action: mcp.ElicitationResponseActionAccept, Content: map[string]any{"confirm": true}}})}
	ctx := server.WithRequestProtocolInfo(t.Context(), &server.RequestProtocolInfo{Modern: true, ProtocolVersion: mcp.ProtocolVersion20260728,
		ClientCapabilities: &mcp.ClientCapabilities{Elicitation: &mcp.ElicitationCapability{}}})
	res, err := tool.Handler(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if len(api.all()) != 0 || !res.NeedsInput() {
		t.Errorf("API reached %d times; result %+v; want a new question and no call", len(api.all()), res)
	}
	req.Params.RequestState = res.RequestState
	if res, err = tool.Handler(ctx, req); err != nil || res.IsError || len(api.all()) != 1 {
		t.Errorf("with the state issued for these arguments: err %v, result %+v, %d calls; want one call", err, res, len(api.all()))
	}
}
