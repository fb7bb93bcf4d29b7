package transport

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/dubgen/dubgen/generator/runtime/internal/testclock"
)

// recorder is a RoundTripper that notes when (on the fake clock) each
// request left, and answers 200.
type recorder struct {
	clock *fakeClock
	mu    sync.Mutex
	sent  []sent
}

type sent struct {
	key, path string
	at        time.Duration // since testNow
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent = append(r.sent, sent{req.Header.Get("Authorization"), req.URL.Path, r.clock.Now().Sub(testNow)})
	return &http.Response{StatusCode: 200, Body: http.NoBody, Request: req}, nil
}

func paced(t *testing.T, rt http.RoundTripper, ctx context.Context, key, path string) error {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, "GET", "https://api.dub.test"+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := rt.RoundTrip(req)
	if err == nil {
		_ = resp.Body.Close()
	}
	return err
}

func TestPace(t *testing.T) {
	type call struct{ key, path string }
	for _, tc := range []struct {
		name   string
		limits Limits
		calls  []call
		want   []time.Duration // when each call left, since the start
	}{
		{
			name:   "per minute",
			limits: Limits{PerMinute: 3},
			calls:  []call{{"a", "/links"}, {"a", "/links"}, {"a", "/links"}, {"a", "/links"}, {"a", "/links"}},
			want:   []time.Duration{0, 0, 0, time.Minute, time.Minute},
		},
		{
			name:   "keys are independent",
			limits: Limits{PerMinute: 1},
			calls:  []call{{"a", "/links"}, {"b", "/links"}, {"a", "/links"}},
			want:   []time.Duration{0, 0, time.Minute},
		},
		{
			name:   "per second for analytics and events only",
			limits: Limits{PerMinute: 100, PerSecond: 2},
			calls:  []call{{"a", "/analytics"}, {"a", "/events"}, {"a", "/links"}, {"a", "/analytics"}, {"a", "/analytics"}},
			want:   []time.Duration{0, 0, 0, time.Second, time.Second},
		},
		{
			name:   "both buckets",
			limits: Limits{PerMinute: 2, PerSecond: 5},
			calls:  []call{{"a", "/analytics"}, {"a", "/analytics"}, {"a", "/analytics"}},
			want:   []time.Duration{0, 0, time.Minute},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clock := newFakeClock()
			rec := &recorder{clock: clock}
			rt := Pace(rec, tc.limits, clock.option())
			for _, c := range tc.calls {
				if err := paced(t, rt, t.Context(), c.key, c.path); err != nil {
					t.Fatal(err)
				}
			}
			if len(rec.sent) != len(tc.want) {
				t.Fatalf("%d requests sent, want %d", len(rec.sent), len(tc.want))
			}
			for i, s := range rec.sent {
				if s.at != tc.want[i] {
					t.Errorf("call %d (%s %s) left at +%s, want +%s", i, s.key, s.path, s.at, tc.want[i])
				}
			}
		})
	}
}

// TestPaceDeadline checks that a wait past the deadline fails at once,
// without sending.
func TestPaceDeadline(t *testing.T) {
	clock := &fakeClock{testclock.New(time.Now())}
	rec := &recorder{clock: clock}
	rt := Pace(rec, Limits{PerMinute: 1}, clock.option())
	if err := paced(t, rt, t.Context(), "a", "/links"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	err := paced(t, rt, ctx, "a", "/links")
	if !errors.Is(err, ErrPaceDeadline) {
		t.Errorf("err %v, want ErrPaceDeadline", err)
	}
	if len(rec.sent) != 1 || len(clock.Sleeps()) != 0 {
		t.Errorf("%d sent, slept %v; want 1 sent and no sleep", len(rec.sent), clock.Sleeps())
	}
}

func TestParseLimits(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    Limits
		wantErr bool
	}{
		{"", Limits{}, false},
		{"off", Limits{}, false},
		{"free", Limits{60, 2}, false},
		{"Advanced", Limits{3000, 16}, false},
		{"600/4", Limits{600, 4}, false},
		{"0/10", Limits{0, 10}, false},
		{"enterprise", Limits{}, true},
		{"600", Limits{}, true},
		{"-1/2", Limits{}, true},
		{"999999999/1", Limits{}, true},
	} {
		got, err := ParseLimits(tc.in)
		if got != tc.want || (err != nil) != tc.wantErr {
			t.Errorf("ParseLimits(%q) = %v, %v; want %v, error %v", tc.in, got, err, tc.want, tc.wantErr)
		}
	}
}
