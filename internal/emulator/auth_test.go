package emulator

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestBearerAuthErrors(t *testing.T) {
	s := newTestServer(t, Config{})
	wantError(t, s.call("GET", "/api/v2/connections", nil, ""), http.StatusUnauthorized, "", "Missing authentication")
	wantError(t, s.call("GET", "/api/v2/connections", nil, "not-a-token"), http.StatusUnauthorized, "", "Invalid token")

	// A JWT signed by another tenant is invalid too.
	other, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	wantError(t, s.call("GET", "/api/v2/connections", nil, other.MintToken(AllScopes()...)), http.StatusUnauthorized, "", "Invalid token")
}

func TestExpiredTokenIs401(t *testing.T) {
	s := newTestServer(t, Config{TokenTTL: time.Minute})
	tok := s.emu.MintToken(AllScopes()...)
	mustStatus(t, s.call("GET", "/api/v2/connections", nil, tok), http.StatusOK)
	s.emu.clock = func() time.Time { return time.Now().Add(2 * time.Minute) }
	wantError(t, s.call("GET", "/api/v2/connections", nil, tok), http.StatusUnauthorized, "", "Expired token received for JSON Web Token validation")
}

func TestScopesPerOperation(t *testing.T) {
	s := newTestServer(t, Config{})
	id := s.createConnection(map[string]any{"name": "scoped", "strategy": "auth0"})["id"].(string)
	cases := []struct {
		method, path string
		body         any
		scope        string
	}{
		{"GET", "/api/v2/connections", nil, "read:connections"},
		{"GET", "/api/v2/connections/" + id, nil, "read:connections"},
		{"POST", "/api/v2/connections", map[string]any{"name": "x", "strategy": "auth0"}, "create:connections"},
		{"PATCH", "/api/v2/connections/" + id, map[string]any{"display_name": "x"}, "update:connections"},
		{"DELETE", "/api/v2/connections/" + id, nil, "delete:connections"},
		{"GET", "/api/v2/connections/" + id + "/clients", nil, "read:connections"},
		{"PATCH", "/api/v2/connections/" + id + "/clients", []any{}, "update:connections"},
		{"POST", "/api/v2/clients", map[string]any{"name": "app"}, "create:clients"},
	}
	none := s.emu.MintToken("read:users")
	for _, tc := range cases {
		r := s.call(tc.method, tc.path, tc.body, none)
		wantError(t, r, http.StatusForbidden, "insufficient_scope", "Insufficient scope, expected any of: "+tc.scope)
		// The right scope alone is enough (PATCH /clients then fails on its
		// empty body, which proves it got past the scope check).
		r = s.call(tc.method, tc.path, tc.body, s.emu.MintToken(tc.scope))
		if r.status == http.StatusForbidden {
			t.Errorf("%s %s with %s: %d %s", tc.method, tc.path, tc.scope, r.status, r.raw)
		}
	}
}

func TestOptionsNeedTheOptionsScopes(t *testing.T) {
	s := newTestServer(t, Config{})
	id := s.createConnection(map[string]any{"name": "opts", "strategy": "auth0"})["id"].(string)
	noOpts := s.emu.MintToken("read:connections", "update:connections")

	r := s.call("GET", "/api/v2/connections/"+id, nil, noOpts)
	mustStatus(t, r, http.StatusOK)
	if _, has := r.object(t)["options"]; has {
		t.Errorf("options returned without read:connections_options: %s", r.raw)
	}
	r = s.call("GET", "/api/v2/connections", nil, noOpts)
	mustStatus(t, r, http.StatusOK)
	if strings.Contains(string(r.raw), `"options"`) {
		t.Errorf("list carries options without read:connections_options: %s", r.raw)
	}

	wantError(t, s.call("PATCH", "/api/v2/connections/"+id, map[string]any{"options": map[string]any{}}, noOpts),
		http.StatusForbidden, "insufficient_scope", "Insufficient scope, expected any of: update:connections_options")
	r = s.call("PATCH", "/api/v2/connections/"+id, map[string]any{"display_name": "Fine"}, noOpts)
	mustStatus(t, r, http.StatusOK)
	if _, has := r.object(t)["options"]; has {
		t.Errorf("PATCH response carries options without read:connections_options")
	}
	// The options were not touched by the refused PATCH.
	r = s.do("GET", "/api/v2/connections/"+id, nil)
	if path(r.body, "options", "passwordPolicy") != "good" {
		t.Errorf("options changed: %s", r.raw)
	}
}

func TestStaticTokensCarryTheirScopes(t *testing.T) {
	s := newTestServer(t, Config{Tokens: map[string][]string{"reader": {"read:connections"}}})
	mustStatus(t, s.call("GET", "/api/v2/connections", nil, "reader"), http.StatusOK)
	wantError(t, s.call("POST", "/api/v2/connections", map[string]any{"name": "x", "strategy": "auth0"}, "reader"),
		http.StatusForbidden, "insufficient_scope", "Insufficient scope, expected any of: create:connections")
}

// tokenCall posts to /oauth/token with the given content type and body.
func tokenCall(t *testing.T, s *testServer, contentType, body string, basic ...string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest("POST", s.url+"/oauth/token", strings.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	if len(basic) == 2 {
		req.SetBasicAuth(basic[0], basic[1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("token response %q: %v", raw, err)
	}
	return resp.StatusCode, m
}

func TestOAuthTokenClientCredentials(t *testing.T) {
	s := newTestServer(t, Config{ClientID: "cid", ClientSecret: "secret", ClientScopes: []string{"read:connections", "read:connections_options"}})
	host := strings.TrimPrefix(s.url, "http://")
	audience := "https://" + host + "/api/v2/"
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {"cid"}, "client_secret": {"secret"}, "audience": {audience}}

	status, tok := tokenCall(t, s, "application/x-www-form-urlencoded", form.Encode())
	if status != 200 || tok["token_type"] != "Bearer" || tok["expires_in"] != float64(86400) || tok["scope"] != "read:connections read:connections_options" {
		t.Fatalf("form grant: %d %v", status, tok)
	}
	access := tok["access_token"].(string)
	mustStatus(t, s.call("GET", "/api/v2/connections", nil, access), http.StatusOK)
	wantError(t, s.call("POST", "/api/v2/connections", map[string]any{"name": "x", "strategy": "auth0"}, access),
		http.StatusForbidden, "insufficient_scope", "")

	jsonBody := `{"grant_type":"client_credentials","client_id":"cid","client_secret":"secret","audience":"https://emulator.local/api/v2/"}`
	if status, tok := tokenCall(t, s, "application/json", jsonBody); status != 200 || tok["access_token"] == "" {
		t.Errorf("JSON grant with the tenant-domain audience: %d %v", status, tok)
	}
	basic := url.Values{"grant_type": {"client_credentials"}, "audience": {"http://" + host + "/api/v2/"}}
	if status, tok := tokenCall(t, s, "application/x-www-form-urlencoded", basic.Encode(), "cid", "secret"); status != 200 {
		t.Errorf("HTTP Basic credentials: %d %v", status, tok)
	}
	subset := url.Values{"grant_type": {"client_credentials"}, "client_id": {"cid"}, "client_secret": {"secret"}, "audience": {audience}, "scope": {"read:connections"}}
	if _, tok := tokenCall(t, s, "application/x-www-form-urlencoded", subset.Encode()); tok["scope"] != "read:connections" {
		t.Errorf("requested scope subset: %v", tok)
	}

	errCases := []struct {
		name   string
		form   url.Values
		status int
		code   string
		desc   string
	}{
		{"bad secret", url.Values{"grant_type": {"client_credentials"}, "client_id": {"cid"}, "client_secret": {"nope"}, "audience": {audience}}, 401, "access_denied", "Unauthorized"},
		{"unknown client", url.Values{"grant_type": {"client_credentials"}, "client_id": {"x"}, "client_secret": {"secret"}, "audience": {audience}}, 401, "access_denied", "Unauthorized"},
		{"other audience", url.Values{"grant_type": {"client_credentials"}, "client_id": {"cid"}, "client_secret": {"secret"}, "audience": {"https://api.example.com/"}}, 403, "access_denied", "Service not found: https://api.example.com/"},
		{"no audience", url.Values{"grant_type": {"client_credentials"}, "client_id": {"cid"}, "client_secret": {"secret"}}, 403, "access_denied", "No audience parameter was provided, and no default audience has been configured"},
		{"password grant", url.Values{"grant_type": {"password"}, "client_id": {"cid"}, "client_secret": {"secret"}, "audience": {audience}}, 403, "unauthorized_client", "Grant type 'password' not allowed for the client."},
		{"ungranted scope", url.Values{"grant_type": {"client_credentials"}, "client_id": {"cid"}, "client_secret": {"secret"}, "audience": {audience}, "scope": {"delete:connections"}}, 403, "access_denied", "Client has not been granted scopes: delete:connections"},
	}
	for _, tc := range errCases {
		status, body := tokenCall(t, s, "application/x-www-form-urlencoded", tc.form.Encode())
		if status != tc.status || body["error"] != tc.code || body["error_description"] != tc.desc {
			t.Errorf("%s: %d %v, want %d %s %q", tc.name, status, body, tc.status, tc.code, tc.desc)
		}
	}
}

func TestOAuthTokenWithoutConfiguredClientRefusesEveryone(t *testing.T) {
	s := newTestServer(t, Config{})
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {""}, "client_secret": {""}, "audience": {"https://emulator.local/api/v2/"}}
	status, body := tokenCall(t, s, "application/x-www-form-urlencoded", form.Encode())
	if status != 401 || body["error"] != "access_denied" {
		t.Errorf("%d %v", status, body)
	}
}
