package client

import (
	"math"
	"net/http"
	"strconv"
	"testing"
	"time"
)

// t0 is the fake clock's start, a little past a whole second as real
// clocks are.
var t0 = time.Unix(1_800_000_000, 250_000_000)

func rateHeader(limit, remaining int, reset time.Time) http.Header {
	h := http.Header{}
	h.Set(headerLimit, strconv.Itoa(limit))
	h.Set(headerRemaining, strconv.Itoa(remaining))
	h.Set(headerReset, strconv.FormatInt(reset.Unix(), 10))
	return h
}

func TestParseRateReport(t *testing.T) {
	reset := strconv.FormatInt(t0.Unix()+3, 10)
	tests := []struct {
		name                string
		limit, remain, rst  string
		ok                  bool
		wantLimit, wantLeft float64
	}{
		{"Auth0's example", "50", "49", reset, true, 50, 49},
		{"empty bucket", "10", "0", reset, true, 10, 0},
		{"more left than the bucket holds", "10", "12", reset, true, 10, 10},
		{"no limit", "", "49", reset, false, 0, 0},
		{"no remaining", "50", "", reset, false, 0, 0},
		{"no reset", "50", "49", "", false, 0, 0},
		{"a zero bucket", "0", "0", reset, false, 0, 0},
		{"negative remaining", "50", "-1", reset, false, 0, 0},
		{"not a number", "fifty", "49", reset, false, 0, 0},
		{"reset not epoch seconds", "50", "49", "soon", false, 0, 0},
	}
	for _, tt := range tests {
		h := http.Header{}
		for name, v := range map[string]string{headerLimit: tt.limit, headerRemaining: tt.remain, headerReset: tt.rst} {
			if v != "" {
				h.Set(name, v)
			}
		}
		r, ok := parseRateReport(h)
		if ok != tt.ok || (ok && (r.limit != tt.wantLimit || r.remaining != tt.wantLeft || !r.reset.Equal(time.Unix(t0.Unix()+3, 0)))) {
			t.Errorf("%s: parseRateReport = %+v, %v", tt.name, r, ok)
		}
	}
}

func TestRefillEstimateIsALowerBoundThatLearns(t *testing.T) {
	var e refillEstimate
	if e.rate() != 0 {
		t.Fatalf("a new estimate knows no rate")
	}
	// A full bucket, or one token short of it, says nothing of the rate.
	e.add(rateReport{limit: 50, remaining: 50, reset: t0.Add(time.Second)}, t0)
	e.add(rateReport{limit: 50, remaining: 49, reset: t0.Add(time.Second)}, t0)
	if e.rate() != 0 {
		t.Errorf("rate %v from reports without information", e.rate())
	}
	// 41 tokens missing, back within 3 s of the request: at least 40/3 per
	// second (the true 50-per-3-s bucket refills 16.7/s).
	e.add(rateReport{limit: 50, remaining: 9, reset: t0.Add(3 * time.Second)}, t0)
	if got := e.rate(); math.Abs(got-40.0/3) > 1e-9 {
		t.Errorf("rate %v, want 40/3", got)
	}
	// A worse bound does not lower it; a better one raises it.
	e.add(rateReport{limit: 50, remaining: 30, reset: t0.Add(3 * time.Second)}, t0)
	e.add(rateReport{limit: 50, remaining: 0, reset: t0.Add(3 * time.Second)}, t0)
	if got := e.rate(); math.Abs(got-49.0/3) > 1e-9 {
		t.Errorf("rate %v, want 49/3", got)
	}
	// Old reports are forgotten, so a lower plan shows.
	for range refillWindow {
		e.add(rateReport{limit: 10, remaining: 0, reset: t0.Add(5 * time.Second)}, t0)
	}
	if got := e.rate(); math.Abs(got-9.0/5) > 1e-9 {
		t.Errorf("rate %v after a window of slower reports, want 9/5", got)
	}
}

func TestReserveOf(t *testing.T) {
	tests := []struct{ fraction, limit, want float64 }{
		{0.2, 50, 10},
		{0.2, 10, 2},
		{0.2, 4, 1},   // at least one token…
		{0.2, 2, 0},   // …where the bucket has room for it
		{0, 50, 0},    // none asked for
		{0.99, 10, 9}, // never the whole bucket
		{0.5, 1, 0},
	}
	for _, tt := range tests {
		if got := reserveOf(tt.fraction, tt.limit); got != tt.want {
			t.Errorf("reserveOf(%v, %v) = %v, want %v", tt.fraction, tt.limit, got, tt.want)
		}
	}
}

// admitted admits every request m lets through at now, up to n.
func admitted(m *bucketModel, now time.Time, n int) (count int, wait time.Duration) {
	for count < n {
		ok, d := m.admit(now)
		if !ok {
			return count, d
		}
		count++
	}
	return count, 0
}

func TestOneRequestGoesAloneUntilTheFirstReport(t *testing.T) {
	m := newBucketModel(0, 0, defaultRateLimitReserve, time.Minute)
	if n, wait := admitted(m, t0, 10); n != 1 || wait != maxReportWait {
		t.Fatalf("before any report: %d admitted, then wait %s; want 1, then %s", n, wait, maxReportWait)
	}
	// A slow first answer lets another one through after a second.
	if n, _ := admitted(m, t0.Add(maxReportWait), 10); n != 1 {
		t.Errorf("%d admitted after a second without a report, want 1", n)
	}
	// The report: a bucket of 50 with 48 left, reset in 1 s; one request is
	// still in flight. Reserve 10, spare 48 − 10 − 1 = 37, half of it ours.
	now := t0.Add(1100 * time.Millisecond)
	if changed := m.done(t0, now, 200, rateHeader(50, 48, time.Unix(t0.Unix()+2, 0))); !changed || m.mode != fromHeaders {
		t.Fatalf("the first report must switch to header pacing (mode %v)", m.mode)
	}
	if n, _ := admitted(m, now, 100); n != 18 {
		t.Errorf("%d admitted at once, want 18 (half of 37 spare tokens)", n)
	}
}

// TestInFlightRequestsCountAsSpent: the headers cannot include requests
// still on their way, so a report's remaining is reduced by them.
func TestInFlightRequestsCountAsSpent(t *testing.T) {
	m := newBucketModel(0, 0, 0, time.Minute)
	m.admit(t0)
	m.done(t0, t0, 200, rateHeader(100, 99, t0.Add(time.Second)))
	// 49 admitted (half of 99), none answered yet.
	if n, _ := admitted(m, t0, 1000); n != 49 {
		t.Fatalf("%d admitted, want 49", n)
	}
	// One answer reports the bucket after its own request only: 98 left,
	// but 48 others are still in flight: 50 spare, 25 ours.
	m.done(t0, t0, 200, rateHeader(100, 98, t0.Add(time.Second)))
	if n, _ := admitted(m, t0, 1000); n != 25 {
		t.Errorf("%d admitted after a report with 48 in flight, want 25", n)
	}
}

// TestReserveIsLeftAndRefillPaces: once the spare is spent the client
// waits for the bucket to refill above the reserve, at the refill rate the
// reports show, and never spends the reserve.
func TestReserveIsLeftAndRefillPaces(t *testing.T) {
	m := newBucketModel(0, 0, defaultRateLimitReserve, time.Minute)
	m.admit(t0)
	// 10 tokens, 3 left (the reserve 2 and one more), full again in 4 s:
	// the bucket refills at least (7 − 1) / 4 = 1.5 per second, and the
	// report itself promises 7 tokens within its 3.75 s.
	reset := time.Unix(t0.Unix()+4, 0)
	m.done(t0, t0, 200, rateHeader(10, 3, reset))
	if n, wait := admitted(m, t0, 10); n != 1 || wait <= 0 {
		t.Fatalf("%d admitted, then wait %s; want the one token above the reserve", n, wait)
	}
	_, wait := m.admit(t0)
	chord := 7 / reset.Sub(t0).Seconds()
	if want := time.Duration(float64(time.Second) / chord); absDuration(wait-want) > time.Millisecond {
		t.Errorf("wait %s for the next token, want %s (1 / %.2f per second)", wait, want, chord)
	}
	if ok, _ := m.admit(t0.Add(wait)); !ok {
		t.Errorf("not admitted after the wait")
	}
}

func absDuration(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// TestStaleReportsOnlyLower: a report of a request sent before the anchor's
// answer came may describe an older bucket; it is trusted only when it says
// less is left.
func TestStaleReportsOnlyLower(t *testing.T) {
	m := newBucketModel(0, 0, 0, time.Minute)
	m.admit(t0)
	old := t0.Add(time.Millisecond)
	m.done(t0, old, 200, rateHeader(100, 90, t0.Add(time.Second)))
	m.admit(old) // sent before the next report arrives: stale when it answers
	m.admit(old)
	now := old.Add(time.Millisecond)
	m.done(old, now, 200, rateHeader(100, 80, t0.Add(time.Second))) // fresh: 80 − 1 in flight
	before := m.available(now)
	m.done(old, now, 200, rateHeader(100, 95, t0.Add(time.Second)))
	if m.available(now) != before {
		t.Errorf("a stale report of more tokens changed what is available: %v → %v", before, m.available(now))
	}
	m.admit(t0.Add(-time.Hour)) // a request sent long ago…
	m.done(t0.Add(-time.Hour), now, 200, rateHeader(100, 4, t0.Add(time.Second)))
	if got := m.available(now); got >= before {
		t.Errorf("a stale report of fewer tokens must lower what is available: %v, was %v", got, before)
	}
}

func TestOthersSpendingHalvesTheShare(t *testing.T) {
	m := newBucketModel(0, 0, 0, time.Minute)
	m.admit(t0)
	m.done(t0, t0, 200, rateHeader(10, 2, t0.Add(4*time.Second)))
	if m.share != 1 {
		t.Fatalf("share %v alone, want 1", m.share)
	}
	// One request, then a report 10 tokens poorer than this client spent:
	// someone else is using the bucket.
	now := t0.Add(time.Second)
	m.admit(now)
	m.done(now, now, 200, rateHeader(10, 0, now.Add(5*time.Second)))
	if m.share != 0.5 {
		t.Errorf("share %v after others spent, want 0.5", m.share)
	}
	// Reports that match what this client expects grow it back.
	for i := range 4 {
		at := now.Add(time.Duration(i+1) * 10 * time.Second)
		m.admit(at)
		m.done(at, at, 200, rateHeader(10, 9, at.Add(time.Second)))
	}
	if m.share != 1 {
		t.Errorf("share %v after four quiet reports, want 1", m.share)
	}
}

func TestWithoutHeadersTheFreeRateApplies(t *testing.T) {
	m := newBucketModel(0, 0, defaultRateLimitReserve, time.Minute)
	m.admit(t0)
	if changed := m.done(t0, t0, 200, http.Header{}); !changed || m.mode != withoutHeaders {
		t.Fatalf("a response without headers must switch to the headerless rate (mode %v)", m.mode)
	}
	// The headerless bucket was spent by the first request: one more token
	// is there, then one per 1/headerlessRate.
	if n, wait := admitted(m, t0, 10); n != 1 || wait != time.Duration(float64(time.Second)/headerlessRate) {
		t.Errorf("%d admitted then wait %s", n, wait)
	}
	// Headers again: back to pacing from them.
	m.done(t0, t0, 200, rateHeader(50, 49, t0.Add(time.Second)))
	if m.mode != fromHeaders {
		t.Errorf("mode %v after a response with headers", m.mode)
	}

	// A configured rate_limit says what the tenant allows: without headers
	// it paces alone.
	capped := newBucketModel(10, 10, defaultRateLimitReserve, time.Minute)
	capped.admit(t0)
	capped.done(t0, t0, 200, http.Header{})
	if n, wait := admitted(capped, t0, 100); n != 9 || wait != 100*time.Millisecond {
		t.Errorf("rate_limit 10 without headers: %d admitted then wait %s; want the cap's 9 left, then one per 100ms", n, wait)
	}
}

func TestRateLimitCapsOnTop(t *testing.T) {
	m := newBucketModel(5, 5, defaultRateLimitReserve, time.Minute)
	m.admit(t0)
	m.done(t0, t0, 200, rateHeader(1_000_000, 999_999, t0.Add(time.Second)))
	// The tenant allows far more; the cap's bucket of 5 had one spent.
	if n, wait := admitted(m, t0, 100); n != 4 || wait != 200*time.Millisecond {
		t.Errorf("%d admitted then wait %s; want the cap's 4 left, then one per 200ms", n, wait)
	}
	if d := m.capDelay(t0); d != 200*time.Millisecond {
		t.Errorf("capDelay %s", d)
	}
	if n, _ := admitted(m, t0.Add(time.Second), 100); n != 5 {
		t.Errorf("%d admitted a second later, want 5", n)
	}
}

func TestA429HoldsEveryRequestUntilTheReset(t *testing.T) {
	for _, paced := range []float64{0, -1} {
		m := newBucketModel(paced, 0, defaultRateLimitReserve, 10*time.Second)
		m.admit(t0)
		m.done(t0, t0, http.StatusTooManyRequests, rateHeader(10, 0, time.Unix(t0.Unix()+2, 0)))
		if ok, wait := m.admit(t0); ok || wait != time.Unix(t0.Unix()+2, 0).Sub(t0) {
			t.Errorf("rate_limit %v: admitted %v, wait %s; want a hold until the reset", paced, ok, wait)
		}
		// Retry-After wins, and no hold outlasts max_retry_wait.
		h := rateHeader(10, 0, t0.Add(time.Hour))
		m.done(t0, t0, http.StatusTooManyRequests, h)
		if _, wait := m.admit(t0); wait != 10*time.Second {
			t.Errorf("rate_limit %v: hold %s, want max_retry_wait (10s)", paced, wait)
		}
	}
	m := newBucketModel(-1, 0, 0, time.Minute)
	if n, _ := admitted(m, t0, 1000); n != 1000 {
		t.Errorf("rate_limit < 0 paces nothing: %d admitted", n)
	}
}

func TestFailedRequestsWithoutAnswerDoNotStall(t *testing.T) {
	m := newBucketModel(0, 0, 0, time.Minute)
	m.admit(t0)
	reset := time.Unix(t0.Unix()+2, 0)
	m.done(t0, t0, 200, rateHeader(4, 4, reset)) // full: nothing to refill
	n, _ := admitted(m, t0, 10)
	if n != 2 {
		t.Fatalf("%d admitted, want half the bucket", n)
	}
	for range n {
		m.done(t0, t0, 0, nil) // transport errors: no report will come
	}
	// Spent, nothing in flight, and no refill to wait for: the bucket is
	// full by the reset at the latest, after which one request goes to find
	// out.
	ok, wait := m.admit(t0)
	if ok || wait != reset.Sub(t0) {
		t.Fatalf("admitted %v, wait %s; want a wait until the reset (%s)", ok, wait, reset.Sub(t0))
	}
	if ok, _ := m.admit(reset); !ok {
		t.Errorf("not admitted at the reset")
	}
}
