package emulator

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

var fuzzMethods = []string{"GET", "POST", "PATCH", "DELETE", "PUT", "HEAD", "OPTIONS"}

// FuzzRequests sends arbitrary methods, paths, queries and bodies to the
// emulator: it must never panic, never answer 500 (nothing is injected, so a
// 500 would be a bug of its own), and always answer Auth0's JSON envelope.
func FuzzRequests(f *testing.F) {
	seeds := []struct {
		method      byte
		target      string
		body        string
		contentType string
	}{
		{1, "/api/v2/connections", `{"name":"fuzz","strategy":"auth0","options":{"passwordPolicy":"good"}}`, "application/json"},
		{1, "/api/v2/connections", `{"name":"fuzz","strategy":"auth0"`, "application/json"},
		{1, "/api/v2/connections", `{"name":123,"strategy":["auth0"],"options":"x","metadata":{"k":{"deep":1}}}`, "application/json"},
		{1, "/api/v2/connections", `{"name":"f","strategy":"samlp","options":{"signingCert":"-----BEGIN CERTIFICATE-----\nZZZ"}}`, "application/json"},
		{1, "/api/v2/connections", `{"name":"o","strategy":"oidc","options":{"client_id":"c","discovery_url":"http://[::1"}}`, "application/json"},
		{1, "/api/v2/connections", "<html>not json</html>", "text/html"},
		{1, "/api/v2/connections", `{"name":"n","strategy":"auth0","options":` + strings.Repeat(`{"a":`, 200) + `1` + strings.Repeat(`}`, 200) + `}`, "application/json"},
		{1, "/api/v2/connections", `{"name":"big","strategy":"auth0","options":{"n":1e999999,"m":-1e-999999}}`, "application/json"},
		{1, "/api/v2/connections", "", "application/json"},
		{1, "/api/v2/connections", "null", "application/json"},
		{2, "/api/v2/connections/con_AAAAAAAAAAAAAAAA", `{"options":null,"display_name":"\u0000"}`, "application/json"},
		{2, "/api/v2/connections/con_AAAAAAAAAAAAAAAA", `[]`, "application/json"},
		{2, "/api/v2/connections/con_AAAAAAAAAAAAAAAA/clients", `[{"client_id":123,"status":"yes"}]`, "application/json"},
		{0, "/api/v2/connections?take=-1&from=%ff%fe&strategy=&fields=id,,realms&include_fields=maybe", "", ""},
		{0, "/api/v2/connections?page=99999999999999999999&per_page=0&include_totals=1", "", ""},
		{0, "/api/v2/connections/%2F..%2F..%2Femulator%2Fstats", "", ""},
		{0, "/api/v2/connections/con_AAAAAAAAAAAAAAAA/clients?take=abc&from=-", "", ""},
		{3, "/api/v2/connections/", "", ""},
		{4, "/api/v2/connections", "{}", "application/json"},
		{0, "/oauth/token", "", ""},
		{1, "/oauth/token", "grant_type=client_credentials&client_id=%zz", "application/x-www-form-urlencoded"},
		{1, "/oauth/token", `{"grant_type":"client_credentials","client_id":["x"],"audience":{}}`, "application/json"},
		{0, "/api/v2/clients?fields=client_id&page=-3", "", ""},
		{1, "/api/v2/clients", `{"name":"` + strings.Repeat("x", 5000) + `"}`, "application/json"},
		{1, "/api/v2/connections/" + fuzzOkta + "/scim-configuration", "", ""},
		{1, "/api/v2/connections/" + fuzzOkta + "/scim-configuration", `{"mapping":[{"scim":1}],"user_id_attribute":[]}`, "application/json"},
		{2, "/api/v2/connections/" + fuzzOkta + "/scim-configuration", `{"mapping":null,"user_id_attribute":null}`, "application/json"},
		{1, "/api/v2/connections/" + fuzzOkta + "/scim-configuration/tokens", `{"scopes":["get:users"],"token_lifetime":1e400}`, "application/json"},
		{3, "/api/v2/connections/" + fuzzOkta + "/scim-configuration/tokens/tok_%2F..", "", ""},
		{0, "/api/v2/connections/" + fuzzOkta + "/scim-configuration/default-mapping", "", "application/json"},
		{0, "/api/v2/connections/" + fuzzOkta + "/keys", "", ""},
		{1, "/api/v2/connections/" + fuzzOkta + "/keys/rotate", `{"signing_alg":"ES384"}`, "application/json"},
		{1, "/api/v2/connections/" + fuzzOkta + "/keys", "null", "application/json"},
		{1, "/api/v2/connections/" + fuzzGoogle + "/directory-provisioning", `{"synchronize_groups":"selected","mapping":[{"idp":"a","auth0":"b"}]}`, "application/json"},
		{2, "/api/v2/connections/" + fuzzGoogle + "/directory-provisioning", `{"mapping":[{}]}`, "application/json"},
		{4, "/api/v2/connections/" + fuzzGoogle + "/directory-provisioning/synchronized-groups", `{"groups":[{"id":"a","email":"x@y.z","direct_members_count":-0}]}`, "application/json"},
		{3, "/api/v2/connections/" + fuzzGoogle + "/directory-provisioning/synchronized-groups", `{"groups":[{"id":"a"}]}`, "application/json"},
		{0, "/api/v2/connections/" + fuzzGoogle + "/directory-provisioning/synchronized-groups?take=1&from=eyJrIjoiYSJ9&q=name:a*", "", ""},
		{0, "/api/v2/connections/" + fuzzAD + "/status", "", ""},
		{3, "/api/v2/connections/" + fuzzAD + "/users?email=a@b.c", "", ""},
	}
	for _, s := range seeds {
		f.Add(s.method, s.target, []byte(s.body), s.contentType)
	}

	var emu *Emulator
	var token string
	f.Fuzz(func(t *testing.T, method byte, target string, body []byte, contentType string) {
		if emu == nil || len(emu.st.Connections) > 500 {
			var err error
			if emu, err = New(Config{ClientID: "fuzz-id", ClientSecret: "fuzz-secret"}); err != nil {
				t.Fatal(err)
			}
			seedFuzzConnections(t, emu)
			token = emu.MintToken(AllScopes()...)
		}
		if !strings.HasPrefix(target, "/") {
			target = "/" + target
		}
		req, err := http.NewRequest(fuzzMethods[int(method)%len(fuzzMethods)], "http://emulator.test"+target, bytes.NewReader(body))
		if err != nil {
			return // not a request an HTTP server would ever hand to a handler
		}
		req.Header.Set("Authorization", "Bearer "+token)
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		rec := httptest.NewRecorder()
		emu.ServeHTTP(rec, req)
		checkEnvelope(t, req, rec)
	})
}

// Connections with fixed ids, so that fuzzed sub-resource paths reach past
// the connection look-up.
const (
	fuzzOkta   = "con_FuzzOkta00000000"
	fuzzGoogle = "con_FuzzGoogle000000"
	fuzzAD     = "con_FuzzAD0000000000"
)

func seedFuzzConnections(t *testing.T, emu *Emulator) {
	t.Helper()
	for id, body := range map[string]map[string]any{
		fuzzOkta: {"name": "fuzz-okta", "strategy": "okta", "options": map[string]any{
			"client_id": "c", "domain": "fuzz.okta.com", "token_endpoint_auth_method": "private_key_jwt",
		}},
		fuzzGoogle: {"name": "fuzz-google", "strategy": "google-apps", "options": map[string]any{
			"ext_groups": true, "api_enable_users": true, "api_enable_groups": true,
		}},
		fuzzAD: {"name": "fuzz-ad", "strategy": "ad"},
	} {
		c, _, err := emu.buildConnection(body, nil)
		if err != nil {
			t.Fatal(err.Message)
		}
		c.ID = id
		emu.st.addConnection(c)
	}
}

func checkEnvelope(t *testing.T, req *http.Request, rec *httptest.ResponseRecorder) {
	t.Helper()
	status := rec.Code
	if status < 200 || status > 599 || status == http.StatusInternalServerError {
		t.Fatalf("%s %s: status %d: %s", req.Method, req.URL, status, rec.Body)
	}
	if status == http.StatusNoContent || req.Method == http.MethodHead {
		return
	}
	var body any
	dec := json.NewDecoder(rec.Body)
	dec.UseNumber()
	if err := dec.Decode(&body); err != nil {
		t.Fatalf("%s %s: status %d with a body that is not JSON (%v)", req.Method, req.URL, status, err)
	}
	envelope, _ := body.(map[string]any)
	switch {
	case status < 400:
	case strings.HasPrefix(req.URL.Path, "/oauth/"):
		// The token endpoint answers in OAuth's error format (RFC 6749 §5.2).
		if _, ok := envelope["error"].(string); !ok {
			t.Fatalf("%s %s: status %d with %v", req.Method, req.URL, status, body)
		}
	default:
		if envelope["statusCode"] != json.Number(itoa(status)) {
			t.Fatalf("%s %s: status %d with %v", req.Method, req.URL, status, body)
		}
	}
}
