package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openauth0/terraform-provider-auth0/internal/options"
)

func newConnectionDataSource() datasource.DataSource {
	return &dataSource{
		typeName: "connection",
		schema:   connectionDataSourceSchema,
		read:     readConnectionDataSource,
		validators: []datasource.ConfigValidator{
			datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("connection_id"), path.MatchRoot("name")),
		},
	}
}

// connectionDataModel is the data source: the fields it shares with the
// resource, and every live option.
type connectionDataModel struct {
	connectionFields
	ConnectionID  types.String         `tfsdk:"connection_id"`
	Options       jsontypes.Normalized `tfsdk:"options"`
	SecretOptions jsontypes.Normalized `tfsdk:"secret_options"`
}

func connectionDataSourceSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "Reads one connection by `id` (or `connection_id`) or by `name` with a single API call, including all of its live options.",
		Attributes: map[string]schema.Attribute{
			"id":   lookUpKey("The connection's id (`con_…`)."),
			"name": lookUpKey("The connection's name."),
			"connection_id": lookUpKey("The connection's id (`con_…`), as the auth0/auth0 provider's data source takes it: " +
				"the same as `id`, so configurations written for it need no change."),
			"strategy":     dataComputedString("The identity provider type."),
			"display_name": dataComputedString("Name shown on the login page."),
			"options": schema.StringAttribute{
				CustomType:          jsontypes.NormalizedType{},
				Computed:            true,
				MarkdownDescription: "Every option the tenant holds, as a JSON object, except the secret ones.",
			},
			"secret_options": schema.StringAttribute{
				CustomType:          jsontypes.NormalizedType{},
				Computed:            true,
				Sensitive:           true,
				MarkdownDescription: "The secret options (client secrets, tokens, keys) as a JSON object.",
			},
			"is_domain_connection": dataBool("Whether the connection is domain level."),
			"show_as_button":       dataBool("Whether the login page shows a button for it."),
			"realms": schema.ListAttribute{
				ElementType: types.StringType, Computed: true, MarkdownDescription: "Realms (domains) the connection serves.",
			},
			"metadata": schema.MapAttribute{
				ElementType: types.StringType, Computed: true, MarkdownDescription: "The connection's metadata.",
			},
			"authentication": dataObject("Whether the connection can be used for authentication.", map[string]schema.Attribute{
				"active": dataBool("Whether authentication is enabled."),
			}),
			"connected_accounts": dataObject("Connected-accounts settings.", map[string]schema.Attribute{
				"active":           dataBool("Whether connected accounts are enabled."),
				"cross_app_access": dataBool("Whether cross-app access is enabled."),
			}),
			"cross_app_access_requesting_app": dataObject("Cross App Access: whether the connection acts as a requesting application's "+
				"authorization server (`oidc`, `okta`).", map[string]schema.Attribute{
				"active": dataBool("Whether it is active."),
			}),
			"cross_app_access_resource_app": dataObject("Cross App Access: whether the connection acts as a resource application (`oidc`, `okta`).",
				map[string]schema.Attribute{
					"status": dataComputedString("`enabled` or `disabled`."),
				}),
		},
	}
}

// dataObject and dataBool are computed attributes of the data source.
func dataObject(description string, attrs map[string]schema.Attribute) schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{Computed: true, MarkdownDescription: description, Attributes: attrs}
}

func dataBool(description string) schema.BoolAttribute {
	return schema.BoolAttribute{Computed: true, MarkdownDescription: description}
}

// lookUpKey is an attribute that the data source finds the connection by.
func lookUpKey(description string) schema.StringAttribute {
	return schema.StringAttribute{
		Optional:            true,
		Computed:            true,
		MarkdownDescription: description + " Set exactly one of `id`, `connection_id` and `name`.",
	}
}

func readConnectionDataSource(ctx context.Context, data *providerData, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg connectionDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}

	ref, byID := cfg.Name.ValueString(), false
	for _, id := range []types.String{cfg.ID, cfg.ConnectionID} {
		if known(id) {
			ref, byID = id.ValueString(), true
		}
	}
	live, server := lookUpConnection(ctx, data.client, ref, byID, &resp.Diagnostics)
	if live == nil {
		return
	}

	var state connectionDataModel
	resp.Diagnostics.Append(state.readFrom(ctx, live)...)
	state.ConnectionID = state.ID
	public, secret := options.SplitSecrets(live.Strategy, server)
	state.Options = normalizedValue(public)
	state.SecretOptions = normalizedValue(secret)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}
