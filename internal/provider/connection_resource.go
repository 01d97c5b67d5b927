package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
	"github.com/openauth0/terraform-provider-auth0/internal/options"
)

var (
	_ providerResource                    = (*connectionResource)(nil)
	_ resource.ResourceWithValidateConfig = (*connectionResource)(nil)
	_ resource.ResourceWithUpgradeState   = (*connectionResource)(nil)
)

// connectionNamePattern is the create schema's name rule: alphanumeric at
// both ends, single hyphens inside.
var connectionNamePattern = regexp.MustCompile(`^[a-zA-Z0-9](-[a-zA-Z0-9]|[a-zA-Z0-9])*$`)

type connectionResource struct {
	resourceBase
}

func newConnectionResource() resource.Resource {
	return &connectionResource{resourceBase{typeName: "connection", identity: connectionIdentity}}
}

// connectionModel is the resource: the fields it shares with the data
// source, and the option attributes it merges into the server's.
type connectionModel struct {
	connectionFields
	Options                jsontypes.Normalized `tfsdk:"options"`
	SecretOptions          sensitiveJSON        `tfsdk:"secret_options"`
	SecretOptionsWO        types.String         `tfsdk:"secret_options_wo"`
	SecretOptionsWOVersion types.Int64          `tfsdk:"secret_options_wo_version"`
	UpstreamParams         types.Map            `tfsdk:"upstream_params"`
}

// upstreamParamModel is one element of upstream_params.
type upstreamParamModel struct {
	Value types.String `tfsdk:"value"`
	Alias types.String `tfsdk:"alias"`
}

var upstreamParamsType = types.ObjectType{AttrTypes: map[string]attr.Type{"value": types.StringType, "alias": types.StringType}}

func (r *connectionResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = connectionSchema()
}

// connectionSchema is the resource's schema; its state upgraders read older
// states with it too.
func connectionSchema() schema.Schema {
	return schema.Schema{
		Version: connectionSchemaVersion,
		MarkdownDescription: "An Auth0 connection: a source of users such as a database, a social or enterprise identity provider, " +
			"or passwordless email/SMS. Options are merged into what the tenant holds: keys not written in the configuration " +
			"are never deleted, and keys removed from the configuration are deleted and shown so in the plan.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The connection's id, `con_` followed by 16 letters and digits.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The connection's name, unique in the tenant: letters, digits and single hyphens, starting and ending " +
					"with a letter or digit, at most 128 characters. Changing it replaces the connection, which deletes its users.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, 128),
					stringvalidator.RegexMatches(connectionNamePattern,
						"must contain only letters, digits and single hyphens, and start and end with a letter or digit"),
				},
			},
			"strategy": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The identity provider type, such as `auth0` (database), `google-oauth2`, `oidc`, `samlp`, `waad` or `email`. " +
					"Changing it replaces the connection, which deletes its users.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:    []validator.String{stringvalidator.OneOf(options.Strategies()...)},
			},
			"display_name": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: "Name shown on the login page, at most 128 characters.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
				Validators:          []validator.String{stringvalidator.LengthBetween(1, 128)},
			},
			"options": schema.StringAttribute{
				CustomType: jsontypes.NormalizedType{},
				Optional:   true,
				Computed:   true,
				MarkdownDescription: "The strategy's options as a JSON object, usually written with `jsonencode({...})`. Only the keys written " +
					"here are managed: other keys on the server are kept, a key removed from here is deleted, and a key set to " +
					"`null` is deleted. Key order and whitespace never cause a diff. Secret keys belong in `secret_options`. " +
					"Leaving the attribute out manages no option at all. After an import, or a switch from the auth0/auth0 " +
					"provider, the state holds every option the connection has; keys no configuration wrote are never deleted.",
			},
			"secret_options": schema.StringAttribute{
				// Not jsontypes.NormalizedType: see sensitiveJSONType (the
				// framework logs that type's values at TRACE).
				CustomType: sensitiveJSONType{},
				Optional:   true,
				Computed:   true,
				Sensitive:  true,
				MarkdownDescription: "Secret options (such as `client_secret`, `twilio_token`, `configuration`, `signing_key.key`) as a JSON object, " +
					"merged like `options` and kept out of plan output.",
			},
			"secret_options_wo": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				WriteOnly: true,
				MarkdownDescription: "Secret options as a JSON object that never enters the state (Terraform or OpenTofu 1.11 and later). They are sent " +
					"when the connection is created and whenever `secret_options_wo_version` changes.",
			},
			"secret_options_wo_version": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "Change this number to send `secret_options_wo` again, for example after rotating a secret. " +
					"Set only with `secret_options_wo`.",
			},
			"upstream_params": schema.MapNestedAttribute{
				Optional: true,
				// Computed so that an import can adopt the connection's
				// upstream parameters without a configuration that leaves
				// the attribute out planning to remove them.
				Computed: true,
				MarkdownDescription: "Parameters passed to the identity provider on authorize requests (`options.upstream_params`), " +
					"keyed by the provider's parameter name. Each takes either a static `value` or an `alias` of a parameter " +
					"of the incoming request. SAML and WS-Federation strategies (samlp, pingfederate, adfs) take none. " +
					"Merged like `options`: an entry removed from here is deleted; leaving the attribute out manages none.",
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"value": schema.StringAttribute{
							Optional:            true,
							MarkdownDescription: "A static value, such as `myblog.wordpress.com`.",
							Validators: []validator.String{
								stringvalidator.ExactlyOneOf(path.MatchRelative().AtParent().AtName("alias")),
							},
						},
						"alias": schema.StringAttribute{
							Optional:            true,
							MarkdownDescription: "The authorize-request parameter whose value is passed on: one of " + quotedList(options.UpstreamAliases()) + ".",
							Validators:          []validator.String{stringvalidator.OneOf(options.UpstreamAliases()...)},
						},
					},
				},
			},
			"is_domain_connection": serverDefaultedBool("Whether the connection is domain level, that is usable by third-party applications."),
			"show_as_button":       serverDefaultedBool("Whether enterprise connections show a button on the Universal Login page."),
			"realms": schema.ListAttribute{
				ElementType:         types.StringType,
				Optional:            true,
				Computed:            true,
				MarkdownDescription: "Realms (domains) the connection serves. The server defaults it to `[name]`.",
				PlanModifiers:       []planmodifier.List{listplanmodifier.UseStateForUnknown()},
			},
			"metadata": schema.MapAttribute{
				ElementType: types.StringType,
				Optional:    true,
				Computed:    true,
				MarkdownDescription: "Up to 10 string pairs of metadata, each value at most 255 characters. " +
					"Leaving the attribute out keeps whatever metadata the connection has; `{}` removes it all.",
				PlanModifiers: []planmodifier.Map{mapplanmodifier.UseStateForUnknown()},
				Validators: []validator.Map{
					mapvalidator.SizeAtMost(10),
					mapvalidator.ValueStringsAre(stringvalidator.LengthAtMost(255)),
					mapvalidator.KeysAre(stringvalidator.LengthBetween(1, 255)),
				},
			},
			"authentication": serverDefaultedObject("Whether the connection can be used for authentication.", map[string]schema.Attribute{
				"active": schema.BoolAttribute{Required: true, MarkdownDescription: "Whether authentication is enabled."},
			}),
			"connected_accounts": serverDefaultedObject("Connected-accounts settings: storing the identity provider's tokens for later API calls.", map[string]schema.Attribute{
				"active":           schema.BoolAttribute{Required: true, MarkdownDescription: "Whether connected accounts are enabled."},
				"cross_app_access": schema.BoolAttribute{Optional: true, MarkdownDescription: "Whether cross-app access is enabled."},
			}),
			"cross_app_access_requesting_app": serverDefaultedObject("Cross App Access (XAA): the connection acts as the authorization server "+
				"of a requesting application. `oidc` and `okta` connections only; an Early Access feature of Auth0. Removing the "+
				"attribute leaves the setting as it is on the tenant; set `active = false` to turn it off.", map[string]schema.Attribute{
				"active": schema.BoolAttribute{Required: true, MarkdownDescription: "Whether the connection acts as a requesting app."},
			}),
			"cross_app_access_resource_app": serverDefaultedObject("Cross App Access (XAA): the connection acts as a resource application. "+
				"`oidc` and `okta` connections only; an Early Access feature of Auth0. Removing the attribute leaves the setting as "+
				"it is on the tenant; set `status = \"disabled\"` to turn it off.", map[string]schema.Attribute{
				"status": schema.StringAttribute{
					Required:            true,
					MarkdownDescription: "`enabled` or `disabled`.",
					Validators:          []validator.String{stringvalidator.OneOf("enabled", "disabled")},
				},
			}),
		},
	}
}

// serverDefaultedBool is a setting the server defaults when it is not
// configured: the plan keeps the value the state has.
func serverDefaultedBool(description string) schema.BoolAttribute {
	return schema.BoolAttribute{
		Optional:            true,
		Computed:            true,
		MarkdownDescription: description,
		PlanModifiers:       []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
	}
}

// serverDefaultedObject is serverDefaultedBool for an object of settings.
func serverDefaultedObject(description string, attributes map[string]schema.Attribute) schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		Optional:            true,
		Computed:            true,
		MarkdownDescription: description,
		PlanModifiers:       []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
		Attributes:          attributes,
	}
}

// ValidateConfig checks everything that can be checked without the API, so
// bad input fails at plan time and never reaches the tenant.
func (r *connectionResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg connectionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	checkWriteOnlyVersion(cfg, req.ClientCapabilities, &resp.Diagnostics)
	trees := managedTreeOf(ctx, cfg, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if known(cfg.Strategy) {
		strategy := cfg.Strategy.ValueString()
		trees.validate(strategy, &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
		if !cfg.UpstreamParams.IsNull() && !options.RulesFor(strategy).TakesUpstreamParams() {
			resp.Diagnostics.Append(upstreamParamsUnsupportedDiagnostic(strategy))
		}
		if !options.RulesFor(strategy).TakesCrossAppAccess() {
			if !cfg.RequestingApp.IsNull() {
				resp.Diagnostics.Append(crossAppAccessUnsupportedDiagnostic("cross_app_access_requesting_app", strategy))
			}
			if !cfg.ResourceApp.IsNull() {
				resp.Diagnostics.Append(crossAppAccessUnsupportedDiagnostic("cross_app_access_resource_app", strategy))
			}
		}
	}
	if options.SetsUpstream(trees.public) && !cfg.UpstreamParams.IsNull() {
		resp.Diagnostics.Append(upstreamParamsSetTwiceDiagnostic())
	}
}

// ModifyPlan keeps unmanaged options out of the plan and warns before a
// replacement deletes a connection's users.
func (r *connectionResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var cfg, plan connectionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}

	var state *connectionModel
	if !req.State.Raw.IsNull() {
		state = &connectionModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
		if resp.Diagnostics.HasError() {
			return
		}
	}

	if state == nil {
		planNewOptionAttributes(cfg, &plan)
	} else {
		planOptionAttributes(ctx, cfg, *state, &plan, req.Private, &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)

	if state != nil {
		name := state.Name.ValueString()
		warnIfReplacing(path.Root("name"), name, state.Name, plan.Name, &resp.Diagnostics)
		warnIfReplacing(path.Root("strategy"), name, state.Strategy, plan.Strategy, &resp.Diagnostics)
	}
}

// warnIfReplacing warns when the plan changes an attribute that replaces the
// connection named connection.
func warnIfReplacing(p path.Path, connection string, prior, planned types.String, diags *diag.Diagnostics) {
	if planned.IsUnknown() || prior.Equal(planned) {
		return
	}
	diags.Append(replacementDiagnostic(p, connection, prior.ValueString(), planned.ValueString()))
}

func (r *connectionResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan connectionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	plan.SecretOptionsWO = writeOnlySecrets(ctx, req.Config, &resp.Diagnostics)
	desired := managedTreeOf(ctx, plan, &resp.Diagnostics)
	fields, diags := plan.topLevel(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	strategy := plan.Strategy.ValueString()
	conn := &client.Connection{Name: plan.Name.ValueString(), Strategy: strategy}
	if desired.all != nil {
		// Merging into nothing drops the configured nulls: on create a null
		// (delete) has nothing to delete.
		conn.Options = encodeRaw(options.Merge(options.Object{}, nil, desired.all, options.RulesFor(strategy)))
	}
	fields.applyTo(conn)

	// Ctrl-C makes terraform cancel ctx (StopProvider) but still wait for
	// Create and save what it returns. A POST the tenant has already
	// committed must therefore be finished and returned, not abandoned:
	// abandoned, it leaves a connection no state tracks and the next apply
	// fails with 409. So the POST and its create-recovery look-up ignore the
	// cancellation for a bounded grace (see finishDespiteCancel). A POST
	// not sent yet, queued behind the rate limiter, is given up at once
	// (WithInterrupt): it has created nothing.
	createCtx, cancel := finishDespiteCancel(ctx, 2*r.data.client.RequestTimeout())
	defer cancel()
	created, err := r.data.client.CreateConnection(client.WithInterrupt(createCtx, ctx), conn)
	if err != nil {
		resp.Diagnostics.Append(r.createErrorDiagnostic(ctx, conn.Name, err))
		return
	}
	r.data.wrote(created.ID)
	tflog.Info(ctx, "created connection", map[string]any{"id": created.ID, "strategy": strategy})

	resp.Diagnostics.Append(setWriteOnlyKeys(ctx, resp.Private, desired.writeOnly)...)
	resp.Diagnostics.Append(setWritten(ctx, resp.Private, writtenBy(desired))...)
	resp.Diagnostics.Append(setUnmanagedBeside(ctx, resp.Private, strategy, created.Options, desired.all)...)
	warnRestoredNulls(desired, created, &resp.Diagnostics)
	resp.Diagnostics.Append(plan.fillFromServer(ctx, created)...)
	plan.SecretOptionsWO = types.StringNull()
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	r.setIdentity(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

// createErrorDiagnostic explains a failed create; for a name conflict it
// looks the existing connection up so the message can give the exact
// import command.
func (r *connectionResource) createErrorDiagnostic(ctx context.Context, name string, err error) diag.Diagnostic {
	if client.IsNameBeingDeleted(err) {
		return nameBeingDeletedDiagnostic(err, name)
	}
	if !client.IsConflict(err) {
		return apiErrorDiagnostic("Creating the connection failed", err)
	}
	existing, findErr := r.data.client.FindConnectionByName(ctx, name)
	if findErr != nil {
		existing = nil
	}
	return connectionExistsDiagnostic(err, name, existing)
}

// writeOnlySecrets reads secret_options_wo from the configuration: a
// write-only value is never in a plan or a state.
func writeOnlySecrets(ctx context.Context, config tfsdk.Config, diags *diag.Diagnostics) types.String {
	var v types.String
	diags.Append(config.GetAttribute(ctx, path.Root("secret_options_wo"), &v)...)
	return v
}

func (r *connectionResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	state, ok := priorState[connectionModel](ctx, &r.resourceBase, req, resp)
	if !ok {
		return
	}

	live, err := r.data.readConnection(ctx, state.ID.ValueString())
	if client.IsNotFound(err) {
		forget(ctx, resp, connectionGoneDiagnostic(fmt.Sprintf("%s (%q)", state.ID.ValueString(), state.Name.ValueString()),
			"it is", "creates it again"))
		return
	}
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Reading the connection failed", err))
		return
	}

	// Without the scope to read options a connection can still be refreshed
	// as long as it manages none.
	managed := managedTreeOf(ctx, state, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	var server options.Object
	if live.Options != nil || !managed.isEmpty() {
		if server, ok = liveOptions(live, &resp.Diagnostics); !ok {
			return
		}
	}
	if written, store := refreshOptionAttributes(ctx, &state, server, req.Private, &resp.Diagnostics); store {
		resp.Diagnostics.Append(setWritten(ctx, resp.Private, written)...)
	}
	writeOnly, diags := writeOnlyKeys(ctx, req.Private)
	resp.Diagnostics.Append(diags...)
	refreshed := managedTreeOf(ctx, state, &resp.Diagnostics)
	resp.Diagnostics.Append(setUnmanagedBeside(ctx, resp.Private, state.Strategy.ValueString(), live.Options,
		withKeys(refreshed.all, writeOnly))...)
	resp.Diagnostics.Append(state.readFrom(ctx, live)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

func (r *connectionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	plan, state, ok := planAndState[connectionModel](ctx, &r.resourceBase, req, resp)
	if !ok {
		return
	}
	id := state.ID.ValueString()

	// Write-only secrets are sent, and their removed keys deleted, only when
	// their version changes: Terraform cannot tell us whether they changed.
	sendWriteOnly := !plan.SecretOptionsWOVersion.Equal(state.SecretOptionsWOVersion)
	if sendWriteOnly {
		plan.SecretOptionsWO = writeOnlySecrets(ctx, req.Config, &resp.Diagnostics)
	}
	var cfg connectionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	desired := managedTreeOf(ctx, plan, &resp.Diagnostics)
	prior := managedTreeOf(ctx, state, &resp.Diagnostics)
	written, _, diags := writtenOf(ctx, req.Private, prior)
	resp.Diagnostics.Append(diags...)
	priorWriteOnly, diags := writeOnlyKeys(ctx, req.Private)
	resp.Diagnostics.Append(diags...)
	planned, diags := plan.topLevel(ctx)
	resp.Diagnostics.Append(diags...)
	current, diags := state.topLevel(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	patch := planned.changesSince(current)

	merge, err := planMerge(optionAttributes(prior, desired, cfg, written), written,
		desired.writeOnly, priorWriteOnly, sendWriteOnly)
	if err != nil {
		resp.Diagnostics.Append(optionSetTwiceDiagnostic("secret_options_wo", merge.attributes, err))
		return
	}
	if merge.needed(sendWriteOnly) {
		merged, ok := r.mergeIntoLive(ctx, id, state.Strategy.ValueString(), merge.prior, merge.desired, &resp.Diagnostics)
		if !ok {
			return
		}
		patch["options"] = encodeRaw(merged)
	}

	if len(patch) > 0 {
		updated, err := r.data.client.UpdateConnection(ctx, id, patch)
		r.data.wrote(id)
		if err != nil {
			resp.Diagnostics.Append(apiErrorDiagnostic("Updating the connection failed", err))
			return
		}
		warnRestoredNulls(desired, updated, &resp.Diagnostics)
		warnRestoredDeletions(merge.deleted, state.Strategy.ValueString(), updated, &resp.Diagnostics)
		managed := desired.all
		if !sendWriteOnly {
			managed = withKeys(managed, priorWriteOnly)
		}
		resp.Diagnostics.Append(setUnmanagedBeside(ctx, resp.Private, state.Strategy.ValueString(), updated.Options, managed)...)
		resp.Diagnostics.Append(plan.fillFromServer(ctx, updated)...)
	} else {
		plan.fillUnknown(state.connectionFields)
	}
	if sendWriteOnly {
		resp.Diagnostics.Append(setWriteOnlyKeys(ctx, resp.Private, desired.writeOnly)...)
	}
	resp.Diagnostics.Append(setWritten(ctx, resp.Private, merge.next)...)
	plan.SecretOptionsWO = types.StringNull()
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// mergeIntoLive reads the connection's current options and applies the
// three-way merge to them. It refuses to go on without them: a PATCH built
// from anything but the live options would delete whatever it lacks.
func (r *connectionResource) mergeIntoLive(ctx context.Context, id, strategy string, prior, desired options.Object, diags *diag.Diagnostics) (options.Object, bool) {
	live, err := r.data.client.GetConnection(ctx, id)
	if err != nil {
		diags.Append(apiErrorDiagnostic("Reading the connection's current options failed", err))
		return nil, false
	}
	current, ok := liveOptions(live, diags)
	if !ok {
		return nil, false
	}
	rules := options.RulesFor(strategy)
	merged := options.Merge(current, prior, desired, rules)
	tflog.Debug(ctx, "merged options into the live connection", map[string]any{
		"id":            id,
		"live_keys":     len(current),
		"managed_paths": len(options.LeafPaths(desired, rules)),
	})
	return merged, true
}

func (r *connectionResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state connectionModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	err := r.data.client.DeleteConnection(ctx, state.ID.ValueString())
	r.data.wrote(state.ID.ValueString())
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Deleting the connection failed", err))
	}
}

// ImportState adopts a connection by id (con_…), by name, or by identity
// (its id), with every live option except the ones the server derives, so
// a configuration generated from the imported state plans clean.
func (r *connectionResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	ref, ok := r.importID(ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}
	ref = strings.TrimSpace(ref)
	live, server := lookUpConnection(ctx, r.data.client, ref, strings.HasPrefix(ref, "con_"), &resp.Diagnostics)
	if live == nil {
		return
	}
	state := connectionModel{
		SecretOptionsWO:        types.StringNull(),
		SecretOptionsWOVersion: types.Int64Null(),
	}
	adoptOptions(ctx, &state, live.Strategy, server, &resp.Diagnostics)
	resp.Diagnostics.Append(state.readFrom(ctx, live)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	// Nothing of it was written by a configuration yet.
	resp.Diagnostics.Append(setWritten(ctx, resp.Private, writtenRecord{})...)
}

// quotedList writes values as Markdown code spans: `a`, `b`.
func quotedList(values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = "`" + v + "`"
	}
	return strings.Join(quoted, ", ")
}
