package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
	"github.com/openauth0/terraform-provider-auth0/internal/options"
)

// connectionFields are the attributes the auth0_connection resource and
// data source share: the connection's top-level fields. Both models embed
// it; they differ in the option attributes.
type connectionFields struct {
	connectionScalars
	Authentication    types.Object `tfsdk:"authentication"`
	ConnectedAccounts types.Object `tfsdk:"connected_accounts"`
	RequestingApp     types.Object `tfsdk:"cross_app_access_requesting_app"`
	ResourceApp       types.Object `tfsdk:"cross_app_access_resource_app"`
}

// connectionScalars are the top-level fields that are not objects; an
// auth0/auth0 state has them as they are (see officialConnection).
type connectionScalars struct {
	ID                 types.String `tfsdk:"id"`
	Name               types.String `tfsdk:"name"`
	Strategy           types.String `tfsdk:"strategy"`
	DisplayName        types.String `tfsdk:"display_name"`
	IsDomainConnection types.Bool   `tfsdk:"is_domain_connection"`
	ShowAsButton       types.Bool   `tfsdk:"show_as_button"`
	Realms             types.List   `tfsdk:"realms"`
	Metadata           types.Map    `tfsdk:"metadata"`
}

// activeModel is {active}: authentication, the Cross App Access
// requesting app, and the auth0/auth0 provider's blocks of that shape
// (connection_upgrade.go).
type activeModel struct {
	Active types.Bool `tfsdk:"active"`
}

// statusModel is {status}: the Cross App Access resource app.
type statusModel struct {
	Status types.String `tfsdk:"status"`
}

type connectedAccountsModel struct {
	Active         types.Bool `tfsdk:"active"`
	CrossAppAccess types.Bool `tfsdk:"cross_app_access"`
}

// attrTypes of the nested objects, for building values from API responses.
var (
	authenticationAttrTypes   = map[string]attr.Type{"active": types.BoolType}
	connectedAccountAttrTypes = map[string]attr.Type{"active": types.BoolType, "cross_app_access": types.BoolType}
	requestingAppAttrTypes    = authenticationAttrTypes
	resourceAppAttrTypes      = map[string]attr.Type{"status": types.StringType}
)

// readFrom sets the fields from the server. An empty metadata map the
// configuration asked for stays empty rather than null: the API drops empty
// metadata, and null would plan a change forever.
func (m *connectionFields) readFrom(ctx context.Context, live *client.Connection) diag.Diagnostics {
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
		m.Metadata, d = types.MapValueFrom(ctx, types.StringType, metadataStrings(live.Metadata))
		diags.Append(d...)
	case keepEmptyMetadata:
	default:
		m.Metadata = types.MapNull(types.StringType)
	}

	m.Authentication = nestedObject(ctx, authenticationAttrTypes, live.Authentication, func(a *client.Authentication) activeModel {
		return activeModel{Active: types.BoolValue(a.Active)}
	}, &diags)
	m.ConnectedAccounts = nestedObject(ctx, connectedAccountAttrTypes, live.ConnectedAccounts, func(a *client.ConnectedAccounts) connectedAccountsModel {
		return connectedAccountsModel{Active: types.BoolValue(a.Active), CrossAppAccess: types.BoolPointerValue(a.CrossAppAccess)}
	}, &diags)
	m.RequestingApp = nestedObject(ctx, requestingAppAttrTypes, live.CrossAppAccessRequestingApp, func(a *client.CrossAppAccessRequestingApp) activeModel {
		return activeModel{Active: types.BoolValue(a.Active)}
	}, &diags)
	m.ResourceApp = nestedObject(ctx, resourceAppAttrTypes, live.CrossAppAccessResourceApp, func(a *client.CrossAppAccessResourceApp) statusModel {
		return statusModel{Status: types.StringValue(a.Status)}
	}, &diags)
	return diags
}

// nestedObject is a nested object attribute as the API sent it: null when
// it sent none, else the model toModel makes of it.
func nestedObject[A, M any](ctx context.Context, attrTypes map[string]attr.Type, api *A, toModel func(*A) M, diags *diag.Diagnostics) types.Object {
	if api == nil {
		return types.ObjectNull(attrTypes)
	}
	v, d := types.ObjectValueFrom(ctx, attrTypes, toModel(api))
	diags.Append(d...)
	return v
}

// metadataStrings is the API's metadata as Terraform holds it: the API
// allows null values, which a map(string) cannot hold, so they are dropped.
func metadataStrings(metadata map[string]*string) map[string]string {
	out := make(map[string]string, len(metadata))
	for k, v := range metadata {
		if v != nil {
			out[k] = *v
		}
	}
	return out
}

// lookUpConnection reads the connection that ref names, an id (con_…) when
// byID is set and otherwise a name, together with its decoded options, as
// an import or the data source needs it. It returns nil after adding the
// reason to diags.
func lookUpConnection(ctx context.Context, c *client.Client, ref string, byID bool, diags *diag.Diagnostics) (*client.Connection, options.Object) {
	var (
		live *client.Connection
		err  error
	)
	if byID {
		live, err = c.GetConnection(ctx, ref)
	} else {
		live, err = c.FindConnectionByName(ctx, ref)
	}
	switch {
	case client.IsNotFound(err):
		diags.Append(connectionNotFoundDiagnostic(ref))
		return nil, nil
	case err != nil:
		diags.Append(apiErrorDiagnostic("Reading the connection failed", err))
		return nil, nil
	}
	server, ok := liveOptions(live, diags)
	if !ok {
		return nil, nil
	}
	return live, server
}

// liveOptions decodes the options of a connection read from the API; false
// after adding the reason to diags when they are missing or unreadable.
func liveOptions(live *client.Connection, diags *diag.Diagnostics) (options.Object, bool) {
	if live.Options == nil {
		diags.Append(missingOptionsScopeDiagnostic(live.ID))
		return nil, false
	}
	server, err := options.Parse(string(live.Options))
	if err != nil {
		diags.Append(unreadableOptionsDiagnostic(live.ID, err))
		return nil, false
	}
	return server, true
}

// knowable is satisfied by every framework value type.
type knowable interface {
	IsNull() bool
	IsUnknown() bool
}

func known(v knowable) bool {
	return !v.IsNull() && !v.IsUnknown()
}
