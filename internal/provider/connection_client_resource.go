package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
)

var _ providerResource = (*connectionClientResource)(nil)

type connectionClientResource struct {
	resourceBase
}

func newConnectionClientResource() resource.Resource {
	return &connectionClientResource{resourceBase{typeName: "connection_client", identity: resourceIdentity{connectionIDIdentity, clientIDIdentity}}}
}

// connectionClientModel has the auth0/auth0 provider's attributes, so its
// states (schema version 0, like this one) are read as they are.
type connectionClientModel struct {
	ID           types.String `tfsdk:"id"`
	ConnectionID types.String `tfsdk:"connection_id"`
	ClientID     types.String `tfsdk:"client_id"`
	connectionNaming
}

func (r *connectionClientResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	required := func(description string) schema.StringAttribute {
		return schema.StringAttribute{
			Required:            true,
			MarkdownDescription: description,
			PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "One application (client) enabled on one connection. Other applications enabled on the connection " +
			"are left alone, so teams that own different applications can each enable theirs. Do not use it on a connection " +
			"whose clients an `auth0_connection_clients` resource manages: that one disables every client it does not list.",
		Attributes: map[string]schema.Attribute{
			"id": computedString("`connection_id::client_id`."),
			"connection_id": required("The id of the connection (`con_…`), usually `auth0_connection.NAME.id`. " +
				"Changing it disables the client on the old connection and enables it on the new one."),
			"client_id": required("The client id of the application to enable. Changing it disables the old one " +
				"and enables the new one."),
			"name":     computedString("The connection's name."),
			"strategy": computedString("The connection's strategy."),
		},
	}
}

// ModifyPlan catches an auth0_connection_clients of the same run on the
// same connection (see clientOwners).
func (r *connectionClientResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	claimEnabledClients(ctx, r.data, req.Plan, "auth0_connection_client", &resp.Diagnostics)
}

func (r *connectionClientResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan connectionClientModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	connectionID, clientID := plan.ConnectionID.ValueString(), plan.ClientID.ValueString()

	if err := r.setEnabled(ctx, &plan, true); err != nil {
		resp.Diagnostics.Append(r.enableErrorDiagnostic(err, connectionID, clientID))
		return
	}
	tflog.Info(ctx, "enabled client on connection", map[string]any{"connection_id": connectionID, "client_id": clientID})

	conn, err := r.data.client.GetConnection(ctx, connectionID)
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Reading the connection failed", err))
		return
	}
	plan.identify(conn)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	r.setIdentity(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

// enableErrorDiagnostic says which of the two ids a 404 is about: the API
// answers 404 for an unknown connection and for an unknown client alike,
// and the client tells the two apart.
func (r *connectionClientResource) enableErrorDiagnostic(err error, connectionID, clientID string) diag.Diagnostic {
	switch {
	case client.IsUnknownClient(err):
		return unknownClientDiagnostic(path.Root("client_id"), err, clientID)
	case client.IsUnknownConnection(err):
		return unknownConnectionDiagnostic(connectionID, err)
	default:
		return apiErrorDiagnostic("Enabling the client failed", err)
	}
}

// Read removes the resource from the state when the client is no longer
// enabled (or the connection is gone), so the next plan enables it again.
func (r *connectionClientResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	state, ok := priorState[connectionClientModel](ctx, &r.resourceBase, req, resp)
	if !ok {
		return
	}
	connectionID, clientID := state.ConnectionID.ValueString(), state.ClientID.ValueString()

	enabled, err := r.data.client.ListEnabledClients(ctx, connectionID)
	switch {
	case client.IsNotFound(err):
		forget(ctx, resp, connectionClientGoneDiagnostic(connectionID, clientID, "connection "+connectionID+" was deleted"))
		return
	case err != nil:
		resp.Diagnostics.Append(apiErrorDiagnostic("Reading the connection's enabled clients failed", err))
		return
	}
	if !slices.Contains(enabled, clientID) {
		forget(ctx, resp, connectionClientGoneDiagnostic(connectionID, clientID, "the client was disabled on it"))
		return
	}

	conn, ok := readConnectionFor(ctx, r.data, connectionID, &resp.Diagnostics)
	if !ok {
		return
	}
	state.identify(conn)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// Update is never called with a change: every attribute either replaces the
// resource or is computed.
func (r *connectionClientResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.keepPlan(ctx, req, resp)
}

// Delete disables the client on the connection; a connection or client that
// is already gone has nothing left to disable.
func (r *connectionClientResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state connectionClientModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := r.setEnabled(ctx, &state, false); err != nil && !client.IsNotFound(err) {
		resp.Diagnostics.Append(apiErrorDiagnostic("Disabling the client failed", err))
	}
}

// setEnabled enables or disables the model's client on its connection and
// changes no other client.
func (r *connectionClientResource) setEnabled(ctx context.Context, m *connectionClientModel, enabled bool) error {
	change := client.ClientStatus{ClientID: m.ClientID.ValueString(), Status: enabled}
	return r.data.client.SetEnabledClients(ctx, m.ConnectionID.ValueString(), []client.ClientStatus{change})
}

// ImportState takes connection_id::client_id, the auth0/auth0 provider's
// import id, or an identity of the two.
func (r *connectionClientResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, ok := r.importID(ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}
	connectionID, clientID, ok := strings.Cut(strings.TrimSpace(id), importIDSeparator)
	if !ok || connectionID == "" || clientID == "" {
		resp.Diagnostics.Append(invalidImportIDDiagnostic("auth0_connection_client",
			fmt.Sprintf("the connection's id and the client's id joined by %q", importIDSeparator),
			connectionClientID("con_0123456789abcdef", "AbCdEf0123456789AbCdEf0123456789"), id))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), connectionClientID(connectionID, clientID))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("connection_id"), connectionID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("client_id"), clientID)...)
}

// identify sets the attributes that describe the pair.
func (m *connectionClientModel) identify(conn *client.Connection) {
	m.ID = types.StringValue(connectionClientID(m.ConnectionID.ValueString(), m.ClientID.ValueString()))
	m.connectionNaming = namingOf(conn)
}

func connectionClientID(connectionID, clientID string) string {
	return connectionID + importIDSeparator + clientID
}

// connectionClientGoneDiagnostic warns that a refresh found the client no
// longer enabled on the connection.
func connectionClientGoneDiagnostic(connectionID, clientID, why string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Client no longer enabled on the connection",
		fmt.Sprintf("Client %s is not enabled on connection %s any more: %s outside Terraform. It is removed from the state; "+
			"the next apply enables it again if the connection exists.", clientID, connectionID, why))
}
