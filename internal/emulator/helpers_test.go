package emulator

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// testServer is an emulator on a loopback httptest server with a token
// carrying every scope.
type testServer struct {
	t     *testing.T
	emu   *Emulator
	url   string
	token string
}

func newTestServer(t *testing.T, cfg Config) *testServer {
	t.Helper()
	emu, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	ts := httptest.NewServer(emu)
	t.Cleanup(ts.Close)
	return &testServer{t: t, emu: emu, url: ts.URL, token: emu.MintToken(AllScopes()...)}
}

// response is a decoded answer.
type response struct {
	status int
	header http.Header
	raw    []byte
	body   any // decoded JSON (numbers as json.Number); nil when empty
}

func (r response) object(t *testing.T) map[string]any {
	t.Helper()
	m, ok := r.body.(map[string]any)
	if !ok {
		t.Fatalf("body is not an object: %s", r.raw)
	}
	return m
}

// call sends method path with body (a Go value marshalled to JSON, a string
// sent as is, or nil) and the given token ("" = none).
func (s *testServer) call(method, path string, body any, token string) response {
	s.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			s.t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, s.url+path, rd)
	if err != nil {
		s.t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	out := response{status: resp.StatusCode, header: resp.Header, raw: raw}
	if len(bytes.TrimSpace(raw)) > 0 {
		if v, err := decodeJSON(raw); err == nil {
			out.body = v
		}
	}
	return out
}

// do is call with the all-scopes token.
func (s *testServer) do(method, path string, body any) response {
	s.t.Helper()
	return s.call(method, path, body, s.token)
}

// mustStatus fails the test unless r has the wanted status.
func mustStatus(t *testing.T, r response, want int) {
	t.Helper()
	if r.status != want {
		t.Fatalf("status %d, want %d; body %s", r.status, want, r.raw)
	}
}

// createConnection POSTs a connection and returns its body.
func (s *testServer) createConnection(body map[string]any) map[string]any {
	s.t.Helper()
	r := s.do("POST", "/api/v2/connections", body)
	mustStatus(s.t, r, http.StatusCreated)
	return r.object(s.t)
}

// wantError checks an Auth0 error envelope.
func wantError(t *testing.T, r response, status int, errorCode, message string) {
	t.Helper()
	mustStatus(t, r, status)
	m := r.object(t)
	if got := m["statusCode"]; got != json.Number(itoa(status)) {
		t.Errorf("statusCode %v, want %d", got, status)
	}
	if got := m["error"]; got != http.StatusText(status) {
		t.Errorf("error %v, want %q", got, http.StatusText(status))
	}
	if errorCode == "" {
		if _, has := m["errorCode"]; has {
			t.Errorf("unexpected errorCode %v", m["errorCode"])
		}
	} else if m["errorCode"] != errorCode {
		t.Errorf("errorCode %v, want %q", m["errorCode"], errorCode)
	}
	if message != "" && m["message"] != message {
		t.Errorf("message %q, want %q", m["message"], message)
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// path walks a decoded JSON value by object keys.
func path(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// createExpectingNoAnswer creates the named connection with the
// commit-then-drop fault on: the connection must close without an answer.
func createExpectingNoAnswer(t *testing.T, s *testServer, name string) {
	t.Helper()
	req, _ := http.NewRequest("POST", s.url+"/api/v2/connections", jsonReader(map[string]any{"name": name, "strategy": "auth0"}))
	req.Header.Set("Authorization", "Bearer "+s.token)
	req.Header.Set("Content-Type", "application/json")
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("got a response (%d), want the connection closed", resp.StatusCode)
	}
}
