package emulator

import (
	"math"
	"net/http"
	"testing"
	"time"
)

// TestBucketReportsLikeAuth0InEveryMode: limited or not, remaining falls by
// one per request and reset is when the bucket is full again (rounded up to
// the second), then both recover as the bucket refills.
func TestBucketReportsLikeAuth0InEveryMode(t *testing.T) {
	for _, mode := range []struct {
		name        string
		rate        float64
		burst, want int
	}{
		{"limited", 2, 10, 10},
		{"no limit", 0, 0, idleLimit},
	} {
		t.Run(mode.name, func(t *testing.T) {
			s := newTestServer(t, Config{RateLimit: mode.rate, Burst: mode.burst})
			now := time.Unix(1_800_000_000, 300_000_000)
			s.emu.clock = func() time.Time { return now }
			rate := mode.rate
			if rate == 0 {
				rate = idleRate
			}
			for i := 1; i <= 3; i++ {
				limit, remaining, reset := rateHeadersOf(t, s.do("GET", "/api/v2/connections", nil))
				full := now.Add(time.Duration(float64(i) / rate * float64(time.Second)))
				if limit != mode.want || remaining != mode.want-i || reset != int64(math.Ceil(float64(full.UnixNano())/1e9)) {
					t.Errorf("request %d: limit %d remaining %d reset %d; want %d, %d, when full (%s)", i, limit, remaining, reset, mode.want, mode.want-i, full)
				}
			}
			now = now.Add(time.Duration(3 / rate * float64(time.Second)))
			if _, remaining, _ := rateHeadersOf(t, s.call("GET", "/emulator/stats", nil, "")); remaining != mode.want {
				t.Errorf("remaining %d once refilled, want %d", remaining, mode.want)
			}
		})
	}
}

// TestConsumersShareOneBucket: two tokens (two applications of the tenant)
// draw on the same bucket, as on Auth0.
func TestConsumersShareOneBucket(t *testing.T) {
	s := newTestServer(t, Config{RateLimit: 1, Burst: 4, Tokens: map[string][]string{"other": AllScopes()}})
	now := time.Now()
	s.emu.clock = func() time.Time { return now }
	for i, token := range []string{s.token, "other", s.token, "other"} {
		r := s.call("GET", "/api/v2/connections", nil, token)
		mustStatus(t, r, http.StatusOK)
		if _, remaining, _ := rateHeadersOf(t, r); remaining != 3-i {
			t.Errorf("request %d: remaining %d, want %d", i, remaining, 3-i)
		}
	}
	wantError(t, s.call("GET", "/api/v2/connections", nil, "other"), http.StatusTooManyRequests, "too_many_requests", "Global limit has been reached")
}

func TestStrippedRateLimitHeadersStillLimit(t *testing.T) {
	s := newTestServer(t, Config{RateLimit: 1, Burst: 1, StripRateLimitHeaders: true})
	now := time.Now()
	s.emu.clock = func() time.Time { return now }
	ok := s.do("GET", "/api/v2/connections", nil)
	mustStatus(t, ok, http.StatusOK)
	refused := s.do("GET", "/api/v2/connections", nil)
	wantError(t, refused, http.StatusTooManyRequests, "too_many_requests", "Global limit has been reached")
	for _, r := range []response{ok, refused, s.call("GET", "/emulator/stats", nil, "")} {
		for _, name := range rateHeaderNames {
			if v := r.header.Get(name); v != "" {
				t.Errorf("status %d carries %s: %s", r.status, name, v)
			}
		}
	}
}

// TestStrippedHeadersKeepTheDropFault: the commit-then-drop fault hijacks
// the connection through the header-stripping writer.
func TestStrippedHeadersKeepTheDropFault(t *testing.T) {
	s := newTestServer(t, Config{StripRateLimitHeaders: true, Faults: Faults{DropRate: 1, Seed: 1}})
	s.postDropped()
	if got := s.emu.Stats()["dropped"]; got != 1 {
		t.Errorf("dropped = %d, want the write committed and its answer dropped", got)
	}
}

// A clock stepping back (as when a test sets the emulator's clock to a
// recorded date) must not drain the bucket.
func TestBucketSurvivesAClockSteppingBack(t *testing.T) {
	b := newTokenBucket(10, 10)
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	if ok, _ := b.take(now); !ok {
		t.Fatal("first take refused")
	}
	for i := range 9 {
		if ok, _ := b.take(now.Add(-24 * time.Hour)); !ok {
			t.Fatalf("take %d after the clock stepped back a day was refused", i+2)
		}
	}
}
