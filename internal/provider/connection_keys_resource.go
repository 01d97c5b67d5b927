package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
)

var _ providerResource = (*connectionKeysResource)(nil)

// connectionKeysResource is a rotation of a connection's signing keys, not
// the keys themselves: creating it rotates them, changing its triggers
// rotates them again, and destroying it changes nothing. Its identity is
// the connection's id alone: the key it describes changes with every
// rotation, and an import by identity takes the next key, as an import by
// the connection's id does.
type connectionKeysResource struct {
	resourceBase
}

func newConnectionKeysResource() resource.Resource {
	return &connectionKeysResource{resourceBase{typeName: "connection_keys", identity: oneOfConnectionIdentity}}
}

type connectionKeysModel struct {
	ID           types.String `tfsdk:"id"`
	ConnectionID types.String `tfsdk:"connection_id"`
	Triggers     types.Map    `tfsdk:"triggers"`
	connectionKeyFields
}

// connectionKeyFields are what the API says of one key; the data source's
// keys have them too.
type connectionKeyFields struct {
	KID          types.String `tfsdk:"kid"`
	Cert         types.String `tfsdk:"cert"`
	PKCS         types.String `tfsdk:"pkcs"`
	Current      types.Bool   `tfsdk:"current"`
	Next         types.Bool   `tfsdk:"next"`
	Previous     types.Bool   `tfsdk:"previous"`
	CurrentSince types.String `tfsdk:"current_since"`
	Fingerprint  types.String `tfsdk:"fingerprint"`
	Thumbprint   types.String `tfsdk:"thumbprint"`
	Algorithm    types.String `tfsdk:"algorithm"`
	KeyUse       types.String `tfsdk:"key_use"`
	SubjectDN    types.String `tfsdk:"subject_dn"`
}

// keyFieldDescriptions describe the key attributes, for the resource and
// the data source.
var keyFieldDescriptions = map[string]string{
	"kid":           "The key's id (its JWK thumbprint).",
	"cert":          "The key's public certificate (PEM).",
	"pkcs":          "The certificate in PKCS#7 format (PEM).",
	"current":       "Whether the key is the current one, the one the connection signs with.",
	"next":          "Whether the key is the next one, made current by the next rotation.",
	"previous":      "Whether the key is the previous one, current before the last rotation.",
	"current_since": "When the key became current (ISO 8601); empty for a key that is not current.",
	"fingerprint":   "The certificate's SHA-1 fingerprint, colon-separated hex.",
	"thumbprint":    "The certificate's SHA-1 thumbprint, hex.",
	"algorithm":     "The signing algorithm, such as `RS256`.",
	"key_use":       "What the key is for: `signing`.",
	"subject_dn":    "The certificate's subject distinguished name.",
}

func newKeyFields(k *client.ConnectionKey) connectionKeyFields {
	return connectionKeyFields{
		KID: types.StringValue(k.KID), Cert: types.StringValue(k.Cert), PKCS: types.StringValue(k.PKCS),
		Current: types.BoolValue(k.Current), Next: types.BoolValue(k.Next), Previous: types.BoolValue(k.Previous),
		// "" rather than null when not current, as the auth0/auth0 provider
		// keeps it, so a state it wrote reads back unchanged.
		CurrentSince: types.StringValue(k.CurrentSince),
		Fingerprint:  types.StringValue(k.Fingerprint), Thumbprint: types.StringValue(k.Thumbprint),
		Algorithm: types.StringValue(k.Algorithm), KeyUse: types.StringValue(k.KeyUse), SubjectDN: types.StringValue(k.SubjectDN),
	}
}

func (r *connectionKeysResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	attrs := map[string]schema.Attribute{
		"id": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "`<connection_id>::<kid>` of the key the last rotation made.",
		},
		"connection_id": connectionIDAttribute("The id of an `oidc` or `okta` connection that authenticates with `private_key_jwt` " +
			"(`options.token_endpoint_auth_method`), usually `auth0_connection.NAME.id`."),
		"triggers": schema.MapAttribute{
			ElementType: types.StringType,
			Required:    true,
			MarkdownDescription: "Any values, such as a version or a date: changing them rotates the keys again. They are not sent to " +
				"the API. After an import the first triggers written are recorded without a rotation.",
		},
	}
	for name, description := range keyFieldDescriptions {
		switch name {
		case "current", "next", "previous":
			attrs[name] = schema.BoolAttribute{Computed: true, MarkdownDescription: description + " Of the key the last rotation made."}
		default:
			attrs[name] = schema.StringAttribute{Computed: true, MarkdownDescription: description + " Of the key the last rotation made."}
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Rotates the signing keys of an `oidc` or `okta` connection that authenticates to its identity provider " +
			"with `private_key_jwt`: creating the resource rotates them, and so does every change of `triggers`. A rotation makes " +
			"the next key current, the current one previous, and a new next key, which this resource then describes. " +
			"The plan warns before each rotation. Destroying the resource, or removing it from the configuration, rotates " +
			"nothing and deletes no key. Read all keys with the `auth0_connection_keys` data source.",
		Attributes: attrs,
	}
}

// ModifyPlan says what an apply will do to the keys, since a rotation is
// an action the attribute diff alone does not show.
func (r *connectionKeysResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var state, plan *connectionKeysModel
	resp.Diagnostics.Append(getOptional(ctx, req.State.Raw.IsNull(), req.State.Get, &state)...)
	resp.Diagnostics.Append(getOptional(ctx, req.Plan.Raw.IsNull(), req.Plan.Get, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	switch {
	case plan == nil:
		resp.Diagnostics.AddWarning("Destroying auth0_connection_keys rotates nothing",
			fmt.Sprintf("Connection %s keeps its signing keys: destroying this resource, or removing it from the configuration, "+
				"deletes no key and makes no API call.", state.ConnectionID.ValueString()))
	case state == nil || !state.ConnectionID.Equal(plan.ConnectionID):
		checkFeatureAtPlan(r.data, client.FeatureSigningKeys, plan.ConnectionID, &resp.Diagnostics)
		resp.Diagnostics.Append(rotationWarning(plan.ConnectionID, "creates this resource"))
	case state.Triggers.Equal(plan.Triggers):
	case state.Triggers.IsNull():
		// Imported: the first triggers are recorded, nothing is rotated.
		recorded := *state
		recorded.Triggers = plan.Triggers
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &recorded)...)
	default:
		resp.Diagnostics.Append(rotationWarning(plan.ConnectionID, "changes triggers"))
	}
}

// getOptional reads a state or plan that may be null into *out (left nil
// when it is).
func getOptional(ctx context.Context, isNull bool, get func(context.Context, any) diag.Diagnostics, out **connectionKeysModel) diag.Diagnostics {
	if isNull {
		return nil
	}
	*out = &connectionKeysModel{}
	return get(ctx, *out)
}

func rotationWarning(connectionID types.String, why string) diag.Diagnostic {
	which := "the connection"
	if !connectionID.IsUnknown() {
		which = "connection " + connectionID.ValueString()
	}
	return diag.NewAttributeWarningDiagnostic(path.Root("triggers"), "Applying rotates signing keys",
		fmt.Sprintf("This plan %s, so applying it rotates the signing keys of %s: the next key becomes current, the current key "+
			"becomes previous, and a new next key is made. Make sure the identity provider has the next key's certificate "+
			"(the auth0_connection_keys data source lists it) before it is used.", why, which))
}

func (r *connectionKeysResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan connectionKeysModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.rotate(ctx, &plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	r.setIdentity(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

// rotate rotates the connection's keys and describes the new key in m.
func (r *connectionKeysResource) rotate(ctx context.Context, m *connectionKeysModel, diags *diag.Diagnostics) {
	connectionID := m.ConnectionID.ValueString()
	key, err := r.data.client.RotateConnectionKeys(ctx, connectionID)
	if err != nil {
		diags.Append(familyErrorDiagnostic("Rotating the signing keys failed", client.FeatureSigningKeys, connectionID, err))
		return
	}
	tflog.Info(ctx, "rotated connection signing keys", map[string]any{"connection_id": connectionID, "kid": key.KID})
	m.ID = types.StringValue(connectionID + importIDSeparator + key.KID)
	m.connectionKeyFields = newKeyFields(key)
}

func (r *connectionKeysResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	state, ok := priorState[connectionKeysModel](ctx, &r.resourceBase, req, resp)
	if !ok {
		return
	}
	connectionID := state.ConnectionID.ValueString()
	keys, err := r.data.client.ListConnectionKeys(ctx, connectionID)
	if client.IsUnknownConnection(err) {
		forget(ctx, resp, goneDiagnostic("signing keys", connectionID, err))
		return
	}
	if err != nil {
		resp.Diagnostics.Append(familyErrorDiagnostic("Reading the signing keys failed", client.FeatureSigningKeys, connectionID, err))
		return
	}
	kid := state.KID.ValueString()
	if i := slices.IndexFunc(keys, func(k client.ConnectionKey) bool { return k.KID == kid }); i >= 0 {
		state.connectionKeyFields = newKeyFields(&keys[i])
	} else {
		// Later rotations have retired the key. The resource stays: removing
		// it would make the next apply rotate again, which nobody asked for.
		state.Current, state.Next, state.Previous = types.BoolValue(false), types.BoolValue(false), types.BoolValue(false)
		state.CurrentSince = types.StringValue("")
		resp.Diagnostics.AddWarning("The rotated key has been retired",
			fmt.Sprintf("Key %s, made by this resource's last rotation, is no longer among the signing keys of connection %s: "+
				"later rotations have retired it. Nothing is planned; change triggers to rotate again.", kid, connectionID))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// Update rotates when the triggers changed, and only records them after an
// import (see ModifyPlan).
func (r *connectionKeysResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	plan, state, ok := planAndState[connectionKeysModel](ctx, &r.resourceBase, req, resp)
	if !ok {
		return
	}
	if !state.Triggers.IsNull() && !state.Triggers.Equal(plan.Triggers) {
		r.rotate(ctx, &plan, &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// Delete makes no API call: the keys stay (see ModifyPlan's warning).
func (r *connectionKeysResource) Delete(ctx context.Context, req resource.DeleteRequest, _ *resource.DeleteResponse) {
	var connectionID types.String
	_ = req.State.GetAttribute(ctx, path.Root("connection_id"), &connectionID)
	tflog.Info(ctx, "auth0_connection_keys destroyed: the connection keeps its keys", map[string]any{"connection_id": connectionID.ValueString()})
}

// ImportState takes "<connection_id>::<kid>", or "<connection_id>" alone
// (or the identity) for the connection's next key, the one its last
// rotation made.
func (r *connectionKeysResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, ok := r.importID(ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}
	connectionID, kid, _ := strings.Cut(strings.TrimSpace(id), importIDSeparator)
	if !client.ConnectionIDPattern.MatchString(connectionID) {
		resp.Diagnostics.Append(invalidImportIDDiagnostic("auth0_connection_keys",
			fmt.Sprintf("the connection's id, optionally followed by %q and a key's kid", importIDSeparator), "con_0123456789abcdef", id))
		return
	}
	keys, err := r.data.client.ListConnectionKeys(ctx, connectionID)
	if err != nil {
		resp.Diagnostics.Append(familyErrorDiagnostic("Reading the signing keys failed", client.FeatureSigningKeys, connectionID, err))
		return
	}
	if kid == "" {
		i := slices.IndexFunc(keys, func(k client.ConnectionKey) bool { return k.Next })
		if i < 0 {
			resp.Diagnostics.AddError("No next key", fmt.Sprintf("Connection %s has no next signing key to import; give a kid: %s::KID.", connectionID, connectionID))
			return
		}
		kid = keys[i].KID
	} else if !slices.ContainsFunc(keys, func(k client.ConnectionKey) bool { return k.KID == kid }) {
		// Read would keep an unknown kid as a retired key, so the import
		// would succeed with a key the connection never had.
		resp.Diagnostics.AddError("No such signing key", fmt.Sprintf("Connection %s has no signing key %q. Its keys are: %s. "+
			"Import by the connection's id alone to take its next key.", connectionID, kid, describeKeys(keys)))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), connectionID+importIDSeparator+kid)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("connection_id"), connectionID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("kid"), kid)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("triggers"), types.MapNull(types.StringType))...)
}

// describeKeys lists keys as "KID (current), KID (next)".
func describeKeys(keys []client.ConnectionKey) string {
	if len(keys) == 0 {
		return "none"
	}
	parts := make([]string, len(keys))
	for i, k := range keys {
		role := "retired"
		switch {
		case k.Current:
			role = "current"
		case k.Next:
			role = "next"
		case k.Previous:
			role = "previous"
		}
		parts[i] = fmt.Sprintf("%s (%s)", k.KID, role)
	}
	return strings.Join(parts, ", ")
}
