package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openauth0/terraform-provider-auth0/internal/options"
)

// connectionSchemaVersion is above the auth0/auth0 provider's 3 for its
// auth0_connection: Terraform hands a state whose version is below ours to
// UpgradeState, and that provider's states (options a list of one object)
// cannot be read as ours. Versions 1 to 3 of this provider never existed.
const connectionSchemaVersion = 4

// officialConnectionSchemaVersion is the auth0/auth0 provider's.
const officialConnectionSchemaVersion = 3

// UpgradeState reads this provider's states of version 0 and the
// auth0/auth0 provider's of version 3, which Terraform passes on after
// `terraform state replace-provider` or when a resource gets a
// `provider =` of this provider.
func (r *connectionResource) UpgradeState(context.Context) map[int64]resource.StateUpgrader {
	current := connectionSchema()
	official := officialConnectionSchema()
	return map[int64]resource.StateUpgrader{
		0:                               {PriorSchema: &current, StateUpgrader: upgradeOwnConnectionState},
		officialConnectionSchemaVersion: {PriorSchema: &official, StateUpgrader: upgradeOfficialConnectionState},
	}
}

// upgradeOwnConnectionState: version 0 has the attributes and types of
// today's schema. What changed is beside the state: it has no record of the
// option keys its configuration wrote, so the trees it holds count as that
// record (see writtenOf).
func upgradeOwnConnectionState(_ context.Context, req resource.UpgradeStateRequest, resp *resource.UpgradeStateResponse) {
	resp.State.Raw = req.State.Raw
}

// officialConnection is the part of an auth0/auth0 auth0_connection state
// (schema version 3) that the upgrade reads; the framework skips every other
// attribute. Its blocks are lists of one object.
type officialConnection struct {
	connectionScalars
	Authentication    []activeModel     `tfsdk:"authentication"`
	ConnectedAccounts []activeModel     `tfsdk:"connected_accounts"`
	RequestingApp     []activeModel     `tfsdk:"cross_app_access_requesting_app"`
	ResourceApp       []statusModel     `tfsdk:"cross_app_access_resource_app"`
	Options           []officialOptions `tfsdk:"options"`
}

// officialOptions are the options attributes whose values the tenant never
// shows back (see officialUnreadableOptions).
type officialOptions struct {
	Configuration types.Map    `tfsdk:"configuration"`
	MetadataXML   types.String `tfsdk:"metadata_xml"`
	SigningCert   types.String `tfsdk:"signing_cert"`
}

var (
	officialActiveType = types.ObjectType{AttrTypes: authenticationAttrTypes}
	officialStatusType = types.ObjectType{AttrTypes: resourceAppAttrTypes}
)

func officialConnectionSchema() schema.Schema {
	str := func() schema.Attribute { return schema.StringAttribute{Optional: true} }
	boolean := func() schema.Attribute { return schema.BoolAttribute{Optional: true} }
	return schema.Schema{
		Version: officialConnectionSchemaVersion,
		Attributes: map[string]schema.Attribute{
			"id": str(), "name": str(), "strategy": str(), "display_name": str(),
			"is_domain_connection": boolean(), "show_as_button": boolean(),
			"realms":                          schema.ListAttribute{Optional: true, ElementType: types.StringType},
			"metadata":                        schema.MapAttribute{Optional: true, ElementType: types.StringType},
			"authentication":                  schema.ListAttribute{Optional: true, ElementType: officialActiveType},
			"connected_accounts":              schema.ListAttribute{Optional: true, ElementType: officialActiveType},
			"cross_app_access_requesting_app": schema.ListAttribute{Optional: true, ElementType: officialActiveType},
			"cross_app_access_resource_app":   schema.ListAttribute{Optional: true, ElementType: officialStatusType},
			"options": schema.ListAttribute{Optional: true, ElementType: types.ObjectType{AttrTypes: map[string]attr.Type{
				"configuration": types.MapType{ElemType: types.StringType},
				"metadata_xml":  types.StringType,
				"signing_cert":  types.StringType,
			}}},
		},
	}
}

// upgradeOfficialConnectionState turns an auth0/auth0 state into one of
// ours that awaits adoption (see awaitsAdoption): the top-level fields as
// they were, and of the options only the values the tenant never shows
// back, which the old configuration wrote and the state kept. The next
// refresh takes every other option from the tenant, so the options come
// from the server, not from the old state, and no key the new
// configuration does not write is ever deleted.
func upgradeOfficialConnectionState(ctx context.Context, req resource.UpgradeStateRequest, resp *resource.UpgradeStateResponse) {
	var old officialConnection
	resp.Diagnostics.Append(req.State.Get(ctx, &old)...)
	if resp.Diagnostics.HasError() {
		return
	}
	strategy := old.Strategy.ValueString()
	upgraded := connectionModel{
		connectionFields: connectionFields{
			connectionScalars: old.connectionScalars,
			Authentication:    types.ObjectNull(authenticationAttrTypes),
			ConnectedAccounts: types.ObjectNull(connectedAccountAttrTypes),
			RequestingApp:     types.ObjectNull(requestingAppAttrTypes),
			ResourceApp:       types.ObjectNull(resourceAppAttrTypes),
		},
		Options:                jsontypes.NewNormalizedNull(),
		SecretOptions:          newSensitiveJSONNull(),
		SecretOptionsWO:        types.StringNull(),
		SecretOptionsWOVersion: types.Int64Null(),
		UpstreamParams:         types.MapNull(upstreamParamsType),
	}
	upgraded.DisplayName = nullIfEmpty(old.DisplayName)
	if len(old.Authentication) > 0 {
		upgraded.Authentication = types.ObjectValueMust(authenticationAttrTypes, map[string]attr.Value{"active": old.Authentication[0].Active})
	}
	if len(old.ConnectedAccounts) > 0 {
		upgraded.ConnectedAccounts = types.ObjectValueMust(connectedAccountAttrTypes, map[string]attr.Value{
			"active": old.ConnectedAccounts[0].Active, "cross_app_access": types.BoolNull(),
		})
	}
	if len(old.RequestingApp) > 0 {
		upgraded.RequestingApp = types.ObjectValueMust(requestingAppAttrTypes, map[string]attr.Value{"active": old.RequestingApp[0].Active})
	}
	if len(old.ResourceApp) > 0 {
		upgraded.ResourceApp = types.ObjectValueMust(resourceAppAttrTypes, map[string]attr.Value{"status": old.ResourceApp[0].Status})
	}
	if len(old.Options) > 0 {
		public, secret := options.SplitSecrets(strategy, officialUnreadableOptions(ctx, strategy, old.Options[0]))
		if len(public) > 0 {
			upgraded.Options = normalizedValue(public)
		}
		upgraded.SecretOptions = secretOptionsValue(secret)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, upgraded)...)
}

// officialUnreadableOptions returns, as Auth0 option keys, the values of the
// old state that the tenant never shows back: server-encrypted ones (the
// database's configuration, returned as ciphertext) and server-consumed
// ones (samlp metadataXml, pingfederate signingCert, turned into other keys
// and dropped). Keys the strategy's rules do not mark so are left to the
// tenant.
func officialUnreadableOptions(ctx context.Context, strategy string, old officialOptions) options.Object {
	r := options.RulesFor(strategy)
	out := options.Object{}
	var configuration map[string]string
	if known(old.Configuration) {
		_ = old.Configuration.ElementsAs(ctx, &configuration, false) // a map(string) always converts
	}
	if len(configuration) > 0 {
		values := options.Object{}
		for k, v := range configuration {
			values[k] = v
		}
		out["configuration"] = values
	}
	for key, value := range map[string]types.String{"metadataXml": old.MetadataXML, "signingCert": old.SigningCert} {
		if value.ValueString() != "" {
			out[key] = value.ValueString()
		}
	}
	return options.OmitReadable(out, r)
}

func nullIfEmpty(s types.String) types.String {
	if s.ValueString() == "" {
		return types.StringNull()
	}
	return s
}
