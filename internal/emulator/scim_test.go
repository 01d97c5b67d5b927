package emulator

import (
	"bytes"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// scimConnection creates a connection of the strategy and returns its
// SCIM configuration path.
func (s *testServer) scimConnection(name, strategy string) string {
	s.t.Helper()
	id := s.createConnection(map[string]any{"name": name, "strategy": strategy})["id"].(string)
	return "/api/v2/connections/" + id + "/scim-configuration"
}

// keysOf lists an object's keys in wire order (the raw body must be one
// object).
func keysOf(t *testing.T, raw []byte) string {
	t.Helper()
	return strings.Join(objectKeyOrder(raw), ",")
}

const scimConfigKeys = "tenant_name,connection_id,connection_name,strategy,mapping,updated_on,created_at,user_id_attribute"

func mappingLen(t *testing.T, r response) int {
	t.Helper()
	m, ok := r.object(t)["mapping"].([]any)
	if !ok {
		t.Fatalf("no mapping in %s", r.raw)
	}
	return len(m)
}

// SCIM exists for samlp, oidc, okta and waad only; every SCIM operation on
// another strategy is a 404 without errorCode.
func TestSCIMStrategies(t *testing.T) {
	s := newTestServer(t, Config{})
	for _, strategy := range []string{"samlp", "oidc", "okta", "waad"} {
		mustStatus(t, s.do("POST", s.scimConnection("scim-"+strategy, strategy), nil), http.StatusCreated)
	}
	for _, strategy := range []string{"auth0", "google-apps", "github"} {
		p := s.scimConnection("no-scim-"+strategy, strategy)
		for _, op := range []struct {
			method, path string
			body         any
		}{
			{"POST", p, nil}, {"GET", p, nil}, {"DELETE", p, nil}, {"GET", p + "/default-mapping", nil},
			{"PATCH", p, map[string]any{"user_id_attribute": "userName", "mapping": []any{}}},
			{"POST", p + "/tokens", map[string]any{"scopes": []any{"get:users"}}}, {"GET", p + "/tokens", nil},
			{"DELETE", p + "/tokens/tok_AAAAAAAAAAAAAAAA", nil},
		} {
			wantError(t, s.do(op.method, op.path, op.body), http.StatusNotFound, "", "This connection type does not support SCIM.")
		}
	}
	wantError(t, s.do("GET", "/api/v2/connections/con_AAAAAAAAAAAAAAAA/scim-configuration", nil),
		http.StatusNotFound, "inexistent_connection", "The connection does not exist")
}

// No body, {} and a full body all create a complete configuration; what is
// left out gets the strategy's default.
func TestSCIMCreateDefaults(t *testing.T) {
	s := newTestServer(t, Config{Domain: "acme-tenant.eu.auth0.com"})
	cases := []struct {
		strategy, name string
		body           any
		mapping        int
		userID         string
	}{
		{"okta", "okta-nobody", nil, 32, "externalId"},
		{"okta", "okta-empty", map[string]any{}, 32, "externalId"},
		{"okta", "okta-null", "null", 32, "externalId"},
		{"waad", "waad-nobody", nil, 30, "externalId"},
		{"oidc", "oidc-nobody", nil, 32, "externalId"},
		{"samlp", "saml-nobody", nil, 32, "userName"},
		{"okta", "okta-only-attr", map[string]any{"user_id_attribute": "userName"}, 32, "userName"},
	}
	for _, tc := range cases {
		p := s.scimConnection(tc.name, tc.strategy)
		r := s.do("POST", p, tc.body)
		mustStatus(t, r, http.StatusCreated)
		m := r.object(t)
		if got := keysOf(t, r.raw); got != scimConfigKeys {
			t.Errorf("%s: keys %s", tc.name, got)
		}
		if n := mappingLen(t, r); n != tc.mapping || m["user_id_attribute"] != tc.userID {
			t.Errorf("%s: %d mapping items, user_id_attribute %v", tc.name, n, m["user_id_attribute"])
		}
		// tenant_name is the tenant's name, not its domain.
		if m["tenant_name"] != "acme-tenant" || m["connection_name"] != tc.name || m["strategy"] != tc.strategy ||
			!strings.HasSuffix(p, "/"+m["connection_id"].(string)+"/scim-configuration") {
			t.Errorf("%s: identity fields %v %v %v %v", tc.name, m["tenant_name"], m["connection_name"], m["strategy"], m["connection_id"])
		}
		if m["created_at"] != m["updated_on"] || !isoMillisRE.MatchString(m["created_at"].(string)) {
			t.Errorf("%s: created_at %v updated_on %v", tc.name, m["created_at"], m["updated_on"])
		}
		// The create answer is what GET reads.
		if got := s.do("GET", p, nil); !bytes.Equal(got.raw, r.raw) {
			t.Errorf("%s: GET %s differs from POST %s", tc.name, got.raw, r.raw)
		}
	}
	// okta's default starts as Auth0 stores it, in {scim, auth0} order.
	p := s.scimConnection("okta-order", "okta")
	r := s.do("POST", p, nil)
	if !strings.Contains(string(r.raw), `"mapping":[{"scim":"userName","auth0":"preferred_username"},{"scim":"emails[primary eq true].value","auth0":"email"}`) {
		t.Errorf("okta default mapping: %s", r.raw)
	}
}

var isoMillisRE = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)

// A sent mapping replaces the default whole, stored as sent and in order;
// SCIM paths are not checked against the SCIM schema.
func TestSCIMMappingReplacesDefault(t *testing.T) {
	s := newTestServer(t, Config{})
	p := s.scimConnection("scim-mapping", "okta")
	body := `{"user_id_attribute":"userName","mapping":[{"auth0":"username","scim":"userName"},{"auth0":"email","scim":"email"}]}`
	r := s.do("POST", p, body)
	mustStatus(t, r, http.StatusCreated)
	want := `"mapping":[{"scim":"userName","auth0":"username"},{"scim":"email","auth0":"email"}]`
	if !strings.Contains(string(r.raw), want) || !strings.Contains(string(s.do("GET", p, nil).raw), want) {
		t.Errorf("mapping not stored as sent: %s", r.raw)
	}
	wantError(t, s.do("POST", p, nil), http.StatusBadRequest, "", "SCIM configuration alreay exists for connection")

	other := s.scimConnection("scim-dup", "okta")
	wantError(t, s.do("POST", other, `{"mapping":[{"scim":"userName","auth0":"a"},{"scim":"userName","auth0":"b"}]}`),
		http.StatusBadRequest, "", "Invalid mapping provided")
	wantError(t, s.do("POST", other, `{"mapping":[{"scim":"userName"}]}`),
		http.StatusBadRequest, "invalid_body", "Payload validation error: 'Missing required property: auth0' on property mapping[0].")
	wantError(t, s.do("POST", other, `{"mapping":{"scim":"userName"}}`),
		http.StatusBadRequest, "invalid_body", "Payload validation error: 'Expected type array but found type object' on property mapping.")
	wantError(t, s.do("POST", other, `{"user_id_attribute":1}`),
		http.StatusBadRequest, "invalid_body", "Payload validation error: 'Expected type string but found type integer' on property user_id_attribute.")
	wantError(t, s.do("POST", other, `{"attribute":"x"}`),
		http.StatusBadRequest, "invalid_body", "Payload validation error: 'Additional properties not allowed: attribute'.")
	wantError(t, s.do("POST", other, `[]`),
		http.StatusBadRequest, "invalid_body", "Payload validation error: 'Expected type object but found type array'.")
	if got := s.do("GET", other, nil); got.status != http.StatusNotFound {
		t.Errorf("rejected creates left a configuration: %s", got.raw)
	}
}

// PATCH needs both fields, replaces the mapping whole and moves updated_on
// only; DELETE is idempotent and leaves a bare 404 behind.
func TestSCIMUpdateAndDelete(t *testing.T) {
	s := newTestServer(t, Config{})
	start := time.Date(2024, 10, 14, 11, 53, 3, 798_000_000, time.UTC)
	s.emu.clock = func() time.Time { return start }
	p := s.scimConnection("scim-update", "okta")
	created := s.do("POST", p, map[string]any{}).object(t)

	wantError(t, s.do("PATCH", p, map[string]any{"user_id_attribute": "userName"}),
		http.StatusBadRequest, "invalid_body", "Payload validation error: 'Missing required property: mapping'.")
	wantError(t, s.do("PATCH", p, map[string]any{"mapping": []any{}}),
		http.StatusBadRequest, "invalid_body", "Payload validation error: 'Missing required property: user_id_attribute'.")

	s.emu.clock = func() time.Time { return start.Add(330 * time.Millisecond) }
	r := s.do("PATCH", p, `{"user_id_attribute":"userName","mapping":[{"auth0":"username","scim":"userName"},{"auth0":"email","scim":"email"}]}`)
	mustStatus(t, r, http.StatusOK)
	m := r.object(t)
	if n := mappingLen(t, r); n != 2 || m["user_id_attribute"] != "userName" {
		t.Errorf("PATCH answer %s", r.raw)
	}
	if m["created_at"] != created["created_at"] || m["updated_on"] != "2024-10-14T11:53:04.128Z" {
		t.Errorf("created_at %v updated_on %v", m["created_at"], m["updated_on"])
	}
	if got := s.do("GET", p, nil); !bytes.Equal(got.raw, r.raw) {
		t.Errorf("GET after PATCH %s", got.raw)
	}

	for range 2 {
		r := s.do("DELETE", p, nil)
		mustStatus(t, r, http.StatusNoContent)
		if len(r.raw) != 0 {
			t.Errorf("204 with a body: %s", r.raw)
		}
	}
	gone := s.do("GET", p, nil)
	if string(gone.raw) != `{"statusCode":404,"error":"Not Found","message":"Not Found"}` {
		t.Errorf("GET after DELETE = %d %s", gone.status, gone.raw)
	}
	wantError(t, s.do("PATCH", p, map[string]any{"user_id_attribute": "a", "mapping": []any{}}), http.StatusNotFound, "", "Not Found")
}

// The default mapping is {"mapping":[…]} with auth0 first, the strategy's
// default whatever the configuration holds, with or without one.
func TestSCIMDefaultMapping(t *testing.T) {
	s := newTestServer(t, Config{})
	p := s.scimConnection("scim-default", "okta")
	before := s.do("GET", p+"/default-mapping", nil)
	mustStatus(t, before, http.StatusOK)
	if keysOf(t, before.raw) != "mapping" || !strings.HasPrefix(string(before.raw), `{"mapping":[{"auth0":"preferred_username","scim":"userName"},`) {
		t.Errorf("default mapping %s", before.raw)
	}
	if n := mappingLen(t, before); n != 32 {
		t.Errorf("%d default items", n)
	}
	mustStatus(t, s.do("POST", p, `{"mapping":[{"scim":"userName","auth0":"username"}]}`), http.StatusCreated)
	if after := s.do("GET", p+"/default-mapping", nil); !bytes.Equal(after.raw, before.raw) {
		t.Errorf("default mapping follows the stored one: %s", after.raw)
	}
	waad := s.do("GET", s.scimConnection("scim-default-waad", "waad")+"/default-mapping", nil)
	if n := mappingLen(t, waad); n != 30 {
		t.Errorf("waad default has %d items", n)
	}
}

// An Entra ID connection on the common endpoint cannot have SCIM.
func TestSCIMRefusesAzureCommonEndpoint(t *testing.T) {
	s := newTestServer(t, Config{})
	id := s.createConnection(map[string]any{"name": "waad-common", "strategy": "waad", "options": map[string]any{
		"client_id": "c", "client_secret": "s", "tenant_domain": "example.onmicrosoft.com", "useCommonEndpoint": true,
	}})["id"].(string)
	wantError(t, s.do("POST", "/api/v2/connections/"+id+"/scim-configuration", nil), http.StatusBadRequest, "",
		"SCIM cannot be enabled for this connection when the Azure AD common endpoint is used.")
}

// The token secret is in the create answer only; at most two tokens.
func TestSCIMTokens(t *testing.T) {
	s := newTestServer(t, Config{})
	p := s.scimConnection("scim-tokens", "waad")
	wantError(t, s.do("POST", p+"/tokens", map[string]any{"scopes": []any{"get:users"}}), http.StatusNotFound, "", "Not Found")
	wantError(t, s.do("GET", p+"/tokens", nil), http.StatusNotFound, "", "Not Found")
	created := s.do("POST", p, nil).object(t)

	r := s.do("POST", p+"/tokens", map[string]any{"scopes": []any{"post:users", "get:users"}})
	mustStatus(t, r, http.StatusCreated)
	if got := keysOf(t, r.raw); got != "token_id,token,scopes,created_at" {
		t.Errorf("token keys %s", got)
	}
	tok := r.object(t)
	if !regexp.MustCompile(`^tok_[A-Za-z0-9]{16}$`).MatchString(tok["token_id"].(string)) || len(tok["token"].(string)) < 40 {
		t.Errorf("token_id %v, token %d chars", tok["token_id"], len(tok["token"].(string)))
	}
	if mustJSON(tok["scopes"]) != `["post:users","get:users"]` {
		t.Errorf("scopes %s, want the request order", mustJSON(tok["scopes"]))
	}

	list := s.do("GET", p+"/tokens", nil)
	mustStatus(t, list, http.StatusOK)
	want := `[{"token_id":"` + tok["token_id"].(string) + `","created_at":"` + tok["created_at"].(string) + `","scopes":["post:users","get:users"]}]`
	if string(list.raw) != want {
		t.Errorf("list %s, want %s", list.raw, want)
	}
	if strings.Contains(string(list.raw), tok["token"].(string)) {
		t.Error("the list shows the secret")
	}
	// A token does not touch the configuration.
	if got := s.do("GET", p, nil).object(t); got["updated_on"] != created["updated_on"] {
		t.Errorf("updated_on moved to %v", got["updated_on"])
	}

	s.emu.clock = func() time.Time { return time.Date(2025, 11, 6, 3, 50, 37, 836_000_000, time.UTC) }
	second := s.do("POST", p+"/tokens", map[string]any{"scopes": []any{"get:users"}, "token_lifetime": 3600})
	mustStatus(t, second, http.StatusCreated)
	if got := second.object(t)["valid_until"]; got != "2025-11-06T04:50:37.836Z" {
		t.Errorf("valid_until %v", got)
	}
	if !strings.Contains(string(s.do("GET", p+"/tokens", nil).raw), `"valid_until":"2025-11-06T04:50:37.836Z"`) {
		t.Error("the list lacks valid_until")
	}
	wantError(t, s.do("POST", p+"/tokens", map[string]any{"scopes": []any{"get:users"}}), http.StatusConflict, "",
		"Maximum of 2 tokens already issued for this connection")

	firstID := tok["token_id"].(string)
	mustStatus(t, s.do("DELETE", p+"/tokens/"+firstID, nil), http.StatusNoContent)
	wantError(t, s.do("DELETE", p+"/tokens/"+firstID, nil), http.StatusNotFound, "", "Not Found")
	mustStatus(t, s.do("POST", p+"/tokens", map[string]any{"scopes": []any{"get:users"}}), http.StatusCreated)

	// Deleting the configuration with live tokens is allowed and revokes them.
	mustStatus(t, s.do("DELETE", p, nil), http.StatusNoContent)
	mustStatus(t, s.do("POST", p, nil), http.StatusCreated)
	if got := string(s.do("GET", p+"/tokens", nil).raw); got != "[]" {
		t.Errorf("tokens after re-creating the configuration: %s", got)
	}
}

func TestSCIMTokenValidation(t *testing.T) {
	s := newTestServer(t, Config{})
	p := s.scimConnection("scim-token-validation", "okta")
	mustStatus(t, s.do("POST", p, nil), http.StatusCreated)
	cases := []struct {
		body, message string
	}{
		{`{"scopes":[]}`, "Payload validation error: 'Array is too short (0), minimum 1' on property scopes."},
		{`{"scopes":["read:users"]}`, "Payload validation error: 'No enum match for: read:users' on property scopes[0]."},
		{`{"scopes":["get:users"],"token_lifetime":900}`, "Payload validation error: 'Value 900 is equal or less than exclusive minimum 900' on property token_lifetime."},
		{`{"scopes":["get:users"],"token_lifetime":"1h"}`, "Payload validation error: 'Expected type integer but found type string' on property token_lifetime."},
		{`{"scopes":["get:users"],"name":"x"}`, "Payload validation error: 'Additional properties not allowed: name'."},
	}
	for _, tc := range cases {
		wantError(t, s.do("POST", p+"/tokens", tc.body), http.StatusBadRequest, "invalid_body", tc.message)
	}
	// token_lifetime null is a token that does not expire.
	r := s.do("POST", p+"/tokens", `{"scopes":["get:users"],"token_lifetime":null}`)
	mustStatus(t, r, http.StatusCreated)
	if _, has := r.object(t)["valid_until"]; has {
		t.Errorf("a token without lifetime has valid_until: %s", r.raw)
	}
}

// SCIM writes and reads never change the connection object.
func TestSCIMLeavesTheConnectionAlone(t *testing.T) {
	s := newTestServer(t, Config{})
	p := s.scimConnection("scim-untouched", "okta")
	conn := strings.TrimSuffix(p, "/scim-configuration")
	before := s.do("GET", conn, nil).raw
	mustStatus(t, s.do("POST", p, nil), http.StatusCreated)
	mustStatus(t, s.do("POST", p+"/tokens", map[string]any{"scopes": []any{"get:users"}}), http.StatusCreated)
	mustStatus(t, s.do("PATCH", p, map[string]any{"user_id_attribute": "userName", "mapping": []any{}}), http.StatusOK)
	if after := s.do("GET", conn, nil).raw; !bytes.Equal(before, after) {
		t.Errorf("connection changed:\n%s\n%s", before, after)
	}
}
