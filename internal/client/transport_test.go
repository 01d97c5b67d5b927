package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestBodyCutMidwayIsRetriedForGET(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if calls.Add(1) == 1 {
			w.Header().Set("Content-Length", "1000")
			writeJSON(w, 200, `{"id":"con_0123456789abcdef"`) // then the connection closes early
			return
		}
		writeJSON(w, 200, `{"id":"con_0123456789abcdef","name":"ok","strategy":"auth0"}`)
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL)
	conn, err := c.GetConnection(t.Context(), "con_0123456789abcdef")
	if err != nil || conn.Name != "ok" {
		t.Fatalf("GetConnection = %+v, %v", conn, err)
	}
	if calls.Load() != 2 {
		t.Errorf("calls = %d, want the cut-off attempt and one retry", calls.Load())
	}
}

func TestRateLimitWaitComputation(t *testing.T) {
	c := newTestClient(t, "http://127.0.0.1:1", func(c *Config) { c.MaxRetryWait = ptr(10 * time.Second) })
	now := time.Unix(1_700_000_000, 0).Add(300 * time.Millisecond)
	c.now = func() time.Time { return now }
	hdr := func(kv ...string) http.Header {
		h := http.Header{}
		for i := 0; i < len(kv); i += 2 {
			h.Set(kv[i], kv[i+1])
		}
		return h
	}
	reset := strconv.FormatInt(now.Unix()+3, 10)
	tests := []struct {
		name string
		h    http.Header
		want time.Duration
	}{
		{"until reset", hdr(headerReset, reset), 2700 * time.Millisecond},
		{"retry-after wins", hdr(headerReset, reset, headerRetry, "1"), time.Second},
		{"retry-after date", hdr(headerRetry, now.Add(2*time.Second).UTC().Format(http.TimeFormat)), 1700 * time.Millisecond},
		{"reset in the past", hdr(headerReset, strconv.FormatInt(now.Unix()-5, 10)), 0},
		{"capped", hdr(headerReset, strconv.FormatInt(now.Unix()+3600, 10)), 10 * time.Second},
		{"no headers: backoff", hdr(), time.Millisecond / 2},
	}
	for _, tt := range tests {
		if got := c.rateLimitWait(0, tt.h); got != tt.want {
			t.Errorf("%s: wait = %s, want %s", tt.name, got, tt.want)
		}
	}
	// Jitter is added on top of the wait, never beyond MaxRetryWait.
	c.jitter = func(d time.Duration) time.Duration { return d - 1 }
	if got := c.rateLimitWait(0, hdr(headerReset, reset)); got <= 2700*time.Millisecond || got > 10*time.Second {
		t.Errorf("jittered wait = %s", got)
	}
}

func TestRateLimited429IsRetriedForEveryMethod(t *testing.T) {
	var routes routeCounter
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if routes.add(r) == 1 {
			w.Header().Set(headerRetry, "0")
			writeJSON(w, 429, `{"statusCode":429,"error":"Too Many Requests","message":"Global limit has been reached","errorCode":"too_many_requests"}`)
			return
		}
		switch r.Method {
		case "POST":
			writeJSON(w, 201, `{"id":"con_0123456789abcdef","name":"a","strategy":"auth0"}`)
		case "DELETE":
			writeJSON(w, 202, `{"deleted_at":"2024-10-14T11:52:57.635Z"}`)
		default:
			writeJSON(w, 200, `{"id":"con_0123456789abcdef","name":"a","strategy":"auth0"}`)
		}
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL)
	ctx := t.Context()
	if _, err := c.CreateConnection(ctx, &Connection{Name: "a", Strategy: "auth0"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.UpdateConnection(ctx, "con_0123456789abcdef", Patch{"display_name": "x"}); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteConnection(ctx, "con_0123456789abcdef"); err != nil {
		t.Fatal(err)
	}
	// Each method's first attempt was refused and sent again; a refused
	// POST was not processed, so it needs no name look-up.
	for _, route := range []string{"POST /api/v2/connections", "PATCH /api/v2/connections/con_0123456789abcdef", "DELETE /api/v2/connections/con_0123456789abcdef"} {
		if n := routes.get(route); n != 2 {
			t.Errorf("%s: %d attempts, want 2 (429, then the retry)", route, n)
		}
	}
	if n := routes.get("GET /api/v2/connections"); n != 0 {
		t.Errorf("%d name look-ups after a 429 POST, want 0", n)
	}
}

func TestRateLimitRetriesAreBounded(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		calls.Add(1)
		w.Header().Set(headerRetry, "0")
		writeJSON(w, 429, `{"statusCode":429,"error":"Too Many Requests","message":"Global limit has been reached","errorCode":"too_many_requests"}`)
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, func(c *Config) { c.MaxRetries = 2 })
	_, err := c.GetConnection(t.Context(), "con_0123456789abcdef")
	if !IsRateLimited(err) || !strings.Contains(err.Error(), "Global limit has been reached") {
		t.Fatalf("err = %v", err)
	}
	if calls.Load() != 3 {
		t.Errorf("calls = %d, want 3 (1 + MaxRetries)", calls.Load())
	}
}

// promptBound is how soon after its context ends a request held for
// minutes (by a 429's reset, the pacer, or a server that never answers)
// must return. It is far below what the request would otherwise wait and
// generous for a loaded machine: it tells a prompt return from waiting
// out the hold, it does not measure how fast the return is.
const promptBound = 10 * time.Second

func TestCancelDuringRateLimitWait(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set(headerReset, strconv.FormatInt(time.Now().Add(5*time.Minute).Unix(), 10))
		writeJSON(w, 429, `{"statusCode":429,"error":"Too Many Requests","message":"Global limit has been reached","errorCode":"too_many_requests"}`)
	}))
	defer srv.Close()
	for _, limited := range []bool{false, true} {
		t.Run(fmt.Sprintf("limiter=%v", limited), func(t *testing.T) {
			c := newTestClient(t, srv.URL, func(c *Config) {
				c.MaxRetryWait = ptr(10 * time.Minute)
				if limited {
					c.RateLimit = 100
				}
			})
			ctx, cancel := context.WithTimeout(t.Context(), 150*time.Millisecond)
			defer cancel()
			start := time.Now()
			_, err := c.GetConnection(ctx, "con_0123456789abcdef")
			elapsed := time.Since(start)
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("err = %v, want the context's error", err)
			}
			if elapsed > promptBound {
				t.Errorf("returned %s after the context ended; must be prompt", elapsed)
			}
			// A second request is held by the pacer (the 429 hold): it too
			// must return as soon as its context ends.
			ctx2, cancel2 := context.WithTimeout(t.Context(), 100*time.Millisecond)
			defer cancel2()
			start = time.Now()
			_, err = c.GetConnection(ctx2, "con_0123456789abcdef")
			if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > promptBound {
				t.Errorf("held request: err = %v after %s", err, time.Since(start))
			}
		})
	}
}

func TestLimiterWaitPastDeadlineFailsFast(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		calls.Add(1)
		writeJSON(w, 200, `{"id":"con_0123456789abcdef","name":"ok","strategy":"auth0"}`)
	}))
	defer srv.Close()
	// One token an hour: the next is an hour away, past the deadline below.
	c := newTestClient(t, srv.URL, func(c *Config) { c.RateLimit, c.Burst = 1.0/3600, 1 })
	if _, err := c.GetConnection(t.Context(), "con_0123456789abcdef"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	_, err := c.GetConnection(ctx, "con_0123456789abcdef")
	// Failing fast is returning while the context is still live, instead of
	// waiting for the deadline to pass.
	if !errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil {
		t.Errorf("err = %v, context %v; want the deadline error before the deadline (the next token is an hour away)", err, ctx.Err())
	}
	_, err = c.CreateConnection(ctx, &Connection{Name: "x", Strategy: "auth0"})
	if !errors.Is(err, errWouldExceedDeadline) || strings.Contains(err.Error(), "look") {
		t.Errorf("create: err = %v; a request never sent is returned as such, with no look-up", err)
	}
	if calls.Load() != 1 {
		t.Errorf("server calls = %d, want only the first GET", calls.Load())
	}
}

func TestPerAttemptTimeoutIsRetriedForGET(t *testing.T) {
	// The first attempt is never answered: the server holds it until the
	// client gives up on it, or for a minute.
	const hold = time.Minute
	var calls atomic.Int32
	abandoned := make(chan bool, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			select {
			case <-time.After(hold):
				abandoned <- false
			case <-r.Context().Done():
				abandoned <- true
			}
			return
		}
		writeJSON(w, 200, `{"id":"con_0123456789abcdef","name":"ok","strategy":"auth0"}`)
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, func(c *Config) { c.RequestTimeout = ptr(100 * time.Millisecond) })
	start := time.Now()
	conn, err := c.GetConnection(t.Context(), "con_0123456789abcdef")
	if err != nil || conn.Name != "ok" {
		t.Fatalf("GetConnection = %+v, %v", conn, err)
	}
	if calls.Load() != 2 || time.Since(start) > promptBound {
		t.Errorf("%d attempts in %s; want the timed-out one and a prompt retry", calls.Load(), time.Since(start))
	}
	// The context has no deadline: only the per-attempt timeout can have
	// ended the first attempt.
	if !<-abandoned {
		t.Errorf("the first attempt was held for %s: the client did not time it out", hold)
	}
}
