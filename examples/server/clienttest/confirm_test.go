package clienttest

import (
	"slices"
	"strings"
	"testing"

	"github.com/dubgen/dubgen/generator/fakedub"
)

// confirmTool is the destructive tool the confirmation tests call.
const confirmTool = "delete_tag"

// TestConfirmDestructive drives the official TypeScript clients against
// the example server with --confirm-destructive refuse: v2 pinned to
// 2026-07-28 (the tool answers input_required and the SDK's driver calls
// the elicitation handler, then calls again) and v1 on 2025-11-25
// (mcp-go sends elicitation/create), over stdio and HTTP. The user's
// answer decides: accept reaches the fake Dub exactly once, decline and
// cancel never; a client without elicitation gets the refusal, and Dub
// is not reached. Listing and reads work alongside.
func TestConfirmDestructive(t *testing.T) {
	requireNode(t)
	tools := loadTools(t)
	i := slices.IndexFunc(tools, func(ti toolInfo) bool { return ti.Name == confirmTool })
	if i < 0 {
		t.Fatalf("no tool %s", confirmTool)
	}
	tool := tools[i]
	for _, c := range []client{{"ts-v2/stdio", "v2", "stdio"}, {"ts-v2/http", "v2", "http"}, {"ts-v1/stdio", "v1", "stdio"}, {"ts-v1/http", "v1", "http"}} {
		for _, tc := range []struct {
			elicit       string
			wantRequests int
			wantText     string
		}{
			{"accept", 1, ""},
			{"decline", 0, "the user declined it"},
			{"cancel", 0, "dismissed the confirmation"},
			{"", 0, "Ask the user to confirm in the conversation"},
		} {
			name := tc.elicit
			if name == "" {
				name = "no-elicitation"
			}
			t.Run(c.Name+"/"+name, func(t *testing.T) {
				t.Parallel()
				id := c.Name + "/" + name
				w := newWorld(t, tools, []testCase{{ID: id, Route: tool.pattern()}, {ID: "read", Route: "GET /tags", Reply: fakedub.JSON(200, []any{map[string]any{"id": "tag_1", "name": "news", "color": "blue"}})}})
				p := plan{SDK: c.SDK, Transport: c.Transport, Protocol: protocolFor[c.SDK], Arm: w.control.URL, Elicit: tc.elicit,
					Calls: []planCall{{ID: id, Tool: confirmTool, Arguments: map[string]any{"id": "tag_1"}}, {ID: "read", Tool: "get_tags", Arguments: map[string]any{}}}}
				args := []string{"--confirm-destructive", "refuse"}
				if c.Transport == "stdio" {
					p.Command, p.Args, p.Env = serverBin, append([]string{"--base-url", w.fake.URL}, args...), map[string]string{"DUB_API_KEY": testKey}
				} else {
					p.URL, p.Key = startHTTPServer(t, w.fake.URL, args...), testKey
				}
				out := runDriver(t, p)
				if out.Fatal != nil {
					t.Fatalf("client failed: %s\n%s", out.Fatal.Message, out.Stderr)
				}
				if out.ProtocolVersion != "" && out.ProtocolVersion != protocolFor[c.SDK] || len(out.Tools) != wantTools {
					t.Errorf("protocol %q, %d tools; want %s, %d", out.ProtocolVersion, len(out.Tools), protocolFor[c.SDK], wantTools)
				}
				counts := w.requestsPerCase()
				if len(out.Results) != 2 {
					t.Fatalf("results %+v", out.Results)
				}
				o, read := out.Results[0], out.Results[1]
				if o.Error != nil {
					t.Fatalf("the call threw %v: %s", o.Error.Code, o.Error.Message)
				}
				if counts[id] != tc.wantRequests || o.Result.IsError == (tc.wantRequests == 1) {
					t.Errorf("Dub reached %d times, isError %v (%.300s); want %d", counts[id], o.Result.IsError, o.Result.Text, tc.wantRequests)
				}
				if tc.wantText != "" && !strings.Contains(o.Result.Text, tc.wantText) {
					t.Errorf("text %q lacks %q", o.Result.Text, tc.wantText)
				}
				if wantAsked := min(len(tc.elicit), 1); out.Elicitations != wantAsked {
					t.Errorf("the user was asked %d times, want %d", out.Elicitations, wantAsked)
				}
				if read.Error != nil || read.Result.IsError || counts["read"] != 1 {
					t.Errorf("a read alongside: %+v %+v, %d requests", read.Error, read.Result, counts["read"])
				}
				t.Logf("%s: Dub reached %d times, asked %d times: %.200s", id, counts[id], out.Elicitations, o.Result.Text)
			})
		}
	}
}
