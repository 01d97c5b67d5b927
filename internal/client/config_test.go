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
		{"tenant.auth0.com:65536", "", "invalid port"},
		{"tenant.auth0.com:0", "", "invalid port"},
		{"tenant.auth0.com:65535", "https://tenant.auth0.com:65535", ""},
		{"tenant.auth0.com:abc", "", "not a valid host"},
		{"tenant.auth0.com:", "", "empty port"},
		{"ten ant.auth0.com", "", "not a valid host"},
	}
	for _, tt := range tests {
		t.Run(tt.domain, func(t *testing.T) {
			got, err := parseDomain(tt.domain)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("parseDomain(%q) error = %v, want one containing %q", tt.domain, err, tt.wantErr)
				}
				if se := SettingErrors(err); len(se) != 1 || se[0].Setting != SettingDomain {
					t.Errorf("parseDomain(%q) error is not a SettingError on domain: %#v", tt.domain, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("parseDomain(%q): %v", tt.domain, err)
			}
			if got.String() != tt.want {
				t.Errorf("parseDomain(%q) = %s, want %s", tt.domain, got, tt.want)
			}
		})
	}
}

func TestValidateNamesTheSetting(t *testing.T) {
	valid := Config{Domain: "tenant.auth0.com", APIToken: "t"}
	checkSettingErrors(t, valid, []settingCase{
		{"no domain", func(c *Config) { c.Domain = "" }, SettingDomain, "domain is required", false},
		{"bad domain", func(c *Config) { c.Domain = "http://example.com" }, SettingDomain, `domain "http://example.com" uses http://`, true},
		{"no credentials", func(c *Config) { c.APIToken = "" }, SettingAPIToken, "Set api_token, or client_id and client_secret", false},
		{"client id only", func(c *Config) { c.APIToken, c.ClientID = "", "id" }, SettingClientSecret, "client_id is set but client_secret is not", false},
		{"secret only", func(c *Config) { c.APIToken, c.ClientSecret = "", "s" }, SettingClientID, "client_secret is set but client_id is not", false},
		{"token and client credentials", func(c *Config) { c.ClientID, c.ClientSecret = "id", "s" }, SettingAPIToken, "api_token and client credentials (client_id, client_secret) are both set", true},
		{"token and client id", func(c *Config) { c.ClientID = "id" }, SettingAPIToken, "api_token and client credentials (client_id) are both set", true},
		{"NaN rate", func(c *Config) { c.RateLimit = math.NaN() }, SettingRateLimit, "rate_limit must be a finite number", true},
		{"infinite rate", func(c *Config) { c.RateLimit = math.Inf(1) }, SettingRateLimit, "got +Inf", true},
		{"reserve of the whole bucket", func(c *Config) { c.RateLimitReserve = ptr(1.0) }, SettingReserve, "rate_limit_reserve must be a fraction of the tenant's rate-limit bucket from 0 up to (not including) 1, such as 0.2, got 1.", true},
		{"negative reserve", func(c *Config) { c.RateLimitReserve = ptr(-0.1) }, SettingReserve, "got -0.1", true},
		{"NaN reserve", func(c *Config) { c.RateLimitReserve = ptr(math.NaN()) }, SettingReserve, "got NaN", true},
		{"negative wait", func(c *Config) { c.MaxRetryWait = ptr(-time.Second) }, SettingMaxRetryWait, "max_retry_wait must be a positive duration", true},
		{"zero wait", func(c *Config) { c.MaxRetryWait = ptr(time.Duration(0)) }, SettingMaxRetryWait, "got 0s", true},
		{"negative timeout", func(c *Config) { c.RequestTimeout = ptr(-time.Second) }, SettingRequestTimeout, "request_timeout must be a positive duration", true},
	})
}

// settingCase is one broken setting: mutate breaks a valid Config, and New
// must then report exactly one SettingError, on setting, whose Detail
// contains detail.
type settingCase struct {
	name    string
	mutate  func(*Config)
	setting string
	detail  string
	partial bool // ValidatePartial (the provider block alone) reports it too
}

// checkSettingErrors runs each case against New, Validate and
// ValidatePartial. No message may quote a private key ("MII…").
func checkSettingErrors(t *testing.T, valid Config, cases []settingCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			cfg := valid
			tt.mutate(&cfg)
			_, err := New(cfg)
			errs := SettingErrors(err)
			if len(errs) != 1 || errs[0].Setting != tt.setting || !strings.Contains(errs[0].Detail, tt.detail) || errs[0].Summary == "" {
				t.Fatalf("New() error = %v (setting errors %+v), want one on %s containing %q", err, errs, tt.setting, tt.detail)
			}
			if got := SettingErrors(cfg.Validate()); len(got) != 1 || got[0].Setting != errs[0].Setting || got[0].Detail != errs[0].Detail {
				t.Errorf("Validate() = %+v, want what New reports", got)
			}
			if partial := SettingErrors(cfg.ValidatePartial()); (len(partial) == 1) != tt.partial {
				t.Errorf("ValidatePartial() = %+v; want an error: %v", partial, tt.partial)
			}
			if strings.Contains(err.Error(), "MII") {
				t.Errorf("the error quotes the key: %v", err)
			}
		})
	}
}

func TestValidateJoinsEveryBrokenRule(t *testing.T) {
	cfg := Config{Domain: "ftp://x", APIToken: "t", ClientID: "id", RateLimit: math.NaN(), RequestTimeout: ptr(-time.Second)}
	var got []string
	for _, e := range SettingErrors(cfg.Validate()) {
		got = append(got, e.Setting)
	}
	if want := "domain,api_token,rate_limit,request_timeout"; strings.Join(got, ",") != want {
		t.Errorf("settings at fault = %v, want %s in that order", got, want)
	}
	if partial := (Config{}).ValidatePartial(); partial != nil {
		t.Errorf("an empty partial configuration is not wrong: %v", partial)
	}
}

func TestProgrammerFieldsAreNotSettings(t *testing.T) {
	valid := Config{Domain: "tenant.auth0.com", APIToken: "t"}
	for name, mutate := range map[string]func(*Config){
		"negative burst":     func(c *Config) { c.Burst = -1 },
		"too many retries":   func(c *Config) { c.MaxRetries = MaxRetriesLimit + 1 },
		"negative retries":   func(c *Config) { c.MaxRetries = -1 },
		"user agent newline": func(c *Config) { c.UserAgent = "a\r\nX-Evil: 1" },
	} {
		cfg := valid
		mutate(&cfg)
		_, err := New(cfg)
		if err == nil || !strings.Contains(err.Error(), "client.Config.") || len(SettingErrors(err)) != 0 {
			t.Errorf("%s: New() error = %v; want one naming the Go field, not a setting", name, err)
		}
	}
}

func TestNewAppliesDefaults(t *testing.T) {
	c, err := New(Config{Domain: "tenant.auth0.com", ClientID: "id", ClientSecret: "secret"})
	if err != nil {
		t.Fatal(err)
	}
	s := c.s
	if s.rateLimit != 0 || s.burst != 0 || s.rateLimitReserve != defaultRateLimitReserve || c.pacer.model.rateCap != nil || s.maxRetries != defaultMaxRetries ||
		s.maxRetryWait != defaultMaxRetryWait || s.requestTimeout != defaultRequestTimeout || s.userAgent != defaultUserAgent {
		t.Errorf("defaults not applied: %+v", s)
	}
	if s.audience != "https://tenant.auth0.com/api/v2/" {
		t.Errorf("audience = %q", s.audience)
	}
	if c.tokens == nil || c.tokens.tokenURL != "https://tenant.auth0.com/oauth/token" {
		t.Errorf("client credentials not configured")
	}

	c, err = New(Config{Domain: "tenant.auth0.com", APIToken: "tok", RateLimit: 15, Audience: "https://custom/"})
	if err != nil {
		t.Fatal(err)
	}
	if c.tokens != nil || c.s.burst != 15 || c.s.audience != "https://custom/" {
		t.Errorf("a static token needs no token cache, the cap's burst follows the rate, audience is kept: %+v", c.s)
	}

	c, err = New(Config{Domain: "tenant.auth0.com", APIToken: "tok", RateLimitReserve: ptr(0.0)})
	if err != nil || c.s.rateLimitReserve != 0 {
		t.Errorf("a reserve of 0 is a setting, not the default: %v, %v", c.s.rateLimitReserve, err)
	}

	c, err = New(Config{Domain: "tenant.auth0.com", APIToken: "tok", RateLimit: -1})
	if err != nil {
		t.Fatal(err)
	}
	if c.pacer.model.rateCap != nil || c.pacer.model.mode != unpaced {
		t.Errorf("a negative rate limit must disable client-side limiting")
	}
}
