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
