// Package emulator is an in-memory stand-in for the Auth0 Management API v2
// connection endpoints, built from what recorded traffic of the real API,
// Auth0's documentation and its OpenAPI description show, and checked
// against recorded real exchanges (see conformance_test.go).
//
// It serves:
//   - POST /oauth/token (client_credentials, form or JSON; client secret or
//     private-key JWT client assertion);
//   - /api/v2/connections: create, list (offset and checkpoint paging),
//     read, update, delete, and /api/v2/connections/{id}/clients;
//   - the connection sub-resources: /keys (and /keys/rotate),
//     /scim-configuration (with /default-mapping and /tokens),
//     /directory-provisioning (with /default-mapping and
//     /synchronized-groups), /status and DELETE /users; only on-demand
//     directory synchronizations answer 501;
//   - a minimal /api/v2/clients (create, list, read, delete) so tests can
//     make real client ids, and /api/v2/clients/{id}/connections;
//   - /emulator/stats (GET; DELETE resets): NOT part of Auth0, an emulator
//     extension that is neither authenticated nor rate limited.
//
// Operational features for tests and benchmarks: bearer tokens with scopes,
// a token-bucket rate limiter with Auth0's x-ratelimit-* headers, fault
// injection (5xx, latency, commit-then-drop) and request counters.
//
// Comments say where a behaviour comes from: "recorded" (seen in recorded
// traffic of the real API), "documented" (Auth0's documentation or OpenAPI
// description), "reported" (a real answer quoted in a public issue) or
// "inferred" (the emulator's best guess where the evidence is silent).
//
// The emulator deliberately shares no code with the provider: it encodes
// what the server does, the provider what it validates and merges, so a
// mistake in one cannot hide itself in both.
package emulator

import (
	"crypto"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Config configures an Emulator. The zero value is a usable emulator with no
// credentials (mint tokens with MintToken).
type Config struct {
	Tokens       map[string][]string // static bearer tokens -> scopes they carry
	ClientID     string              // client credentials accepted by POST /oauth/token ("" = none)
	ClientSecret string
	ClientScopes []string      // scopes of client-credentials tokens (nil = AllScopes())
	TokenTTL     time.Duration // lifetime of minted tokens (0 = 24h); expired tokens get 401
	RateLimit    float64       // requests/s of the token bucket on /api/v2 and /oauth (0 = a bucket far beyond any run)
	Burst        int
	Faults       Faults
	DataFile     string // "" = memory only; else JSON persistence (atomic write, load at New)
	Domain       string // tenant domain: provisioning_ticket_url, app_domain, and SCIM tenant_name (its first label); default "emulator.local"

	// DeletePending is how long a deleted connection stays "being deleted":
	// a repeat DELETE within it answers 202 with the same deleted_at, and
	// creating the same name answers 409. After it, DELETE answers 204.
	// 0 (the default) completes deletions at once, which is what most
	// recorded repeat DELETEs saw: a 204.
	DeletePending time.Duration

	// ClientAssertionKeys registers clients that authenticate with private-key
	// JWT on /oauth/token: client id -> the public key of its credential
	// (see ParsePublicKeyPEM). They get ClientScopes.
	ClientAssertionKeys map[string]crypto.PublicKey
	// StripRateLimitHeaders answers without the x-ratelimit-* headers, as
	// behind a proxy that strips them; the limit still applies.
	StripRateLimitHeaders bool
}

// Faults configures fault injection on /api/v2 and /oauth.
type Faults struct {
	ErrorRate   float64       // fraction of /api/v2 requests answered 5xx (500/502/503 with an Auth0-like or proxy body) without doing anything
	Latency     time.Duration // added to every /api/v2 and /oauth request
	DropRate    float64       // fraction of successful writes that are committed, then the TCP connection is closed with no response (hijack)
	DropMethods []string      // methods DropRate applies to (nil = POST and PATCH)
	Seed        int64         // 0 = random; deterministic otherwise

	// RateLimitRate is the fraction of /api/v2 requests answered 429 without
	// doing anything, with Auth0's body and x-ratelimit-* headers (remaining
	// 0, reset about a second ahead): a tenant whose bucket other clients
	// drained, which the token bucket alone cannot produce for a client that
	// paces itself.
	RateLimitRate float64
	// CommitLatency holds the response of a successful write (POST, PATCH,
	// DELETE) this long after the write is committed: the window in which a
	// client that gives up, such as an interrupted terraform, leaves behind
	// a write it does not know about.
	CommitLatency time.Duration
	// Refuse answers every request to the routes it names with that
	// status and Auth0's error body, without doing anything. A route is
	// named as Stats counts it: method and pattern, such as
	// "GET /api/v2/connections". It is one endpoint failing while the
	// others work, such as a listing a client must fall back from.
	Refuse map[string]int
}

// defaultDomain is the tenant domain when Config.Domain is empty.
const defaultDomain = "emulator.local"

// defaultTokenTTL is Auth0's default Management API token lifetime.
const defaultTokenTTL = 24 * time.Hour

// Emulator is an http.Handler serving the emulated Management API.
type Emulator struct {
	cfg Config

	mu    sync.Mutex // guards st and persistence
	st    *state
	clock func() time.Time

	signingKey []byte // HS256 key of minted tokens (persisted in st)

	connectorsOnline map[string]bool // AD/LDAP connectors marked online, by connection id (guarded by mu)
	cipher           *configCipher   // options.configuration encryption

	limiter *tokenBucket
	stats   *counters

	assertions usedAssertions // jti of accepted client assertions

	faultMu sync.Mutex
	faults  Faults
	rng     *rand.Rand

	closeOnce sync.Once
}

// New builds an emulator. With cfg.DataFile set it loads that file when it
// exists; a file that cannot be parsed is an error (never silently emptied).
func New(cfg Config) (*Emulator, error) {
	if cfg.Domain == "" {
		cfg.Domain = defaultDomain
	}
	if cfg.TokenTTL <= 0 {
		cfg.TokenTTL = defaultTokenTTL
	}
	if cfg.ClientScopes == nil {
		cfg.ClientScopes = AllScopes()
	}
	if (cfg.ClientID == "") != (cfg.ClientSecret == "") {
		return nil, errors.New("emulator: client id and client secret must be set together")
	}
	if err := checkRefusals(cfg.Faults.Refuse); err != nil {
		return nil, err
	}
	e := &Emulator{
		cfg:     cfg,
		clock:   time.Now,
		limiter: newTokenBucket(cfg.RateLimit, cfg.Burst),
		stats:   newCounters(),
	}
	e.setFaults(cfg.Faults)
	st, err := loadState(cfg.DataFile)
	if err != nil {
		return nil, err
	}
	e.st = st
	e.signingKey = st.SigningKey
	e.cipher = newConfigCipher(st.SigningKey)
	return e, nil
}

// Save persists the state now (a no-op without DataFile).
func (e *Emulator) Save() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.persistLocked()
}

// Close persists the state. The emulator has no background goroutines; it
// keeps answering requests after Close (writes keep persisting).
func (e *Emulator) Close() error {
	var err error
	e.closeOnce.Do(func() { err = e.Save() })
	return err
}

// SetRateLimit replaces the token bucket (rps 0 = off).
func (e *Emulator) SetRateLimit(rps float64, burst int) {
	e.limiter.reset(rps, burst)
}

// SetFaults replaces the fault-injection settings.
func (e *Emulator) SetFaults(f Faults) { e.setFaults(f) }

func (e *Emulator) setFaults(f Faults) {
	seed := f.Seed
	if seed == 0 {
		seed = rand.Int64()
	}
	e.faultMu.Lock()
	e.faults = f
	e.rng = rand.New(rand.NewPCG(uint64(seed), uint64(seed)^0x9e3779b97f4a7c15))
	e.faultMu.Unlock()
}

func (e *Emulator) currentFaults() Faults {
	e.faultMu.Lock()
	defer e.faultMu.Unlock()
	return e.faults
}

// chance draws true with probability p from the seeded generator.
func (e *Emulator) chance(p float64) bool {
	if p <= 0 {
		return false
	}
	e.faultMu.Lock()
	defer e.faultMu.Unlock()
	return e.rng.Float64() < p
}

// pick returns a pseudo-random index below n from the seeded generator.
func (e *Emulator) pick(n int) int {
	e.faultMu.Lock()
	defer e.faultMu.Unlock()
	return e.rng.IntN(n)
}

// Stats returns the request counters: "METHOD /route" keys plus "total",
// "429" (every 429 answered), "429_injected" (those from RateLimitRate),
// "5xx_injected", "dropped" and "refused" (answered by Faults.Refuse).
func (e *Emulator) Stats() map[string]int64 { return e.stats.snapshot() }

// ResetStats zeroes every counter.
func (e *Emulator) ResetStats() { e.stats.reset() }

// ServeHTTP routes a request through the emulator's layers: counters,
// the /emulator extension, latency, rate limit, injected faults, bearer
// auth, and finally the endpoint.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if e.cfg.StripRateLimitHeaders {
		w = withoutRateHeaders{w}
	}
	if strings.HasPrefix(r.URL.Path, "/emulator/") {
		e.limiter.peek(e.clock()).apply(w.Header())
		e.serveEmulatorExtension(w, r)
		return
	}
	rt := matchRoute(r.Method, r.URL.EscapedPath())
	e.stats.countRequest(r.Method + " " + rt.pattern)

	faults := e.currentFaults()
	if faults.Latency > 0 {
		select {
		case <-time.After(faults.Latency):
		case <-r.Context().Done():
			return
		}
	}

	limited := rt.rateLimited()
	if limited {
		ok, hdr := e.limiter.take(e.clock())
		hdr.apply(w.Header())
		if !ok {
			e.stats.inc(stat429)
			writeAPIError(w, newError(http.StatusTooManyRequests, codeTooManyRequests, "Global limit has been reached"))
			return
		}
	} else {
		e.limiter.peek(e.clock()).apply(w.Header())
	}

	if rt.api && e.chance(faults.RateLimitRate) {
		e.stats.inc(stat429)
		e.stats.inc(stat429Injected)
		writeInjected429(w, e.clock())
		return
	}
	if status, ok := faults.Refuse[r.Method+" "+rt.pattern]; ok && rt.api {
		e.stats.inc(statRefused)
		if status == http.StatusTooManyRequests {
			e.stats.inc(stat429)
		}
		writeRefusal(w, rt, status, e.clock())
		return
	}
	if rt.api && e.chance(faults.ErrorRate) {
		e.stats.inc(stat5xxInjected)
		e.writeInjectedError(w)
		return
	}

	if rt.handler == nil {
		writeAPIError(w, rt.notFound())
		return
	}
	if faults.CommitLatency > 0 && isWrite(r.Method) {
		held := &heldResponse{ResponseWriter: w}
		defer held.release(faults.CommitLatency)
		w = held
	}
	req := &request{w: w, r: r, route: rt}
	if rt.api {
		if apiErr := e.authenticate(req); apiErr != nil {
			writeAPIError(w, apiErr)
			return
		}
	}
	rt.handler(e, req)
}

// injectedErrors are the 5xx answers fault injection picks from: Auth0's own
// envelope and the HTML-less bodies a proxy in front of it sends.
var injectedErrors = []struct {
	status int
	body   string
	ctype  string
}{
	{500, `{"statusCode":500,"error":"Internal Server Error","message":"An internal server error occurred"}`, contentTypeJSON},
	{502, `error code: 502`, "text/plain; charset=UTF-8"},
	{503, `{"statusCode":503,"error":"Service Unavailable","message":"Service Unavailable"}`, contentTypeJSON},
}

func (e *Emulator) writeInjectedError(w http.ResponseWriter) {
	inj := injectedErrors[e.pick(len(injectedErrors))]
	w.Header().Set("Content-Type", inj.ctype)
	w.WriteHeader(inj.status)
	_, _ = fmt.Fprint(w, inj.body)
}
