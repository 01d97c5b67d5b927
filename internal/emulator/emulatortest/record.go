package emulatortest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/openauth0/terraform-provider-auth0/internal/emulator"
)

// Exchange is one request the emulator answered, as a test of a client
// sees it on the wire.
type Exchange struct {
	At     time.Time
	Method string
	Path   string
	Status int
	// Header holds the request's headers and Body its body.
	Header http.Header
	Body   []byte
	// Form is the body of a /oauth/token request; AccessToken the token it
	// was given, if any.
	Form        url.Values
	AccessToken string
}

// Recorder keeps every Exchange, in the order the responses were written.
type Recorder struct {
	mu        sync.Mutex
	exchanges []Exchange
}

// Exchanges returns a copy of what was recorded since the last Reset.
func (r *Recorder) Exchanges() []Exchange {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.exchanges)
}

// Matching returns the recorded exchanges with this method (any method when
// empty) whose path matches path.
func (r *Recorder) Matching(method string, path *regexp.Regexp) []Exchange {
	var out []Exchange
	for _, x := range r.Exchanges() {
		if (method == "" || x.Method == method) && path.MatchString(x.Path) {
			out = append(out, x)
		}
	}
	return out
}

// Reset forgets what was recorded so far.
func (r *Recorder) Reset() {
	r.mu.Lock()
	r.exchanges = nil
	r.mu.Unlock()
}

// StartRecording is Start with every exchange recorded. The recording
// writer cannot be hijacked: Faults.DropRate does not work through it.
func StartRecording(tb testing.TB, cfg emulator.Config) (*Server, *Recorder) {
	tb.Helper()
	rec := &Recorder{}
	return start(tb, cfg, false, rec.wrap), rec
}

// StartTLSRecording is StartTLS with every exchange recorded.
func StartTLSRecording(tb testing.TB, cfg emulator.Config) (*Server, *Recorder) {
	tb.Helper()
	rec := &Recorder{}
	return start(tb, cfg, true, rec.wrap), rec
}

func (r *Recorder) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(body))
		x := Exchange{At: time.Now(), Method: req.Method, Path: req.URL.Path, Header: req.Header.Clone(), Body: body}
		isToken := req.URL.Path == "/oauth/token"
		if isToken {
			x.Form, _ = url.ParseQuery(string(body))
		}
		cw := &capture{ResponseWriter: w, status: http.StatusOK, keepBody: isToken}
		next.ServeHTTP(cw, req)
		x.Status = cw.status
		if isToken {
			var tok struct {
				AccessToken string `json:"access_token"`
			}
			if json.Unmarshal(cw.body.Bytes(), &tok) == nil {
				x.AccessToken = tok.AccessToken
			}
		}
		r.mu.Lock()
		r.exchanges = append(r.exchanges, x)
		r.mu.Unlock()
	})
}

// capture passes a response through, noting its status (and body).
type capture struct {
	http.ResponseWriter
	status   int
	keepBody bool
	body     bytes.Buffer
}

func (c *capture) WriteHeader(status int) {
	c.status = status
	c.ResponseWriter.WriteHeader(status)
}

func (c *capture) Write(p []byte) (int, error) {
	if c.keepBody {
		c.body.Write(p)
	}
	return c.ResponseWriter.Write(p)
}
