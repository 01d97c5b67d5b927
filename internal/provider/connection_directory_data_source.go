package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
)

var _ datasource.DataSourceWithConfigure = (*directoryDataSource)(nil)

type directoryDataSource struct {
	dataSourceBase
}

func newDirectoryDataSource() datasource.DataSource {
	return &directoryDataSource{dataSourceBase{typeName: "connection_directory"}}
}

func (d *directoryDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := map[string]schema.Attribute{
		"id":            dataComputedString("The connection's id."),
		"connection_id": dataConnectionIDAttribute("The id of a `google-apps` connection (`con_…`)."),
		"mapping": schema.SetAttribute{
			ElementType: directoryMapping.objectType(), Computed: true, MarkdownDescription: directoryDescriptions["mapping"],
		},
		"synchronize_automatically": schema.BoolAttribute{Computed: true, MarkdownDescription: directoryDescriptions["synchronize_automatically"]},
	}
	for _, name := range []string{"connection_name", "strategy", "synchronize_groups", "created_at", "updated_at",
		"last_synchronization_at", "last_synchronization_status", "last_synchronization_error"} {
		attrs[name] = dataComputedString(directoryDescriptions[name])
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads the directory provisioning (directory sync) configuration of a Google Workspace connection.",
		Attributes:          attrs,
	}
}

func (d *directoryDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	directoryPart.readData(ctx, req, resp, d.data.client.GetDirectoryProvisioning)
}
