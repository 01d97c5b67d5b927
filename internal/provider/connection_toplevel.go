package provider

import (
	"context"
	"reflect"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
)

// topLevel holds the connection's top-level fields other than name and
// strategy, as the API takes them. A nil field is not sent.
type topLevel struct {
	DisplayName        *string
	IsDomainConnection *bool
	ShowAsButton       *bool
	Realms             []string
	Metadata           map[string]*string
	Authentication     *client.Authentication
	ConnectedAccounts  *client.ConnectedAccounts
}

type authenticationModel struct {
	Active types.Bool `tfsdk:"active"`
}

type connectedAccountsModel struct {
	Active         types.Bool `tfsdk:"active"`
	CrossAppAccess types.Bool `tfsdk:"cross_app_access"`
}

// plannedTopLevel collects the fields the plan knows. Unknown ones are
// computed by the server and so are not sent.
func plannedTopLevel(ctx context.Context, m connectionModel) (topLevel, diag.Diagnostics) {
	var t topLevel
	var diags diag.Diagnostics
	if known(m.DisplayName) {
		t.DisplayName = m.DisplayName.ValueStringPointer()
	}
	if known(m.IsDomainConnection) {
		t.IsDomainConnection = m.IsDomainConnection.ValueBoolPointer()
	}
	if known(m.ShowAsButton) {
		t.ShowAsButton = m.ShowAsButton.ValueBoolPointer()
	}
	if known(m.Realms) {
		t.Realms = []string{}
		diags.Append(m.Realms.ElementsAs(ctx, &t.Realms, false)...)
	}
	if known(m.Metadata) {
		var md map[string]string
		diags.Append(m.Metadata.ElementsAs(ctx, &md, false)...)
		t.Metadata = map[string]*string{}
		for k, v := range md {
			t.Metadata[k] = &v
		}
	}
	if known(m.Authentication) {
		var a authenticationModel
		diags.Append(m.Authentication.As(ctx, &a, basetypes.ObjectAsOptions{})...)
		t.Authentication = &client.Authentication{Active: a.Active.ValueBool()}
	}
	if known(m.ConnectedAccounts) {
		var c connectedAccountsModel
		diags.Append(m.ConnectedAccounts.As(ctx, &c, basetypes.ObjectAsOptions{})...)
		t.ConnectedAccounts = &client.ConnectedAccounts{Active: c.Active.ValueBool(), CrossAppAccess: c.CrossAppAccess.ValueBoolPointer()}
	}
	return t, diags
}

// applyTo sets the fields on a connection to create.
func (t topLevel) applyTo(conn *client.Connection) {
	conn.DisplayName = t.DisplayName
	conn.IsDomainConnection = t.IsDomainConnection
	conn.ShowAsButton = t.ShowAsButton
	conn.Realms = t.Realms
	conn.Metadata = t.Metadata
	conn.Authentication = t.Authentication
	conn.ConnectedAccounts = t.ConnectedAccounts
}

// changesSince returns the PATCH fields that differ from prior: only what
// changed is sent, so an update never rewrites what it did not touch.
func (t topLevel) changesSince(prior topLevel) client.Patch {
	patch := client.Patch{}
	addIfChanged := func(key string, planned, old any, set bool) {
		if set && !reflect.DeepEqual(planned, old) {
			patch[key] = planned
		}
	}
	addIfChanged("display_name", t.DisplayName, prior.DisplayName, t.DisplayName != nil)
	addIfChanged("is_domain_connection", t.IsDomainConnection, prior.IsDomainConnection, t.IsDomainConnection != nil)
	addIfChanged("show_as_button", t.ShowAsButton, prior.ShowAsButton, t.ShowAsButton != nil)
	addIfChanged("realms", t.Realms, prior.Realms, t.Realms != nil)
	addIfChanged("metadata", t.Metadata, prior.Metadata, t.Metadata != nil)
	addIfChanged("authentication", t.Authentication, prior.Authentication, t.Authentication != nil)
	addIfChanged("connected_accounts", t.ConnectedAccounts, prior.ConnectedAccounts, t.ConnectedAccounts != nil)
	return patch
}

// readTopLevel sets the top-level attributes from the server. An empty
// metadata map the configuration asked for stays empty rather than null:
// the API drops empty metadata, and null would plan a change forever.
func readTopLevel(ctx context.Context, m *connectionModel, live *client.Connection) diag.Diagnostics {
	var diags diag.Diagnostics
	m.ID = types.StringValue(live.ID)
	m.Name = types.StringValue(live.Name)
	m.Strategy = types.StringValue(live.Strategy)
	m.DisplayName = types.StringPointerValue(live.DisplayName)
	m.IsDomainConnection = types.BoolPointerValue(live.IsDomainConnection)
	m.ShowAsButton = types.BoolPointerValue(live.ShowAsButton)

	realms, d := types.ListValueFrom(ctx, types.StringType, live.Realms)
	diags.Append(d...)
	if live.Realms == nil {
		realms = types.ListNull(types.StringType)
	}
	m.Realms = realms

	keepEmptyMetadata := known(m.Metadata) && len(m.Metadata.Elements()) == 0
	switch {
	case len(live.Metadata) > 0:
		md := map[string]string{}
		for k, v := range live.Metadata {
			if v != nil {
				md[k] = *v
			}
		}
		m.Metadata, d = types.MapValueFrom(ctx, types.StringType, md)
		diags.Append(d...)
	case keepEmptyMetadata:
	default:
		m.Metadata = types.MapNull(types.StringType)
	}

	m.Authentication = types.ObjectNull(authenticationAttrTypes)
	if live.Authentication != nil {
		m.Authentication, d = types.ObjectValueFrom(ctx, authenticationAttrTypes,
			authenticationModel{Active: types.BoolValue(live.Authentication.Active)})
		diags.Append(d...)
	}
	m.ConnectedAccounts = types.ObjectNull(connectedAccountAttrTypes)
	if live.ConnectedAccounts != nil {
		m.ConnectedAccounts, d = types.ObjectValueFrom(ctx, connectedAccountAttrTypes, connectedAccountsModel{
			Active:         types.BoolValue(live.ConnectedAccounts.Active),
			CrossAppAccess: types.BoolPointerValue(live.ConnectedAccounts.CrossAppAccess),
		})
		diags.Append(d...)
	}
	return diags
}

// fillFromServer completes a plan after a write: the attributes the plan
// left unknown take the server's values, the rest keep the planned ones, so
// Terraform never sees a result inconsistent with its plan.
func fillFromServer(ctx context.Context, plan *connectionModel, live *client.Connection) diag.Diagnostics {
	var server connectionModel
	server.Metadata = plan.Metadata
	diags := readTopLevel(ctx, &server, live)
	fillUnknown(plan, server)
	return diags
}

// knowable is satisfied by every framework value type.
type knowable interface {
	IsNull() bool
	IsUnknown() bool
}

func known(v knowable) bool {
	return !v.IsNull() && !v.IsUnknown()
}

// fillUnknown sets the attributes the plan left unknown from source: the
// server's response, or the prior state when an update sent nothing.
func fillUnknown(plan *connectionModel, source connectionModel) {
	plan.ID = source.ID
	if plan.DisplayName.IsUnknown() {
		plan.DisplayName = source.DisplayName
	}
	if plan.IsDomainConnection.IsUnknown() {
		plan.IsDomainConnection = source.IsDomainConnection
	}
	if plan.ShowAsButton.IsUnknown() {
		plan.ShowAsButton = source.ShowAsButton
	}
	if plan.Realms.IsUnknown() {
		plan.Realms = source.Realms
	}
	if plan.Metadata.IsUnknown() {
		plan.Metadata = source.Metadata
	}
	if plan.Authentication.IsUnknown() {
		plan.Authentication = source.Authentication
	}
	if plan.ConnectedAccounts.IsUnknown() {
		plan.ConnectedAccounts = source.ConnectedAccounts
	}
}
