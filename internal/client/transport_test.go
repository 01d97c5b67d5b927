package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

func TestUnexpectedErrorBodiesBecomeAPIErrors(t *testing.T) {
	htmlPage := "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>" + strings.Repeat("<p>proxy</p>", 100) + "</body></html>"
	tests := []struct {
		name        string
		status      int
		contentType string
		body        string
		wantStatus  int
		wantMessage string
	}{
		{"html from a proxy", 502, "text/html", htmlPage, 502, `unexpected response body: "<html> <head><title>502 Bad Gateway</title>`},
		{"empty body", 403, "application/json", "", 403, "the response had an empty body"},
		{"truncated json", 400, "application/json", `{"statusCode":400,"error":"Bad Req`, 400, `unexpected response body: "{\"statusCode\":400`},
		{"json without envelope", 404, "application/json", `{"foo":1}`, 404, `unexpected response body: "{\"foo\":1}"`},
		{"status mismatch", 409, "application/json", `{"statusCode":500,"error":"Conflict","message":"m","errorCode":"c"}`, 409, "m"},
		{"private key echoed", 400, "text/plain", "-----BEGIN RSA PRIVATE KEY-----\nMIIsecret\n-----END RSA PRIVATE KEY-----", 400, `unexpected response body: "***"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", tt.contentType)
				w.WriteHeader(tt.status)
				_, _ = io.WriteString(w, tt.body)
			}))
			defer srv.Close()
			c := newTestClient(t, srv.URL, func(c *Config) { c.MaxRetries = 1 })
			_, err := c.GetConnection(context.Background(), "con_0123456789abcdef")
			var apiErr *APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("err = %v (%T), want *APIError", err, err)
			}
			if apiErr.StatusCode != tt.wantStatus || apiErr.Err != http.StatusText(tt.wantStatus) {
				t.Errorf("status = %d %q", apiErr.StatusCode, apiErr.Err)
			}
			if !strings.HasPrefix(apiErr.Message, tt.wantMessage) {
				t.Errorf("message = %q, want prefix %q", apiErr.Message, tt.wantMessage)
			}
			if len(apiErr.Message) > maxExcerpt+60 {
				t.Errorf("message is %d bytes long, the excerpt must be short", len(apiErr.Message))
			}
			if strings.Contains(apiErr.Message, "MIIsecret") {
				t.Errorf("private key leaked into the error: %q", apiErr.Message)
			}
			if apiErr.Method != "GET" || apiErr.Path != "/api/v2/connections/con_0123456789abcdef" {
				t.Errorf("method/path = %s %s", apiErr.Method, apiErr.Path)
			}
		})
	}
}

func TestAPIErrorMessageQuotesAuth0Verbatim(t *testing.T) {
	body := `{"statusCode":409,"error":"Conflict","message":"A connection with the same name already exists","errorCode":"connection_conflict"}`
	err := newAPIError("POST", "/api/v2/connections", 409, []byte(body))
	if got, want := err.Error(), "409 Conflict (connection_conflict): A connection with the same name already exists"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if !IsConflict(err) || IsNotFound(err) || IsRateLimited(err) || IsForbidden(err) {
		t.Errorf("helpers disagree with status 409")
	}
	wrapped := fmt.Errorf("context: %w", newAPIError("GET", "/x", 404, []byte(`{"statusCode":404,"error":"Not Found","message":"Not Found"}`)))
	if !IsNotFound(wrapped) || wrapped.Error() != "context: 404 Not Found: Not Found" {
		t.Errorf("wrapped 404: %v", wrapped)
	}
	if !IsForbidden(newAPIError("GET", "/x", 403, nil)) || !IsRateLimited(newAPIError("GET", "/x", 429, nil)) {
		t.Errorf("403/429 helpers")
	}
}

func TestMalformedSuccessBodies(t *testing.T) {
	bodies := map[string]string{
		"truncated": `{"id":"con_0123456789abcdef","name":"x`,
		"html":      "<html>maintenance</html>",
		"empty":     "",
		"array":     `[1,2]`,
		"null":      `null`,
	}
	for name, body := range bodies {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				writeJSON(w, 200, body)
			}))
			defer srv.Close()
			c := newTestClient(t, srv.URL)
			conn, err := c.GetConnection(context.Background(), "con_0123456789abcdef")
			if err == nil {
				t.Fatalf("got %+v, want a decoding error", conn)
			}
			// null decodes to a connection without an id: unusable too.
			if !strings.Contains(err.Error(), "decoding 200 response") && !strings.Contains(err.Error(), "unusable response") {
				t.Errorf("err = %v", err)
			}
			var apiErr *APIError
			if errors.As(err, &apiErr) {
				t.Errorf("a malformed 200 is not an API error: %v", err)
			}
		})
	}
}

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
	conn, err := c.GetConnection(context.Background(), "con_0123456789abcdef")
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
	ctx := context.Background()
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
	_, err := c.GetConnection(context.Background(), "con_0123456789abcdef")
	if !IsRateLimited(err) || !strings.Contains(err.Error(), "Global limit has been reached") {
		t.Fatalf("err = %v", err)
	}
	if calls.Load() != 3 {
		t.Errorf("calls = %d, want 3 (1 + MaxRetries)", calls.Load())
	}
}

func TestCancelDuringRateLimitWait(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set(headerReset, strconv.FormatInt(time.Now().Add(30*time.Second).Unix(), 10))
		writeJSON(w, 429, `{"statusCode":429,"error":"Too Many Requests","message":"Global limit has been reached","errorCode":"too_many_requests"}`)
	}))
	defer srv.Close()
	for _, limited := range []bool{false, true} {
		t.Run(fmt.Sprintf("limiter=%v", limited), func(t *testing.T) {
			c := newTestClient(t, srv.URL, func(c *Config) {
				c.MaxRetryWait = ptr(time.Minute)
				if limited {
					c.RateLimit = 100
				}
			})
			ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
			defer cancel()
			start := time.Now()
			_, err := c.GetConnection(ctx, "con_0123456789abcdef")
			elapsed := time.Since(start)
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("err = %v, want the context's error", err)
			}
			if elapsed > time.Second {
				t.Errorf("returned %s after the context ended; must be prompt", elapsed)
			}
			// A second request is held by the pacer (the 429 hold): it too
			// must return as soon as its context ends.
			ctx2, cancel2 := context.WithTimeout(context.Background(), 100*time.Millisecond)
			defer cancel2()
			start = time.Now()
			_, err = c.GetConnection(ctx2, "con_0123456789abcdef")
			if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > time.Second {
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
	c := newTestClient(t, srv.URL, func(c *Config) { c.RateLimit, c.Burst = 0.5, 1 })
	if _, err := c.GetConnection(context.Background(), "con_0123456789abcdef"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.GetConnection(ctx, "con_0123456789abcdef")
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 100*time.Millisecond {
		t.Errorf("err = %v after %s; want an immediate deadline error (the next token is 2 s away)", err, time.Since(start))
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
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			select {
			case <-time.After(2 * time.Second):
			case <-r.Context().Done():
			}
			return
		}
		writeJSON(w, 200, `{"id":"con_0123456789abcdef","name":"ok","strategy":"auth0"}`)
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, func(c *Config) { c.RequestTimeout = ptr(100 * time.Millisecond) })
	start := time.Now()
	conn, err := c.GetConnection(context.Background(), "con_0123456789abcdef")
	if err != nil || conn.Name != "ok" {
		t.Fatalf("GetConnection = %+v, %v", conn, err)
	}
	if calls.Load() != 2 || time.Since(start) > time.Second {
		t.Errorf("%d attempts in %s; want the timed-out one and a prompt retry", calls.Load(), time.Since(start))
	}
}

// fakeTenant is a minimal connections store for create-recovery tests.
type fakeTenant struct {
	mu    sync.Mutex
	conns map[string]string // name -> strategy
	// postOutcome decides each POST: "ok", "500", "commit+500",
	// "commit-samlp+500" or "drop" (commit, then close the connection).
	postOutcome func(n int) string
	posts       int
	lookups     int // GET /connections?name=
}

func (f *fakeTenant) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case r.Method == "POST":
		f.posts++
		var body struct{ Name, Strategy string }
		_ = json.NewDecoder(r.Body).Decode(&body)
		outcome := f.postOutcome(f.posts)
		if _, exists := f.conns[body.Name]; exists {
			outcome = "409"
		}
		switch outcome {
		case "409":
			writeJSON(w, 409, `{"statusCode":409,"error":"Conflict","message":"A connection with the same name already exists","errorCode":"connection_conflict"}`)
		case "500":
			writeJSON(w, 500, `{"statusCode":500,"error":"Internal Server Error","message":"boom"}`)
		case "commit+500":
			f.conns[body.Name] = body.Strategy
			writeJSON(w, 503, `<html>upstream</html>`)
		case "commit-samlp+500": // someone else created the name meanwhile
			f.conns[body.Name] = "samlp"
			writeJSON(w, 500, `{}`)
		case "drop":
			f.conns[body.Name] = body.Strategy
			hj, _ := w.(http.Hijacker)
			conn, _, _ := hj.Hijack()
			_ = conn.Close()
		default:
			f.conns[body.Name] = body.Strategy
			writeJSON(w, 201, fmt.Sprintf(`{"id":"con_created0000000","name":%q,"strategy":%q}`, body.Name, body.Strategy))
		}
	case r.Method == "GET" && r.URL.Path == "/api/v2/connections":
		name := r.URL.Query().Get("name")
		f.lookups++
		items := "[]"
		if s, ok := f.conns[name]; ok {
			items = fmt.Sprintf(`[{"id":"con_found00000000000","name":%q,"strategy":%q}]`, name, s)
		}
		writeJSON(w, 200, `{"connections":`+items+`}`)
	default:
		writeJSON(w, 404, `{"statusCode":404,"error":"Not Found","message":"nope"}`)
	}
}

func TestCreateIsNeverBlindlyRetried(t *testing.T) {
	tests := []struct {
		name        string
		outcomes    []string
		existing    map[string]string
		strategy    string
		wantID      string
		wantErr     string
		wantPosts   int
		wantLookups int
	}{
		{"ok", []string{"ok"}, nil, "auth0", "con_created0000000", "", 1, 0},
		{"committed then 5xx: adopted", []string{"commit+500"}, nil, "auth0", "con_found00000000000", "", 1, 1},
		{"committed then dropped: adopted", []string{"drop"}, nil, "auth0", "con_found00000000000", "", 1, 1},
		{"5xx without commit: posted again", []string{"500", "ok"}, nil, "auth0", "con_created0000000", "", 2, 1},
		{"first-attempt 409 is a conflict", []string{"ok"}, map[string]string{"a": "auth0"}, "auth0", "", "409 Conflict (connection_conflict)", 1, 0},
		{"other strategy exists", []string{"commit-samlp+500"}, nil, "auth0", "", "already exists with strategy \"samlp\"", 1, 1},
		{"5xx until retries run out", []string{"500", "500", "500", "500", "500"}, nil, "auth0", "", "gave up after 4 attempts", 4, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tenant := &fakeTenant{conns: map[string]string{}, postOutcome: func(n int) string { return tt.outcomes[min(n, len(tt.outcomes))-1] }}
			for k, v := range tt.existing {
				tenant.conns[k] = v
			}
			srv := httptest.NewServer(tenant)
			defer srv.Close()
			c := newTestClient(t, srv.URL)
			conn, err := c.CreateConnection(context.Background(), &Connection{Name: "a", Strategy: tt.strategy})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
			} else if err != nil || conn.ID != tt.wantID {
				t.Fatalf("CreateConnection = %+v, %v; want id %s", conn, err, tt.wantID)
			}
			if tenant.posts != tt.wantPosts || tenant.lookups != tt.wantLookups {
				t.Errorf("posts = %d (want %d), lookups = %d (want %d)", tenant.posts, tt.wantPosts, tenant.lookups, tt.wantLookups)
			}
		})
	}
}

func TestDeleteTreatsGoneAsSuccess(t *testing.T) {
	for _, status := range []int{202, 204, 404} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			switch status {
			case 202:
				writeJSON(w, 202, `{"deleted_at":"2024-10-14T11:52:57.635Z"}`)
			case 204:
				w.WriteHeader(204)
			default:
				writeJSON(w, 404, `{"statusCode":404,"error":"Not Found","message":"The connection does not exist","errorCode":"inexistent_connection"}`)
			}
		}))
		c := newTestClient(t, srv.URL)
		if err := c.DeleteConnection(context.Background(), "con_0123456789abcdef"); err != nil {
			t.Errorf("status %d: %v", status, err)
		}
		srv.Close()
	}
}

func TestPacerSpacesRequestsWhenFewTokensRemain(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	p := newPacer(settings{rateLimit: 1000, burst: 1000, maxRetryWait: time.Minute}, func() time.Time { return now })
	resp := func(status int, limit, remaining string, reset time.Time) *http.Response {
		h := http.Header{}
		h.Set(headerLimit, limit)
		h.Set(headerRemaining, remaining)
		h.Set(headerReset, strconv.FormatInt(reset.Unix(), 10))
		return &http.Response{StatusCode: status, Header: h}
	}
	if d := p.reserveSlot(); d != 0 {
		t.Fatalf("fresh pacer waits %s", d)
	}
	p.observe(resp(200, "50", "40", now.Add(4*time.Second)))
	if d := p.reserveSlot(); d != 0 {
		t.Errorf("80%% remaining must not pace, waited %s", d)
	}
	// 4 of 54 left, full again in 5 s: the bucket refills 50 tokens in 5 s,
	// so requests leave every 100 ms.
	p.observe(resp(200, "54", "4", now.Add(5*time.Second)))
	first, second, third := p.reserveSlot(), p.reserveSlot(), p.reserveSlot()
	if first != 0 || second != 100*time.Millisecond || third != 200*time.Millisecond {
		t.Errorf("pacing slots = %s, %s, %s; want 0s, 100ms, 200ms", first, second, third)
	}
	p.observe(resp(200, "50", "30", now.Add(time.Second)))
	if d := p.reserveSlot(); d != 300*time.Millisecond {
		t.Errorf("slots already handed out stay reserved: %s", d)
	}
	now = now.Add(5 * time.Second)
	p.observe(resp(200, "10", "0", now.Add(2*time.Second)))
	if d := p.reserveSlot(); d != 200*time.Millisecond {
		t.Errorf("an empty bucket must hold until its next token (200ms), waited %s", d)
	}
	now = now.Add(10 * time.Second)
	p.observe(resp(429, "50", "0", now.Add(2*time.Second)))
	if d := p.reserveSlot(); d != 2*time.Second {
		t.Errorf("a 429 must hold every request until the reset, waited %s", d)
	}
	p.observe(resp(429, "50", "0", now.Add(time.Hour)))
	if d := p.reserveSlot(); d != time.Minute {
		t.Errorf("a 429 hold is bounded by MaxRetryWait, waited %s", d)
	}
}

func TestClientCredentialsRefetchOn401AndNeverLeakSecret(t *testing.T) {
	const secret = "super-secret-value-0123456789"
	var tokenCalls, apiCalls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/oauth/token":
			n := tokenCalls.Add(1)
			_ = r.ParseForm()
			if r.Form.Get("client_secret") != secret || r.Form.Get("audience") != "http://"+r.Host+"/api/v2/" {
				writeJSON(w, 401, `{"error":"access_denied","error_description":"Unauthorized `+r.Form.Get("client_secret")+`"}`)
				return
			}
			writeJSON(w, 200, fmt.Sprintf(`{"access_token":"tok%d","token_type":"Bearer","expires_in":86400}`, n))
		default:
			apiCalls.Add(1)
			if r.Header.Get("Authorization") != "Bearer tok2" {
				writeJSON(w, 401, `{"statusCode":401,"error":"Unauthorized","message":"Invalid token"}`)
				return
			}
			writeJSON(w, 200, `{"id":"con_0123456789abcdef","name":"ok","strategy":"auth0"}`)
		}
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, func(c *Config) { c.APIToken, c.ClientID, c.ClientSecret = "", "cid", secret })
	if _, err := c.GetConnection(context.Background(), "con_0123456789abcdef"); err != nil {
		t.Fatal(err)
	}
	if tokenCalls.Load() != 2 || apiCalls.Load() != 2 {
		t.Errorf("token calls = %d, api calls = %d; want one re-fetch after the 401", tokenCalls.Load(), apiCalls.Load())
	}

	bad := newTestClient(t, srv.URL, func(c *Config) { c.APIToken, c.ClientID, c.ClientSecret = "", "cid", "wrong-"+secret })
	_, err := bad.GetConnection(context.Background(), "con_0123456789abcdef")
	if err == nil || !strings.Contains(err.Error(), "access_denied") {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(err.Error(), secret) {
		t.Errorf("the client secret leaked into the error: %v", err)
	}
	if tokenCalls.Load() != 3 || apiCalls.Load() != 2 {
		t.Errorf("token calls = %d, api calls = %d; a rejected credential must be asked for once and no API call made", tokenCalls.Load(), apiCalls.Load())
	}
}

// TestDebugLogMasksSecrets captures tflog output of a debug-mode create whose
// request and response (the real server echoes secrets in plaintext) carry
// secrets, and checks none appears, while the non-secret data does.
func TestDebugLogMasksSecrets(t *testing.T) {
	secrets := []string{"cs-0123456789", "tw-0123456789", "gw-0123456789", "sk-0123456789", "cfg-0123456789", "pw-0123456789", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC"}
	options := fmt.Sprintf(`{"client_id":"visible-client-id","client_secret":%q,"twilio_token":%q,
		"gateway_authentication":{"secret":%q,"audience":"aud"},"signing_key":{"key":%q,"cert":"public-cert"},
		"configuration":{"API_KEY":%q},"custom":{"db_password":%q},
		"private":"-----BEGIN PRIVATE KEY-----\n%s\n-----END PRIVATE KEY-----"}`,
		secrets[0], secrets[1], secrets[2], secrets[3], secrets[4], secrets[5], secrets[6])
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var in map[string]json.RawMessage
		_ = json.Unmarshal(body, &in)
		in["id"] = json.RawMessage(`"con_0123456789abcdef"`)
		out, _ := json.Marshal(in)
		writeJSON(w, 201, string(out))
	}))
	defer srv.Close()
	const apiToken = "static-api-token-0123456789"
	c := newTestClient(t, srv.URL, func(c *Config) { c.Debug = true; c.APIToken = apiToken })

	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)
	conn, err := c.CreateConnection(ctx, &Connection{Name: "masked", Strategy: "oauth2", Options: json.RawMessage(options)})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(conn.Options, []byte(secrets[0])) {
		t.Fatalf("the returned connection itself must keep its options")
	}
	out := logs.String()
	for _, s := range append(secrets, apiToken) {
		if strings.Contains(out, s) {
			t.Errorf("secret %q found in the log", s)
		}
	}
	for _, want := range []string{"visible-client-id", "public-cert", `"@module":"provider.auth0_client"`, "Management API request body", "Management API response body", `"status":201`} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q", want)
		}
	}
	entries, err := tflogtest.MultilineJSONDecode(&logs)
	if err != nil || len(entries) < 3 {
		t.Fatalf("decoding log: %v (%d entries)", err, len(entries))
	}
}

func TestBodiesAreNotLoggedWithoutDebug(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, 200, `{"id":"con_0123456789abcdef","name":"quiet-marker","strategy":"auth0"}`)
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL)
	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)
	if _, err := c.GetConnection(ctx, "con_0123456789abcdef"); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(logs.String(), "quiet-marker") || !strings.Contains(logs.String(), `"path":"/api/v2/connections/con_0123456789abcdef"`) {
		t.Errorf("log: %s", logs.String())
	}
}

func TestMaskBody(t *testing.T) {
	in := `{"options":{"client_secret":"a1","nested":{"signing_secret":"a2","list":[{"password":"a3"}]},
		"configuration":{"X":"a4","N":5},"upstream_params":{"p":{"value":"visible"}},"token":"a5","n":1}}`
	out := maskBody([]byte(in))
	for _, s := range []string{"a1", "a2", "a3", "a4", `"N":5`, "a5"} {
		if strings.Contains(out, s) {
			t.Errorf("%q not masked in %s", s, out)
		}
	}
	if !strings.Contains(out, "visible") || !strings.Contains(out, `"n":1`) {
		t.Errorf("non-secret values lost: %s", out)
	}
	if got := maskBody([]byte("not json -----BEGIN EC PRIVATE KEY-----\nabc\n-----END EC PRIVATE KEY-----")); strings.Contains(got, "abc") {
		t.Errorf("PEM not masked in %s", got)
	}
}
