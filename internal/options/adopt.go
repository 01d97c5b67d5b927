package options

import (
	"maps"
	"slices"
)

// Adoption is a live connection's options split the way an import adopts
// them: each part goes to the attribute that manages it.
type Adoption struct {
	// Public is every option but the secrets, the server-derived keys and
	// the upstream parameters in Upstream.
	Public Object
	// Secret is the secret options, without the server-encrypted ones.
	Secret Object
	// Upstream is the upstream_params entries when the strategy takes
	// upstream parameters and every entry is well formed; nil otherwise,
	// and then upstream_params stays in Public as the server has it.
	Upstream Object
	// Encrypted lists, sorted, the server-encrypted paths left out of
	// Secret: the server returns them only as ciphertext, which sent back
	// would replace the secret, so nobody can adopt their values.
	Encrypted []Path
}

// Adopt splits live options for import. Adopted this way the state projects
// back onto itself, so a configuration written from it plans clean, and
// merging it back into the live options changes nothing.
//
// Stored nulls (ips:null, tokenURL:null) are not adopted: in a managed tree
// null means "delete this key", so adopting them would make the next update
// delete keys the user never asked to touch.
func Adopt(strategy string, live Object) Adoption {
	r := RulesFor(strategy)
	var a Adoption
	a.Public, a.Secret = SplitSecrets(strategy, importable(live, nil, r))

	if entries := UpstreamEntries(a.Public); entries != nil && r.TakesUpstreamParams() && wellFormedUpstreamParams(entries) {
		delete(a.Public, upstreamKey)
		a.Upstream = entries
	}
	for _, p := range LeafPaths(a.Secret, r) {
		if r.IsServerEncrypted(p) {
			a.Encrypted = append(a.Encrypted, p)
		}
	}
	for _, p := range a.Encrypted {
		deleteAndPrune(a.Secret, p, nil)
	}
	return a
}

// AdoptBeside is Adopt for a state that already holds written keys (see
// Settled): the adoption leaves out every path under a written one, so the
// written keys keep the values the state has for them (the server may
// return only ciphertext there, or nothing) and no key lands in two
// attributes. Upstream entries are matched as options.upstream_params.NAME.
func AdoptBeside(strategy string, live Object, written []Path) Adoption {
	a := Adopt(strategy, live)
	if len(written) == 0 {
		return a
	}
	a.Public = Omit(a.Public, written)
	a.Secret = Omit(a.Secret, written)
	if a.Upstream != nil {
		a.Upstream = UpstreamEntries(Omit(UpstreamTree(a.Upstream), written))
	}
	var encrypted []Path
	for _, p := range a.Encrypted {
		if !underAny(p, written) {
			encrypted = append(encrypted, p)
		}
	}
	a.Encrypted = encrypted
	return a
}

// importable copies o without the server-derived paths and null values.
func importable(o Object, base Path, r Rules) Object {
	out := Object{}
	for k, v := range o {
		p := base.child(k)
		if derived, _ := r.ServerDerived(p); derived || v == nil {
			continue
		}
		if sub, ok := v.(Object); ok && !r.isAtomic(p) {
			out[k] = importable(sub, p, r)
			continue
		}
		out[k] = cloneValue(v)
	}
	return out
}

// wellFormedUpstreamParams reports whether every entry passes the checks
// Validate makes of an upstream parameter: exactly one of a string value or
// a known alias, nothing else.
func wellFormedUpstreamParams(entries Object) bool {
	v := &validator{}
	for _, name := range slices.Sorted(maps.Keys(entries)) {
		v.upstreamEntry(Path{"upstream_params", name}, entries[name])
	}
	return len(v.problems) == 0
}
