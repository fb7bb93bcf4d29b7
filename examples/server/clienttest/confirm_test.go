package clienttest

import (
	"cmp"
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
// is not reached. Listing and reads work alongside. One client process
// makes all the calls that declare elicitation (each with its own
// answer), another the one that does not.
func TestConfirmDestructive(t *testing.T) {
	requireNode(t)
	tools := loadTools(t)
	i := slices.IndexFunc(tools, func(ti toolInfo) bool { return ti.Name == confirmTool })
	if i < 0 {
		t.Fatalf("no tool %s", confirmTool)
	}
	tool := tools[i]
	// Each client runs twice: declaring elicitation, with one call per
	// answer of the user's, and declaring none.
	type confirmCase struct {
		elicit       string
		wantRequests int
		wantText     string
	}
	runs := []struct {
		name   string
		elicit string
		cases  []confirmCase
	}{
		// accept comes last: a server that remembered the answer would
		// then still be caught by decline and cancel.
		{"elicitation", "decline", []confirmCase{
			{"decline", 0, "the user declined it"},
			{"cancel", 0, "dismissed the confirmation"},
			{"accept", 1, ""},
		}},
		{"no-elicitation", "", []confirmCase{{"", 0, "Ask the user to confirm in the conversation"}}},
	}
	for _, c := range []client{{"ts-v2/stdio", "v2", "stdio"}, {"ts-v2/http", "v2", "http"}, {"ts-v1/stdio", "v1", "stdio"}, {"ts-v1/http", "v1", "http"}} {
		for _, run := range runs {
			t.Run(c.Name+"/"+run.name, func(t *testing.T) {
				t.Parallel()
				read := fakedub.JSON(200, []any{map[string]any{"id": "tag_1", "name": "news", "color": "blue"}})
				cases := []testCase{{ID: "read", Route: "GET /tags", Reply: read}}
				p := plan{SDK: c.SDK, Transport: c.Transport, Protocol: protocolFor[c.SDK], Elicit: run.elicit}
				for _, tc := range run.cases {
					id := c.Name + "/" + cmp.Or(tc.elicit, "no-elicitation")
					cases = append(cases, testCase{ID: id, Route: tool.pattern()})
					p.Calls = append(p.Calls, planCall{ID: id, Tool: confirmTool, Elicit: tc.elicit, Arguments: map[string]any{"id": "tag_1"}})
				}
				p.Calls = append(p.Calls, planCall{ID: "read", Tool: "get_tags", Arguments: map[string]any{}})
				w := newWorld(t, tools, cases)
				p.Arm = w.control.URL
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
				counts, strays := w.requestsPerCase()
				for _, s := range strays {
					t.Errorf("a request on no armed case's route: %s", s)
				}
				if len(out.Results) != len(p.Calls) {
					t.Fatalf("results %+v", out.Results)
				}
				for i, tc := range run.cases {
					o, id := out.Results[i], p.Calls[i].ID
					if o.Error != nil {
						t.Errorf("%s: the call threw %v: %s", id, o.Error.Code, o.Error.Message)
						continue
					}
					if counts[id] != tc.wantRequests || o.Result.IsError == (tc.wantRequests == 1) {
						t.Errorf("%s: Dub reached %d times, isError %v (%.300s); want %d", id, counts[id], o.Result.IsError, o.Result.Text, tc.wantRequests)
					}
					if tc.wantText != "" && !strings.Contains(o.Result.Text, tc.wantText) {
						t.Errorf("%s: text %q lacks %q", id, o.Result.Text, tc.wantText)
					}
					if wantAsked := min(len(tc.elicit), 1); o.Elicitations != wantAsked {
						t.Errorf("%s: the user was asked %d times, want %d", id, o.Elicitations, wantAsked)
					}
					t.Logf("%s: Dub reached %d times, asked %d times: %.200s", id, counts[id], o.Elicitations, o.Result.Text)
				}
				if read := out.Results[len(out.Results)-1]; read.Error != nil || read.Result.IsError || counts["read"] != 1 {
					t.Errorf("a read alongside: %+v %+v, %d requests", read.Error, read.Result, counts["read"])
				}
			})
		}
	}
}
