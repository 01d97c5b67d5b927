package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openauth0/terraform-provider-auth0/internal/options"
)

// planOptionAttributes sets the planned option attributes of an update.
//
// An attribute the configuration leaves out manages nothing: it keeps the
// state's value. One the configuration writes keeps the state's value too
// when the configuration asks for nothing the state does not hold
// (options.Settled): an adopted connection, whose state holds every live
// key, then plans clean however few keys the configuration writes.
// Otherwise Terraform requires the planned value to be the configuration,
// so the adopted keys it does not write leave the state, although the apply
// keeps them on the server: a warning names them.
func planOptionAttributes(ctx context.Context, cfg, state connectionModel, plan *connectionModel, private privateReader, diags *diag.Diagnostics) {
	rules := options.RulesFor(state.Strategy.ValueString())
	stateTrees := managedTreeOf(ctx, state, diags)
	cfgTrees := managedTreeOf(ctx, cfg, diags)
	written, _, d := writtenOf(ctx, private, stateTrees)
	diags.Append(d...)
	if diags.HasError() {
		return
	}

	optionsKept := keepsState("options", cfg.Options.IsNull(), cfg.Options.IsUnknown(), state.Options.IsNull(),
		cfgTrees.public, publicWithUpstream(cfg, cfgTrees, stateTrees), written.Options, rules, diags)
	if optionsKept {
		plan.Options = state.Options
	}

	secretKept := keepsState("secret_options", cfg.SecretOptions.IsNull(), cfg.SecretOptions.IsUnknown(), state.SecretOptions.IsNull(),
		cfgTrees.secret, stateTrees.secret, written.SecretOptions, rules, diags)
	if secretKept {
		plan.SecretOptions = state.SecretOptions
		sendWriteOnly := !plan.SecretOptionsWOVersion.Equal(state.SecretOptionsWOVersion)
		if cfg.SecretOptions.IsNull() && sendWriteOnly && cfgTrees.writeOnly != nil {
			// The write-only secrets about to be sent take their keys
			// over from the adopted secret_options.
			plan.SecretOptions = secretOptionsValue(options.Omit(stateTrees.secret,
				options.LeafPaths(cfgTrees.writeOnly, options.Rules{})))
		}
	}

	upstreamKept := keepsState("upstream_params", cfg.UpstreamParams.IsNull(), cfg.UpstreamParams.IsUnknown(), state.UpstreamParams.IsNull(),
		options.UpstreamTree(cfgTrees.upstream), options.UpstreamTree(stateTrees.upstream), written.UpstreamParams, rules, diags)
	if upstreamKept {
		plan.UpstreamParams = state.UpstreamParams
		if cfg.UpstreamParams.IsNull() && options.SetsUpstream(cfgTrees.public) && !optionsKept {
			// options now writes the upstream parameters: the attribute
			// lets go of them.
			plan.UpstreamParams = types.MapNull(upstreamParamsType)
		}
	}

	taking := []plannedAttribute{{"options", written.Options, nil}, {"secret_options", written.SecretOptions, stateTrees.secret},
		{"upstream_params", written.UpstreamParams, nil}}
	for i, kept := range []bool{optionsKept, secretKept, upstreamKept} {
		if kept {
			taking[i].name = ""
		}
	}
	warnPlannedRemovals(ctx, private, taking, cfgTrees.all, !plan.SecretOptionsWOVersion.Equal(state.SecretOptionsWOVersion), diags)
}

// publicWithUpstream is the state's options as the configuration's options
// are compared with it. An import puts the upstream parameters in their own
// attribute; a configuration that writes them inside options, as the API
// spells them, is compared with them there, so that it plans clean when it
// writes the values the state holds.
func publicWithUpstream(cfg connectionModel, cfgTrees, stateTrees managedTree) options.Object {
	if !cfg.UpstreamParams.IsNull() || !options.SetsUpstream(cfgTrees.public) ||
		options.SetsUpstream(stateTrees.public) || stateTrees.upstream == nil {
		return stateTrees.public
	}
	joined, err := options.Union(stateTrees.public, options.UpstreamTree(stateTrees.upstream))
	if err != nil {
		return stateTrees.public
	}
	return joined
}

// keepsState decides one option attribute of an update: true when the plan
// keeps the state's value, false when it takes the configuration's.
func keepsState(attribute string, configNull, configUnknown, stateNull bool, config, state options.Object,
	written []options.Path, r options.Rules, diags *diag.Diagnostics) bool {
	switch {
	case configNull:
		return true
	case configUnknown || stateNull:
		return false
	case options.Settled(state, config, written, r):
		return true
	}
	if released := options.Released(state, config, written, r); len(released) > 0 {
		diags.Append(releasedKeysDiagnostic(path.Root(attribute), attributeKeyNames(attribute, released)))
	}
	if kept := options.Undeletable(state, config, written, r); len(kept) > 0 {
		diags.Append(undeletableKeysDiagnostic(path.Root(attribute), attributeKeyNames(attribute, kept)))
	}
	return false
}

// attributeKeyNames names option paths as the attribute holds them:
// options.mfa.active, upstream_params.screen_name.
func attributeKeyNames(attribute string, paths []options.Path) []string {
	names := make([]string, len(paths))
	for i, p := range paths {
		s := p.String()
		switch {
		case attribute == "upstream_params":
			names[i] = s
		case strings.HasPrefix(s, "["):
			names[i] = attribute + s
		default:
			names[i] = attribute + "." + s
		}
	}
	return names
}

// planNewOptionAttributes sets the option attributes a create leaves out
// to null: nothing to manage, nothing the server computes for them.
func planNewOptionAttributes(cfg connectionModel, plan *connectionModel) {
	if cfg.Options.IsNull() {
		plan.Options = jsontypes.NewNormalizedNull()
	}
	if cfg.SecretOptions.IsNull() {
		plan.SecretOptions = newSensitiveJSONNull()
	}
	if cfg.UpstreamParams.IsNull() {
		plan.UpstreamParams = types.MapNull(upstreamParamsType)
	}
}

// refreshOptionAttributes is the option part of a refresh: each attribute
// becomes the server's values at the keys it holds, and a state that awaits
// adoption (see awaitsAdoption) takes every other live option beside them.
// It returns the written record to store, and false when the record must
// stay unset (an adoption still to come).
func refreshOptionAttributes(ctx context.Context, state *connectionModel, server options.Object, private privateReader, diags *diag.Diagnostics) (writtenRecord, bool) {
	managed := managedTreeOf(ctx, *state, diags)
	written, recorded, d := writtenOf(ctx, private, managed)
	diags.Append(d...)
	if diags.HasError() {
		return written, false
	}
	strategy := state.Strategy.ValueString()
	adopt := !recorded && awaitsAdoption(managed, strategy)
	if server == nil {
		// Read without the options scope: nothing to project or adopt.
		return written, !adopt
	}
	projectServerOptions(ctx, state, server, managed, diags)
	if adopt {
		adoptBeside(ctx, state, strategy, server, written, diags)
	}
	return written.present(managedTreeOf(ctx, *state, diags)), true
}

// adoptBeside adds to the state every live option outside the written
// paths, each in the attribute an import would put it in.
func adoptBeside(ctx context.Context, state *connectionModel, strategy string, server options.Object, written writtenRecord, diags *diag.Diagnostics) {
	adopted := options.AdoptBeside(strategy, server, written.all())
	held := managedTreeOf(ctx, *state, diags)
	if diags.HasError() {
		return
	}
	join := func(attribute string, held, more options.Object) options.Object {
		joined, err := options.Union(held, more)
		if err != nil {
			// Only a server holding one key in two shapes gets here; keep
			// what the state had.
			diags.Append(optionSetTwiceDiagnostic(attribute, []string{"the adopted options"}, err))
			return held
		}
		return joined
	}
	if public := join("options", held.public, adopted.Public); len(public) > 0 {
		state.Options = normalizedValue(public)
	}
	if secret := join("secret_options", held.secret, adopted.Secret); len(secret) > 0 {
		state.SecretOptions = secretOptionsValue(secret)
	}
	if adopted.Upstream != nil {
		state.UpstreamParams = upstreamValue(ctx, join("upstream_params", held.upstream, adopted.Upstream), diags)
	}
	if len(adopted.Encrypted) > 0 {
		diags.Append(encryptedNotImportedDiagnostic(adopted.Encrypted))
	}
}

// secretOptionsValue is the secret_options attribute for a tree; an empty
// tree is null (nothing managed).
func secretOptionsValue(o options.Object) sensitiveJSON {
	if len(o) == 0 {
		return newSensitiveJSONNull()
	}
	return newSensitiveJSON(normalizedValue(o))
}
