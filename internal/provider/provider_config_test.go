package provider

import (
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
)

// withEnvironment is the provider with env as its environment, so tests
// of environment variables need not change the process's (and can run in
// parallel).
func withEnvironment(env map[string]string) *auth0Provider {
	return &auth0Provider{version: "test", getenv: func(k string) string { return env[k] }}
}

// providerConfig builds a provider block: every attribute null except attrs.
func providerConfig(t *testing.T, attrs map[string]tftypes.Value) tfsdk.Config {
	t.Helper()
	var resp provider.SchemaResponse
	withEnvironment(nil).Schema(t.Context(), provider.SchemaRequest{}, &resp)
	typ, ok := resp.Schema.Type().TerraformType(t.Context()).(tftypes.Object)
	if !ok {
		t.Fatalf("the provider schema's type is not an object")
	}
	values := map[string]tftypes.Value{}
	for name, attrType := range typ.AttributeTypes {
		values[name] = tftypes.NewValue(attrType, nil)
	}
	maps.Copy(values, attrs)
	return tfsdk.Config{Schema: resp.Schema, Raw: tftypes.NewValue(typ, values)}
}

func str(v string) tftypes.Value     { return tftypes.NewValue(tftypes.String, v) }
func boolean(v bool) tftypes.Value   { return tftypes.NewValue(tftypes.Bool, v) }
func number(v float64) tftypes.Value { return tftypes.NewValue(tftypes.Number, v) }

var validBlock = map[string]tftypes.Value{"domain": str("t.eu.auth0.com"), "api_token": str("tok")}

// block is validBlock with changes; a nil value removes the attribute.
func block(changes map[string]tftypes.Value) map[string]tftypes.Value {
	out := maps.Clone(validBlock)
	for k, v := range changes {
		if v.IsNull() {
			delete(out, k)
		} else {
			out[k] = v
		}
	}
	return out
}

var null = tftypes.NewValue(tftypes.String, nil)

func validate(t *testing.T, attrs map[string]tftypes.Value) diag.Diagnostics {
	var resp provider.ValidateConfigResponse
	withEnvironment(nil).ValidateConfig(t.Context(), provider.ValidateConfigRequest{Config: providerConfig(t, attrs)}, &resp)
	return resp.Diagnostics
}

func configure(t *testing.T, attrs map[string]tftypes.Value, env map[string]string) (*providerData, diag.Diagnostics) {
	var resp provider.ConfigureResponse
	req := provider.ConfigureRequest{Config: providerConfig(t, attrs), TerraformVersion: "1.11.4"}
	withEnvironment(env).Configure(t.Context(), req, &resp)
	data, _ := resp.ResourceData.(*providerData)
	return data, resp.Diagnostics
}

// TestProviderSettingsErrorsNameTheirAttribute: every bad setting, from
// the block (ValidateConfig) or the environment (Configure), is one error on
// its own attribute that says what is wrong.
func TestProviderSettingsErrorsNameTheirAttribute(t *testing.T) {
	tests := []settingsErrorCase{
		{"rate limit NaN from the environment", validBlock, map[string]string{"AUTH0_RATE_LIMIT": "NaN"}, false, "rate_limit", "finite number of requests per second (a negative value disables the client-side limit), got NaN"},
		{"rate limit Inf from the environment", validBlock, map[string]string{"AUTH0_RATE_LIMIT": "-Inf"}, false, "rate_limit", "got -Inf.\n\nRead from the environment: AUTH0_RATE_LIMIT (rate_limit)."},
		{"rate limit out of range", validBlock, map[string]string{"AUTH0_RATE_LIMIT": "1e999"}, false, "rate_limit", "got +Inf"},
		{"rate limit not a number", validBlock, map[string]string{"AUTH0_RATE_LIMIT": "fast"}, false, "rate_limit", `rate_limit (from AUTH0_RATE_LIMIT) must be a number of requests per second, got "fast"`},
		{"reserve of the whole bucket in the block", block(map[string]tftypes.Value{"rate_limit_reserve": number(1)}), nil, true, "rate_limit_reserve", "rate_limit_reserve must be a fraction of the tenant's rate-limit bucket from 0 up to (not including) 1, such as 0.2, got 1."},
		{"negative reserve in the block", block(map[string]tftypes.Value{"rate_limit_reserve": number(-0.5)}), nil, true, "rate_limit_reserve", "got -0.5"},
		{"reserve as a percentage from the environment", validBlock, map[string]string{"AUTH0_RATE_LIMIT_RESERVE": "20"}, false, "rate_limit_reserve", "got 20.\n\nRead from the environment: AUTH0_RATE_LIMIT_RESERVE (rate_limit_reserve)."},
		{"reserve not a number", validBlock, map[string]string{"AUTH0_RATE_LIMIT_RESERVE": "20%"}, false, "rate_limit_reserve", `rate_limit_reserve (from AUTH0_RATE_LIMIT_RESERVE) must be a fraction such as 0.2, got "20%"`},
		{"debug not a bool", validBlock, map[string]string{"AUTH0_DEBUG": "maybe"}, false, "debug", `debug (from AUTH0_DEBUG) must be true or false, got "maybe"`},
		{"batch_reads not a bool", validBlock, map[string]string{"AUTH0_BATCH_READS": "sometimes"}, false, "batch_reads", `batch_reads (from AUTH0_BATCH_READS) must be true or false`},
		{"wait not a duration in the environment", validBlock, map[string]string{"AUTH0_MAX_RETRY_WAIT": "forever"}, false, "max_retry_wait", `max_retry_wait (from AUTH0_MAX_RETRY_WAIT) must be a duration such as "30s" or "2m", got "forever"`},
		{"negative wait in the environment", validBlock, map[string]string{"AUTH0_MAX_RETRY_WAIT": "-5s"}, false, "max_retry_wait", "max_retry_wait must be a positive duration such as \"60s\", got -5s.\n\nRead from the environment: AUTH0_MAX_RETRY_WAIT"},
		{"negative wait in the block", block(map[string]tftypes.Value{"max_retry_wait": str("-5s")}), nil, true, "max_retry_wait", "max_retry_wait must be a positive duration"},
		{"zero timeout in the block", block(map[string]tftypes.Value{"request_timeout": str("0s")}), nil, true, "request_timeout", "request_timeout must be a positive duration such as \"30s\", got 0s"},
		{"timeout not a duration in the block", block(map[string]tftypes.Value{"request_timeout": str("soon")}), nil, true, "request_timeout", `request_timeout must be a duration such as "30s" or "2m", got "soon"`},
		{"http for a remote host", block(map[string]tftypes.Value{"domain": str("http://t.eu.auth0.com")}), nil, true, "domain", "only allowed for loopback hosts"},
		{"domain with a path", block(map[string]tftypes.Value{"domain": str("t.eu.auth0.com/api/v2")}), nil, true, "domain", "must not contain a path"},
		{"http domain from the environment", block(map[string]tftypes.Value{"domain": null}), map[string]string{"AUTH0_DOMAIN": "http://10.0.0.1:8080"}, false, "domain", "Read from the environment: AUTH0_DOMAIN (domain)"},
		{"no domain", block(map[string]tftypes.Value{"domain": null}), nil, false, "domain", "domain is required: the tenant's host name, such as \"example.eu.auth0.com\".\n\nSet neither in the provider block nor in the environment: domain (AUTH0_DOMAIN)."},
		{"token and client credentials", block(map[string]tftypes.Value{"client_id": str("id"), "client_secret": str("s")}), nil, true, "api_token", "api_token and client credentials (client_id, client_secret) are both set. Keep one of them."},
		{"token in the block, client id in the environment", validBlock, map[string]string{"AUTH0_CLIENT_ID": "id"}, false, "api_token", "Read from the environment: AUTH0_CLIENT_ID (client_id)."},
		{"client id without secret", block(map[string]tftypes.Value{"api_token": null, "client_id": str("id")}), nil, false, "client_secret", "client_id is set but client_secret is not: the client-credentials grant needs both (or use client_assertion_private_key and client_assertion_signing_alg, or set api_token instead).\n\nSet neither in the provider block nor in the environment: client_secret (AUTH0_CLIENT_SECRET)."},
		{"secret without client id", block(map[string]tftypes.Value{"api_token": null}), map[string]string{"AUTH0_CLIENT_SECRET": "s"}, false, "client_id", "client_secret is set but client_id is not"},
		{"no credentials", block(map[string]tftypes.Value{"api_token": null}), nil, false, "api_token", "Set api_token, or client_id and client_secret, or client_id with client_assertion_private_key and client_assertion_signing_alg, or cli_login = true.\n\nSet neither in the provider block nor in the environment: api_token (AUTH0_API_TOKEN), client_id (AUTH0_CLIENT_ID), client_secret (AUTH0_CLIENT_SECRET)."},
		{"unknown domain", block(map[string]tftypes.Value{"domain": tftypes.NewValue(tftypes.String, tftypes.UnknownValue)}), nil, false, "domain", "cannot connect to Auth0 while domain is unknown"},
	}
	tests = append(tests, authSettingsErrorCases(t)...)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			diags := validate(t, tt.block)
			if !tt.atPlan {
				if diags.HasError() {
					t.Fatalf("ValidateConfig: %v; the block alone is fine", diags)
				}
				_, diags = configure(t, tt.block, tt.env)
			}
			errs := diags.Errors()
			if len(errs) != 1 {
				t.Fatalf("want exactly one error, got %v", diags)
			}
			d, ok := errs[0].(diag.DiagnosticWithPath)
			if !ok || !d.Path().Equal(path.Root(tt.path)) {
				t.Errorf("error %q is not on %s", errs[0].Summary(), tt.path)
			}
			if !strings.Contains(errs[0].Detail(), tt.detail) || errs[0].Summary() == "" {
				t.Errorf("detail %q does not contain %q", errs[0].Detail(), tt.detail)
			}
		})
	}
}

// settingsErrorCase is a provider block and environment with one bad
// setting.
type settingsErrorCase struct {
	name   string
	block  map[string]tftypes.Value
	env    map[string]string
	atPlan bool // found by ValidateConfig, from the block alone
	path   string
	detail string
}

func TestProviderSettingsAreTyped(t *testing.T) {
	r := newSettingsReader(func(k string) string {
		return map[string]string{
			"AUTH0_DOMAIN": "env.eu.auth0.com", "AUTH0_CLIENT_ID": "id", "AUTH0_CLIENT_SECRET": "sec", "AUTH0_AUDIENCE": "https://aud/",
			"AUTH0_RATE_LIMIT": "2.5", "AUTH0_RATE_LIMIT_RESERVE": "0.3", "AUTH0_MAX_RETRY_WAIT": "90s", "AUTH0_REQUEST_TIMEOUT": " 10s ", "AUTH0_DEBUG": "true", "AUTH0_BATCH_READS": "false",
		}[k]
	})
	var m providerModel
	resp := providerConfig(t, nil)
	if diags := resp.Get(t.Context(), &m); diags.HasError() {
		t.Fatal(diags)
	}
	s := r.read(m)
	if r.diags.HasError() {
		t.Fatal(r.diags)
	}
	want := client.Config{Domain: "env.eu.auth0.com", ClientID: "id", ClientSecret: "sec", Audience: "https://aud/", RateLimit: 2.5, Debug: true}
	got := s.client
	if got.MaxRetryWait == nil || *got.MaxRetryWait != 90*time.Second || got.RequestTimeout == nil || *got.RequestTimeout != 10*time.Second {
		t.Errorf("durations %v, %v; want 90s and 10s", got.MaxRetryWait, got.RequestTimeout)
	}
	if got.RateLimitReserve == nil || *got.RateLimitReserve != 0.3 {
		t.Errorf("rate_limit_reserve %v, want 0.3", got.RateLimitReserve)
	}
	got.MaxRetryWait, got.RequestTimeout, got.RateLimitReserve = nil, nil, nil
	if !reflect.DeepEqual(got, want) || s.batchReads {
		t.Errorf("settings from the environment:\n got %+v (batch_reads %v)\nwant %+v (batch_reads false)", got, s.batchReads, want)
	}

	// The block wins over the environment, attribute by attribute, even
	// with a value equal to the default.
	m.Domain, m.BatchReads, m.Debug = types.StringValue("block.auth0.com"), types.BoolValue(true), types.BoolValue(false)
	r.sources = map[string]source{}
	s = r.read(m)
	if s.client.Domain != "block.auth0.com" || !s.batchReads || s.client.Debug || s.client.ClientID != "id" {
		t.Errorf("block values must win: %+v (batch_reads %v)", s.client, s.batchReads)
	}
}

func TestProviderConfigureUsesTheSettings(t *testing.T) {
	data, diags := configure(t, block(map[string]tftypes.Value{"batch_reads": boolean(false), "rate_limit": number(-1), "request_timeout": str("7s")}), nil)
	if diags.HasError() || data == nil {
		t.Fatalf("Configure: %v", diags)
	}
	if data.cache != nil || data.client.RequestTimeout() != 7*time.Second {
		t.Errorf("batch_reads = false must read without the cache, request_timeout must reach the client")
	}
	if ua := userAgent("1.0.0", "1.11.4"); ua != "terraform-provider-auth0/1.0.0 terraform/1.11.4" {
		t.Errorf("user agent %q", ua)
	}
}

// TestEveryClientSettingHasAnAttribute: the client's settings are the
// provider's attributes, so an error on one lands on an attribute.
func TestEveryClientSettingHasAnAttribute(t *testing.T) {
	var resp provider.SchemaResponse
	withEnvironment(nil).Schema(t.Context(), provider.SchemaRequest{}, &resp)
	for _, name := range []string{client.SettingDomain, client.SettingAPIToken, client.SettingClientID, client.SettingClientSecret,
		client.SettingRateLimit, client.SettingReserve, client.SettingMaxRetryWait, client.SettingRequestTimeout,
		client.SettingClientAssertionPrivateKey, client.SettingClientAssertionSigningAlg, client.SettingCLILogin,
		client.SettingDynamicCredentials, client.SettingCustomDomainHeader} {
		if _, ok := resp.Schema.Attributes[name]; !ok || envVars[name] == "" {
			t.Errorf("client setting %s has no provider attribute or environment variable", name)
		}
	}
	if got, want := slices.Sorted(maps.Keys(envVars)), slices.Sorted(maps.Keys(resp.Schema.Attributes)); !slices.Equal(got, want) {
		t.Errorf("environment variables for %v, attributes %v", got, want)
	}
}

// --- acceptance ---------------------------------------------------------------

// settingsCase is a provider block (with the emulator's domain and token
// unless it overrides them) and an environment that fail at plan time.
type settingsCase struct {
	name  string
	attrs map[string]string // HCL expressions; "" leaves the attribute out
	env   map[string]string
	error string // regexp; spaces also match line breaks
}

// laterResource has an output unknown at plan time, for settings that
// depend on it.
const laterResource = "resource \"terraform_data\" \"later\" {\n  input = \"x\"\n}\n"

// settingsBlocks is a block for the provider named name with attrs, and a
// data source that reads the tenant through it.
func (e *accEnv) settingsBlocks(name string, attrs map[string]string) string {
	all := map[string]string{"domain": hcl(e.server.URL), "api_token": hcl(e.server.Token), "rate_limit": "-1"}
	maps.Copy(all, attrs)
	var b strings.Builder
	fmt.Fprintf(&b, "\nprovider %q {\n", name)
	for _, name := range slices.Sorted(maps.Keys(all)) {
		if all[name] != "" {
			fmt.Fprintf(&b, "  %s = %s\n", name, all[name])
		}
	}
	// The data source reads the tenant at plan time: with good settings
	// this configuration makes API calls.
	fmt.Fprintf(&b, "}\n\ndata \"auth0_connections\" %q {\n  provider = %s\n}\n", name, name)
	return b.String()
}

// settingsProvider is the name of the provider of case i.
func settingsProvider(i int) string {
	return "auth0" + caseName(i)
}

func protoV6(p *auth0Provider) map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){"auth0": providerserver.NewProtocol6WithError(p)}
}

func TestAccProvider_badSettingsFailAtPlanWithoutAPICalls(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	cases := []settingsCase{
		{"rate limit NaN", map[string]string{"rate_limit": ""}, map[string]string{"AUTH0_RATE_LIMIT": "NaN"}, `Invalid rate limit.*rate_limit must be a finite number of requests per second.*got NaN.*AUTH0_RATE_LIMIT`},
		{"rate limit Inf", map[string]string{"rate_limit": ""}, map[string]string{"AUTH0_RATE_LIMIT": "Inf"}, `rate_limit must be a finite number.*got \+Inf`},
		{"rate limit not a number", map[string]string{"rate_limit": ""}, map[string]string{"AUTH0_RATE_LIMIT": "abc"}, `rate_limit \(from AUTH0_RATE_LIMIT\) must be a number`},
		{"reserve of the whole bucket", map[string]string{"rate_limit_reserve": "1"}, nil, `Invalid rate-limit reserve.*rate_limit_reserve = 1.*rate_limit_reserve must be a fraction of the tenant's rate-limit bucket.*got 1\.`},
		{"reserve as a percentage from the environment", nil, map[string]string{"AUTH0_RATE_LIMIT_RESERVE": "20"}, `Invalid rate-limit reserve.*got 20\..*AUTH0_RATE_LIMIT_RESERVE \(rate_limit_reserve\)`},
		{"reserve not a number", nil, map[string]string{"AUTH0_RATE_LIMIT_RESERVE": "a fifth"}, `rate_limit_reserve \(from AUTH0_RATE_LIMIT_RESERVE\) must be a fraction such as 0.2, got "a fifth"`},
		{"debug not a bool", nil, map[string]string{"AUTH0_DEBUG": "maybe"}, `debug \(from AUTH0_DEBUG\) must be true or false, got "maybe"`},
		{"batch_reads not a bool", nil, map[string]string{"AUTH0_BATCH_READS": "sometimes"}, `batch_reads \(from AUTH0_BATCH_READS\) must be true or false`},
		{"wait not a duration", nil, map[string]string{"AUTH0_MAX_RETRY_WAIT": "forever"}, `max_retry_wait \(from AUTH0_MAX_RETRY_WAIT\) must be a duration`},
		{"negative wait from the environment", nil, map[string]string{"AUTH0_MAX_RETRY_WAIT": "-5s"}, `max_retry_wait must be a positive duration.*got -5s.*AUTH0_MAX_RETRY_WAIT`},
		{"negative wait in the block", map[string]string{"max_retry_wait": `"-5s"`}, nil, `max_retry_wait = "-5s".*max_retry_wait must be a positive duration`},
		{"zero timeout in the block", map[string]string{"request_timeout": `"0s"`}, nil, `request_timeout = "0s".*request_timeout must be a positive duration`},
		{"timeout not a duration", map[string]string{"request_timeout": `"soon"`}, nil, `request_timeout must be a duration such as "30s"`},
		{"http for a remote host", map[string]string{"domain": `"http://example.eu.auth0.com"`}, nil, `Invalid Auth0 domain.*domain = "http://example.eu.auth0.com".*only allowed for loopback hosts`},
		{"http remote host from the environment", map[string]string{"domain": ""}, map[string]string{"AUTH0_DOMAIN": "http://10.0.0.1:8080"}, `Invalid Auth0 domain.*only allowed for loopback.*AUTH0_DOMAIN \(domain\)`},
		{"no domain", map[string]string{"domain": ""}, nil, `Missing Auth0 domain.*domain is required.*domain \(AUTH0_DOMAIN\)`},
		{"conflicting credentials", map[string]string{"client_id": `"id"`, "client_secret": `"secret"`}, nil, `Conflicting Auth0 credentials.*api_token.*api_token and client credentials \(client_id, client_secret\) are both set`},
		{"conflicting credentials, one from the environment", nil, map[string]string{"AUTH0_CLIENT_SECRET": "secret"}, `Conflicting Auth0 credentials.*api_token and client credentials \(client_secret\).*AUTH0_CLIENT_SECRET`},
		{"client id without secret", map[string]string{"api_token": "", "client_id": `"id"`}, nil, `Incomplete client credentials.*client_id is set but client_secret is not.*client_secret \(AUTH0_CLIENT_SECRET\)`},
		{"secret without client id", map[string]string{"api_token": ""}, map[string]string{"AUTH0_CLIENT_SECRET": "secret"}, `Incomplete client credentials.*client_secret is set but client_id is not`},
		{"no credentials", map[string]string{"api_token": ""}, nil, `Missing Auth0 credentials.*Set api_token, or client_id and client_secret`},
		{"domain unknown at plan time", map[string]string{"domain": "terraform_data.later.output"}, nil, `Unknown provider setting.*while domain is unknown`},
	}
	cases = append(cases, authSettingsAccCases(t)...)
	// One plan configures every case: each is the provider under a name of
	// its own, so that it has an environment of its own, with a data source
	// that reads the tenant through it.
	planCases := make([]planCase, len(cases))
	for i, c := range cases {
		name := regexp.QuoteMeta(settingsProvider(i))
		planCases[i] = planCase{
			what: c.name,
			// "with provider["registry.terraform.io/hashicorp/auth0case07"],"
			// or "in provider "auth0case07":".
			owner: regexp.MustCompile(`provider\["[^"]*/` + name + `"\]|provider "` + name + `"`),
			error: wrappedRegexp(`(?s)` + c.error),
		}
	}
	rejected := expectEachRejected(t, planCases, func(indexes []int) string {
		providers := map[string]func() (tfprotov6.ProviderServer, error){}
		config := laterResource
		for _, i := range indexes {
			providers[settingsProvider(i)] = providerserver.NewProtocol6WithError(withEnvironment(cases[i].env))
			config += env.settingsBlocks(settingsProvider(i), cases[i].attrs)
		}
		return planErrors(t, providers, config)
	})
	if rejected != len(cases) {
		t.Errorf("%d of %d bad settings rejected at plan time", rejected, len(cases))
	}
	if total := env.calls("total"); total != 0 {
		t.Errorf("bad settings made %d API calls, want 0: %v", total, env.server.Stats())
	}

	// The same configuration with good settings does read the tenant at
	// plan time, so the zero above is the settings' doing.
	good := settingsProvider(len(cases))
	resource.Test(t, resource.TestCase{Steps: []resource.TestStep{{
		ProtoV6ProviderFactories: map[string]func() (tfprotov6.ProviderServer, error){good: providerserver.NewProtocol6WithError(withEnvironment(nil))},
		Config:                   laterResource + env.settingsBlocks(good, nil),
		PlanOnly:                 true,
		ExpectNonEmptyPlan:       true, // terraform_data.later
	}}})
	if calls := env.calls("GET /api/v2/connections"); calls == 0 {
		t.Errorf("good settings made no API call: the test above proves nothing")
	}
}
