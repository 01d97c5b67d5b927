package client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"golang.org/x/time/rate"
)

// Rate-limit headers Auth0 sends on every Management API response.
const (
	headerLimit     = "X-Ratelimit-Limit"
	headerRemaining = "X-Ratelimit-Remaining"
	headerReset     = "X-Ratelimit-Reset" // UNIX epoch seconds
	headerRetry     = "Retry-After"
)

// lowRemainingFraction: below this share of the bucket left, the client
// spends no faster than the bucket refills instead of draining it. Auth0
// writes an api_limit_warning tenant log at 80 % consumption, so pacing from
// there keeps the tenant at that edge instead of at the limit, where real
// users' logins would be throttled.
const lowRemainingFraction = 0.2

// errWouldExceedDeadline: the request was not sent because the client-side
// limit would have held it past the context's deadline.
var errWouldExceedDeadline = errors.New("the client-side rate limit would delay the request past the context deadline")

// pacer decides when the next request may leave. It combines
//   - a token bucket (golang.org/x/time/rate: a well-tested limiter whose Wait
//     honours context cancellation) for the configured requests/s and burst,
//   - pacing from the server's x-ratelimit-* headers: when few tokens remain,
//     requests are spaced at the rate the bucket refills, and
//   - a hold after a 429: every request waits for the reset, not only the one
//     that was refused, so concurrent requests do not all hit the limit too.
type pacer struct {
	limiter      *rate.Limiter // nil: unlimited
	headerPacing bool
	maxHold      time.Duration
	now          func() time.Time
	sleep        func(ctx context.Context, d time.Duration) error

	mu           sync.Mutex
	notBefore    time.Time     // no request leaves before this instant
	spacing      time.Duration // minimum gap between requests while pacing
	spacingUntil time.Time     // when the pacing gap stops applying (the reset)
}

func newPacer(s settings, now func() time.Time) *pacer {
	p := &pacer{maxHold: s.maxRetryWait, now: now, sleep: sleepContext}
	if s.rateLimit >= 0 {
		p.limiter = rate.NewLimiter(rate.Limit(s.rateLimit), s.burst)
		p.headerPacing = true
	}
	return p
}

// wait blocks until the request may be sent and returns how long it waited.
func (p *pacer) wait(ctx context.Context) (time.Duration, error) {
	start := p.now()
	if p.limiter != nil {
		if err := p.limiter.Wait(ctx); err != nil {
			if ctx.Err() == nil {
				// rate.Limiter refuses at once a wait that would outlast
				// the context's deadline; report it as that deadline.
				err = fmt.Errorf("%w (%w)", errWouldExceedDeadline, context.DeadlineExceeded)
			}
			return p.now().Sub(start), err
		}
	}
	if d := p.reserveSlot(); d > 0 {
		if err := p.sleep(ctx, d); err != nil {
			return p.now().Sub(start), err
		}
	}
	return p.now().Sub(start), nil
}

// reserveSlot returns how long this request must wait, and moves notBefore
// on by the pacing gap so the next request waits behind it.
func (p *pacer) reserveSlot() time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	slot := now
	if p.notBefore.After(slot) {
		slot = p.notBefore
	}
	if p.spacing > 0 && slot.Before(p.spacingUntil) {
		p.notBefore = slot.Add(p.spacing)
	}
	return slot.Sub(now)
}

// observe reads the rate-limit headers of a response.
func (p *pacer) observe(resp *http.Response) {
	limit, okLimit := headerInt(resp.Header, headerLimit)
	remaining, okRemaining := headerInt(resp.Header, headerRemaining)
	reset, okReset := resetTime(resp.Header)
	now := p.now()

	p.mu.Lock()
	defer p.mu.Unlock()
	if resp.StatusCode == http.StatusTooManyRequests {
		// Without either header the retry backoff alone spaces the retry.
		if d, ok := retryAfter(resp.Header, now); ok {
			p.holdUntil(now.Add(min(d, p.maxHold)))
		} else if okReset {
			p.holdUntil(minTime(reset, now.Add(p.maxHold)))
		}
		return
	}
	if !p.headerPacing || !okLimit || !okRemaining || !okReset || limit <= 0 || !reset.After(now) {
		return
	}
	if float64(remaining) >= lowRemainingFraction*float64(limit) {
		p.spacing = 0
		return
	}
	// x-ratelimit-reset is when the bucket is full again, so the bucket
	// refills (limit-remaining) tokens by then: spending no faster than that
	// keeps it from running dry. The reset's whole-second resolution only
	// makes the estimate more cautious.
	missing := max(limit-remaining, 1)
	p.spacing = reset.Sub(now) / time.Duration(missing)
	p.spacingUntil = reset
	if remaining <= 0 {
		p.holdUntil(now.Add(p.spacing)) // the next token
	}
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func (p *pacer) holdUntil(t time.Time) {
	if t.After(p.notBefore) {
		p.notBefore = t
	}
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

// retryAfter parses Retry-After (seconds or an HTTP date). Auth0 does not
// document it for the Management API, but a proxy in front of it may send it.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := h.Get(headerRetry)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

func sleepContext(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// apiTransport sends one attempt: it waits for the pacer, adds the
// Authorization and User-Agent headers, applies the per-attempt timeout
// (after the pacing wait, so queueing behind the limiter never times a
// request out) and logs the attempt.
type apiTransport struct {
	c    *Client
	base http.RoundTripper
}

func (t *apiTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	st := stateFrom(ctx)
	c := t.c

	waited, err := c.pacer.wait(ctx)
	if waited >= time.Millisecond { // below that the request was not held back
		tflog.SubsystemTrace(ctx, logSubsystem, "Waited for the rate limiter", map[string]any{"wait_ms": waited.Milliseconds()})
	}
	if err != nil {
		return nil, err
	}

	out := req.Clone(ctx)
	if err := c.authorize(ctx, out); err != nil {
		return nil, err
	}
	out.Header.Set("User-Agent", c.s.userAgent)

	attemptCtx, cancel := context.WithTimeout(ctx, c.s.requestTimeout)
	out = out.WithContext(attemptCtx)
	start := c.now()
	resp, err := t.base.RoundTrip(out)
	elapsed := c.now().Sub(start)
	if err != nil {
		cancel()
		if attemptCtx.Err() == context.DeadlineExceeded && ctx.Err() == nil {
			err = fmt.Errorf("attempt timed out after %s (request_timeout): %w", c.s.requestTimeout, err)
		}
		logAttempt(ctx, st, 0, elapsed, nil, err)
		return nil, err
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	c.pacer.observe(resp)
	logAttempt(ctx, st, resp.StatusCode, elapsed, resp.Header, nil)
	return resp, nil
}

// cancelOnClose releases the per-attempt timeout once the body is consumed.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelOnClose) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

func logAttempt(ctx context.Context, st *requestState, status int, elapsed time.Duration, h http.Header, err error) {
	fields := map[string]any{
		"method":      st.method,
		"path":        st.path,
		"attempt":     st.attempt + 1,
		"duration_ms": elapsed.Milliseconds(),
	}
	if err != nil {
		fields["error"] = err.Error()
		tflog.SubsystemDebug(ctx, logSubsystem, "Management API request failed", fields)
		return
	}
	fields["status"] = status
	if v := h.Get(headerRemaining); v != "" {
		fields["ratelimit_remaining"] = v
	}
	if v := h.Get(headerLimit); v != "" {
		fields["ratelimit_limit"] = v
	}
	tflog.SubsystemDebug(ctx, logSubsystem, "Management API request", fields)
}
