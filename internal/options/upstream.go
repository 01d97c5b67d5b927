package options

// The upstream parameters have an attribute of their own in the provider,
// but in the options object they are one key, upstream_params, whose
// entries are objects. Merge, Project and the written record all work on
// whole options trees, so the entries travel wrapped in that key.

const upstreamKey = "upstream_params"

// UpstreamTree returns entries as the options object holds them:
// {"upstream_params": entries}, or nil for nil entries.
func UpstreamTree(entries Object) Object {
	if entries == nil {
		return nil
	}
	return Object{upstreamKey: entries}
}

// UpstreamEntries returns the entries of o's upstream_params, or nil when o
// has none or they are not an object.
func UpstreamEntries(o Object) Object {
	entries, _ := o[upstreamKey].(Object)
	return entries
}

// SetsUpstream reports whether o has upstream_params at all, whatever its
// value (null included).
func SetsUpstream(o Object) bool {
	_, ok := o[upstreamKey]
	return ok
}
