package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
)

// Resource identity (Terraform and OpenTofu 1.12 and later): beside its
// state, every resource instance keeps a small object naming its object in
// Auth0, which an import block can give instead of an id string
// (identity = { connection_id = "con_…" }) and which Terraform checks never
// changes over the object's life.
//
// Each identity attribute here is a string attribute of the resource's
// state with the same name that never changes once set: the API assigns it
// at create, or changing it replaces the resource. So the identity is a
// copy of those attributes. An identity stands for the same object as the
// resource's import id, its attributes joined by "::" in order, and an
// import by identity goes through the same code as one by id.

// importIDSeparator joins the parts of an import id made of two ids, as
// the auth0/auth0 provider does: con_…::client_id.
const importIDSeparator = "::"

// identityAttribute is one attribute of a resource's identity.
type identityAttribute struct {
	name        string // also the state attribute it is copied from
	description string
	pattern     *regexp.Regexp // what an import's value must match; nil: not empty
	shape       string         // says what pattern wants, for the import error
}

// resourceIdentity lists a resource's identity attributes, in the order of
// its import id.
type resourceIdentity []identityAttribute

var (
	connectionIDIdentity = identityAttribute{
		name: "connection_id", description: "The connection's id (`con_…`).",
		pattern: client.ConnectionIDPattern, shape: "a connection's id (con_…)",
	}
	clientIDIdentity = identityAttribute{
		name: "client_id", description: "The client id of the application enabled on the connection.",
	}
	scimTokenIDIdentity = identityAttribute{
		name: "token_id", description: "The SCIM token's id (`tok_…`).",
		pattern: client.SCIMTokenIDPattern, shape: "a SCIM token's id (tok_…)",
	}
	// The connection itself: its id attribute.
	connectionIdentity = resourceIdentity{{
		name: "id", description: "The connection's id (`con_…`).",
		pattern: client.ConnectionIDPattern, shape: "a connection's id (con_…); import by name takes id = \"NAME\" instead",
	}}
	// What a connection has at most one of, named by the connection's id.
	oneOfConnectionIdentity = resourceIdentity{connectionIDIdentity}
)

// IdentitySchema makes every resource a resource.ResourceWithIdentity.
func (b *resourceBase) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	attrs := make(map[string]identityschema.Attribute, len(b.identity))
	for _, a := range b.identity {
		attrs[a.name] = identityschema.StringAttribute{RequiredForImport: true, Description: a.description}
	}
	resp.IdentitySchema = identityschema.Schema{Attributes: attrs}
}

// setIdentity copies the identity attributes from state into identity.
//
// Read and Update call it with the prior state, before anything else (the
// attributes never change in place, so the prior state has them right):
// a Read that finds the object gone and removes it from the state must
// still return an identity, as the framework refuses a Read without one,
// and a state written before identity existed (by an older version of this
// provider, by the auth0/auth0 provider, or with a CLI older than 1.12) has
// none to pass on. Create calls it with the state it returns.
func (b *resourceBase) setIdentity(ctx context.Context, state tfsdk.State, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	if identity == nil || state.Raw.IsNull() {
		return
	}
	for _, a := range b.identity {
		var v types.String
		diags.Append(state.GetAttribute(ctx, path.Root(a.name), &v)...)
		diags.Append(identity.SetAttribute(ctx, path.Root(a.name), v)...)
	}
}

// importID is the import id an import stands for: the id given, or the
// identity's attributes joined by "::". ok is false after an error
// diagnostic for an identity value of the wrong shape.
func (b *resourceBase) importID(ctx context.Context, req resource.ImportStateRequest, diags *diag.Diagnostics) (id string, ok bool) {
	if req.ID != "" || req.Identity == nil {
		return req.ID, true
	}
	parts := make([]string, len(b.identity))
	for i, a := range b.identity {
		var v types.String
		diags.Append(req.Identity.GetAttribute(ctx, path.Root(a.name), &v)...)
		if diags.HasError() {
			return "", false
		}
		value := strings.TrimSpace(v.ValueString())
		if value == "" || a.pattern != nil && !a.pattern.MatchString(value) {
			diags.AddError("Invalid import identity",
				fmt.Sprintf("identity.%s must be %s; got %q.", a.name, a.want(), v.ValueString()))
			return "", false
		}
		parts[i] = value
	}
	return strings.Join(parts, importIDSeparator), true
}

func (a identityAttribute) want() string {
	if a.shape == "" {
		return "set"
	}
	return a.shape
}
