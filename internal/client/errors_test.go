package client

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
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
			_, err := c.GetConnection(t.Context(), "con_0123456789abcdef")
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
			conn, err := c.GetConnection(t.Context(), "con_0123456789abcdef")
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
