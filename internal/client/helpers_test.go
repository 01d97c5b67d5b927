package client

import (
	"io"
	"net/http"
	"sync"
	"testing"
	"time"
)

// newTestClient returns a client for url with fast, deterministic retries:
// no jitter and millisecond backoff steps.
func newTestClient(t testing.TB, url string, mutate ...func(*Config)) *Client {
	t.Helper()
	cfg := Config{Domain: url, APIToken: "test-token", RateLimit: -1, MaxRetries: 3}
	for _, m := range mutate {
		m(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	c.jitter = func(time.Duration) time.Duration { return 0 }
	c.backoffBase = time.Millisecond
	c.backoffCap = 4 * time.Millisecond
	return c
}

// routeCounter counts requests per "METHOD path".
type routeCounter struct {
	mu sync.Mutex
	n  map[string]int
}

func (r *routeCounter) add(req *http.Request) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.n == nil {
		r.n = map[string]int{}
	}
	k := req.Method + " " + req.URL.Path
	r.n[k]++
	return r.n[k]
}

func (r *routeCounter) get(k string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.n[k]
}

// attemptLog is the base transport of a client under test: it records every
// attempt the client sends, so a test can count what the client did
// (retries, name look-ups) on its side of the wire.
type attemptLog struct {
	mu       sync.Mutex
	attempts []*http.Request
}

// install makes the log the transport of cfg.
func (l *attemptLog) install(cfg *Config) { cfg.HTTPClient = &http.Client{Transport: l} }

func (l *attemptLog) RoundTrip(req *http.Request) (*http.Response, error) {
	l.mu.Lock()
	l.attempts = append(l.attempts, req)
	l.mu.Unlock()
	return http.DefaultTransport.RoundTrip(req)
}

func (l *attemptLog) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.attempts)
}

// nameLookups counts the GET /connections?name= attempts.
func (l *attemptLog) nameLookups() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, req := range l.attempts {
		if req.Method == http.MethodGet && req.URL.Path == apiPrefix+"/connections" && req.URL.Query().Has("name") {
			n++
		}
	}
	return n
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

func ptr[T any](v T) *T { return &v }
