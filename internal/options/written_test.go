package options

import (
	"slices"
	"strings"
	"testing"
)

// paths parses "a.b,c" into [{a b} {c}]; "" is none.
func paths(dotted string) []Path {
	if dotted == "" {
		return nil
	}
	var out []Path
	for _, d := range strings.Split(dotted, ",") {
		out = append(out, Path(strings.Split(d, ".")))
	}
	return out
}

func pathStrings(ps []Path) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = p.String()
	}
	return strings.Join(s, ",")
}

// The default database connection as a tenant holds it, adopted whole.
const adoptedDatabase = `{"authentication_methods":{"passkey":{"enabled":false},"password":{"enabled":true}},
	"brute_force_protection":true,"mfa":{"active":true,"return_enroll_settings":true},
	"passkey_options":{"challenge_ui":"both"},"passwordPolicy":"good","strategy_version":2}`

func TestSettled(t *testing.T) {
	tests := []struct {
		name, state, config string
		written             string
		want                bool
	}{
		{"adopted: a configuration writing two keys with the server's values", adoptedDatabase,
			`{"passwordPolicy":"good","brute_force_protection":true}`, "", true},
		{"adopted: nested keys are compared one by one", adoptedDatabase,
			`{"mfa":{"active":true},"authentication_methods":{"password":{"enabled":true}}}`, "", true},
		{"adopted: an empty configuration", adoptedDatabase, `{}`, "", true},
		{"adopted: a changed value", adoptedDatabase, `{"passwordPolicy":"fair"}`, "", false},
		{"adopted: a new key", adoptedDatabase, `{"disable_signup":true}`, "", false},
		{"adopted: null of a key the server has", adoptedDatabase, `{"strategy_version":null}`, "", false},
		{"null of a key the state lacks: it may be a released key still on the server", adoptedDatabase, `{"import_mode":null}`, "", false},
		{"null the state holds as null", `{"a":null,"b":1}`, `{"a":null}`, "a", true},
		{"an object where the state has a scalar", `{"a":1}`, `{"a":{"b":1}}`, "", false},
		{"an empty object matches any object", adoptedDatabase, `{"mfa":{}}`, "", true},
		{"an empty object does not match a missing one", `{}`, `{"mfa":{}}`, "", false},
		{"arrays compare whole", `{"a":[1,2]}`, `{"a":[1]}`, "", false},
		{"atomic upstream entries compare whole", `{"upstream_params":{"x":{"value":"1"}}}`,
			`{"upstream_params":{"x":{}}}`, "", false},
		{"written: the configuration is the state", `{"a":1,"b":2}`, `{"a":1,"b":2}`, "a,b", true},
		{"written: a key removed from the configuration is a change", `{"a":1,"b":2}`, `{"a":1}`, "a,b", false},
		{"written: a key the server lost and the configuration dropped", `{"a":1}`, `{"a":1}`, "a,b", true},
		{"written: a null dropped from the configuration", `{"a":1,"b":null}`, `{"a":1}`, "a,b", true},
		{"mixed: adopted keys beside written ones", `{"a":1,"b":2,"c":3}`, `{"a":1}`, "a", true},
		{"mixed: a written nested key dropped", `{"mfa":{"active":true,"x":1}}`, `{"mfa":{}}`, "mfa.active", false},
		{"nil configuration and nothing written", adoptedDatabase, ``, "", true},
		{"a configured server-derived key changes nothing", `{"client_id":"g"}`, `{"client_id":"g","scope":["email"]}`, "", true},
		{"nil configuration with written keys", `{"a":1}`, ``, "a", false},
	}
	for _, tt := range tests {
		r := RulesFor("auth0")
		if strings.Contains(tt.name, "derived") {
			r = RulesFor("google-oauth2")
		}
		t.Run(tt.name, func(t *testing.T) {
			got := Settled(jo(t, tt.state), jo(t, tt.config), paths(tt.written), r)
			if got != tt.want {
				t.Errorf("Settled = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestReleased(t *testing.T) {
	tests := []struct {
		name, state, config, written, want string
	}{
		{"adopted keys the configuration does not write", adoptedDatabase, `{"passwordPolicy":"fair","brute_force_protection":true}`, "",
			"authentication_methods.passkey.enabled,authentication_methods.password.enabled,mfa.active,mfa.return_enroll_settings," +
				"passkey_options.challenge_ui,strategy_version"},
		{"nested: siblings of a written key", adoptedDatabase, `{"mfa":{"active":false},"authentication_methods":{},"passkey_options":{"challenge_ui":"both"}}`, "",
			"authentication_methods.passkey.enabled,authentication_methods.password.enabled,brute_force_protection,mfa.return_enroll_settings,passwordPolicy,strategy_version"},
		{"a configured scalar covers an object", `{"a":{"b":1,"c":2}}`, `{"a":5}`, "", ""},
		{"a configured null covers the key", `{"a":1,"b":2}`, `{"a":null}`, "", "b"},
		{"atomic entries are one leaf", `{"upstream_params":{"x":{"value":"1"},"y":{"alias":"prompt"}}}`, `{"upstream_params":{"x":{"value":"2"}}}`, "",
			"upstream_params.y"},
		{"written keys are deleted, not released", `{"a":1,"b":2,"c":3}`, `{"a":1}`, "a,b", "c"},
		{"keys under a written path are deleted", `{"mfa":{"active":true,"x":1},"z":1}`, `{}`, "mfa", "z"},
		{"nothing released from a written state", `{"a":1,"b":2}`, `{"a":2}`, "a,b", ""},
	}
	r := RulesFor("auth0")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := pathStrings(Released(jo(t, tt.state), jo(t, tt.config), paths(tt.written), r))
			if got != tt.want {
				t.Errorf("Released = %s\n             want %s", got, tt.want)
			}
		})
	}
}

// An adopted connection whose configuration changes one key: the merge
// with the written paths as prior keeps every released key on the server,
// and what leaves the state is exactly Released.
func TestReleasedKeysStayOnTheServer(t *testing.T) {
	r := RulesFor("auth0")
	live := jo(t, adoptedDatabase)
	config := jo(t, `{"passwordPolicy":"fair","mfa":{"active":false}}`)
	merged := Merge(live, Written(nil), config, r)
	assertJSON(t, "merged", merged, `{"authentication_methods":{"passkey":{"enabled":false},"password":{"enabled":true}},
		"brute_force_protection":true,"mfa":{"active":false,"return_enroll_settings":true},
		"passkey_options":{"challenge_ui":"both"},"passwordPolicy":"fair","strategy_version":2}`)

	state := Project(merged, config, r)
	released := Released(live, config, nil, r)
	for _, p := range released {
		if hasPath(state, p) {
			t.Errorf("%s is released but still in the state %s", p, Encode(state))
		}
		if !hasPath(merged, p) {
			t.Errorf("%s is released but the merge deleted it", p)
		}
	}
	for _, p := range LeafPaths(live, r) {
		if !hasPath(state, p) && !slices.ContainsFunc(released, func(q Path) bool { return slices.Equal(p, q) }) {
			t.Errorf("%s left the state without being named released", p)
		}
	}
}

func TestOmit(t *testing.T) {
	o := jo(t, `{"a":{"b":1,"c":2},"d":{"e":1},"f":3}`)
	assertJSON(t, "omit", Omit(o, paths("a.b,d.e,g.h")), `{"a":{"c":2},"f":3}`)
	assertJSON(t, "input untouched", o, `{"a":{"b":1,"c":2},"d":{"e":1},"f":3}`)
	assertJSON(t, "a whole subtree", Omit(o, paths("a")), `{"d":{"e":1},"f":3}`)
	if Omit(nil, paths("a")) != nil {
		t.Error("Omit(nil) is not nil")
	}
}

func TestPresentAndOutside(t *testing.T) {
	o := jo(t, `{"a":{"b":1},"n":null}`)
	if got := pathStrings(Present(paths("a.b,a.c,n,x"), o)); got != "a.b,n" {
		t.Errorf("Present = %s", got)
	}
	if got := pathStrings(Outside(paths("a.b,a.c,client_secret,x"), paths("a,client_secret"))); got != "x" {
		t.Errorf("Outside = %s", got)
	}
}

func TestOnlyUnreadable(t *testing.T) {
	tests := []struct {
		strategy, o string
		want        bool
	}{
		{"auth0", `{}`, true},
		{"auth0", `{"configuration":{"A":"plain"}}`, true},
		{"auth0", `{"configuration":{"A":"plain"},"passwordPolicy":"good"}`, false},
		{"samlp", `{"metadataXml":"<x/>"}`, true},
		{"auth0", `{"metadataXml":"<x/>"}`, false},
	}
	for _, tt := range tests {
		if got := OnlyUnreadable(jo(t, tt.o), RulesFor(tt.strategy)); got != tt.want {
			t.Errorf("OnlyUnreadable(%s, %s) = %v, want %v", tt.strategy, tt.o, got, tt.want)
		}
	}
}

func TestOmitReadable(t *testing.T) {
	tests := []struct {
		strategy, o, want string
	}{
		{"auth0", `{}`, `{}`},
		{"auth0", `{"configuration":{"A":"plain"},"passwordPolicy":"good"}`, `{"configuration":{"A":"plain"}}`},
		{"samlp", `{"metadataXml":"<x/>","signInEndpoint":"https://idp.example.com/sso"}`, `{"metadataXml":"<x/>"}`},
		{"auth0", `{"metadataXml":"<x/>"}`, `{}`},
	}
	for _, tt := range tests {
		in := jo(t, tt.o)
		assertJSON(t, tt.strategy+" "+tt.o, OmitReadable(in, RulesFor(tt.strategy)), tt.want)
		assertJSON(t, "its input", in, tt.o)
	}
}

func TestAdoptBeside(t *testing.T) {
	live := jo(t, `{"configuration":{"A":"CkIK-1","B":"CkIK-2"},"mfa":{"active":true,"return_enroll_settings":true},
		"client_secret":"s","upstream_params":{"x":{"value":"1"},"y":{"alias":"prompt"}},"passwordPolicy":"good"}`)
	a := AdoptBeside("auth0", live, paths("configuration.A,mfa.active,upstream_params.x,client_secret"))
	assertJSON(t, "public", a.Public, `{"mfa":{"return_enroll_settings":true},"passwordPolicy":"good"}`)
	assertJSON(t, "secret", a.Secret, `{}`)
	assertJSON(t, "upstream", a.Upstream, `{"y":{"alias":"prompt"}}`)
	if got := pathStrings(a.Encrypted); got != "configuration.B" {
		t.Errorf("Encrypted = %s, want the one not written", got)
	}
	if got := AdoptBeside("auth0", live, nil); !Equal(got.Public, Adopt("auth0", live).Public) {
		t.Error("AdoptBeside with nothing written is not Adopt")
	}
}
