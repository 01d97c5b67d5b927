package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
)

// What the resources and data sources around a connection (SCIM, signing
// keys, directory provisioning) share: the connection_id attribute, the
// plan-time check that the connection's strategy has the feature, the
// mapping attributes, and their diagnostics.

var connectionIDValidators = []validator.String{
	stringvalidator.RegexMatches(client.ConnectionIDPattern,
		"must be a connection's id (con_…), such as auth0_connection.NAME.id, not its name"),
}

// connectionIDAttribute is a resource's connection_id: required, and a
// change replaces the resource.
func connectionIDAttribute(description string) schema.StringAttribute {
	return schema.StringAttribute{
		Required:            true,
		MarkdownDescription: description + " Changing it replaces the resource.",
		PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
		Validators:          connectionIDValidators,
	}
}

// connectionDataSchema is the schema of a data source that reads what one
// connection has: the connection_id it is given (connectionIDDescription
// says which connections have it), the id (the same), and attrs.
func connectionDataSchema(description, connectionIDDescription string, attrs map[string]dsschema.Attribute) dsschema.Schema {
	attrs["id"] = dataComputedString("The connection's id.")
	attrs["connection_id"] = dsschema.StringAttribute{
		Required: true, MarkdownDescription: connectionIDDescription, Validators: connectionIDValidators,
	}
	return dsschema.Schema{MarkdownDescription: description, Attributes: attrs}
}

// owningConnection is what a SCIM configuration and a directory
// provisioning say of the connection they belong to. A connection has at
// most one of each, so the connection's id is their id too.
type owningConnection struct {
	ID             types.String `tfsdk:"id"`
	ConnectionID   types.String `tfsdk:"connection_id"`
	ConnectionName types.String `tfsdk:"connection_name"`
	Strategy       types.String `tfsdk:"strategy"`
}

func newOwningConnection(connectionID, name, strategy string) owningConnection {
	return owningConnection{
		ID:             types.StringValue(connectionID),
		ConnectionID:   types.StringValue(connectionID),
		ConnectionName: types.StringValue(name),
		Strategy:       types.StringValue(strategy),
	}
}

// withOwningConnection adds to a resource's attrs those of
// owningConnection: connection_id is the argument, the others are read.
func withOwningConnection(connectionIDDescription, strategyDescription string, attrs map[string]schema.Attribute) map[string]schema.Attribute {
	attrs["id"] = computedString("The connection's id.")
	attrs["connection_id"] = connectionIDAttribute(connectionIDDescription)
	attrs["connection_name"] = computedString("The connection's name.")
	attrs["strategy"] = computedString(strategyDescription)
	return attrs
}

// computedString is a computed attribute that keeps its value across
// updates (the API never changes it after create).
func computedString(description string) schema.StringAttribute {
	return schema.StringAttribute{
		Computed:            true,
		MarkdownDescription: description,
		PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
}

func dataComputedString(description string) dsschema.StringAttribute {
	return dsschema.StringAttribute{Computed: true, MarkdownDescription: description}
}

// checkFeatureAtPlan reports, at plan time, a connection whose strategy
// lacks the feature. The strategy is known without an API call when this
// run has read the connection (it is managed in the same configuration and
// was refreshed); otherwise the API's own answer says so at apply.
func checkFeatureAtPlan(data *providerData, feature client.Feature, connectionID types.String, diags *diag.Diagnostics) {
	if connectionID.IsNull() || connectionID.IsUnknown() {
		return
	}
	id := connectionID.ValueString()
	strategy, known := data.knownStrategy(id)
	if !known || feature.SupportedBy(strategy) {
		return
	}
	diags.Append(unsupportedFeatureDiagnostic(feature, id, strategy))
}

// checkFeatureOnCreate is checkFeatureAtPlan for the ModifyPlan of a
// resource about to be created (a change of connection_id replaces it, so
// that is a create too).
func checkFeatureOnCreate(ctx context.Context, data *providerData, feature client.Feature, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var connectionID, prior types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("connection_id"), &connectionID)...)
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("connection_id"), &prior)...)
		if prior.Equal(connectionID) {
			return
		}
	}
	checkFeatureAtPlan(data, feature, connectionID, &resp.Diagnostics)
}

func unsupportedFeatureDiagnostic(feature client.Feature, connectionID, strategy string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("connection_id"), fmt.Sprintf("Connection has no %s", feature),
		fmt.Sprintf("Connection %s has strategy %q. %s", connectionID, strategy, onlyStrategiesHave(feature)))
}

// onlyStrategiesHave says which strategies have the feature.
func onlyStrategiesHave(feature client.Feature) string {
	return fmt.Sprintf("Only connections of strategy %s have %s.", orList(feature.Strategies()), feature)
}

// featureRefusedDetail explains an API answer that the connection lacks the
// feature when its strategy is not known here. The API gives the same
// answer for signing keys on an oidc or okta connection that does not
// authenticate with private_key_jwt, so that requirement is named too.
func featureRefusedDetail(feature client.Feature) string {
	if feature == client.FeatureSigningKeys {
		return fmt.Sprintf("Only connections of strategy %s that authenticate to their identity provider with private_key_jwt "+
			"(options.token_endpoint_auth_method) have %s.", orList(feature.Strategies()), feature)
	}
	return onlyStrategiesHave(feature)
}

// familyErrorDiagnostic explains an API error of a sub-resource call: a
// connection without what the feature needs first, a connection that does
// not exist, a strategy without the feature, or any other error as
// apiErrorDiagnostic does.
func familyErrorDiagnostic(summary string, feature client.Feature, connectionID string, err error) diag.Diagnostic {
	switch {
	case feature == client.FeatureSigningKeys && client.IsPrivateKeyJWTRequired(err):
		return diag.NewAttributeErrorDiagnostic(path.Root("connection_id"), "Connection does not use private_key_jwt",
			fmt.Sprintf("%s\n\nConnection %s has no signing keys to rotate: it does not authenticate to its identity provider with "+
				"private_key_jwt. Set options.token_endpoint_auth_method = \"private_key_jwt\" on it first.", err, connectionID))
	case client.IsUnknownConnection(err):
		return unknownConnectionDiagnostic(connectionID, err)
	case client.IsUnsupportedByStrategy(err):
		return diag.NewAttributeErrorDiagnostic(path.Root("connection_id"), fmt.Sprintf("Connection has no %s", feature),
			fmt.Sprintf("%s\n\n%s", err, featureRefusedDetail(feature)))
	case feature == client.FeatureSCIM && client.IsNoSCIMConfiguration(err):
		return diag.NewAttributeErrorDiagnostic(path.Root("connection_id"), "Connection has no SCIM configuration",
			fmt.Sprintf("%s\n\nConnection %s has no SCIM configuration. Create it with auth0_connection_scim_configuration, and refer to it "+
				"(connection_id = auth0_connection_scim_configuration.NAME.connection_id) so it is created first.", err, connectionID))
	case feature == client.FeatureDirectoryProvisioning && client.IsNoDirectoryProvisioning(err):
		return diag.NewAttributeErrorDiagnostic(path.Root("connection_id"), "Connection has no directory provisioning",
			fmt.Sprintf("%s\n\nConnection %s has no directory provisioning. Create it with auth0_connection_directory, and refer to it "+
				"(connection_id = auth0_connection_directory.NAME.connection_id) so it is created first.", err, connectionID))
	}
	return apiErrorDiagnostic(summary, err)
}

// alreadyConfiguredDiagnostic explains a create refused because the
// connection has the sub-resource already, with the import command that
// adopts it.
func alreadyConfiguredDiagnostic(resourceType, what, connectionID string, err error) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("connection_id"), "Already configured",
		fmt.Sprintf("%s\n\nConnection %s already has %s. Nothing was changed. Import it, and the next plan shows any difference "+
			"from the configuration:\n\n  terraform import %s.NAME %s", err, connectionID, what, resourceType, connectionID))
}

// importByConnectionID imports a sub-resource a connection has at most one
// of, by the connection's id (or the identity that holds it); Read fills in
// the rest.
func (b *resourceBase) importByConnectionID(ctx context.Context, resourceType string, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	ref, ok := b.importID(ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}
	id := strings.TrimSpace(ref)
	if !client.ConnectionIDPattern.MatchString(id) {
		resp.Diagnostics.Append(invalidImportIDDiagnostic(resourceType, "the connection's id (con_…)", "con_0123456789abcdef", ref))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("connection_id"), id)...)
}

// goneDiagnostic warns that a refresh found a sub-resource deleted outside
// Terraform. err is the 404 that said so, or nil when the sub-resource is
// just missing from a list the API returned.
func goneDiagnostic(what, connectionID string, err error) diag.Diagnostic {
	evidence := ""
	if err != nil {
		evidence = fmt.Sprintf(" (%s)", err)
	}
	return diag.NewWarningDiagnostic(capitalize(what)+" no longer exists",
		fmt.Sprintf("The %s of connection %s was not found%s; it was deleted outside Terraform, with its connection or on its own, "+
			"and is removed from the state. The next apply creates it again.", what, connectionID, evidence))
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// orList writes "a", "a or b", "a, b or c".
func orList(items []string) string {
	quoted := make([]string, len(items))
	for i, s := range items {
		quoted[i] = fmt.Sprintf("%q", s)
	}
	if len(quoted) <= 1 {
		return strings.Join(quoted, "")
	}
	return strings.Join(quoted[:len(quoted)-1], ", ") + " or " + quoted[len(quoted)-1]
}

// mappingKind describes a mapping attribute: a set of objects pairing an
// Auth0 user attribute ("auth0") with one on the other side ("scim" for
// SCIM, "idp" for directory provisioning). Configurations may write it as
// blocks, mapping { auth0 = … scim = … }, as the official provider's
// schema has it: Terraform accepts block syntax for an attribute that is a
// set of objects.
type mappingKind struct {
	side        string // "scim" or "idp"
	description string // of the side attribute
}

var (
	scimMapping      = mappingKind{side: "scim", description: "The field location in the SCIM schema."}
	directoryMapping = mappingKind{side: "idp", description: "The field location in the identity provider's user schema."}
)

// mappingPair is one item of a mapping.
type mappingPair struct{ auth0, side string }

func (k mappingKind) objectType() types.ObjectType {
	return types.ObjectType{AttrTypes: map[string]attr.Type{"auth0": types.StringType, k.side: types.StringType}}
}

// value builds the attribute's value.
func (k mappingKind) value(pairs []mappingPair) types.Set {
	elems := make([]attr.Value, len(pairs))
	for i, p := range pairs {
		elems[i] = types.ObjectValueMust(k.objectType().AttrTypes, map[string]attr.Value{
			"auth0": types.StringValue(p.auth0), k.side: types.StringValue(p.side),
		})
	}
	return types.SetValueMust(k.objectType(), elems)
}

// pairs reads the attribute's value; nil when it is null or unknown.
func (k mappingKind) pairs(set types.Set) []mappingPair {
	if set.IsNull() || set.IsUnknown() {
		return nil
	}
	out := make([]mappingPair, 0, len(set.Elements()))
	for _, e := range set.Elements() {
		obj, ok := e.(types.Object)
		if !ok || obj.IsNull() || obj.IsUnknown() {
			continue
		}
		attrs := obj.Attributes()
		out = append(out, mappingPair{auth0: stringAttr(attrs["auth0"]), side: stringAttr(attrs[k.side])})
	}
	return out
}

func stringAttr(v attr.Value) string {
	s, ok := v.(types.String)
	if !ok {
		return ""
	}
	return s.ValueString()
}

// mappingValidator checks every known item of a mapping has both fields
// set and, when sideUnique, that no value of the other side appears twice
// (a SCIM attribute maps to one Auth0 attribute only).
type mappingValidator struct {
	kind       mappingKind
	sideUnique bool
}

func (v mappingValidator) Description(context.Context) string {
	d := "every item sets auth0 and " + v.kind.side
	if v.sideUnique {
		d += ", and no " + v.kind.side + " value appears twice"
	}
	return d
}

func (v mappingValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v mappingValidator) ValidateSet(_ context.Context, req validator.SetRequest, resp *validator.SetResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	seen := map[string]bool{}
	for _, e := range req.ConfigValue.Elements() {
		obj, ok := e.(types.Object)
		if !ok || obj.IsUnknown() {
			continue
		}
		attrs := obj.Attributes()
		for _, key := range []string{"auth0", v.kind.side} {
			if s, ok := attrs[key].(types.String); ok && !s.IsUnknown() && s.ValueString() == "" {
				resp.Diagnostics.AddAttributeError(req.Path, "Empty mapping field",
					fmt.Sprintf("Every item of %s needs a non-empty %s.", req.Path, key))
				return
			}
		}
		side, ok := attrs[v.kind.side].(types.String)
		if !v.sideUnique || !ok || side.IsUnknown() {
			continue
		}
		if seen[side.ValueString()] {
			resp.Diagnostics.AddAttributeError(req.Path, "Mapping repeats an attribute",
				fmt.Sprintf("%s maps %s %q more than once; each %s attribute maps to one Auth0 attribute only.",
					req.Path, v.kind.side, side.ValueString(), strings.ToUpper(v.kind.side)))
			return
		}
		seen[side.ValueString()] = true
	}
}
