// Package dub is a typed client for the Dub API (https://dub.co/docs/api-reference).
//
// Create a [Client] with [NewClient] and call its methods, one per API
// operation. Every request is authenticated with a Dub API key, taken from
// the request's context (see [ContextWithAPIKey]) or else from the client
// (see [WithAPIKey]). Failed calls return an [*APIError] when Dub answered
// with a non-2xx status.
package apiclient

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
	"time"

	"github.com/dubgen/dubgen/generator/runtime/transport"
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

// DefaultTimeout bounds one request to the API (connecting, sending and
// reading the whole answer) unless [WithTimeout] says otherwise.
const DefaultTimeout = 30 * time.Second

// MaxIdleConnsPerHost is how many keep-alive connections to the API the
// default transport keeps open (and at most opens at once), so that a
// server answering many agents reuses connections instead of opening one
// per call (Go's default keeps 2). See [transport.NewPooled].
const MaxIdleConnsPerHost = transport.DefaultMaxConns

// DefaultRetries is how many times the default transport retries a read
// (GET or HEAD) after a 429 asking for at most [DefaultMaxRetryWait] or
// a 5xx. Writes are never retried, whatever the status.
const DefaultRetries = transport.DefaultMaxRetries

// DefaultMaxRetryWait is the longest wait the default transport sits out
// before retrying a read; a 429 asking for more is returned at once, and
// no wait runs past the request's deadline ([DefaultTimeout]).
const DefaultMaxRetryWait = transport.DefaultMaxRetryWait

// DefaultMaxResponseBytes bounds an answer's body in the default
// transport (8 MiB); a larger one fails the call with a
// [transport.ResponseTooLargeError].
const DefaultMaxResponseBytes = transport.DefaultMaxResponseBytes

// Pacing are per-key request limits the client stays inside (see
// [WithPacing]): PerMinute for every path, PerSecond on top for paths
// with /analytics or /events, like Dub's two buckets.
type Pacing = transport.Limits

// Client calls the Dub API. It is safe for concurrent use.
type Client struct {
	baseURL    string
	apiKey     string
	httpClient *http.Client
	userAgent  string
	timeout    time.Duration

	// The default transport's settings (see NewClient).
	retries          int
	maxResponseBytes int64
	pacing           Pacing
	now              func() time.Time
	sleep            func(context.Context, time.Duration) error
}

// Option configures a [Client].
type Option func(*Client)

// NewClient returns a client for [DefaultBaseURL] with the User-Agent
// "dubgen-go", as modified by opts. Unless [WithHTTPClient] gives one, it
// sends requests through its own HTTP client, whose transport is, from
// the caller down:
//
//   - a bound on each answer's body: [DefaultMaxResponseBytes] (8 MiB,
//     [WithMaxResponseBytes]);
//   - rate-limit headers rewritten into standard units;
//   - read retries: GET and HEAD only, at most [DefaultRetries] (2) times,
//     after a 429 asking for at most [DefaultMaxRetryWait] (3 s) or a 5xx
//     (250 ms, then 500 ms), never past the request's deadline
//     ([WithRetries]; writes are never retried);
//   - optional pacing inside Dub's rate limits ([WithPacing]; off by
//     default);
//   - a keep-alive pool of [MaxIdleConnsPerHost] (64) connections.
//
// The whole call, retries included, is bounded by [DefaultTimeout]
// (30 s, [WithTimeout]).
func NewClient(opts ...Option) *Client {
	c := &Client{
		baseURL:   DefaultBaseURL,
		userAgent: defaultUserAgent,
		timeout:   DefaultTimeout,
		retries:   DefaultRetries,
		now:       time.Now,
	}
	for _, opt := range opts {
		opt(c)
	}
	if c.httpClient == nil {
		c.httpClient = &http.Client{Transport: c.defaultTransport()}
	}
	if c.timeout > 0 && c.httpClient.Timeout == 0 {
		h := *c.httpClient
		h.Timeout = c.timeout
		c.httpClient = &h
	}
	return c
}

// defaultTransport is the stack NewClient documents.
func (c *Client) defaultTransport() http.RoundTripper {
	return transport.New(transport.Config{
		MaxResponseBytes: c.maxResponseBytes,
		NoRetry:          c.retries == 0,
		Pace:             c.pacing,
	}, transport.WithMaxRetries(c.retries), transport.WithClock(c.now, c.sleep))
}

// WithRetries sets how many times the default transport retries a read
// (default [DefaultRetries]; at most 5; 0 turns retrying off). Writes are
// never retried. It has no effect with [WithHTTPClient].
func WithRetries(n int) Option {
	return func(c *Client) { c.retries = max(n, 0) }
}

// WithMaxResponseBytes bounds an answer's body in the default transport
// (default [DefaultMaxResponseBytes]; a negative n sets no bound). It has
// no effect with [WithHTTPClient].
func WithMaxResponseBytes(n int64) Option {
	return func(c *Client) { c.maxResponseBytes = n }
}

// WithPacing makes the default transport hold requests back so that each
// API key stays inside p (off by default): Dub answers 429 past its
// per-minute limit on every path and its per-second limit on analytics
// and events, so pacing turns bursts into short waits. A wait that would
// run past the request's deadline fails the call at once. Pacing counts
// this client's requests only: replicas each need a share of the plan. It
// has no effect with [WithHTTPClient].
func WithPacing(p Pacing) Option {
	return func(c *Client) { c.pacing = p }
}

// WithClock replaces the client's clock, which rate-limit waits are
// counted from, and the default transport's sleeper (nil keeps the real
// ones). Tests use it to get exact waits without waiting.
func WithClock(now func() time.Time, sleep func(ctx context.Context, d time.Duration) error) Option {
	return func(c *Client) {
		if now != nil {
			c.now = now
		}
		if sleep != nil {
			c.sleep = sleep
		}
	}
}

// WithTimeout bounds each request at d (default [DefaultTimeout]; 0 turns
// the bound off). It applies to an HTTP client from [WithHTTPClient] too,
// unless that client sets its own Timeout.
func WithTimeout(d time.Duration) Option {
	return func(c *Client) { c.timeout = d }
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

// WithHTTPClient sets the HTTP client used to send requests, instead of
// the default one and its transport (see [NewClient]): h's transport is
// used as it is, so retries, pacing and the response bound are then h's
// business (the transport package builds the same stack). A nil h keeps
// the default.
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
	return c.Call(ctx, Request{
		Op:     method + " " + path,
		Method: method,
		Path:   path,
		Query:  query,
		Body:   body,
	}, out)
}

// Binary is a non-JSON response body, such as a QR code image.
type Binary struct {
	// ContentType is the response's Content-Type header.
	ContentType string
	// Data is the response body.
	Data []byte
}

// Request describes one HTTP call; generated methods and tools build it.
type Request struct {
	// Op is the operationId, for errors.
	Op string
	// Method is the HTTP method.
	Method string
	// Path is already expanded and escaped, e.g. "/links/" + url.PathEscape(id).
	Path string
	// Query may be nil.
	Query url.Values
	// Body is nil for no body; a json.RawMessage is sent as it is; anything
	// else is JSON-encoded.
	Body any
}

// Response is a 2xx answer as the API sent it.
type Response struct {
	// Status is the HTTP status code.
	Status int
	// Header holds the response headers.
	Header http.Header
	// Body is the whole response body, unchanged.
	Body []byte
}

// Raw sends r and returns the answer unchanged on a 2xx status: status,
// headers and body bytes (Accept: */*). Other statuses give an
// [*APIError]. It is the path for callers that want Dub's JSON as Dub
// sent it, such as the MCP tools.
func (c *Client) Raw(ctx context.Context, r Request) (*Response, error) {
	return c.read(ctx, r, "application/json, */*")
}

// read sends r and reads the whole 2xx answer.
func (c *Client) read(ctx context.Context, r Request, accept string) (*Response, error) {
	ctx, deadline, cancel := c.withDeadline(ctx)
	defer cancel()
	resp, _, err := c.send(ctx, deadline, r, accept)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("dub: %s: read response: %w", r.Op, bodyTimedOut(deadline, err))
	}
	return &Response{Status: resp.StatusCode, Header: resp.Header, Body: data}, nil
}

type rawBodyKey struct{}

// ContextWithRawBody returns a copy of ctx that makes the typed calls made
// with it (the generated methods, [Client.Call], [Client.Do]) also store
// the 2xx response body, as the API sent it, in *dst.
func ContextWithRawBody(ctx context.Context, dst *[]byte) context.Context {
	return context.WithValue(ctx, rawBodyKey{}, dst)
}

// Call sends r and, on 2xx, JSON-decodes the body into out. A nil out, or
// an empty body, leaves out untouched. Generated methods use it. See
// [ContextWithRawBody] for the body as the API sent it.
func (c *Client) Call(ctx context.Context, r Request, out any) error {
	ctx, deadline, cancel := c.withDeadline(ctx)
	defer cancel()
	resp, key, err := c.send(ctx, deadline, r, "application/json")
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	dst, _ := ctx.Value(rawBodyKey{}).(*[]byte)
	if out == nil && dst == nil {
		_, _ = io.Copy(io.Discard, resp.Body)
		return nil
	}
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("dub: %s: read response: %w", r.Op, bodyTimedOut(deadline, err))
	}
	if dst != nil {
		*dst = data
	}
	if out == nil || len(bytes.TrimSpace(data)) == 0 {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("dub: %s: decode response: %w (body: %q)", r.Op, err, snippet(data, key))
	}
	return nil
}

// CallBinary sends r and returns the raw body and its content type on 2xx.
// Generated methods of operations that answer with bytes (images) use it.
func (c *Client) CallBinary(ctx context.Context, r Request) (*Binary, error) {
	res, err := c.read(ctx, r, "*/*")
	if err != nil {
		return nil, err
	}
	return &Binary{ContentType: res.Header.Get("Content-Type"), Data: res.Body}, nil
}

// send performs r (within deadline, see withDeadline) and returns the response if its status is 2xx, together
// with the API key used (so that callers can keep it out of error text).
// For any other status it consumes the body and returns an *APIError.
func (c *Client) send(ctx context.Context, deadline time.Time, r Request, accept string) (*http.Response, string, error) {
	key, ok := APIKeyFromContext(ctx)
	if !ok {
		key = c.apiKey
	}
	if key == "" {
		return nil, "", fmt.Errorf("dub: %s: %w", r.Op, ErrNoAPIKey)
	}

	u := c.baseURL + r.Path
	if len(r.Query) > 0 {
		u += "?" + r.Query.Encode()
	}
	var body io.Reader
	if r.Body != nil {
		b, ok := r.Body.(json.RawMessage)
		if !ok {
			var err error
			if b, err = json.Marshal(r.Body); err != nil {
				return nil, "", fmt.Errorf("dub: %s: encode request body: %w", r.Op, err)
			}
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, r.Method, u, body)
	if err != nil {
		return nil, "", fmt.Errorf("dub: %s: build request: %w", r.Op, err)
	}
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Accept", accept)
	req.Header.Set("User-Agent", c.userAgent)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}

	resp, err := c.do(req)
	if err != nil {
		return nil, "", fmt.Errorf("dub: %s: %w", r.Op, shortURL(sendTimedOut(deadline, err), key))
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		defer resp.Body.Close()
		return nil, "", newAPIError(r.Op, resp, key, c.now())
	}
	return resp, key, nil
}

// shortURL keeps a transport error from quoting the whole request URL,
// whose query and path can echo megabytes of arguments: a *url.Error's
// URL is cut to its scheme, host and at most maxSnippet bytes of path,
// without the query, and the API key is redacted.
func shortURL(err error, key string) error {
	var ue *url.Error
	if !errors.As(err, &ue) {
		return err
	}
	short := *ue
	if u, perr := url.Parse(ue.URL); perr == nil {
		p := u.EscapedPath()
		if len(p) > maxSnippet {
			p = p[:maxSnippet] + "…"
		}
		short.URL = u.Scheme + "://" + u.Host + p
		if u.RawQuery != "" {
			short.URL += "?…"
		}
	} else {
		short.URL = snippet([]byte(ue.URL), key)
	}
	short.URL = redact(short.URL, key)
	return &short
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
