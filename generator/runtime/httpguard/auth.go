package httpguard

import (
	"fmt"
	"net/http"
	"strings"
)

// HeaderDubToken is the header Dub's hosted MCP server takes the API key
// from; clients configured for it send it here too.
const HeaderDubToken = "Mcp-Dub-Token"

// keyHelp tells a person how to pass the key.
const keyHelp = `send your Dub API key in a header, either Authorization: Bearer <Dub API key> or ` + HeaderDubToken + `: <Dub API key> (create a key at https://app.dub.co/settings/tokens)`

// NormalizeKey returns h seeing a request's Mcp-Dub-Token header as
// "Authorization: Bearer <token>", so that handlers that read the bearer
// header (such as dubmcp.HTTPContextFunc) accept both. An Authorization
// header, if present, wins; Mcp-Dub-Token is removed either way.
func NormalizeKey(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token := strings.TrimSpace(r.Header.Get(HeaderDubToken))
		if token == "" {
			h.ServeHTTP(w, r)
			return
		}
		r = r.Clone(r.Context())
		r.Header.Del(HeaderDubToken)
		if r.Header.Get("Authorization") == "" {
			r.Header.Set("Authorization", "Bearer "+token)
		}
		h.ServeHTTP(w, r)
	})
}

// RequireKey returns h behind a key check: a request without a well-formed
// "Authorization: Bearer <key>" header is answered 401 with a
// "WWW-Authenticate: Bearer" challenge and a body saying how to send the
// key. (RFC 6750 suggests no error code when credentials are missing
// altogether; the challenge carries error="invalid_request" and a
// description anyway, because clients show them to the person who has to
// fix the configuration.) CORS preflights (OPTIONS) pass. Put
// [NormalizeKey] in front to accept Mcp-Dub-Token too. realm "" means
// [DefaultRealm].
func RequireKey(h http.Handler, realm string) http.Handler {
	if realm == "" {
		realm = DefaultRealm
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodOptions {
			h.ServeHTTP(w, r)
			return
		}
		problem := keyProblem(r.Header.Get("Authorization"))
		if problem == "" {
			h.ServeHTTP(w, r)
			return
		}
		w.Header().Set("WWW-Authenticate", fmt.Sprintf(`Bearer realm=%q, error="invalid_request", error_description=%q`,
			realm, problem+"; send Authorization: Bearer <Dub API key> or "+HeaderDubToken+": <Dub API key>"))
		writeError(w, http.StatusUnauthorized, codeUnauthorized, problem+": "+keyHelp)
	})
}

// keyProblem says what is wrong with an Authorization header value, or ""
// if it is a well-formed bearer credential.
func keyProblem(auth string) string {
	if strings.TrimSpace(auth) == "" {
		return "missing Dub API key"
	}
	scheme, key, ok := strings.Cut(strings.TrimSpace(auth), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "the Authorization header is not a Bearer credential"
	}
	if strings.TrimSpace(key) == "" {
		return "the Authorization header has an empty Bearer credential"
	}
	return ""
}
