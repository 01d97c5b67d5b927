package emulator

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"
)

func clientIDs(t *testing.T, r response) string {
	t.Helper()
	mustStatus(t, r, http.StatusOK)
	items, _ := r.object(t)["clients"].([]any)
	var ids []string
	for _, it := range items {
		ids = append(ids, path(it, "client_id").(string))
	}
	return strings.Join(ids, ",")
}

func TestEnabledClientsEndpoints(t *testing.T) {
	s := newTestServer(t, Config{})
	a, b := s.emu.CreateClient("a"), s.emu.CreateClient("b")
	sorted := []string{a, b}
	sort.Strings(sorted)
	id := s.createConnection(map[string]any{"name": "ec", "strategy": "auth0"})["id"].(string)
	base := "/api/v2/connections/" + id + "/clients"

	if got := string(s.do("GET", base, nil).raw); got != `{"clients":[]}` {
		t.Errorf("no clients = %s", got)
	}
	r := s.do("PATCH", base, []any{map[string]any{"client_id": b, "status": true}, map[string]any{"client_id": a, "status": true}})
	mustStatus(t, r, http.StatusNoContent)
	if len(r.raw) != 0 || r.header.Get("Content-Type") != contentTypeJSON {
		t.Errorf("204: body %q content-type %q", r.raw, r.header.Get("Content-Type"))
	}
	if got := clientIDs(t, s.do("GET", base, nil)); got != strings.Join(sorted, ",") {
		t.Errorf("clients = %s, want %v", got, sorted)
	}
	// enabled_clients on the connection tracks /clients, sorted ASCII.
	conn := s.do("GET", "/api/v2/connections/"+id, nil).object(t)
	if got := mustJSON(conn["enabled_clients"]); got != mustJSON(stringsToJSON(sorted)) {
		t.Errorf("enabled_clients = %s", got)
	}
	// Enabling twice is idempotent; status:false removes.
	mustStatus(t, s.do("PATCH", base, []any{map[string]any{"client_id": a, "status": true}, map[string]any{"client_id": b, "status": false}}), http.StatusNoContent)
	if got := clientIDs(t, s.do("GET", base, nil)); got != a {
		t.Errorf("after disabling b = %s", got)
	}
	// Paging with take / next.
	mustStatus(t, s.do("PATCH", base, []any{map[string]any{"client_id": b, "status": true}}), http.StatusNoContent)
	first := s.do("GET", base+"?take=1", nil)
	next, _ := first.object(t)["next"].(string)
	if clientIDs(t, first) != sorted[0] || next == "" {
		t.Fatalf("first page %s", first.raw)
	}
	second := s.do("GET", base+"?take=1&from="+next, nil)
	if clientIDs(t, second) != sorted[1] || strings.Contains(string(second.raw), "next") {
		t.Errorf("second page %s", second.raw)
	}
	// The client view of the same relation, at once and without the
	// deprecated enabled_clients on its items.
	r = s.do("GET", "/api/v2/clients/"+a+"/connections?take=50", nil)
	if got := names(t, r.object(t)["connections"]); got != "ec" {
		t.Errorf("/clients/{id}/connections = %s", r.raw)
	}
	if strings.Contains(string(r.raw), "enabled_clients") || strings.Contains(string(r.raw), `"next"`) {
		t.Errorf("/clients/{id}/connections items carry enabled_clients or a next cursor: %s", r.raw)
	}
}

// A client's connections need read:connections and either clients scope.
func TestClientConnectionsScopes(t *testing.T) {
	s := newTestServer(t, Config{})
	a := s.emu.CreateClient("a")
	p := "/api/v2/clients/" + a + "/connections"
	s.wantInsufficientScope("GET", p, nil, "Insufficient scope, expected any of: read:connections", "read:clients")
	s.wantInsufficientScope("GET", p, nil, "Insufficient scope, expected any of: read:clients,read:client_summary", "read:connections")
	for _, second := range []string{"read:clients", "read:client_summary"} {
		mustStatus(t, s.call("GET", p, nil, s.emu.MintToken("read:connections", second)), http.StatusOK)
	}
}

func TestEnabledClientsErrors(t *testing.T) {
	s := newTestServer(t, Config{})
	id := s.createConnection(map[string]any{"name": "ec-err", "strategy": "auth0"})["id"].(string)
	base := "/api/v2/connections/" + id + "/clients"
	tooMany := make([]any, 51)
	for i := range tooMany {
		tooMany[i] = map[string]any{"client_id": fmt.Sprint(i), "status": false}
	}
	cases := []struct {
		name string
		body any
		want string
	}{
		{"object instead of array", map[string]any{"client_id": "x", "status": true}, "Payload validation error: 'Expected type array but found type object'."},
		{"empty array", []any{}, "Payload validation error: 'Array is too short (0), minimum 1'."},
		{"51 items", tooMany, "Payload validation error: 'Array is too long (51), maximum 50'."},
		{"missing status", []any{map[string]any{"client_id": "x"}}, "Payload validation error: 'Missing required property: status' on property [0]."},
		{"extra key", []any{map[string]any{"client_id": "x", "status": true, "x": 1}}, "Payload validation error: 'Additional properties not allowed: x' on property [0]."},
	}
	for _, tc := range cases {
		wantError(t, s.do("PATCH", base, tc.body), http.StatusBadRequest, "invalid_body", tc.want)
	}
	wantError(t, s.do("PATCH", base, []any{map[string]any{"client_id": "unknown", "status": true}}),
		http.StatusNotFound, "inexistent_client", "The client does not exist")
	wantError(t, s.do("GET", "/api/v2/connections/con_AAAAAAAAAAAAAAAA/clients", nil),
		http.StatusNotFound, "inexistent_connection", "The connection does not exist")
	wantError(t, s.do("PATCH", "/api/v2/connections/con_AAAAAAAAAAAAAAAA/clients", []any{map[string]any{"client_id": "x", "status": false}}),
		http.StatusNotFound, "inexistent_connection", "The connection does not exist")
}

func TestMinimalClientsAPI(t *testing.T) {
	s := newTestServer(t, Config{})
	r := s.do("POST", "/api/v2/clients", map[string]any{"name": "My App", "app_type": "non_interactive"})
	mustStatus(t, r, http.StatusCreated)
	cl := r.object(t)
	id, _ := cl["client_id"].(string)
	if len(id) != 32 || cl["name"] != "My App" || cl["app_type"] != "non_interactive" || len(cl["client_secret"].(string)) != 64 {
		t.Fatalf("created client %s", r.raw)
	}
	if got := s.do("GET", "/api/v2/clients/"+id, nil); got.object(t)["name"] != "My App" {
		t.Errorf("GET client %s", got.raw)
	}
	if got := s.do("GET", "/api/v2/clients", nil); !strings.Contains(string(got.raw), id) {
		t.Errorf("list %s", got.raw)
	}
	wantError(t, s.do("POST", "/api/v2/clients", map[string]any{}), http.StatusBadRequest, "invalid_body", "Payload validation error: 'Missing required property: name'.")

	conn := s.createConnection(map[string]any{"name": "uses-app", "strategy": "auth0", "enabled_clients": []any{id}})
	mustStatus(t, s.do("DELETE", "/api/v2/clients/"+id, nil), http.StatusNoContent)
	wantError(t, s.do("GET", "/api/v2/clients/"+id, nil), http.StatusNotFound, "inexistent_client", "The client does not exist")
	// Deleting the application disables it everywhere.
	if got := string(s.do("GET", "/api/v2/connections/"+conn["id"].(string)+"/clients", nil).raw); got != `{"clients":[]}` {
		t.Errorf("clients after deleting the app = %s", got)
	}
}

// The list of a client's connections takes the connection lists' fields
// but enabled_clients, and names an unknown client in its own words.
func TestClientConnectionsQueryAndUnknownClient(t *testing.T) {
	s := newTestServer(t, Config{})
	a := s.emu.CreateClient("a")
	gh := s.createConnection(map[string]any{"name": "for-a", "strategy": "github", "enabled_clients": []any{a}})["id"].(string)
	s.createConnection(map[string]any{"name": "db-for-a", "strategy": "auth0", "enabled_clients": []any{a}})
	p := "/api/v2/clients/" + a + "/connections"

	r := s.do("GET", p+"?fields=name&include_fields=true&strategy=github", nil)
	if got := string(r.raw); got != `{"connections":[{"id":"`+gh+`","name":"for-a","is_domain_connection":false,"authentication":{"active":true},"connected_accounts":{"active":false}}]}` {
		t.Errorf("projected, filtered list = %s", got)
	}
	r = s.do("GET", p+"?fields=enabled_clients", nil)
	wantError(t, r, http.StatusBadRequest, "invalid_query_string", "")
	if m := r.object(t)["message"].(string); !strings.HasSuffix(m, "(cross_app_access_resource_app)))*$: enabled_clients' on property fields ("+fieldsDescription+").") {
		t.Errorf("fields message = %s", m)
	}
	// The connection endpoints still take enabled_clients.
	mustStatus(t, s.do("GET", "/api/v2/connections?fields=enabled_clients", nil), http.StatusOK)

	wantError(t, s.do("GET", "/api/v2/clients/"+strings.Repeat("x", 32)+"/connections", nil),
		http.StatusNotFound, "inexistent_client", "Client does not exist.")
}
