package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
	"github.com/openauth0/terraform-provider-auth0/internal/options"
)

func newConnectionsDataSource() datasource.DataSource {
	return &dataSource{typeName: "connections", schema: connectionsDataSourceSchema, read: readConnectionsDataSource}
}

type connectionsDataModel struct {
	Strategy    types.List   `tfsdk:"strategy"`
	Name        types.String `tfsdk:"name"`
	Connections types.List   `tfsdk:"connections"`
}

// connectionSummary is one element of connections. Every field is always
// known, so plain Go types hold them.
type connectionSummary struct {
	ID                 string            `tfsdk:"id"`
	Name               string            `tfsdk:"name"`
	Strategy           string            `tfsdk:"strategy"`
	DisplayName        *string           `tfsdk:"display_name"`
	IsDomainConnection bool              `tfsdk:"is_domain_connection"`
	Realms             []string          `tfsdk:"realms"`
	Metadata           map[string]string `tfsdk:"metadata"`
}

var connectionSummaryAttrTypes = map[string]attr.Type{
	"id":                   types.StringType,
	"name":                 types.StringType,
	"strategy":             types.StringType,
	"display_name":         types.StringType,
	"is_domain_connection": types.BoolType,
	"realms":               types.ListType{ElemType: types.StringType},
	"metadata":             types.MapType{ElemType: types.StringType},
}

func connectionsDataSourceSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "Lists the tenant's connections, optionally only those of some strategies or with one name, " +
			"following every page of the list. Options are not included: read one connection with `auth0_connection` for those.",
		Attributes: map[string]schema.Attribute{
			"strategy": schema.ListAttribute{
				ElementType: types.StringType,
				Optional:    true,
				MarkdownDescription: "Only connections of any of these strategies, such as `[\"auth0\", \"google-oauth2\"]`. " +
					"Leave it out (or empty) for every strategy.",
				Validators: []validator.List{
					listvalidator.ValueStringsAre(stringvalidator.OneOf(options.Strategies()...)),
				},
			},
			"name": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only the connection with exactly this name (the list is then empty or has one element).",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"connections": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The matching connections, in the API's order (by name, ignoring case).",
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"id":           schema.StringAttribute{Computed: true, MarkdownDescription: "The connection's id (`con_…`)."},
						"name":         schema.StringAttribute{Computed: true, MarkdownDescription: "The connection's name."},
						"strategy":     schema.StringAttribute{Computed: true, MarkdownDescription: "The identity provider type."},
						"display_name": schema.StringAttribute{Computed: true, MarkdownDescription: "Name shown on the login page; null when not set."},
						"is_domain_connection": schema.BoolAttribute{
							Computed: true, MarkdownDescription: "Whether the connection is domain level (usable by third-party applications).",
						},
						"realms": schema.ListAttribute{
							ElementType: types.StringType, Computed: true, MarkdownDescription: "Realms (domains) the connection serves.",
						},
						"metadata": schema.MapAttribute{
							ElementType: types.StringType, Computed: true,
							MarkdownDescription: "The connection's metadata; an empty map when it has none, so `lookup()` works on every element.",
						},
					},
				},
			},
		},
	}
}

// readConnectionsDataSource lists without a field projection: `fields`
// cannot ask for realms (the API does not allow it), so projecting would
// lose an attribute. The filters are the API's own, so only matching
// connections travel.
func readConnectionsDataSource(ctx context.Context, data *providerData, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg connectionsDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	opts := client.ListOptions{Name: cfg.Name.ValueString()}
	if !cfg.Strategy.IsNull() {
		resp.Diagnostics.Append(cfg.Strategy.ElementsAs(ctx, &opts.Strategies, false)...)
		if resp.Diagnostics.HasError() {
			return
		}
	}

	elems := []attr.Value{}
	for conn, err := range data.client.ListConnections(ctx, opts) {
		if err != nil {
			resp.Diagnostics.Append(apiErrorDiagnostic("Listing connections failed", err))
			return
		}
		elem, diags := connectionSummaryValue(ctx, conn)
		resp.Diagnostics.Append(diags...)
		if resp.Diagnostics.HasError() {
			return
		}
		elems = append(elems, elem)
	}
	tflog.Debug(ctx, "listed connections", map[string]any{"count": len(elems), "strategies": len(opts.Strategies), "by_name": opts.Name != ""})

	list, diags := types.ListValue(types.ObjectType{AttrTypes: connectionSummaryAttrTypes}, elems)
	resp.Diagnostics.Append(diags...)
	cfg.Connections = list
	resp.Diagnostics.Append(resp.State.Set(ctx, cfg)...)
}

// connectionSummaryValue turns a listed connection into an element of
// connections. Realms and metadata are empty rather than null when absent,
// so expressions over the list need no null checks.
func connectionSummaryValue(ctx context.Context, conn *client.Connection) (types.Object, diag.Diagnostics) {
	realms := conn.Realms
	if realms == nil {
		realms = []string{}
	}
	return types.ObjectValueFrom(ctx, connectionSummaryAttrTypes, connectionSummary{
		ID:                 conn.ID,
		Name:               conn.Name,
		Strategy:           conn.Strategy,
		DisplayName:        conn.DisplayName,
		IsDomainConnection: conn.IsDomainConnection != nil && *conn.IsDomainConnection,
		Realms:             realms,
		Metadata:           metadataStrings(conn.Metadata),
	})
}
