// Package httpguard hardens an MCP streamable HTTP endpoint: a bound on
// request bodies and on how slowly they may arrive ([LimitBody]), an Origin
// allow-list against browsers' cross-site requests ([CheckOrigin]), a 401
// challenge for requests without a Dub API key ([RequireKey]), the
// Mcp-Dub-Token header of Dub's hosted MCP server ([NormalizeKey]), and
// server timeouts ([ConfigureServer]). [Wrap] applies them all.
package httpguard

import (
	"bytes"
	"encoding/json"
	"net/http"
	"time"
)

// Defaults of [Config].
const (
	// DefaultMaxBodyBytes bounds a request body: 4 MiB, room for a bulk
	// call of 100 links with long URLs; MCP messages are far smaller.
	DefaultMaxBodyBytes = 4 << 20
	// DefaultBodyTimeout bounds how long reading one request body may
	// take, so that a client sending a byte a minute cannot hold a
	// connection and a goroutine forever.
	DefaultBodyTimeout = 30 * time.Second
	// DefaultRealm is the realm of the 401 challenge.
	DefaultRealm = "dub"
)

// Config configures [Wrap]. The zero value is usable: bodies up to
// [DefaultMaxBodyBytes] read within [DefaultBodyTimeout], only requests
// without an Origin header, and no key required.
type Config struct {
	// MaxBodyBytes bounds request bodies (0: DefaultMaxBodyBytes;
	// negative: no bound).
	MaxBodyBytes int64
	// BodyTimeout bounds the reading of one body (0: DefaultBodyTimeout;
	// negative: none).
	BodyTimeout time.Duration
	// AllowedOrigins lists the browser origins allowed to call, such as
	// "https://app.example.com"; "*" allows any. Requests without an
	// Origin header (non-browser clients) are always allowed.
	AllowedOrigins []string
	// AllowLoopbackOrigins also allows http(s)://localhost,
	// 127.0.0.1 and [::1] on any port: right for a server bound to a
	// loopback address, where only local pages can reach it anyway.
	AllowLoopbackOrigins bool
	// RequireKey answers requests without a Dub API key with 401 and a
	// challenge. Leave it off when the server has a key of its own to
	// fall back to.
	RequireKey bool
	// Realm is the challenge's realm (empty: DefaultRealm).
	Realm string
}

// Wrap returns h behind every guard of cfg, in this order: the Origin
// check (403), Mcp-Dub-Token normalisation, the key check (401), then the
// body bound (413, 408). A request is thus refused before its body is
// read whenever its headers suffice.
func Wrap(h http.Handler, cfg Config) http.Handler {
	if cfg.MaxBodyBytes == 0 {
		cfg.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if cfg.BodyTimeout == 0 {
		cfg.BodyTimeout = DefaultBodyTimeout
	}
	h = LimitBody(h, cfg.MaxBodyBytes, cfg.BodyTimeout)
	if cfg.RequireKey {
		h = RequireKey(h, cfg.Realm)
	}
	h = NormalizeKey(h)
	return CheckOrigin(h, cfg.AllowedOrigins, cfg.AllowLoopbackOrigins)
}

// writeError answers with status and a JSON-RPC error object whose
// message a person can act on (MCP clients show the body of a failed
// HTTP request).
func writeError(w http.ResponseWriter, status, code int, message string) {
	type rpcError struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	}
	var body bytes.Buffer
	enc := json.NewEncoder(&body)
	enc.SetEscapeHTML(false) // keep "<Dub API key>" readable
	_ = enc.Encode(struct {
		JSONRPC string   `json:"jsonrpc"`
		ID      any      `json:"id"`
		Error   rpcError `json:"error"`
	}{"2.0", nil, rpcError{code, message}})
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = w.Write(body.Bytes())
}

// JSON-RPC error codes of the refusals (the implementation-defined server
// error range).
const (
	codeForbidden    = -32001
	codeUnauthorized = -32002
	codeTooLarge     = -32003
	codeBadBody      = -32004
)
