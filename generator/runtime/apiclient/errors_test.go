package apiclient

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// testNow is the clock the client tests inject.
var testNow = time.Date(2026, 12, 1, 22, 0, 0, 0, time.UTC)

func fixedClock() time.Time { return testNow }

func TestAPIError(t *testing.T) {
	reset := testNow.Add(time.Minute)
	dubReset := strconv.FormatInt(testNow.Add(42*time.Second+300*time.Millisecond).UnixMilli(), 10)
	tests := []struct {
		name      string
		status    int
		header    http.Header
		body      string
		want      APIError // Operation, StatusCode, Code, Message, DocURL, RateLimit
		wantText  []string // substrings of Error()
		temporary bool
	}{
		{
			name:   "404 JSON",
			status: http.StatusNotFound,
			body:   `{"error":{"code":"not_found","message":"Link not found.","doc_url":"https://dub.co/docs/api-reference/errors#not-found"}}`,
			want: APIError{Code: "not_found", Message: "Link not found.",
				DocURL: "https://dub.co/docs/api-reference/errors#not-found"},
			wantText: []string{"dub: getLinks: 404 not_found: Link not found. (see https://dub.co/docs/api-reference/errors#not-found)"},
		},
		{
			name:   "429 with rate-limit headers",
			status: http.StatusTooManyRequests,
			header: http.Header{
				"X-Ratelimit-Limit":     {"60"},
				"X-Ratelimit-Remaining": {"0"},
				"X-Ratelimit-Reset":     {formatUnix(reset)},
				"Retry-After":           {"30"},
			},
			body: `{"error":{"code":"rate_limit_exceeded","message":"Too many requests."}}`,
			want: APIError{Code: "rate_limit_exceeded", Message: "Too many requests.",
				RateLimit: RateLimit{Limit: 60, Remaining: 0, Reset: reset, RetryAfter: 30 * time.Second}},
			wantText:  []string{"429 rate_limit_exceeded: Too many requests. (retry after 30s)"},
			temporary: true,
		},
		{
			name:   "429 with reset only",
			status: http.StatusTooManyRequests,
			header: http.Header{"X-Ratelimit-Reset": {formatUnix(reset)}},
			body:   `{"error":{"code":"rate_limit_exceeded","message":"Slow down."}}`,
			want: APIError{Code: "rate_limit_exceeded", Message: "Slow down.",
				RateLimit: RateLimit{Reset: reset, RetryAfter: time.Minute}},
			wantText:  []string{"(retry after 60s)"},
			temporary: true,
		},
		{
			// Dub's real 429 (rate-limit-request.ts): Upstash's reset, a Unix
			// time in milliseconds, in Retry-After and X-RateLimit-Reset.
			name:   "429 as Dub sends it",
			status: http.StatusTooManyRequests,
			header: http.Header{"X-Ratelimit-Limit": {"600"}, "X-Ratelimit-Remaining": {"0"},
				"X-Ratelimit-Reset": {dubReset}, "Retry-After": {dubReset}},
			body: `{"error":{"code":"rate_limit_exceeded","message":"Too many requests."}}`,
			want: APIError{Code: "rate_limit_exceeded", Message: "Too many requests.",
				RateLimit: RateLimit{Limit: 600, Reset: testNow.Add(42*time.Second + 300*time.Millisecond), RetryAfter: 42*time.Second + 300*time.Millisecond}},
			wantText:  []string{"(retry after 43s)"},
			temporary: true,
		},
		{
			name:   "429 whose reset has passed",
			status: http.StatusTooManyRequests,
			header: http.Header{"Retry-After": {strconv.FormatInt(testNow.Add(-2*time.Second).UnixMilli(), 10)}},
			body:   `{"error":{"code":"rate_limit_exceeded","message":"Too many requests."}}`,
			want: APIError{Code: "rate_limit_exceeded", Message: "Too many requests.",
				RateLimit: RateLimit{RetryAfter: MinRateLimitWait}},
			wantText:  []string{"(retry after 1s)"},
			temporary: true,
		},
		{
			name:   "429 with an absurd reset",
			status: http.StatusTooManyRequests,
			header: http.Header{"Retry-After": {"99999999999999"}, "X-Ratelimit-Limit": {"-5"}},
			body:   `{"error":{"code":"rate_limit_exceeded","message":"Too many requests."}}`,
			want: APIError{Code: "rate_limit_exceeded", Message: "Too many requests.",
				RateLimit: RateLimit{RetryAfter: time.Hour}},
			wantText:  []string{"(retry after 3600s)"},
			temporary: true,
		},
		{
			name:   "502 HTML",
			status: http.StatusBadGateway,
			body:   "<html>\n  <head><title>502 Bad Gateway</title></head>\n</html>\n",
			want: APIError{Code: "bad_gateway",
				Message: `an HTML page titled "502 Bad Gateway" instead of JSON`},
			wantText:  []string{`dub: getLinks: 502 bad_gateway: an HTML page titled "502 Bad Gateway" instead of JSON`},
			temporary: true,
		},
		{
			name:      "500 empty body",
			status:    http.StatusInternalServerError,
			want:      APIError{Code: "internal_server_error"},
			wantText:  []string{"dub: getLinks: 500 internal_server_error"},
			temporary: true,
		},
		{
			name:     "401 echoing the key",
			status:   http.StatusUnauthorized,
			body:     `{"error":{"code":"unauthorized","message":"Invalid key secret-key"}}`,
			want:     APIError{Code: "unauthorized", Message: "Invalid key [REDACTED]"},
			wantText: []string{"401 unauthorized: Invalid key [REDACTED]"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				for k, v := range tt.header {
					w.Header()[k] = v
				}
				w.WriteHeader(tt.status)
				_, _ = io.WriteString(w, tt.body)
			}, WithAPIKey("secret-key"), WithClock(fixedClock, nil))
			err := c.Call(context.Background(), Request{Op: "getLinks", Method: http.MethodGet, Path: "/links"}, &struct{}{})
			var got *APIError
			if !errors.As(err, &got) {
				t.Fatalf("err = %v, want *APIError", err)
			}
			want := tt.want
			want.Operation, want.StatusCode = "getLinks", tt.status
			if got.Operation != want.Operation || got.StatusCode != want.StatusCode || got.Code != want.Code ||
				got.Message != want.Message || got.DocURL != want.DocURL || !got.RateLimit.Reset.Equal(want.RateLimit.Reset) ||
				got.RateLimit.Limit != want.RateLimit.Limit || got.RateLimit.Remaining != want.RateLimit.Remaining ||
				got.RateLimit.RetryAfter != want.RateLimit.RetryAfter {
				t.Errorf("APIError = %+v\nwant       %+v", *got, want)
			}
			for _, s := range tt.wantText {
				if !strings.Contains(got.Error(), s) {
					t.Errorf("Error() = %q, want it to contain %q", got.Error(), s)
				}
			}
			if strings.Contains(got.Error(), "secret-key") || strings.Contains(string(got.Body), "secret-key") {
				t.Errorf("APIError leaks the API key: %q / %q", got.Error(), got.Body)
			}
			if got.Temporary() != tt.temporary {
				t.Errorf("Temporary() = %v, want %v", got.Temporary(), tt.temporary)
			}
		})
	}
}

func TestAPIErrorBodyIsCapped(t *testing.T) {
	c := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadGateway)
		_, _ = io.WriteString(w, strings.Repeat("é", maxErrorBody))
	}, WithAPIKey("k"))
	err := c.Call(context.Background(), Request{Op: "getLinks", Method: http.MethodGet, Path: "/links"}, nil)
	var got *APIError
	if !errors.As(err, &got) {
		t.Fatalf("err = %v, want *APIError", err)
	}
	if len(got.Body) != maxErrorBody {
		t.Errorf("len(Body) = %d, want %d", len(got.Body), maxErrorBody)
	}
	if len(got.Message) > maxSnippet+len("…") || !strings.HasSuffix(got.Message, "é…") {
		t.Errorf("Message = %q (%d bytes), want a short snippet cut on a rune boundary", got.Message, len(got.Message))
	}
}

func TestAPIErrorMessageIsCapped(t *testing.T) {
	huge := strings.Repeat("x", 900<<10)
	c := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		_, _ = io.WriteString(w, `{"error":{"code":"bad_request","message":"`+huge+`"}}`)
	}, WithAPIKey("k"))
	err := c.Call(context.Background(), Request{Op: "getLinks", Method: http.MethodGet, Path: "/links"}, nil)
	var got *APIError
	if !errors.As(err, &got) {
		t.Fatalf("err = %v, want *APIError", err)
	}
	if len(got.Message) > maxMessage+64 || !strings.Contains(got.Message, "921600 bytes in all") {
		t.Errorf("Message is %d bytes (%.80q…), want at most %d and the full length named", len(got.Message), got.Message, maxMessage)
	}
}

func TestNetworkErrorQuotesNoArguments(t *testing.T) {
	c := NewClient(WithAPIKey("sekret-key"), WithBaseURL("http://127.0.0.1:1"))
	long := strings.Repeat("a", 100<<10)
	q := url.Values{"search": {long}}
	err := c.Call(context.Background(), Request{Op: "getLinks", Method: http.MethodGet, Path: "/links/" + long, Query: q}, nil)
	if err == nil {
		t.Fatal("no error from a closed port")
	}
	if msg := err.Error(); len(msg) > 600 || strings.Contains(msg, "sekret-key") {
		t.Errorf("error is %d bytes: %.300q", len(msg), msg)
	}
	var ue *url.Error
	if !errors.As(err, &ue) {
		t.Errorf("err = %T, want a *url.Error in the chain", err)
	}
}

func TestParseRateLimit(t *testing.T) {
	now := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name   string
		code   int
		header http.Header
		want   RateLimit
	}{
		{"none", 429, http.Header{}, RateLimit{}},
		{"malformed", 429, http.Header{"X-Ratelimit-Limit": {"x"}, "X-Ratelimit-Reset": {"soon"}, "Retry-After": {"later"}}, RateLimit{}},
		{"retry-after seconds", 503, http.Header{"Retry-After": {"7"}}, RateLimit{RetryAfter: 7 * time.Second}},
		{"retry-after date", 503, http.Header{"Retry-After": {now.Add(90 * time.Second).Format(http.TimeFormat)}}, RateLimit{RetryAfter: 90 * time.Second}},
		{"retry-after date in the past", 503, http.Header{"Retry-After": {now.Add(-time.Hour).Format(http.TimeFormat)}}, RateLimit{}},
		{"all", 200, http.Header{"X-Ratelimit-Limit": {"100"}, "X-Ratelimit-Remaining": {"3"}, "X-Ratelimit-Reset": {"1735787105"}},
			RateLimit{Limit: 100, Remaining: 3, Reset: time.Unix(1735787105, 0)}},
		{"reset in milliseconds", 200, http.Header{"X-Ratelimit-Reset": {"1735787105000"}}, RateLimit{Reset: time.Unix(1735787105, 0)}},
		{"5xx ignores the reset", 503, http.Header{"X-Ratelimit-Reset": {"1735787105000"}}, RateLimit{Reset: time.Unix(1735787105, 0)}},
		{"429 reads the reset", 429, http.Header{"X-Ratelimit-Reset": {"1735787105000"}}, RateLimit{Reset: time.Unix(1735787105, 0), RetryAfter: time.Minute}},
		{"429 ietf field", 429, http.Header{"Ratelimit": {`"default";r=0;t=7`}}, RateLimit{RetryAfter: 7 * time.Second}},
		{"429 retry-after zero", 429, http.Header{"Retry-After": {"0"}}, RateLimit{RetryAfter: MinRateLimitWait}},
		{"overflowing ignored", 429, http.Header{"Retry-After": {"9223372036854775808000"}, "X-Ratelimit-Remaining": {"99999999999999999999"}}, RateLimit{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := parseRateLimit(tt.code, tt.header, now)
			if got.Limit != tt.want.Limit || got.Remaining != tt.want.Remaining ||
				!got.Reset.Equal(tt.want.Reset) || got.RetryAfter != tt.want.RetryAfter {
				t.Errorf("parseRateLimit = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestSnakeCase(t *testing.T) {
	for in, want := range map[string]string{
		"Bad Gateway":                "bad_gateway",
		"I'm a teapot":               "i_m_a_teapot",
		"Request-URI Too Long":       "request_uri_too_long",
		"HTTP Version Not Supported": "http_version_not_supported",
		"":                           "",
	} {
		if got := snakeCase(in); got != want {
			t.Errorf("snakeCase(%q) = %q, want %q", in, got, want)
		}
	}
}

func formatUnix(t time.Time) string {
	return strconv.FormatInt(t.Unix(), 10)
}
