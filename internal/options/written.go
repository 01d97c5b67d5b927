package options

import "slices"

// The written tree. A state can hold more option keys than any
// configuration wrote: an import, or a state taken over from another
// provider, adopts every key the connection has, so that a configuration
// generated from it plans clean. The key paths a configuration did write
// and an apply sent (the written paths) are kept apart from the state's
// value, and they alone are what Merge may delete: an adopted key no
// configuration wrote is released, never deleted.

// Settled reports whether a plan can keep the state's tree instead of the
// configured one, because the configuration asks for nothing the state
// does not already hold:
//
//   - every key config writes holds the state's value there (a configured
//     null: the state holds null there, as it does once the null is
//     applied), and
//   - every written path the state holds a value at is still in config,
//     since one that is not would be deleted (a null the state holds has
//     nothing left to delete).
//
// Keys of state outside both config and written are adopted keys that no
// configuration wrote; they do not count. A nil config settles nothing but
// a state without written keys.
func Settled(state, config Object, written []Path, r Rules) bool {
	if !holds(state, config, nil, r) {
		return false
	}
	for _, p := range written {
		if v, ok := valueAt(state, p); ok && v != nil && !hasPath(config, p) {
			return false
		}
	}
	return true
}

// holds reports whether state has every value of config at base. A
// server-derived key counts as held whatever the values: the server
// computes it from other keys on every write, so sending the configured
// value would change nothing (and an adopted state does not hold it).
func holds(state, config Object, base Path, r Rules) bool {
	for k, cv := range config {
		p := base.child(k)
		if derived, _ := r.ServerDerived(p); derived {
			continue
		}
		sv, onState := state[k]
		switch c := cv.(type) {
		case nil:
			// Only a null the state holds is settled: a key the state
			// lacks may still be on the server (a released key is), so a
			// null newly written must be sent.
			if !onState || sv != nil {
				return false
			}
		case Object:
			so, ok := sv.(Object)
			if !ok {
				return false
			}
			if r.isAtomic(p) {
				if !Equal(c, so) {
					return false
				}
				continue
			}
			if !holds(so, c, p, r) {
				return false
			}
		default:
			if !onState || !Equal(cv, sv) {
				return false
			}
		}
	}
	return true
}

// Released returns, sorted, the leaf paths of state that a plan taking
// config drops from the state although the apply keeps them on the server:
// config does not write them and no configuration wrote them (they are
// neither under nor above a written path: a merge deleting a written key
// removes the (empty) object above it too). A Merge with the written paths
// as its prior leaves every one of them untouched.
func Released(state, config Object, written []Path, r Rules) []Path {
	var out []Path
	for _, p := range LeafPaths(state, r) {
		if !covers(config, p, r) && !underAny(p, written) && !aboveAny(p, written) {
			out = append(out, p)
		}
	}
	return out
}

// aboveAny reports whether p is a proper ancestor of one of paths.
func aboveAny(p Path, paths []Path) bool {
	for _, q := range paths {
		if len(q) > len(p) && slices.Equal(q[:len(p)], p) {
			return true
		}
	}
	return false
}

// covers reports whether the projection of a server tree onto config keeps
// p: config has p, or a value at an ancestor of p that projects whole (a
// scalar, an array or an atomic object).
func covers(config Object, p Path, r Rules) bool {
	cur := config
	for i, seg := range p {
		v, ok := cur[seg]
		if !ok {
			return false
		}
		if i == len(p)-1 {
			return true
		}
		o, isObject := v.(Object)
		if !isObject || r.isAtomic(p[:i+1]) {
			return true
		}
		cur = o
	}
	return false
}

// underAny reports whether p is one of paths or lies under one of them.
func underAny(p Path, paths []Path) bool {
	for _, q := range paths {
		if len(q) <= len(p) && slices.Equal(p[:len(q)], q) {
			return true
		}
	}
	return false
}

// Written returns the written paths as a tree Merge takes as its prior, so
// that Merge counts them as managed and deletes the ones the desired tree no
// longer has. Each leaf is a placeholder (true): Merge reads only the paths,
// and the values of some (write-only secrets sent earlier) are not known. A
// path under another one is covered by it and adds nothing.
func Written(paths []Path) Object {
	out := Object{}
	for _, p := range paths {
		addPath(out, p)
	}
	return out
}

// Omit returns a copy of o without the values at paths and below them;
// an object the removal leaves empty goes too.
func Omit(o Object, paths []Path) Object {
	out := Clone(o)
	if out == nil {
		return nil
	}
	for _, p := range paths {
		if len(p) > 0 {
			deleteAndPrune(out, p, nil)
		}
	}
	return out
}

// Present returns the members of paths at which o has a value (null
// included). Narrowing the written paths to the ones the state still holds
// forgets keys the server lost: should one come back later, say from the
// dashboard, nothing deletes it unless a configuration writes it again.
func Present(paths []Path, o Object) []Path {
	var out []Path
	for _, p := range paths {
		if hasPath(o, p) {
			out = append(out, p)
		}
	}
	return out
}

// Outside returns the members of paths that lie under none of roots.
func Outside(paths, roots []Path) []Path {
	var out []Path
	for _, p := range paths {
		if !underAny(p, roots) {
			out = append(out, p)
		}
	}
	return out
}

// OnlyUnreadable reports whether every leaf of o is one the server never
// shows as it was written: server-encrypted (returned as ciphertext) or
// server-consumed (not returned at all). A state holding nothing else
// cannot be compared with the server, only carried over.
func OnlyUnreadable(o Object, r Rules) bool {
	for _, p := range LeafPaths(o, r) {
		if !r.isUnreadable(p) {
			return false
		}
	}
	return true
}

// OmitReadable returns a copy of o with only the leaves the server never
// shows as written (see OnlyUnreadable): what a state must carry over
// because a refresh cannot read it back.
func OmitReadable(o Object, r Rules) Object {
	var readable []Path
	for _, p := range LeafPaths(o, r) {
		if !r.isUnreadable(p) {
			readable = append(readable, p)
		}
	}
	return Omit(o, readable)
}
