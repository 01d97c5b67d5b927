package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
)

var _ providerResource = (*scimTokenResource)(nil)

// scimTokenScopes are the scopes a SCIM token can carry.
var scimTokenScopes = []string{"get:users", "post:users", "put:users", "patch:users", "delete:users"}

// minSCIMTokenLifetime is the exclusive lower bound of token_lifetime.
const minSCIMTokenLifetime = 900

type scimTokenResource struct {
	resourceBase
}

func newSCIMTokenResource() resource.Resource {
	return &scimTokenResource{resourceBase{
		typeName: "connection_scim_token", feature: client.FeatureSCIM, identity: resourceIdentity{connectionIDIdentity, scimTokenIDIdentity},
	}}
}

type scimTokenModel struct {
	ID            types.String `tfsdk:"id"`
	ConnectionID  types.String `tfsdk:"connection_id"`
	Scopes        types.Set    `tfsdk:"scopes"`
	TokenLifetime types.Int64  `tfsdk:"token_lifetime"`
	Token         types.String `tfsdk:"token"`
	TokenID       types.String `tfsdk:"token_id"`
	CreatedAt     types.String `tfsdk:"created_at"`
	ValidUntil    types.String `tfsdk:"valid_until"`
}

func (r *scimTokenResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A bearer token the identity provider's SCIM client authenticates with, for a connection that has an " +
			"`auth0_connection_scim_configuration`. The API shows the secret once, in the answer to its creation: it is kept in the " +
			"state (sensitive) from then on and never read again. A connection holds at most two tokens. Every argument is fixed at " +
			"creation, so a change issues a new token and revokes the old one.",
		Attributes: map[string]schema.Attribute{
			"id": computedString("The token's id (`tok_…`)."),
			"connection_id": connectionIDAttribute("The id of the connection, usually " +
				"`auth0_connection_scim_configuration.NAME.connection_id` so the configuration exists first."),
			"scopes": schema.SetAttribute{
				ElementType: types.StringType,
				Optional:    true,
				MarkdownDescription: "What the token may do: any of `" + strings.Join(scimTokenScopes, "`, `") + "`. " +
					"Changing them issues a new token.",
				PlanModifiers: []planmodifier.Set{setplanmodifier.RequiresReplace()},
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(stringvalidator.OneOf(scimTokenScopes...)),
				},
			},
			"token_lifetime": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("Lifetime of the token in seconds, more than %d; without it the token does not expire. "+
					"Changing it issues a new token; an import reads it from `valid_until`. (Not in the auth0/auth0 provider.)", minSCIMTokenLifetime),
				PlanModifiers: []planmodifier.Int64{int64planmodifier.RequiresReplace()},
				Validators:    []validator.Int64{int64validator.AtLeast(minSCIMTokenLifetime + 1)},
			},
			"token": schema.StringAttribute{
				Computed:            true,
				Sensitive:           true,
				MarkdownDescription: "The secret bearer token. Known from its creation only; null after an import (the API never shows it again).",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"token_id":   computedString("The token's id (`tok_…`)."),
			"created_at": computedString("When the token was created (ISO 8601)."),
			"valid_until": computedString("When the token expires (ISO 8601); null for a token without `token_lifetime`. " +
				"(Not in the auth0/auth0 provider.)"),
		},
	}
}

func (r *scimTokenResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan scimTokenModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	scopes := stringSetOrNil(ctx, plan.Scopes, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	connectionID := plan.ConnectionID.ValueString()
	tok, err := r.data.client.CreateSCIMToken(ctx, connectionID, client.SCIMTokenRequest{Scopes: scopes, TokenLifetime: plan.TokenLifetime.ValueInt64()})
	if err != nil {
		resp.Diagnostics.Append(scimTokenErrorDiagnostic("Creating the SCIM token failed", connectionID, err))
		return
	}
	// The secret is never logged: only the id.
	tflog.Info(ctx, "created SCIM token", map[string]any{"connection_id": connectionID, "token_id": tok.TokenID})
	plan.Token = types.StringValue(tok.Token)
	plan.fill(tok)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	r.setIdentity(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

// fill sets what the API says of a token, except its secret.
func (m *scimTokenModel) fill(tok *client.SCIMToken) {
	m.ID = types.StringValue(tok.TokenID)
	m.TokenID = types.StringValue(tok.TokenID)
	m.CreatedAt = types.StringValue(tok.CreatedAt)
	m.ValidUntil = optionalString(tok.ValidUntil)
	// An imported token has no lifetime in the state yet, and the API tells
	// it only through valid_until: without it a configuration that states
	// the lifetime would plan the token's replacement.
	if lifetime := tok.Lifetime(); m.TokenLifetime.IsNull() && lifetime > 0 {
		m.TokenLifetime = types.Int64Value(lifetime)
	}
	if !m.Scopes.IsNull() || len(tok.Scopes) > 0 {
		m.Scopes = stringSetValue(tok.Scopes)
	}
}

func optionalString(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

func (r *scimTokenResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	state, ok := priorState[scimTokenModel](ctx, &r.resourceBase, req, resp)
	if !ok {
		return
	}
	connectionID, tokenID := state.ConnectionID.ValueString(), state.TokenID.ValueString()
	if tokenID == "" {
		tokenID = state.ID.ValueString()
	}
	tokens, err := r.data.client.ListSCIMTokens(ctx, connectionID)
	if client.IsNotFound(err) {
		forget(ctx, resp, goneDiagnostic("SCIM token "+tokenID, connectionID, err))
		return
	}
	if err != nil {
		resp.Diagnostics.Append(scimTokenErrorDiagnostic("Reading the SCIM token failed", connectionID, err))
		return
	}
	i := slices.IndexFunc(tokens, func(t client.SCIMToken) bool { return t.TokenID == tokenID })
	if i < 0 {
		forget(ctx, resp, goneDiagnostic("SCIM token "+tokenID, connectionID, nil))
		return
	}
	state.fill(&tokens[i])
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// Update has nothing to send: every argument replaces the token.
func (r *scimTokenResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.keepPlan(ctx, req, resp)
}

// Delete revokes the token; one already gone (with its configuration or
// its connection) needs nothing more.
func (r *scimTokenResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state scimTokenModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	connectionID := state.ConnectionID.ValueString()
	err := r.data.client.DeleteSCIMToken(ctx, connectionID, state.TokenID.ValueString())
	if err != nil && !client.IsNotFound(err) {
		resp.Diagnostics.Append(scimTokenErrorDiagnostic("Revoking the SCIM token failed", connectionID, err))
	}
}

// ImportState takes "<connection_id>::<token_id>", or the identity of the
// two. The secret cannot be imported: the API never shows it again.
func (r *scimTokenResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, ok := r.importID(ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}
	connectionID, tokenID, ok := strings.Cut(strings.TrimSpace(id), importIDSeparator)
	if !ok || !client.ConnectionIDPattern.MatchString(connectionID) || !client.SCIMTokenIDPattern.MatchString(tokenID) {
		resp.Diagnostics.Append(invalidImportIDDiagnostic("auth0_connection_scim_token",
			fmt.Sprintf("the connection's id and the token's id joined by %q", importIDSeparator),
			"con_0123456789abcdef"+importIDSeparator+"tok_0123456789abcdef", id))
		return
	}
	for name, value := range map[string]string{"id": tokenID, "token_id": tokenID, "connection_id": connectionID} {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(name), value)...)
	}
	resp.Diagnostics.AddWarning("The token's secret is not imported",
		"The API shows a SCIM token's secret only when the token is created, so the imported token's `token` attribute is null. "+
			"To have the secret in the state, let Terraform issue a new token (taint this resource) and give it to the identity provider.")
}

// scimTokenErrorDiagnostic adds to familyErrorDiagnostic the two errors a
// token create has of its own: the limit of two tokens, and an outcome
// the client could not settle.
func scimTokenErrorDiagnostic(summary, connectionID string, err error) diag.Diagnostic {
	if client.IsSCIMTokenLimit(err) {
		return diag.NewAttributeErrorDiagnostic(path.Root("connection_id"), "Too many SCIM tokens",
			fmt.Sprintf("%s\n\nConnection %s holds two SCIM tokens already, the most it may. Revoke one (destroy its "+
				"auth0_connection_scim_token, or delete it in the Auth0 dashboard) before issuing another.", err, connectionID))
	}
	return familyErrorDiagnostic(summary, client.FeatureSCIM, connectionID, err)
}

// stringSetOrNil reads a set of strings; nil when it is null.
func stringSetOrNil(ctx context.Context, set types.Set, diags *diag.Diagnostics) []string {
	if set.IsNull() || set.IsUnknown() {
		return nil
	}
	return stringSet(ctx, set, diags)
}
