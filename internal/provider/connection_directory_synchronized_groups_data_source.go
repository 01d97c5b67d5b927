package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func newSynchronizedGroupsDataSource() datasource.DataSource {
	return &dataSource{typeName: "connection_directory_synchronized_groups", schema: synchronizedGroupsDataSourceSchema, read: readSynchronizedGroupsDataSource}
}

func synchronizedGroupsDataSourceSchema() schema.Schema {
	return connectionDataSchema("Reads the Google Workspace groups a connection's directory provisioning synchronizes (all pages, "+
		"100 groups a request).",
		"The id of a `google-apps` connection with directory provisioning.",
		map[string]schema.Attribute{
			"group_ids": schema.SetAttribute{
				ElementType: types.StringType, Computed: true, MarkdownDescription: "The ids of the selected groups.",
			},
		})
}

func readSynchronizedGroupsDataSource(ctx context.Context, data *providerData, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	synchronizedGroupsPart.readData(ctx, req, resp, data.client.ListSynchronizedGroups)
}
