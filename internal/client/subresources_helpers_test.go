package client

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sync"
	"testing"

	"github.com/openauth0/terraform-provider-auth0/internal/emulator"
	"github.com/openauth0/terraform-provider-auth0/internal/emulator/emulatortest"
)

// familyEnv is an emulator behind a proxy that can tamper with answers,
// and a client that talks to the proxy.
type familyEnv struct {
	t      *testing.T
	srv    *emulatortest.Server
	proxy  *tamperProxy
	client *Client
}

func newFamilyEnv(t *testing.T, mutate ...func(*Config)) *familyEnv {
	t.Helper()
	srv := emulatortest.Start(t, emulator.Config{})
	p := &tamperProxy{next: srv.Emulator, counts: map[string]int{}}
	ts := httptest.NewServer(p)
	t.Cleanup(ts.Close)
	c := newTestClient(t, ts.URL, append([]func(*Config){func(c *Config) { c.APIToken = srv.Token }}, mutate...)...)
	return &familyEnv{t: t, srv: srv, proxy: p, client: c}
}

// connection creates a connection directly and returns its id.
func (e *familyEnv) connection(name, strategy string, options map[string]any) string {
	e.t.Helper()
	raw, err := json.Marshal(options)
	if err != nil {
		e.t.Fatal(err)
	}
	conn, err := e.client.CreateConnection(e.t.Context(), &Connection{Name: name, Strategy: strategy, Options: raw})
	if err != nil {
		e.t.Fatal(err)
	}
	return conn.ID
}

// oidcPrivateKeyJWT creates an oidc connection that authenticates with
// private_key_jwt, so it has a current and a next key.
func (e *familyEnv) oidcPrivateKeyJWT(name string) string {
	return e.connection(name, "oidc", map[string]any{
		"client_id": "cid", "issuer": "https://idp.example.com", "type": "back_channel",
		"token_endpoint_auth_method": "private_key_jwt", "token_endpoint_auth_signing_alg": "RS256",
	})
}

// googleWorkspace creates a google-apps connection ready for directory
// provisioning with groups.
func (e *familyEnv) googleWorkspace(name string) string {
	return e.connection(name, "google-apps", map[string]any{
		"client_id": "", "client_secret": "s", "domain": "example.com", "tenant_domain": "example.com",
		"ext_groups": true, "api_enable_users": true, "api_enable_groups": true,
	})
}

// eachUnknownOutcome runs create, in a parallel subtest with a fresh env,
// for the two ways a POST to a connection's sub-resource suffix can end
// with its outcome unknown to the client: committed and its answer
// dropped, or refused with a 503 before anything happened. The proxy does
// that to the first such POST. create makes the connection, calls the
// client and returns the connection's id; the client must then have sent
// the POST once when it had committed (it finds what it made) and twice
// when it had not.
func eachUnknownOutcome(t *testing.T, suffix string, create func(t *testing.T, env *familyEnv) (connectionID string)) {
	t.Helper()
	for _, tc := range []struct {
		name      string
		rule      tamperRule
		wantPosts int
	}{
		{"committed then dropped", tamperRule{drop: true}, 1},
		{"refused with 503", tamperRule{fail: true}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := newFamilyEnv(t)
			rule := tc.rule
			rule.method, rule.path, rule.times = "POST", pathRE(suffix), 1
			env.proxy.add(&rule)
			id := create(t, env)
			if n := env.proxy.count("POST", "/api/v2/connections/"+id+suffix); n != tc.wantPosts {
				t.Errorf("%d POST %s sent, want %d", n, suffix, tc.wantPosts)
			}
		})
	}
}

// tamperProxy forwards to the emulator. A rule matching a request can let
// the emulator commit it and then drop the connection (the client sees a
// transport error for a write that happened), or rewrite the answer.
type tamperProxy struct {
	next http.Handler

	mu     sync.Mutex
	rules  []*tamperRule
	counts map[string]int // "METHOD path" of every request
}

type tamperRule struct {
	method string
	path   *regexp.Regexp
	times  int // how many matching requests it applies to
	// drop commits the request, then closes the connection unanswered.
	drop bool
	// fail answers 503 without passing the request on.
	fail bool
	// rewrite, when set, replaces the body of a committed answer.
	rewrite func(body []byte) []byte
}

func (p *tamperProxy) add(r *tamperRule) {
	p.mu.Lock()
	p.rules = append(p.rules, r)
	p.mu.Unlock()
}

func (p *tamperProxy) count(method, path string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.counts[method+" "+path]
}

func (p *tamperProxy) match(r *http.Request) *tamperRule {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.counts[r.Method+" "+r.URL.Path]++
	for _, rule := range p.rules {
		if rule.times > 0 && rule.method == r.Method && rule.path.MatchString(r.URL.Path) {
			rule.times--
			return rule
		}
	}
	return nil
}

func (p *tamperProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rule := p.match(r)
	switch {
	case rule == nil:
		p.next.ServeHTTP(w, r)
	case rule.fail:
		writeJSON(w, http.StatusServiceUnavailable, `{"statusCode":503,"error":"Service Unavailable","message":"try later"}`)
	default:
		rec := httptest.NewRecorder()
		p.next.ServeHTTP(rec, r)
		if rule.drop {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				_ = conn.Close()
			}
			return
		}
		body := rec.Body.Bytes()
		if rule.rewrite != nil && rec.Code < 300 {
			body = rule.rewrite(body)
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.Header().Del("Content-Length")
		w.WriteHeader(rec.Code)
		_, _ = w.Write(body)
	}
}

func pathRE(suffix string) *regexp.Regexp {
	return regexp.MustCompile(`^/api/v2/connections/[^/]+` + regexp.QuoteMeta(suffix) + `$`)
}
