package provider

import (
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestProviderSettings(t *testing.T) {
	tests := []struct {
		name      string
		cfg       providerModel
		env       map[string]string
		wantError string // substring of the first error's detail; "" = valid
		check     func(t *testing.T, s settings)
	}{
		{
			name: "token from the block",
			cfg:  providerModel{Domain: types.StringValue("t.eu.auth0.com"), APIToken: types.StringValue("tok")},
		},
		{
			name: "everything from the environment",
			env: map[string]string{
				"AUTH0_DOMAIN": "t.eu.auth0.com", "AUTH0_CLIENT_ID": "id", "AUTH0_CLIENT_SECRET": "sec",
				"AUTH0_RATE_LIMIT": "2.5", "AUTH0_MAX_RETRY_WAIT": "90s", "AUTH0_REQUEST_TIMEOUT": "10s", "AUTH0_DEBUG": "true",
			},
			check: func(t *testing.T, s settings) {
				cfg, diags := s.clientConfig("1.0.0", "1.11.4")
				if diags.HasError() {
					t.Fatal(diags)
				}
				if cfg.RateLimit != 2.5 || cfg.MaxRetryWait != 90*time.Second || cfg.RequestTimeout != 10*time.Second || !cfg.Debug {
					t.Errorf("limits not read from the environment: %+v", cfg)
				}
				if cfg.UserAgent != "terraform-provider-auth0/1.0.0 terraform/1.11.4" {
					t.Errorf("user agent %q", cfg.UserAgent)
				}
			},
		},
		{
			name: "the block wins over the environment",
			cfg:  providerModel{Domain: types.StringValue("block.auth0.com"), APIToken: types.StringValue("tok")},
			env:  map[string]string{"AUTH0_DOMAIN": "env.auth0.com"},
			check: func(t *testing.T, s settings) {
				if s.values["domain"] != "block.auth0.com" {
					t.Errorf("domain %q", s.values["domain"])
				}
			},
		},
		{
			name:      "missing domain",
			cfg:       providerModel{APIToken: types.StringValue("tok")},
			wantError: "AUTH0_DOMAIN",
		},
		{
			name:      "no credentials",
			cfg:       providerModel{Domain: types.StringValue("t.auth0.com")},
			wantError: "Set api_token",
		},
		{
			name: "token and client credentials",
			cfg: providerModel{Domain: types.StringValue("t.auth0.com"), APIToken: types.StringValue("tok"),
				ClientID: types.StringValue("id"), ClientSecret: types.StringValue("sec")},
			wantError: "Keep one of them",
		},
		{
			name:      "client id without secret",
			cfg:       providerModel{Domain: types.StringValue("t.auth0.com"), ClientID: types.StringValue("id")},
			wantError: "client_secret (AUTH0_CLIENT_SECRET) is not",
		},
		{
			name:      "bad duration",
			cfg:       providerModel{Domain: types.StringValue("t.auth0.com"), APIToken: types.StringValue("tok"), MaxRetryWait: types.StringValue("soon")},
			wantError: "positive duration",
		},
		{
			name:      "bad rate limit in the environment",
			cfg:       providerModel{Domain: types.StringValue("t.auth0.com"), APIToken: types.StringValue("tok")},
			env:       map[string]string{"AUTH0_RATE_LIMIT": "fast"},
			wantError: "requests per second",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := readSettings(tt.cfg, func(k string) string { return tt.env[k] })
			_, diags := s.clientConfig("test", "")
			switch {
			case tt.wantError == "" && diags.HasError():
				t.Fatalf("unexpected error: %v", diags)
			case tt.wantError != "" && !diags.HasError():
				t.Fatalf("want an error containing %q", tt.wantError)
			case tt.wantError != "" && !strings.Contains(diags.Errors()[0].Detail(), tt.wantError):
				t.Fatalf("error %q does not contain %q", diags.Errors()[0].Detail(), tt.wantError)
			}
			if tt.check != nil {
				tt.check(t, s)
			}
		})
	}
}

func TestProviderSettingsUnknown(t *testing.T) {
	cfg := providerModel{Domain: types.StringUnknown(), APIToken: types.StringValue("tok")}
	s := readSettings(cfg, func(string) string { return "" })
	if len(s.unknown) != 1 || s.unknown[0] != "domain" {
		t.Fatalf("unknown = %v, want [domain]", s.unknown)
	}
}
