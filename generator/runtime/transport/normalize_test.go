package transport

import (
	"net/http"
	"testing"
	"time"
)

// headerServer answers with status and headers, as scripted.
type headerServer struct {
	status  int
	headers map[string]string
}

func (s headerServer) RoundTrip(req *http.Request) (*http.Response, error) {
	h := http.Header{}
	for k, v := range s.headers {
		h.Set(k, v)
	}
	return &http.Response{StatusCode: s.status, Header: h, Body: http.NoBody, Request: req}, nil
}

func TestNormalizeRateLimit(t *testing.T) {
	in42 := testNow.Add(42*time.Second + 300*time.Millisecond)
	for _, tc := range []struct {
		name       string
		status     int
		headers    map[string]string
		wantRetry  string
		wantReset  string
		wantOrigRA string
	}{
		{"dub 429", 429, map[string]string{"Retry-After": unixMS(in42), "X-RateLimit-Reset": unixMS(in42)}, "43", unixS(in42), unixMS(in42)},
		{"delta seconds untouched", 429, map[string]string{"Retry-After": "7", "X-RateLimit-Reset": unixS(in42)}, "7", unixS(in42), ""},
		{"http date", 503, map[string]string{"Retry-After": in42.Format(http.TimeFormat)}, "42", "", in42.Format(http.TimeFormat)},
		{"epoch seconds", 429, map[string]string{"Retry-After": unixS(in42)}, "42", "", unixS(in42)},
		{"garbage untouched", 429, map[string]string{"Retry-After": "soon"}, "soon", "", ""},
		{"200 untouched", 200, map[string]string{"Retry-After": unixMS(in42), "X-RateLimit-Reset": unixMS(in42)}, unixMS(in42), unixMS(in42), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clock := newFakeClock()
			req, _ := http.NewRequestWithContext(t.Context(), "GET", "https://api.dub.test/links", nil)
			resp, err := NormalizeRateLimit(headerServer{tc.status, tc.headers}, clock.option()).RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			h := resp.Header
			if h.Get("Retry-After") != tc.wantRetry || h.Get("X-RateLimit-Reset") != tc.wantReset || h.Get(HeaderOriginalRetryAfter) != tc.wantOrigRA {
				t.Errorf("Retry-After %q, X-RateLimit-Reset %q, original %q; want %q, %q, %q",
					h.Get("Retry-After"), h.Get("X-RateLimit-Reset"), h.Get(HeaderOriginalRetryAfter), tc.wantRetry, tc.wantReset, tc.wantOrigRA)
			}
			if got, ok := ParseWait(h, clock.Now()); tc.status != 200 && ok && got > time.Minute {
				t.Errorf("after normalising, the wait reads %s", got)
			}
		})
	}
}
