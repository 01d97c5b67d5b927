// Package provider implements the auth0 Terraform provider on
// terraform-plugin-framework.
package provider

import (
	"context"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
)

// RegistryAddress is the provider's source address in the Terraform registry.
const RegistryAddress = "registry.terraform.io/openauth0/auth0"

var (
	_ provider.Provider                   = (*auth0Provider)(nil)
	_ provider.ProviderWithValidateConfig = (*auth0Provider)(nil)
)

type auth0Provider struct {
	version string
	// getenv reads the environment variables the settings fall back to.
	getenv func(string) string
}

// New returns a constructor for the provider, as providerserver.Serve wants.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &auth0Provider{version: version, getenv: os.Getenv}
	}
}

func (p *auth0Provider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "auth0"
	resp.Version = p.version
}

func (p *auth0Provider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages Auth0 connections through the Management API v2. " +
			"Authenticate with a Management API token or with client credentials.",
		Attributes: map[string]schema.Attribute{
			"domain": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: withEnv("domain", "The tenant's domain, such as `example.eu.auth0.com` or `auth.example.com:8443`, reached over HTTPS. "+
					"`http://host:port` is accepted for loopback hosts only (the local emulator)."),
			},
			"client_id": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: withEnv("client_id", "Client ID of a machine-to-machine application authorised for the Management API."),
			},
			"client_secret": schema.StringAttribute{
				Optional:            true,
				Sensitive:           true,
				MarkdownDescription: withEnv("client_secret", "Client secret of that application."),
			},
			"api_token": schema.StringAttribute{
				Optional:            true,
				Sensitive:           true,
				MarkdownDescription: withEnv("api_token", "A Management API access token, used instead of client credentials."),
			},
			"audience": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: withEnv("audience", "Audience of the client-credentials token. Defaults to `https://<domain>/api/v2/`."),
			},
			"debug": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: withEnv("debug", "Log request and response bodies (with every secret masked) at the DEBUG level."),
			},
			"rate_limit": schema.Float64Attribute{
				Optional: true,
				MarkdownDescription: withEnv("rate_limit", "A cap in requests per second on Management API calls, on top of the pacing from the tenant's "+
					"`x-ratelimit-*` headers (which needs no setting). By default there is no cap. A negative value disables all client-side pacing "+
					"(a 429 is still waited out)."),
			},
			"rate_limit_reserve": schema.Float64Attribute{
				Optional: true,
				MarkdownDescription: withEnv("rate_limit_reserve", "The share of the tenant's rate-limit bucket (`x-ratelimit-limit`) the provider leaves "+
					"to the tenant's other Management API consumers, from 0 up to (not including) 1. Defaults to `0.2`: Auth0 logs an "+
					"`api_limit_warning` once 80 % of the bucket is used."),
			},
			"max_retry_wait": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: withEnv("max_retry_wait", "Longest single wait after a 429 or a server error, as a Go duration such as `60s`."),
			},
			"request_timeout": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: withEnv("request_timeout", "Timeout of each HTTP attempt, as a Go duration such as `30s`."),
			},
			"batch_reads": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: withEnv("batch_reads", "Whether a refresh that reads many connections reads them by listing the tenant's connections, "+
					"100 per call, instead of one call per connection; a refresh of a few connections still reads them one by one. "+
					"Writes always read the live connection first. Defaults to `true`; `false` reads every connection with its own call."),
			},
		},
	}
}

// withEnv appends the attribute's environment variable to its description.
func withEnv(name, description string) string {
	return description + " Environment: `" + envVars[name] + "`."
}

// ValidateConfig checks the values written in the provider block, so a
// wrong one fails `terraform validate` and every plan before anything is
// read. Values from the environment, and unknown ones, are checked by
// Configure.
func (p *auth0Provider) ValidateConfig(ctx context.Context, req provider.ValidateConfigRequest, resp *provider.ValidateConfigResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r := newSettingsReader(nil)
	s := r.read(cfg)
	if !r.diags.HasError() {
		r.report(s.client.ValidatePartial())
	}
	resp.Diagnostics.Append(r.diags...)
}

func (p *auth0Provider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}

	r := newSettingsReader(p.getenv)
	s := r.read(cfg)
	if r.diags.HasError() {
		resp.Diagnostics.Append(r.diags...)
		return
	}
	s.client.UserAgent = userAgent(p.version, req.TerraformVersion)
	c, err := client.New(s.client)
	r.report(err)
	resp.Diagnostics.Append(r.diags...)
	if err != nil {
		return
	}
	tflog.Debug(ctx, "configured the Auth0 Management API client", map[string]any{
		"domain":          s.client.Domain,
		"auth":            authMethod(s.client),
		"rate_limit":      s.client.RateLimit,
		"request_timeout": c.RequestTimeout().String(),
		"batch_reads":     s.batchReads,
	})

	data := newProviderData(c, s.batchReads)
	resp.ResourceData = data
	resp.DataSourceData = data
}

func authMethod(cfg client.Config) string {
	if cfg.APIToken != "" {
		return "api_token"
	}
	return "client_credentials"
}

func (p *auth0Provider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		newConnectionResource,
		newConnectionClientsResource,
	}
}

func (p *auth0Provider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		newConnectionDataSource,
		newConnectionsDataSource,
	}
}
