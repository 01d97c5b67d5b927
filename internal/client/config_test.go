package client

import (
	"math"
	"strings"
	"testing"
	"time"
)

func TestParseDomain(t *testing.T) {
	tests := []struct {
		domain  string
		want    string
		wantErr string // substring of the error; "" = valid
	}{
		{"tenant.eu.auth0.com", "https://tenant.eu.auth0.com", ""},
		{"tenant.eu.auth0.com:8443", "https://tenant.eu.auth0.com:8443", ""},
		{"https://tenant.eu.auth0.com", "https://tenant.eu.auth0.com", ""},
		{"https://tenant.eu.auth0.com/", "https://tenant.eu.auth0.com", ""},
		{"https://127.0.0.1:9443", "https://127.0.0.1:9443", ""},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080", ""},
		{"http://127.3.4.5:8080", "http://127.3.4.5:8080", ""},
		{"http://localhost:8080", "http://localhost:8080", ""},
		{"http://LOCALHOST", "http://LOCALHOST", ""},
		{"http://[::1]:8080", "http://[::1]:8080", ""},
		{"[::1]:8443", "https://[::1]:8443", ""},
		{"", "", "domain is required"},
		{"   ", "", "domain is required"},
		{" tenant.auth0.com", "", "leading or trailing spaces"},
		{"http://tenant.eu.auth0.com", "", "only allowed for loopback hosts"},
		{"http://10.0.0.1:8080", "", "only allowed for loopback hosts"},
		{"http://localhost.example.com", "", "only allowed for loopback hosts"},
		{"http://[::2]:80", "", "only allowed for loopback hosts"},
		{"ftp://tenant.auth0.com", "", `scheme "ftp"`},
		{"tenant.auth0.com/api/v2", "", "must not contain a path"},
		{"https://tenant.auth0.com/api/v2/", "", "must not contain a path"},
		{"https://tenant.auth0.com?x=1", "", "query or fragment"},
		{"https://tenant.auth0.com#frag", "", "query or fragment"},
		{"https://user:pw@tenant.auth0.com", "", "user information"},
		{"https://", "", "no host name"},
		{"tenant.auth0.com:99999", "", "invalid port"},
		{"tenant.auth0.com:abc", "", "not a valid host"},
		{"tenant.auth0.com:", "", "empty port"},
		{"ten ant.auth0.com", "", "not a valid host"},
	}
	for _, tt := range tests {
		t.Run(tt.domain, func(t *testing.T) {
			got, err := ParseDomain(tt.domain)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseDomain(%q) error = %v, want one containing %q", tt.domain, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseDomain(%q): %v", tt.domain, err)
			}
			if got.String() != tt.want {
				t.Errorf("ParseDomain(%q) = %s, want %s", tt.domain, got, tt.want)
			}
		})
	}
}

func TestNewValidatesAndNamesFields(t *testing.T) {
	valid := Config{Domain: "tenant.auth0.com", APIToken: "t"}
	tests := []struct {
		name    string
		mutate  func(*Config)
		wantErr string
	}{
		{"no credentials", func(c *Config) { c.APIToken = "" }, "set api_token, or client_id and client_secret"},
		{"client id only", func(c *Config) { c.APIToken, c.ClientID = "", "id" }, "client_secret is required"},
		{"secret only", func(c *Config) { c.APIToken, c.ClientSecret = "", "s" }, "client_id is required"},
		{"nan rate", func(c *Config) { c.RateLimit = math.NaN() }, "rate_limit must be a finite number"},
		{"negative burst", func(c *Config) { c.Burst = -1 }, "burst must not be negative"},
		{"negative wait", func(c *Config) { c.MaxRetryWait = -time.Second }, "max_retry_wait must not be negative"},
		{"negative timeout", func(c *Config) { c.RequestTimeout = -time.Second }, "request_timeout must not be negative"},
		{"too many retries", func(c *Config) { c.MaxRetries = 1000 }, "max_retries must be at most 20"},
		{"negative retries", func(c *Config) { c.MaxRetries = -1 }, "max_retries must not be negative"},
		{"bad domain", func(c *Config) { c.Domain = "http://example.com" }, "domain \"http://example.com\" uses http://"},
		{"user agent newline", func(c *Config) { c.UserAgent = "a\r\nX-Evil: 1" }, "user_agent"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := valid
			tt.mutate(&cfg)
			_, err := New(cfg)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("New() error = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestNewAppliesDefaults(t *testing.T) {
	c, err := New(Config{Domain: "tenant.auth0.com", ClientID: "id", ClientSecret: "secret"})
	if err != nil {
		t.Fatal(err)
	}
	s := c.s
	if s.rateLimit != DefaultRateLimit || s.burst != DefaultBurst || s.maxRetries != DefaultMaxRetries ||
		s.maxRetryWait != DefaultMaxRetryWait || s.requestTimeout != DefaultRequestTimeout || s.userAgent != DefaultUserAgent {
		t.Errorf("defaults not applied: %+v", s)
	}
	if s.audience != "https://tenant.auth0.com/api/v2/" {
		t.Errorf("audience = %q", s.audience)
	}
	if c.tokens == nil || c.tokens.conf.TokenURL != "https://tenant.auth0.com/oauth/token" {
		t.Errorf("client credentials not configured")
	}

	c, err = New(Config{Domain: "tenant.auth0.com", APIToken: "tok", ClientID: "id", ClientSecret: "s", RateLimit: 15, Audience: "https://custom/"})
	if err != nil {
		t.Fatal(err)
	}
	if c.tokens != nil || c.s.burst != 15 || c.s.audience != "https://custom/" {
		t.Errorf("api_token should take precedence, burst follow the rate, audience be kept: %+v", c.s)
	}

	c, err = New(Config{Domain: "tenant.auth0.com", APIToken: "tok", RateLimit: -1})
	if err != nil {
		t.Fatal(err)
	}
	if c.pacer.limiter != nil || c.pacer.headerPacing {
		t.Errorf("a negative rate limit must disable client-side limiting")
	}
}
