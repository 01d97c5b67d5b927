package provider

import (
	"context"
	"errors"
	"regexp"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
)

var _ providerResource = (*synchronizedGroupsResource)(nil)

// groupIDPattern is the shape of a Google Workspace group id the API
// accepts: 1 to 32 letters and digits.
var groupIDPattern = regexp.MustCompile(`^[A-Za-z0-9]{1,32}$`)

// synchronizedGroupsPart is what the resource and the data source read.
// Its object is gone with the connection's directory provisioning.
var synchronizedGroupsPart = connectionPart[synchronizedGroupsModel, []client.SynchronizedGroup]{
	feature: client.FeatureDirectoryProvisioning,
	object:  "the synchronized groups",
	gone:    "directory provisioning",
	fill: func(m *synchronizedGroupsModel, groups []client.SynchronizedGroup) {
		m.ID = m.ConnectionID
		m.GroupIDs = stringSetValue(groupIDsOf(groups))
	},
}

type synchronizedGroupsResource struct {
	resourceBase
}

func newSynchronizedGroupsResource() resource.Resource {
	return &synchronizedGroupsResource{resourceBase{
		typeName: "connection_directory_synchronized_groups", feature: client.FeatureDirectoryProvisioning, identity: oneOfConnectionIdentity,
	}}
}

type synchronizedGroupsModel struct {
	ID           types.String `tfsdk:"id"`
	ConnectionID types.String `tfsdk:"connection_id"`
	GroupIDs     types.Set    `tfsdk:"group_ids"`
}

func (r *synchronizedGroupsResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The Google Workspace groups a connection's directory provisioning synchronizes when its " +
			"`synchronize_groups` is `selected`, managed as a whole: after apply exactly these groups are selected, and groups " +
			"selected elsewhere show as drift. Use one per connection. Creating it replaces the connection's selection; an " +
			"update sends only the difference, removals first, at most 100 groups a request; destroying it clears the selection.",
		Attributes: map[string]schema.Attribute{
			"id": computedString("The connection's id."),
			"connection_id": connectionIDAttribute("The id of a `google-apps` connection with directory provisioning, usually " +
				"`auth0_connection_directory.NAME.connection_id` so the provisioning exists first."),
			"group_ids": schema.SetAttribute{
				ElementType: types.StringType,
				Required:    true,
				MarkdownDescription: "The ids of the Google Workspace groups to synchronize (1 to 32 letters and digits each). " +
					"An empty set selects none.",
				Validators: []validator.Set{
					setvalidator.ValueStringsAre(stringvalidator.RegexMatches(groupIDPattern,
						"must be a Google Workspace group id: 1 to 32 letters and digits")),
				},
			},
		},
	}
}

// Create replaces the connection's selection with the configured groups.
func (r *synchronizedGroupsResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan synchronizedGroupsModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	desired := stringSet(ctx, plan.GroupIDs, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	connectionID := plan.ConnectionID.ValueString()
	if err := r.data.client.ReplaceSynchronizedGroups(ctx, connectionID, groupsWithIDs(minus(desired, nil))); err != nil {
		resp.Diagnostics.Append(synchronizedGroupsPart.failed("Selecting", connectionID, err))
		return
	}
	tflog.Info(ctx, "selected synchronized groups", map[string]any{"connection_id": connectionID, "groups": len(desired)})
	plan.ID = plan.ConnectionID
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	r.setIdentity(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *synchronizedGroupsResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	synchronizedGroupsPart.read(ctx, &r.resourceBase, req, resp, r.data.client.ListSynchronizedGroups)
}

// Update sends the difference between the refreshed state and the plan.
// When a request fails, the state records what went through, so the next
// plan shows exactly what is left to do.
func (r *synchronizedGroupsResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	plan, state, ok := planAndState[synchronizedGroupsModel](ctx, &r.resourceBase, req, resp)
	if !ok {
		return
	}
	desired := stringSet(ctx, plan.GroupIDs, &resp.Diagnostics)
	current := stringSet(ctx, state.GroupIDs, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	connectionID := plan.ConnectionID.ValueString()
	remove, add := minus(current, desired), minus(desired, current)
	err := r.data.client.ChangeSynchronizedGroups(ctx, connectionID, remove, groupsWithIDs(add))
	if err != nil {
		resp.Diagnostics.Append(synchronizedGroupsPart.failed("Changing", connectionID, err))
		var partial *client.SynchronizedGroupsError
		if errors.As(err, &partial) {
			state.GroupIDs = stringSetValue(minus(append(minus(current, partial.Removed), partial.Added...), nil))
			resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
		}
		return
	}
	tflog.Info(ctx, "changed synchronized groups", map[string]any{"connection_id": connectionID, "removed": len(remove), "added": len(add)})
	plan.ID = plan.ConnectionID
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// Delete clears the selection. Without a directory provisioning (or a
// connection) there is none to clear.
func (r *synchronizedGroupsResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	synchronizedGroupsPart.delete(ctx, "Clearing", req, resp, r.clearGroups)
}

func (r *synchronizedGroupsResource) clearGroups(ctx context.Context, connectionID string) error {
	return r.data.client.ReplaceSynchronizedGroups(ctx, connectionID, nil)
}

// ImportState takes the connection's id, or the identity that holds it.
func (r *synchronizedGroupsResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	r.importByConnectionID(ctx, "auth0_connection_directory_synchronized_groups", req, resp)
}

// minus returns the members of a that are not in b, sorted and unique
// (selections can hold thousands of groups: no quadratic scan).
func minus(a, b []string) []string {
	drop := make(map[string]bool, len(b))
	for _, id := range b {
		drop[id] = true
	}
	out := []string{}
	for _, id := range a {
		if !drop[id] {
			drop[id] = true
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

func groupsWithIDs(ids []string) []client.SynchronizedGroup {
	groups := make([]client.SynchronizedGroup, len(ids))
	for i, id := range ids {
		groups[i] = client.SynchronizedGroup{ID: id}
	}
	return groups
}

func groupIDsOf(groups []client.SynchronizedGroup) []string {
	ids := make([]string, len(groups))
	for i, g := range groups {
		ids[i] = g.ID
	}
	return ids
}
