package client

import (
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Defaults applied by New when a Config field is left at its zero value.
const (
	// DefaultRateLimit is the client-side request rate (requests/second) and
	// DefaultBurst its bucket size. Auth0's rate-limit policy for the Free
	// subscription ("Rate Limit Configurations → Free") gives the Management
	// API a burst of 2 and a sustained 2 requests/second, the lowest limit of
	// any production plan (Self Service and Enterprise allow far more). A
	// default at exactly that bucket means a plan never bursts past a free
	// tenant's limit — and so never throttles the logins of the tenant's real
	// users — while paid tenants can raise rate_limit. Non-production free
	// tenants are documented with "<1" sustained requests/second; for them the
	// header-driven pacing (x-ratelimit-remaining/reset) and the 429 handling
	// slow the client down further.
	DefaultRateLimit = 2.0
	DefaultBurst     = 2

	// DefaultMaxRetryWait bounds a single wait for a 429. Auth0 buckets refill
	// within seconds; 60 s is the cap go-auth0 v3 uses as well.
	DefaultMaxRetryWait = 60 * time.Second
	// DefaultMaxRetries bounds retries of one request (429, 5xx, transport
	// errors). MaxRetriesLimit is the largest value accepted, so a
	// misconfiguration can never turn into an unbounded retry loop.
	//
	// Why 8: a request gives up when all R+1 attempts fail, with probability
	// p^(R+1) under a failure rate p. The reliability suite's 50-connection
	// apply/plan/update/plan/destroy makes ~260 requests; under 20 % 5xx
	// (internal/reliability, TestFaultMatrix) that is a 1.7 % chance per run
	// of an error surfacing with 5 retries, and 0.013 % with 8. The cost is
	// a longer wait before a real outage is reported: at most ~45 s of
	// backoff per request instead of ~15 s.
	DefaultMaxRetries = 8
	MaxRetriesLimit   = 20
	// DefaultRequestTimeout is the per-attempt timeout. Recorded Management
	// API latencies have a median of ~0.4 s and a maximum of 11 s (POST of an
	// OIDC connection, which runs discovery), so 30 s leaves room for the
	// slowest real request.
	DefaultRequestTimeout = 30 * time.Second

	// DefaultUserAgent is sent when Config.UserAgent is empty.
	DefaultUserAgent = "terraform-provider-auth0/dev"
)

// Config configures a Client. Error messages name the fields by their
// provider attribute names (domain, api_token, client_id, …) because that is
// what a user of the provider sees.
type Config struct {
	// Domain is the tenant: "tenant.eu.auth0.com[:port]" (HTTPS),
	// "https://host[:port]", or "http://host[:port]" for loopback hosts only
	// (127.0.0.0/8, ::1, localhost: the emulator).
	Domain string
	// APIToken is a static Management API bearer token. When set it is used
	// and ClientID/ClientSecret are ignored (same precedence as the official
	// provider, so users can switch without changing their environment).
	APIToken string
	// ClientID and ClientSecret select the client-credentials grant; the
	// token is cached and refreshed before it expires.
	ClientID     string
	ClientSecret string
	// Audience of the client-credentials token; default "<base URL>/api/v2/".
	Audience string

	// RateLimit is the client-side limit in requests/second: 0 selects
	// DefaultRateLimit, a negative value disables client-side limiting (both
	// the token bucket and the header-driven pacing; 429s are still honoured).
	RateLimit float64
	// Burst is the limiter's bucket size; 0 selects DefaultBurst (or
	// ceil(RateLimit) when RateLimit is set and larger).
	Burst int
	// MaxRetryWait bounds any single wait for a 429 (0 = 60 s).
	MaxRetryWait time.Duration
	// MaxRetries bounds retries for 429, 5xx and transport errors
	// (0 = DefaultMaxRetries; at most MaxRetriesLimit).
	MaxRetries int
	// RequestTimeout applies to each attempt (0 = 30 s). Time spent waiting
	// for the rate limiter does not count against it.
	RequestTimeout time.Duration

	// UserAgent, e.g. "terraform-provider-auth0/1.2.3 (+ terraform/1.11.4)".
	UserAgent string
	// Debug logs request and response bodies (with every secret masked).
	Debug bool
	// HTTPClient is an optional base client (custom TLS, proxies). Its
	// Transport is used for every request; its Timeout is ignored in favour
	// of RequestTimeout.
	HTTPClient *http.Client
}

// settings is a validated Config with every default applied.
type settings struct {
	baseURL        *url.URL // scheme://host[:port], no path
	apiToken       string
	clientID       string
	clientSecret   string
	audience       string
	rateLimit      float64 // <0: unlimited
	burst          int
	maxRetryWait   time.Duration
	maxRetries     int
	requestTimeout time.Duration
	userAgent      string
	debug          bool
	transport      http.RoundTripper
}

func (cfg Config) validate() (settings, error) {
	var errs []error
	s := settings{userAgent: cfg.UserAgent, debug: cfg.Debug}

	base, err := ParseDomain(cfg.Domain)
	if err != nil {
		errs = append(errs, err)
	}
	s.baseURL = base

	if err := cfg.validateCredentials(); err != nil {
		errs = append(errs, err)
	}
	s.apiToken = cfg.APIToken
	if cfg.APIToken == "" {
		s.clientID, s.clientSecret = cfg.ClientID, cfg.ClientSecret
	}

	s.audience = cfg.Audience
	if s.audience == "" && base != nil {
		s.audience = base.String() + "/api/v2/"
	}

	if err := cfg.applyLimits(&s); err != nil {
		errs = append(errs, err)
	}

	if s.userAgent == "" {
		s.userAgent = DefaultUserAgent
	} else if strings.ContainsAny(s.userAgent, "\r\n") {
		errs = append(errs, errors.New("user_agent must not contain line breaks"))
	}

	s.transport = http.DefaultTransport
	if cfg.HTTPClient != nil && cfg.HTTPClient.Transport != nil {
		s.transport = cfg.HTTPClient.Transport
	}
	return s, errors.Join(errs...)
}

func (cfg Config) validateCredentials() error {
	switch {
	case cfg.APIToken != "":
		return nil
	case cfg.ClientID != "" && cfg.ClientSecret != "":
		return nil
	case cfg.ClientID != "":
		return errors.New("client_secret is required when client_id is set (or set api_token instead)")
	case cfg.ClientSecret != "":
		return errors.New("client_id is required when client_secret is set (or set api_token instead)")
	default:
		return errors.New("credentials are missing: set api_token, or client_id and client_secret")
	}
}

func (cfg Config) applyLimits(s *settings) error {
	var errs []error
	switch {
	case math.IsNaN(cfg.RateLimit) || math.IsInf(cfg.RateLimit, 0):
		errs = append(errs, fmt.Errorf("rate_limit must be a finite number of requests per second, got %v", cfg.RateLimit))
	case cfg.RateLimit == 0:
		s.rateLimit = DefaultRateLimit
	default:
		s.rateLimit = cfg.RateLimit
	}

	switch {
	case cfg.Burst < 0:
		errs = append(errs, fmt.Errorf("burst must not be negative, got %d", cfg.Burst))
	case cfg.Burst > 0:
		s.burst = cfg.Burst
	case s.rateLimit > DefaultBurst:
		// A higher configured rate with the default burst would throttle a
		// paid tenant below its own allowance; one second of tokens is the
		// natural bucket.
		s.burst = int(math.Ceil(s.rateLimit))
	default:
		s.burst = DefaultBurst
	}

	s.maxRetryWait = orDefault(cfg.MaxRetryWait, DefaultMaxRetryWait)
	if cfg.MaxRetryWait < 0 {
		errs = append(errs, fmt.Errorf("max_retry_wait must not be negative, got %s", cfg.MaxRetryWait))
	}
	s.requestTimeout = orDefault(cfg.RequestTimeout, DefaultRequestTimeout)
	if cfg.RequestTimeout < 0 {
		errs = append(errs, fmt.Errorf("request_timeout must not be negative, got %s", cfg.RequestTimeout))
	}

	switch {
	case cfg.MaxRetries < 0:
		errs = append(errs, fmt.Errorf("max_retries must not be negative, got %d", cfg.MaxRetries))
	case cfg.MaxRetries > MaxRetriesLimit:
		errs = append(errs, fmt.Errorf("max_retries must be at most %d so retries stay bounded, got %d", MaxRetriesLimit, cfg.MaxRetries))
	case cfg.MaxRetries == 0:
		s.maxRetries = DefaultMaxRetries
	default:
		s.maxRetries = cfg.MaxRetries
	}
	return errors.Join(errs...)
}

func orDefault(d, def time.Duration) time.Duration {
	if d == 0 {
		return def
	}
	return d
}

// ParseDomain turns the provider's domain setting into a base URL
// (scheme://host[:port], no path). A bare host means HTTPS. Plain http:// is
// accepted only for loopback hosts: the token and the connections' secrets
// would otherwise cross the network in clear text.
func ParseDomain(domain string) (*url.URL, error) {
	raw := strings.TrimSpace(domain)
	if raw == "" {
		return nil, errors.New("domain is required: the tenant's host name, e.g. \"example.eu.auth0.com\"")
	}
	if raw != domain {
		return nil, fmt.Errorf("domain %q must not have leading or trailing spaces", domain)
	}
	withScheme := raw
	if !strings.Contains(raw, "://") {
		withScheme = "https://" + raw
	}
	u, err := url.Parse(withScheme)
	if err != nil {
		return nil, fmt.Errorf("domain %q is not a valid host[:port] or URL: %w", domain, err)
	}
	if err := checkDomainParts(domain, u); err != nil {
		return nil, err
	}
	return &url.URL{Scheme: u.Scheme, Host: u.Host}, nil
}

func checkDomainParts(domain string, u *url.URL) error {
	switch u.Scheme {
	case "https":
	case "http":
		if !isLoopbackHost(u.Hostname()) {
			return fmt.Errorf("domain %q uses http://, which is only allowed for loopback hosts (127.0.0.0/8, ::1, localhost) such as a local emulator; use https:// or just the host name", domain)
		}
	default:
		return fmt.Errorf("domain %q has scheme %q; use a host name (HTTPS), https://host, or http:// for a loopback emulator", domain, u.Scheme)
	}
	switch {
	case u.Hostname() == "":
		return fmt.Errorf("domain %q has no host name", domain)
	case u.User != nil:
		return fmt.Errorf("domain %q must not contain user information", domain)
	case u.Path != "" && u.Path != "/":
		return fmt.Errorf("domain %q must not contain a path (%q): the client adds /api/v2 itself", domain, u.Path)
	case u.RawQuery != "" || u.Fragment != "" || strings.HasSuffix(domain, "?") || strings.HasSuffix(domain, "#"):
		return fmt.Errorf("domain %q must not contain a query or fragment", domain)
	case strings.ContainsAny(u.Hostname(), " \t/\\"):
		return fmt.Errorf("domain %q has an invalid host name", domain)
	}
	if p := u.Port(); p != "" {
		if n, err := parsePort(p); err != nil || n == 0 {
			return fmt.Errorf("domain %q has an invalid port %q", domain, p)
		}
	} else if strings.HasSuffix(u.Host, ":") {
		return fmt.Errorf("domain %q has an empty port", domain)
	}
	return nil
}

func parsePort(p string) (int, error) {
	n := 0
	for _, r := range p {
		if r < '0' || r > '9' {
			return 0, errors.New("not a number")
		}
		n = n*10 + int(r-'0')
		if n > 65535 {
			return 0, errors.New("out of range")
		}
	}
	return n, nil
}

func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
