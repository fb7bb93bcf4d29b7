package apiclient

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// newTestServer starts a server answering with h and a client pointed at
// it (with a trailing slash, which WithBaseURL must trim).
func newTestServer(t *testing.T, h http.HandlerFunc, opts ...Option) *Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	opts = append([]Option{WithBaseURL(srv.URL + "/"), WithHTTPClient(srv.Client())}, opts...)
	return NewClient(opts...)
}

func TestNewClientDefaults(t *testing.T) {
	c := NewClient(WithHTTPClient(nil))
	if c.baseURL != DefaultBaseURL || c.userAgent != "dubgen-go" || c.apiKey != "" {
		t.Errorf("NewClient() = %+v, want defaults", c)
	}
	if c.httpClient == http.DefaultClient || c.httpClient.Timeout != DefaultTimeout {
		t.Errorf("default HTTP client = %+v, want its own with a %s timeout", c.httpClient, DefaultTimeout)
	}
	if _, plain := c.httpClient.Transport.(*http.Transport); plain || c.httpClient.Transport == nil {
		t.Errorf("default transport = %T, want the retrying, bounded stack", c.httpClient.Transport)
	}
}

func TestWithTimeout(t *testing.T) {
	tests := []struct {
		name string
		opts []Option
		want time.Duration
	}{
		{"default", nil, DefaultTimeout},
		{"set", []Option{WithTimeout(5 * time.Second)}, 5 * time.Second},
		{"off", []Option{WithTimeout(0)}, 0},
		{"given client without timeout", []Option{WithHTTPClient(&http.Client{}), WithTimeout(time.Second)}, time.Second},
		{"given client keeps its own", []Option{WithHTTPClient(&http.Client{Timeout: time.Minute})}, time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NewClient(tt.opts...).httpClient.Timeout; got != tt.want {
				t.Errorf("Timeout = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestRawReturnsBodyUnchanged(t *testing.T) {
	const body = `{"id": "link_1",  "new_field": [1, 2]}`
	c := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if string(b) != `{"url":"https://x"}` {
			t.Errorf("request body = %s", b)
		}
		w.Header().Set("X-Test", "yes")
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, body)
	}, WithAPIKey("k"))
	res, err := c.Raw(context.Background(), Request{Op: "createLink", Method: http.MethodPost, Path: "/links", Body: json.RawMessage(`{"url":"https://x"}`)})
	if err != nil {
		t.Fatalf("Raw: %v", err)
	}
	if res.Status != http.StatusCreated || string(res.Body) != body || res.Header.Get("X-Test") != "yes" {
		t.Errorf("Raw = %d %q %v, want 201, the body unchanged and the headers", res.Status, res.Body, res.Header)
	}
}

func TestDoSendsRequest(t *testing.T) {
	type link struct {
		ID  string `json:"id"`
		URL string `json:"url"`
	}
	c := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		checks := []struct{ name, got, want string }{
			{"method", r.Method, http.MethodPatch},
			{"path", r.URL.EscapedPath(), "/links/a%2Fb"},
			{"query", r.URL.RawQuery, "tagIds=t1&tagIds=t2"},
			{"Authorization", r.Header.Get("Authorization"), "Bearer client-key"},
			{"Accept", r.Header.Get("Accept"), "application/json"},
			{"Content-Type", r.Header.Get("Content-Type"), "application/json"},
			{"User-Agent", r.Header.Get("User-Agent"), "test-agent"},
		}
		for _, c := range checks {
			if c.got != c.want {
				t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
			}
		}
		var body link
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body.URL != "https://example.com" {
			t.Errorf("body = %+v, %v; want url https://example.com", body, err)
		}
		_, _ = io.WriteString(w, `{"id":"link_1","url":"https://example.com"}`)
	}, WithAPIKey("client-key"), WithUserAgent("test-agent"))

	var out link
	err := c.Call(context.Background(), Request{
		Op:     "updateLink",
		Method: http.MethodPatch,
		Path:   "/links/" + url.PathEscape("a/b"),
		Query:  url.Values{"tagIds": {"t1", "t2"}},
		Body:   link{URL: "https://example.com"},
	}, &out)
	if err != nil {
		t.Fatalf("do: %v", err)
	}
	if out.ID != "link_1" {
		t.Errorf("out.ID = %q, want link_1", out.ID)
	}
}

func TestDoWithoutBodyOrOut(t *testing.T) {
	c := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		if ct := r.Header.Get("Content-Type"); ct != "" {
			t.Errorf("Content-Type = %q, want none", ct)
		}
		if r.ContentLength != 0 {
			t.Errorf("ContentLength = %d, want 0", r.ContentLength)
		}
		_, _ = io.WriteString(w, `{"deleted":true}`)
	}, WithAPIKey("k"))
	if err := c.Call(context.Background(), Request{Op: "deleteLink", Method: http.MethodDelete, Path: "/links/x"}, nil); err != nil {
		t.Fatalf("do: %v", err)
	}
}

func TestExportedDo(t *testing.T) {
	c := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || r.URL.Path != "/domains" || r.URL.Query().Get("page") != "2" {
			t.Errorf("got %s %s", r.Method, r.URL)
		}
		w.WriteHeader(http.StatusNotFound)
		_, _ = io.WriteString(w, `{"error":{"code":"not_found","message":"nope"}}`)
	}, WithAPIKey("k"))
	err := c.Do(context.Background(), http.MethodGet, "/domains", url.Values{"page": {"2"}}, nil, nil)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Operation != "GET /domains" {
		t.Fatalf("Do error = %v, want *APIError for GET /domains", err)
	}
}

func TestAPIKeySelection(t *testing.T) {
	tests := []struct {
		name      string
		clientKey string
		ctxKey    string
		want      string // Authorization header; "" means no request may be sent
	}{
		{"client key", "client-key", "", "Bearer client-key"},
		{"context key overrides client key", "client-key", "ctx-key", "Bearer ctx-key"},
		{"context key alone", "", "ctx-key", "Bearer ctx-key"},
		{"no key", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls atomic.Int32
			c := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				if got := r.Header.Get("Authorization"); got != tt.want {
					t.Errorf("Authorization = %q, want %q", got, tt.want)
				}
				_, _ = io.WriteString(w, `{}`)
			}, WithAPIKey(tt.clientKey))
			ctx := context.Background()
			if tt.ctxKey != "" {
				ctx = ContextWithAPIKey(ctx, tt.ctxKey)
			}
			err := c.Call(ctx, Request{Op: "getLinks", Method: http.MethodGet, Path: "/links"}, &struct{}{})
			if tt.want == "" {
				if !errors.Is(err, ErrNoAPIKey) || !strings.Contains(err.Error(), "getLinks") {
					t.Errorf("err = %v, want ErrNoAPIKey mentioning getLinks", err)
				}
				if n := calls.Load(); n != 0 {
					t.Errorf("server got %d requests, want 0", n)
				}
				return
			}
			if err != nil {
				t.Fatalf("do: %v", err)
			}
		})
	}
}

func TestAPIKeyFromContext(t *testing.T) {
	if _, ok := APIKeyFromContext(context.Background()); ok {
		t.Error("APIKeyFromContext(empty) reported a key")
	}
	if _, ok := APIKeyFromContext(ContextWithAPIKey(context.Background(), "")); ok {
		t.Error("APIKeyFromContext reported an empty key")
	}
	if k, ok := APIKeyFromContext(ContextWithAPIKey(context.Background(), "k")); !ok || k != "k" {
		t.Errorf("APIKeyFromContext = %q, %v; want k, true", k, ok)
	}
}

func TestDecodeError(t *testing.T) {
	c := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `{"id": 42, "note": "`+strings.Repeat("x", 500)+`"}`)
	}, WithAPIKey("secret-key"))
	var out struct {
		ID string `json:"id"`
	}
	err := c.Call(context.Background(), Request{Op: "getLinks", Method: http.MethodGet, Path: "/links"}, &out)
	if err == nil {
		t.Fatal("do succeeded, want decode error")
	}
	msg := err.Error()
	var typeErr *json.UnmarshalTypeError
	if !strings.HasPrefix(msg, "dub: getLinks: decode response: ") || !errors.As(err, &typeErr) {
		t.Errorf("err = %q, want wrapped decode error for getLinks", msg)
	}
	if !strings.Contains(msg, `{\"id\": 42`) || len(msg) > 400 {
		t.Errorf("err = %q, want a short body snippet", msg)
	}
	if strings.Contains(msg, "secret-key") {
		t.Errorf("err %q leaks the API key", msg)
	}
}

func TestTransportError(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close()
	c := NewClient(WithBaseURL(srv.URL), WithAPIKey("secret-key"))
	err := c.Call(context.Background(), Request{Op: "getLinks", Method: http.MethodGet, Path: "/links"}, nil)
	var urlErr *url.Error
	if !errors.As(err, &urlErr) || !strings.HasPrefix(err.Error(), "dub: getLinks: ") {
		t.Fatalf("err = %v, want wrapped *url.Error for getLinks", err)
	}
	if strings.Contains(err.Error(), "secret-key") {
		t.Errorf("err %q leaks the API key", err)
	}
}

func TestDoBinary(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\nfake")
	c := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/qr" || r.URL.Query().Get("url") != "https://dub.sh" {
			t.Errorf("got %s", r.URL)
		}
		w.Header().Set("Content-Type", "image/png")
		_, _ = w.Write(png)
	}, WithAPIKey("k"))
	b, err := c.CallBinary(context.Background(), Request{Op: "getQRCode", Method: http.MethodGet, Path: "/qr", Query: url.Values{"url": {"https://dub.sh"}}})
	if err != nil {
		t.Fatalf("CallBinary: %v", err)
	}
	if b.ContentType != "image/png" || string(b.Data) != string(png) {
		t.Errorf("CallBinary = %q, %q; want image/png and the body", b.ContentType, b.Data)
	}
}

// TestContextWithRawBody: a typed call also hands over the body as sent.
func TestContextWithRawBody(t *testing.T) {
	const body = `{"id": "link_1",  "extra": true}`
	c := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, body)
	}, WithAPIKey("k"))
	var raw []byte
	var out struct {
		ID string `json:"id"`
	}
	ctx := ContextWithRawBody(context.Background(), &raw)
	if err := c.Call(ctx, Request{Op: "getLink", Method: http.MethodGet, Path: "/links/x"}, &out); err != nil {
		t.Fatal(err)
	}
	if out.ID != "link_1" || string(raw) != body {
		t.Errorf("decoded %+v, raw %q; want link_1 and the body unchanged", out, raw)
	}
	raw = nil
	if err := c.Call(ctx, Request{Op: "deleteLink", Method: http.MethodDelete, Path: "/links/x"}, nil); err != nil || string(raw) != body {
		t.Errorf("no out: raw %q, %v", raw, err)
	}
}
