package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*synchronizedGroupsDataSource)(nil)

type synchronizedGroupsDataSource struct {
	dataSourceBase
}

func newSynchronizedGroupsDataSource() datasource.DataSource {
	return &synchronizedGroupsDataSource{dataSourceBase{typeName: "connection_directory_synchronized_groups"}}
}

func (d *synchronizedGroupsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads the Google Workspace groups a connection's directory provisioning synchronizes (all pages, " +
			"100 groups a request).",
		Attributes: map[string]schema.Attribute{
			"id":            dataComputedString("The connection's id."),
			"connection_id": dataConnectionIDAttribute("The id of a `google-apps` connection with directory provisioning."),
			"group_ids": schema.SetAttribute{
				ElementType: types.StringType, Computed: true, MarkdownDescription: "The ids of the selected groups.",
			},
		},
	}
}

func (d *synchronizedGroupsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	synchronizedGroupsPart.readData(ctx, req, resp, d.data.synchronizedGroups)
}
