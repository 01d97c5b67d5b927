package options

import "strings"

// Rules is what the provider knows about one strategy's options: which key
// paths are secrets, which the server encrypts, derives or consumes, which
// values are replaced whole, whether the strategy takes upstream parameters,
// and the known keys with their JSON types. All of it comes from the data
// tables in tables.go and schema_tables.go; Rules only looks them up.
//
// The zero Rules is valid and equals the generic rules of an unknown
// strategy: nothing strategy-specific is known, but the universal tables
// (secret keys, encrypted configuration values, atomic upstream_params
// entries) still apply, so a client_secret is recognised everywhere.
type Rules struct {
	p *profile
}

// RulesFor returns the rules of a strategy. An unknown strategy gets the
// generic rules (see Rules).
func RulesFor(strategy string) Rules {
	if p, ok := profiles[strategy]; ok {
		return Rules{p: p}
	}
	return Rules{}
}

// Strategy returns the strategy the rules describe, or "" for the generic
// rules.
func (r Rules) Strategy() string {
	if r.p == nil {
		return ""
	}
	return r.p.strategy
}

// IsSecret reports whether the value at p is a secret: it belongs in
// secret_options, is sensitive, and must be masked in logs. A path under a
// secret (configuration.FOO) is secret too; a path above one (signing_key,
// which also holds the public cert) is not.
func (r Rules) IsSecret(p Path) bool {
	return anyCovers(secretKeys, p)
}

// IsServerEncrypted reports whether the server stores the value at p
// encrypted and returns fresh ciphertext on every write (configuration.<any>,
// the custom database settings). Such values are merged by key and never
// compared by value.
func (r Rules) IsServerEncrypted(p Path) bool {
	return anyCovers(encryptedKeys, p)
}

// ServerDerived reports whether the server computes the value at p itself
// (from other options, discovery or certificates), so configuring it is
// pointless or overwritten; hint says what to set instead.
func (r Rules) ServerDerived(p Path) (derived bool, hint string) {
	for _, d := range r.profile().derived {
		if d.path.covers(p) {
			return true, d.hint
		}
	}
	return false, ""
}

// IsServerConsumed reports whether the server consumes the value at p on
// write and never returns it (samlp metadataXml, pingfederate signingCert:
// the server derives other keys from them and drops them). Projection keeps
// the configured value for such paths, because the server can never confirm
// or contradict it. (Added to the contract: without it these keys would show
// as a perpetual diff.)
func (r Rules) IsServerConsumed(p Path) bool {
	return anyCovers(r.profile().consumed, p)
}

// IsRestored reports whether the server puts the value at p back whenever a
// write leaves it out (a strategy default Auth0 re-applies on every
// update): a deletion of it cannot stick.
func (r Rules) IsRestored(p Path) bool {
	return anyCovers(r.profile().restored, p)
}

// isUnreadable reports whether the server never shows the value at p as it
// was written: it is server-encrypted or server-consumed. Only a copy kept
// by the client knows such a value.
func (r Rules) isUnreadable(p Path) bool {
	return r.IsServerEncrypted(p) || r.IsServerConsumed(p)
}

// isAtomic reports whether the value at p is replaced whole and never merged
// key by key: an upstream_params entry is either {"value": …} or
// {"alias": …} (oneOf, additionalProperties false), so merging a new alias
// into an old value would produce an entry the API rejects.
func (r Rules) isAtomic(p Path) bool {
	for _, a := range atomicKeys {
		if a.matches(p) {
			return true
		}
	}
	return false
}

// TakesUpstreamParams is false for the SAML and WS-Federation identity
// providers (samlp, pingfederate, adfs): upstream parameters are OAuth2/OIDC
// request parameters and those protocols have no place to send them, as
// Auth0's documentation says. The API itself stores them anyway, so this is
// for the typed upstream_params attribute, not a server rule.
func (r Rules) TakesUpstreamParams() bool {
	return !r.profile().noUpstreamParams
}

// TakesCrossAppAccess reports whether the strategy's connections take the
// Cross App Access objects (a top-level setting, not an option: the
// strategy's table decides it all the same). Other strategies are refused
// by the API.
func (r Rules) TakesCrossAppAccess() bool {
	return r.profile().crossAppAccess
}

// profile returns the strategy's table entry, or the generic (empty) one.
func (r Rules) profile() *profile {
	if r.p == nil {
		return &genericProfile
	}
	return r.p
}

// profile is one strategy's row in the tables.
type profile struct {
	strategy         string
	fields           map[string]*spec // known top-level keys and their types
	derived          []derivedKey
	consumed         []pattern
	restored         []pattern
	noUpstreamParams bool
	crossAppAccess   bool
	upstreamMax      int // maximum number of upstream_params entries; 0 = no limit
}

var genericProfile = profile{}

// derivedKey is a server-derived key path and what to configure instead.
type derivedKey struct {
	path pattern
	hint string
}

// pattern is a key path in a table; "*" matches any single key.
type pattern []string

func pat(dotted string) pattern { return strings.Split(dotted, ".") }

func pats(dotted ...string) []pattern {
	out := make([]pattern, len(dotted))
	for i, d := range dotted {
		out[i] = pat(d)
	}
	return out
}

// matches reports whether the pattern matches p exactly.
func (q pattern) matches(p Path) bool {
	return len(p) == len(q) && q.covers(p)
}

// covers reports whether the pattern matches p or an ancestor of p.
func (q pattern) covers(p Path) bool {
	if len(p) < len(q) {
		return false
	}
	for i, seg := range q {
		if seg != "*" && seg != p[i] {
			return false
		}
	}
	return true
}

func anyCovers(ps []pattern, p Path) bool {
	for _, q := range ps {
		if q.covers(p) {
			return true
		}
	}
	return false
}
