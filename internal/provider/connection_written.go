package provider

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/openauth0/terraform-provider-auth0/internal/options"
)

// privateWrittenOptions is the private-state key of the written record.
const privateWrittenOptions = "written_options"

// writtenRecord lists, per option attribute, the key paths a configuration
// wrote there and an apply sent. The merge deletes only these. A key the
// state holds beyond them was adopted (by an import, or from an auth0/auth0
// state) so that a configuration written from the state plans clean; no
// configuration wrote it, so it is released, never deleted, when a
// configuration does not write it. Paths are those of the options object:
// an upstream_params entry is upstream_params.NAME.
//
// The record lives in the resource's private state: beside the state, never
// shown, and known at every plan, refresh and apply.
type writtenRecord struct {
	Options        []options.Path `json:"options,omitempty"`
	SecretOptions  []options.Path `json:"secret_options,omitempty"`
	UpstreamParams []options.Path `json:"upstream_params,omitempty"`
}

// writtenBy is the record of trees an apply has just sent whole.
func writtenBy(t managedTree) writtenRecord {
	var generic options.Rules
	return writtenRecord{
		Options:        options.LeafPaths(t.public, generic),
		SecretOptions:  options.LeafPaths(t.secret, generic),
		UpstreamParams: options.LeafPaths(options.UpstreamTree(t.upstream), generic),
	}
}

func (w writtenRecord) all() []options.Path {
	return slices.Concat(w.Options, w.SecretOptions, w.UpstreamParams)
}

// present narrows the record to the paths the refreshed state still holds:
// a key the server lost is forgotten, so should it come back (say from the
// dashboard) no apply deletes it unless a configuration writes it again.
func (w writtenRecord) present(t managedTree) writtenRecord {
	return writtenRecord{
		Options:        options.Present(w.Options, t.public),
		SecretOptions:  options.Present(w.SecretOptions, t.secret),
		UpstreamParams: options.Present(w.UpstreamParams, options.UpstreamTree(t.upstream)),
	}
}

// writtenOf returns the record of a state. A state without one was written
// by an older version of this provider or by a state upgrader: whatever it
// holds was written by a configuration (an older state manages exactly the
// keys its configuration wrote; an upgraded auth0/auth0 state holds only the
// values the server cannot show, which the old configuration wrote), so its
// own trees are the record. recorded is false then.
func writtenOf(ctx context.Context, private privateReader, state managedTree) (w writtenRecord, recorded bool, diags diag.Diagnostics) {
	raw, diags := private.GetKey(ctx, privateWrittenOptions)
	if diags.HasError() || len(raw) == 0 {
		return writtenBy(state), false, diags
	}
	if err := json.Unmarshal(raw, &w); err != nil {
		diags.Append(writtenRecordUnreadableDiagnostic())
		return writtenBy(state), false, diags
	}
	return w, true, diags
}

// setWritten stores the record.
func setWritten(ctx context.Context, private privateWriter, w writtenRecord) diag.Diagnostics {
	raw, err := json.Marshal(w)
	if err != nil {
		return diag.Diagnostics{writtenRecordNotStoredDiagnostic(err)}
	}
	return private.SetKey(ctx, privateWrittenOptions, raw)
}

// awaitsAdoption reports whether a state without a record holds no option
// the server can show: a state upgraded from auth0/auth0 (whose options
// come from the tenant, beside the few values only the old state knows),
// or one that managed no options. Its refresh adopts the live options, as
// an import does.
func awaitsAdoption(state managedTree, strategy string) bool {
	r := options.RulesFor(strategy)
	return state.upstream == nil && options.OnlyUnreadable(state.public, r) && options.OnlyUnreadable(state.secret, r)
}

// optionAttribute is one of the attributes that hold options, with its tree
// in the state and the plan (in options coordinates: upstream_params
// wrapped), whether the configuration leaves it out, and its written paths.
type optionAttribute struct {
	name        string
	state, plan options.Object
	configNull  bool
	written     []options.Path
}

// optionAttributes pairs the state's and the plan's trees of the three
// option attributes.
func optionAttributes(state, plan managedTree, cfg connectionModel, w writtenRecord) []optionAttribute {
	return []optionAttribute{
		{name: "options", state: state.public, plan: plan.public, configNull: cfg.Options.IsNull(), written: w.Options},
		{name: "secret_options", state: state.secret, plan: plan.secret, configNull: cfg.SecretOptions.IsNull(), written: w.SecretOptions},
		{name: "upstream_params", state: options.UpstreamTree(state.upstream), plan: options.UpstreamTree(plan.upstream),
			configNull: cfg.UpstreamParams.IsNull(), written: w.UpstreamParams},
	}
}

// takesConfig reports whether the plan changes the attribute to what the
// configuration writes (or, for upstream_params the configuration now
// writes inside options, to nothing): then the apply sends it, and its
// written paths become the configuration's.
func (a optionAttribute) takesConfig() bool {
	differs := (a.plan == nil) != (a.state == nil) || !options.Equal(a.plan, a.state)
	return differs && (!a.configNull || a.plan == nil)
}

// plannedMerge is what an update merges into the live options: the
// attributes whose plan takes the configuration, deleting only their
// written paths, and the write-only secrets when they are sent. Attributes
// the plan keeps are left out, so their keys, written or adopted, are
// neither deleted nor rewritten.
type plannedMerge struct {
	prior, desired options.Object
	attributes     []string // that take the configuration
	next           writtenRecord
	deleted        []namedPaths // the written paths the merge deletes, by attribute
}

// namedPaths are option paths of one attribute.
type namedPaths struct {
	attribute string
	paths     []options.Path
}

func planMerge(attrs []optionAttribute, w writtenRecord, writeOnly options.Object, priorWriteOnly []options.Path, sendWriteOnly bool) (plannedMerge, error) {
	m := plannedMerge{next: w}
	var priorPaths []options.Path
	var generic options.Rules
	for _, a := range attrs {
		if !a.takesConfig() {
			continue
		}
		m.attributes = append(m.attributes, a.name)
		priorPaths = append(priorPaths, a.written...)
		joined, err := options.Union(m.desired, a.plan)
		if err != nil {
			return m, err
		}
		m.desired = joined
		paths := options.LeafPaths(a.plan, generic)
		switch a.name {
		case "options":
			m.next.Options = paths
		case "secret_options":
			m.next.SecretOptions = paths
		case "upstream_params":
			m.next.UpstreamParams = paths
		}
	}
	if sendWriteOnly {
		priorPaths = append(priorPaths, priorWriteOnly...)
		joined, err := options.Union(m.desired, writeOnly)
		if err != nil {
			return m, err
		}
		m.desired = joined
		// The write-only secrets now own their keys.
		m.next.SecretOptions = options.Outside(m.next.SecretOptions, options.LeafPaths(writeOnly, generic))
	}
	m.prior = options.Written(priorPaths)
	for _, a := range attrs {
		if slices.Contains(m.attributes, a.name) {
			m.deleted = append(m.deleted, namedPaths{a.name, options.Deleted(a.written, m.desired)})
		}
	}
	if sendWriteOnly {
		m.deleted = append(m.deleted, namedPaths{"secret_options_wo", options.Deleted(priorWriteOnly, m.desired)})
	}
	return m, nil
}

func (m plannedMerge) needed(sendWriteOnly bool) bool {
	return len(m.attributes) > 0 || sendWriteOnly
}
