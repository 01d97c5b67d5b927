// Package provider implements the auth0 Terraform provider on
// terraform-plugin-framework.
package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
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

func (p *auth0Provider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "auth0"
	resp.Version = p.version
}

func (p *auth0Provider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Manages Auth0 connections through the Management API v2.",
	}
}

func (p *auth0Provider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (p *auth0Provider) Resources(context.Context) []func() resource.Resource {
	return nil
}

func (p *auth0Provider) DataSources(context.Context) []func() datasource.DataSource {
	return nil
}
