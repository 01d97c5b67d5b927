package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
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

var _ providerResource = (*connectionClientsResource)(nil)

// maxListedClients bounds how many client ids an error message spells out.
const maxListedClients = 50

type connectionClientsResource struct {
	resourceBase
}

func newConnectionClientsResource() resource.Resource {
	return &connectionClientsResource{resourceBase{typeName: "connection_clients", identity: oneOfConnectionIdentity}}
}

// connectionClientsModel has the auth0/auth0 provider's attributes, so its
// states (schema version 0, like this one) are read as they are and
// references to any of them survive a switch.
type connectionClientsModel struct {
	ID             types.String `tfsdk:"id"`
	ConnectionID   types.String `tfsdk:"connection_id"`
	EnabledClients types.Set    `tfsdk:"enabled_clients"`
	connectionNaming
}

// connectionNaming is the connection's name and strategy, as the
// auth0/auth0 provider's auth0_connection_client and auth0_connection_clients
// show them.
type connectionNaming struct {
	Name     types.String `tfsdk:"name"`
	Strategy types.String `tfsdk:"strategy"`
}

func namingOf(conn *client.Connection) connectionNaming {
	return connectionNaming{Name: types.StringValue(conn.Name), Strategy: types.StringValue(conn.Strategy)}
}

// readConnectionFor reads the connection a model describes; a failure is
// added to diags.
func readConnectionFor(ctx context.Context, data *providerData, connectionID string, diags *diag.Diagnostics) (*client.Connection, bool) {
	conn, err := data.readConnection(ctx, connectionID)
	if err != nil {
		diags.Append(apiErrorDiagnostic("Reading the connection failed", err))
		return nil, false
	}
	return conn, true
}

func (r *connectionClientsResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	// A connection's name and strategy never change, and connection_id
	// replaces the resource: read once, they are kept (computedString), so
	// a refresh costs one call whatever the state holds.
	resp.Schema = schema.Schema{
		MarkdownDescription: "The applications (clients) enabled on one connection, managed as a whole: after apply exactly the listed " +
			"clients are enabled, and clients enabled elsewhere show as drift. Use one per connection. Creating it refuses " +
			"to disable clients that are already enabled but not listed; import the connection's clients instead.",
		Attributes: map[string]schema.Attribute{
			"id":       computedString("The connection's id, the same as `connection_id`."),
			"name":     computedString("The connection's name."),
			"strategy": computedString("The connection's strategy."),
			"connection_id": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The id of the connection (`con_…`), usually `auth0_connection.NAME.id`. " +
					"Changing it replaces the resource: the clients are disabled on the old connection and enabled on the new one.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"enabled_clients": schema.SetAttribute{
				ElementType: types.StringType,
				Required:    true,
				MarkdownDescription: "The client ids of the applications enabled on the connection; every other application is disabled " +
					"on it. An empty set disables them all. Changes are sent as the difference only, at most 50 per request.",
				Validators: []validator.Set{
					setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1)),
				},
			},
		},
	}
}

// Create enables the configured clients. It first reads what is enabled: a
// client enabled there but not configured would be disabled by an
// authoritative resource, so Create stops and says how to adopt them instead.
func (r *connectionClientsResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan connectionClientsModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	desired := stringSet(ctx, plan.EnabledClients, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	connectionID := plan.ConnectionID.ValueString()

	live, err := r.data.client.ListEnabledClients(ctx, connectionID)
	if err != nil {
		resp.Diagnostics.Append(enabledClientsErrorDiagnostic("Reading the connection's enabled clients failed", connectionID, err))
		return
	}
	if unlisted := minus(live, desired); len(unlisted) > 0 {
		resp.Diagnostics.Append(alreadyEnabledDiagnostic(connectionID, unlisted))
		return
	}

	// Read before anything changes, so a failure leaves nothing enabled
	// that no state records.
	conn, ok := readConnectionFor(ctx, r.data, connectionID, &resp.Diagnostics)
	if !ok {
		return
	}
	plan.identify(conn)

	changes := clientChanges(live, desired)
	if _, err := r.setEnabledClients(ctx, connectionID, changes); err != nil {
		resp.Diagnostics.Append(enabledClientsErrorDiagnostic("Enabling the clients failed", connectionID, err))
		return
	}
	tflog.Info(ctx, "enabled clients on connection", map[string]any{
		"connection_id": connectionID, "enabled": len(changes), "already_enabled": len(live),
	})
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	r.setIdentity(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *connectionClientsResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	state, ok := priorState[connectionClientsModel](ctx, &r.resourceBase, req, resp)
	if !ok {
		return
	}
	connectionID := state.ConnectionID.ValueString()

	live, err := r.data.client.ListEnabledClients(ctx, connectionID)
	if client.IsNotFound(err) {
		forget(ctx, resp, connectionGoneDiagnostic(connectionID, "its enabled clients are", "enables them again if the connection exists by then"))
		return
	}
	if err != nil {
		resp.Diagnostics.Append(enabledClientsErrorDiagnostic("Reading the connection's enabled clients failed", connectionID, err))
		return
	}
	state.EnabledClients = stringSetValue(live)
	if state.Name.IsNull() || state.Strategy.IsNull() {
		// After an import, or a state written before these attributes.
		conn, ok := readConnectionFor(ctx, r.data, connectionID, &resp.Diagnostics)
		if !ok {
			return
		}
		state.identify(conn)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// identify sets the attributes that describe the connection.
func (m *connectionClientsModel) identify(conn *client.Connection) {
	m.ID = types.StringValue(conn.ID)
	m.connectionNaming = namingOf(conn)
}

// Update sends only the difference between the refreshed state and the plan.
// On failure the state records the changes that did go through, so the next
// plan shows exactly what is left to do.
func (r *connectionClientsResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	plan, state, ok := planAndState[connectionClientsModel](ctx, &r.resourceBase, req, resp)
	if !ok {
		return
	}
	desired := stringSet(ctx, plan.EnabledClients, &resp.Diagnostics)
	current := stringSet(ctx, state.EnabledClients, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	connectionID := state.ConnectionID.ValueString()

	changes := clientChanges(current, desired)
	applied, err := r.setEnabledClients(ctx, connectionID, changes)
	if err != nil {
		resp.Diagnostics.Append(enabledClientsErrorDiagnostic("Changing the enabled clients failed", connectionID, err))
		state.EnabledClients = stringSetValue(applyClientChanges(current, applied))
		resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
		return
	}
	tflog.Info(ctx, "changed enabled clients on connection", map[string]any{
		"connection_id": connectionID, "changes": len(changes),
	})
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// Delete disables the clients in the state (after the refresh, what is
// enabled). A connection that is already gone has nothing left to disable.
func (r *connectionClientsResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state connectionClientsModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	current := stringSet(ctx, state.EnabledClients, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	connectionID := state.ConnectionID.ValueString()

	_, err := r.setEnabledClients(ctx, connectionID, clientChanges(current, nil))
	if err != nil && !client.IsUnknownConnection(err) {
		resp.Diagnostics.Append(enabledClientsErrorDiagnostic("Disabling the clients failed", connectionID, err))
	}
}

// ImportState takes a connection id, or an identity; Read then fills in
// what is enabled.
func (r *connectionClientsResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, ok := r.importID(ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}
	if id = strings.TrimSpace(id); id == "" {
		resp.Diagnostics.Append(invalidImportIDDiagnostic("auth0_connection_clients", "the connection's id (con_…)", "con_0123456789abcdef", id))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("connection_id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
}

// setEnabledClients sends changes and returns the ones the server accepted,
// all of them or, on failure, those the client reports applied.
func (r *connectionClientsResource) setEnabledClients(ctx context.Context, connectionID string, changes []client.ClientStatus) ([]client.ClientStatus, error) {
	err := r.data.client.SetEnabledClients(ctx, connectionID, changes)
	var failure *client.EnabledClientsError
	switch {
	case err == nil:
		return changes, nil
	case errors.As(err, &failure):
		return failure.Applied, err
	}
	return nil, err
}

// clientChanges is what takes the enabled set from current to desired:
// enables first, so a rejected enable (an unknown id) fails the apply before
// anything is disabled; each part sorted, so requests are reproducible.
func clientChanges(current, desired []string) []client.ClientStatus {
	enable := minus(desired, current)
	disable := minus(current, desired)
	changes := make([]client.ClientStatus, 0, len(enable)+len(disable))
	for _, id := range enable {
		changes = append(changes, client.ClientStatus{ClientID: id, Status: true})
	}
	for _, id := range disable {
		changes = append(changes, client.ClientStatus{ClientID: id, Status: false})
	}
	return changes
}

// applyClientChanges returns the enabled set after changes, sorted.
func applyClientChanges(current []string, changes []client.ClientStatus) []string {
	enabled := map[string]bool{}
	for _, id := range current {
		enabled[id] = true
	}
	for _, ch := range changes {
		enabled[ch.ClientID] = ch.Status
	}
	out := []string{}
	for id, on := range enabled {
		if on {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

func stringSet(ctx context.Context, set types.Set, diags *diag.Diagnostics) []string {
	ids := []string{}
	if set.IsNull() || set.IsUnknown() {
		return ids
	}
	diags.Append(set.ElementsAs(ctx, &ids, false)...)
	return ids
}

func stringSetValue(ids []string) types.Set {
	elems := make([]attr.Value, len(ids))
	for i, id := range ids {
		elems[i] = types.StringValue(id)
	}
	return types.SetValueMust(types.StringType, elems)
}

// alreadyEnabledDiagnostic explains why Create stopped and gives the import
// command that adopts the connection's current clients.
func alreadyEnabledDiagnostic(connectionID string, unlisted []string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("enabled_clients"), "Clients already enabled on the connection",
		fmt.Sprintf("Connection %s already has %d enabled client(s) that enabled_clients does not list:\n%s\n\n"+
			"auth0_connection_clients decides which clients are enabled, so creating it would disable them. Nothing was changed. "+
			"Either add them to enabled_clients, or import the connection's current clients and let the next plan show the difference:\n\n"+
			"  terraform import auth0_connection_clients.NAME %s\n\n"+
			"(NAME is this resource's name; an import block with id = %q does the same.) If auth0_connection_client resources "+
			"enable them, keep those and drop this resource: the two must not manage the same connection.",
			connectionID, len(unlisted), bulletList(unlisted), connectionID, connectionID))
}

// enabledClientsErrorDiagnostic says which client or connection a 404 is
// about; other errors are explained like every API error.
func enabledClientsErrorDiagnostic(summary, connectionID string, err error) diag.Diagnostic {
	var failure *client.EnabledClientsError
	switch {
	case errors.As(err, &failure) && len(failure.UnknownClients) > 0:
		return unknownClientDiagnostic(path.Root("enabled_clients"), failure.Err, failure.UnknownClients...)
	case client.IsUnknownConnection(err):
		return unknownConnectionDiagnostic(connectionID, err)
	}
	return apiErrorDiagnostic(summary, err)
}

// bulletList spells out ids one per line, at most maxListedClients of them.
func bulletList(ids []string) string {
	var b strings.Builder
	for i, id := range ids {
		if i > 0 {
			b.WriteByte('\n')
		}
		if i == maxListedClients {
			fmt.Fprintf(&b, "  … and %d more", len(ids)-maxListedClients)
			break
		}
		b.WriteString("  - " + id)
	}
	return b.String()
}
