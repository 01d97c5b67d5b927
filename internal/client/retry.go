package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Retry policy, plugged into go-retryablehttp's CheckRetry and Backoff hooks.
// go-retryablehttp supplies the loop (body rewinding, bounded attempts, and a
// wait that returns at once when the context is cancelled); the decisions
// below are Auth0-specific:
//   - 429: the request was not processed, so every method is retried, after
//     waiting until x-ratelimit-reset (or Retry-After) plus jitter, bounded by
//     MaxRetryWait.
//   - 5xx and transport errors: GET, PATCH and DELETE are retried with capped
//     exponential backoff and jitter. POST is not: the first attempt may have
//     created the connection, and CreateConnection resolves that by looking
//     the name up instead.

const (
	defaultBackoffBase = 500 * time.Millisecond
	defaultBackoffCap  = 10 * time.Second
	// defaultDeletionWait: deleting a connection with many users can take
	// minutes; a replacement that keeps the name waits this long for it.
	defaultDeletionWait = 2 * time.Minute
	// minRateLimitJitter spreads retries of concurrent requests that were
	// refused in the same second (x-ratelimit-reset has 1 s resolution).
	minRateLimitJitter = 250 * time.Millisecond
)

func (c *Client) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	retry, checkErr := c.decideRetry(ctx, resp, err)
	if retry && !stateFrom(ctx).unsent.setOnWire(false) {
		// Interrupted while the attempt was on the wire, and its answer
		// says the server did not process it: give up instead of waiting
		// to send it again.
		return false, errInterruptedBeforeSending
	}
	return retry, checkErr
}

func (c *Client) decideRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	st := stateFrom(ctx)
	if errors.Is(err, errWouldExceedDeadline) {
		return false, err
	}
	if err != nil {
		var authErr *authError
		if errors.As(err, &authErr) {
			return authErr.retryable && st.retryUncertain, nil
		}
		return st.retryUncertain, nil
	}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		return true, nil
	case resp.StatusCode == http.StatusUnauthorized && c.tokens != nil && !st.reauthorized:
		// A cached client-credentials token can be revoked or rotated
		// before its expiry; one fresh token is worth one more attempt.
		// (A 401 means the request was not processed, so POST too.)
		st.reauthorized = true
		c.tokens.invalidate()
		return true, nil
	case resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented:
		return st.retryUncertain, nil
	}
	return false, nil
}

// backoff computes the wait before retry number attempt+1.
func (c *Client) backoff(_, _ time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil && resp.StatusCode == http.StatusTooManyRequests {
		return c.rateLimitWait(attempt, resp.Header)
	}
	return c.exponentialBackoff(attempt)
}

// rateLimitWait: until the bucket refills, plus jitter, at most MaxRetryWait.
func (c *Client) rateLimitWait(attempt int, h http.Header) time.Duration {
	now := c.now()
	var wait time.Duration
	if d, ok := retryAfter(h, now); ok {
		wait = d
	} else if reset, ok := resetTime(h); ok {
		wait = max(reset.Sub(now), 0)
	} else {
		wait = c.exponentialBackoff(attempt)
	}
	wait += c.jitter(max(wait/5, minRateLimitJitter))
	return min(wait, c.s.maxRetryWait)
}

// exponentialBackoff is "equal jitter": half of the capped exponential step
// is fixed, half random, so retries of many clients spread out while each
// still backs off.
func (c *Client) exponentialBackoff(attempt int) time.Duration {
	step := c.backoffCap
	if attempt < 30 {
		step = min(c.backoffBase<<attempt, c.backoffCap)
	}
	return step/2 + c.jitter(step/2)
}

// waitToResend waits before a request whose outcome was unknown is sent
// again (attempt counts from 0), with the same backoff as the transport's
// retries. When MaxRetries resends are spent it returns err, saying what
// gave up; when ctx ends first, the context's error.
func (c *Client) waitToResend(ctx context.Context, attempt int, what string, err error) error {
	if attempt >= c.s.maxRetries {
		return fmt.Errorf("%s: gave up after %d attempts: %w", what, attempt+1, err)
	}
	return sleepUnlessInterrupted(ctx, c.exponentialBackoff(attempt))
}
