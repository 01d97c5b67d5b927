package emulator

import (
	"bufio"
	"errors"
	"math"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// tokenBucket is the tenant-wide rate limiter: rate tokens per second up to
// burst, shared by every token and every client of the tenant (two
// processes against one emulator share it, as two workspaces share a real
// tenant's). Auth0 reports it in x-ratelimit-* headers on every response,
// 429s included.
type tokenBucket struct {
	mu     sync.Mutex
	rate   float64 // tokens per second
	burst  float64
	tokens float64
	last   time.Time
}

// With rate limiting off the bucket is still a bucket, reported as Auth0
// reports any other: one far larger than any test or benchmark run (a
// million requests, refilled at idleRate), so its remaining falls by one
// per request and its reset is when it is full again, like a limited one's.
const (
	idleLimit = 1_000_000
	idleRate  = 100_000
)

func newTokenBucket(rate float64, burst int) *tokenBucket {
	b := &tokenBucket{}
	b.reset(rate, burst)
	return b
}

func (b *tokenBucket) reset(rate float64, burst int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if rate <= 0 {
		rate, burst = idleRate, idleLimit
	}
	if burst <= 0 {
		burst = max(1, int(math.Ceil(rate)))
	}
	b.rate = rate
	b.burst = float64(burst)
	b.tokens = b.burst
	b.last = time.Time{}
}

// rateHeaders are the values of the three x-ratelimit-* headers.
type rateHeaders struct {
	limit, remaining int
	reset            int64 // epoch seconds when the bucket is full again
}

func (h rateHeaders) apply(hdr http.Header) {
	hdr.Set("X-Ratelimit-Limit", strconv.Itoa(h.limit))
	hdr.Set("X-Ratelimit-Remaining", strconv.Itoa(h.remaining))
	hdr.Set("X-Ratelimit-Reset", strconv.FormatInt(h.reset, 10))
}

// refill adds the tokens earned since the last request. A clock that steps
// back (tests set the emulator's clock to recorded dates) earns nothing
// rather than draining the bucket.
func (b *tokenBucket) refill(now time.Time) {
	if !b.last.IsZero() {
		elapsed := max(0, now.Sub(b.last).Seconds())
		b.tokens = math.Min(b.burst, b.tokens+elapsed*b.rate)
	}
	b.last = now
}

func (b *tokenBucket) headersLocked(now time.Time) rateHeaders {
	missing := b.burst - b.tokens
	reset := now
	if missing > 0 {
		reset = now.Add(time.Duration(missing / b.rate * float64(time.Second)))
	}
	return rateHeaders{
		limit:     int(b.burst),
		remaining: int(math.Floor(b.tokens)),
		reset:     int64(math.Ceil(float64(reset.UnixNano()) / 1e9)),
	}
}

// take spends one token; ok is false when the bucket is empty (429).
func (b *tokenBucket) take(now time.Time) (bool, rateHeaders) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.refill(now)
	if b.tokens < 1 {
		h := b.headersLocked(now)
		// The reset of a 429 is when the next token arrives, so a client
		// that waits for it succeeds.
		next := now.Add(time.Duration((1 - b.tokens) / b.rate * float64(time.Second)))
		h.reset = int64(math.Ceil(float64(next.UnixNano()) / 1e9))
		return false, h
	}
	b.tokens--
	return true, b.headersLocked(now)
}

// peek reports the bucket without spending (responses outside the limit).
func (b *tokenBucket) peek(now time.Time) rateHeaders {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.refill(now)
	return b.headersLocked(now)
}

// withoutRateHeaders answers like a tenant behind a proxy that strips the
// x-ratelimit-* headers (Config.StripRateLimitHeaders): the limit still
// applies, only clients cannot see it.
type withoutRateHeaders struct{ http.ResponseWriter }

var rateHeaderNames = []string{"X-Ratelimit-Limit", "X-Ratelimit-Remaining", "X-Ratelimit-Reset"}

func (w withoutRateHeaders) strip() {
	for _, name := range rateHeaderNames {
		w.Header().Del(name)
	}
}

func (w withoutRateHeaders) WriteHeader(status int) {
	w.strip()
	w.ResponseWriter.WriteHeader(status)
}

func (w withoutRateHeaders) Write(p []byte) (int, error) {
	w.strip()
	return w.ResponseWriter.Write(p)
}

// Hijack passes through, for the commit-then-drop fault.
func (w withoutRateHeaders) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	hj, ok := w.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, errors.New("emulator: the response writer cannot be hijacked")
	}
	return hj.Hijack()
}

func (w withoutRateHeaders) Unwrap() http.ResponseWriter { return w.ResponseWriter }
