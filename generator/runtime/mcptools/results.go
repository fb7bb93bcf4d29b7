package mcptools

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"time"

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
	var structured any = json.RawMessage(b)
	if wrap != "" {
		structured = map[string]json.RawMessage{wrap: b}
	}
	return &mcp.CallToolResult{
		Content:           []mcp.Content{mcp.NewTextContent(string(b))},
		StructuredContent: structured,
	}
}

// imageResult returns b as base64 image content of b's media type (sniffed
// from the data when the response did not name one).
func imageResult(b *apiclient.Binary) *mcp.CallToolResult {
	if b == nil {
		return mcp.NewToolResultError("the API returned no image")
	}
	mediaType, _, err := mime.ParseMediaType(b.ContentType)
	if err != nil {
		mediaType, _, _ = mime.ParseMediaType(http.DetectContentType(b.Data))
	}
	return &mcp.CallToolResult{
		Content: []mcp.Content{mcp.NewImageContent(base64.StdEncoding.EncodeToString(b.Data), mediaType)},
	}
}

// apiErrorContent is the structured content of a failed API call.
type apiErrorContent struct {
	Status            int    `json:"status"`
	Code              string `json:"code"`
	Message           string `json:"message"`
	DocURL            string `json:"doc_url,omitempty"`
	RetryAfterSeconds int    `json:"retry_after_seconds,omitempty"`
}

// errorResult turns err from calling tool into an isError tool result, so
// that the model sees what went wrong. Dub API errors also get structured
// content {"error": {...}}. The client keeps API keys out of its errors,
// so the text holds none.
func errorResult(tool string, err error) *mcp.CallToolResult {
	return errorResultAt(tool, err, time.Now())
}

// errorResultAt is errorResult at the time now, which rate-limit resets
// are counted from (tests pass a fixed clock).
func errorResultAt(tool string, err error, now time.Time) *mcp.CallToolResult {
	var apiErr *apiclient.APIError
	var argErr *argError
	switch {
	case errors.As(err, &apiErr):
		return apiErrorResult(tool, apiErr, now)
	case errors.As(err, &argErr):
		return mcp.NewToolResultError(fmt.Sprintf(
			"%s: invalid arguments: %s. Fix the arguments and call the tool again.", tool, argErr.msg))
	case err == nil:
		return mcp.NewToolResultError(tool + " failed")
	}
	return mcp.NewToolResultError(fmt.Sprintf("%s failed: %v", tool, err))
}

func apiErrorResult(tool string, e *apiclient.APIError, now time.Time) *mcp.CallToolResult {
	content := apiErrorContent{
		Status:            e.StatusCode,
		Code:              e.Code,
		Message:           e.Message,
		DocURL:            e.DocURL,
		RetryAfterSeconds: retryAfterSeconds(e, now),
	}

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
		if content.RetryAfterSeconds > 0 {
			fmt.Fprintf(&b, " retry in %d seconds.", content.RetryAfterSeconds)
		} else {
			b.WriteString(" retry later.")
		}
	}
	if e.DocURL != "" {
		fmt.Fprintf(&b, " See %s", e.DocURL)
	}

	res := mcp.NewToolResultError(b.String())
	res.StructuredContent = map[string]apiErrorContent{"error": content}
	return res
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
