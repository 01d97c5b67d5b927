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
	RequestingApp      *client.CrossAppAccessRequestingApp
	ResourceApp        *client.CrossAppAccessResourceApp
}

// topLevel collects the fields the plan knows. Unknown ones are computed by
// the server and so are not sent.
func (m connectionFields) topLevel(ctx context.Context) (topLevel, diag.Diagnostics) {
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
	t.Authentication = apiObject(ctx, m.Authentication, func(a activeModel) *client.Authentication {
		return &client.Authentication{Active: a.Active.ValueBool()}
	}, &diags)
	t.ConnectedAccounts = apiObject(ctx, m.ConnectedAccounts, func(c connectedAccountsModel) *client.ConnectedAccounts {
		return &client.ConnectedAccounts{Active: c.Active.ValueBool(), CrossAppAccess: c.CrossAppAccess.ValueBoolPointer()}
	}, &diags)
	t.RequestingApp = apiObject(ctx, m.RequestingApp, func(a activeModel) *client.CrossAppAccessRequestingApp {
		return &client.CrossAppAccessRequestingApp{Active: a.Active.ValueBool()}
	}, &diags)
	t.ResourceApp = apiObject(ctx, m.ResourceApp, func(a statusModel) *client.CrossAppAccessResourceApp {
		return &client.CrossAppAccessResourceApp{Status: a.Status.ValueString()}
	}, &diags)
	return t, diags
}

// apiObject is the API form of a nested object attribute the plan knows;
// nil (not sent) when it does not.
func apiObject[M, A any](ctx context.Context, v types.Object, toAPI func(M) *A, diags *diag.Diagnostics) *A {
	if !known(v) {
		return nil
	}
	var m M
	diags.Append(v.As(ctx, &m, basetypes.ObjectAsOptions{})...)
	return toAPI(m)
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
	conn.CrossAppAccessRequestingApp = t.RequestingApp
	conn.CrossAppAccessResourceApp = t.ResourceApp
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
	addIfChanged("cross_app_access_requesting_app", t.RequestingApp, prior.RequestingApp, t.RequestingApp != nil)
	addIfChanged("cross_app_access_resource_app", t.ResourceApp, prior.ResourceApp, t.ResourceApp != nil)
	return patch
}

// fillFromServer completes a plan after a write: the fields the plan left
// unknown take the server's values, the rest keep the planned ones, so
// Terraform never sees a result inconsistent with its plan.
func (m *connectionFields) fillFromServer(ctx context.Context, live *client.Connection) diag.Diagnostics {
	server := connectionFields{connectionScalars: connectionScalars{Metadata: m.Metadata}}
	diags := server.readFrom(ctx, live)
	m.fillUnknown(server)
	return diags
}

// fillUnknown sets the fields the plan left unknown from source: the
// server's response, or the prior state when an update sent nothing.
func (m *connectionFields) fillUnknown(source connectionFields) {
	m.ID = source.ID
	takeIfUnknown(&m.DisplayName, source.DisplayName)
	takeIfUnknown(&m.IsDomainConnection, source.IsDomainConnection)
	takeIfUnknown(&m.ShowAsButton, source.ShowAsButton)
	takeIfUnknown(&m.Realms, source.Realms)
	takeIfUnknown(&m.Metadata, source.Metadata)
	takeIfUnknown(&m.Authentication, source.Authentication)
	takeIfUnknown(&m.ConnectedAccounts, source.ConnectedAccounts)
	takeIfUnknown(&m.RequestingApp, source.RequestingApp)
	takeIfUnknown(&m.ResourceApp, source.ResourceApp)
}

func takeIfUnknown[T knowable](planned *T, source T) {
	if (*planned).IsUnknown() {
		*planned = source
	}
}
