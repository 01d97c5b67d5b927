package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// malformed is a response no Management API should send, but a proxy, a
// load balancer or a broken deployment can.
type malformed struct {
	name    string
	status  int
	ctype   string
	body    string
	bodyLen int  // > 0: stream this many bytes of a JSON string (huge bodies)
	cutOff  bool // announce a longer body, send a part, close the connection
	// want must match the error of every operation that reads a connection.
	want string
	// deleteOK: DELETE reads no body, so its status alone decides.
	deleteOK bool
}

var malformedResponses = []malformed{
	{name: "truncated JSON", status: 200, ctype: "application/json", body: `{"id":"con_AAAAAAAAAAAAAAAA","name":"x","stra`,
		want: `decoding 200 response: (unexpected end of JSON input|decoding connection)`, deleteOK: true},
	{name: "wrong types", status: 200, ctype: "application/json", body: `{"id":123,"name":["x"],"strategy":true,"connections":{"a":1}}`,
		want: `(cannot unmarshal|no string id|decoding list page)`, deleteOK: true},
	{name: "HTML page with 200", status: 200, ctype: "text/html", body: "<!DOCTYPE html>\n<html><body><h1>Welcome to nginx!</h1></body></html>",
		want: `decoding 200 response: invalid character '<'.*body starts with "<!DOCTYPE html> <html><body>`, deleteOK: true},
	{name: "HTML 502 from a proxy", status: 502, ctype: "text/html", body: "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body><center><h1>502 Bad Gateway</h1></center></body></html>",
		want: `502 Bad Gateway: unexpected response body: "<html> <head><title>502 Bad Gateway`},
	{name: "HTML 404 from a proxy", status: 404, ctype: "text/html", body: "<html><body>Not here</body></html>",
		want: `404 Not Found: unexpected response body`, deleteOK: true},
	{name: "empty 200", status: 200, ctype: "application/json", body: "",
		want: `the response body is empty`, deleteOK: true},
	{name: "empty 500", status: 500, ctype: "application/json", body: "",
		want: `500 Internal Server Error: the response had an empty body`},
	{name: "JSON null", status: 200, ctype: "application/json", body: "null",
		want: `(no string id|no "connections" array)`, deleteOK: true},
	{name: "JSON array for an object", status: 200, ctype: "application/json", body: `[{"name":"no-id"}]`,
		want: `(cannot unmarshal array|no string id)`, deleteOK: true},
	{name: "error envelope with wrong types", status: 400, ctype: "application/json", body: `{"statusCode":"400","message":123,"errorCode":[]}`,
		want: `400 Bad Request: unexpected response body: "\{\\"statusCode\\":\\"400\\"`},
	{name: "body larger than 32 MB", status: 200, ctype: "application/json", bodyLen: maxResponseBytes + 1024,
		want: `response body exceeds 33554432 bytes`},
	{name: "body cut off", status: 200, ctype: "application/json", body: `{"id":"con_AAAAAAAAAAAAAAAA",`, cutOff: true,
		want: `unexpected EOF`, deleteOK: false},
}

func (m malformed) serve(w http.ResponseWriter) {
	switch {
	case m.cutOff:
		hj, ok := w.(http.Hijacker)
		if !ok {
			panic("the test server cannot hijack connections")
		}
		conn, buf, err := hj.Hijack()
		if err != nil {
			panic(err)
		}
		fmt.Fprintf(buf, "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n%s",
			m.status, http.StatusText(m.status), m.ctype, len(m.body)+1000, m.body)
		_ = buf.Flush()
		_ = conn.Close()
	case m.bodyLen > 0:
		w.Header().Set("Content-Type", m.ctype)
		w.WriteHeader(m.status)
		_, _ = w.Write([]byte(`{"id":"con_AAAAAAAAAAAAAAAA","padding":"`))
		chunk := []byte(strings.Repeat("a", 64<<10))
		for n := 0; n < m.bodyLen; n += len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return // the client stopped reading at its limit
			}
		}
		_, _ = w.Write([]byte(`"}`))
	default:
		w.Header().Set("Content-Type", m.ctype)
		w.WriteHeader(m.status)
		_, _ = w.Write([]byte(m.body))
	}
}

// TestMalformedResponsesGiveClearErrors sends every operation against a
// server that answers only with one malformed response: each must fail (or,
// for DELETE, succeed on the status alone) with an error that says what
// was wrong, quotes no more than an excerpt, and never panics.
func TestMalformedResponsesGiveClearErrors(t *testing.T) {
	for _, m := range malformedResponses {
		t.Run(m.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { m.serve(w) }))
			defer srv.Close()
			c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.MaxRetries = 1 })
			want := regexp.MustCompile(m.want)
			ctx := t.Context()

			_, getErr := c.GetConnection(ctx, "con_AAAAAAAAAAAAAAAA")
			_, listErr := firstListError(ctx, c)
			_, createErr := c.CreateConnection(ctx, &Connection{Name: "x", Strategy: "auth0"})
			_, updateErr := c.UpdateConnection(ctx, "con_AAAAAAAAAAAAAAAA", Patch{"display_name": "x"})
			deleteErr := c.DeleteConnection(ctx, "con_AAAAAAAAAAAAAAAA")

			for op, err := range map[string]error{"GET": getErr, "list": listErr, "create": createErr, "PATCH": updateErr} {
				checkClearError(t, op, err, want)
			}
			if m.deleteOK {
				if deleteErr != nil && !(m.status == 404) {
					t.Errorf("DELETE: %v, want success on status %d", deleteErr, m.status)
				}
			} else {
				checkClearError(t, "DELETE", deleteErr, regexp.MustCompile(`.`))
			}
		})
	}
}

func firstListError(ctx context.Context, c *Client) (int, error) {
	n := 0
	for _, err := range c.ListConnections(ctx, ListOptions{}) {
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// checkClearError: an error, matching want, short, printable, naming the
// request.
func checkClearError(t *testing.T, op string, err error, want *regexp.Regexp) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: no error", op)
		return
	}
	msg := err.Error()
	if !want.MatchString(msg) {
		t.Errorf("%s: error %q does not match %s", op, msg, want)
	}
	if len(msg) > 1500 {
		t.Errorf("%s: error of %d bytes floods the diagnostic: %.300s…", op, len(msg), msg)
	}
	// An APIError quotes Auth0's message only and carries the request in
	// Method and Path (the provider's diagnostic names the operation);
	// every other error names the request in its text.
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		if apiErr.Method == "" || !strings.HasPrefix(apiErr.Path, "/api/v2/connections") {
			t.Errorf("%s: APIError without its request: %#v", op, apiErr)
		}
	} else if !strings.Contains(msg, "/api/v2/connections") {
		t.Errorf("%s: error %q does not say which request failed", op, msg)
	}
	for _, r := range msg {
		if r != '\n' && !unicode.IsPrint(r) {
			t.Errorf("%s: error contains the unprintable %U: %q", op, r, msg)
			break
		}
	}
}

// TestUnusableCreateResponseIsResolvedByLookup: a 201 whose body is not a
// connection (a proxy rewrote it) is an unknown outcome, so the client looks
// the name up and adopts the connection instead of creating it twice.
func TestUnusableCreateResponseIsResolvedByLookup(t *testing.T) {
	var posts, lookups int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.Method == http.MethodPost:
			posts++
			w.WriteHeader(http.StatusCreated)
			_, _ = w.Write([]byte(`{"ok":true}`))
		case r.Method == http.MethodGet && r.URL.Query().Get("name") == "x":
			lookups++
			_, _ = w.Write([]byte(`{"connections":[{"id":"con_AAAAAAAAAAAAAAAA","name":"x","strategy":"auth0"}]}`))
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL)
	conn, err := c.CreateConnection(t.Context(), &Connection{Name: "x", Strategy: "auth0"})
	if err != nil || conn.ID != "con_AAAAAAAAAAAAAAAA" || posts != 1 || lookups != 1 {
		t.Fatalf("CreateConnection = %+v, %v after %d POSTs and %d look-ups; want the adopted connection after 1 of each", conn, err, posts, lookups)
	}
}
