package client

import (
	"math"
	"net/http"
	"slices"
	"strconv"
	"time"

	"golang.org/x/time/rate"
)

// Pacing from the tenant's own numbers. Auth0 limits each tenant's
// Management API with a token bucket shared by every consumer of the tenant
// (other Terraform runs, the tenant's own back ends), and reports it on
// every response:
//
//	x-ratelimit-limit      the bucket's size
//	x-ratelimit-remaining  the tokens left after this request
//	x-ratelimit-reset      when the bucket is full again (UNIX seconds)
//
// bucketModel turns those reports into a decision per request: may it leave
// now, or how long until it may. It holds no clock and no lock (every method
// takes the time), so it is tested with a fake clock; the pacer in
// transport.go adds the lock and the waiting.
//
// The rules, each chosen so that several clients applying them to the same
// bucket converge instead of storming it:
//   - A reserve of the bucket (reserveFraction of its size) is never spent:
//     it is what the tenant's other consumers find when they need it.
//   - Requests in flight count as spent: a report cannot include them yet.
//   - Of the tokens a report shows above the reserve, a client claims half
//     (at least one): two clients that each claim half of what they both
//     see never overdraw it together.
//   - Beyond that, tokens are spent as the bucket refills, at the refill
//     rate learned from the reports: the tenant, not a 429, says how fast.
//     A client claims a share of the refill: all of it while it seems
//     alone, half as much each time a report shows that others spent what
//     it expected to find, growing back while they do not (additive
//     increase, multiplicative decrease: several clients settle on fair
//     shares).
//   - Every estimate is a lower bound of what the bucket holds, so an error
//     makes the client slower, never a storm; each report corrects it. (The
//     reset is read with the local clock: one running ahead of Auth0's makes
//     the estimates optimistic by the difference, which the reports then
//     correct and the 429 handling catches.)
//   - Until the first report one request goes alone (the bucket may be at
//     another client's reserve). Without reports (a proxy strips the
//     headers) a fixed bucket at the Free plan's rate applies, or the
//     rate_limit cap when one is set, with the 429 handling as the backstop.

// Headerless pacing: 2 requests/second is the sustained Management API rate
// of Auth0's Free plan, the lowest of its production plans; with a burst of
// 2 a client that cannot see the tenant's bucket never overdraws even a
// bucket that small.
const (
	headerlessRate  = 2.0
	headerlessBurst = 2
)

// defaultRateLimitReserve is the share of the tenant's bucket the client
// leaves to the tenant's other consumers. Auth0 writes an api_limit_warning
// to the tenant log once 80 % of the bucket is used, so a client that keeps
// 20 % stays at that mark and leaves an Enterprise bucket of 50 ten
// requests for other work at any time.
const defaultRateLimitReserve = 0.2

const (
	// refillWindow is how many reports the refill estimate remembers: enough
	// for the whole-second resolution of x-ratelimit-reset to average out,
	// few enough that a changed plan shows within a few seconds.
	refillWindow = 32
	// waitForReport is admit's answer when only a report can release the
	// request; the pacer still re-checks after maxReportWait.
	waitForReport = time.Duration(-1)
	maxReportWait = time.Second
	// The share of the refill halves down to minShare and grows by
	// shareIncrease per quiet report: chosen with the simulation in
	// pacing_sim_test.go, they keep two or three clients of one bucket
	// within a few percent of its rate with (almost) no 429.
	minShare      = 1.0 / 4
	shareIncrease = 1.0 / 4
)

// rateReport is one response's x-ratelimit-* headers.
type rateReport struct {
	limit     float64
	remaining float64
	reset     time.Time
}

// parseRateReport reads the three headers; ok is false unless all three are
// present and consistent.
func parseRateReport(h http.Header) (rateReport, bool) {
	limit, okLimit := headerInt(h, headerLimit)
	remaining, okRemaining := headerInt(h, headerRemaining)
	reset, okReset := resetTime(h)
	if !okLimit || !okRemaining || !okReset || limit <= 0 || remaining < 0 {
		return rateReport{}, false
	}
	return rateReport{limit: float64(limit), remaining: float64(min(remaining, limit)), reset: reset}, true
}

func headerInt(h http.Header, name string) (int64, bool) {
	v := h.Get(name)
	if v == "" {
		return 0, false
	}
	n, err := strconv.ParseInt(v, 10, 64)
	return n, err == nil
}

func resetTime(h http.Header) (time.Time, bool) {
	n, ok := headerInt(h, headerReset)
	if !ok || n <= 0 {
		return time.Time{}, false
	}
	return time.Unix(n, 0), true
}

// refillEstimate learns the bucket's refill rate from reports. A report of
// m missing tokens (limit − remaining) that are back by reset says the
// bucket refills at least (m − 1) tokens in (reset − sent) seconds:
// remaining is rounded down (so at most one of the m tokens is a fraction),
// reset is rounded up, and the bucket was measured after the request was
// sent. Each report is thus a lower bound; the estimate is the largest of
// the recent ones, which approaches the true rate as the reports fall at
// different points of the second.
type refillEstimate struct {
	bounds [refillWindow]float64
	next   int
}

func (e *refillEstimate) add(r rateReport, sentAt time.Time) {
	missing := r.limit - r.remaining
	window := r.reset.Sub(sentAt).Seconds()
	if missing < 2 || window <= 0 {
		return // no information: the bucket is (nearly) full
	}
	e.bounds[e.next] = (missing - 1) / window
	e.next = (e.next + 1) % refillWindow
}

// rate is the refill in tokens per second; 0 while unknown.
func (e *refillEstimate) rate() float64 {
	best := 0.0
	for _, b := range e.bounds {
		best = max(best, b)
	}
	return best
}

type pacingMode int

const (
	// unpaced: no client-side pacing at all (rate_limit < 0); a 429 still
	// holds every request until the reset.
	unpaced pacingMode = iota
	// noReport: no response has told the client about the bucket yet; the
	// headerless bucket applies.
	noReport
	fromHeaders
	withoutHeaders
)

// bucketModel is the tenant's bucket as this client sees it.
type bucketModel struct {
	mode            pacingMode
	reserveFraction float64
	maxHold         time.Duration
	// headerless paces requests while there are no reports.
	headerless *rate.Limiter
	// rateCap caps the rate on top of everything else (rate_limit); nil: no cap.
	rateCap *rate.Limiter

	limit   float64
	reserve float64 // tokens never spent
	// The anchor is the last report applied: at anchorAt this client could
	// spend claim tokens (negative: the bucket was below the reserve), and
	// the bucket could refill by at most missing tokens.
	anchorAt    time.Time
	anchorReset time.Time
	claim       float64
	spare       float64 // the anchor's tokens above the reserve, before halving
	missing     float64
	// chordRate is the anchor's own promise: the missing tokens are back
	// by its reset, whatever the learned rate says.
	chordRate  float64
	spentSince int         // requests admitted since the anchor
	inFlight   []time.Time // when each request in flight was admitted
	lastAdmit  time.Time
	// share is the part of the refill this client claims: 1 while it seems
	// alone, halved each time a report shows others spent what it expected
	// to find, and grown back slowly (additive increase, multiplicative
	// decrease, so that several clients settle on fair shares).
	share float64
	// freshAfter: a report of a request sent at or after this instant
	// describes the bucket after the anchor's report did.
	freshAfter time.Time
	refill     refillEstimate
	holdUntil  time.Time
}

// newBucketModel: with rateLimit < 0 nothing is paced (a 429 still holds
// every request); rateLimit > 0 caps the rate with a bucket of burst.
func newBucketModel(rateLimit float64, burst int, reserveFraction float64, maxHold time.Duration) *bucketModel {
	m := &bucketModel{mode: unpaced, reserveFraction: reserveFraction, maxHold: maxHold, share: 1}
	if rateLimit >= 0 {
		m.mode = noReport
		m.headerless = rate.NewLimiter(headerlessRate, headerlessBurst)
	}
	if rateLimit > 0 {
		m.rateCap = rate.NewLimiter(rate.Limit(rateLimit), max(burst, 1))
		// A configured rate says what the tenant allows: it replaces the
		// headerless default.
		m.headerless = rate.NewLimiter(rate.Inf, 0)
	}
	return m
}

// capDelay is how long the rate_limit cap alone holds a request at now.
func (m *bucketModel) capDelay(now time.Time) time.Duration {
	if m.rateCap == nil {
		return 0
	}
	if tokens := m.rateCap.TokensAt(now); tokens < 1 {
		return tokenDelay(1-tokens, float64(m.rateCap.Limit()))
	}
	return 0
}

// admit decides whether a request may leave at now. When it may, it counts
// as in flight until done; when it may not, wait says how long until it
// may (waitForReport: until a report arrives).
func (m *bucketModel) admit(now time.Time) (ok bool, wait time.Duration) {
	if now.Before(m.holdUntil) {
		return false, m.holdUntil.Sub(now)
	}
	if d := m.capDelay(now); d > 0 {
		return false, d
	}
	switch m.mode {
	case unpaced:
	case noReport:
		// One request finds out what the bucket holds before others
		// follow: another client may have left it at its reserve. A slow
		// first answer lets one more through each maxReportWait.
		if len(m.inFlight) > 0 && now.Before(m.lastAdmit.Add(maxReportWait)) {
			return false, m.lastAdmit.Add(maxReportWait).Sub(now)
		}
		fallthrough
	case withoutHeaders:
		if !m.headerless.AllowN(now, 1) {
			return false, tokenDelay(1-m.headerless.TokensAt(now), headerlessRate)
		}
	case fromHeaders:
		if ok, wait := m.admitFromReport(now); !ok {
			return false, wait
		}
	}
	if m.rateCap != nil {
		m.rateCap.AllowN(now, 1)
	}
	if m.mode != unpaced {
		m.inFlight = append(m.inFlight, now)
		m.lastAdmit = now
	}
	return true, 0
}

// admitFromReport spends a token of the anchor's, or says how long until
// the refill brings one.
func (m *bucketModel) admitFromReport(now time.Time) (bool, time.Duration) {
	if m.claim+m.missing-float64(m.spentSince) < 1 {
		// Even a full refill of what the anchor saw missing is spent: only
		// a report says more. With nothing in flight no report will come
		// (the requests since the anchor failed without a response), so
		// once the bucket is full again by the anchor's own reset, requests
		// go at the headerless rate until one is answered.
		if len(m.inFlight) > 0 {
			return false, waitForReport
		}
		if now.Before(m.anchorReset) {
			return false, m.anchorReset.Sub(now)
		}
		if !m.headerless.AllowN(now, 1) {
			return false, tokenDelay(1-m.headerless.TokensAt(now), headerlessRate)
		}
		m.spentSince++
		return true, 0
	}
	if avail := m.available(now); avail < 1 {
		rate := m.refillRate()
		if rate <= 0 {
			rate = headerlessRate // a reset already past: the local clock is ahead
		}
		return false, tokenDelay(1-avail, m.share*rate)
	}
	m.spentSince++
	return true, 0
}

func tokenDelay(tokens, perSecond float64) time.Duration {
	return max(time.Duration(math.Ceil(tokens/perSecond*float64(time.Second))), time.Millisecond)
}

// available is what this client may spend at now.
func (m *bucketModel) available(now time.Time) float64 {
	return m.claim + m.refillCredit(now, m.share) - float64(m.spentSince)
}

// refillCredit is what the bucket has refilled since the anchor, as a lower
// bound: the learned rate or the anchor's chord, whichever promises more,
// never more than the bucket was missing.
func (m *bucketModel) refillCredit(now time.Time, share float64) float64 {
	elapsed := now.Sub(m.anchorAt).Seconds()
	if elapsed <= 0 {
		return 0
	}
	return min(m.missing, share*m.refillRate()*elapsed)
}

func (m *bucketModel) refillRate() float64 {
	return max(m.refill.rate(), m.chordRate)
}

// done records the response (or failure) of an admitted request sent at
// sentAt; h is nil when no response came. It reports whether the pacing
// mode changed, for logging.
func (m *bucketModel) done(sentAt, now time.Time, status int, h http.Header) (modeChanged bool) {
	if i := slices.IndexFunc(m.inFlight, sentAt.Equal); i >= 0 {
		m.inFlight = slices.Delete(m.inFlight, i, i+1)
	}
	if h == nil {
		return false // no response: the request may or may not have counted
	}
	if status == http.StatusTooManyRequests {
		m.hold(now, h)
	}
	if m.mode == unpaced {
		return false
	}
	before := m.mode
	r, ok := parseRateReport(h)
	if !ok {
		m.mode = withoutHeaders
		return m.mode != before
	}
	m.mode = fromHeaders
	if status != http.StatusTooManyRequests {
		// A refused request's reset may be when the next token arrives
		// rather than when the bucket is full.
		m.refill.add(r, sentAt)
	}
	m.apply(r, sentAt, now, before != fromHeaders)
	return m.mode != before
}

// apply makes r the anchor when it is news: when it describes the bucket
// after the current anchor did (its request left after that report came),
// or when it says less is available (an older report that is lower is still
// a warning). first: the first report after a headerless phase.
func (m *bucketModel) apply(r rateReport, sentAt, now time.Time, first bool) {
	m.limit = r.limit
	m.reserve = reserveOf(m.reserveFraction, r.limit)
	spare := r.remaining - m.reserve - float64(len(m.inFlight))
	claim := spare
	if spare > 1 {
		claim = max(1, spare/2)
	}
	fresh := first || !sentAt.Before(m.freshAfter)
	if !fresh && claim >= m.available(now) {
		return
	}
	if fresh && !first {
		m.adjustShare(r, sentAt, now)
	}
	m.anchorAt, m.anchorReset, m.claim, m.spare, m.spentSince = now, r.reset, claim, spare, 0
	m.missing = r.limit - r.remaining
	m.chordRate = 0
	if until := r.reset.Sub(now).Seconds(); until > 0 && m.missing > 0 {
		m.chordRate = m.missing / until
	}
	if fresh {
		m.freshAfter = now
	}
}

// adjustShare compares a fresh report with what the anchor promised this
// client alone. Requests sent before the reported one are taken as counted
// in it (the network keeps their order), later ones as not yet.
func (m *bucketModel) adjustShare(r rateReport, sentAt, now time.Time) {
	later := 0
	for _, t := range m.inFlight {
		if t.After(sentAt) {
			later++
		}
	}
	observed := r.remaining - m.reserve - float64(later)
	expected := m.spare + m.refillCredit(now, 1) - float64(m.spentSince)
	if observed < expected-1 {
		m.share = max(m.share/2, minShare)
	} else {
		m.share = min(m.share+shareIncrease, 1)
	}
}

// reserveOf is the reserve of a bucket of limit tokens: the fraction,
// rounded down; at least one token in a bucket of three or more (several
// clients that each leave one never empty it together), none in a smaller
// one (a client waiting for a full bucket would let the refill overflow);
// always less than the bucket.
func reserveOf(fraction, limit float64) float64 {
	if fraction <= 0 {
		return 0
	}
	reserve := math.Floor(fraction * limit)
	if limit >= 3 {
		reserve = max(reserve, 1)
	}
	return max(min(reserve, limit-1), 0)
}

// hold stops every request until the 429's Retry-After or reset, at most
// maxHold ahead: the bucket is empty for everyone.
func (m *bucketModel) hold(now time.Time, h http.Header) {
	var until time.Time
	if d, ok := retryAfter(h, now); ok {
		until = now.Add(min(d, m.maxHold))
	} else if reset, ok := resetTime(h); ok {
		until = minTime(reset, now.Add(m.maxHold))
	} else {
		return // the retry's own backoff spaces it
	}
	if until.After(m.holdUntil) {
		m.holdUntil = until
	}
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
