package client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Rate-limit headers Auth0 sends on every Management API response.
const (
	headerLimit     = "X-Ratelimit-Limit"
	headerRemaining = "X-Ratelimit-Remaining"
	headerReset     = "X-Ratelimit-Reset" // UNIX epoch seconds
	headerRetry     = "Retry-After"
)

// errWouldExceedDeadline: the request was not sent because the client-side
// limit would have held it past the context's deadline.
var errWouldExceedDeadline = errors.New("the client-side rate limit would delay the request past the context deadline")

// pacer decides when the next request may leave, for every request of the
// client (all of terraform's concurrent operations share it), by the rules
// of bucketModel (pacing.go): the tenant's bucket as its x-ratelimit-*
// headers report it, the rate_limit cap, and the hold after a 429. It adds
// the lock and the waiting.
type pacer struct {
	now func() time.Time

	mu    sync.Mutex
	model *bucketModel
	// reported is closed (and replaced) when a response arrives, waking the
	// requests that wait for one.
	reported chan struct{}
}

func newPacer(s settings, now func() time.Time) *pacer {
	return &pacer{
		now:      now,
		model:    newBucketModel(s.rateLimit, s.burst, s.rateLimitReserve, s.maxRetryWait),
		reported: make(chan struct{}),
	}
}

// wait blocks until the request may be sent. It returns the instant it was
// admitted (for done) and how long it waited.
func (p *pacer) wait(ctx context.Context) (sentAt time.Time, waited time.Duration, err error) {
	start := p.now()
	for {
		p.mu.Lock()
		now := p.now()
		capDelay := p.model.capDelay(now)
		ok, d := p.model.admit(now)
		reported := p.reported
		p.mu.Unlock()
		if ok {
			return now, now.Sub(start), nil
		}
		if deadline, set := ctx.Deadline(); set && capDelay > 0 && now.Add(capDelay).After(deadline) {
			// The cap's wait is exact, unlike the others (a report may
			// shorten them): refuse at once what would outlast the deadline.
			return time.Time{}, now.Sub(start), fmt.Errorf("%w (%w)", errWouldExceedDeadline, context.DeadlineExceeded)
		}
		if d == waitForReport {
			d = maxReportWait
		}
		if err := sleepUntilReport(ctx, d, reported); err != nil {
			return time.Time{}, p.now().Sub(start), err
		}
	}
}

// done records the outcome of a request admitted at sentAt; resp is nil
// when none came.
func (p *pacer) done(ctx context.Context, sentAt time.Time, resp *http.Response) {
	status, h := 0, http.Header(nil)
	if resp != nil {
		status, h = resp.StatusCode, resp.Header
	}
	p.mu.Lock()
	changed := p.model.done(sentAt, p.now(), status, h)
	mode, limit, reserve, refill := p.model.mode, p.model.limit, p.model.reserve, p.model.refill.rate()
	close(p.reported)
	p.reported = make(chan struct{})
	p.mu.Unlock()
	if !changed {
		return
	}
	if mode == fromHeaders {
		tflog.SubsystemDebug(ctx, logSubsystem, "Pacing from the tenant's rate-limit headers", map[string]any{
			"bucket": limit, "reserve": reserve, "refill_per_second": math.Round(refill*10) / 10,
		})
	} else {
		tflog.SubsystemWarn(ctx, logSubsystem, "The response carries no x-ratelimit-* headers (a proxy may strip them): pacing at the rate of the smallest Auth0 tenant", map[string]any{
			"requests_per_second": headerlessRate,
		})
	}
}

// sleepUntilReport sleeps for d, or until a report arrives or ctx ends.
func sleepUntilReport(ctx context.Context, d time.Duration, reported <-chan struct{}) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-reported:
	case <-t.C:
	}
	return nil
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

	sentAt, waited, err := c.pacer.wait(ctx)
	if waited >= time.Millisecond { // below that the request was not held back
		tflog.SubsystemTrace(ctx, logSubsystem, "Waited for the rate limiter", map[string]any{"wait_ms": waited.Milliseconds()})
	}
	if err != nil {
		return nil, err
	}

	out := req.Clone(ctx)
	if err := c.authorize(ctx, out); err != nil {
		c.pacer.done(ctx, sentAt, nil)
		return nil, err
	}
	out.Header.Set("User-Agent", c.s.userAgent)
	if !st.unsent.setOnWire(true) {
		c.pacer.done(ctx, sentAt, nil)
		return nil, errInterruptedBeforeSending
	}

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
		c.pacer.done(ctx, sentAt, nil)
		logAttempt(ctx, st, 0, elapsed, nil, err)
		return nil, err
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	c.pacer.done(ctx, sentAt, resp)
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
