package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
)

func newConnectionKeysDataSource() datasource.DataSource {
	return &dataSource{typeName: "connection_keys", schema: connectionKeysDataSourceSchema, read: readConnectionKeysDataSource}
}

type connectionKeysDataModel struct {
	ID           types.String `tfsdk:"id"`
	ConnectionID types.String `tfsdk:"connection_id"`
	Keys         types.List   `tfsdk:"keys"`
}

// keyItem is one key of the list. connection_id and triggers are in each
// item as in the auth0/auth0 provider's data source (triggers always
// empty), so configurations that read them keep working.
type keyItem struct {
	ConnectionID types.String `tfsdk:"connection_id"`
	Triggers     types.Map    `tfsdk:"triggers"`
	connectionKeyFields
}

func keyItemType() types.ObjectType {
	attrTypes := map[string]attr.Type{"connection_id": types.StringType, "triggers": types.MapType{ElemType: types.StringType}}
	for name := range keyFieldDescriptions {
		switch name {
		case "current", "next", "previous":
			attrTypes[name] = types.BoolType
		default:
			attrTypes[name] = types.StringType
		}
	}
	return types.ObjectType{AttrTypes: attrTypes}
}

func connectionKeysDataSourceSchema() schema.Schema {
	return connectionDataSchema("Lists the signing keys of an `oidc` or `okta` connection that authenticates with `private_key_jwt`: "+
		"the current key, the previous one (after a rotation) and the next one, with their public certificates.",
		"The id of the connection (`con_…`).",
		map[string]schema.Attribute{
			"keys": schema.ListAttribute{
				ElementType: keyItemType(),
				Computed:    true,
				MarkdownDescription: "The keys, current first, then previous, then next. Each has `kid`, `cert`, `pkcs`, `current`, " +
					"`next`, `previous`, `current_since`, `fingerprint`, `thumbprint`, `algorithm`, `key_use`, `subject_dn`, and " +
					"`connection_id` and an empty `triggers` map (as the auth0/auth0 provider has them).",
			},
		})
}

func readConnectionKeysDataSource(ctx context.Context, data *providerData, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m connectionKeysDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	connectionID := m.ConnectionID.ValueString()
	keys, err := data.client.ListConnectionKeys(ctx, connectionID)
	if err != nil {
		resp.Diagnostics.Append(familyErrorDiagnostic("Reading the signing keys failed", client.FeatureSigningKeys, connectionID, err))
		return
	}
	items := make([]keyItem, len(keys))
	for i := range keys {
		items[i] = keyItem{ConnectionID: m.ConnectionID, Triggers: types.MapValueMust(types.StringType, map[string]attr.Value{}),
			connectionKeyFields: newKeyFields(&keys[i])}
	}
	list, diags := types.ListValueFrom(ctx, keyItemType(), items)
	resp.Diagnostics.Append(diags...)
	m.ID = m.ConnectionID
	m.Keys = list
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}
