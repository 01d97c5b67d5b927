package emulator

import (
	"bytes"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// subresourceFixture is one connection of each family with every
// sub-resource it can have.
type subresourceFixture struct {
	scim, directory, keys, status string // paths
}

func (s *testServer) subresourceFixture() subresourceFixture {
	s.t.Helper()
	scim := s.scimConnection("fixture-okta", "okta")
	mustStatus(s.t, s.do("POST", scim, nil), http.StatusCreated)
	mustStatus(s.t, s.do("POST", scim+"/tokens", map[string]any{"scopes": []any{"get:users"}}), http.StatusCreated)
	dir := s.googleWorkspace("fixture-google", syncReady())
	mustStatus(s.t, s.do("POST", dir, map[string]any{"synchronize_groups": "selected"}), http.StatusCreated)
	mustStatus(s.t, s.do("PUT", dir+"/synchronized-groups", groupsBody("g1")), http.StatusNoContent)
	keys := "/api/v2/connections/" + s.oidcConnection("fixture-oidc", true) + "/keys"
	mustStatus(s.t, s.do("GET", keys, nil), http.StatusOK)
	ad := s.createConnection(map[string]any{"name": "fixture-ad", "strategy": "ad"})["id"].(string)
	return subresourceFixture{scim: scim, directory: dir, keys: keys, status: "/api/v2/connections/" + ad + "/status"}
}

// Every sub-resource operation needs its own scope, which is also enough.
func TestSubresourceScopes(t *testing.T) {
	s := newTestServer(t, Config{})
	f := s.subresourceFixture()
	g := f.directory + "/synchronized-groups"
	cases := []struct {
		method, path string
		body         any
		scope        string
	}{
		{"GET", f.scim, nil, "read:scim_config"},
		{"GET", f.scim + "/default-mapping", nil, "read:scim_config"},
		{"POST", f.scim, nil, "create:scim_config"},
		{"PATCH", f.scim, map[string]any{"user_id_attribute": "userName", "mapping": []any{}}, "update:scim_config"},
		{"GET", f.scim + "/tokens", nil, "read:scim_token"},
		{"POST", f.scim + "/tokens", map[string]any{"scopes": []any{"get:users"}}, "create:scim_token"},
		{"DELETE", f.scim + "/tokens/tok_AAAAAAAAAAAAAAAA", nil, "delete:scim_token"},
		{"GET", f.directory, nil, "read:directory_provisionings"},
		{"GET", f.directory + "/default-mapping", nil, "read:directory_provisionings"},
		{"GET", g, nil, "read:directory_provisionings"},
		{"POST", f.directory, nil, "create:directory_provisionings"},
		{"PATCH", f.directory, map[string]any{}, "update:directory_provisionings"},
		{"PUT", g, groupsBody("g1"), "update:directory_provisionings"},
		{"POST", g, groupsBody("g2"), "update:directory_provisionings"},
		{"DELETE", g, groupsBody("g2"), "update:directory_provisionings"},
		{"GET", f.keys, nil, "read:connections_keys"},
		{"GET", f.status, nil, "read:connections"},
		// The deletes last: they remove what the others read.
		{"DELETE", f.scim, nil, "delete:scim_config"},
		{"DELETE", f.directory, nil, "delete:directory_provisionings"},
	}
	for _, tc := range cases {
		s.wantInsufficientScope(tc.method, tc.path, tc.body, "Insufficient scope, expected any of: "+tc.scope, "read:users")
		if r := s.call(tc.method, tc.path, tc.body, s.emu.MintToken(tc.scope)); r.status == http.StatusForbidden || r.status == http.StatusUnauthorized {
			t.Errorf("%s %s with %s: %d %s", tc.method, tc.path, tc.scope, r.status, r.raw)
		}
	}
}

// Deleting a connection deletes all of it: the old id has no sub-resource
// left, and a new connection of the same name starts without any.
func TestDeletingAConnectionDeletesItsSubresources(t *testing.T) {
	for _, pending := range []time.Duration{0, time.Hour} {
		s := newTestServer(t, Config{DeletePending: pending})
		f := s.subresourceFixture()
		oldKeys := s.do("GET", f.keys, nil).raw
		for _, p := range []string{f.scim, f.directory, f.keys, f.status} {
			mustStatus(t, s.do("DELETE", connectionPath(p), nil), http.StatusAccepted)
		}
		for _, p := range []string{f.scim, f.scim + "/tokens", f.directory, f.directory + "/synchronized-groups", f.keys, f.status} {
			wantError(t, s.do("GET", p, nil), http.StatusNotFound, "inexistent_connection", "The connection does not exist")
		}
		if pending > 0 {
			continue // the names stay taken while the deletion is pending
		}
		wantError(t, s.do("GET", s.scimConnection("fixture-okta", "okta"), nil), http.StatusNotFound, "", "Not Found")
		wantError(t, s.do("GET", s.googleWorkspace("fixture-google", syncReady()), nil), http.StatusNotFound, "", "Directory provisioning configuration not found")
		newKeys := s.do("GET", "/api/v2/connections/"+s.oidcConnection("fixture-oidc", true)+"/keys", nil)
		if bytes.Equal(newKeys.raw, oldKeys) || len(keyList(t, newKeys)) != 2 {
			t.Errorf("the re-created connection has the old keys or not a fresh pair: %s", newKeys.raw)
		}
	}
}

// connectionPath is the connection's own path in a sub-resource path.
func connectionPath(subresource string) string {
	return subresource[:len("/api/v2/connections/con_AAAAAAAAAAAAAAAA")]
}

// Sub-resources survive a restart of a persisted emulator, and the data
// file holds no SCIM token secret.
func TestSubresourcesArePersisted(t *testing.T) {
	file := filepath.Join(t.TempDir(), "tenant.json")
	s := newTestServer(t, Config{DataFile: file})
	f := s.subresourceFixture()
	secret := s.do("POST", f.scim+"/tokens", map[string]any{"scopes": []any{"get:users"}}).object(t)["token"].(string)
	paths := []string{f.scim, f.scim + "/tokens", f.directory, f.directory + "/synchronized-groups", f.keys}
	want := map[string][]byte{}
	for _, p := range paths {
		want[p] = s.do("GET", p, nil).raw
	}
	restarted := newTestServer(t, Config{DataFile: file})
	for _, p := range paths {
		if got := restarted.do("GET", p, nil).raw; !bytes.Equal(got, want[p]) {
			t.Errorf("%s after restart:\n%s\nwant\n%s", p, got, want[p])
		}
	}
	if err := restarted.emu.Save(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte(secret)) {
		t.Error("the data file holds a SCIM token secret")
	}
}

// The request shapes real clients send: GET and DELETE with a JSON
// Content-Type and no body, POST with no body and no Content-Type.
func TestSubresourceRequestShapes(t *testing.T) {
	s := newTestServer(t, Config{})
	p := s.scimConnection("shapes", "okta")
	send := func(method, path, contentType string) int {
		req, err := http.NewRequest(method, s.url+path, http.NoBody)
		if err != nil {
			t.Fatal(err)
		}
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		req.Header.Set("Authorization", "Bearer "+s.token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		_, _ = io.Copy(io.Discard, resp.Body)
		return resp.StatusCode
	}
	if got := send("POST", p, ""); got != http.StatusCreated {
		t.Errorf("POST without body or Content-Type: %d", got)
	}
	if got := send("GET", p, "application/json"); got != http.StatusOK {
		t.Errorf("GET with Content-Type and no body: %d", got)
	}
	if got := send("DELETE", p, "application/json"); got != http.StatusNoContent {
		t.Errorf("DELETE with Content-Type and no body: %d", got)
	}
}
