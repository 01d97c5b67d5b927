// Package provider implements the auth0 Terraform provider on
// terraform-plugin-framework.
package provider

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
)

// RegistryAddress is the provider's source address in the Terraform registry.
const RegistryAddress = "registry.terraform.io/openauth0/auth0"

var _ provider.Provider = (*auth0Provider)(nil)

type auth0Provider struct {
	version string
}

// New returns a constructor for the provider, as providerserver.Serve wants.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &auth0Provider{version: version}
	}
}

// providerModel is the provider block. Every attribute falls back to the
// environment variable of the official provider, so switching is a change
// of the source address only.
type providerModel struct {
	Domain         types.String  `tfsdk:"domain"`
	ClientID       types.String  `tfsdk:"client_id"`
	ClientSecret   types.String  `tfsdk:"client_secret"`
	APIToken       types.String  `tfsdk:"api_token"`
	Audience       types.String  `tfsdk:"audience"`
	Debug          types.Bool    `tfsdk:"debug"`
	RateLimit      types.Float64 `tfsdk:"rate_limit"`
	MaxRetryWait   types.String  `tfsdk:"max_retry_wait"`
	RequestTimeout types.String  `tfsdk:"request_timeout"`
	BatchReads     types.Bool    `tfsdk:"batch_reads"`
}

// envFallback pairs each attribute with its environment variable.
var envFallback = map[string]string{ //nolint:gosec // G101: environment variable names, not credentials
	"domain":          "AUTH0_DOMAIN",
	"client_id":       "AUTH0_CLIENT_ID",
	"client_secret":   "AUTH0_CLIENT_SECRET",
	"api_token":       "AUTH0_API_TOKEN",
	"audience":        "AUTH0_AUDIENCE",
	"debug":           "AUTH0_DEBUG",
	"rate_limit":      "AUTH0_RATE_LIMIT",
	"max_retry_wait":  "AUTH0_MAX_RETRY_WAIT",
	"request_timeout": "AUTH0_REQUEST_TIMEOUT",
	"batch_reads":     "AUTH0_BATCH_READS",
}

func (p *auth0Provider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "auth0"
	resp.Version = p.version
}

func (p *auth0Provider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Manages Auth0 connections through the Management API v2. " +
			"Authenticate with a Management API token or with client credentials.",
		Attributes: map[string]schema.Attribute{
			"domain": schema.StringAttribute{
				Optional: true,
				Description: "The tenant's domain, such as `example.eu.auth0.com` or `auth.example.com:8443`, reached over HTTPS. " +
					"`http://host:port` is accepted for loopback hosts only (the local emulator). Environment: `AUTH0_DOMAIN`.",
			},
			"client_id": schema.StringAttribute{
				Optional:    true,
				Description: "Client ID of a machine-to-machine application authorised for the Management API. Environment: `AUTH0_CLIENT_ID`.",
			},
			"client_secret": schema.StringAttribute{
				Optional:    true,
				Sensitive:   true,
				Description: "Client secret of that application. Environment: `AUTH0_CLIENT_SECRET`.",
			},
			"api_token": schema.StringAttribute{
				Optional:    true,
				Sensitive:   true,
				Description: "A Management API access token, used instead of client credentials. Environment: `AUTH0_API_TOKEN`.",
			},
			"audience": schema.StringAttribute{
				Optional:    true,
				Description: "Audience of the client-credentials token. Defaults to `https://<domain>/api/v2/`. Environment: `AUTH0_AUDIENCE`.",
			},
			"debug": schema.BoolAttribute{
				Optional: true,
				Description: "Log request and response bodies (with every secret masked) at the DEBUG level. " +
					"Environment: `AUTH0_DEBUG`.",
			},
			"rate_limit": schema.Float64Attribute{
				Optional: true,
				Description: "Client-side limit in requests per second for Management API calls. " +
					"The provider also slows down when the `x-ratelimit-remaining` header runs low. " +
					"Defaults to a rate safe for a free tenant; a negative value disables the client-side limit. " +
					"Environment: `AUTH0_RATE_LIMIT`.",
			},
			"max_retry_wait": schema.StringAttribute{
				Optional: true,
				Description: "Longest single wait after a 429 or a server error, as a Go duration such as `60s`. " +
					"Environment: `AUTH0_MAX_RETRY_WAIT`.",
			},
			"request_timeout": schema.StringAttribute{
				Optional:    true,
				Description: "Timeout of each HTTP attempt, as a Go duration such as `30s`. Environment: `AUTH0_REQUEST_TIMEOUT`.",
			},
			"batch_reads": schema.BoolAttribute{
				Optional: true,
				Description: "Whether a refresh that reads many connections reads them by listing the tenant's connections, " +
					"100 per call, instead of one call per connection; a refresh of a few connections still reads them one by one. " +
					"Writes always read the live connection first. Defaults to `true`; `false` reads every connection with its own call. " +
					"Environment: `AUTH0_BATCH_READS`.",
			},
		},
	}
}

func (p *auth0Provider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}

	settings := readSettings(cfg, os.Getenv)
	for _, name := range settings.unknown {
		resp.Diagnostics.AddAttributeError(path.Root(name), "Unknown provider setting",
			fmt.Sprintf("The provider cannot connect to Auth0 while %q is unknown. Set it to a value known at plan time, or through %s.", name, envFallback[name]))
	}
	if resp.Diagnostics.HasError() {
		return
	}

	clientCfg, diags := settings.clientConfig(p.version, req.TerraformVersion)
	resp.Diagnostics.Append(diags...)
	batchReads, diags := settings.batchReads()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	c, err := client.New(clientCfg)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("domain"), "Invalid provider configuration", err.Error())
		return
	}
	tflog.Debug(ctx, "configured the Auth0 Management API client", map[string]any{
		"domain":          clientCfg.Domain,
		"auth":            settings.authMethod(),
		"rate_limit":      clientCfg.RateLimit,
		"max_retry_wait":  clientCfg.MaxRetryWait.String(),
		"request_timeout": clientCfg.RequestTimeout.String(),
		"batch_reads":     batchReads,
	})

	data := newProviderData(c, batchReads)
	resp.ResourceData = data
	resp.DataSourceData = data
}

func (p *auth0Provider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		newConnectionResource,
		newConnectionClientsResource,
		newConnectionClientResource,
	}
}

func (p *auth0Provider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		newConnectionDataSource,
		newConnectionsDataSource,
	}
}

// settings are the provider block merged with the environment: an explicit
// attribute wins over its environment variable.
type settings struct {
	values  map[string]string
	unknown []string
}

func readSettings(cfg providerModel, getenv func(string) string) settings {
	s := settings{values: map[string]string{}}
	stringAttrs := map[string]types.String{
		"domain":          cfg.Domain,
		"client_id":       cfg.ClientID,
		"client_secret":   cfg.ClientSecret,
		"api_token":       cfg.APIToken,
		"audience":        cfg.Audience,
		"max_retry_wait":  cfg.MaxRetryWait,
		"request_timeout": cfg.RequestTimeout,
	}
	for name, v := range stringAttrs {
		s.take(name, v.IsUnknown(), v.IsNull(), v.ValueString(), getenv)
	}
	s.take("debug", cfg.Debug.IsUnknown(), cfg.Debug.IsNull(), strconv.FormatBool(cfg.Debug.ValueBool()), getenv)
	s.take("rate_limit", cfg.RateLimit.IsUnknown(), cfg.RateLimit.IsNull(),
		strconv.FormatFloat(cfg.RateLimit.ValueFloat64(), 'f', -1, 64), getenv)
	s.take("batch_reads", cfg.BatchReads.IsUnknown(), cfg.BatchReads.IsNull(), strconv.FormatBool(cfg.BatchReads.ValueBool()), getenv)
	return s
}

func (s *settings) take(name string, unknown, null bool, value string, getenv func(string) string) {
	switch {
	case unknown:
		s.unknown = append(s.unknown, name)
	case !null:
		s.values[name] = value
	default:
		if env := getenv(envFallback[name]); env != "" {
			s.values[name] = env
		}
	}
}

func (s settings) authMethod() string {
	if s.values["api_token"] != "" {
		return "api_token"
	}
	return "client_credentials"
}

// clientConfig checks the settings as a whole and turns them into the
// client's configuration. Every error names the attribute and its
// environment variable, because either may be where the value came from.
func (s settings) clientConfig(version, terraformVersion string) (client.Config, diag.Diagnostics) {
	var diags diag.Diagnostics
	v := s.values
	cfg := client.Config{
		Domain:       v["domain"],
		APIToken:     v["api_token"],
		ClientID:     v["client_id"],
		ClientSecret: v["client_secret"],
		Audience:     v["audience"],
		UserAgent:    userAgent(version, terraformVersion),
	}

	if cfg.Domain == "" {
		diags.AddAttributeError(path.Root("domain"), "Missing Auth0 domain",
			"Set domain in the provider block or the AUTH0_DOMAIN environment variable, for example \"example.eu.auth0.com\".")
	}
	hasToken := cfg.APIToken != ""
	hasClientCreds := cfg.ClientID != "" || cfg.ClientSecret != ""
	switch {
	case hasToken && hasClientCreds:
		diags.AddAttributeError(path.Root("api_token"), "Conflicting Auth0 credentials",
			"Both api_token (AUTH0_API_TOKEN) and client credentials (client_id/client_secret, AUTH0_CLIENT_ID/AUTH0_CLIENT_SECRET) are set. Keep one of them.")
	case !hasToken && !hasClientCreds:
		diags.AddAttributeError(path.Root("api_token"), "Missing Auth0 credentials",
			"Set api_token (AUTH0_API_TOKEN), or client_id and client_secret (AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET).")
	case !hasToken && cfg.ClientID == "":
		diags.AddAttributeError(path.Root("client_id"), "Incomplete client credentials",
			"client_secret is set but client_id (AUTH0_CLIENT_ID) is not.")
	case !hasToken && cfg.ClientSecret == "":
		diags.AddAttributeError(path.Root("client_secret"), "Incomplete client credentials",
			"client_id is set but client_secret (AUTH0_CLIENT_SECRET) is not.")
	}

	if raw, ok := v["debug"]; ok {
		debug, err := strconv.ParseBool(raw)
		if err != nil {
			diags.AddAttributeError(path.Root("debug"), "Invalid debug setting", fmt.Sprintf("AUTH0_DEBUG must be true or false, got %q.", raw))
		}
		cfg.Debug = debug
	}
	if raw, ok := v["rate_limit"]; ok {
		rps, err := strconv.ParseFloat(raw, 64)
		if err != nil {
			diags.AddAttributeError(path.Root("rate_limit"), "Invalid rate limit", fmt.Sprintf("AUTH0_RATE_LIMIT must be a number of requests per second, got %q.", raw))
		}
		cfg.RateLimit = rps
	}
	cfg.MaxRetryWait = parseDuration(&diags, v, "max_retry_wait")
	cfg.RequestTimeout = parseDuration(&diags, v, "request_timeout")
	return cfg, diags
}

func parseDuration(diags *diag.Diagnostics, values map[string]string, name string) time.Duration {
	raw, ok := values[name]
	if !ok {
		return 0
	}
	d, err := time.ParseDuration(raw)
	if err != nil || d <= 0 {
		diags.AddAttributeError(path.Root(name), "Invalid duration",
			fmt.Sprintf("%s (%s) must be a positive duration such as \"30s\" or \"2m\", got %q.", name, envFallback[name], raw))
		return 0
	}
	return d
}

func userAgent(version, terraformVersion string) string {
	ua := "terraform-provider-auth0/" + version
	if terraformVersion != "" {
		ua += " terraform/" + terraformVersion
	}
	return ua
}
