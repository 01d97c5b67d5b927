package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
)

func newDirectoryDataSource() datasource.DataSource {
	return &dataSource{typeName: "connection_directory", schema: directoryDataSourceSchema, read: readDirectoryDataSource}
}

func directoryDataSourceSchema() schema.Schema {
	attrs := map[string]schema.Attribute{
		"mapping": schema.SetAttribute{
			ElementType: directoryMapping.objectType(), Computed: true, MarkdownDescription: directoryDescriptions["mapping"],
		},
		"synchronize_automatically": schema.BoolAttribute{Computed: true, MarkdownDescription: directoryDescriptions["synchronize_automatically"]},
	}
	for _, name := range []string{"connection_name", "strategy", "synchronize_groups", "created_at", "updated_at",
		"last_synchronization_at", "last_synchronization_status", "last_synchronization_error"} {
		attrs[name] = dataComputedString(directoryDescriptions[name])
	}
	return connectionDataSchema("Reads the directory provisioning (directory sync) configuration of a Google Workspace connection.",
		"The id of a `google-apps` connection (`con_…`).", attrs)
}

func readDirectoryDataSource(ctx context.Context, data *providerData, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	directoryPart.readData(ctx, req, resp, data.client.GetDirectoryProvisioning)
}
