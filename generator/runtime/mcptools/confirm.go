package mcptools

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// ConfirmFallback says what a destructive call does when confirmation is
// on but the client cannot ask its user (it declares no elicitation
// support).
type ConfirmFallback int

const (
	// ConfirmRefuse refuses the call with an isError result that tells the
	// agent to get the user's approval in the conversation first. The safe
	// choice, and the zero value.
	ConfirmRefuse ConfirmFallback = iota
	// ConfirmAllow runs the call unconfirmed, as if confirmation were off.
	ConfirmAllow
)

// WithConfirmDestructive asks the user before any tool annotated
// destructiveHint runs (deleting a domain deletes all its links).
// Declined or cancelled calls never reach Dub. Clients that cannot ask get
// the fallback policy.
//
// The question is a multi round-trip input request (protocol 2026-07-28):
// the tool answers input_required with an elicitation and a request state,
// and the client calls again with the user's answer. mcp-go turns it into
// a server-initiated elicitation/create for clients of earlier protocol
// versions. The request state binds the answer to the tool and its exact
// arguments (a SHA-256 over both, or an HMAC with [WithConfirmKey]) and
// expires after [ConfirmTTL]; nothing is kept on the server, so any
// replica can finish a confirmation that another one asked for, and an
// answer given for some arguments never runs the tool with others.
func WithConfirmDestructive(fallback ConfirmFallback) Option {
	return func(o *options) {
		if o.confirm == nil {
			o.confirm = &confirmPolicy{}
		}
		o.confirm.fallback = fallback
	}
}

// WithConfirmKey makes confirmation states HMACs under key instead of
// plain hashes, so that only servers holding key can have issued them.
// Give every replica the same key (or none): a state issued by one
// replica is then accepted by all. It has no effect without
// [WithConfirmDestructive].
func WithConfirmKey(key []byte) Option {
	return func(o *options) {
		if o.confirm == nil {
			o.confirm = &confirmPolicy{}
		}
		o.confirm.key = append([]byte(nil), key...)
	}
}

// ConfirmTTL is how long a confirmation request stays valid: an answer
// that comes back later is not used, and the user is asked again.
const ConfirmTTL = 10 * time.Minute

// confirmPolicy is what the confirmation options set.
type confirmPolicy struct {
	fallback ConfirmFallback
	key      []byte
	// now is the clock states are stamped with (nil: time.Now).
	now func() time.Time
}

func (p confirmPolicy) clock() time.Time {
	if p.now != nil {
		return p.now()
	}
	return time.Now()
}

func (t Tool) destructive() bool {
	h := t.Tool.Annotations.DestructiveHint
	return h != nil && *h
}

// confirmInput is the input request's id, which the client echoes back
// with the user's answer.
const confirmInput = "confirm_destructive"

// confirmationSchema is the form shown to the user.
var confirmationSchema = map[string]any{
	"type": "object",
	"properties": map[string]any{
		"confirm": map[string]any{"type": "boolean", "title": "Run it", "description": "Run this operation, which deletes or overwrites data in Dub"},
	},
	"required": []string{"confirm"},
}

// maxArgsShown bounds the arguments quoted in the question.
const maxArgsShown = 500

// confirm asks the user to approve a destructive call. It returns nil when
// the call may go ahead, else the result to return instead: an
// input_required result asking the question, or an isError result saying
// why the call was not run.
func confirm(ctx context.Context, _ *server.MCPServer, t Tool, req mcp.CallToolRequest, p confirmPolicy) *mcp.CallToolResult {
	name := t.Tool.Name
	args := canonicalArgs(req.GetArguments())
	now := p.clock()
	if answer := server.ElicitationResponse(req.Params.InputResponses, confirmInput); answer != nil && p.validState(req.Params.RequestState, name, args, now) {
		switch {
		case answer.Action == mcp.ElicitationResponseActionAccept && accepted(answer.Content):
			return nil
		case answer.Action == mcp.ElicitationResponseActionCancel:
			return mcp.NewToolResultError(name + " was not run: the user dismissed the confirmation without approving it. Do not call it again unless the user asks you to.")
		default:
			return mcp.NewToolResultError(name + " was not run: the user declined it. Do not call it again unless the user asks you to.")
		}
	}
	// No answer, or one given for other arguments or too long ago: ask.
	if !canElicit(ctx) {
		if p.fallback == ConfirmAllow {
			return nil
		}
		return mcp.NewToolResultError(fmt.Sprintf("%s was not run: it deletes or overwrites data in Dub, and this server runs it only after the user approves it in a confirmation prompt, which this client cannot show. "+
			"Ask the user to confirm in the conversation, then tell them it has to be run from a client that shows confirmation prompts, or by an operator who allows unconfirmed calls: calling it again here is refused the same way.", name))
	}
	shown := string(args)
	if len(shown) > maxArgsShown {
		shown = shown[:maxArgsShown] + "…"
	}
	title := t.Tool.Title
	if title == "" {
		title = name
	}
	return server.NewInputRequestBuilder(p.state(name, args, now)).
		Elicit(confirmInput, mcp.ElicitationParams{
			Mode:            mcp.ElicitationModeForm,
			Message:         fmt.Sprintf("An agent wants to run %s (%s), which deletes or overwrites data in Dub and cannot be undone, with %s. Run it?", name, title, shown),
			RequestedSchema: confirmationSchema,
		}).
		ToolResult()
}

// accepted reports whether the form says confirm: true.
func accepted(content any) bool {
	m, ok := content.(map[string]any)
	return ok && m["confirm"] == true
}

// canElicit reports whether the client of this request can ask its user:
// it declared elicitation support, on this request (protocol 2026-07-28)
// or when its session began (earlier versions).
func canElicit(ctx context.Context) bool {
	if info := server.RequestProtocolInfoFromContext(ctx); info != nil && info.Modern {
		return info.ClientCapabilities != nil && info.ClientCapabilities.Elicitation != nil
	}
	s, ok := server.ClientSessionFromContext(ctx).(server.SessionWithClientInfo)
	if !ok {
		return false
	}
	_, canAsk := s.(server.SessionWithElicitation)
	return canAsk && s.GetClientCapabilities().Elicitation != nil
}

// canonicalArgs is args as JSON with sorted keys (encoding/json sorts map
// keys at every level), the form states are computed over.
func canonicalArgs(args map[string]any) []byte {
	if args == nil {
		args = map[string]any{}
	}
	b, err := json.Marshal(args)
	if err != nil {
		// Arguments decoded from JSON always encode; this is a guard.
		return []byte(fmt.Sprintf("%#v", args))
	}
	return b
}

// stateVersion prefixes states, so that their format can change.
const stateVersion = "c1"

// state is the request state for a confirmation of tool with args issued
// at now: "c1.<unix seconds>.<base64url MAC>".
func (p confirmPolicy) state(tool string, args []byte, now time.Time) string {
	issued := strconv.FormatInt(now.Unix(), 10)
	return stateVersion + "." + issued + "." + base64.RawURLEncoding.EncodeToString(p.mac(tool, args, issued))
}

// validState reports whether state was issued for tool and args within
// ConfirmTTL of now.
func (p confirmPolicy) validState(state, tool string, args []byte, now time.Time) bool {
	parts := strings.Split(state, ".")
	if len(parts) != 3 || parts[0] != stateVersion {
		return false
	}
	issued, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil {
		return false
	}
	age := now.Sub(time.Unix(issued, 0))
	if age > ConfirmTTL || age < -time.Minute {
		return false
	}
	got, err := base64.RawURLEncoding.DecodeString(parts[2])
	return err == nil && hmac.Equal(got, p.mac(tool, args, parts[1]))
}

// mac binds tool, args and the issue time: HMAC-SHA256 under the key, or
// SHA-256 without one.
func (p confirmPolicy) mac(tool string, args []byte, issued string) []byte {
	h := sha256.New()
	if len(p.key) > 0 {
		h = hmac.New(sha256.New, p.key)
	}
	for _, part := range [][]byte{[]byte(stateVersion), []byte(tool), args, []byte(issued)} {
		h.Write([]byte(strconv.Itoa(len(part)) + ":"))
		h.Write(part)
	}
	return h.Sum(nil)
}
