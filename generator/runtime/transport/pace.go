package transport

import (
	"errors"
	"fmt"
	"hash/maphash"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Limits are a Dub workspace's API rate limits, per API key.
type Limits struct {
	// PerMinute bounds requests to every path in any 60-second window
	// (0: unbounded).
	PerMinute int
	// PerSecond bounds requests to paths containing "/analytics" or
	// "/events" in any 1-second window, on top of PerMinute (0: unbounded).
	PerSecond int
}

// plans are the limits of Dub's plans as measured against Dub in 2026
// (per minute 60 to 3,000; analytics and events 2 to 16 per second).
// Dub may change them; [ParseLimits] takes explicit numbers too.
var plans = map[string]Limits{
	"free":     {PerMinute: 60, PerSecond: 2},
	"pro":      {PerMinute: 600, PerSecond: 4},
	"business": {PerMinute: 1200, PerSecond: 8},
	"advanced": {PerMinute: 3000, PerSecond: 16},
}

// maxLimit bounds explicit limits (each key's window keeps one timestamp
// per allowed request).
const maxLimit = 100000

// ParseLimits reads a pacing setting: "off" (or "") for none, a plan name
// ("free", "pro", "business", "advanced"), or explicit limits
// "PER_MINUTE/PER_SECOND" such as "600/4" (either may be 0 for unbounded).
func ParseLimits(s string) (Limits, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" || s == "off" {
		return Limits{}, nil
	}
	if l, ok := plans[s]; ok {
		return l, nil
	}
	perMin, perSec, ok := strings.Cut(s, "/")
	m, err1 := strconv.Atoi(perMin)
	sec, err2 := strconv.Atoi(perSec)
	if !ok || err1 != nil || err2 != nil || m < 0 || sec < 0 || m > maxLimit || sec > maxLimit {
		return Limits{}, fmt.Errorf("pacing %q: want off, free, pro, business, advanced or PER_MINUTE/PER_SECOND such as 600/4 (each 0 to %d)", s, maxLimit)
	}
	return Limits{PerMinute: m, PerSecond: sec}, nil
}

// ErrPaceDeadline is returned (wrapped) when staying inside the limits
// would hold a request past its context's deadline.
var ErrPaceDeadline = errors.New("pacing would wait past the request's deadline")

// Pace returns a RoundTripper that holds requests back so that each API
// key (told apart by the Authorization header) stays inside limits,
// counting requests in sliding windows the way Dub's limiter does. A
// request that would have to wait past its context's deadline fails at
// once with [ErrPaceDeadline]; a cancelled wait returns the context's
// error. Requests of one key leave in the order they arrived. Zero limits
// return next unchanged.
//
// Pacing is per process: replicas behind a load balancer each pace on
// their own, so give each a share of the plan.
func Pace(next http.RoundTripper, limits Limits, opts ...Option) http.RoundTripper {
	next = orDefault(next)
	if limits.PerMinute <= 0 && limits.PerSecond <= 0 {
		return next
	}
	return &pacer{next: next, limits: limits, s: newSettings(opts), seed: maphash.MakeSeed(), keys: map[uint64]*keyWindows{}}
}

// maxIdleKeys is how many keys the pacer tracks before it forgets the
// ones idle for a minute.
const maxIdleKeys = 1024

type pacer struct {
	next   http.RoundTripper
	limits Limits
	s      settings
	seed   maphash.Seed

	mu   sync.Mutex
	keys map[uint64]*keyWindows // by a hash of the Authorization header, never the key itself
}

// keyWindows are one key's sliding windows.
type keyWindows struct {
	minute, second window
	last           time.Time // the latest reservation
}

// window is a sliding-window log: the times of the last len(at) requests,
// oldest at next.
type window struct {
	at   []time.Time
	next int
}

// earliest returns when one more request fits in a window of length span.
func (w *window) earliest(span time.Duration) time.Time {
	if len(w.at) == 0 {
		return time.Time{}
	}
	return w.at[w.next].Add(span)
}

func (w *window) record(t time.Time) {
	if len(w.at) == 0 {
		return
	}
	w.at[w.next] = t
	w.next = (w.next + 1) % len(w.at)
}

// RoundTrip implements [http.RoundTripper].
func (p *pacer) RoundTrip(req *http.Request) (*http.Response, error) {
	at, err := p.reserve(req)
	if err != nil {
		return nil, err
	}
	if wait := at.Sub(p.s.now()); wait > 0 {
		if err := p.s.sleep(req.Context(), wait); err != nil {
			return nil, fmt.Errorf("transport: %s %s: pacing wait of %s: %w", req.Method, req.URL.Path, wait.Round(time.Millisecond), err)
		}
	}
	return p.next.RoundTrip(req)
}

// reserve books the earliest time req may leave.
func (p *pacer) reserve(req *http.Request) (time.Time, error) {
	now := p.s.now()
	analytics := strings.Contains(req.URL.Path, "/analytics") || strings.Contains(req.URL.Path, "/events")
	id := maphash.String(p.seed, req.Header.Get("Authorization"))

	p.mu.Lock()
	defer p.mu.Unlock()
	k := p.keys[id]
	if k == nil {
		p.forgetIdle(now)
		k = &keyWindows{minute: window{at: make([]time.Time, p.limits.PerMinute)}}
		if p.limits.PerSecond > 0 {
			k.second = window{at: make([]time.Time, p.limits.PerSecond)}
		}
		p.keys[id] = k
	}
	at := maxTime(now, k.last, k.minute.earliest(time.Minute))
	if analytics {
		at = maxTime(at, k.second.earliest(time.Second))
	}
	if deadline, ok := req.Context().Deadline(); ok && at.After(deadline) {
		return time.Time{}, fmt.Errorf("transport: %s %s: %w (%s)", req.Method, req.URL.Path, ErrPaceDeadline, at.Sub(now).Round(time.Millisecond))
	}
	k.minute.record(at)
	if analytics {
		k.second.record(at)
	}
	k.last = at
	return at, nil
}

// forgetIdle drops keys with no request in the last minute once more than
// maxIdleKeys are tracked. p.mu is held.
func (p *pacer) forgetIdle(now time.Time) {
	if len(p.keys) < maxIdleKeys {
		return
	}
	for id, k := range p.keys {
		if now.Sub(k.last) > time.Minute {
			delete(p.keys, id)
		}
	}
}

func maxTime(ts ...time.Time) time.Time {
	var m time.Time
	for _, t := range ts {
		if t.After(m) {
			m = t
		}
	}
	return m
}
