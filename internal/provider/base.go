package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
)

// providerResource is what every resource here is: configured with the
// provider's data, importable by id or by identity, and looked at when
// planned.
type providerResource interface {
	resource.ResourceWithConfigure
	resource.ResourceWithImportState
	resource.ResourceWithIdentity
	resource.ResourceWithModifyPlan
}

// resourceBase gives a resource its type name, the provider's data, its
// identity (see resource_identity.go) and its plan-time check of the
// connection's strategy: every resource embeds it instead of writing
// Metadata, Configure, IdentitySchema and that ModifyPlan itself.
type resourceBase struct {
	typeName string         // after the provider's own, such as "connection"
	feature  client.Feature // what the connection's strategy must have, if anything
	identity resourceIdentity
	data     *providerData
}

func (b *resourceBase) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + b.typeName
}

func (b *resourceBase) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	b.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan refuses, before anything is sent, to create the resource on a
// connection whose strategy lacks its feature, when this run knows the
// strategy. A resource with more to do at plan time has its own.
func (b *resourceBase) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if b.feature != "" {
		checkFeatureOnCreate(ctx, b.data, b.feature, req, resp)
	}
}

// dataSource is every data source here: a type name, a schema and a Read
// (and, for auth0_connection, the rules over its arguments). Each data
// source's file gives those to its constructor.
type dataSource struct {
	typeName   string
	schema     func() dsschema.Schema
	read       func(ctx context.Context, data *providerData, req datasource.ReadRequest, resp *datasource.ReadResponse)
	validators []datasource.ConfigValidator
	data       *providerData
}

var (
	_ datasource.DataSourceWithConfigure        = (*dataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*dataSource)(nil)
)

func (d *dataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + d.typeName
}

func (d *dataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *dataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = d.schema()
}

func (d *dataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return d.validators
}

func (d *dataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	d.read(ctx, d.data, req, resp)
}
