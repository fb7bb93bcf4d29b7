package transport

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// MaxWait is the longest wait [ParseWait] reports. Dub's buckets reset
// within a minute; anything beyond an hour is a misread header, not advice
// an agent should follow.
const MaxWait = time.Hour

// Magnitude thresholds that tell the units of a numeric reset value apart.
// Dub puts Upstash's reset, a Unix time in milliseconds, into Retry-After
// and X-RateLimit-Reset; others send delta seconds (RFC 9110) or a Unix
// time in seconds (GitHub's X-RateLimit-Reset).
const (
	// epochSecondsFrom: a number at or above it (2001-09-09 as Unix
	// seconds; 31 years as a delta) is an absolute Unix time in seconds.
	epochSecondsFrom = 1e9
	// epochMillisFrom: at or above it (year 5138 as Unix seconds; 1973 as
	// Unix milliseconds) it is a Unix time in milliseconds.
	epochMillisFrom = 1e11
	// epochMillisTo: at or above it (year 5138 as Unix milliseconds) the
	// value is rejected.
	epochMillisTo = 1e14
)

// ParseWait returns how long the response headers h ask the caller to wait
// before retrying, as seen at now, and whether any header said so. It
// reads, in this order, the first that parses:
//
//   - Retry-After: delta seconds or an HTTP date (RFC 9110), or a Unix time;
//   - RateLimit: the IETF structured field (`"default";r=0;t=30`, taking
//     the largest t) or the older `limit=10, remaining=0, reset=30` form;
//   - RateLimit-Reset (IETF draft): delta seconds;
//   - X-RateLimit-Reset: a Unix time, or delta seconds.
//
// A number is classified by magnitude, whatever the header: below 1e9 it
// is delta seconds, below 1e11 a Unix time in seconds, below 1e14 a Unix
// time in milliseconds (Dub's case), and larger numbers are ignored. A
// time in the past gives 0. The result is never negative and never more
// than [MaxWait].
func ParseWait(h http.Header, now time.Time) (time.Duration, bool) {
	if v := strings.TrimSpace(h.Get("Retry-After")); v != "" {
		if d, ok := parseNumericWait(v, now); ok {
			return d, true
		}
		if t, err := http.ParseTime(v); err == nil {
			return secondsWait(t.Sub(now).Seconds()), true
		}
	}
	if d, ok := parseRateLimitField(h.Get("RateLimit"), now); ok {
		return d, true
	}
	for _, name := range []string{"RateLimit-Reset", "X-RateLimit-Reset"} {
		if d, ok := parseNumericWait(strings.TrimSpace(h.Get(name)), now); ok {
			return d, true
		}
	}
	return 0, false
}

// parseNumericWait reads one number, classified by magnitude (see
// ParseWait).
func parseNumericWait(v string, now time.Time) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f < 0 || f >= epochMillisTo {
		return 0, false
	}
	switch {
	case f < epochSecondsFrom:
		return secondsWait(f), true
	case f < epochMillisFrom:
		return untilUnix(f*1e3, now), true
	default:
		return untilUnix(f, now), true
	}
}

// untilUnix returns the clamped time from now until ms Unix milliseconds.
func untilUnix(ms float64, now time.Time) time.Duration {
	nowMS := float64(now.UnixNano()) / 1e6
	return secondsWait((ms - nowMS) / 1e3)
}

// secondsWait converts sec to a Duration clamped to [0, MaxWait], bounding
// it before the conversion so that no value can overflow.
func secondsWait(sec float64) time.Duration {
	sec = min(max(sec, 0), MaxWait.Seconds())
	return time.Duration(sec * float64(time.Second))
}

// parseRateLimitField reads the reset of an IETF RateLimit field: the
// largest "t" (or older "reset") parameter among its members.
func parseRateLimitField(v string, now time.Time) (time.Duration, bool) {
	var best time.Duration
	found := false
	for member := range strings.SplitSeq(v, ",") {
		for param := range strings.SplitSeq(member, ";") {
			key, val, ok := strings.Cut(strings.TrimSpace(param), "=")
			if !ok || (key != "t" && key != "reset") {
				continue
			}
			if d, ok := parseNumericWait(strings.Trim(strings.TrimSpace(val), `"`), now); ok {
				best, found = max(best, d), true
			}
		}
	}
	return best, found
}
