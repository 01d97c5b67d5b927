package emulator

import (
	"net/http"
	"regexp"
	"testing"
	"time"
)

var connectionIDRE = regexp.MustCompile(`^con_[A-Za-z0-9]{16}$`)

func TestCreateAuth0ConnectionAddsServerDefaults(t *testing.T) {
	s := newTestServer(t, Config{})
	c := s.createConnection(map[string]any{"name": "db-one", "strategy": "auth0"})

	if id, _ := c["id"].(string); !connectionIDRE.MatchString(id) {
		t.Errorf("id %q does not match %s", id, connectionIDRE)
	}
	for key, want := range map[string]any{
		"is_domain_connection": false,
		"strategy":             "auth0",
		"name":                 "db-one",
	} {
		if c[key] != want {
			t.Errorf("%s = %v, want %v", key, c[key], want)
		}
	}
	if got := mustJSON(c["realms"]); got != `["db-one"]` {
		t.Errorf("realms = %s, want [\"db-one\"]", got)
	}
	if got := mustJSON(c["enabled_clients"]); got != `[]` {
		t.Errorf("enabled_clients = %s, want []", got)
	}
	opts := c["options"].(map[string]any)
	for _, key := range []string{"mfa", "passwordPolicy", "strategy_version", "brute_force_protection", "passkey_options", "authentication_methods"} {
		if _, ok := opts[key]; !ok {
			t.Errorf("options.%s missing: %s", key, mustJSON(opts))
		}
	}
	if opts["passwordPolicy"] != "good" {
		t.Errorf("passwordPolicy %v, want good", opts["passwordPolicy"])
	}
	if _, ok := c["show_as_button"]; ok {
		t.Errorf("database connections get no show_as_button")
	}
}

func TestGetAfterCreateAndNotFound(t *testing.T) {
	s := newTestServer(t, Config{})
	c := s.createConnection(map[string]any{"name": "get-me", "strategy": "email"})
	id := c["id"].(string)

	r := s.do("GET", "/api/v2/connections/"+id, nil)
	mustStatus(t, r, http.StatusOK)
	if got := r.object(t)["name"]; got != "get-me" {
		t.Errorf("name %v", got)
	}
	if ct := r.header.Get("Content-Type"); ct != contentTypeJSON {
		t.Errorf("Content-Type %q", ct)
	}
	wantError(t, s.do("GET", "/api/v2/connections/con_xxxxxxxxxxxxxxxx", nil),
		http.StatusNotFound, "inexistent_connection", "The connection does not exist")
}

func TestDeleteIs202Then204AndNever404(t *testing.T) {
	s := newTestServer(t, Config{})
	id := s.createConnection(map[string]any{"name": "del-me", "strategy": "auth0"})["id"].(string)

	r := s.do("DELETE", "/api/v2/connections/"+id, nil)
	mustStatus(t, r, http.StatusAccepted)
	deletedAt, _ := r.object(t)["deleted_at"].(string)
	if !regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`).MatchString(deletedAt) {
		t.Errorf("deleted_at %q is not ISO with milliseconds", deletedAt)
	}
	wantError(t, s.do("GET", "/api/v2/connections/"+id, nil), http.StatusNotFound, "inexistent_connection", "The connection does not exist")

	r = s.do("DELETE", "/api/v2/connections/"+id, nil)
	mustStatus(t, r, http.StatusNoContent)
	if len(r.raw) != 0 {
		t.Errorf("204 body %q, want empty", r.raw)
	}
	if ct := r.header.Get("Content-Type"); ct != contentTypeJSON {
		t.Errorf("204 Content-Type %q, want %q", ct, contentTypeJSON)
	}
	mustStatus(t, s.do("DELETE", "/api/v2/connections/con_unknown000000000", nil), http.StatusNoContent)
}

func TestRepeatDeleteWhilePendingKeepsDeletedAt(t *testing.T) {
	s := newTestServer(t, Config{DeletePending: time.Hour})
	id := s.createConnection(map[string]any{"name": "slow-delete", "strategy": "auth0"})["id"].(string)
	first := s.do("DELETE", "/api/v2/connections/"+id, nil)
	mustStatus(t, first, http.StatusAccepted)
	second := s.do("DELETE", "/api/v2/connections/"+id, nil)
	mustStatus(t, second, http.StatusAccepted)
	if a, b := first.object(t)["deleted_at"], second.object(t)["deleted_at"]; a != b {
		t.Errorf("deleted_at changed: %v then %v", a, b)
	}
	wantError(t, s.do("POST", "/api/v2/connections", map[string]any{"name": "slow-delete", "strategy": "auth0"}),
		http.StatusConflict, "connection_conflict", "A connection with the same name is being deleted, try again later")
}

func mustJSON(v any) string {
	return string(encodeJSON(v))
}
