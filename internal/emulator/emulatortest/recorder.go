package emulatortest

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"sync"
	"testing"
)

// Recorder is a proxy in front of a Server that keeps the method, path and
// body of the requests whose path matches, so a test can check what a
// client sent (only the difference, in batches) without speaking HTTP
// itself. Point the client at URL.
type Recorder struct {
	URL string

	next  http.Handler
	paths *regexp.Regexp

	mu       sync.Mutex
	requests []Request
}

// Request is one recorded request.
type Request struct {
	Method, Path string
	Body         []byte
}

// Recorder starts a recording proxy for the requests whose path matches
// paths; t.Cleanup closes it.
func (s *Server) Recorder(tb testing.TB, paths *regexp.Regexp) *Recorder {
	tb.Helper()
	r := &Recorder{next: s.Emulator, paths: paths}
	proxy := httptest.NewServer(r)
	tb.Cleanup(proxy.Close)
	r.URL = proxy.URL
	return r
}

func (r *Recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	if r.paths.MatchString(req.URL.Path) {
		body, _ := io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(body))
		r.mu.Lock()
		r.requests = append(r.requests, Request{Method: req.Method, Path: req.URL.Path, Body: body})
		r.mu.Unlock()
	}
	r.next.ServeHTTP(w, req)
}

// Requests returns the requests recorded since the last Reset, in order.
func (r *Recorder) Requests() []Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.requests)
}

// Reset forgets the recorded requests.
func (r *Recorder) Reset() {
	r.mu.Lock()
	r.requests = nil
	r.mu.Unlock()
}
