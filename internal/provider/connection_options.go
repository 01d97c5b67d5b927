package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
	"github.com/openauth0/terraform-provider-auth0/internal/options"
)

// managedTree is the set of option keys a configuration (or a state)
// manages, split by the attribute that holds them. all is their union: the
// tree the three-way merge works on.
type managedTree struct {
	public    options.Object // options
	secret    options.Object // secret_options
	upstream  options.Object // upstream_params, as options.upstream_params holds it
	writeOnly options.Object // secret_options_wo, when it is sent
	all       options.Object
}

func (t managedTree) isEmpty() bool {
	return len(t.all) == 0
}

// addPaths adds key paths whose values are unknown to the provider (the
// write-only secrets sent last time) so the merge deletes the ones that are
// no longer configured.
func (t *managedTree) addPaths(paths []options.Path) {
	if len(paths) == 0 {
		return
	}
	if t.all == nil {
		t.all = options.Object{}
	}
	for _, p := range paths {
		node := t.all
		for i, key := range p {
			if i == len(p)-1 {
				if _, exists := node[key]; !exists {
					node[key] = true // a placeholder leaf: only the path matters
				}
				break
			}
			child, ok := node[key].(options.Object)
			if !ok {
				child = options.Object{}
				node[key] = child
			}
			node = child
		}
	}
}

// parseConfiguredTrees parses and validates the option attributes of a
// configuration. Unknown values are skipped: they are checked at apply.
func parseConfiguredTrees(cfg connectionModel, strategy string, diags *diag.Diagnostics) managedTree {
	var t managedTree
	t.public = parseJSONAttribute(path.Root("options"), cfg.Options.StringValue, diags)
	t.secret = parseJSONAttribute(path.Root("secret_options"), cfg.SecretOptions.StringValue, diags)
	t.writeOnly = parseJSONAttribute(path.Root("secret_options_wo"), cfg.SecretOptionsWO, diags)
	if diags.HasError() {
		return t
	}
	if strategy != "" {
		reportProblems(path.Root("options"), options.Validate(strategy, t.public), diags)
		reportProblems(path.Root("secret_options"), options.ValidateSecrets(strategy, t.secret), diags)
		reportProblems(path.Root("secret_options_wo"), options.ValidateSecrets(strategy, t.writeOnly), diags)
	}
	t.upstream = upstreamTree(context.Background(), cfg.UpstreamParams, diags)
	t.all = unionTrees(diags, namedTree{"options", t.public}, namedTree{"secret_options", t.secret},
		namedTree{"secret_options_wo", t.writeOnly}, namedTree{"upstream_params", wrapUpstream(t.upstream)})
	return t
}

// desiredTree is what the planned configuration manages. Write-only secrets
// are part of it only when they are being sent.
func desiredTree(plan connectionModel, withWriteOnly bool, diags *diag.Diagnostics) managedTree {
	var t managedTree
	t.public = parseJSONAttribute(path.Root("options"), plan.Options.StringValue, diags)
	t.secret = parseJSONAttribute(path.Root("secret_options"), plan.SecretOptions.StringValue, diags)
	if withWriteOnly {
		t.writeOnly = parseJSONAttribute(path.Root("secret_options_wo"), plan.SecretOptionsWO, diags)
	}
	t.upstream = upstreamTree(context.Background(), plan.UpstreamParams, diags)
	t.all = unionTrees(diags, namedTree{"options", t.public}, namedTree{"secret_options", t.secret},
		namedTree{"secret_options_wo", t.writeOnly}, namedTree{"upstream_params", wrapUpstream(t.upstream)})
	return t
}

// stateTree is what the last apply managed, as the state records it.
func stateTree(state connectionModel, diags *diag.Diagnostics) managedTree {
	var t managedTree
	t.public = parseJSONAttribute(path.Root("options"), state.Options.StringValue, diags)
	t.secret = parseJSONAttribute(path.Root("secret_options"), state.SecretOptions.StringValue, diags)
	t.upstream = upstreamTree(context.Background(), state.UpstreamParams, diags)
	t.all = unionTrees(diags, namedTree{"options", t.public}, namedTree{"secret_options", t.secret},
		namedTree{"upstream_params", wrapUpstream(t.upstream)})
	return t
}

// parseJSONAttribute returns nil for a null or unknown attribute.
func parseJSONAttribute(p path.Path, v types.String, diags *diag.Diagnostics) options.Object {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	o, err := options.Parse(v.ValueString())
	if err != nil {
		diags.AddAttributeError(p, "Invalid JSON object", fmt.Sprintf("%s must be a JSON object, as written by jsonencode({...}): %s", p, err))
		return nil
	}
	return o
}

func reportProblems(p path.Path, problems []options.Problem, diags *diag.Diagnostics) {
	for _, pr := range problems {
		detail := pr.Detail
		if len(pr.Path) > 0 {
			detail = fmt.Sprintf("%s.%s: %s", p, pr.Path, pr.Detail)
		}
		if pr.Severity == options.Warning {
			diags.AddAttributeWarning(p, pr.Summary, detail)
		} else {
			diags.AddAttributeError(p, pr.Summary, detail)
		}
	}
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
		if all == nil {
			all = options.Clone(t.tree)
			owners = append(owners, t.attribute)
			continue
		}
		joined, err := options.Union(all, t.tree)
		if err != nil {
			diags.AddAttributeError(path.Root(t.attribute), "Option set twice",
				fmt.Sprintf("%s and %v both set the same option key: %s. Each key belongs in exactly one of them.", t.attribute, owners, err))
			return nil
		}
		all = joined
		owners = append(owners, t.attribute)
	}
	return all
}

type upstreamParamModel struct {
	Value types.String `tfsdk:"value"`
	Alias types.String `tfsdk:"alias"`
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
		if !e.Value.IsNull() && !e.Value.IsUnknown() {
			entry["value"] = e.Value.ValueString()
		}
		if !e.Alias.IsNull() && !e.Alias.IsUnknown() {
			entry["alias"] = e.Alias.ValueString()
		}
		tree[name] = entry
	}
	return tree
}

func wrapUpstream(entries options.Object) options.Object {
	if entries == nil {
		return nil
	}
	return options.Object{"upstream_params": entries}
}

// upstreamValue converts options.upstream_params entries back to the
// attribute. Entries of an unexpected shape keep the string fields they have.
func upstreamValue(entries options.Object, diags *diag.Diagnostics) types.Map {
	elemType := types.ObjectType{AttrTypes: upstreamParamAttrTypes}
	values := map[string]upstreamParamModel{}
	for name, raw := range entries {
		entry, _ := raw.(options.Object)
		values[name] = upstreamParamModel{Value: stringField(entry, "value"), Alias: stringField(entry, "alias")}
	}
	m, d := types.MapValueFrom(context.Background(), elemType, values)
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
func projectServerOptions(state *connectionModel, live *client.Connection, managed managedTree) diag.Diagnostics {
	var diags diag.Diagnostics
	server, err := options.Parse(string(live.Options))
	if err != nil {
		diags.AddError("Unreadable options from the API", fmt.Sprintf("The options of connection %s could not be decoded: %s", live.ID, err))
		return diags
	}
	rules := options.RulesFor(state.Strategy.ValueString())
	if managed.public != nil {
		state.Options = normalizedValue(options.Project(server, managed.public, rules))
	}
	if managed.secret != nil {
		state.SecretOptions = newSensitiveJSON(normalizedValue(options.Project(server, managed.secret, rules)))
	}
	if managed.upstream != nil {
		projected := options.Project(server, wrapUpstream(managed.upstream), rules)
		entries, _ := projected["upstream_params"].(options.Object)
		state.UpstreamParams = upstreamValue(entries, &diags)
	}
	return diags
}

// importOptions adopts every live option but the server-derived ones:
// secrets go to secret_options and upstream_params to its own attribute.
// Server-encrypted values (configuration) cannot be adopted: the API only
// returns ciphertext, which would be sent back as if it were the secret.
func importOptions(state *connectionModel, live *client.Connection) diag.Diagnostics {
	var diags diag.Diagnostics
	server, err := options.Parse(string(live.Options))
	if err != nil {
		diags.AddError("Unreadable options from the API", fmt.Sprintf("The options of connection %s could not be decoded: %s", live.ID, err))
		return diags
	}
	strategy := live.Strategy
	public, secret := options.ImportTree(strategy, server)

	// SAML and WS-Fed connections may hold upstream_params (the API stores
	// them), but the attribute refuses them; they stay in options there.
	rules := options.RulesFor(strategy)
	state.UpstreamParams = types.MapNull(types.ObjectType{AttrTypes: upstreamParamAttrTypes})
	if entries, ok := public["upstream_params"].(options.Object); ok && rules.TakesUpstreamParams() && upstreamEntriesTyped(entries) {
		delete(public, "upstream_params")
		state.UpstreamParams = upstreamValue(entries, &diags)
	}

	var encrypted []options.Path
	for _, p := range options.LeafPaths(secret, rules) {
		if rules.IsServerEncrypted(p) {
			encrypted = append(encrypted, p)
		}
	}
	if len(encrypted) > 0 {
		secret = withoutPaths(secret, encrypted)
		names := make([]string, len(encrypted))
		for i, p := range encrypted {
			names[i] = p.String()
		}
		sort.Strings(names)
		diags.AddWarning("Encrypted options not imported",
			fmt.Sprintf("The API returns only ciphertext for %s, so they were not imported and stay unmanaged (and untouched). "+
				"To manage them, write their plaintext values in secret_options or secret_options_wo.", strings.Join(names, ", ")))
	}

	state.Options = jsontypes.NewNormalizedNull()
	if len(public) > 0 {
		state.Options = normalizedValue(public)
	}
	state.SecretOptions = newSensitiveJSONNull()
	if len(secret) > 0 {
		state.SecretOptions = newSensitiveJSON(normalizedValue(secret))
	}
	return diags
}

// upstreamEntriesTyped reports whether every entry fits the typed attribute:
// exactly one of a string value or alias, nothing else.
func upstreamEntriesTyped(entries options.Object) bool {
	for _, raw := range entries {
		entry, ok := raw.(options.Object)
		if !ok || len(entry) != 1 {
			return false
		}
		_, isValue := entry["value"].(string)
		_, isAlias := entry["alias"].(string)
		if !isValue && !isAlias {
			return false
		}
	}
	return true
}

// withoutPaths removes leaf paths and the objects they leave empty.
func withoutPaths(o options.Object, paths []options.Path) options.Object {
	out := options.Clone(o)
	for _, p := range paths {
		deletePath(out, p)
	}
	return out
}

// deletePath deletes p from o and prunes the parents it leaves empty.
func deletePath(o options.Object, p options.Path) {
	if len(p) == 0 {
		return
	}
	if len(p) == 1 {
		delete(o, p[0])
		return
	}
	child, ok := o[p[0]].(options.Object)
	if !ok {
		return
	}
	deletePath(child, p[1:])
	if len(child) == 0 {
		delete(o, p[0])
	}
}
