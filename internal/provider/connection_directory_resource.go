package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
)

var _ providerResource = (*directoryResource)(nil)

// groupSyncModes are the values of synchronize_groups.
var groupSyncModes = []string{"off", "all", "selected"}

// directoryPart is what the resource and the data source read.
var directoryPart = connectionPart[directoryModel, *client.DirectoryProvisioning]{
	feature: client.FeatureDirectoryProvisioning,
	object:  "the directory provisioning",
	gone:    "directory provisioning",
	fill:    (*directoryModel).fill,
}

type directoryResource struct {
	resourceBase
}

func newDirectoryResource() resource.Resource {
	return &directoryResource{resourceBase{typeName: "connection_directory", feature: client.FeatureDirectoryProvisioning, identity: oneOfConnectionIdentity}}
}

// directoryModel is the resource; the data source has the same attributes.
type directoryModel struct {
	owningConnection
	Mapping                   types.Set    `tfsdk:"mapping"`
	SynchronizeAutomatically  types.Bool   `tfsdk:"synchronize_automatically"`
	SynchronizeGroups         types.String `tfsdk:"synchronize_groups"`
	CreatedAt                 types.String `tfsdk:"created_at"`
	UpdatedAt                 types.String `tfsdk:"updated_at"`
	LastSynchronizationAt     types.String `tfsdk:"last_synchronization_at"`
	LastSynchronizationStatus types.String `tfsdk:"last_synchronization_status"`
	LastSynchronizationError  types.String `tfsdk:"last_synchronization_error"`
}

// directoryDescriptions describe the attributes the resource and the data
// source share.
var directoryDescriptions = map[string]string{
	"connection_name":             "The connection's name.",
	"strategy":                    "The connection's strategy (`google-apps`).",
	"created_at":                  "When directory provisioning was turned on (ISO 8601).",
	"updated_at":                  "When its configuration last changed (ISO 8601).",
	"last_synchronization_at":     "When the last synchronization ran (ISO 8601); null until one has.",
	"last_synchronization_status": "The last synchronization's status; null until one has run.",
	"last_synchronization_error":  "The last synchronization's error, if it failed.",
	"mapping":                     "How Google Workspace user attributes map to Auth0 user attributes: a set of `{ auth0, idp }` objects.",
	"synchronize_automatically":   "Whether users are synchronized periodically (every 30 minutes after the last run completes).",
	"synchronize_groups":          "Which groups are synchronized: `off`, `all`, or `selected` (those of `auth0_connection_directory_synchronized_groups`).",
}

func (r *directoryResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Directory provisioning (directory sync) for a Google Workspace connection (strategy `google-apps`): " +
			"Auth0 creates, updates and blocks users from the Workspace directory. The connection needs the Users API turned on " +
			"(`options.api_enable_users`), and to synchronize groups the Groups API and the groups attribute too " +
			"(`api_enable_groups`, `ext_groups`). Destroying the resource turns directory provisioning off.",
		Attributes: withOwningConnection("The id of a `google-apps` connection (`con_…`), usually `auth0_connection.NAME.id`.",
			directoryDescriptions["strategy"], map[string]schema.Attribute{
				"mapping": schema.SetAttribute{
					ElementType: directoryMapping.objectType(),
					Optional:    true,
					Computed:    true,
					MarkdownDescription: directoryDescriptions["mapping"] + " Also written as `mapping { … }` blocks. It replaces the " +
						"default mapping whole; left out, the connection keeps the mapping it has (the Google Workspace default at first).",
					PlanModifiers: []planmodifier.Set{setplanmodifier.UseStateForUnknown()},
					Validators:    []validator.Set{setvalidator.SizeAtLeast(1), mappingValidator{kind: directoryMapping}},
				},
				"synchronize_automatically": schema.BoolAttribute{
					Optional:            true,
					Computed:            true,
					MarkdownDescription: directoryDescriptions["synchronize_automatically"] + " Defaults to `false`.",
					PlanModifiers:       []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
				},
				"synchronize_groups": schema.StringAttribute{
					Optional:            true,
					Computed:            true,
					MarkdownDescription: directoryDescriptions["synchronize_groups"] + " Defaults to `off`.",
					PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
					Validators:          []validator.String{stringvalidator.OneOf(groupSyncModes...)},
				},
				"created_at": computedString(directoryDescriptions["created_at"]),
				// These change with every update or synchronization: no
				// UseStateForUnknown.
				"updated_at":                  schema.StringAttribute{Computed: true, MarkdownDescription: directoryDescriptions["updated_at"]},
				"last_synchronization_at":     schema.StringAttribute{Computed: true, MarkdownDescription: directoryDescriptions["last_synchronization_at"]},
				"last_synchronization_status": schema.StringAttribute{Computed: true, MarkdownDescription: directoryDescriptions["last_synchronization_status"]},
				"last_synchronization_error":  schema.StringAttribute{Computed: true, MarkdownDescription: directoryDescriptions["last_synchronization_error"]},
			}),
	}
}

// settings returns the fields of the plan that differ from prior (nil for
// a create: every known field).
func (m *directoryModel) settings(prior *directoryModel) client.DirectorySettings {
	var s client.DirectorySettings
	if pairs := directoryMapping.pairs(m.Mapping); pairs != nil && (prior == nil || !prior.Mapping.Equal(m.Mapping)) {
		s.Mapping = make([]client.DirectoryMapping, len(pairs))
		for i, p := range pairs {
			s.Mapping[i] = client.DirectoryMapping{IDP: p.side, Auth0: p.auth0}
		}
	}
	if known(m.SynchronizeAutomatically) && (prior == nil || !prior.SynchronizeAutomatically.Equal(m.SynchronizeAutomatically)) {
		on := m.SynchronizeAutomatically.ValueBool()
		s.SynchronizeAutomatically = &on
	}
	if known(m.SynchronizeGroups) && (prior == nil || !prior.SynchronizeGroups.Equal(m.SynchronizeGroups)) {
		s.SynchronizeGroups = m.SynchronizeGroups.ValueString()
	}
	return s
}

func (m *directoryModel) fill(d *client.DirectoryProvisioning) {
	m.owningConnection = newOwningConnection(d.ConnectionID, d.ConnectionName, d.Strategy)
	m.Mapping = directoryMappingValue(d.Mapping)
	m.SynchronizeAutomatically = types.BoolValue(d.SynchronizeAutomatically)
	m.SynchronizeGroups = types.StringValue(d.SynchronizeGroups)
	m.CreatedAt = types.StringValue(d.CreatedAt)
	m.UpdatedAt = types.StringValue(d.UpdatedAt)
	m.LastSynchronizationAt = optionalString(d.LastSynchronizationAt)
	m.LastSynchronizationStatus = optionalString(d.LastSynchronizationStatus)
	m.LastSynchronizationError = optionalString(d.LastSynchronizationError)
}

func directoryMappingValue(mapping []client.DirectoryMapping) types.Set {
	pairs := make([]mappingPair, len(mapping))
	for i, m := range mapping {
		pairs[i] = mappingPair{auth0: m.Auth0, side: m.IDP}
	}
	return directoryMapping.value(pairs)
}

func (r *directoryResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	directoryPart.create(ctx, &r.resourceBase, "auth0_connection_directory", "directory provisioning", req, resp,
		func(ctx context.Context, connectionID string, plan *directoryModel) (*client.DirectoryProvisioning, error) {
			d, err := r.data.client.CreateDirectoryProvisioning(ctx, connectionID, plan.settings(nil))
			if err == nil {
				tflog.Info(ctx, "created directory provisioning", map[string]any{"connection_id": connectionID})
			}
			return d, err
		})
}

func (r *directoryResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	directoryPart.read(ctx, &r.resourceBase, req, resp, r.data.client.GetDirectoryProvisioning)
}

// Update sends the fields that changed; the others stay as they are.
func (r *directoryResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	plan, state, ok := planAndState[directoryModel](ctx, &r.resourceBase, req, resp)
	if !ok {
		return
	}
	connectionID := plan.ConnectionID.ValueString()
	d, err := r.data.client.UpdateDirectoryProvisioning(ctx, connectionID, plan.settings(&state))
	if err != nil {
		resp.Diagnostics.Append(directoryPart.failed("Updating", connectionID, err))
		return
	}
	plan.fill(d)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// Delete turns directory provisioning off; its group selection goes with
// it. A connection that is gone has nothing left to turn off.
func (r *directoryResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	directoryPart.delete(ctx, "Deleting", req, resp, r.data.client.DeleteDirectoryProvisioning)
}

// ImportState takes the connection's id, or the identity that holds it.
func (r *directoryResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	r.importByConnectionID(ctx, "auth0_connection_directory", req, resp)
}
