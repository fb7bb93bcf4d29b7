package dubmcp

import (
	"context"
	"net/http"
	"strings"

	"github.com/mark3labs/mcp-go/server"

	dub "github.com/dubgen/dubgen/generator/emitclient/runtime"
)

// HTTPContextFunc is a [server.HTTPContextFunc] for the streamable HTTP
// transport (see [server.WithHTTPContextFunc]). It takes the Dub API key
// from the request's "Authorization: Bearer <key>" header and stores it with
// [dub.ContextWithAPIKey], so that one server serves many users. Without a
// well-formed bearer header the context is returned unchanged: the client's
// own key, if any, applies, and otherwise calls fail with [dub.ErrNoAPIKey].
func HTTPContextFunc(ctx context.Context, r *http.Request) context.Context {
	if r == nil {
		return ctx
	}
	scheme, key, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	key = strings.TrimSpace(key)
	if !ok || !strings.EqualFold(scheme, "Bearer") || key == "" {
		return ctx
	}
	return dub.ContextWithAPIKey(ctx, key)
}

var _ server.HTTPContextFunc = HTTPContextFunc
