package emulator

import (
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// patch PATCHes a connection and returns the response object.
func (s *testServer) patch(id string, body any) map[string]any {
	s.t.Helper()
	r := s.do("PATCH", "/api/v2/connections/"+id, body)
	mustStatus(s.t, r, http.StatusOK)
	return r.object(s.t)
}

func optionKeys(c map[string]any) string {
	opts, _ := c["options"].(map[string]any)
	return strings.Join(slices.Sorted(maps.Keys(opts)), ",")
}

// What a recorded update of an auth0 connection shows: options are
// replaced whole, then passkey_options, authentication_methods and
// brute_force_protection come back; mfa and passwordPolicy do not.
func TestPatchReplacesOptionsAndReappliesAuth0Defaults(t *testing.T) {
	s := newTestServer(t, Config{})
	id := s.createConnection(map[string]any{"name": "replace", "strategy": "auth0", "options": map[string]any{"import_mode": true}})["id"].(string)
	got := s.patch(id, map[string]any{"options": map[string]any{"strategy_version": 2, "upstream_params": map[string]any{"screen_name": map[string]any{"alias": "login_hint"}}}})
	if keys := optionKeys(got); keys != "authentication_methods,brute_force_protection,passkey_options,strategy_version,upstream_params" {
		t.Errorf("options keys after PATCH = %s", keys)
	}
	// GET agrees with the PATCH response.
	r := s.do("GET", "/api/v2/connections/"+id, nil)
	if keys := optionKeys(r.object(t)); keys != "authentication_methods,brute_force_protection,passkey_options,strategy_version,upstream_params" {
		t.Errorf("options keys on GET = %s", keys)
	}
}

func TestPatchADKeepsIpsNullButNotBruteForce(t *testing.T) {
	s := newTestServer(t, Config{})
	id := s.createConnection(map[string]any{"name": "ad", "strategy": "ad"})["id"].(string)
	got := s.patch(id, map[string]any{"options": map[string]any{"strategy_version": 2}})
	if mustJSON(got["options"]) != `{"ips":null,"strategy_version":2}` {
		t.Errorf("options = %s", mustJSON(got["options"]))
	}
}

// The SAML assertion decryption defaults come with the create only: a
// PATCH that does not send them drops them (recorded).
func TestPatchDropsSAMLDecryptionDefaults(t *testing.T) {
	s := newTestServer(t, Config{})
	c := s.createConnection(map[string]any{"name": "saml", "strategy": "samlp", "options": map[string]any{"signInEndpoint": "https://idp.example.com/sso"}})
	if _, has := path(c, "options").(map[string]any)["assertion_decryption_settings"]; !has {
		t.Fatalf("create options = %s", mustJSON(c["options"]))
	}
	got := s.patch(c["id"].(string), map[string]any{"options": map[string]any{"signInEndpoint": "https://idp.example.com/sso2"}})
	if keys := optionKeys(got); keys != "signInEndpoint" {
		t.Errorf("options keys after PATCH = %s", keys)
	}
}

func TestPatchMergesTopLevel(t *testing.T) {
	s := newTestServer(t, Config{})
	c := s.createConnection(map[string]any{
		"name": "merge", "strategy": "oidc", "display_name": "Merge", "metadata": map[string]any{"a": "1"},
		"cross_app_access_resource_app": map[string]any{"status": "enabled"},
		"options":                       map[string]any{"client_id": "abc", "issuer": "https://idp.example.com"},
	})
	id := c["id"].(string)
	before := mustJSON(c["options"])

	got := s.patch(id, map[string]any{"cross_app_access_resource_app": nil})
	if _, has := got["cross_app_access_resource_app"]; has {
		t.Errorf("null did not remove cross_app_access_resource_app")
	}
	if mustJSON(got["options"]) != before || got["display_name"] != "Merge" || mustJSON(got["metadata"]) != `{"a":"1"}` {
		t.Errorf("PATCH without options changed other fields: %s", mustJSON(got))
	}

	got = s.patch(id, map[string]any{"is_domain_connection": true, "metadata": map[string]any{"b": "2"}})
	if got["is_domain_connection"] != true || mustJSON(got["metadata"]) != `{"b":"2"}` || got["display_name"] != "Merge" {
		t.Errorf("top-level merge: %s", mustJSON(got))
	}
	got = s.patch(id, map[string]any{"metadata": nil, "realms": []any{}})
	if _, has := got["metadata"]; has || mustJSON(got["realms"]) != `["merge"]` {
		t.Errorf("metadata:null / realms:[]: %s", mustJSON(got))
	}
}

func TestPatchDoesNotInventDisplayName(t *testing.T) {
	s := newTestServer(t, Config{})
	id := s.createConnection(map[string]any{"name": "no-display", "strategy": "auth0"})["id"].(string)
	got := s.patch(id, map[string]any{"is_domain_connection": true})
	if _, has := got["display_name"]; has {
		t.Errorf("display_name invented: %v", got["display_name"])
	}
}

func TestPatchRederivesSocialScopes(t *testing.T) {
	s := newTestServer(t, Config{})
	wl := s.createConnection(map[string]any{"name": "wl", "strategy": "windowslive"})
	if mustJSON(path(wl, "options", "scope")) != `["wl.signin"]` {
		t.Fatalf("create scope %s", mustJSON(path(wl, "options", "scope")))
	}
	got := s.patch(wl["id"].(string), map[string]any{"options": map[string]any{"strategy_version": 2}})
	if mustJSON(path(got, "options", "scope")) != `[]` || path(got, "options", "signin") != true {
		t.Errorf("windowslive v2 options = %s", mustJSON(got["options"]))
	}
	li := s.createConnection(map[string]any{"name": "li", "strategy": "linkedin"})
	got = s.patch(li["id"].(string), map[string]any{"options": map[string]any{"strategy_version": 2}})
	if mustJSON(path(got, "options", "scope")) != `["r_liteprofile"]` {
		t.Errorf("linkedin v2 scope = %s", mustJSON(path(got, "options", "scope")))
	}
	ga := s.createConnection(map[string]any{"name": "ga", "strategy": "google-apps", "options": map[string]any{"map_user_id_to_id": true}})
	got = s.patch(ga["id"].(string), map[string]any{"options": map[string]any{"domain": "example.com"}})
	if path(got, "options", "map_user_id_to_id") != true || path(got, "options", "api_enable_users") != true {
		t.Errorf("google-apps PATCH options = %s", mustJSON(got["options"]))
	}
	oidc := s.createConnection(map[string]any{"name": "oidc", "strategy": "oidc"})
	got = s.patch(oidc["id"].(string), map[string]any{"options": map[string]any{"type": "back_channel"}})
	if mustJSON(path(got, "options", "connection_settings")) != `{"pkce":"disabled"}` {
		t.Errorf("oidc PATCH without connection_settings: %s", mustJSON(got["options"]))
	}
}

func TestNullsInsideOptions(t *testing.T) {
	s := newTestServer(t, Config{})
	sms := s.createConnection(map[string]any{"name": "sms", "strategy": "sms", "options": map[string]any{"messaging_service_sid": nil}})
	r := s.do("GET", "/api/v2/connections/"+sms["id"].(string), nil)
	if !strings.Contains(string(r.raw), `"messaging_service_sid":null`) {
		t.Errorf("null not stored and echoed: %s", r.raw)
	}
	// Social URL overrides: null is echoed by the write, not stored (recorded).
	line := s.createConnection(map[string]any{"name": "line", "strategy": "line", "options": map[string]any{"authorizationURL": nil, "tokenURL": nil}})
	if opts := line["options"].(map[string]any); !hasNull(opts, "authorizationURL") || !hasNull(opts, "tokenURL") {
		t.Errorf("POST did not echo the nulls: %s", mustJSON(opts))
	}
	r = s.do("GET", "/api/v2/connections/"+line["id"].(string), nil)
	if strings.Contains(string(r.raw), "authorizationURL") {
		t.Errorf("GET shows the unstored null: %s", r.raw)
	}
}

func hasNull(m map[string]any, k string) bool {
	v, ok := m[k]
	return ok && v == nil
}

func TestConfigurationIsFreshCiphertextOnEveryWrite(t *testing.T) {
	s := newTestServer(t, Config{})
	c := s.createConnection(map[string]any{"name": "conf", "strategy": "auth0", "options": map[string]any{"configuration": map[string]any{"foo": "bar"}}})
	first, _ := path(c, "options", "configuration", "foo").(string)
	if first == "" || first == "bar" {
		t.Fatalf("configuration.foo = %q, want ciphertext", first)
	}
	id := c["id"].(string)
	if got := path(s.do("GET", "/api/v2/connections/"+id, nil).body, "options", "configuration", "foo"); got != first {
		t.Errorf("GET changed the ciphertext: %v", got)
	}
	// Sending the options back (ciphertext included) re-encrypts the same
	// plaintext: a new ciphertext that still decrypts to "bar".
	opts := c["options"].(map[string]any)
	got := s.patch(id, map[string]any{"options": opts})
	second, _ := path(got, "options", "configuration", "foo").(string)
	if second == first || second == "" {
		t.Errorf("PATCH kept the ciphertext %q", second)
	}
	if plain, ok := s.emu.cipher.decrypt(second); !ok || plain != "bar" {
		t.Errorf("round-tripped configuration decrypts to %q (%v), want bar", plain, ok)
	}
}

func TestRejectedPatchChangesNothing(t *testing.T) {
	s := newTestServer(t, Config{})
	c := s.createConnection(map[string]any{"name": "atomic", "strategy": "auth0", "enabled_clients": []any{}})
	id := c["id"].(string)
	before := s.do("GET", "/api/v2/connections/"+id, nil).raw
	wantError(t, s.do("PATCH", "/api/v2/connections/"+id, map[string]any{"display_name": "new", "enabled_clients": []any{"unknown"}}),
		http.StatusNotFound, "inexistent_client", "The client does not exist")
	if after := s.do("GET", "/api/v2/connections/"+id, nil).raw; string(after) != string(before) {
		t.Errorf("rejected PATCH changed the connection:\n%s\n%s", before, after)
	}
}
