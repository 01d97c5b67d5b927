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

var (
	_ resource.ResourceWithConfigure   = (*scimConfigurationResource)(nil)
	_ resource.ResourceWithImportState = (*scimConfigurationResource)(nil)
	_ resource.ResourceWithIdentity    = (*scimConfigurationResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*scimConfigurationResource)(nil)
)

type scimConfigurationResource struct {
	resourceBase
}

func newSCIMConfigurationResource() resource.Resource {
	return &scimConfigurationResource{resourceBase{typeName: "connection_scim_configuration", identity: oneOfConnectionIdentity}}
}

type scimConfigurationModel struct {
	ID              types.String `tfsdk:"id"`
	ConnectionID    types.String `tfsdk:"connection_id"`
	ConnectionName  types.String `tfsdk:"connection_name"`
	Strategy        types.String `tfsdk:"strategy"`
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
		Attributes: map[string]schema.Attribute{
			"id":              computedString("The connection's id."),
			"connection_id":   connectionIDAttribute("The id of the connection (`con_…`), usually `auth0_connection.NAME.id`."),
			"connection_name": computedString("The connection's name."),
			"strategy":        computedString("The connection's strategy."),
			"tenant_name":     computedString("The tenant's name (the first label of its domain)."),
			"user_id_attribute": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "The SCIM attribute that holds the user id. Set it together with `mapping`, or leave both out " +
					"for the strategy's defaults (`userName` for SAML connections, `externalId` for the others).",
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
					"`user_id_attribute`, or leave both out for the strategy's default mapping. A SCIM attribute may appear once.",
				PlanModifiers: []planmodifier.Set{setplanmodifier.UseStateForUnknown()},
				Validators: []validator.Set{
					setvalidator.AlsoRequires(path.MatchRoot("user_id_attribute")),
					mappingValidator{kind: scimMapping, sideUnique: true},
				},
			},
		},
	}
}

// ModifyPlan refuses, before anything is sent, a connection whose strategy
// has no SCIM when this run knows the strategy.
func (r *scimConfigurationResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	checkFeatureOnCreate(ctx, r.data, client.FeatureSCIM, req, resp)
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
	m.ID = types.StringValue(cfg.ConnectionID)
	m.ConnectionID = types.StringValue(cfg.ConnectionID)
	m.ConnectionName = types.StringValue(cfg.ConnectionName)
	m.Strategy = types.StringValue(cfg.Strategy)
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
	var plan scimConfigurationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	connectionID := plan.ConnectionID.ValueString()
	cfg, err := r.data.client.CreateSCIMConfiguration(ctx, connectionID, plan.scimSettings())
	if client.IsAlreadyExists(err) {
		resp.Diagnostics.Append(alreadyConfiguredDiagnostic("auth0_connection_scim_configuration", "a SCIM configuration", connectionID, err))
		return
	}
	if err != nil {
		resp.Diagnostics.Append(familyErrorDiagnostic("Creating the SCIM configuration failed", client.FeatureSCIM, connectionID, err))
		return
	}
	tflog.Info(ctx, "created SCIM configuration", map[string]any{"connection_id": connectionID, "mapping_items": len(cfg.Mapping)})
	plan.fill(cfg)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	r.setIdentity(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *scimConfigurationResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	r.setIdentity(ctx, req.State, resp.Identity, &resp.Diagnostics)
	var state scimConfigurationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	connectionID := state.ConnectionID.ValueString()
	cfg, err := r.data.client.GetSCIMConfiguration(ctx, connectionID)
	if client.IsNotFound(err) {
		resp.Diagnostics.Append(goneDiagnostic("SCIM configuration", connectionID, err))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.Append(familyErrorDiagnostic("Reading the SCIM configuration failed", client.FeatureSCIM, connectionID, err))
		return
	}
	state.fill(cfg)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
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
	settings := plan.scimSettings()
	if settings == nil {
		// Nothing the API takes changed (both are known in any plan that
		// changes them); read what is there.
		cfg, err := r.data.client.GetSCIMConfiguration(ctx, connectionID)
		if err != nil {
			resp.Diagnostics.Append(familyErrorDiagnostic("Reading the SCIM configuration failed", client.FeatureSCIM, connectionID, err))
			return
		}
		plan.fill(cfg)
		resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
		return
	}
	cfg, err := r.data.client.UpdateSCIMConfiguration(ctx, connectionID, *settings)
	if err != nil {
		resp.Diagnostics.Append(familyErrorDiagnostic("Updating the SCIM configuration failed", client.FeatureSCIM, connectionID, err))
		return
	}
	plan.fill(cfg)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// Delete turns SCIM off; its tokens are revoked with it. A connection that
// is gone has nothing left to turn off.
func (r *scimConfigurationResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state scimConfigurationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	connectionID := state.ConnectionID.ValueString()
	err := r.data.client.DeleteSCIMConfiguration(ctx, connectionID)
	if err != nil && !client.IsNotFound(err) {
		resp.Diagnostics.Append(familyErrorDiagnostic("Deleting the SCIM configuration failed", client.FeatureSCIM, connectionID, err))
	}
}

// ImportState takes the connection's id, or the identity that holds it.
func (r *scimConfigurationResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	r.importByConnectionID(ctx, "auth0_connection_scim_configuration", req, resp)
}
