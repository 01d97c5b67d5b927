package emulator

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// googleWorkspace creates a google-apps connection with the given options
// (a fake Workspace: no admin consent can ever be given) and returns its
// directory-provisioning path.
func (s *testServer) googleWorkspace(name string, opts map[string]any) string {
	s.t.Helper()
	id := s.createConnection(map[string]any{"name": name, "strategy": "google-apps", "options": opts})["id"].(string)
	return "/api/v2/connections/" + id + "/directory-provisioning"
}

// syncReady are the options a directory sync with groups needs.
func syncReady() map[string]any {
	return map[string]any{
		"client_id": "", "client_secret": "s", "domain": "example.com", "tenant_domain": "example.com",
		"ext_groups": true, "api_enable_users": true, "api_enable_groups": true,
	}
}

const directoryKeys = "connection_id,connection_name,strategy,mapping,synchronize_automatically,created_at,updated_at,synchronize_groups"

func groupIDs(t *testing.T, r response) string {
	t.Helper()
	mustStatus(t, r, http.StatusOK)
	var ids []string
	for _, g := range r.object(t)["groups"].([]any) {
		ids = append(ids, path(g, "id").(string))
	}
	return strings.Join(ids, ",")
}

func groupsBody(ids ...string) map[string]any {
	groups := make([]any, len(ids))
	for i, id := range ids {
		groups[i] = map[string]any{"id": id}
	}
	return map[string]any{"groups": groups}
}

// Directory provisioning is google-apps only; other strategies get a 400.
func TestDirectoryIsGoogleWorkspaceOnly(t *testing.T) {
	s := newTestServer(t, Config{})
	for _, strategy := range []string{"okta", "auth0", "waad"} {
		id := s.createConnection(map[string]any{"name": "dir-" + strategy, "strategy": strategy})["id"].(string)
		p := "/api/v2/connections/" + id + "/directory-provisioning"
		for _, op := range []struct {
			method, path string
			body         any
		}{
			{"POST", p, nil}, {"GET", p, nil}, {"PATCH", p, map[string]any{}}, {"DELETE", p, nil},
			{"GET", p + "/default-mapping", nil}, {"GET", p + "/synchronized-groups", nil},
			{"PUT", p + "/synchronized-groups", groupsBody()},
		} {
			wantError(t, s.do(op.method, op.path, op.body), http.StatusBadRequest, "", "The connection strategy does not support inbound directory provisioning")
		}
	}
	wantError(t, s.do("GET", "/api/v2/connections/con_AAAAAAAAAAAAAAAA/directory-provisioning", nil),
		http.StatusNotFound, "inexistent_connection", "The connection does not exist")
}

// The Workspace options a sync reads must be on; consent is not asked for.
func TestDirectoryNeedsTheWorkspaceAPIs(t *testing.T) {
	s := newTestServer(t, Config{})
	noUsers := syncReady()
	delete(noUsers, "api_enable_users")
	wantError(t, s.do("POST", s.googleWorkspace("dir-no-users", noUsers), nil), http.StatusBadRequest, "", msgUsersAPIOff)

	noGroupsAttr := syncReady()
	noGroupsAttr["ext_groups"] = false
	p := s.googleWorkspace("dir-no-ext-groups", noGroupsAttr)
	wantError(t, s.do("POST", p, map[string]any{"synchronize_groups": "selected"}), http.StatusBadRequest, "", msgGroupsOff)
	mustStatus(t, s.do("POST", p, nil), http.StatusCreated) // groups "off" needs neither
	wantError(t, s.do("PATCH", p, map[string]any{"synchronize_groups": "all"}), http.StatusBadRequest, "", msgGroupsOff)

	noGroupsAPI := syncReady()
	delete(noGroupsAPI, "api_enable_groups")
	p = s.googleWorkspace("dir-no-groups-api", noGroupsAPI)
	wantError(t, s.do("POST", p, map[string]any{"synchronize_groups": "all"}), http.StatusBadRequest, "", msgGroupsAPIOff)
	mustStatus(t, s.do("POST", p, nil), http.StatusCreated)
	wantError(t, s.do("GET", p+"/synchronized-groups", nil), http.StatusBadRequest, "", msgGroupsAPIOff)
}

// POST fills the 51-item Google Workspace mapping, no automatic sync and
// groups off; the answer is what GET reads, with no tenant_name and no
// last_synchronization_* keys. A second POST is a 409.
func TestDirectoryCreate(t *testing.T) {
	s := newTestServer(t, Config{})
	p := s.googleWorkspace("dir-create", syncReady())
	r := s.do("POST", p, map[string]any{"synchronize_groups": "selected"})
	mustStatus(t, r, http.StatusCreated)
	if got := keysOf(t, r.raw); got != directoryKeys {
		t.Errorf("keys %s", got)
	}
	m := r.object(t)
	if n := mappingLen(t, r); n != 51 || m["synchronize_automatically"] != false || m["synchronize_groups"] != "selected" {
		t.Errorf("defaults: %d mapping items, %v, %v", n, m["synchronize_automatically"], m["synchronize_groups"])
	}
	if !strings.Contains(string(r.raw), `"mapping":[{"idp":"id","auth0":"app_metadata.external_id"},{"idp":"primaryEmail","auth0":"email"},{"idp":"primaryEmail","auth0":"primaryEmail"},`) {
		t.Errorf("mapping is not the Workspace default in {idp, auth0} order: %s", r.raw)
	}
	if m["created_at"] != m["updated_at"] || m["connection_name"] != "dir-create" || m["strategy"] != "google-apps" {
		t.Errorf("fields: %v %v %v %v", m["created_at"], m["updated_at"], m["connection_name"], m["strategy"])
	}
	if got := s.do("GET", p, nil); !bytes.Equal(got.raw, r.raw) {
		t.Errorf("GET %s differs from POST %s", got.raw, r.raw)
	}
	wantError(t, s.do("POST", p, nil), http.StatusConflict, "", "Directory provisioning is already enabled on the specified connection")

	other := s.googleWorkspace("dir-create-empty", syncReady())
	if got := s.do("POST", other, nil).object(t); got["synchronize_groups"] != "off" {
		t.Errorf("synchronize_groups when left out = %v", got["synchronize_groups"])
	}
	sent := s.do("POST", s.googleWorkspace("dir-create-mapping", syncReady()),
		`{"mapping":[{"auth0":"email","idp":"primaryEmail"}],"synchronize_automatically":true}`)
	mustStatus(t, sent, http.StatusCreated)
	if !strings.Contains(string(sent.raw), `"mapping":[{"idp":"primaryEmail","auth0":"email"}],"synchronize_automatically":true`) {
		t.Errorf("sent mapping: %s", sent.raw)
	}
}

func TestDirectoryValidation(t *testing.T) {
	s := newTestServer(t, Config{})
	p := s.googleWorkspace("dir-validation", syncReady())
	cases := []struct{ body, message string }{
		{`{"mapping":[]}`, "Payload validation error: 'Array is too short (0), minimum 1' on property mapping."},
		{`{"mapping":[{"idp":"id"}]}`, "Payload validation error: 'Missing required property: auth0' on property mapping[0]."},
		{`{"mapping":[{"idp":"id","auth0":"a","x":1}]}`, "Payload validation error: 'Additional properties not allowed: x' on property mapping[0]."},
		{`{"synchronize_groups":"some"}`, "Payload validation error: 'No enum match for: some' on property synchronize_groups."},
		{`{"synchronize_automatically":"yes"}`, "Payload validation error: 'Expected type boolean but found type string' on property synchronize_automatically."},
		{`{"tenant_name":"x"}`, "Payload validation error: 'Additional properties not allowed: tenant_name'."},
	}
	for _, tc := range cases {
		wantError(t, s.do("POST", p, tc.body), http.StatusBadRequest, "invalid_body", tc.message)
	}
	wantError(t, s.do("GET", p, nil), http.StatusNotFound, "", "Directory provisioning configuration not found")
}

// PATCH changes the sent fields only, a sent mapping wholesale, and moves
// updated_at; DELETE is 204, also again, and takes the selection along.
func TestDirectoryUpdateAndDelete(t *testing.T) {
	s := newTestServer(t, Config{})
	start := time.Date(2026, 8, 12, 13, 30, 19, 382_000_000, time.UTC)
	s.emu.clock = func() time.Time { return start }
	p := s.googleWorkspace("dir-update", syncReady())
	created := s.do("POST", p, map[string]any{"synchronize_groups": "selected"}).object(t)
	mustStatus(t, s.do("PUT", p+"/synchronized-groups", groupsBody("g1")), http.StatusNoContent)

	s.emu.clock = func() time.Time { return start.Add(time.Second) }
	r := s.do("PATCH", p, map[string]any{"synchronize_automatically": true})
	mustStatus(t, r, http.StatusOK)
	m := r.object(t)
	if m["synchronize_automatically"] != true || m["synchronize_groups"] != "selected" || mappingLen(t, r) != 51 {
		t.Errorf("PATCH did not merge: %s", r.raw)
	}
	if m["created_at"] != created["created_at"] || m["updated_at"] != "2026-08-12T13:30:20.382Z" {
		t.Errorf("created_at %v updated_at %v", m["created_at"], m["updated_at"])
	}
	r = s.do("PATCH", p, `{"mapping":[{"idp":"primaryEmail","auth0":"email"}]}`)
	if n := mappingLen(t, r); n != 1 || r.object(t)["synchronize_automatically"] != true {
		t.Errorf("PATCH mapping: %s", r.raw)
	}
	if got := s.do("GET", p, nil); !bytes.Equal(got.raw, r.raw) {
		t.Errorf("GET after PATCH %s", got.raw)
	}

	for range 2 {
		mustStatus(t, s.do("DELETE", p, nil), http.StatusNoContent)
	}
	wantError(t, s.do("GET", p, nil), http.StatusNotFound, "", "Directory provisioning configuration not found")
	wantError(t, s.do("PATCH", p, map[string]any{}), http.StatusNotFound, "", "Directory provisioning configuration not found")
	wantError(t, s.do("GET", p+"/synchronized-groups", nil), http.StatusNotFound, "", "Connection directory provisioning configuration not found")
	mustStatus(t, s.do("POST", p, map[string]any{"synchronize_groups": "selected"}), http.StatusCreated)
	if got := string(s.do("GET", p+"/synchronized-groups", nil).raw); got != `{"groups":[]}` {
		t.Errorf("selection after re-creating: %s", got)
	}
}

// The default mapping is the Workspace default, configuration or not.
func TestDirectoryDefaultMapping(t *testing.T) {
	s := newTestServer(t, Config{})
	p := s.googleWorkspace("dir-default", syncReady())
	r := s.do("GET", p+"/default-mapping", nil)
	mustStatus(t, r, http.StatusOK)
	if keysOf(t, r.raw) != "mapping" || mappingLen(t, r) != 51 ||
		!strings.HasPrefix(string(r.raw), `{"mapping":[{"auth0":"app_metadata.external_id","idp":"id"},`) {
		t.Errorf("default mapping %s", r.raw)
	}
}

// The recorded sequence: PUT replaces and reads back sorted by id, POST
// adds, DELETE (with a body) removes the listed ids only; every write is
// an empty 204 that leaves the configuration untouched.
func TestSynchronizedGroupsWrites(t *testing.T) {
	s := newTestServer(t, Config{})
	p := s.googleWorkspace("dir-groups", syncReady())
	cfg := s.do("POST", p, map[string]any{"synchronize_groups": "selected"}).raw
	g := p + "/synchronized-groups"
	if got := string(s.do("GET", g+"?take=50", nil).raw); got != `{"groups":[]}` {
		t.Errorf("empty selection %s", got)
	}
	steps := []struct {
		method string
		ids    []string
		want   string
	}{
		{"PUT", []string{"group2def", "group3ghi", "group1abc"}, "group1abc,group2def,group3ghi"},
		{"POST", []string{"group4jkl"}, "group1abc,group2def,group3ghi,group4jkl"},
		{"DELETE", []string{"group4jkl", "group3ghi"}, "group1abc,group2def"},
		{"DELETE", []string{"group2def", "group1abc", "neverSelected"}, ""},
		{"POST", []string{"group4jkl", "group5mno", "group4jkl"}, "group4jkl,group5mno"},
		{"PUT", []string{}, ""},
	}
	for _, st := range steps {
		r := s.do(st.method, g, groupsBody(st.ids...))
		mustStatus(t, r, http.StatusNoContent)
		if len(r.raw) != 0 {
			t.Errorf("%s answered a body: %s", st.method, r.raw)
		}
		if got := groupIDs(t, s.do("GET", g+"?take=50", nil)); got != st.want {
			t.Errorf("after %s %v: %s, want %s", st.method, st.ids, got, st.want)
		}
	}
	if got := s.do("GET", p, nil).raw; !bytes.Equal(got, cfg) {
		t.Errorf("group writes changed the configuration:\n%s\n%s", cfg, got)
	}
}

// Groups carry exactly the keys they were sent with; an add replaces a
// selected group's metadata instead of merging it.
func TestSynchronizedGroupMetadata(t *testing.T) {
	s := newTestServer(t, Config{})
	p := s.googleWorkspace("dir-group-metadata", syncReady())
	mustStatus(t, s.do("POST", p, map[string]any{"synchronize_groups": "selected"}), http.StatusCreated)
	g := p + "/synchronized-groups"
	mustStatus(t, s.do("PUT", g, `{"groups":[{"direct_members_count":3,"email":"eng@example.com","name":"Engineering","id":"eng"},{"id":"ops"}]}`), http.StatusNoContent)
	want := `{"groups":[{"id":"eng","name":"Engineering","email":"eng@example.com","direct_members_count":3},{"id":"ops"}]}`
	if got := string(s.do("GET", g, nil).raw); got != want {
		t.Errorf("groups %s, want %s", got, want)
	}
	mustStatus(t, s.do("POST", g, `{"groups":[{"id":"eng","name":"Eng"}]}`), http.StatusNoContent)
	if got := string(s.do("GET", g, nil).raw); got != `{"groups":[{"id":"eng","name":"Eng"},{"id":"ops"}]}` {
		t.Errorf("after re-adding eng: %s", got)
	}
}

func TestSynchronizedGroupValidation(t *testing.T) {
	s := newTestServer(t, Config{})
	p := s.googleWorkspace("dir-group-validation", syncReady())
	mustStatus(t, s.do("POST", p, map[string]any{"synchronize_groups": "selected"}), http.StatusCreated)
	g := p + "/synchronized-groups"
	cases := []struct{ body, message string }{
		{`{"groups":[{"id":"ok","email":""}]}`, "Payload validation error: 'Object didn't pass validation for format email: ' on property groups[0].email (Google Workspace Directory group email)."},
		{`{"groups":[{"id":"ok"},{"id":"ok2","email":"not-an-email"}]}`, "Payload validation error: 'Object didn't pass validation for format email: not-an-email' on property groups[1].email (Google Workspace Directory group email)."},
		{`{"groups":[{"id":"has space"}]}`, "Payload validation error: 'String does not match pattern ^[A-Za-z0-9]+$: has space' on property groups[0].id."},
		{`{"groups":[{"id":""}]}`, "Payload validation error: 'String does not match pattern ^[A-Za-z0-9]+$: ' on property groups[0].id."},
		{`{"groups":[{"id":"` + strings.Repeat("a", 33) + `"}]}`, "Payload validation error: 'String is too long (33 chars), maximum 32' on property groups[0].id."},
		{`{"groups":[{"name":"no id"}]}`, "Payload validation error: 'Missing required property: id' on property groups[0]."},
		{`{"groups":[{"id":"a","members":[]}]}`, "Payload validation error: 'Additional properties not allowed: members' on property groups[0]."},
		{`{"groups":[{"id":"a","direct_members_count":-1}]}`, "Payload validation error: 'Value -1 is less than minimum 0' on property groups[0].direct_members_count."},
		{`{"groups":[{"id":"a","direct_members_count":2147483648}]}`, "Payload validation error: 'Value 2147483648 is greater than maximum 2147483647' on property groups[0].direct_members_count."},
		{`{"groups":[{"id":"a","direct_members_count":1.5}]}`, "Payload validation error: 'Expected type integer but found type number' on property groups[0].direct_members_count."},
		{`{}`, "Payload validation error: 'Missing required property: groups'."},
		{`{"groups":{}}`, "Payload validation error: 'Expected type array but found type object' on property groups."},
	}
	for _, tc := range cases {
		for _, method := range []string{"PUT", "POST", "DELETE"} {
			wantError(t, s.do(method, g, tc.body), http.StatusBadRequest, "invalid_body", tc.message)
		}
	}
	if got := string(s.do("GET", g, nil).raw); got != `{"groups":[]}` {
		t.Errorf("rejected writes changed the selection: %s", got)
	}

	// Adds and removes take at most 100 groups; a replacement takes more.
	var ids []string
	for i := range 101 {
		ids = append(ids, fmt.Sprintf("g%03d", i))
	}
	for _, method := range []string{"POST", "DELETE"} {
		wantError(t, s.do(method, g, groupsBody(ids...)), http.StatusBadRequest, "invalid_body",
			"Payload validation error: 'Array is too long (101), maximum 100' on property groups.")
	}
	mustStatus(t, s.do("POST", g, groupsBody(ids[:100]...)), http.StatusNoContent)
	mustStatus(t, s.do("PUT", g, groupsBody(ids...)), http.StatusNoContent)
}

// GET pages by id with take/from; next is there while more follow and
// never empty; q filters by a name or email prefix.
func TestSynchronizedGroupsPagingAndQuery(t *testing.T) {
	s := newTestServer(t, Config{})
	p := s.googleWorkspace("dir-group-paging", syncReady())
	mustStatus(t, s.do("POST", p, map[string]any{"synchronize_groups": "selected"}), http.StatusCreated)
	g := p + "/synchronized-groups"
	mustStatus(t, s.do("PUT", g, `{"groups":[{"id":"c","name":"Engineering"},{"id":"a","email":"eng-leads@example.com"},{"id":"b","name":"Sales"},{"id":"d"},{"id":"e","name":"engines"}]}`), http.StatusNoContent)

	var pages []string
	from := ""
	for range 5 {
		r := s.do("GET", g+"?take=2"+from, nil)
		pages = append(pages, groupIDs(t, r))
		next, has := r.object(t)["next"]
		if !has {
			break
		}
		if next == "" {
			t.Fatal("next is the empty string")
		}
		from = "&from=" + next.(string)
	}
	if got := strings.Join(pages, "|"); got != "a,b|c,d|e" {
		t.Errorf("pages %s", got)
	}

	for q, want := range map[string]string{
		"name:eng*":   "c,e",
		"name:SALES":  "b",
		"email:eng*":  "a",
		"name:nobody": "",
	} {
		if got := groupIDs(t, s.do("GET", g+"?q="+q, nil)); got != want {
			t.Errorf("q=%s: %s, want %s", q, got, want)
		}
	}
	for _, bad := range []string{"id:a*", "name:a*b*", "name:(a OR b)", "eng*"} {
		r := s.do("GET", g+"?q="+strings.ReplaceAll(bad, " ", "%20"), nil)
		wantError(t, r, http.StatusBadRequest, "invalid_query_string", "")
	}
	wantError(t, s.do("GET", g+"?take=101", nil), http.StatusBadRequest, "invalid_query_string", "Query validation error: 'Value 101 is greater than maximum 100' on property take.")
	wantError(t, s.do("GET", g+"?from=nonsense", nil), http.StatusBadRequest, "invalid_query_string", "")
}

// Directory writes and reads never change the connection object.
func TestDirectoryLeavesTheConnectionAlone(t *testing.T) {
	s := newTestServer(t, Config{})
	p := s.googleWorkspace("dir-untouched", syncReady())
	conn := strings.TrimSuffix(p, "/directory-provisioning")
	before := s.do("GET", conn, nil).raw
	mustStatus(t, s.do("POST", p, map[string]any{"synchronize_groups": "selected"}), http.StatusCreated)
	mustStatus(t, s.do("PUT", p+"/synchronized-groups", groupsBody("a", "b")), http.StatusNoContent)
	mustStatus(t, s.do("PATCH", p, map[string]any{"synchronize_automatically": true}), http.StatusOK)
	if after := s.do("GET", conn, nil).raw; !bytes.Equal(before, after) {
		t.Errorf("connection changed:\n%s\n%s", before, after)
	}
}
