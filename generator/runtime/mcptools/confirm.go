package mcptools

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// ConfirmFallback says what a destructive call does when confirmation is
// on but the client cannot ask its user (no MCP elicitation support).
type ConfirmFallback int

const (
	// ConfirmRefuse refuses the call with an isError result that tells the
	// agent to get the user's approval in the conversation first. The safe
	// choice, and the zero value.
	ConfirmRefuse ConfirmFallback = iota
	// ConfirmAllow runs the call unconfirmed, as if confirmation were off.
	ConfirmAllow
)

// WithConfirmDestructive asks the user, through MCP elicitation, before any
// tool annotated destructiveHint runs (deleting a domain deletes all its
// links). Declined or cancelled calls never reach Dub. Clients without
// elicitation get the fallback policy.
func WithConfirmDestructive(fallback ConfirmFallback) Option {
	return func(o *options) { o.confirm = &fallback }
}

func (t Tool) destructive() bool {
	h := t.Tool.Annotations.DestructiveHint
	return h != nil && *h
}

// confirmationSchema is the form shown to the user.
var confirmationSchema = map[string]any{
	"type": "object",
	"properties": map[string]any{
		"confirm": map[string]any{"type": "boolean", "description": "Run this destructive operation"},
	},
	"required": []string{"confirm"},
}

// confirm asks the user to approve a destructive call. It returns nil when
// the call may go ahead, else the result to return instead.
func confirm(ctx context.Context, s *server.MCPServer, t Tool, req mcp.CallToolRequest, fallback ConfirmFallback) *mcp.CallToolResult {
	args, _ := json.Marshal(req.GetArguments())
	res, err := s.RequestElicitation(ctx, mcp.ElicitationRequest{Params: mcp.ElicitationParams{
		Message:         fmt.Sprintf("%s is destructive (%s). Run it with %s?", t.Tool.Name, t.Tool.Title, args),
		RequestedSchema: confirmationSchema,
	}})
	if err != nil {
		if fallback == ConfirmAllow {
			return nil
		}
		return mcp.NewToolResultError(fmt.Sprintf(
			"%s was not run: this server confirms destructive tools with the user, and this client cannot ask (%v). Ask the user in the conversation; the operator can allow unconfirmed calls.", t.Tool.Name, err))
	}
	if res.Action == mcp.ElicitationResponseActionAccept {
		if content, ok := res.Content.(map[string]any); ok && content["confirm"] == true {
			return nil
		}
	}
	return mcp.NewToolResultError(fmt.Sprintf("%s was not run: the user did not confirm it (%s).", t.Tool.Name, res.Action))
}
