package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// clientOwners records, for one Terraform run, which resource types manage
// the enabled clients of each connection. auth0_connection_clients decides
// the whole set and disables every client it does not list, including the
// ones an auth0_connection_client enables, so the two on one connection
// would undo each other at every apply. Terraform plans every resource of a
// configuration in one run, with one configured provider, so the second of
// the two to be planned sees the first. The zero value is ready to use.
type clientOwners struct {
	mu           sync.Mutex
	byConnection map[string]map[string]bool // connection id → resource types
	// lists holds, per connection id, the enabled_clients an
	// auth0_connection_clients of this run plans. Two of them on one
	// connection that list different clients would each disable the
	// other's; the same instance planned again plans the same list.
	lists map[string]string
}

// claimList records the enabled_clients (sorted, joined) an
// auth0_connection_clients plans for connectionID and reports whether
// another one of this run plans a different list for it.
func (o *clientOwners) claimList(connectionID, list string) (clash bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.lists == nil {
		o.lists = map[string]string{}
	}
	if prior, ok := o.lists[connectionID]; ok {
		return prior != list
	}
	o.lists[connectionID] = list
	return false
}

// claim records that owner manages connectionID's clients and returns
// another resource type that already does, if any.
func (o *clientOwners) claim(connectionID, owner string) (other string, clash bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.byConnection == nil {
		o.byConnection = map[string]map[string]bool{}
	}
	owners := o.byConnection[connectionID]
	if owners == nil {
		owners = map[string]bool{}
		o.byConnection[connectionID] = owners
	}
	owners[owner] = true
	for t := range owners {
		if t != owner {
			return t, true
		}
	}
	return "", false
}

// claimEnabledClients claims a planned resource's connection for its type
// and reports a clash. A connection id not yet known (a connection created
// in the same run) cannot be checked.
func claimEnabledClients(ctx context.Context, data *providerData, plan tfsdk.Plan, owner string, diags *diag.Diagnostics) {
	if data == nil || plan.Raw.IsNull() {
		return
	}
	var connectionID types.String
	diags.Append(plan.GetAttribute(ctx, path.Root("connection_id"), &connectionID)...)
	if !known(connectionID) {
		return
	}
	if other, clash := data.owners.claim(connectionID.ValueString(), owner); clash {
		diags.Append(enabledClientsClashDiagnostic(connectionID.ValueString(), owner, other))
	}
}

// ModifyPlan catches an auth0_connection_client of the same run on the
// same connection.
func (r *connectionClientsResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	claimEnabledClients(ctx, r.data, req.Plan, "auth0_connection_clients", &resp.Diagnostics)
	claimClientList(ctx, r.data, req.Plan, &resp.Diagnostics)
}

// claimClientList catches a second auth0_connection_clients of the same run
// on the same connection with a different list. A list not yet known
// cannot be checked.
func claimClientList(ctx context.Context, data *providerData, plan tfsdk.Plan, diags *diag.Diagnostics) {
	if data == nil || plan.Raw.IsNull() {
		return
	}
	var m connectionClientsModel
	diags.Append(plan.Get(ctx, &m)...)
	if diags.HasError() || !known(m.ConnectionID) || m.EnabledClients.IsUnknown() || m.EnabledClients.IsNull() {
		return
	}
	var ids []string
	for _, v := range m.EnabledClients.Elements() {
		id, ok := v.(types.String)
		if !ok || !known(id) {
			return
		}
		ids = append(ids, id.ValueString())
	}
	slices.Sort(ids)
	if data.owners.claimList(m.ConnectionID.ValueString(), strings.Join(ids, ",")) {
		diags.AddAttributeError(path.Root("connection_id"), "Two auth0_connection_clients manage this connection",
			fmt.Sprintf("Two auth0_connection_clients resources manage the enabled clients of connection %s with different lists. "+
				"Each decides the whole set and disables every client it does not list, so every apply would undo the other's work. "+
				"Keep one auth0_connection_clients per connection and list every client in it. This check also runs in the refresh "+
				"that starts terraform destroy; to destroy both as they are, run terraform destroy -refresh=false.", m.ConnectionID.ValueString()))
	}
}

func enabledClientsClashDiagnostic(connectionID, owner, other string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("connection_id"), "Two kinds of resource manage this connection's clients",
		fmt.Sprintf("Both %s and %s manage the enabled clients of connection %s. auth0_connection_clients decides the whole set "+
			"and disables every client it does not list, including those auth0_connection_client enables, so every apply would "+
			"undo the other's work. Use one of them per connection: list every client in one auth0_connection_clients, or replace "+
			"it with one auth0_connection_client per client (terraform state rm the old resource and import the new ones with "+
			"CONNECTION_ID::CLIENT_ID). This check also runs in the refresh that starts terraform destroy; to destroy both as "+
			"they are, run terraform destroy -refresh=false.", owner, other, connectionID))
}
