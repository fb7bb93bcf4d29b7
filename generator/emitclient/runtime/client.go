// Package dub is a typed client for the Dub API (https://dub.co/docs/api-reference).
//
// Create a [Client] with [NewClient] and call its methods, one per API
// operation. Every request is authenticated with a Dub API key, taken from
// the request's context (see [ContextWithAPIKey]) or else from the client
// (see [WithAPIKey]). Failed calls return an [*APIError] when Dub answered
// with a non-2xx status.
package dub

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// DefaultBaseURL is the Dub API endpoint used unless [WithBaseURL] says otherwise.
const DefaultBaseURL = "https://api.dub.co"

const (
	defaultUserAgent = "dubgen-go"
	// maxErrorBody caps how much of a non-2xx response body is read.
	maxErrorBody = 1 << 20
	// maxSnippet caps how much of a body is quoted in error messages.
	maxSnippet = 200
)

// ErrNoAPIKey is returned (wrapped) when neither the request's context nor
// the client holds an API key. No request is sent in that case.
var ErrNoAPIKey = errors.New("dub: no API key: use WithAPIKey or ContextWithAPIKey")

// Client calls the Dub API. It is safe for concurrent use.
type Client struct {
	baseURL    string
	apiKey     string
	httpClient *http.Client
	userAgent  string
}

// Option configures a [Client].
type Option func(*Client)

// NewClient returns a client for [DefaultBaseURL] that uses
// [http.DefaultClient] and the User-Agent "dubgen-go", as modified by opts.
func NewClient(opts ...Option) *Client {
	c := &Client{
		baseURL:    DefaultBaseURL,
		httpClient: http.DefaultClient,
		userAgent:  defaultUserAgent,
	}
	for _, opt := range opts {
		opt(c)
	}
	return c
}

// WithAPIKey sets the API key used for requests whose context carries none.
func WithAPIKey(key string) Option {
	return func(c *Client) { c.apiKey = key }
}

// WithBaseURL sets the API endpoint, e.g. a test server's URL. A trailing
// slash is removed.
func WithBaseURL(u string) Option {
	return func(c *Client) { c.baseURL = strings.TrimRight(u, "/") }
}

// WithHTTPClient sets the HTTP client used to send requests. A nil h keeps
// the default, [http.DefaultClient].
func WithHTTPClient(h *http.Client) Option {
	return func(c *Client) {
		if h != nil {
			c.httpClient = h
		}
	}
}

// WithUserAgent sets the User-Agent header sent with every request.
func WithUserAgent(ua string) Option {
	return func(c *Client) { c.userAgent = ua }
}

type apiKeyContextKey struct{}

// ContextWithAPIKey returns a copy of ctx carrying key. Requests made with
// the returned context use key instead of the client's own key, which lets
// one client serve many users. An empty key leaves the client's key in
// effect.
func ContextWithAPIKey(ctx context.Context, key string) context.Context {
	return context.WithValue(ctx, apiKeyContextKey{}, key)
}

// APIKeyFromContext returns the API key stored by [ContextWithAPIKey] and
// whether there is a non-empty one.
func APIKeyFromContext(ctx context.Context) (string, bool) {
	key, _ := ctx.Value(apiKeyContextKey{}).(string)
	return key, key != ""
}

// Do sends one request to the Dub API and, on a 2xx status, JSON-decodes
// the response body into out (a nil out discards it). It is an escape hatch
// for endpoints the generated methods don't cover.
//
// path is relative to the base URL and must already be escaped, e.g.
// "/links/" + url.PathEscape(id). A non-nil body is sent as JSON. query may
// be nil. Errors are as for the generated methods: an [*APIError] for a
// non-2xx status, a wrapped [ErrNoAPIKey] without a key.
func (c *Client) Do(ctx context.Context, method, path string, query url.Values, body, out any) error {
	return c.do(ctx, request{
		op:     method + " " + path,
		method: method,
		path:   path,
		query:  query,
		body:   body,
	}, out)
}

// Binary is a non-JSON response body, such as a QR code image.
type Binary struct {
	// ContentType is the response's Content-Type header.
	ContentType string
	// Data is the response body.
	Data []byte
}

// request describes one HTTP call; generated methods build it.
type request struct {
	op     string     // operationId, for errors
	method string     // HTTP method
	path   string     // already expanded, e.g. "/links/" + url.PathEscape(id)
	query  url.Values // may be nil
	body   any        // nil = no body; else JSON-encoded
}

// do sends r and, on 2xx, JSON-decodes the body into out. A nil out, or an
// empty body, leaves out untouched.
func (c *Client) do(ctx context.Context, r request, out any) error {
	resp, key, err := c.send(ctx, r, "application/json")
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if out == nil {
		_, _ = io.Copy(io.Discard, resp.Body)
		return nil
	}
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("dub: %s: read response: %w", r.op, err)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("dub: %s: decode response: %w (body: %q)", r.op, err, snippet(data, key))
	}
	return nil
}

// doBinary sends r and returns the raw body and its content type on 2xx.
func (c *Client) doBinary(ctx context.Context, r request) (*Binary, error) {
	resp, _, err := c.send(ctx, r, "*/*")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("dub: %s: read response: %w", r.op, err)
	}
	return &Binary{ContentType: resp.Header.Get("Content-Type"), Data: data}, nil
}

// send performs r and returns the response if its status is 2xx, together
// with the API key used (so that callers can keep it out of error text).
// For any other status it consumes the body and returns an *APIError.
func (c *Client) send(ctx context.Context, r request, accept string) (*http.Response, string, error) {
	key, ok := APIKeyFromContext(ctx)
	if !ok {
		key = c.apiKey
	}
	if key == "" {
		return nil, "", fmt.Errorf("dub: %s: %w", r.op, ErrNoAPIKey)
	}

	u := c.baseURL + r.path
	if len(r.query) > 0 {
		u += "?" + r.query.Encode()
	}
	var body io.Reader
	if r.body != nil {
		b, err := json.Marshal(r.body)
		if err != nil {
			return nil, "", fmt.Errorf("dub: %s: encode request body: %w", r.op, err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, u, body)
	if err != nil {
		return nil, "", fmt.Errorf("dub: %s: build request: %w", r.op, err)
	}
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Accept", accept)
	req.Header.Set("User-Agent", c.userAgent)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}

	resp, err := c.httpClient.Do(req)
	if err != nil {
		return nil, "", fmt.Errorf("dub: %s: %w", r.op, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		defer resp.Body.Close()
		return nil, "", newAPIError(r.op, resp, key)
	}
	return resp, key, nil
}

// snippet returns at most maxSnippet bytes of b, whitespace-collapsed, cut
// on a rune boundary, with any occurrence of key redacted.
func snippet(b []byte, key string) string {
	s := redact(strings.Join(strings.Fields(string(b)), " "), key)
	if len(s) <= maxSnippet {
		return s
	}
	cut := maxSnippet
	for cut > 0 && !isRuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// redact replaces every occurrence of key in s.
func redact(s, key string) string {
	if key == "" {
		return s
	}
	return strings.ReplaceAll(s, key, "[REDACTED]")
}
