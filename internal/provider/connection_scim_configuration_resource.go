package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
)

var _ providerResource = (*scimConfigurationResource)(nil)

// scimConfigurationPart is what the resource and the data source read.
var scimConfigurationPart = connectionPart[scimConfigurationModel, *client.SCIMConfiguration]{
	feature: client.FeatureSCIM,
	object:  "the SCIM configuration",
	gone:    "SCIM configuration",
	fill:    (*scimConfigurationModel).fill,
}

type scimConfigurationResource struct {
	resourceBase
}

func newSCIMConfigurationResource() resource.Resource {
	return &scimConfigurationResource{resourceBase{typeName: "connection_scim_configuration", feature: client.FeatureSCIM, identity: oneOfConnectionIdentity}}
}

type scimConfigurationModel struct {
	owningConnection
	TenantName      types.String `tfsdk:"tenant_name"`
	UserIDAttribute types.String `tfsdk:"user_id_attribute"`
	Mapping         types.Set    `tfsdk:"mapping"`
}

func (r *scimConfigurationResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Inbound [SCIM](https://simplecloud.info/) provisioning for one enterprise connection " +
			"(strategy `samlp`, `oidc`, `okta` or `waad`): which SCIM attribute holds the user id and how SCIM attributes " +
			"map to Auth0's. A connection has at most one configuration; destroying it turns SCIM off and revokes its tokens. " +
			"Issue tokens with `auth0_connection_scim_token`.",
		Attributes: withOwningConnection("The id of the connection (`con_…`), usually `auth0_connection.NAME.id`.",
			"The connection's strategy.", map[string]schema.Attribute{
				"tenant_name": computedString("The tenant's name (the first label of its domain)."),
				"user_id_attribute": schema.StringAttribute{
					Optional: true,
					Computed: true,
					MarkdownDescription: "The SCIM attribute that holds the user id. Set it together with `mapping`, or leave both out " +
						"to create the configuration with the strategy's defaults (`userName` for SAML connections, `externalId` for the " +
						"others). Left out later, the configuration keeps the value it has.",
					PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
					Validators: []validator.String{
						stringvalidator.LengthAtLeast(1),
						stringvalidator.AlsoRequires(path.MatchRoot("mapping")),
					},
				},
				"mapping": schema.SetAttribute{
					ElementType: scimMapping.objectType(),
					Optional:    true,
					Computed:    true,
					MarkdownDescription: "How SCIM attributes map to Auth0 user attributes: a set of `{ auth0 = …, scim = … }` objects, " +
						"also written as `mapping { … }` blocks. It replaces the default mapping whole. Set it together with " +
						"`user_id_attribute`, or leave both out to create the configuration with the strategy's default mapping. Left " +
						"out later, the configuration keeps the mapping it has: removing `mapping` from the configuration does not bring " +
						"the default back. A SCIM attribute may appear once.",
					PlanModifiers: []planmodifier.Set{setplanmodifier.UseStateForUnknown()},
					Validators: []validator.Set{
						setvalidator.AlsoRequires(path.MatchRoot("user_id_attribute")),
						mappingValidator{kind: scimMapping, sideUnique: true},
					},
				},
			}),
	}
}

// scimSettings returns what a write sends: both fields, or nil when the
// plan leaves them to the server's defaults.
func (m *scimConfigurationModel) scimSettings() *client.SCIMSettings {
	pairs := scimMapping.pairs(m.Mapping)
	if m.UserIDAttribute.IsUnknown() || m.UserIDAttribute.IsNull() || pairs == nil {
		return nil
	}
	s := &client.SCIMSettings{UserIDAttribute: m.UserIDAttribute.ValueString(), Mapping: make([]client.SCIMMapping, len(pairs))}
	for i, p := range pairs {
		s.Mapping[i] = client.SCIMMapping{SCIM: p.side, Auth0: p.auth0}
	}
	return s
}

func (m *scimConfigurationModel) fill(cfg *client.SCIMConfiguration) {
	m.owningConnection = newOwningConnection(cfg.ConnectionID, cfg.ConnectionName, cfg.Strategy)
	m.TenantName = types.StringValue(cfg.TenantName)
	m.UserIDAttribute = types.StringValue(cfg.UserIDAttribute)
	m.Mapping = scimMappingValue(cfg.Mapping)
}

func scimMappingValue(mapping []client.SCIMMapping) types.Set {
	pairs := make([]mappingPair, len(mapping))
	for i, m := range mapping {
		pairs[i] = mappingPair{auth0: m.Auth0, side: m.SCIM}
	}
	return scimMapping.value(pairs)
}

func (r *scimConfigurationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	scimConfigurationPart.create(ctx, &r.resourceBase, "auth0_connection_scim_configuration", "a SCIM configuration", req, resp,
		func(ctx context.Context, connectionID string, plan *scimConfigurationModel) (*client.SCIMConfiguration, error) {
			cfg, err := r.data.client.CreateSCIMConfiguration(ctx, connectionID, plan.scimSettings())
			if err == nil {
				tflog.Info(ctx, "created SCIM configuration", map[string]any{"connection_id": connectionID, "mapping_items": len(cfg.Mapping)})
			}
			return cfg, err
		})
}

func (r *scimConfigurationResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	scimConfigurationPart.read(ctx, &r.resourceBase, req, resp, r.data.client.GetSCIMConfiguration)
}

// Update replaces the user id attribute and the mapping; the API takes
// both in every update.
func (r *scimConfigurationResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.setIdentity(ctx, req.State, resp.Identity, &resp.Diagnostics)
	var plan scimConfigurationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	connectionID := plan.ConnectionID.ValueString()
	verb := "Updating"
	var cfg *client.SCIMConfiguration
	var err error
	if settings := plan.scimSettings(); settings != nil {
		cfg, err = r.data.client.UpdateSCIMConfiguration(ctx, connectionID, *settings)
	} else {
		// Nothing the API takes changed (both are known in any plan that
		// changes them); read what is there.
		verb = "Reading"
		cfg, err = r.data.client.GetSCIMConfiguration(ctx, connectionID)
	}
	if err != nil {
		resp.Diagnostics.Append(scimConfigurationPart.failed(verb, connectionID, err))
		return
	}
	plan.fill(cfg)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// Delete turns SCIM off; its tokens are revoked with it. A connection that
// is gone has nothing left to turn off.
func (r *scimConfigurationResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	scimConfigurationPart.delete(ctx, "Deleting", req, resp, r.data.client.DeleteSCIMConfiguration)
}

// ImportState takes the connection's id, or the identity that holds it.
func (r *scimConfigurationResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	r.importByConnectionID(ctx, "auth0_connection_scim_configuration", req, resp)
}
