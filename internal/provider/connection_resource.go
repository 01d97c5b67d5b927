package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
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
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
	"github.com/openauth0/terraform-provider-auth0/internal/options"
)

var (
	_ resource.ResourceWithConfigure      = (*connectionResource)(nil)
	_ resource.ResourceWithValidateConfig = (*connectionResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*connectionResource)(nil)
	_ resource.ResourceWithImportState    = (*connectionResource)(nil)
)

// connectionNamePattern is the create schema's name rule: alphanumeric at
// both ends, single hyphens inside.
var connectionNamePattern = regexp.MustCompile(`^[a-zA-Z0-9](-[a-zA-Z0-9]|[a-zA-Z0-9])*$`)

// privateWriteOnlyKeys is the private-state key under which the key paths of
// the last secret_options_wo sent are kept. The values never enter state; the
// paths are needed so a key dropped from secret_options_wo can be deleted.
const privateWriteOnlyKeys = "secret_options_wo_keys"

type connectionResource struct {
	data *providerData
}

func newConnectionResource() resource.Resource {
	return &connectionResource{}
}

type connectionModel struct {
	ID                     types.String         `tfsdk:"id"`
	Name                   types.String         `tfsdk:"name"`
	Strategy               types.String         `tfsdk:"strategy"`
	DisplayName            types.String         `tfsdk:"display_name"`
	Options                jsontypes.Normalized `tfsdk:"options"`
	SecretOptions          sensitiveJSON        `tfsdk:"secret_options"`
	SecretOptionsWO        types.String         `tfsdk:"secret_options_wo"`
	SecretOptionsWOVersion types.Int64          `tfsdk:"secret_options_wo_version"`
	UpstreamParams         types.Map            `tfsdk:"upstream_params"`
	IsDomainConnection     types.Bool           `tfsdk:"is_domain_connection"`
	ShowAsButton           types.Bool           `tfsdk:"show_as_button"`
	Realms                 types.List           `tfsdk:"realms"`
	Metadata               types.Map            `tfsdk:"metadata"`
	Authentication         types.Object         `tfsdk:"authentication"`
	ConnectedAccounts      types.Object         `tfsdk:"connected_accounts"`
}

func (r *connectionResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_connection"
}

func (r *connectionResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "An Auth0 connection: a source of users such as a database, a social or enterprise identity provider, " +
			"or passwordless email/SMS. Options are merged into what the tenant holds: keys not written in the configuration " +
			"are never deleted, and keys removed from the configuration are deleted and shown so in the plan.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:      true,
				Description:   "The connection's id, `con_` followed by 16 letters and digits.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				Required: true,
				Description: "The connection's name, unique in the tenant: letters, digits and single hyphens, starting and ending " +
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
				Description: "The identity provider type, such as `auth0` (database), `google-oauth2`, `oidc`, `samlp`, `waad` or `email`. " +
					"Changing it replaces the connection, which deletes its users.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:    []validator.String{stringvalidator.OneOf(options.Strategies()...)},
			},
			"display_name": schema.StringAttribute{
				Optional:      true,
				Computed:      true,
				Description:   "Name shown on the login page, at most 128 characters.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
				Validators:    []validator.String{stringvalidator.LengthBetween(1, 128)},
			},
			"options": schema.StringAttribute{
				CustomType: jsontypes.NormalizedType{},
				Optional:   true,
				Computed:   true,
				Description: "The strategy's options as a JSON object, usually written with `jsonencode({...})`. Only the keys written " +
					"here are managed: other keys on the server are kept, a key removed from here is deleted, and a key set to " +
					"`null` is deleted. Key order and whitespace never cause a diff. Secret keys belong in `secret_options`. " +
					"Leaving the attribute out manages no option at all.",
			},
			"secret_options": schema.StringAttribute{
				// Not jsontypes.NormalizedType: see sensitiveJSONType (the
				// framework logs that type's values at TRACE).
				CustomType: sensitiveJSONType{},
				Optional:   true,
				Computed:   true,
				Sensitive:  true,
				Description: "Secret options (such as `client_secret`, `twilio_token`, `configuration`, `signing_key.key`) as a JSON object, " +
					"merged like `options` and kept out of plan output.",
			},
			"secret_options_wo": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				WriteOnly: true,
				Description: "Secret options as a JSON object that never enters the state (Terraform 1.11 and later). They are sent " +
					"when the connection is created and whenever `secret_options_wo_version` changes.",
			},
			"secret_options_wo_version": schema.Int64Attribute{
				Optional:    true,
				Description: "Change this number to send `secret_options_wo` again, for example after rotating a secret.",
				Validators: []validator.Int64{
					int64validator.AlsoRequires(path.MatchRoot("secret_options_wo")),
				},
			},
			"upstream_params": schema.MapNestedAttribute{
				Optional: true,
				Description: "Parameters passed to the identity provider on authorize requests (`options.upstream_params`), " +
					"keyed by the provider's parameter name. Each takes either a static `value` or an `alias` of a parameter " +
					"of the incoming request. SAML and WS-Federation strategies (samlp, pingfederate, adfs) take none.",
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"value": schema.StringAttribute{
							Optional:    true,
							Description: "A static value, such as `myblog.wordpress.com`.",
							Validators: []validator.String{
								stringvalidator.ExactlyOneOf(path.MatchRelative().AtParent().AtName("alias")),
							},
						},
						"alias": schema.StringAttribute{
							Optional:    true,
							Description: "The authorize-request parameter whose value is passed on: one of " + quotedList(options.UpstreamAliases()) + ".",
							Validators:  []validator.String{stringvalidator.OneOf(options.UpstreamAliases()...)},
						},
					},
				},
			},
			"is_domain_connection": schema.BoolAttribute{
				Optional:      true,
				Computed:      true,
				Description:   "Whether the connection is domain level, that is usable by third-party applications.",
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"show_as_button": schema.BoolAttribute{
				Optional:      true,
				Computed:      true,
				Description:   "Whether enterprise connections show a button on the Universal Login page.",
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"realms": schema.ListAttribute{
				ElementType:   types.StringType,
				Optional:      true,
				Computed:      true,
				Description:   "Realms (domains) the connection serves. The server defaults it to `[name]`.",
				PlanModifiers: []planmodifier.List{listplanmodifier.UseStateForUnknown()},
			},
			"metadata": schema.MapAttribute{
				ElementType: types.StringType,
				Optional:    true,
				Computed:    true,
				Description: "Up to 10 string pairs of metadata, each value at most 255 characters. " +
					"Leaving the attribute out keeps whatever metadata the connection has; `{}` removes it all.",
				PlanModifiers: []planmodifier.Map{mapplanmodifier.UseStateForUnknown()},
				Validators: []validator.Map{
					mapvalidator.SizeAtMost(10),
					mapvalidator.ValueStringsAre(stringvalidator.LengthAtMost(255)),
					mapvalidator.KeysAre(stringvalidator.LengthBetween(1, 255)),
				},
			},
			"authentication": schema.SingleNestedAttribute{
				Optional:      true,
				Computed:      true,
				Description:   "Whether the connection can be used for authentication.",
				PlanModifiers: []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
				Attributes: map[string]schema.Attribute{
					"active": schema.BoolAttribute{Required: true, Description: "Whether authentication is enabled."},
				},
			},
			"connected_accounts": schema.SingleNestedAttribute{
				Optional:      true,
				Computed:      true,
				Description:   "Connected-accounts settings: storing the identity provider's tokens for later API calls.",
				PlanModifiers: []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
				Attributes: map[string]schema.Attribute{
					"active":           schema.BoolAttribute{Required: true, Description: "Whether connected accounts are enabled."},
					"cross_app_access": schema.BoolAttribute{Optional: true, Description: "Whether cross-app access is enabled."},
				},
			},
		},
	}
}

func (r *connectionResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// ValidateConfig checks everything that can be checked without the API, so
// bad input fails at plan time and never reaches the tenant.
func (r *connectionResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg connectionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	strategy := ""
	if !cfg.Strategy.IsUnknown() && !cfg.Strategy.IsNull() {
		strategy = cfg.Strategy.ValueString()
	}
	trees := parseConfiguredTrees(cfg, strategy, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if strategy != "" && !cfg.UpstreamParams.IsNull() && !options.RulesFor(strategy).TakesUpstreamParams() {
		resp.Diagnostics.AddAttributeError(path.Root("upstream_params"), "upstream_params not supported by this strategy",
			fmt.Sprintf("Strategy %q is a SAML or WS-Federation identity provider, which takes no upstream parameters. Remove upstream_params.", strategy))
	}
	if trees.public != nil && !cfg.UpstreamParams.IsNull() {
		if _, ok := trees.public["upstream_params"]; ok {
			resp.Diagnostics.AddAttributeError(path.Root("options"), "upstream_params set twice",
				"options contains \"upstream_params\" and the upstream_params attribute is set too. Keep one: the upstream_params attribute is preferred.")
		}
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

	// An options attribute left out of the configuration manages nothing: keep
	// whatever tree the state has, so the plan shows no change and the apply
	// deletes nothing.
	if cfg.Options.IsNull() {
		plan.Options = jsontypes.NewNormalizedNull()
		if state != nil {
			plan.Options = state.Options
		}
	}
	if cfg.SecretOptions.IsNull() {
		plan.SecretOptions = newSensitiveJSONNull()
		if state != nil {
			plan.SecretOptions = state.SecretOptions
		}
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)

	if state != nil {
		warnIfReplacing(path.Root("name"), state.Name, plan.Name, &resp.Diagnostics)
		warnIfReplacing(path.Root("strategy"), state.Strategy, plan.Strategy, &resp.Diagnostics)
	}
}

func warnIfReplacing(p path.Path, prior, planned types.String, diags *diag.Diagnostics) {
	if planned.IsUnknown() || prior.Equal(planned) {
		return
	}
	diags.AddAttributeWarning(p, "Replacing the connection deletes its users",
		fmt.Sprintf("Changing %s from %q to %q destroys connection %q and creates a new one. Every user stored in or linked "+
			"through the old connection is deleted with it. If that is not intended, keep the old value.",
			p, prior.ValueString(), planned.ValueString(), prior.ValueString()))
}

func (r *connectionResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan connectionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	var writeOnly types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("secret_options_wo"), &writeOnly)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.SecretOptionsWO = writeOnly

	strategy := plan.Strategy.ValueString()
	desired := desiredTree(plan, true, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}

	conn := &client.Connection{Name: plan.Name.ValueString(), Strategy: strategy}
	if desired.all != nil {
		// Merging into nothing drops the configured nulls: on create a null
		// (delete) has nothing to delete.
		conn.Options = encodeRaw(options.Merge(options.Object{}, nil, desired.all, options.RulesFor(strategy)))
	}
	fields, diags := plannedTopLevel(ctx, plan)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	fields.applyTo(conn)

	// Ctrl-C makes terraform cancel ctx (StopProvider) but still wait for
	// Create and save what it returns. A POST the tenant has already
	// committed must therefore be finished and returned, not abandoned:
	// abandoned, it leaves a connection no state tracks and the next apply
	// fails with 409. So the POST and its create-recovery look-up ignore the
	// cancellation for a bounded grace (see finishDespiteCancel).
	createCtx, cancel := finishDespiteCancel(ctx, 2*r.data.client.RequestTimeout())
	defer cancel()
	created, err := r.data.client.CreateConnection(createCtx, conn)
	if err != nil {
		resp.Diagnostics.Append(createErrorDiagnostic(ctx, r.data.client, conn.Name, err))
		return
	}
	r.data.wrote(created.ID)
	tflog.Info(ctx, "created connection", map[string]any{"id": created.ID, "strategy": strategy})

	resp.Diagnostics.Append(setWriteOnlyKeys(ctx, resp.Private, desired.writeOnly)...)
	resp.Diagnostics.Append(fillFromServer(ctx, &plan, created)...)
	plan.SecretOptionsWO = types.StringNull()
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *connectionResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state connectionModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}

	live, err := r.data.readConnection(ctx, state.ID.ValueString())
	if client.IsNotFound(err) {
		resp.Diagnostics.AddWarning("Connection no longer exists",
			fmt.Sprintf("Connection %s (%q) was not found in the tenant; it was deleted outside Terraform and is removed from the state. "+
				"The next apply creates it again.", state.ID.ValueString(), state.Name.ValueString()))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Reading the connection failed", err))
		return
	}

	managed := stateTree(state, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if live.Options == nil && !managed.isEmpty() {
		resp.Diagnostics.Append(missingOptionsScope(live.ID))
		return
	}
	if live.Options != nil {
		resp.Diagnostics.Append(projectServerOptions(&state, live, managed)...)
	}
	resp.Diagnostics.Append(readTopLevel(ctx, &state, live)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

func (r *connectionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state connectionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	var writeOnly types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("secret_options_wo"), &writeOnly)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.SecretOptionsWO = writeOnly
	id := state.ID.ValueString()
	strategy := state.Strategy.ValueString()

	// Write-only secrets are sent, and their removed keys deleted, only when
	// their version changes: Terraform cannot tell us whether they changed.
	sendWriteOnly := !plan.SecretOptionsWOVersion.Equal(state.SecretOptionsWOVersion)
	desired := desiredTree(plan, sendWriteOnly, &resp.Diagnostics)
	prior := stateTree(state, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	priorWriteOnly, woDiags := writeOnlyKeys(ctx, req.Private)
	resp.Diagnostics.Append(woDiags...)
	if sendWriteOnly {
		prior.addPaths(priorWriteOnly)
	}

	planned, diags := plannedTopLevel(ctx, plan)
	resp.Diagnostics.Append(diags...)
	current, diags := plannedTopLevel(ctx, state)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	patch := planned.changesSince(current)

	if sendWriteOnly || !options.Equal(prior.all, desired.all) {
		merged, mergeDiags := r.mergeIntoLive(ctx, id, strategy, prior, desired)
		resp.Diagnostics.Append(mergeDiags...)
		if resp.Diagnostics.HasError() {
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
		resp.Diagnostics.Append(fillFromServer(ctx, &plan, updated)...)
	} else {
		fillUnknown(&plan, state)
	}
	if sendWriteOnly {
		resp.Diagnostics.Append(setWriteOnlyKeys(ctx, resp.Private, desired.writeOnly)...)
	}
	plan.SecretOptionsWO = types.StringNull()
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// mergeIntoLive reads the connection's current options and applies the
// three-way merge to them. It refuses to go on without them: a PATCH built
// from anything but the live options would delete whatever it lacks.
func (r *connectionResource) mergeIntoLive(ctx context.Context, id, strategy string, prior, desired managedTree) (options.Object, diag.Diagnostics) {
	var diags diag.Diagnostics
	live, err := r.data.client.GetConnection(ctx, id)
	if err != nil {
		diags.Append(apiErrorDiagnostic("Reading the connection's current options failed", err))
		return nil, diags
	}
	if live.Options == nil {
		diags.Append(missingOptionsScope(id))
		return nil, diags
	}
	liveOptions, err := options.Parse(string(live.Options))
	if err != nil {
		diags.AddError("Unreadable options from the API", fmt.Sprintf("The options of connection %s could not be decoded: %s", id, err))
		return nil, diags
	}
	merged := options.Merge(liveOptions, prior.all, desired.all, options.RulesFor(strategy))
	tflog.Debug(ctx, "merged options into the live connection", map[string]any{
		"id":            id,
		"live_keys":     len(liveOptions),
		"managed_paths": len(options.LeafPaths(desired.all, options.RulesFor(strategy))),
	})
	return merged, diags
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

// ImportState adopts a connection by id (con_…) or by name, with every live
// option except the ones the server derives, so a configuration generated
// from the imported state plans clean.
func (r *connectionResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	ref := strings.TrimSpace(req.ID)
	var (
		live *client.Connection
		err  error
	)
	if strings.HasPrefix(ref, "con_") {
		live, err = r.data.client.GetConnection(ctx, ref)
	} else {
		live, err = r.data.client.FindConnectionByName(ctx, ref)
	}
	if client.IsNotFound(err) {
		resp.Diagnostics.AddError("Connection not found",
			fmt.Sprintf("No connection with id or name %q exists in the tenant. Import takes a connection id (con_…) or its name.", ref))
		return
	}
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Reading the connection to import failed", err))
		return
	}
	if live.Options == nil {
		resp.Diagnostics.Append(missingOptionsScope(live.ID))
		return
	}

	state := connectionModel{
		ID:                     types.StringValue(live.ID),
		Name:                   types.StringValue(live.Name),
		Strategy:               types.StringValue(live.Strategy),
		SecretOptionsWO:        types.StringNull(),
		SecretOptionsWOVersion: types.Int64Null(),
	}
	resp.Diagnostics.Append(importOptions(&state, live)...)
	resp.Diagnostics.Append(readTopLevel(ctx, &state, live)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// createErrorDiagnostic explains a failed create; for a name conflict it
// looks the existing connection up so the message can give the exact
// import command.
func createErrorDiagnostic(ctx context.Context, c *client.Client, name string, err error) diag.Diagnostic {
	if !client.IsConflict(err) {
		return apiErrorDiagnostic("Creating the connection failed", err)
	}
	existing, findErr := c.FindConnectionByName(ctx, name)
	if findErr != nil {
		return diag.NewAttributeErrorDiagnostic(path.Root("name"), "Connection already exists",
			fmt.Sprintf("%s\n\nA connection named %q already exists. Import it with: terraform import auth0_connection.NAME %s",
				err, name, name))
	}
	return diag.NewAttributeErrorDiagnostic(path.Root("name"), "Connection already exists",
		fmt.Sprintf("%s\n\nA connection named %q already exists (%s, strategy %s). Import it with: terraform import auth0_connection.NAME %s",
			err, name, existing.ID, existing.Strategy, existing.ID))
}

// apiErrorDiagnostic quotes the API's errorCode and message verbatim and
// adds what to do for the errors a user can act on.
func apiErrorDiagnostic(summary string, err error) diag.Diagnostic {
	detail := err.Error()
	var apiErr *client.APIError
	if errors.As(err, &apiErr) {
		switch {
		case client.IsForbidden(err):
			detail += "\n\nThe credentials lack a scope this operation needs. Grant it to the application in the Auth0 dashboard " +
				"(APIs > Auth0 Management API > Machine to Machine Applications)."
		case client.IsRateLimited(err):
			detail += "\n\nThe tenant's rate limit was still exhausted after the retries. Lower rate_limit or raise max_retry_wait."
		case client.IsBadRequest(err):
			detail += "\n\nThe API rejected the request body; the message above names the property."
		}
	}
	return diag.NewErrorDiagnostic(summary, detail)
}

func missingOptionsScope(id string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Connection options are not readable",
		fmt.Sprintf("The API returned connection %s without its options: the token lacks the read:connections_options scope "+
			"(and updates need update:connections_options). Without the live options the provider cannot merge, so it sends "+
			"nothing. Grant both scopes to the provider's credentials.", id))
}

func quotedList(values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = "`" + v + "`"
	}
	return strings.Join(quoted, ", ")
}

// attrTypes of the nested objects, for building values from API responses.
var (
	upstreamParamAttrTypes    = map[string]attr.Type{"value": types.StringType, "alias": types.StringType}
	authenticationAttrTypes   = map[string]attr.Type{"active": types.BoolType}
	connectedAccountAttrTypes = map[string]attr.Type{"active": types.BoolType, "cross_app_access": types.BoolType}
)
