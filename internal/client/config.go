package client

import (
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Defaults applied by New when a Config field is left at its zero value.
const (
	// defaultMaxRetryWait bounds a single wait for a 429. Auth0 buckets refill
	// within seconds; 60 s is the cap go-auth0 v3 uses as well.
	defaultMaxRetryWait = 60 * time.Second
	// defaultMaxRetries bounds retries of one request (429, 5xx, transport
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
	defaultMaxRetries = 8
	MaxRetriesLimit   = 20
	// defaultRequestTimeout is the per-attempt timeout. Recorded Management
	// API latencies have a median of ~0.4 s and a maximum of 11 s (POST of an
	// OIDC connection, which runs discovery), so 30 s leaves room for the
	// slowest real request.
	defaultRequestTimeout = 30 * time.Second

	// defaultUserAgent is sent when Config.UserAgent is empty.
	defaultUserAgent = "terraform-provider-auth0/dev"
)

// The settings a user configures, named as the provider block names them.
// SettingError.Setting is one of these.
const (
	SettingDomain         = "domain"
	SettingAPIToken       = "api_token"
	SettingClientID       = "client_id"
	SettingClientSecret   = "client_secret"
	SettingRateLimit      = "rate_limit"
	SettingReserve        = "rate_limit_reserve"
	SettingMaxRetryWait   = "max_retry_wait"
	SettingRequestTimeout = "request_timeout"

	SettingClientAssertionPrivateKey = "client_assertion_private_key" //nolint:gosec // G101: a setting's name
	SettingClientAssertionSigningAlg = "client_assertion_signing_alg"
	SettingCustomDomainHeader        = "custom_domain_header"
	SettingDynamicCredentials        = "dynamic_credentials"
	SettingCLILogin                  = "cli_login"
)

// IsCredentialSetting reports whether a setting is one of the credentials,
// the settings dynamic_credentials lets come from another resource and be
// known only at apply.
func IsCredentialSetting(name string) bool {
	switch name {
	case SettingAPIToken, SettingClientID, SettingClientSecret, SettingClientAssertionPrivateKey, SettingClientAssertionSigningAlg:
		return true
	}
	return false
}

// Config configures a Client. A field left at its zero value is not set:
// New applies its default, or reports it missing when it has none.
type Config struct {
	// Domain is the tenant: "tenant.eu.auth0.com[:port]" (HTTPS),
	// "https://host[:port]", or "http://host[:port]" for loopback hosts only
	// (127.0.0.0/8, ::1, localhost: the emulator).
	Domain string
	// APIToken is a static Management API bearer token. It excludes
	// ClientID and ClientSecret: with both kinds of credentials set, which
	// one a request uses would depend on precedence rules a user cannot see.
	APIToken string
	// ClientID and ClientSecret select the client-credentials grant; the
	// token is cached and refreshed before it expires.
	ClientID     string
	ClientSecret string
	// Audience of the client-credentials token; default "<base URL>/api/v2/".
	Audience string
	// ClientAssertionPrivateKey (PEM) and ClientAssertionSigningAlg select
	// private-key JWT authentication for ClientID instead of ClientSecret:
	// each token request carries a freshly signed client assertion.
	ClientAssertionPrivateKey string
	ClientAssertionSigningAlg string
	// CLILogin uses the token the Auth0 CLI stored for the domain (`auth0
	// login`) as the API token; CLIStore says where it is read from.
	CLILogin bool
	CLIStore CLIStore
	// DynamicCredentials accepts a configuration without (complete)
	// credentials: they are known only later, so New succeeds and every
	// request fails with an error saying why, instead of New failing.
	DynamicCredentials bool
	// CustomDomainHeader is sent as Auth0-Custom-Domain on the endpoints
	// Auth0 honours it on (see customDomainPaths).
	CustomDomainHeader string

	// RateLimit caps the request rate (requests/second) on top of the
	// pacing from the tenant's x-ratelimit-* headers; 0 sets no cap. A
	// negative value disables all client-side pacing (429s are still
	// honoured).
	RateLimit float64
	// RateLimitReserve is the share of the tenant's rate-limit bucket left
	// to its other consumers, in [0, 1); nil selects 0.2
	// (defaultRateLimitReserve).
	RateLimitReserve *float64
	// MaxRetryWait bounds any single wait for a 429; nil selects 60 s
	// (defaultMaxRetryWait). A set value must be positive.
	MaxRetryWait *time.Duration
	// RequestTimeout applies to each attempt; nil selects 30 s
	// (defaultRequestTimeout). A set value must be positive. Time spent waiting
	// for the rate limiter does not count against it.
	RequestTimeout *time.Duration

	// Burst is the bucket size of the RateLimit cap; 0 selects
	// ceil(RateLimit): one second of requests.
	Burst int
	// MaxRetries bounds retries for 429, 5xx and transport errors
	// (0 = 8, defaultMaxRetries; at most MaxRetriesLimit).
	MaxRetries int
	// UserAgent, e.g. "terraform-provider-auth0/1.2.3 terraform/1.11.4".
	UserAgent string
	// Debug logs request and response bodies (with every secret masked).
	Debug bool
	// HTTPClient is an optional base client (custom TLS, proxies). Its
	// Transport is used for every request; its Timeout is ignored in favour
	// of RequestTimeout.
	HTTPClient *http.Client
}

// SettingError is a setting that breaks one of the client's rules. Validate,
// ValidatePartial and New join one per broken rule (errors.Join);
// SettingErrors takes them apart.
type SettingError struct {
	// Setting is the setting at fault, one of the Setting* names.
	Setting string
	// With names the other settings the rule involves, such as the other
	// side of a conflict.
	With []string
	// Summary is a short title; Detail says what is wrong and what to do,
	// naming the setting.
	Summary string
	Detail  string
}

func (e *SettingError) Error() string { return e.Detail }

// SettingErrors returns the SettingErrors in err's tree, in order.
func SettingErrors(err error) []*SettingError {
	switch e := err.(type) { //nolint:errorlint // walks the tree itself: errors.As would stop at the first
	case *SettingError:
		return []*SettingError{e}
	case interface{ Unwrap() []error }:
		var found []*SettingError
		for _, inner := range e.Unwrap() {
			found = append(found, SettingErrors(inner)...)
		}
		return found
	case interface{ Unwrap() error }:
		return SettingErrors(e.Unwrap())
	}
	return nil
}

// settings is a validated Config with every default applied.
type settings struct {
	baseURL          *url.URL // scheme://host[:port], no path
	apiToken         string
	clientID         string
	clientSecret     string
	audience         string
	rateLimit        float64 // the cap; 0: none; <0: no pacing at all
	burst            int
	rateLimitReserve float64
	maxRetryWait     time.Duration
	maxRetries       int
	requestTimeout   time.Duration
	userAgent        string
	debug            bool
	transport        http.RoundTripper

	assertion  *assertionSigner // private-key JWT instead of clientSecret
	privateKey string           // its PEM, masked in logs
	// credentialsPending explains why a client built with
	// DynamicCredentials has no credentials; every request fails with it.
	credentialsPending error
	customDomain       string
}

// rule is one check of a Config. A complete rule is about a value that is
// missing: it applies only when every setting is known (Validate, New), not
// to a partial configuration (ValidatePartial).
type rule struct {
	complete bool
	check    func(cfg Config) error
}

// rules are every check of a Config, in the order their errors are reported.
var rules = []rule{
	{complete: true, check: requireDomain},
	{check: checkDomain},
	{check: checkCredentialConflict},
	{check: checkSecretAssertionConflict},
	{check: checkCLILoginConflict},
	{complete: true, check: requireCredentials},
	{check: checkSigningAlg},
	{check: checkAssertionKey},
	{check: checkCustomDomainHeader},
	{check: checkRateLimit},
	{check: checkReserve},
	{check: func(cfg Config) error { return checkDuration(SettingMaxRetryWait, cfg.MaxRetryWait, "60s") }},
	{check: func(cfg Config) error { return checkDuration(SettingRequestTimeout, cfg.RequestTimeout, "30s") }},
	{check: checkProgrammerFields},
}

// Validate checks cfg against every rule New applies, without building a
// client; the error joins one error per broken rule.
func (cfg Config) Validate() error { return cfg.check(true) }

// ValidatePartial checks the settings cfg has: a setting left unset is not
// an error (it may still be set elsewhere), a set one that is wrong or
// conflicts with another set one is. For a configuration whose other values
// are known only later.
func (cfg Config) ValidatePartial() error { return cfg.check(false) }

func (cfg Config) check(complete bool) error {
	var errs []error
	for _, r := range rules {
		if r.complete && !complete {
			continue
		}
		if err := r.check(cfg); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func requireDomain(cfg Config) error {
	if strings.TrimSpace(cfg.Domain) != "" {
		return nil
	}
	return &SettingError{Setting: SettingDomain, Summary: "Missing Auth0 domain",
		Detail: `domain is required: the tenant's host name, such as "example.eu.auth0.com".`}
}

func checkDomain(cfg Config) error {
	if strings.TrimSpace(cfg.Domain) == "" {
		return nil
	}
	_, err := parseDomain(cfg.Domain)
	return err
}

func checkRateLimit(cfg Config) error {
	if !math.IsNaN(cfg.RateLimit) && !math.IsInf(cfg.RateLimit, 0) {
		return nil
	}
	return &SettingError{Setting: SettingRateLimit, Summary: "Invalid rate limit",
		Detail: fmt.Sprintf("rate_limit must be a finite number of requests per second (a negative value disables the client-side limit), got %v.", cfg.RateLimit)}
}

func checkReserve(cfg Config) error {
	r := cfg.RateLimitReserve
	if r == nil || (*r >= 0 && *r < 1) {
		return nil
	}
	return &SettingError{Setting: SettingReserve, Summary: "Invalid rate-limit reserve",
		Detail: fmt.Sprintf("rate_limit_reserve must be a fraction of the tenant's rate-limit bucket from 0 up to (not including) 1, such as 0.2, got %v.", *r)}
}

func checkDuration(setting string, d *time.Duration, example string) error {
	if d == nil || *d > 0 {
		return nil
	}
	return &SettingError{Setting: setting, Summary: "Invalid duration",
		Detail: fmt.Sprintf("%s must be a positive duration such as %q, got %s.", setting, example, *d)}
}

// checkProgrammerFields checks the fields a program sets, never a user: the
// errors name them as Go fields.
func checkProgrammerFields(cfg Config) error {
	var errs []error
	if cfg.Burst < 0 {
		errs = append(errs, fmt.Errorf("client.Config.Burst must not be negative, got %d", cfg.Burst))
	}
	if cfg.MaxRetries < 0 || cfg.MaxRetries > MaxRetriesLimit {
		errs = append(errs, fmt.Errorf("client.Config.MaxRetries must be between 0 and %d so retries stay bounded, got %d", MaxRetriesLimit, cfg.MaxRetries))
	}
	if strings.ContainsAny(cfg.UserAgent, "\r\n") {
		errs = append(errs, errors.New("client.Config.UserAgent must not contain line breaks"))
	}
	return errors.Join(errs...)
}

// resolve validates cfg and applies the defaults.
func (cfg Config) resolve() (settings, error) {
	if err := cfg.Validate(); err != nil {
		return settings{}, err
	}
	base, err := parseDomain(cfg.Domain)
	if err != nil {
		return settings{}, err
	}
	s := settings{
		baseURL:        base,
		apiToken:       cfg.APIToken,
		clientID:       cfg.ClientID,
		clientSecret:   cfg.ClientSecret,
		audience:       cfg.Audience,
		rateLimit:      cfg.RateLimit,
		burst:          cfg.Burst,
		maxRetryWait:   orDefault(cfg.MaxRetryWait, defaultMaxRetryWait),
		maxRetries:     cfg.MaxRetries,
		requestTimeout: orDefault(cfg.RequestTimeout, defaultRequestTimeout),
		userAgent:      cfg.UserAgent,
		debug:          cfg.Debug,
		transport:      http.DefaultTransport,
	}
	if s.audience == "" {
		s.audience = base.String() + "/api/v2/"
	}
	s.privateKey, s.customDomain = cfg.ClientAssertionPrivateKey, cfg.CustomDomainHeader
	if err := s.resolveCredentials(cfg); err != nil {
		return settings{}, err
	}
	s.rateLimitReserve = defaultRateLimitReserve
	if cfg.RateLimitReserve != nil {
		s.rateLimitReserve = *cfg.RateLimitReserve
	}
	if s.burst == 0 && s.rateLimit > 0 {
		s.burst = int(math.Ceil(s.rateLimit))
	}
	if s.maxRetries == 0 {
		s.maxRetries = defaultMaxRetries
	}
	if s.userAgent == "" {
		s.userAgent = defaultUserAgent
	}
	if cfg.HTTPClient != nil && cfg.HTTPClient.Transport != nil {
		s.transport = cfg.HTTPClient.Transport
	}
	return s, nil
}

func orDefault(d *time.Duration, def time.Duration) time.Duration {
	if d == nil {
		return def
	}
	return *d
}

// parseDomain turns the domain setting into a base URL (scheme://host[:port],
// no path). A bare host means HTTPS. Plain http:// is accepted only for
// loopback hosts: the token and the connections' secrets would otherwise
// cross the network in clear text.
func parseDomain(domain string) (*url.URL, error) {
	raw := strings.TrimSpace(domain)
	if raw == "" {
		return nil, invalidDomain(`domain is required: the tenant's host name, such as "example.eu.auth0.com".`)
	}
	if raw != domain {
		return nil, invalidDomain(fmt.Sprintf("domain %q must not have leading or trailing spaces.", domain))
	}
	withScheme := raw
	if !strings.Contains(raw, "://") {
		withScheme = "https://" + raw
	}
	u, err := url.Parse(withScheme)
	if err != nil {
		return nil, invalidDomain(fmt.Sprintf("domain %q is not a valid host[:port] or URL: %v.", domain, err))
	}
	if msg := domainPartsProblem(domain, u); msg != "" {
		return nil, invalidDomain(msg)
	}
	return &url.URL{Scheme: u.Scheme, Host: u.Host}, nil
}

func invalidDomain(detail string) error {
	return &SettingError{Setting: SettingDomain, Summary: "Invalid Auth0 domain", Detail: detail}
}

// domainPartsProblem says what is wrong with a parsed domain, or "".
func domainPartsProblem(domain string, u *url.URL) string {
	switch u.Scheme {
	case "https":
	case "http":
		if !isLoopbackHost(u.Hostname()) {
			return fmt.Sprintf("domain %q uses http://, which is only allowed for loopback hosts (127.0.0.0/8, ::1, localhost) such as a local emulator; use https:// or just the host name.", domain)
		}
	default:
		return fmt.Sprintf("domain %q has scheme %q; use a host name (HTTPS), https://host, or http:// for a loopback emulator.", domain, u.Scheme)
	}
	switch {
	case u.Hostname() == "":
		return fmt.Sprintf("domain %q has no host name.", domain)
	case u.User != nil:
		return fmt.Sprintf("domain %q must not contain user information.", domain)
	case u.Path != "" && u.Path != "/":
		return fmt.Sprintf("domain %q must not contain a path (%q): the client adds /api/v2 itself.", domain, u.Path)
	case u.RawQuery != "" || u.Fragment != "" || strings.HasSuffix(domain, "?") || strings.HasSuffix(domain, "#"):
		return fmt.Sprintf("domain %q must not contain a query or fragment.", domain)
	case strings.ContainsAny(u.Hostname(), " \t/\\"):
		return fmt.Sprintf("domain %q has an invalid host name.", domain)
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.ParseUint(p, 10, 16); err != nil || n == 0 {
			return fmt.Sprintf("domain %q has an invalid port %q.", domain, p)
		}
	} else if strings.HasSuffix(u.Host, ":") {
		return fmt.Sprintf("domain %q has an empty port.", domain)
	}
	return ""
}

func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
