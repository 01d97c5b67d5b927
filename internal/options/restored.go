package options

// Deletions that cannot stick. Merge deletes the written paths a
// configuration no longer has, but Auth0 puts some keys back on every
// update (its strategy defaults), so the plan that shows such a key removed
// would promise a deletion the server undoes. These functions name those
// keys, so the plan and the apply can say so.

// Deleted returns the members of written at which desired has no value:
// the paths Merge deletes when written is its prior.
func Deleted(written []Path, desired Object) []Path {
	var out []Path
	for _, p := range written {
		if !hasPath(desired, p) {
			out = append(out, p)
		}
	}
	return out
}

// Undeletable returns the written paths that a plan taking config shows
// removed (state holds a value there, config has none) but that the server
// restores whenever they are absent (Rules.IsRestored): the apply cannot
// delete them, and they stay on the server, unmanaged.
func Undeletable(state, config Object, written []Path, r Rules) []Path {
	var out []Path
	for _, p := range Deleted(written, config) {
		if v, ok := valueAt(state, p); ok && v != nil && r.IsRestored(p) {
			out = append(out, p)
		}
	}
	return out
}

// Unforeseen returns the deleted paths that server, the options an update
// was answered with, holds again although the rules do not say the server
// restores them: a default of Auth0's that the tables do not know yet.
func Unforeseen(deleted []Path, server Object, r Rules) []Path {
	var out []Path
	for _, p := range Present(deleted, server) {
		if v, _ := valueAt(server, p); v != nil && !r.IsRestored(p) {
			out = append(out, p)
		}
	}
	return out
}
