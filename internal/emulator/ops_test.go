package emulator

import (
	"math"
	"net/http"
	"strconv"
	"testing"
	"time"
)

func rateHeadersOf(t *testing.T, r response) (limit, remaining int, reset int64) {
	t.Helper()
	var err error
	if limit, err = strconv.Atoi(r.header.Get("X-Ratelimit-Limit")); err != nil {
		t.Fatalf("x-ratelimit-limit %q", r.header.Get("X-Ratelimit-Limit"))
	}
	if remaining, err = strconv.Atoi(r.header.Get("X-Ratelimit-Remaining")); err != nil {
		t.Fatalf("x-ratelimit-remaining %q", r.header.Get("X-Ratelimit-Remaining"))
	}
	if reset, err = strconv.ParseInt(r.header.Get("X-Ratelimit-Reset"), 10, 64); err != nil {
		t.Fatalf("x-ratelimit-reset %q", r.header.Get("X-Ratelimit-Reset"))
	}
	return
}

func TestRateLimitHeadersOnEveryResponse(t *testing.T) {
	s := newTestServer(t, Config{})
	for _, r := range []response{
		s.do("GET", "/api/v2/connections", nil),
		s.call("GET", "/api/v2/connections", nil, ""),
		s.do("GET", "/api/v2/connections/con_AAAAAAAAAAAAAAAA", nil),
		s.do("DELETE", "/api/v2/connections/con_AAAAAAAAAAAAAAAA", nil),
		s.do("POST", "/oauth/token", "grant_type=client_credentials"),
	} {
		// Without a configured limit the bucket is far beyond the test.
		limit, remaining, reset := rateHeadersOf(t, r)
		if limit != idleLimit || remaining < idleLimit-10 || reset < time.Now().Unix()-1 {
			t.Errorf("status %d: limit %d remaining %d reset %d", r.status, limit, remaining, reset)
		}
	}
}

func TestTokenBucket429(t *testing.T) {
	s := newTestServer(t, Config{RateLimit: 1, Burst: 3})
	now := time.Now()
	s.emu.clock = func() time.Time { return now } // frozen: no refill
	for i := 0; i < 3; i++ {
		r := s.do("GET", "/api/v2/connections", nil)
		mustStatus(t, r, http.StatusOK)
		if limit, remaining, _ := rateHeadersOf(t, r); limit != 3 || remaining != 2-i {
			t.Errorf("request %d: limit %d remaining %d", i, limit, remaining)
		}
	}
	r := s.do("GET", "/api/v2/connections", nil)
	wantError(t, r, http.StatusTooManyRequests, "too_many_requests", "Global limit has been reached")
	// The reset of a 429 is when the next token arrives (rounded up to the
	// second), so a client that waits until then succeeds.
	wantReset := int64(math.Ceil(float64(now.Add(time.Second).UnixNano()) / 1e9))
	if _, remaining, reset := rateHeadersOf(t, r); remaining != 0 || reset != wantReset {
		t.Errorf("429 headers remaining %d reset %d, want 0 %d", remaining, reset, wantReset)
	}
	if got := s.emu.Stats()["429"]; got != 1 {
		t.Errorf("429 counter %d", got)
	}
	// The /emulator extension is not rate limited.
	mustStatus(t, s.call("GET", "/emulator/stats", nil, ""), http.StatusOK)

	// After the reset time a request succeeds again.
	now = now.Add(time.Second)
	mustStatus(t, s.do("GET", "/api/v2/connections", nil), http.StatusOK)

	s.emu.SetRateLimit(0, 0)
	for i := 0; i < 10; i++ {
		mustStatus(t, s.do("GET", "/api/v2/connections", nil), http.StatusOK)
	}
}

func TestInjectedErrorsDoNothing(t *testing.T) {
	s := newTestServer(t, Config{Faults: Faults{ErrorRate: 1, Seed: 7}})
	for i := 0; i < 6; i++ {
		r := s.do("POST", "/api/v2/connections", map[string]any{"name": "never", "strategy": "auth0"})
		if r.status != 500 && r.status != 502 && r.status != 503 {
			t.Fatalf("status %d, want an injected 5xx", r.status)
		}
	}
	if n := len(s.emu.st.Connections); n != 0 {
		t.Errorf("%d connections created by failed requests", n)
	}
	if got := s.emu.Stats()["5xx_injected"]; got != 6 {
		t.Errorf("5xx_injected = %d", got)
	}
	// /oauth is not fault-injected, only rate limited and delayed.
	s.emu.SetFaults(Faults{})
	mustStatus(t, s.do("POST", "/api/v2/connections", map[string]any{"name": "now", "strategy": "auth0"}), http.StatusCreated)
}

func TestInjectedLatency(t *testing.T) {
	s := newTestServer(t, Config{Faults: Faults{Latency: 60 * time.Millisecond}})
	start := time.Now()
	mustStatus(t, s.do("GET", "/api/v2/connections", nil), http.StatusOK)
	if d := time.Since(start); d < 60*time.Millisecond {
		t.Errorf("request took %v, want at least 60ms", d)
	}
}

func TestCommitThenDrop(t *testing.T) {
	s := newTestServer(t, Config{Faults: Faults{DropRate: 1, Seed: 1}})
	s.postDropped()
	if got := s.emu.Stats()["dropped"]; got != 1 {
		t.Errorf("dropped = %d", got)
	}
	// DELETE is not in the default DropMethods.
	id := path(s.do("GET", "/api/v2/connections", nil).body.([]any)[0], "id").(string)
	mustStatus(t, s.do("DELETE", "/api/v2/connections/"+id, nil), http.StatusAccepted)
}

func TestStatsCountRoutes(t *testing.T) {
	s := newTestServer(t, Config{})
	id := s.createConnection(map[string]any{"name": "counted", "strategy": "auth0"})["id"].(string)
	s.do("GET", "/api/v2/connections/"+id, nil)
	s.do("GET", "/api/v2/connections/"+id, nil)
	s.do("PATCH", "/api/v2/connections/"+id+"/clients", []any{})
	s.do("POST", "/oauth/token", "")
	s.do("GET", "/api/v2/connections/"+id+"/keys", nil)
	s.do("GET", "/nowhere", nil)
	s.call("GET", "/emulator/stats", nil, "")

	want := map[string]int64{
		"POST /api/v2/connections":               1,
		"GET /api/v2/connections/{id}":           2,
		"PATCH /api/v2/connections/{id}/clients": 1,
		"POST /oauth/token":                      1,
		"GET /api/v2/connections/{id}/keys":      1,
		"GET (unmatched)":                        1,
		"total":                                  7,
		"429":                                    0,
		"5xx_injected":                           0,
		"dropped":                                0,
	}
	got := s.emu.Stats()
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %d, want %d (all: %v)", k, got[k], v, got)
		}
	}
	r := s.call("GET", "/emulator/stats", nil, "")
	mustStatus(t, r, http.StatusOK)
	if path(r.body, "GET /api/v2/connections/{id}") != jsonNumber(2) {
		t.Errorf("/emulator/stats = %s", r.raw)
	}
	mustStatus(t, s.call("DELETE", "/emulator/stats", nil, ""), http.StatusNoContent)
	if got := s.emu.Stats()["total"]; got != 0 {
		t.Errorf("total after reset = %d", got)
	}
	s.do("GET", "/api/v2/connections", nil)
	s.emu.ResetStats()
	if got := s.emu.Stats(); got["total"] != 0 || got["GET /api/v2/connections"] != 0 {
		t.Errorf("after ResetStats: %v", got)
	}
}

func TestOutOfScopeAndUnknownRoutes(t *testing.T) {
	s := newTestServer(t, Config{})
	// A sub-resource of a connection that does not exist.
	for _, p := range []string{"/keys", "/status", "/scim-configuration", "/directory-provisioning/synchronized-groups"} {
		wantError(t, s.do("GET", "/api/v2/connections/con_AAAAAAAAAAAAAAAA"+p, nil), http.StatusNotFound, "inexistent_connection", "The connection does not exist")
	}
	// On-demand directory synchronizations are not modelled.
	wantError(t, s.do("POST", "/api/v2/connections/con_AAAAAAAAAAAAAAAA/directory-provisioning/synchronizations", nil), http.StatusNotImplemented, "", "")
	wantError(t, s.do("GET", "/api/v2/unknown", nil), http.StatusNotFound, "", "Not Found")
	// An escaped slash stays inside the id segment (clients escape ids
	// with url.PathEscape).
	wantError(t, s.do("GET", "/api/v2/connections/con%2Fclients", nil), http.StatusNotFound, "inexistent_connection", "The connection does not exist")
	wantError(t, s.do("PUT", "/api/v2/connections", nil), http.StatusNotFound, "", "Not Found")
}
