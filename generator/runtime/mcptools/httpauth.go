package mcptools

import (
	"context"
	"net/http"
	"strings"

	"github.com/mark3labs/mcp-go/server"

	"github.com/dubgen/dubgen/generator/runtime/apiclient"
)

// HTTPContextFunc is a [server.HTTPContextFunc] for the streamable HTTP
// transport (see [server.WithHTTPContextFunc]). It takes the Dub API key
// from the request's "Authorization: Bearer <key>" header and stores it with
// [apiclient.ContextWithAPIKey], so that one server serves many users. Without a
// well-formed bearer header the key is not set: the client's own key, if
// any, applies, and otherwise calls fail with [apiclient.ErrNoAPIKey].
//
// It also reads the X-Dub-* narrowing headers (see [HeaderReadOnly] and the
// others) into a per-request [Selection], which can only narrow what the
// server serves.
func HTTPContextFunc(ctx context.Context, r *http.Request) context.Context {
	if r == nil {
		return ctx
	}
	if sel, ok := selectionFromHeaders(r.Header); ok {
		ctx = ContextWithSelection(ctx, sel)
	}
	scheme, key, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	key = strings.TrimSpace(key)
	if !ok || !strings.EqualFold(scheme, "Bearer") || key == "" {
		return ctx
	}
	return apiclient.ContextWithAPIKey(ctx, key)
}

var _ server.HTTPContextFunc = HTTPContextFunc
