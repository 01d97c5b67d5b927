package emulator

import (
	"net/http"
	"testing"
)

// /status is for AD/LDAP connectors: offline (404 "not connected to any
// node") until a test marks the connector online.
func TestConnectionStatus(t *testing.T) {
	s := newTestServer(t, Config{})
	ad := s.createConnection(map[string]any{"name": "ad-status", "strategy": "ad"})["id"].(string)
	p := "/api/v2/connections/" + ad + "/status"
	r := s.do("GET", p, nil)
	if string(r.raw) != `{"statusCode":404,"error":"Not Found","message":"not connected to any node"}` {
		t.Errorf("offline connector: %d %s", r.status, r.raw)
	}
	s.emu.SetConnectorOnline(ad, true)
	mustStatus(t, s.do("GET", p, nil), http.StatusOK)
	s.emu.SetConnectorOnline(ad, false)
	wantError(t, s.do("GET", p, nil), http.StatusNotFound, "", "not connected to any node")

	db := s.createConnection(map[string]any{"name": "db-status", "strategy": "auth0"})["id"].(string)
	mustStatus(t, s.do("GET", "/api/v2/connections/"+db+"/status", nil), http.StatusOK)
	wantError(t, s.do("GET", "/api/v2/connections/con_AAAAAAAAAAAAAAAA/status", nil), http.StatusNotFound, "inexistent_connection", "The connection does not exist")
	s.wantInsufficientScope("GET", p, nil, "Insufficient scope, expected any of: read:connections", "read:connections_keys")
}

// DELETE /users?email= is for database connections, 204 whether or not
// the user exists, and reports a missing connection as a 400.
func TestDeleteConnectionUserByEmail(t *testing.T) {
	s := newTestServer(t, Config{})
	db := s.createConnection(map[string]any{"name": "db-users", "strategy": "auth0"})["id"].(string)
	p := "/api/v2/connections/" + db + "/users"
	r := s.do("DELETE", p+"?email=someone@example.com", nil)
	mustStatus(t, r, http.StatusNoContent)
	if len(r.raw) != 0 {
		t.Errorf("204 with a body %s", r.raw)
	}
	wantError(t, s.do("DELETE", p, nil), http.StatusBadRequest, "invalid_query_string", "Query validation error: 'Missing required property: email'.")
	social := s.createConnection(map[string]any{"name": "gh-users", "strategy": "github"})["id"].(string)
	wantError(t, s.do("DELETE", "/api/v2/connections/"+social+"/users?email=a@example.com", nil), http.StatusBadRequest, "", "Connection must be a database connection")
	wantError(t, s.do("DELETE", "/api/v2/connections/con_AAAAAAAAAAAAAAAA/users?email=a@example.com", nil), http.StatusBadRequest, "inexistent_connection", "The connection does not exist")
	s.wantInsufficientScope("DELETE", p+"?email=a@example.com", nil, "Insufficient scope, expected any of: delete:users", "delete:connections")
}
