package httpguard

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// maxEchoedOrigin bounds how much of a refused Origin the 403 repeats.
const maxEchoedOrigin = 200

// CheckOrigin returns h behind an Origin check, as the MCP specification
// requires of HTTP servers (against DNS rebinding and cross-site requests
// from browsers): a request with an Origin header is refused with 403
// unless the origin is in allowed ("scheme://host[:port]", compared
// case-insensitively; "*" allows any) or, with loopback set, is a
// localhost, 127.0.0.1 or [::1] origin. A request without Origin comes
// from a non-browser client and passes.
func CheckOrigin(h http.Handler, allowed []string, loopback bool) http.Handler {
	norm := make([]string, 0, len(allowed))
	for _, a := range allowed {
		norm = append(norm, strings.ToLower(strings.TrimRight(strings.TrimSpace(a), "/")))
	}
	allowAll := slices.Contains(norm, "*")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		if origin == "" || allowAll || originAllowed(origin, norm, loopback) {
			h.ServeHTTP(w, r)
			return
		}
		if len(origin) > maxEchoedOrigin {
			origin = strings.ToValidUTF8(origin[:maxEchoedOrigin], "") + "…"
		}
		writeError(w, http.StatusForbidden, codeForbidden,
			fmt.Sprintf("Origin %q is not allowed to call this MCP server (its operator can add it to the allowed origins)", origin))
	})
}

// originAllowed reports whether origin is in norm or a loopback origin
// (when loopback is set).
func originAllowed(origin string, norm []string, loopback bool) bool {
	u, err := url.Parse(origin)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Path != "" || u.User != nil {
		return false // includes "null"
	}
	if slices.Contains(norm, strings.ToLower(u.Scheme+"://"+u.Host)) {
		return true
	}
	switch strings.ToLower(u.Hostname()) {
	case "localhost", "127.0.0.1", "::1":
		return loopback
	}
	return false
}
