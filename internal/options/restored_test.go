package options

import "testing"

func TestDeleted(t *testing.T) {
	tests := []struct {
		name, written, desired, want string
	}{
		{"a key the configuration still writes stays", "a,b.c", `{"a":1,"b":{"c":2}}`, ""},
		{"a removed key and a removed nested key", "a,b.c,b.d", `{"b":{"c":2}}`, "a,b.d"},
		{"a null is a value: the overlay deletes it, not the prior", "a", `{"a":null}`, ""},
		{"an object replaced by a scalar loses its leaves", "b.c", `{"b":true}`, "b.c"},
		{"nothing written, nothing deleted", "", `{"a":1}`, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := pathStrings(Deleted(paths(tc.written), mustParse(t, tc.desired))); got != tc.want {
				t.Errorf("Deleted = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestUndeletable(t *testing.T) {
	tests := []struct {
		name, strategy, state, config, written, want string
	}{
		{"a database's brute-force protection comes back", "auth0",
			`{"passwordPolicy":"good","brute_force_protection":false}`, `{"passwordPolicy":"good"}`,
			"brute_force_protection,passwordPolicy", "brute_force_protection"},
		{"a key under a restored object comes back too", "auth0",
			`{"passkey_options":{"challenge_ui":"both"}}`, `{}`, "passkey_options.challenge_ui", "passkey_options.challenge_ui"},
		{"passwordPolicy is really deleted", "auth0",
			`{"passwordPolicy":"good"}`, `{}`, "passwordPolicy", ""},
		{"a key still configured is not removed", "google-oauth2",
			`{"email":true}`, `{"email":false}`, "email", ""},
		{"a restored key no configuration wrote is released, not removed", "google-oauth2",
			`{"email":true,"client_id":"g"}`, `{"client_id":"g"}`, "client_id", ""},
		{"a null the state holds has nothing left to delete", "oidc",
			`{"connection_settings":null}`, `{}`, "connection_settings", ""},
		{"the generic rules restore nothing", "",
			`{"brute_force_protection":true}`, `{}`, "brute_force_protection", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Undeletable(mustParse(t, tc.state), mustParse(t, tc.config), paths(tc.written), RulesFor(tc.strategy))
			if pathStrings(got) != tc.want {
				t.Errorf("Undeletable = %q, want %q", pathStrings(got), tc.want)
			}
		})
	}
}

func TestUnforeseen(t *testing.T) {
	tests := []struct {
		name, strategy, deleted, server, want string
	}{
		{"a deleted key the answer holds again", "github", "follow,gist", `{"follow":true}`, "follow"},
		{"one the rules foresee was warned about in the plan", "auth0", "brute_force_protection", `{"brute_force_protection":true}`, ""},
		{"a key the server stores as null is deleted enough", "github", "follow", `{"follow":null}`, ""},
		{"a nested key", "github", "a.b", `{"a":{"b":1}}`, "a.b"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Unforeseen(paths(tc.deleted), mustParse(t, tc.server), RulesFor(tc.strategy))
			if pathStrings(got) != tc.want {
				t.Errorf("Unforeseen = %q, want %q", pathStrings(got), tc.want)
			}
		})
	}
}

func TestUnmanagedBeside(t *testing.T) {
	tests := []struct {
		name, strategy, server, managed, want string
	}{
		{"a default Auth0 added beside a configured key", "auth0",
			`{"mfa":{"active":true,"return_enroll_settings":true},"passwordPolicy":"good"}`, `{"mfa":{"active":true}}`,
			"mfa.return_enroll_settings"},
		{"top-level keys are not inside a managed object", "auth0",
			`{"mfa":{"active":true},"strategy_version":2}`, `{"mfa":{"active":true}}`, ""},
		{"deeper objects, and a whole unmanaged object beside", "auth0",
			`{"validation":{"username":{"min":1,"max":9},"extra":{"x":1}}}`, `{"validation":{"username":{"min":1}}}`,
			"validation.extra,validation.username.max"},
		{"an atomic upstream_params entry has no members of its own", "github",
			`{"upstream_params":{"a":{"value":"v","extra":1},"b":{"alias":"login_hint"}}}`, `{"upstream_params":{"a":{"value":"v"}}}`,
			"upstream_params.b"},
		{"a managed scalar where the server has an object", "auth0", `{"mfa":{"active":true}}`, `{"mfa":true}`, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := UnmanagedBeside(mustParse(t, tc.server), mustParse(t, tc.managed), RulesFor(tc.strategy))
			if pathStrings(got) != tc.want {
				t.Errorf("UnmanagedBeside = %q, want %q", pathStrings(got), tc.want)
			}
		})
	}
}

func TestKeptObjects(t *testing.T) {
	tests := []struct {
		name, removed, config, beside string
		objects, kept                 string
	}{
		{"the configuration removes mfa, which holds a default", "mfa.active", `{"passwordPolicy":"good"}`,
			"mfa.return_enroll_settings", "mfa", "mfa.return_enroll_settings"},
		{"it still writes mfa: the object stays as planned", "mfa.active", `{"mfa":{"other":1}}`,
			"mfa.return_enroll_settings", "", ""},
		{"nothing under the object is removed", "passwordPolicy", `{}`, "mfa.return_enroll_settings", "", ""},
		{"a nested object is named by the outermost one removed", "validation.username.min", `{}`,
			"validation.username.max", "validation", "validation.username.max"},
		{"the outer object is still written, the inner one is not", "validation.username.min", `{"validation":{"email":{}}}`,
			"validation.username.max", "validation.username", "validation.username.max"},
		{"two kept keys, one object", "mfa.active", `{}`, "mfa.a,mfa.b", "mfa", "mfa.a,mfa.b"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			objects, kept := KeptObjects(paths(tc.removed), mustParse(t, tc.config), paths(tc.beside))
			if pathStrings(objects) != tc.objects || pathStrings(kept) != tc.kept {
				t.Errorf("KeptObjects = %q, %q; want %q, %q", pathStrings(objects), pathStrings(kept), tc.objects, tc.kept)
			}
		})
	}
}
