package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
	"github.com/openauth0/terraform-provider-auth0/internal/options"
)

var (
	_ datasource.DataSourceWithConfigure        = (*connectionDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*connectionDataSource)(nil)
)

type connectionDataSource struct {
	data *providerData
}

func newConnectionDataSource() datasource.DataSource {
	return &connectionDataSource{}
}

type connectionDataModel struct {
	ID                 types.String         `tfsdk:"id"`
	Name               types.String         `tfsdk:"name"`
	Strategy           types.String         `tfsdk:"strategy"`
	DisplayName        types.String         `tfsdk:"display_name"`
	Options            jsontypes.Normalized `tfsdk:"options"`
	SecretOptions      jsontypes.Normalized `tfsdk:"secret_options"`
	IsDomainConnection types.Bool           `tfsdk:"is_domain_connection"`
	ShowAsButton       types.Bool           `tfsdk:"show_as_button"`
	Realms             types.List           `tfsdk:"realms"`
	Metadata           types.Map            `tfsdk:"metadata"`
	Authentication     types.Object         `tfsdk:"authentication"`
	ConnectedAccounts  types.Object         `tfsdk:"connected_accounts"`
}

func (d *connectionDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_connection"
}

func (d *connectionDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Reads one connection by `id` or by `name` with a single API call, including all of its live options.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Optional:    true,
				Computed:    true,
				Description: "The connection's id (`con_…`). Set exactly one of `id` and `name`.",
			},
			"name": schema.StringAttribute{
				Optional:    true,
				Computed:    true,
				Description: "The connection's name. Set exactly one of `id` and `name`.",
			},
			"strategy":     schema.StringAttribute{Computed: true, Description: "The identity provider type."},
			"display_name": schema.StringAttribute{Computed: true, Description: "Name shown on the login page."},
			"options": schema.StringAttribute{
				CustomType:  jsontypes.NormalizedType{},
				Computed:    true,
				Description: "Every option the tenant holds, as a JSON object, except the secret ones.",
			},
			"secret_options": schema.StringAttribute{
				CustomType:  jsontypes.NormalizedType{},
				Computed:    true,
				Sensitive:   true,
				Description: "The secret options (client secrets, tokens, keys) as a JSON object.",
			},
			"is_domain_connection": schema.BoolAttribute{Computed: true, Description: "Whether the connection is domain level."},
			"show_as_button":       schema.BoolAttribute{Computed: true, Description: "Whether the login page shows a button for it."},
			"realms": schema.ListAttribute{
				ElementType: types.StringType, Computed: true, Description: "Realms (domains) the connection serves.",
			},
			"metadata": schema.MapAttribute{
				ElementType: types.StringType, Computed: true, Description: "The connection's metadata.",
			},
			"authentication": schema.SingleNestedAttribute{
				Computed:    true,
				Description: "Whether the connection can be used for authentication.",
				Attributes: map[string]schema.Attribute{
					"active": schema.BoolAttribute{Computed: true, Description: "Whether authentication is enabled."},
				},
			},
			"connected_accounts": schema.SingleNestedAttribute{
				Computed:    true,
				Description: "Connected-accounts settings.",
				Attributes: map[string]schema.Attribute{
					"active":           schema.BoolAttribute{Computed: true, Description: "Whether connected accounts are enabled."},
					"cross_app_access": schema.BoolAttribute{Computed: true, Description: "Whether cross-app access is enabled."},
				},
			},
		},
	}
}

func (d *connectionDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name")),
	}
}

func (d *connectionDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *connectionDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg connectionDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}

	var (
		live *client.Connection
		err  error
		ref  string
	)
	if known(cfg.ID) {
		ref = cfg.ID.ValueString()
		live, err = d.data.client.GetConnection(ctx, ref)
	} else {
		ref = cfg.Name.ValueString()
		live, err = d.data.client.FindConnectionByName(ctx, ref)
	}
	if client.IsNotFound(err) {
		resp.Diagnostics.AddError("Connection not found", fmt.Sprintf("No connection %q exists in the tenant.", ref))
		return
	}
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Reading the connection failed", err))
		return
	}
	if live.Options == nil {
		resp.Diagnostics.Append(missingOptionsScope(live.ID))
		return
	}
	server, err := options.Parse(string(live.Options))
	if err != nil {
		resp.Diagnostics.AddError("Unreadable options from the API", fmt.Sprintf("The options of connection %s could not be decoded: %s", live.ID, err))
		return
	}

	// The resource's top-level reader fills a resource model; copy its result.
	var m connectionModel
	resp.Diagnostics.Append(readTopLevel(ctx, &m, live)...)
	public, secret := options.SplitSecrets(live.Strategy, server)
	state := connectionDataModel{
		ID:                 m.ID,
		Name:               m.Name,
		Strategy:           m.Strategy,
		DisplayName:        m.DisplayName,
		Options:            normalizedValue(public),
		SecretOptions:      normalizedValue(secret),
		IsDomainConnection: m.IsDomainConnection,
		ShowAsButton:       m.ShowAsButton,
		Realms:             m.Realms,
		Metadata:           m.Metadata,
		Authentication:     m.Authentication,
		ConnectedAccounts:  m.ConnectedAccounts,
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}
