package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
)

// wantTools is the number of operations in the pinned spec, one tool each.
const wantTools = 57

// testTimeout bounds each test's conversation with the server.
const testTimeout = 2 * time.Minute

// testContext returns a context that ends after testTimeout or when the
// test ends.
func testContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	t.Cleanup(cancel)
	return ctx
}

// built caches the server binary: one build per test run.
var built struct {
	once sync.Once
	dir  string
	bin  string
	err  error
	out  []byte
}

// TestMain removes the cached binary after the tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if built.dir != "" {
		_ = os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// buildServer compiles this package (once per test run) and returns the
// binary's path.
func buildServer(t *testing.T) string {
	t.Helper()
	built.once.Do(func() {
		goCmd, err := exec.LookPath("go")
		if err != nil {
			goCmd = filepath.Join(runtime.GOROOT(), "bin", "go")
		}
		if built.dir, built.err = os.MkdirTemp("", "dubgen-example-"); built.err != nil {
			return
		}
		built.bin = filepath.Join(built.dir, "dubgen-example")
		if runtime.GOOS == "windows" {
			built.bin += ".exe"
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		built.out, built.err = exec.CommandContext(ctx, goCmd, "build", "-o", built.bin, ".").CombinedOutput()
	})
	if built.err != nil {
		t.Fatalf("go build: %v\n%s", built.err, built.out)
	}
	return built.bin
}

// apiRequest is one request the stand-in received.
type apiRequest struct {
	Method, Path string
	Query        map[string][]string
	Auth         string
}

// standIn is a local stand-in for Dub's API on 127.0.0.1. It accepts only
// its keys, and answers:
//
//	GET /links        200, one link whose id is "link_" + the search query
//	DELETE /links/ID  200, {"id": ID}
//	GET /links/info   404 not_found, as Dub does for an unknown link
//	GET /links/count  500 internal_server_error
//	GET /domains      429 rate_limit_exceeded, with rate-limit headers
//
// and 501 for anything else (which the tests treat as a failure).
type standIn struct {
	URL  string
	Keys []string

	mu   sync.Mutex
	reqs []apiRequest
}

const notFoundBody = `{"error":{"code":"not_found","message":"Link not found.","doc_url":"https://dub.co/docs/api-reference/errors#not-found"}}`

func newStandIn(t *testing.T, keys ...string) *standIn {
	t.Helper()
	s := &standIn{Keys: keys}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /links", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, []any{sampleLink("link_" + r.URL.Query().Get("search"))})
	})
	mux.HandleFunc("DELETE /links/{linkId}", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"id": r.PathValue("linkId")})
	})
	mux.HandleFunc("GET /links/info", func(w http.ResponseWriter, r *http.Request) {
		writeRaw(w, http.StatusNotFound, notFoundBody)
	})
	mux.HandleFunc("GET /links/count", func(w http.ResponseWriter, r *http.Request) {
		writeRaw(w, http.StatusInternalServerError,
			`{"error":{"code":"internal_server_error","message":"The stand-in broke on purpose.","doc_url":"https://dub.co/docs/api-reference/errors#internal-server-error"}}`)
	})
	mux.HandleFunc("GET /domains", func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-RateLimit-Limit", "60")
		h.Set("X-RateLimit-Remaining", "0")
		h.Set("X-RateLimit-Reset", strconv.FormatInt(time.Now().Add(30*time.Second).Unix(), 10))
		h.Set("Retry-After", "7")
		writeRaw(w, http.StatusTooManyRequests,
			`{"error":{"code":"rate_limit_exceeded","message":"Too many requests from this workspace.","doc_url":"https://dub.co/docs/api-reference/errors#rate-limit-exceeded"}}`)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeRaw(w, http.StatusNotImplemented, `{"error":{"code":"not_implemented","message":"The stand-in does not serve this route."}}`)
	})

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("stand-in: %v", err)
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		s.mu.Lock()
		s.reqs = append(s.reqs, apiRequest{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Auth: auth})
		s.mu.Unlock()
		key, ok := strings.CutPrefix(auth, "Bearer ")
		if !ok || !slices.Contains(s.Keys, key) {
			writeRaw(w, http.StatusUnauthorized, `{"error":{"code":"unauthorized","message":"Unauthorized: Invalid API key."}}`)
			return
		}
		mux.ServeHTTP(w, r)
	}))
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}

// requests returns a copy of the requests received so far.
func (s *standIn) requests() []apiRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.reqs)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, _ := json.Marshal(v)
	writeRaw(w, status, string(b))
}

func writeRaw(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

// sampleLink is a link as Dub returns it.
func sampleLink(id string) map[string]any {
	return map[string]any{
		"id": id, "domain": "dub.sh", "key": "standin", "url": "https://example.com/standin",
		"shortLink": "https://dub.sh/standin", "qrCode": "https://api.dub.co/qr?url=https://dub.sh/standin",
		"archived": false, "clicks": 3, "leads": 1, "sales": 0, "saleAmount": 0, "conversions": 0,
		"createdAt": "2026-08-01T00:00:00.000Z", "updatedAt": "2026-08-01T00:00:00.000Z",
		"projectId": "ws_standin", "workspaceId": "ws_standin", "tags": []any{}, "webhookIds": []any{},
	}
}

// resultText returns the concatenated text contents of res.
func resultText(res *mcp.CallToolResult) string {
	var parts []string
	for _, c := range res.Content {
		if tc, ok := mcp.AsTextContent(c); ok {
			parts = append(parts, tc.Text)
		}
	}
	return strings.Join(parts, "\n")
}

var toolNameRE = regexp.MustCompile(`^[a-z0-9_]{1,64}$`)

// toolProblems returns how one tool, as JSON, breaks the rules that make
// tools usable by every major MCP client.
func toolProblems(raw json.RawMessage) []string {
	var tool struct {
		Name        string                     `json:"name"`
		InputSchema json.RawMessage            `json:"inputSchema"`
		Annotations map[string]json.RawMessage `json:"annotations"`
	}
	if err := json.Unmarshal(raw, &tool); err != nil {
		return []string{fmt.Sprintf("tool is not a JSON object: %v", err)}
	}
	var out []string
	if !toolNameRE.MatchString(tool.Name) {
		out = append(out, fmt.Sprintf("name %q does not match %s", tool.Name, toolNameRE))
	}
	// readOnlyHint is explicit on every tool, destructiveHint on every
	// write tool; idempotentHint and openWorldHint may be left to the
	// protocol's defaults (false, true). Any hint given is a boolean.
	for _, hint := range []string{"readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"} {
		v, ok := tool.Annotations[hint]
		needed := hint == "readOnlyHint" || hint == "destructiveHint" && string(tool.Annotations["readOnlyHint"]) == "false"
		if !ok && needed {
			out = append(out, "annotation "+hint+" is missing")
		}
		if !ok {
			continue
		}
		if s := string(bytes.TrimSpace(v)); s != "true" && s != "false" {
			out = append(out, fmt.Sprintf("annotation %s is %s, not a boolean", hint, v))
		}
	}
	var schema any
	if err := json.Unmarshal(tool.InputSchema, &schema); err != nil {
		return append(out, fmt.Sprintf("inputSchema is not JSON: %v", err))
	}
	top, ok := schema.(map[string]any)
	if !ok {
		return append(out, "inputSchema is not an object")
	}
	if top["type"] != "object" {
		out = append(out, fmt.Sprintf("inputSchema type is %v, not \"object\"", top["type"]))
	}
	for _, k := range []string{"anyOf", "oneOf", "allOf"} {
		if _, bad := top[k]; bad {
			out = append(out, "inputSchema has top-level "+k)
		}
	}
	walkSchema(schema, "inputSchema", &out)
	return out
}

func walkSchema(v any, at string, out *[]string) {
	switch x := v.(type) {
	case map[string]any:
		for _, k := range []string{"$ref", "$defs", "$schema"} {
			if _, bad := x[k]; bad {
				*out = append(*out, at+": has "+k)
			}
		}
		if t, ok := x["type"]; ok {
			if _, isList := t.([]any); isList {
				*out = append(*out, fmt.Sprintf("%s: type is an array %v", at, t))
			}
			if t == "array" {
				if _, ok := x["items"]; !ok {
					*out = append(*out, at+": array without items")
				}
			}
		}
		for k, child := range x {
			walkSchema(child, at+"/"+k, out)
		}
	case []any:
		for i, child := range x {
			walkSchema(child, at+"/"+strconv.Itoa(i), out)
		}
	}
}

// TestToolProblemsBites makes sure the portability check catches what it
// is meant to catch, so that a clean run means something.
func TestToolProblemsBites(t *testing.T) {
	good := `{"name":"get_links","inputSchema":{"type":"object","properties":{"tags":{"type":"array","items":{"type":"string"}}}},` +
		`"annotations":{"readOnlyHint":true,"destructiveHint":false,"idempotentHint":true,"openWorldHint":true}}`
	if p := toolProblems(json.RawMessage(good)); len(p) > 0 {
		t.Fatalf("good tool: %v", p)
	}
	bad := map[string]string{
		"name":        `{"name":"Get-Links","inputSchema":{"type":"object"},"annotations":{"readOnlyHint":true,"destructiveHint":false,"idempotentHint":true,"openWorldHint":true}}`,
		"long name":   `{"name":"` + strings.Repeat("a", 65) + `","inputSchema":{"type":"object"},"annotations":{"readOnlyHint":true,"destructiveHint":false,"idempotentHint":true,"openWorldHint":true}}`,
		"hint":        `{"name":"x","inputSchema":{"type":"object"},"annotations":{"readOnlyHint":false,"idempotentHint":true}}`,
		"no readOnly": `{"name":"x","inputSchema":{"type":"object"},"annotations":{"destructiveHint":false}}`,
		"$ref":        `{"name":"x","inputSchema":{"type":"object","properties":{"a":{"$ref":"#/$defs/A"}}},"annotations":{"readOnlyHint":true,"destructiveHint":false,"idempotentHint":true,"openWorldHint":true}}`,
		"$defs":       `{"name":"x","inputSchema":{"type":"object","$defs":{}},"annotations":{"readOnlyHint":true,"destructiveHint":false,"idempotentHint":true,"openWorldHint":true}}`,
		"$schema":     `{"name":"x","inputSchema":{"type":"object","$schema":"x"},"annotations":{"readOnlyHint":true,"destructiveHint":false,"idempotentHint":true,"openWorldHint":true}}`,
		"type array":  `{"name":"x","inputSchema":{"type":"object","properties":{"a":{"type":["string","null"]}}},"annotations":{"readOnlyHint":true,"destructiveHint":false,"idempotentHint":true,"openWorldHint":true}}`,
		"no items":    `{"name":"x","inputSchema":{"type":"object","properties":{"a":{"anyOf":[{"type":"array"}]}}},"annotations":{"readOnlyHint":true,"destructiveHint":false,"idempotentHint":true,"openWorldHint":true}}`,
		"not object":  `{"name":"x","inputSchema":{"type":"string"},"annotations":{"readOnlyHint":true,"destructiveHint":false,"idempotentHint":true,"openWorldHint":true}}`,
		"top oneOf":   `{"name":"x","inputSchema":{"type":"object","oneOf":[]},"annotations":{"readOnlyHint":true,"destructiveHint":false,"idempotentHint":true,"openWorldHint":true}}`,
		"null hint":   `{"name":"x","inputSchema":{"type":"object"},"annotations":{"readOnlyHint":null,"destructiveHint":false,"idempotentHint":true,"openWorldHint":true}}`,
		"no schema":   `{"name":"x","annotations":{"readOnlyHint":true,"destructiveHint":false,"idempotentHint":true,"openWorldHint":true}}`,
		"top anyOf":   `{"name":"x","inputSchema":{"type":"object","anyOf":[]},"annotations":{"readOnlyHint":true,"destructiveHint":false,"idempotentHint":true,"openWorldHint":true}}`,
		"nested $ref": `{"name":"x","inputSchema":{"type":"object","properties":{"a":{"type":"array","items":[{"$ref":"#"}]}}},"annotations":{"readOnlyHint":true,"destructiveHint":false,"idempotentHint":true,"openWorldHint":true}}`,
	}
	for name, raw := range bad {
		if p := toolProblems(json.RawMessage(raw)); len(p) == 0 {
			t.Errorf("%s: no problem found in %s", name, raw)
		}
	}
}

// checkTools applies toolProblems to every tool and checks there are
// wantTools of them with distinct names.
func checkTools(t *testing.T, tools []json.RawMessage) {
	t.Helper()
	if len(tools) != wantTools {
		t.Errorf("got %d tools, want %d", len(tools), wantTools)
	}
	seen := map[string]bool{}
	for i, raw := range tools {
		var head struct {
			Name string `json:"name"`
		}
		_ = json.Unmarshal(raw, &head)
		if seen[head.Name] {
			t.Errorf("tool %q listed twice", head.Name)
		}
		seen[head.Name] = true
		for _, p := range toolProblems(raw) {
			t.Errorf("tool %d %q: %s", i, head.Name, p)
		}
	}
}
