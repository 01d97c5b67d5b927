package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
)

func newSCIMConfigurationDataSource() datasource.DataSource {
	return &dataSource{typeName: "connection_scim_configuration", schema: scimConfigurationDataSourceSchema, read: readSCIMConfigurationDataSource}
}

// scimConfigurationDataModel is the resource's model and the strategy's
// default mapping.
type scimConfigurationDataModel struct {
	scimConfigurationModel
	DefaultMapping types.Set `tfsdk:"default_mapping"`
}

func scimConfigurationDataSourceSchema() schema.Schema {
	return connectionDataSchema("Reads a connection's inbound SCIM configuration and the default mapping of its strategy (two API calls).",
		"The id of the connection (`con_…`).",
		map[string]schema.Attribute{
			"connection_name":   dataComputedString("The connection's name."),
			"strategy":          dataComputedString("The connection's strategy."),
			"tenant_name":       dataComputedString("The tenant's name (the first label of its domain)."),
			"user_id_attribute": dataComputedString("The SCIM attribute that holds the user id."),
			"mapping": schema.SetAttribute{
				ElementType:         scimMapping.objectType(),
				Computed:            true,
				MarkdownDescription: "How SCIM attributes map to Auth0 user attributes: a set of `{ auth0, scim }` objects.",
			},
			"default_mapping": schema.SetAttribute{
				ElementType:         scimMapping.objectType(),
				Computed:            true,
				MarkdownDescription: "The mapping a SCIM configuration of this strategy starts with.",
			},
		})
}

func readSCIMConfigurationDataSource(ctx context.Context, data *providerData, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m scimConfigurationDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	connectionID := m.ConnectionID.ValueString()
	cfg, err := data.client.GetSCIMConfiguration(ctx, connectionID)
	if err != nil {
		resp.Diagnostics.Append(scimConfigurationPart.failed("Reading", connectionID, err))
		return
	}
	defaults, err := data.client.GetSCIMDefaultMapping(ctx, connectionID)
	if err != nil {
		resp.Diagnostics.Append(familyErrorDiagnostic("Reading the default SCIM mapping failed", client.FeatureSCIM, connectionID, err))
		return
	}
	m.fill(cfg)
	m.DefaultMapping = scimMappingValue(defaults)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}
