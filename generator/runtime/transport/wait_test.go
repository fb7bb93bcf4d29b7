package transport

import (
	"net/http"
	"strconv"
	"testing"
	"time"
)

// testNow is the clock every wait test reads.
var testNow = time.Date(2026, 12, 1, 21, 0, 0, 0, time.UTC)

func unixMS(t time.Time) string { return strconv.FormatInt(t.UnixMilli(), 10) }
func unixS(t time.Time) string  { return strconv.FormatInt(t.Unix(), 10) }

func TestParseWait(t *testing.T) {
	in42 := testNow.Add(42 * time.Second)
	for _, tc := range []struct {
		name    string
		headers map[string]string
		want    time.Duration
		wantOK  bool
	}{
		// Dub's 429 (rate-limit-request.ts): Upstash's reset, Unix
		// milliseconds, in both headers.
		{"dub 429", map[string]string{"Retry-After": unixMS(in42), "X-RateLimit-Reset": unixMS(in42), "X-RateLimit-Limit": "60", "X-RateLimit-Remaining": "0"}, 42 * time.Second, true},
		{"dub reset only", map[string]string{"X-RateLimit-Reset": unixMS(in42)}, 42 * time.Second, true},
		{"dub reset ms fraction", map[string]string{"Retry-After": unixMS(testNow.Add(1500 * time.Millisecond))}, 1500 * time.Millisecond, true},
		{"dub reset in the past", map[string]string{"Retry-After": unixMS(testNow.Add(-5 * time.Second))}, 0, true},
		{"delta seconds", map[string]string{"Retry-After": "7"}, 7 * time.Second, true},
		{"delta zero", map[string]string{"Retry-After": "0"}, 0, true},
		{"delta fractional", map[string]string{"Retry-After": "0.25"}, 250 * time.Millisecond, true},
		{"delta huge clamped", map[string]string{"Retry-After": "999999999"}, MaxWait, true},
		{"http date", map[string]string{"Retry-After": in42.Format(http.TimeFormat)}, 42 * time.Second, true},
		{"http date past", map[string]string{"Retry-After": testNow.Add(-time.Hour).Format(http.TimeFormat)}, 0, true},
		{"http date far future clamped", map[string]string{"Retry-After": testNow.Add(1000 * time.Hour).Format(http.TimeFormat)}, MaxWait, true},
		{"epoch seconds", map[string]string{"X-RateLimit-Reset": unixS(in42)}, 42 * time.Second, true},
		{"epoch seconds far future clamped", map[string]string{"X-RateLimit-Reset": "99999999999"}, MaxWait, true},
		{"epoch millis far future clamped", map[string]string{"X-RateLimit-Reset": "99999999999999"}, MaxWait, true},
		{"too large ignored", map[string]string{"Retry-After": "100000000000000"}, 0, false},
		{"overflowing ignored", map[string]string{"Retry-After": "9223372036854775808000"}, 0, false},
		{"negative ignored", map[string]string{"Retry-After": "-3"}, 0, false},
		{"nan ignored", map[string]string{"Retry-After": "NaN"}, 0, false},
		{"inf ignored", map[string]string{"Retry-After": "+Inf"}, 0, false},
		{"garbage falls through", map[string]string{"Retry-After": "soon", "X-RateLimit-Reset": "5"}, 5 * time.Second, true},
		{"retry-after wins", map[string]string{"Retry-After": "3", "X-RateLimit-Reset": unixMS(in42)}, 3 * time.Second, true},
		{"ietf structured", map[string]string{"RateLimit": `"default";r=0;t=30`}, 30 * time.Second, true},
		{"ietf structured two policies", map[string]string{"RateLimit": `"minute";r=0;t=12, "second";r=0;t=1`}, 12 * time.Second, true},
		{"ietf draft-07 dictionary", map[string]string{"RateLimit": `limit=10, remaining=0, reset=9`}, 9 * time.Second, true},
		{"ietf reset header", map[string]string{"RateLimit-Reset": "11"}, 11 * time.Second, true},
		{"ietf before x-", map[string]string{"RateLimit-Reset": "11", "X-RateLimit-Reset": unixMS(in42)}, 11 * time.Second, true},
		{"ietf field without t", map[string]string{"RateLimit": `"default";r=5`}, 0, false},
		{"none", map[string]string{"X-RateLimit-Limit": "60"}, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := http.Header{}
			for k, v := range tc.headers {
				h.Set(k, v)
			}
			got, ok := ParseWait(h, testNow)
			if got != tc.want || ok != tc.wantOK {
				t.Errorf("ParseWait(%v) = %v, %v; want %v, %v", tc.headers, got, ok, tc.want, tc.wantOK)
			}
		})
	}
}
