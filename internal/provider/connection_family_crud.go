package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
)

// The CRUD steps the resources and data sources around a connection share.
// Their objects hang on the connection (the API's paths start with its id),
// so every call takes the model's connection_id; what differs between them
// is the API call and how its answer fills the model.

// connectionPart describes something a connection has at most one of (its
// SCIM configuration, its directory provisioning, its selection of
// synchronized groups) to the resource or data source that reads it: M is
// the model, V what the API answers.
type connectionPart[M, V any] struct {
	feature client.Feature // what the connection's strategy must have
	object  string         // in error summaries: "Reading " + object + " failed"
	gone    string         // what a refresh finds deleted, for goneDiagnostic
	fill    func(m *M, answer V)
}

// failed explains an API error of the call that was doing verb.
func (p connectionPart[M, V]) failed(verb, connectionID string, err error) diag.Diagnostic {
	return familyErrorDiagnostic(verb+" "+p.object+" failed", p.feature, connectionID, err)
}

// create is the Create of a resource for what a connection may have only
// one of: call makes it, and a connection that has one already is told
// how to import it (existing says what it has, such as "a SCIM
// configuration").
func (p connectionPart[M, V]) create(ctx context.Context, b *resourceBase, resourceType, existing string,
	req resource.CreateRequest, resp *resource.CreateResponse, call func(ctx context.Context, connectionID string, plan *M) (V, error),
) {
	var plan M
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	connectionID := connectionIDIn(ctx, req.Plan.GetAttribute, &resp.Diagnostics)
	answer, err := call(ctx, connectionID, &plan)
	if client.IsAlreadyExists(err) {
		resp.Diagnostics.Append(alreadyConfiguredDiagnostic(resourceType, existing, connectionID, err))
		return
	}
	if err != nil {
		resp.Diagnostics.Append(p.failed("Creating", connectionID, err))
		return
	}
	p.fill(&plan, answer)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	b.setIdentity(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

// read is the Read of the resource: get asks the API, and what it answers
// fills the state. When the API has it no more (a 404), the resource
// leaves the state with a warning, and the next apply creates it again.
func (p connectionPart[M, V]) read(ctx context.Context, b *resourceBase, req resource.ReadRequest, resp *resource.ReadResponse,
	get func(ctx context.Context, connectionID string) (V, error),
) {
	state, ok := priorState[M](ctx, b, req, resp)
	if !ok {
		return
	}
	connectionID := connectionIDIn(ctx, req.State.GetAttribute, &resp.Diagnostics)
	answer, err := get(ctx, connectionID)
	if client.IsNotFound(err) {
		forget(ctx, resp, goneDiagnostic(p.gone, connectionID, err))
		return
	}
	if err != nil {
		resp.Diagnostics.Append(p.failed("Reading", connectionID, err))
		return
	}
	p.fill(&state, answer)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// delete is the Delete of the resource (verb says what del does, such as
// "Deleting"). A connection that is gone, or no longer has it, has nothing
// left to delete.
func (p connectionPart[M, V]) delete(ctx context.Context, verb string, req resource.DeleteRequest, resp *resource.DeleteResponse,
	del func(ctx context.Context, connectionID string) error,
) {
	connectionID := connectionIDIn(ctx, req.State.GetAttribute, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := del(ctx, connectionID); err != nil && !client.IsNotFound(err) {
		resp.Diagnostics.Append(p.failed(verb, connectionID, err))
	}
}

// readData is the Read of a data source: get asks the API for the
// configured connection_id, and what it answers fills the model.
func (p connectionPart[M, V]) readData(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse,
	get func(ctx context.Context, connectionID string) (V, error),
) {
	var m M
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	connectionID := connectionIDIn(ctx, req.Config.GetAttribute, &resp.Diagnostics)
	answer, err := get(ctx, connectionID)
	if err != nil {
		resp.Diagnostics.Append(p.failed("Reading", connectionID, err))
		return
	}
	p.fill(&m, answer)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

// connectionIDIn reads the connection_id of a plan, state or configuration
// (their GetAttribute).
func connectionIDIn(ctx context.Context, getAttribute func(context.Context, path.Path, any) diag.Diagnostics, diags *diag.Diagnostics) string {
	var id types.String
	diags.Append(getAttribute(ctx, path.Root("connection_id"), &id)...)
	return id.ValueString()
}

// priorState starts a Read: it passes the identity on (see setIdentity)
// and reads the prior state; ok is false after an error.
func priorState[M any](ctx context.Context, b *resourceBase, req resource.ReadRequest, resp *resource.ReadResponse) (state M, ok bool) {
	b.setIdentity(ctx, req.State, resp.Identity, &resp.Diagnostics)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	return state, !resp.Diagnostics.HasError()
}

// planAndState starts an Update: it passes the identity on and reads the
// plan and the prior state; ok is false after an error.
func planAndState[M any](ctx context.Context, b *resourceBase, req resource.UpdateRequest, resp *resource.UpdateResponse) (plan, state M, ok bool) {
	b.setIdentity(ctx, req.State, resp.Identity, &resp.Diagnostics)
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	return plan, state, !resp.Diagnostics.HasError()
}

// forget removes from the state a resource whose object a refresh found
// deleted outside Terraform, with the warning that says so.
func forget(ctx context.Context, resp *resource.ReadResponse, warning diag.Diagnostic) {
	resp.Diagnostics.Append(warning)
	resp.State.RemoveResource(ctx)
}

// keepPlan is the Update of a resource whose every argument replaces it:
// there is nothing to send, and the plan becomes the state.
func (b *resourceBase) keepPlan(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	b.setIdentity(ctx, req.State, resp.Identity, &resp.Diagnostics)
	resp.State.Raw = req.Plan.Raw.Copy()
}
