package provider

import (
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
	"github.com/openauth0/terraform-provider-auth0/internal/options"
)

// managedTree is the set of option keys a configuration, a plan or a state
// manages, split by the attribute that holds them. all is their union: the
// tree the three-way merge works on.
type managedTree struct {
	public    options.Object // options
	secret    options.Object // secret_options
	upstream  options.Object // upstream_params, as options.upstream_params holds it
	writeOnly options.Object // secret_options_wo, when the model holds it
	all       options.Object
}

func (t managedTree) isEmpty() bool {
	return len(t.all) == 0
}

// managedTreeOf parses the option attributes of m. secret_options_wo is part
// of the tree when m holds it: a configuration always does, a plan only when
// the write-only secrets are being sent, a state never. Null and unknown
// attributes manage nothing (unknown ones are checked at apply).
func managedTreeOf(ctx context.Context, m connectionModel, diags *diag.Diagnostics) managedTree {
	t := managedTree{
		public:    parseJSONAttribute(path.Root("options"), m.Options.StringValue, diags),
		secret:    parseJSONAttribute(path.Root("secret_options"), m.SecretOptions.StringValue, diags),
		writeOnly: parseJSONAttribute(path.Root("secret_options_wo"), m.SecretOptionsWO, diags),
		upstream:  upstreamTree(ctx, m.UpstreamParams, diags),
	}
	if diags.HasError() {
		return t
	}
	t.all = unionTrees(diags, namedTree{"options", t.public}, namedTree{"secret_options", t.secret},
		namedTree{"secret_options_wo", t.writeOnly}, namedTree{"upstream_params", options.UpstreamTree(t.upstream)})
	return t
}

// validate reports what the strategy's rules find in the configured trees.
func (t managedTree) validate(strategy string, diags *diag.Diagnostics) {
	report := func(attribute string, problems []options.Problem) {
		for _, problem := range problems {
			diags.Append(optionProblemDiagnostic(path.Root(attribute), problem))
		}
	}
	report("options", options.Validate(strategy, t.public))
	report("secret_options", options.ValidateSecrets(strategy, t.secret))
	report("secret_options_wo", options.ValidateSecrets(strategy, t.writeOnly))
}

// parseJSONAttribute returns nil for a null or unknown attribute.
func parseJSONAttribute(p path.Path, v types.String, diags *diag.Diagnostics) options.Object {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	o, err := options.Parse(v.ValueString())
	if err != nil {
		diags.Append(invalidJSONDiagnostic(p, err))
		return nil
	}
	return o
}

type namedTree struct {
	attribute string
	tree      options.Object
}

// unionTrees joins the attributes' trees; a key managed by two attributes is
// a configuration error that names both.
func unionTrees(diags *diag.Diagnostics, trees ...namedTree) options.Object {
	var all options.Object
	var owners []string
	for _, t := range trees {
		if t.tree == nil {
			continue
		}
		joined, err := options.Union(all, t.tree)
		if err != nil {
			diags.Append(optionSetTwiceDiagnostic(t.attribute, owners, err))
			return nil
		}
		all = joined
		owners = append(owners, t.attribute)
	}
	return all
}

// upstreamTree turns the upstream_params attribute into the entries of
// options.upstream_params: {"name": {"value": …}} or {"name": {"alias": …}}.
func upstreamTree(ctx context.Context, m types.Map, diags *diag.Diagnostics) options.Object {
	if m.IsNull() || m.IsUnknown() {
		return nil
	}
	var entries map[string]upstreamParamModel
	diags.Append(m.ElementsAs(ctx, &entries, false)...)
	tree := options.Object{}
	for name, e := range entries {
		entry := options.Object{}
		if known(e.Value) {
			entry["value"] = e.Value.ValueString()
		}
		if known(e.Alias) {
			entry["alias"] = e.Alias.ValueString()
		}
		tree[name] = entry
	}
	return tree
}

// upstreamValue converts options.upstream_params entries back to the
// attribute. Entries of an unexpected shape keep the string fields they have.
func upstreamValue(ctx context.Context, entries options.Object, diags *diag.Diagnostics) types.Map {
	values := map[string]upstreamParamModel{}
	for name, raw := range entries {
		entry, _ := raw.(options.Object)
		values[name] = upstreamParamModel{Value: stringField(entry, "value"), Alias: stringField(entry, "alias")}
	}
	m, d := types.MapValueFrom(ctx, upstreamParamsType, values)
	diags.Append(d...)
	return m
}

func stringField(o options.Object, key string) types.String {
	if s, ok := o[key].(string); ok {
		return types.StringValue(s)
	}
	return types.StringNull()
}

func encodeRaw(o options.Object) json.RawMessage {
	return json.RawMessage(options.Encode(o))
}

func normalizedValue(o options.Object) jsontypes.Normalized {
	return jsontypes.NewNormalizedValue(options.Encode(o))
}

// projectServerOptions refreshes the option attributes: each becomes the
// server's values at the keys it manages, so unmanaged keys never show and
// drift on managed keys always does.
func projectServerOptions(ctx context.Context, state *connectionModel, server options.Object, managed managedTree, diags *diag.Diagnostics) {
	rules := options.RulesFor(state.Strategy.ValueString())
	if managed.public != nil {
		state.Options = normalizedValue(options.Project(server, managed.public, rules))
	}
	if managed.secret != nil {
		state.SecretOptions = newSensitiveJSON(normalizedValue(options.Project(server, managed.secret, rules)))
	}
	if managed.upstream != nil {
		projected := options.Project(server, options.UpstreamTree(managed.upstream), rules)
		state.UpstreamParams = upstreamValue(ctx, options.UpstreamEntries(projected), diags)
	}
}

// adoptOptions sets the option attributes of an imported connection: every
// live option but the server-derived ones, secrets in secret_options and
// upstream parameters in their own attribute. Server-encrypted values stay
// unmanaged: the API returns only their ciphertext, which sent back would
// replace the secret.
func adoptOptions(ctx context.Context, state *connectionModel, strategy string, server options.Object, diags *diag.Diagnostics) {
	adopted := options.Adopt(strategy, server)
	state.UpstreamParams = types.MapNull(upstreamParamsType)
	if adopted.Upstream != nil {
		state.UpstreamParams = upstreamValue(ctx, adopted.Upstream, diags)
	}
	if len(adopted.Encrypted) > 0 {
		diags.Append(encryptedNotImportedDiagnostic(adopted.Encrypted))
	}
	state.Options = jsontypes.NewNormalizedNull()
	if len(adopted.Public) > 0 {
		state.Options = normalizedValue(adopted.Public)
	}
	state.SecretOptions = newSensitiveJSONNull()
	if len(adopted.Secret) > 0 {
		state.SecretOptions = newSensitiveJSON(normalizedValue(adopted.Secret))
	}
}

// warnRestoredNulls warns about the keys the configuration deletes (writes
// as null) that the connection the API answered with holds again: a
// deletion that cannot stick shows as a change in every plan after it, and
// the user should hear why once, when it happens.
func warnRestoredNulls(t managedTree, answered *client.Connection, diags *diag.Diagnostics) {
	if answered == nil || answered.Options == nil {
		return
	}
	server, err := options.Parse(string(answered.Options))
	if err != nil {
		return // Read reports unreadable options
	}
	for _, tree := range []namedTree{{"options", t.public}, {"secret_options", t.secret}} {
		if restored := options.RestoredNulls(tree.tree, server); len(restored) > 0 {
			diags.Append(restoredNullsDiagnostic(path.Root(tree.attribute), attributeKeyNames(tree.attribute, restored)))
		}
	}
}

// warnRestoredDeletions warns about the keys an update deleted, because the
// configuration no longer writes them, that the API answered with again
// although the plan did not foresee it (the ones the strategy's rules
// foresee were warned about in the plan): the apply did not do what the
// plan showed, and the user must hear it.
func warnRestoredDeletions(deleted []namedPaths, strategy string, answered *client.Connection, diags *diag.Diagnostics) {
	if answered == nil || answered.Options == nil {
		return
	}
	server, err := options.Parse(string(answered.Options))
	if err != nil {
		return // Read reports unreadable options
	}
	for _, d := range deleted {
		if back := options.Unforeseen(d.paths, server, options.RulesFor(strategy)); len(back) > 0 {
			diags.Append(restoredDeletionsDiagnostic(path.Root(d.attribute), attributeKeyNames(d.attribute, back)))
		}
	}
}

// withKeys is the managed tree with the key paths of the write-only secrets
// (whose values no state holds) added; a key it has already stays as it is.
func withKeys(managed options.Object, keys []options.Path) options.Object {
	joined, err := options.Union(managed, options.Written(options.Outside(keys, options.LeafPaths(managed, options.Rules{}))))
	if err != nil {
		return managed
	}
	return joined
}
