package options

import (
	"slices"
	"sort"
)

// Deletions that do not do all the plan shows. Merge deletes the written paths a
// configuration no longer has, but Auth0 puts some keys back on every
// update (its strategy defaults), so the plan that shows such a key removed
// would promise a deletion the server undoes. These functions name those
// keys, so the plan and the apply can say so. And a merge deletes only the
// keys a configuration wrote: an object the configuration stops writing
// stays on the server when it holds keys no configuration wrote (a
// database's mfa, where Auth0 adds return_enroll_settings beside the
// configured active), while the plan shows the object removed.

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

// UnmanagedBeside returns, sorted, the paths of the keys server holds inside
// an object managed writes, beside its managed members, that managed does
// not have: the keys a merge keeps when it deletes the object's managed
// members. Atomic objects, replaced whole, have none.
func UnmanagedBeside(server, managed Object, r Rules) []Path {
	var out []Path
	collectBeside(server, managed, nil, r, &out)
	sort.Slice(out, func(i, j int) bool { return lessPath(out[i], out[j]) })
	return out
}

func collectBeside(server, managed Object, base Path, r Rules, out *[]Path) {
	for k, mv := range managed {
		p := base.child(k)
		mo, managedObject := mv.(Object)
		so, serverObject := server[k].(Object)
		if !managedObject || !serverObject || r.isAtomic(p) {
			continue
		}
		for sk := range so {
			if _, ok := mo[sk]; !ok {
				*out = append(*out, p.child(sk))
			}
		}
		collectBeside(so, mo, p, r, out)
	}
}

// KeptObjects returns the objects a plan taking config shows removed that
// stay on the server, and the unmanaged keys that keep them there: removed
// are the written paths the merge deletes, beside the keys UnmanagedBeside
// found when the server was last read. An object config still writes
// somewhere is not removed. Each object is the outermost one config no
// longer has, as the plan shows it.
func KeptObjects(removed []Path, config Object, beside []Path) (objects, kept []Path) {
	for _, b := range beside {
		parent := b[:len(b)-1]
		if hasPath(config, parent) || !anyUnder(removed, parent) {
			continue
		}
		kept = append(kept, b)
		object := outermostAbsent(config, parent)
		if !containsPath(objects, object) {
			objects = append(objects, object)
		}
	}
	return objects, kept
}

// anyUnder reports whether one of paths lies under p.
func anyUnder(paths []Path, p Path) bool {
	for _, q := range paths {
		if underAny(q, []Path{p}) {
			return true
		}
	}
	return false
}

// outermostAbsent returns the shortest prefix of p that config has no value at.
func outermostAbsent(config Object, p Path) Path {
	for i := 1; i < len(p); i++ {
		if !hasPath(config, p[:i]) {
			return p[:i]
		}
	}
	return p
}

func containsPath(paths []Path, p Path) bool {
	for _, q := range paths {
		if slices.Equal(q, p) {
			return true
		}
	}
	return false
}
