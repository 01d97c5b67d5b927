package emulator

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestInjected429DoesNothingAndSaysWhenToRetry(t *testing.T) {
	s := newTestServer(t, Config{Faults: Faults{RateLimitRate: 1, Seed: 3}})
	now := time.Now()
	s.emu.clock = func() time.Time { return now }
	for i := 0; i < 4; i++ {
		r := s.do("POST", "/api/v2/connections", map[string]any{"name": "never", "strategy": "auth0"})
		wantError(t, r, http.StatusTooManyRequests, "too_many_requests", "Global limit has been reached")
		limit, remaining, reset := rateHeadersOf(t, r)
		// Reset is epoch seconds one to two seconds ahead: a client that
		// waits for it is not refused for the same reason again at once.
		if limit != idleLimit || remaining != 0 || reset < now.Unix()+1 || reset > now.Unix()+2 {
			t.Errorf("429 headers limit %d remaining %d reset %d (now %d)", limit, remaining, reset, now.Unix())
		}
	}
	if n := len(s.emu.st.Connections); n != 0 {
		t.Errorf("%d connections created by refused requests", n)
	}
	stats := s.emu.Stats()
	if stats["429"] != 4 || stats["429_injected"] != 4 || stats["5xx_injected"] != 0 {
		t.Errorf("counters after 4 injected 429s: %v", stats)
	}
	// /oauth is never refused by the injection (only by the token bucket).
	if r := s.do("POST", "/oauth/token", "grant_type=client_credentials"); r.status == http.StatusTooManyRequests {
		t.Errorf("/oauth/token got an injected 429")
	}
	s.emu.SetFaults(Faults{})
	mustStatus(t, s.do("POST", "/api/v2/connections", map[string]any{"name": "now", "strategy": "auth0"}), http.StatusCreated)
}

func TestInjected429RateIsAFraction(t *testing.T) {
	s := newTestServer(t, Config{Faults: Faults{RateLimitRate: 0.1, Seed: 11}})
	const n = 400
	refused := 0
	for i := 0; i < n; i++ {
		if s.do("GET", "/api/v2/connections", nil).status == http.StatusTooManyRequests {
			refused++
		}
	}
	// Binomial(400, 0.1): mean 40, sd 6; a fixed seed makes it exact, the
	// bounds only document what the rate means.
	if refused < 20 || refused > 60 {
		t.Errorf("%d of %d requests refused at a 10%% rate", refused, n)
	}
	if got := s.emu.Stats()["429_injected"]; got != int64(refused) {
		t.Errorf("429_injected = %d, want %d", got, refused)
	}
}

func TestCommitLatencyHoldsOnlyCommittedWrites(t *testing.T) {
	// A second: far longer than an unheld request takes even on a loaded
	// machine, so "answered before hold" can only mean "not held".
	const hold = time.Second
	s := newTestServer(t, Config{Faults: Faults{CommitLatency: hold}})

	start := time.Now()
	created := s.createConnection(map[string]any{"name": "held", "strategy": "auth0"})
	if d := time.Since(start); d < hold {
		t.Errorf("a committed POST was answered after %v, want at least %v", d, hold)
	}
	id := created["id"].(string)

	// Reads and refused writes are answered at once.
	start = time.Now()
	mustStatus(t, s.do("GET", "/api/v2/connections/"+id, nil), http.StatusOK)
	wantError(t, s.do("POST", "/api/v2/connections", map[string]any{"name": "held", "strategy": "auth0"}),
		http.StatusConflict, "connection_conflict", "")
	if d := time.Since(start); d >= hold {
		t.Errorf("a read and a refused write took %v, want them unheld", d)
	}

	start = time.Now()
	r := s.do("PATCH", "/api/v2/connections/"+id, map[string]any{"display_name": "Held"})
	mustStatus(t, r, http.StatusOK)
	if path(r.body, "display_name") != "Held" || time.Since(start) < hold {
		t.Errorf("PATCH answered %s after %v", r.raw, time.Since(start))
	}
	r = s.do("DELETE", "/api/v2/connections/"+id, nil)
	if r.status != http.StatusAccepted || r.header.Get("Content-Type") != contentTypeJSON {
		t.Errorf("DELETE answered %d %q %s", r.status, r.header.Get("Content-Type"), r.raw)
	}
}

func TestCommitLatencyWithDropStillDrops(t *testing.T) {
	s := newTestServer(t, Config{Faults: Faults{CommitLatency: 50 * time.Millisecond, DropRate: 1, Seed: 1}})
	s.postDropped()
}

func TestRefusedRouteFailsAloneAndDoesNothing(t *testing.T) {
	s := newTestServer(t, Config{Faults: Faults{Refuse: map[string]int{
		"GET /api/v2/connections":  http.StatusForbidden,
		"POST /api/v2/connections": http.StatusServiceUnavailable,
	}}})
	wantError(t, s.do("GET", "/api/v2/connections", nil), http.StatusForbidden, "insufficient_scope",
		"Insufficient scope, expected any of: read:connections")
	wantError(t, s.do("POST", "/api/v2/connections", map[string]any{"name": "never", "strategy": "auth0"}),
		http.StatusServiceUnavailable, "", "Service Unavailable")
	if n := len(s.emu.st.Connections); n != 0 {
		t.Errorf("%d connections created by a refused POST", n)
	}
	// Other routes of the same path, and the same route once the fault is
	// lifted, work as usual.
	mustStatus(t, s.do("GET", "/api/v2/connections/con_missing", nil), http.StatusNotFound)
	if got := s.emu.Stats()["refused"]; got != 2 {
		t.Errorf("refused = %d, want 2", got)
	}
	s.emu.SetFaults(Faults{})
	mustStatus(t, s.do("GET", "/api/v2/connections", nil), http.StatusOK)
}

func TestRefusalsAnswerAsAuth0Does(t *testing.T) {
	s := newTestServer(t, Config{Faults: Faults{Refuse: map[string]int{
		"PATCH /api/v2/connections/{id}":            http.StatusTooManyRequests,
		"GET /api/v2/connections/{id}":              http.StatusNotFound,
		"GET /api/v2/connections":                   http.StatusUnauthorized,
		"POST /api/v2/connections/{id}/keys/rotate": http.StatusForbidden,
	}}})
	now := time.Now()
	s.emu.clock = func() time.Time { return now }
	id := s.createConnection(map[string]any{"name": "refused", "strategy": "auth0"})["id"].(string)

	// A refused 429 is a drained bucket: a client that honours the headers
	// waits about a second instead of retrying at once.
	r := s.do("PATCH", "/api/v2/connections/"+id, map[string]any{"display_name": "never"})
	wantError(t, r, http.StatusTooManyRequests, "too_many_requests", "Global limit has been reached")
	if _, remaining, reset := rateHeadersOf(t, r); remaining != 0 || reset < now.Unix()+1 {
		t.Errorf("refused 429: remaining %d, reset %d (now %d)", remaining, reset, now.Unix())
	}
	wantError(t, s.do("GET", "/api/v2/connections/"+id, nil), http.StatusNotFound, "inexistent_connection", "The connection does not exist")
	wantError(t, s.do("GET", "/api/v2/connections", nil), http.StatusUnauthorized, "", "Invalid token")
	wantError(t, s.do("POST", "/api/v2/connections/"+id+"/keys/rotate", nil), http.StatusForbidden, "insufficient_scope",
		"Insufficient scope, expected all of: create:connections_keys,update:connections_keys")
	if got := s.emu.Stats()["429"]; got != 1 {
		t.Errorf("429 counter = %d, want 1", got)
	}
}

func TestRefusingAnUnknownRouteIsAnError(t *testing.T) {
	for _, name := range []string{
		"GET /api/v2/connections/con_abc", // an id, not the {id} pattern
		"GET /api/v2/connection",
		"PUT /api/v2/connections",
		"POST /oauth/token", // only /api/v2 routes are refused
	} {
		_, err := New(Config{Faults: Faults{Refuse: map[string]int{name: http.StatusForbidden}}})
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("New with Refuse %q: %v, want an error naming it", name, err)
		}
	}
}
