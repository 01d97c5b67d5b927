package emulator

import (
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// tokenBucket is the tenant-wide rate limiter: rate tokens per second up to
// burst. Auth0 reports it in x-ratelimit-* headers on every response, 429s
// included.
type tokenBucket struct {
	mu     sync.Mutex
	rate   float64 // tokens per second; 0 = unlimited
	burst  float64
	tokens float64
	last   time.Time
}

// idleLimit is what the headers say when rate limiting is off: a full
// bucket of Auth0's documented Enterprise burst, never draining.
const idleLimit = 50

func newTokenBucket(rate float64, burst int) *tokenBucket {
	b := &tokenBucket{}
	b.reset(rate, burst)
	return b
}

func (b *tokenBucket) reset(rate float64, burst int) {
	b.mu.Lock()
	defer b.mu.Unlock()
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

func (b *tokenBucket) refill(now time.Time) {
	if !b.last.IsZero() {
		b.tokens = math.Min(b.burst, b.tokens+now.Sub(b.last).Seconds()*b.rate)
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
	if b.rate <= 0 {
		return true, rateHeaders{limit: idleLimit, remaining: idleLimit, reset: now.Unix()}
	}
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
	if b.rate <= 0 {
		return rateHeaders{limit: idleLimit, remaining: idleLimit, reset: now.Unix()}
	}
	b.refill(now)
	return b.headersLocked(now)
}
