package mcptools

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/dubgen/dubgen/generator/runtime/apiclient"
)

func TestJSONResult(t *testing.T) {
	tests := []struct {
		name, wrap     string
		v              any
		wantText       string
		wantStructured string
	}{
		{"object", "", map[string]int{"clicks": 3}, `{"clicks":3}`, `{"clicks":3}`},
		{"wrapped array", "result", []string{"a"}, `["a"]`, `{"result":["a"]}`},
		{"wrapped scalar", "count", 7, `7`, `{"count":7}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := jsonResult(tt.v, tt.wrap)
			if err != nil {
				t.Fatalf("jsonResult: %v", err)
			}
			if got := resultText(t, res); got != tt.wantText {
				t.Errorf("text = %s, want %s", got, tt.wantText)
			}
			if got := fmt.Sprintf("%s", mustMarshal(t, res.StructuredContent)); got != tt.wantStructured {
				t.Errorf("structured = %s, want %s", got, tt.wantStructured)
			}
			if res.IsError {
				t.Error("IsError = true")
			}
		})
	}
	if _, err := jsonResult(func() {}, ""); err == nil || !strings.Contains(err.Error(), "dubmcp: encode result") {
		t.Errorf("jsonResult(func) error = %v", err)
	}
}

func TestImageResult(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	tests := []struct {
		name, contentType, wantType string
	}{
		{"declared", "image/png", "image/png"},
		{"with parameters", "image/svg+xml; charset=utf-8", "image/svg+xml"},
		{"sniffed", "", "image/png"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := imageResult("get_qr_code", &apiclient.Binary{ContentType: tt.contentType, Data: png})
			img, ok := mcp.AsImageContent(res.Content[0])
			if !ok || len(res.Content) != 1 {
				t.Fatalf("content = %#v, want one image", res.Content)
			}
			if img.MIMEType != tt.wantType || img.Data != base64.StdEncoding.EncodeToString(png) {
				t.Errorf("image = %s %q, want %s and the base64 data", img.MIMEType, img.Data, tt.wantType)
			}
		})
	}
	notImages := []struct{ name, contentType, body string }{
		{"nil", "", ""},
		{"cut-off JSON", "application/json", `{"id":"link_1","url":"https://exa`},
		{"JSON declared as an image", "image/png", `{"error":"nope"}`},
		{"HTML", "text/html", "<!DOCTYPE html><html><title>502</title></html>"},
		{"text", "", "Internal Server Error"},
	}
	for _, tt := range notImages {
		var b *apiclient.Binary
		if tt.name != "nil" {
			b = &apiclient.Binary{ContentType: tt.contentType, Data: []byte(tt.body)}
		}
		if res := imageResult("get_qr_code", b); !res.IsError || res.StructuredContent != nil {
			t.Errorf("%s: result is not a text-only error: %#v", tt.name, res)
		}
	}
}

func TestErrorResult(t *testing.T) {
	// A fixed clock: the reset is counted from it, not from a second
	// time.Now() that may fall in another millisecond.
	now := time.Date(2026, 8, 21, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		err  error
		want []string
	}{
		{
			name: "wrapped API error",
			err:  fmt.Errorf("context: %w", &apiclient.APIError{Operation: "getLink", StatusCode: 404, Code: "not_found", Message: "Link not found."}),
			want: []string{"get_link failed: the Dub API returned HTTP 404 Not Found (not_found): Link not found."},
		},
		{
			name: "429 with reset only",
			err: &apiclient.APIError{StatusCode: http.StatusTooManyRequests, Code: "rate_limit_exceeded",
				RateLimit: apiclient.RateLimit{Reset: now.Add(10*time.Second + time.Millisecond)}},
			want: []string{"HTTP 429 Too Many Requests (rate_limit_exceeded). Rate limit exceeded: retry in 11 seconds."},
		},
		{
			name: "429 without hints",
			err:  &apiclient.APIError{StatusCode: http.StatusTooManyRequests},
			want: []string{"HTTP 429 Too Many Requests. Rate limit exceeded: retry later."},
		},
		{
			name: "503 with retry-after",
			err:  &apiclient.APIError{StatusCode: 503, Code: "service_unavailable", RateLimit: apiclient.RateLimit{RetryAfter: 1500 * time.Millisecond}},
			want: []string{"This may be temporary: retry in 2 seconds."},
		},
		{
			name: "argument error",
			err:  &argError{`argument "page": expected integer, got string`},
			want: []string{`get_link: invalid arguments: argument "page": expected integer, got string. Fix the arguments`},
		},
		{
			name: "no API key",
			err:  fmt.Errorf("dub: getLink: %w", apiclient.ErrNoAPIKey),
			want: []string{"get_link failed: dub: getLink: dub: no API key"},
		},
		{
			name: "other",
			err:  errors.New("connection refused"),
			want: []string{"get_link failed: connection refused"},
		},
		{
			name: "nil",
			want: []string{"get_link failed"},
		},
		{
			name: "huge error text",
			err:  errors.New(strings.Repeat("é", 10_000)),
			want: []string{"get_link failed: éé", "… (cut)"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := errorResultAt("get_link", tt.err, now)
			if !res.IsError {
				t.Error("IsError = false")
			}
			text := resultText(t, res)
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("text = %q, want it to contain %q", text, w)
				}
			}
			// Error results are text only: structured content would have to
			// match the tool's output schema (TS SDK v1 checks it on errors).
			if res.StructuredContent != nil {
				t.Errorf("structured content on an error result: %s", mustMarshal(t, res.StructuredContent))
			}
			if n := len(text); n > maxErrorText {
				t.Errorf("error text is %d bytes, over %d", n, maxErrorText)
			}
		})
	}
}

func mustMarshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	return b
}
