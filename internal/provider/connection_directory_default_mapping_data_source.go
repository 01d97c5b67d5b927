package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
)

var directoryDefaultMappingPart = connectionPart[directoryDefaultMappingModel, []client.DirectoryMapping]{
	feature: client.FeatureDirectoryProvisioning,
	object:  "the default directory mapping",
	fill: func(m *directoryDefaultMappingModel, mapping []client.DirectoryMapping) {
		m.ID = m.ConnectionID
		m.Mapping = directoryMappingValue(mapping)
	},
}

func newDirectoryDefaultMappingDataSource() datasource.DataSource {
	return &dataSource{typeName: "connection_directory_default_mapping", schema: directoryDefaultMappingDataSourceSchema, read: readDirectoryDefaultMappingDataSource}
}

type directoryDefaultMappingModel struct {
	ID           types.String `tfsdk:"id"`
	ConnectionID types.String `tfsdk:"connection_id"`
	Mapping      types.Set    `tfsdk:"mapping"`
}

func directoryDefaultMappingDataSourceSchema() schema.Schema {
	return connectionDataSchema("Reads the mapping a directory provisioning of a Google Workspace connection starts with: what "+
		"`auth0_connection_directory` uses when its `mapping` is left out.",
		"The id of a `google-apps` connection (`con_…`).",
		map[string]schema.Attribute{
			"mapping": schema.SetAttribute{
				ElementType: directoryMapping.objectType(), Computed: true,
				MarkdownDescription: "The default mapping: a set of `{ auth0, idp }` objects.",
			},
		})
}

func readDirectoryDefaultMappingDataSource(ctx context.Context, data *providerData, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	directoryDefaultMappingPart.readData(ctx, req, resp, data.client.GetDirectoryDefaultMapping)
}
