package mcptools

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/dubgen/dubgen/generator/runtime/apiclient"
)

// jsonResult returns v as structured content plus a text content holding
// the same compact JSON, for clients that ignore structured content. MCP
// requires structured content to be an object: unless v encodes as one,
// pass a non-empty wrap to get {wrap: v} instead.
func jsonResult(v any, wrap string) (*mcp.CallToolResult, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("dubmcp: encode result: %w", err)
	}
	return rawResult(b, wrap), nil
}

// rawResult returns the JSON b, unchanged, as structured content plus a
// text content holding the same bytes. With a non-empty wrap the
// structured content is {wrap: b}.
func rawResult(b []byte, wrap string) *mcp.CallToolResult {
	return &mcp.CallToolResult{
		Content:           []mcp.Content{mcp.NewTextContent(string(b))},
		StructuredContent: &payload{Wrap: wrap, Body: b},
	}
}

// payload is a result's structured content: Dub's JSON as Dub sent it,
// wrapped in {Wrap: ...} when it is not an object (MCP wants an object),
// plus, for wrapped lists, the arguments of the next page. It marshals
// without decoding Body again.
type payload struct {
	// Wrap is the property Body is wrapped in ("" for none).
	Wrap string
	// Body is the JSON (valid; answer checks it).
	Body json.RawMessage
	// Next are the arguments that fetch the next page (wrapped only).
	Next map[string]any
}

// MarshalJSON writes Body, or {"<Wrap>":Body,"next":Next}.
func (p *payload) MarshalJSON() ([]byte, error) {
	if p.Wrap == "" {
		return p.Body, nil
	}
	b := make([]byte, 0, len(p.Body)+len(p.Wrap)+64)
	b = append(b, `{"`...)
	b = append(b, p.Wrap...)
	b = append(b, `":`...)
	b = append(b, p.Body...)
	if p.Next != nil {
		next, err := json.Marshal(p.Next)
		if err != nil {
			return nil, fmt.Errorf("dubmcp: encode next-page arguments: %w", err)
		}
		b = append(append(b, `,"next":`...), next...)
	}
	return append(b, '}'), nil
}

// cost is the bytes a result carrying doc takes: the text copy (quoted,
// as JSON sends it) plus the structured copy, with its wrapper.
func (p *payload) cost(doc []byte) int {
	n := quotedLen(doc) + len(doc)
	if p.Wrap != "" {
		n += len(p.Wrap) + 5
	}
	return n
}

// imageResult returns b as base64 image content of b's media type (sniffed
// from the data when the response did not name one). A body that is not
// an image (JSON, HTML, an empty answer) is an error result.
func imageResult(tool string, b *apiclient.Binary) *mcp.CallToolResult {
	if b == nil || len(b.Data) == 0 {
		return mcp.NewToolResultError(tool + " failed: the Dub API answered with no image.")
	}
	sniffed, _, _ := mime.ParseMediaType(http.DetectContentType(b.Data))
	mediaType, _, err := mime.ParseMediaType(b.ContentType)
	if err != nil || !strings.HasPrefix(mediaType, "image/") {
		mediaType = sniffed
	}
	// Formats the sniffer does not know (SVG) count when the response says
	// image/*; JSON and text posing as an image do not.
	if !strings.HasPrefix(sniffed, "image/") && (!strings.HasPrefix(mediaType, "image/") || strings.HasPrefix(sniffed, "text/html") || json.Valid(b.Data) || isJSONStart(b.Data)) {
		return mcp.NewToolResultError(fmt.Sprintf("%s failed: the Dub API answered HTTP 2xx with %s (%d bytes) instead of an image: %q",
			tool, orDefault(b.ContentType, "no content type"), len(b.Data), snippet(b.Data)))
	}
	return &mcp.CallToolResult{
		Content: []mcp.Content{mcp.NewImageContent(base64.StdEncoding.EncodeToString(b.Data), mediaType)},
	}
}

// isJSONStart reports whether b starts like a JSON object or array
// (a cut-off JSON answer is not valid JSON but no image either).
func isJSONStart(b []byte) bool {
	t := bytes.TrimSpace(b)
	return len(t) > 0 && (t[0] == '{' || t[0] == '[')
}

// maxErrorText caps an error result's text. Every part that quotes
// something (Dub's message, a body, an argument) is cut well below it;
// this is the last guard.
const maxErrorText = 3000

// errorResult turns err from calling tool into an isError tool result, so
// that the model sees what went wrong. Error results carry text only: a
// structured error would have to match the tool's output schema, which
// describes successes (and the TypeScript SDK v1 checks it even on
// errors). The client keeps API keys and long URLs out of its errors, and
// the text is capped at maxErrorText bytes.
func errorResult(tool string, err error) *mcp.CallToolResult {
	return errorResultAt(tool, err, time.Now())
}

// errorResultAt is errorResult at the time now, which rate-limit resets
// are counted from (tests pass a fixed clock).
func errorResultAt(tool string, err error, now time.Time) *mcp.CallToolResult {
	var apiErr *apiclient.APIError
	var argErr *argError
	var text string
	switch {
	case errors.As(err, &apiErr):
		text = apiErrorText(tool, apiErr, now)
	case errors.As(err, &argErr):
		text = fmt.Sprintf("%s: invalid arguments: %s. Fix the arguments and call the tool again.", tool, argErr.msg)
	case err == nil:
		text = tool + " failed"
	default:
		text = fmt.Sprintf("%s failed: %v", tool, err)
	}
	return mcp.NewToolResultError(capText(text, maxErrorText))
}

// capText cuts s to at most max bytes on a rune boundary.
func capText(s string, max int) string {
	if len(s) <= max {
		return s
	}
	cut := max - len("… (cut)")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "… (cut)"
}

// apiErrorText says what Dub answered: status, code, message (already
// bounded by the client), whether to retry and when, and the docs link.
func apiErrorText(tool string, e *apiclient.APIError, now time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s failed: the Dub API returned HTTP %d %s", tool, e.StatusCode, http.StatusText(e.StatusCode))
	if e.Code != "" {
		fmt.Fprintf(&b, " (%s)", e.Code)
	}
	if e.Message != "" {
		b.WriteString(": " + strings.TrimSuffix(e.Message, "."))
	}
	b.WriteString(".")
	if e.Temporary() {
		if e.StatusCode == http.StatusTooManyRequests {
			b.WriteString(" Rate limit exceeded:")
		} else {
			b.WriteString(" This may be temporary:")
		}
		if n := retryAfterSeconds(e, now); n > 0 {
			fmt.Fprintf(&b, " retry in %d seconds.", n)
		} else {
			b.WriteString(" retry later.")
		}
	}
	if e.DocURL != "" {
		fmt.Fprintf(&b, " See %s", e.DocURL)
	}
	return b.String()
}

// retryAfterSeconds returns how many whole seconds (rounded up) to wait
// before retrying, from Retry-After or, for 429, X-RateLimit-Reset; 0 if
// the response does not say.
func retryAfterSeconds(e *apiclient.APIError, now time.Time) int {
	d := e.RateLimit.RetryAfter
	if d <= 0 && e.StatusCode == http.StatusTooManyRequests && !e.RateLimit.Reset.IsZero() {
		d = e.RateLimit.Reset.Sub(now)
	}
	if d <= 0 {
		return 0
	}
	return int((d + time.Second - 1) / time.Second)
}

// orDefault is s, or d when s is empty.
func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}
