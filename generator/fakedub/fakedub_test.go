package fakedub

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

var testRoutes = []string{"GET /links/{linkId}", "GET /links/info", "POST /links/bulk", "GET /analytics"}

func get(t *testing.T, s *Server, method, path, key string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, s.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

func TestScriptsAndCounts(t *testing.T) {
	s := Start(t, testRoutes, "k1")
	s.Script("GET /links/{linkId}", DubError("not_found", "Link not found."), JSON(200, map[string]any{"id": "l"}))
	tests := []struct {
		name, method, path, key string
		status                  int
		body                    string
	}{
		{"first scripted reply", "GET", "/links/abc", "k1", 404, `"doc_url":"https://dub.co/docs/api-reference/errors#not-found"`},
		{"second reply", "GET", "/links/abc", "k1", 200, `{"id":"l"}`},
		{"last reply repeats", "GET", "/links/abc", "k1", 200, `{"id":"l"}`},
		{"more specific route wins", "GET", "/links/info", "k1", 200, `{}`},
		{"wrong key", "GET", "/links/info", "nope", 401, `"code":"unauthorized"`},
		{"unknown path", "GET", "/nowhere", "k1", 404, `"code":"not_found"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, b := get(t, s, tc.method, tc.path, tc.key)
			if resp.StatusCode != tc.status || !strings.Contains(string(b), tc.body) {
				t.Errorf("%s %s: %d %s; want %d containing %s", tc.method, tc.path, resp.StatusCode, b, tc.status, tc.body)
			}
		})
	}
	if got := s.Count("GET /links/{linkId}"); got != 3 {
		t.Errorf("Count(links/{linkId}) = %d, want 3", got)
	}
	if got := s.Count(""); got != 1 {
		t.Errorf("Count(\"\") = %d, want 1", got)
	}
	if got := s.Count("POST /links/bulk"); got != 0 {
		t.Errorf("Count(bulk) = %d, want 0", got)
	}
	s.Reset()
	if n := len(s.Requests()); n != 0 {
		t.Errorf("after Reset: %d requests", n)
	}
}

func TestRateLimitedUsesMilliseconds(t *testing.T) {
	now := time.Date(2026, 12, 1, 21, 0, 0, 0, time.UTC)
	tests := []struct {
		path  string
		reset time.Time
		limit string
	}{
		{"/links", now.Add(time.Minute), "600"},
		{"/analytics", now.Add(time.Second), "10"},
		{"/events", now.Add(time.Second), "10"},
	}
	for _, tc := range tests {
		r := RateLimited(BucketFor(tc.path), now)
		want := strconv.FormatInt(tc.reset.UnixMilli(), 10)
		if r.Status != 429 || r.Header["Retry-After"] != want || r.Header["X-RateLimit-Reset"] != want ||
			r.Header["X-RateLimit-Limit"] != tc.limit || r.Header["X-RateLimit-Remaining"] != "0" {
			t.Errorf("%s: %d %v; want 429, reset %s, limit %s", tc.path, r.Status, r.Header, want, tc.limit)
		}
		if !strings.Contains(string(r.Body), `"doc_url":"https://dub.co/docs/api-reference/errors#rate-limit_exceeded"`) {
			t.Errorf("%s: body %s", tc.path, r.Body)
		}
	}
}

func TestBodies(t *testing.T) {
	s := Start(t, testRoutes)
	tests := []struct {
		name  string
		reply Reply
		check func([]byte) string
	}{
		{"bulk mixed", BulkMixed([]map[string]any{{"id": "link_1"}}, []BulkFailure{{Link: map[string]any{"url": "x"}, Error: "Invalid tagIds detected: t", Code: "unprocessable_entity"}}), func(b []byte) string {
			var v []map[string]any
			if err := json.Unmarshal(b, &v); err != nil || len(v) != 2 || v[1]["code"] != "unprocessable_entity" {
				return "want one success then one failure"
			}
			return ""
		}},
		{"nothing to update", NothingToUpdate(), func(b []byte) string {
			if string(b) != `"No links to update"` {
				return "want a bare JSON string"
			}
			return ""
		}},
		{"timeseries", Timeseries(3000, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Hour, "clicks"), func(b []byte) string {
			var v []map[string]any
			if err := json.Unmarshal(b, &v); err != nil || len(v) != 3000 || len(b) < 130<<10 || len(v[1]) != 2 {
				return "want 3000 {start, clicks} points over 130 KB"
			}
			return ""
		}},
		{"huge error", HugeError("bad_request", 900<<10), func(b []byte) string {
			var v struct{ Error struct{ Message string } }
			if err := json.Unmarshal(b, &v); err != nil || len(v.Error.Message) != 900<<10 {
				return "want a 900 KB message"
			}
			return ""
		}},
		{"malformed", Malformed(), func(b []byte) string {
			if json.Valid(b) {
				return "want invalid JSON"
			}
			return ""
		}},
		{"big", Big(5 << 20), func(b []byte) string {
			if !json.Valid(b) || len(b) < 5<<20 || len(b) > 5<<20+200 {
				return "want ~5 MB of valid JSON"
			}
			return ""
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s.Script("POST /links/bulk", tc.reply)
			_, b := get(t, s, "POST", "/links/bulk", "")
			if msg := tc.check(b); msg != "" {
				t.Errorf("%s (%d bytes: %.200s)", msg, len(b), b)
			}
		})
	}
}

func TestConflictingRoutes(t *testing.T) {
	if _, err := New([]string{"GET /a/{x}/b", "GET /a/c/{y}"}); err == nil {
		t.Fatal("conflicting patterns: no error")
	}
}

// TestRateLimitedNowCountsFromTheAnswer checks that RateLimitedNow's reset
// is one window after each answer, not after the scripting.
func TestRateLimitedNowCountsFromTheAnswer(t *testing.T) {
	s := Start(t, testRoutes)
	b := Bucket{Limit: 5, Window: time.Hour}
	s.Script("GET /analytics", RateLimitedNow(b))
	before := time.Now()
	resp, _ := get(t, s, "GET", "/analytics", "k")
	after := time.Now()
	ms, err := strconv.ParseInt(resp.Header.Get("Retry-After"), 10, 64)
	if err != nil || resp.StatusCode != 429 || resp.Header.Get("X-RateLimit-Reset") != resp.Header.Get("Retry-After") || resp.Header.Get("X-RateLimit-Limit") != "5" {
		t.Fatalf("%d %v", resp.StatusCode, resp.Header)
	}
	if reset := time.UnixMilli(ms); reset.Before(before.Add(time.Hour).Truncate(time.Millisecond)) || reset.After(after.Add(time.Hour)) {
		t.Errorf("reset %s, want one hour after the answer (%s .. %s)", reset, before, after)
	}
}
