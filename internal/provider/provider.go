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
	// keyring reads the Auth0 CLI's token for cli_login; nil is the
	// operating system's keyring.
	keyring func(service, user string) (string, error)
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
			"Authenticate with a Management API token, with client credentials (a client secret or Private Key JWT), " +
			"or with the Auth0 CLI's login.",
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
				MarkdownDescription: withEnv("client_secret", "Client secret of that application. Conflicts with `client_assertion_private_key`."),
			},
			"client_assertion_private_key": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				MarkdownDescription: withEnv("client_assertion_private_key", "Private Key JWT authentication instead of `client_secret`: the PEM private key "+
					"(`PRIVATE KEY`, `RSA PRIVATE KEY` or `EC PRIVATE KEY`, unencrypted) whose public key is a credential of the application `client_id`, "+
					"such as `file(\"private.pem\")`. Every token request carries a client assertion signed with it. "+
					"Requires `client_id` and `client_assertion_signing_alg`."),
			},
			"client_assertion_signing_alg": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: withEnv("client_assertion_signing_alg", "Algorithm of the client assertion, the one of the application's credential in Auth0: "+
					"`RS256`, `RS384` or `PS256`. `RS512`, `PS384`, `PS512`, `ES256`, `ES384` and `ES512` are accepted too, as the official provider accepts them. "+
					"It must fit the key: `RS*`/`PS*` sign with an RSA key, `ES256`/`ES384`/`ES512` with an EC key on P-256/P-384/P-521."),
			},
			"api_token": schema.StringAttribute{
				Optional:            true,
				Sensitive:           true,
				MarkdownDescription: withEnv("api_token", "A Management API access token, used instead of client credentials (setting both is an error)."),
			},
			"cli_login": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: withEnv("cli_login", "Use the Management API token the [Auth0 CLI](https://github.com/auth0/auth0-cli) stored "+
					"for `domain` at `auth0 login`, read from the operating system's keyring or from `~/.config/auth0/config.json`, as the official provider does. "+
					"For working on a laptop; the token is not refreshed, and an expired one is an error that says to log in again. "+
					"Conflicts with `api_token` and client credentials."),
			},
			"dynamic_credentials": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: withEnv("dynamic_credentials", "Set to `true` when the credentials are not known at plan time, because they come "+
					"from another resource (or from a secret fetched during the run). The provider then defers its credential checks: a credential "+
					"that is unknown or missing when Terraform configures the provider is not an error, and a plan that needs no API call (new resources) works. "+
					"An operation that does need the Management API before the credentials are known, such as refreshing existing connections or reading a "+
					"data source, fails with an error that says so. Credentials that are known are still checked. `domain` must be known."),
			},
			"custom_domain_header": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: withEnv("custom_domain_header", "One of the tenant's custom domains, such as `login.example.com`, sent as the "+
					"`Auth0-Custom-Domain` header on the Management API endpoints Auth0 honours it on: those that send emails or return links "+
					"(users, tickets, invitations, verification jobs). None of the connection endpoints is among them, so this provider sends it on no request "+
					"today; the setting is accepted so that a provider block written for auth0/auth0 works unchanged."),
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
	s.client.CLIStore = client.CLIStore{HomeDir: p.getenv("HOME"), Keyring: p.keyring}
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
	switch {
	case cfg.APIToken != "":
		return "api_token"
	case cfg.CLILogin:
		return "cli_login"
	case cfg.ClientAssertionPrivateKey != "":
		return "private_key_jwt"
	case cfg.ClientSecret != "":
		return "client_credentials"
	default:
		return "none yet (dynamic_credentials)"
	}
}

func (p *auth0Provider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		newConnectionResource,
		newConnectionClientsResource,
		newConnectionClientResource,
		newConnectionKeysResource,
		newSCIMConfigurationResource,
		newSCIMTokenResource,
		newDirectoryResource,
		newSynchronizedGroupsResource,
	}
}

func (p *auth0Provider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		newConnectionDataSource,
		newConnectionsDataSource,
		newConnectionKeysDataSource,
		newSCIMConfigurationDataSource,
		newDirectoryDataSource,
		newDirectoryDefaultMappingDataSource,
		newSynchronizedGroupsDataSource,
	}
}
