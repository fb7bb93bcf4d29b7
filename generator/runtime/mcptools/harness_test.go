package mcptools

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/dubgen/dubgen/generator/runtime/apiclient"
)

// The test catalog: tool specs written here, in the shape the generator
// writes them, covering every argument place, body kind and result kind.
// Names deliberately do not follow Dub's conventions (the bulk tools are
// not called bulk_*), so that no option can lean on names.

func def(name string, readOnly, destructive bool, input string) mcp.Tool {
	return mcp.Tool{
		Name:        name,
		Title:       strings.ReplaceAll(name, "_", " "),
		Description: "Test tool " + name + ".",
		Annotations: mcp.ToolAnnotation{
			ReadOnlyHint:    mcp.ToBoolPtr(readOnly),
			DestructiveHint: mcp.ToBoolPtr(destructive),
			IdempotentHint:  mcp.ToBoolPtr(readOnly),
			OpenWorldHint:   mcp.ToBoolPtr(true),
		},
		RawInputSchema: json.RawMessage(input),
	}
}

var testCatalog = &Catalog{
	DefaultToolsets: []string{"links", "qr_codes"},
	Specs: []Spec{
		{
			Tool:        def("get_link", true, false, `{"type":"object","properties":{"linkId":{"type":"string"},"page":{"type":"integer"}},"required":["linkId"]}`),
			OperationID: "getLink", Method: http.MethodGet, Route: "/links/{linkId}", Tags: []string{"Links"}, Toolset: "links",
			Aliases: []string{"retrieve_link"},
			Args:    []Arg{{Name: "linkId", Wire: "linkId", In: InPath, Required: true}, {Name: "page", Wire: "page", In: InQuery}},
		},
		{
			Tool:        def("list_links", true, false, `{"type":"object","properties":{}}`),
			OperationID: "getLinks", Method: http.MethodGet, Route: "/links", Tags: []string{"Links"}, Toolset: "links",
			Wrap: "result",
		},
		{
			Tool:        def("page_links", true, false, `{"type":"object","properties":{"pageSize":{"type":"integer","default":100},"startingAfter":{"type":"string"},"tagIds":{"type":"array","items":{"type":"string"}}}}`),
			OperationID: "pageLinks", Method: http.MethodGet, Route: "/links/paged", Toolset: "links",
			Args: []Arg{
				{Name: "pageSize", Wire: "pageSize", In: InQuery},
				{Name: "startingAfter", Wire: "startingAfter", In: InQuery},
				{Name: "tagIds", Wire: "tagIds", In: InQuery, Explode: true},
			},
			Paging: Paging{SizeArg: "pageSize", Cursor: true, DefaultSize: 100},
			Wrap:   "items",
		},
		{
			Tool:        def("delete_link", false, true, `{"type":"object","properties":{"linkId":{"type":"string"}},"required":["linkId"]}`),
			OperationID: "deleteLink", Method: http.MethodDelete, Route: "/links/{linkId}", Tags: []string{"Links"}, Toolset: "links",
			Args: []Arg{{Name: "linkId", Wire: "linkId", In: InPath, Required: true}},
		},
		{
			Tool:        def("remove_links", false, true, `{"type":"object","properties":{"linkIds":{"type":"array","items":{"type":"string"}}},"required":["linkIds"]}`),
			OperationID: "bulkDeleteLinks", Method: http.MethodDelete, Route: "/links/bulk", Toolset: "links", Bulk: true,
			Args: []Arg{{Name: "linkIds", Wire: "linkIds", In: InQuery, Required: true}},
		},
		{
			Tool:        def("create_links", false, false, `{"type":"object","properties":{"items":{"type":"array","items":{"type":"object","properties":{"url":{"type":"string"}}}}},"required":["items"]}`),
			OperationID: "bulkCreateLinks", Method: http.MethodPost, Route: "/links/bulk", Toolset: "links", Bulk: true,
			Args: []Arg{{Name: "items", In: InBody, Required: true}},
			Body: BodyArray, Wrap: "items",
		},
		{
			Tool:        def("update_tag", false, false, `{"type":"object","properties":{"id":{"type":"string"},"body_id":{"type":"string"},"name":{"type":"string"},"color":{"type":"string"}},"required":["id"]}`),
			OperationID: "updateTag", Method: http.MethodPatch, Route: "/tags/{id}", Toolset: "tags",
			Args: []Arg{
				{Name: "body_id", Wire: "id", In: InBody},
				{Name: "color", Wire: "color", In: InBody, Nullable: true},
				{Name: "id", Wire: "id", In: InPath, Required: true},
				{Name: "name", Wire: "name", In: InBody},
			},
			Body: BodyObject,
		},
		{
			Tool:        def("qr_code", true, false, `{"type":"object","properties":{"url":{"type":"string"}},"required":["url"]}`),
			OperationID: "getQRCode", Method: http.MethodGet, Route: "/qr", Toolset: "qr_codes",
			Args:   []Arg{{Name: "url", Wire: "url", In: InQuery, Required: true}},
			Result: ResultImage,
		},
		{
			Tool:        def("track_open", false, false, `{"type":"object","properties":{"deepLink":{"type":"string"}}}`),
			OperationID: "trackOpen", Method: http.MethodPost, Route: "/track/open", Toolset: "track",
			Args:   []Arg{{Name: "deepLink", Wire: "deepLink", In: InBody}},
			Body:   BodyObject,
			Result: ResultNone,
		},
	},
}

// allTools are the test catalog's tool names, sorted.
var allTools = []string{"create_links", "delete_link", "get_link", "list_links", "page_links", "qr_code", "remove_links", "track_open", "update_tag"}

// pngBytes is the start of a PNG file.
var pngBytes = []byte("\x89PNG\r\n\x1a\n0000")

// call is one request the stand-in saw.
type call struct {
	Method, Path, Query, Body, Auth string
}

// standIn fakes the Dub API and records the requests it saw.
type standIn struct {
	mu    sync.Mutex
	calls []call
}

func (s *standIn) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	s.calls = append(s.calls, call{r.Method, r.URL.EscapedPath(), r.URL.RawQuery, string(body), r.Header.Get("Authorization")})
	s.mu.Unlock()
	switch p := r.URL.Path; {
	case p == "/links" && r.Method == http.MethodGet:
		_, _ = io.WriteString(w, `[{"id":"a","url":"https://a.example"},{"id":"b","url":"https://b.example"}]`)
	case p == "/links/paged":
		n, err := strconv.Atoi(r.URL.Query().Get("pageSize"))
		if err != nil {
			n = 100
		}
		var items []string
		for i := 1; i <= n; i++ {
			items = append(items, fmt.Sprintf(`{"id":"p%d","url":"https://example.com/%s"}`, i, strings.Repeat("x", 40)))
		}
		_, _ = io.WriteString(w, "["+strings.Join(items, ",")+"]")
	case p == "/links/ok":
		_, _ = io.WriteString(w, `{"id":"ok","url":"https://ok.example"}`)
	case p == "/links/busy":
		w.Header().Set("Retry-After", "30")
		w.Header().Set("X-RateLimit-Limit", "60")
		w.Header().Set("X-RateLimit-Remaining", "0")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = io.WriteString(w, `{"error":{"code":"rate_limit_exceeded","message":"Too many requests.","doc_url":"https://dub.co/docs/api-reference/errors#rate-limit_exceeded"}}`)
	case p == "/links/boom":
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = io.WriteString(w, "<html><body>Internal Server Error</body></html>")
	case p == "/links/bulk" && r.Method == http.MethodDelete:
		_, _ = io.WriteString(w, `{"deletedCount":2}`)
	case p == "/links/bulk" && r.Method == http.MethodPost:
		_, _ = w.Write(body) // echo: an array
	case strings.HasPrefix(p, "/tags/"):
		// Dub's JSON with its own spacing and a field no schema knows.
		_, _ = io.WriteString(w, `{"id": "t1",  "name": "n", "brandNew": {"x": 1}}`)
	case p == "/qr":
		w.Header().Set("Content-Type", "image/png")
		_, _ = w.Write(pngBytes)
	case p == "/track/open":
		w.WriteHeader(http.StatusAccepted)
	default:
		w.WriteHeader(http.StatusNotFound)
		_, _ = io.WriteString(w, `{"error":{"code":"not_found","message":"Link not found.","doc_url":"https://dub.co/docs/api-reference/errors#not-found"}}`)
	}
}

// all returns the requests seen so far.
func (s *standIn) all() []call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]call(nil), s.calls...)
}

// last returns the last request (zero if none).
func (s *standIn) last() call {
	calls := s.all()
	if len(calls) == 0 {
		return call{}
	}
	return calls[len(calls)-1]
}

func (s *standIn) lastAuth() string { return s.last().Auth }

// newAPIClient returns a runtime client for a new stand-in server api.
func newAPIClient(t *testing.T, api http.Handler, apiKey string) *apiclient.Client {
	t.Helper()
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	return apiclient.NewClient(apiclient.WithBaseURL(srv.URL), apiclient.WithHTTPClient(srv.Client()), apiclient.WithAPIKey(apiKey))
}

// newMCPClient registers the test catalog (calling api with apiKey) on a
// new server and returns an initialized in-process client for it.
func newMCPClient(t *testing.T, api http.Handler, apiKey string, opts ...Option) *client.Client {
	t.Helper()
	return newMCPClientWith(t, api, apiKey, nil, nil, opts...)
}

// newMCPClientWith is newMCPClient with server and client options.
func newMCPClientWith(t *testing.T, api http.Handler, apiKey string, sopts []server.ServerOption, copts []client.ClientOption, opts ...Option) *client.Client {
	t.Helper()
	s := server.NewMCPServer("dub-test", "0.0.1", sopts...)
	if err := Register(s, newAPIClient(t, api, apiKey), testCatalog, opts...); err != nil {
		t.Fatalf("Register: %v", err)
	}
	cl, err := client.NewInProcessClientWithOptions(s, copts...)
	if err != nil {
		t.Fatalf("NewInProcessClient: %v", err)
	}
	initialize(t, cl)
	return cl
}

// initialize starts cl, initializes the session and closes cl at the end.
func initialize(t *testing.T, cl *client.Client) {
	t.Helper()
	t.Cleanup(func() { _ = cl.Close() })
	if err := cl.Start(t.Context()); err != nil {
		t.Fatalf("Start: %v", err)
	}
	var init mcp.InitializeRequest
	init.Params.ProtocolVersion = mcp.LATEST_PROTOCOL_VERSION
	init.Params.ClientInfo = mcp.Implementation{Name: "dubmcp-test", Version: "0.0.1"}
	if _, err := cl.Initialize(t.Context(), init); err != nil {
		t.Fatalf("Initialize: %v", err)
	}
}

// listNames returns the names cl lists, in order.
func listNames(t *testing.T, cl *client.Client) []string {
	t.Helper()
	res, err := cl.ListTools(t.Context(), mcp.ListToolsRequest{})
	if err != nil {
		t.Fatalf("ListTools: %v", err)
	}
	var names []string
	for _, tool := range res.Tools {
		names = append(names, tool.Name)
	}
	return names
}
