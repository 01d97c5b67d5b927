package options

import (
	"fmt"
	"maps"
	"slices"
	"sort"
)

// Merge computes the options object to PATCH. The API replaces a
// connection's options whole, so the result starts from the server's: live
// is the server's current options, prior the managed tree last applied (from
// state: public ∪ secret ∪ upstream_params), desired the managed tree
// configured now.
//
//  1. result = Clone(live)
//  2. every leaf path of prior that is not a path of desired is deleted from
//     result; a parent object that becomes empty because of such a deletion
//     is pruned too, unless desired has that parent path. Atomic values,
//     arrays, scalars and empty objects are leaves.
//  3. desired is overlaid: objects merge recursively (atomic paths are
//     replaced whole); arrays, strings, numbers and booleans replace; a JSON
//     null in desired deletes the key.
//
// Keys the configuration never managed are never touched. None of the inputs
// is modified.
func Merge(live, prior, desired Object, r Rules) Object {
	result := Clone(live)
	if result == nil {
		result = Object{}
	}
	for _, p := range LeafPaths(prior, r) {
		if !hasPath(desired, p) {
			deleteAndPrune(result, p, desired)
		}
	}
	overlay(result, desired, nil, r)
	return result
}

// deleteAndPrune removes p from o, then removes each ancestor that the
// removal left empty, stopping at one that desired still has.
func deleteAndPrune(o Object, p Path, desired Object) {
	parents := make([]Object, 0, len(p))
	cur := o
	for _, seg := range p[:len(p)-1] {
		next, ok := cur[seg].(Object)
		if !ok {
			return // the server has no object here: nothing to delete
		}
		parents = append(parents, cur)
		cur = next
	}
	last := p[len(p)-1]
	if _, ok := cur[last]; !ok {
		return
	}
	delete(cur, last)
	for i := len(parents) - 1; i >= 0; i-- {
		if len(cur) > 0 || hasPath(desired, p[:i+1]) {
			return
		}
		delete(parents[i], p[i])
		cur = parents[i]
	}
}

// overlay writes desired into result at path base.
func overlay(result, desired Object, base Path, r Rules) {
	for _, k := range slices.Sorted(maps.Keys(desired)) {
		v := desired[k]
		p := base.child(k)
		switch dv := v.(type) {
		case nil:
			delete(result, k)
		case Object:
			if r.isAtomic(p) {
				result[k] = cloneValue(dv)
				continue
			}
			target, ok := result[k].(Object)
			if !ok {
				// Absent or not an object on the server: build the object
				// from the configuration alone (its nulls delete nothing).
				target = Object{}
				result[k] = target
			}
			overlay(target, dv, p, r)
		default:
			result[k] = cloneValue(dv)
		}
	}
}

// hasPath reports whether o has a value (of any type, null included) at p.
func hasPath(o Object, p Path) bool {
	_, ok := valueAt(o, p)
	return ok
}

// valueAt returns the value of o at p.
func valueAt(o Object, p Path) (any, bool) {
	var cur any = o
	for _, seg := range p {
		m, ok := cur.(Object)
		if !ok {
			return nil, false
		}
		if cur, ok = m[seg]; !ok {
			return nil, false
		}
	}
	return cur, true
}

// Project returns the server's view of the managed tree: for every path of
// managed, the server's value there.
//
//   - A managed object recurses; an empty one projects to {} when the server
//     has an object there.
//   - An atomic or leaf path takes the server's whole value.
//   - A path the server lacks is absent from the result, except that a
//     managed null stays null (null means "deleted", which is what the server
//     has).
//   - Server-encrypted paths, and server-derived ones the user chose to
//     configure, keep the managed value whenever the server has the key: they
//     cannot be compared by value. Server-consumed paths always keep it, as
//     the server never returns them.
//   - Server keys outside managed never appear.
func Project(server, managed Object, r Rules) Object {
	if managed == nil {
		return nil
	}
	return project(server, managed, nil, r)
}

func project(server, managed Object, base Path, r Rules) Object {
	out := Object{}
	for k, mv := range managed {
		p := base.child(k)
		if v, ok := projectValue(server, k, mv, p, r); ok {
			out[k] = v
		}
	}
	return out
}

// projectValue projects one managed member; ok is false when the result
// must not have the key.
func projectValue(server Object, k string, mv any, p Path, r Rules) (any, bool) {
	if r.IsServerConsumed(p) {
		return cloneValue(mv), true
	}
	sv, onServer := server[k]
	if mv == nil {
		if !onServer {
			return nil, true // deleted, as configured
		}
		return cloneValue(sv), true
	}
	if !onServer {
		return nil, false
	}
	if derived, _ := r.ServerDerived(p); derived || r.IsServerEncrypted(p) {
		return cloneValue(mv), true
	}
	mo, managedObject := mv.(Object)
	so, serverObject := sv.(Object)
	if managedObject && serverObject && !r.isAtomic(p) {
		return project(so, mo, p, r), true
	}
	return cloneValue(sv), true
}

// LeafPaths returns the leaf paths of o, sorted: scalars, arrays, atomic
// values and empty objects are leaves; other objects are descended into.
func LeafPaths(o Object, r Rules) []Path {
	var out []Path
	collectLeaves(o, nil, r, &out)
	sort.Slice(out, func(i, j int) bool { return lessPath(out[i], out[j]) })
	return out
}

func collectLeaves(o Object, base Path, r Rules, out *[]Path) {
	for k, v := range o {
		p := base.child(k)
		if sub, ok := v.(Object); ok && len(sub) > 0 && !r.isAtomic(p) {
			collectLeaves(sub, p, r, out)
			continue
		}
		*out = append(*out, p)
	}
}

func addPath(o Object, p Path) {
	node := o
	for i, key := range p {
		v, exists := node[key]
		if i == len(p)-1 {
			if !exists {
				node[key] = true
			}
			return
		}
		if !exists {
			v = Object{}
			node[key] = v
		}
		child, ok := v.(Object)
		if !ok {
			return
		}
		node = child
	}
}

func lessPath(a, b Path) bool {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return len(a) < len(b)
}

// Union joins disjoint managed trees (options ∪ secret_options ∪
// upstream_params …). Objects present in both merge; any other overlap, even
// of equal values, is an error naming the path: a key belongs to exactly one
// tree. upstream_params entries are atomic, so two trees cannot each bring
// half of one. Nil trees are skipped; the inputs are not modified.
func Union(a, b Object) (Object, error) {
	out := Clone(a)
	if out == nil {
		out = Object{}
	}
	if err := unionInto(out, b, nil); err != nil {
		return nil, err
	}
	return out, nil
}

func unionInto(dst, src Object, base Path) error {
	var generic Rules
	for _, k := range slices.Sorted(maps.Keys(src)) {
		p := base.child(k)
		sv := src[k]
		dv, exists := dst[k]
		if !exists {
			dst[k] = cloneValue(sv)
			continue
		}
		do, dObj := dv.(Object)
		so, sObj := sv.(Object)
		if !dObj || !sObj || generic.isAtomic(p) {
			return fmt.Errorf("%s is set in both", p)
		}
		if err := unionInto(do, so, p); err != nil {
			return err
		}
	}
	return nil
}

// SplitSecrets splits o into the public options and the secret ones, by
// IsSecret: a secret path moves whole to secret; objects holding both (say
// signing_key {key, cert}) are split member by member. An object emptied by
// the split is dropped from public; objects that were empty to begin with
// stay. Neither result shares memory with o.
func SplitSecrets(strategy string, o Object) (public, secret Object) {
	public, secret = Object{}, Object{}
	split(o, nil, RulesFor(strategy), public, secret)
	return public, secret
}

func split(o Object, base Path, r Rules, public, secret Object) {
	for k, v := range o {
		p := base.child(k)
		if r.IsSecret(p) {
			secret[k] = cloneValue(v)
			continue
		}
		sub, ok := v.(Object)
		if !ok || len(sub) == 0 || r.isAtomic(p) {
			public[k] = cloneValue(v)
			continue
		}
		pub, sec := Object{}, Object{}
		split(sub, p, r, pub, sec)
		if len(pub) > 0 {
			public[k] = pub
		}
		if len(sec) > 0 {
			secret[k] = sec
		}
	}
}
