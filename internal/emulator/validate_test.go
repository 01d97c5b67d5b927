package emulator

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func TestCreateValidationMessages(t *testing.T) {
	nameDesc := propertyDescriptions["name"]
	metadata := map[string]any{}
	for i := 0; i < 11; i++ {
		metadata[fmt.Sprintf("k%d", i)] = "v"
	}
	cases := []struct {
		name string
		body any
		want string // message
	}{
		{"name with a space", map[string]any{"name": "bad name", "strategy": "auth0"},
			"Payload validation error: 'String does not match pattern " + namePattern + ": bad name' on property name (" + nameDesc + ")."},
		{"name with a double dash", map[string]any{"name": "a--b", "strategy": "auth0"},
			"Payload validation error: 'String does not match pattern " + namePattern + ": a--b' on property name (" + nameDesc + ")."},
		{"name ending in a dash", map[string]any{"name": "ab-", "strategy": "auth0"},
			"Payload validation error: 'String does not match pattern " + namePattern + ": ab-' on property name (" + nameDesc + ")."},
		{"name of 129 chars", map[string]any{"name": strings.Repeat("a", 129), "strategy": "auth0"},
			"Payload validation error: 'String is too long (129 chars), maximum 128' on property name (" + nameDesc + ")."},
		{"name not a string", map[string]any{"name": 12, "strategy": "auth0"},
			"Payload validation error: 'Expected type string but found type integer' on property name (" + nameDesc + ")."},
		{"missing name", map[string]any{"strategy": "auth0"},
			"Payload validation error: 'Missing required property: name'."},
		{"missing strategy", map[string]any{"name": "ok"},
			"Payload validation error: 'Missing required property: strategy'."},
		{"unknown strategy", map[string]any{"name": "ok", "strategy": "auth0-adldap"},
			`Payload validation error: 'Invalid value "auth0-adldap"' on property strategy (The identity provider identifier for the connection).`},
		{"unknown top-level key", map[string]any{"name": "ok", "strategy": "auth0", "domainConnection": true},
			"Payload validation error: 'Additional properties not allowed: domainConnection'."},
		{"display_name of 129 chars", map[string]any{"name": "ok", "strategy": "auth0", "display_name": strings.Repeat("d", 129)},
			"Payload validation error: 'String is too long (129 chars), maximum 128' on property display_name (" + propertyDescriptions["display_name"] + ")."},
		{"11 metadata keys", map[string]any{"name": "ok", "strategy": "auth0", "metadata": metadata},
			"Payload validation error: 'Too many properties defined (11), maximum 10' on property metadata (" + propertyDescriptions["metadata"] + ")."},
		{"metadata value of 256 chars", map[string]any{"name": "ok", "strategy": "auth0", "metadata": map[string]any{"k": strings.Repeat("v", 256)}},
			"Payload validation error: 'String is too long (256 chars), maximum 255' on property metadata.k."},
		{"metadata value not a string", map[string]any{"name": "ok", "strategy": "auth0", "metadata": map[string]any{"k": 1}},
			"Payload validation error: 'Expected type string,null but found type integer' on property metadata.k."},
		{"options not an object", map[string]any{"name": "ok", "strategy": "auth0", "options": []any{}},
			"Payload validation error: 'Expected type object but found type array' on property options (" + propertyDescriptions["options"] + ")."},
		{"authentication without active", map[string]any{"name": "ok", "strategy": "auth0", "authentication": map[string]any{}},
			"Payload validation error: 'Missing required property: active' on property authentication (" + propertyDescriptions["authentication"] + ")."},
		{"strict options.validation", map[string]any{"name": "ok", "strategy": "auth0", "options": map[string]any{"validation": map[string]any{"requires_username": true}}},
			"Payload validation error: 'Additional properties not allowed: requires_username' on property options.validation (Options for validation)."},
		{"upstream alias outside the enum", map[string]any{"name": "ok", "strategy": "auth0", "options": map[string]any{"upstream_params": map[string]any{"screen_name": map[string]any{"alias": "nickname"}}}},
			"Payload validation error: 'No enum match for: nickname' on property options.upstream_params.screen_name.alias."},
		{"upstream value and alias together", map[string]any{"name": "ok", "strategy": "auth0", "options": map[string]any{"upstream_params": map[string]any{"blog": map[string]any{"alias": "login_hint", "value": "x"}}}},
			"Payload validation error: 'Data does not match any schemas from 'oneOf'' on property options.upstream_params.blog."},
		{"passwordPolicy outside the enum", map[string]any{"name": "ok", "strategy": "auth0", "options": map[string]any{"passwordPolicy": "strong"}},
			"Payload validation error: 'No enum match for: strong' on property options.passwordPolicy (Password strength level)."},
		{"oauth2 without options", map[string]any{"name": "ok", "strategy": "oauth2"},
			"Payload validation error: 'Missing required property: options'."},
		{"oauth2 without scripts", map[string]any{"name": "ok", "strategy": "oauth2", "options": map[string]any{"client_id": "x"}},
			"Payload validation error: 'Missing required property: scripts' on property options."},
		{"empty attributes", map[string]any{"name": "ok", "strategy": "auth0", "options": map[string]any{"attributes": map[string]any{}}},
			"Payload validation error: 'Too few properties defined (0), minimum 1' on property options.attributes (Attribute configuration)."},
		{"unknown attribute", map[string]any{"name": "ok", "strategy": "auth0", "options": map[string]any{"attributes": map[string]any{"nickname": map[string]any{}}}},
			"Payload validation error: 'Additional properties not allowed: nickname' on property options.attributes (Attribute configuration)."},
		{"11 facebook upstream params", map[string]any{"name": "ok", "strategy": "facebook", "options": map[string]any{"upstream_params": upstreamParams(11)}},
			"Payload validation error: 'Too many properties defined (11), maximum 10' on property options.upstream_params (" + propertyDescriptions["options.upstream_params"] + ")."},
		{"body is an array", []any{}, "Payload validation error: 'Expected type object but found type array'."},
	}
	s := newTestServer(t, Config{})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := s.do("POST", "/api/v2/connections", tc.body)
			wantError(t, r, http.StatusBadRequest, "invalid_body", tc.want)
		})
	}
	if n := len(s.emu.st.Connections); n != 0 {
		t.Errorf("%d connections stored after rejected creates", n)
	}
}

func TestCreateAcceptsEdgeValues(t *testing.T) {
	s := newTestServer(t, Config{})
	metadata := map[string]any{"nullable": nil}
	for i := 0; i < 9; i++ {
		metadata[fmt.Sprintf("k%d", i)] = strings.Repeat("v", 255)
	}
	c := s.createConnection(map[string]any{
		"name": strings.Repeat("a", 127) + "9", "strategy": "samlp", "display_name": strings.Repeat("d", 128),
		"metadata": metadata,
		// SAML IdPs take no upstream parameters at runtime, but the API
		// accepts and stores them.
		"options": map[string]any{"upstream_params": map[string]any{
			"screen_name": map[string]any{"alias": "login_hint"},
			"blog":        map[string]any{"value": "myblog.wordpress.com"},
		}},
	})
	if got := mustJSON(path(c, "options", "upstream_params")); got != `{"blog":{"value":"myblog.wordpress.com"},"screen_name":{"alias":"login_hint"}}` {
		t.Errorf("upstream_params = %s", got)
	}
	if path(c, "metadata", "nullable") != nil || len(c["metadata"].(map[string]any)) != 10 {
		t.Errorf("metadata = %s", mustJSON(c["metadata"]))
	}
}

// A custom OAuth2 connection keeps needing its scripts: a PATCH that sends
// options without them is refused, one that sends no options is not.
func TestOAuth2OptionsNeedScripts(t *testing.T) {
	s := newTestServer(t, Config{})
	scripts := map[string]any{"fetchUserProfile": "function (accessToken, ctx, cb) { cb(null, {}) }"}
	id := s.createConnection(map[string]any{"name": "custom-oauth", "strategy": "oauth2", "options": map[string]any{"scripts": scripts}})["id"].(string)
	for _, body := range []string{`{"options":{"client_id":"x"}}`, `{"options":null}`} {
		wantError(t, s.do("PATCH", "/api/v2/connections/"+id, body), http.StatusBadRequest, "invalid_body",
			"Payload validation error: 'Missing required property: scripts' on property options.")
	}
	s.patch(id, map[string]any{"display_name": "Custom OAuth"})
	s.patch(id, map[string]any{"options": map[string]any{"scripts": scripts, "client_id": "x"}})
}

// upstreamParams makes n static upstream parameters.
func upstreamParams(n int) map[string]any {
	params := map[string]any{}
	for i := range n {
		params[fmt.Sprintf("p%d", i)] = map[string]any{"value": "v"}
	}
	return params
}

// Facebook's options schema caps upstream_params at 10 entries, on PATCH
// as on create; other strategies take more.
func TestFacebookUpstreamParamsCap(t *testing.T) {
	s := newTestServer(t, Config{})
	fb := s.createConnection(map[string]any{"name": "fb", "strategy": "facebook", "options": map[string]any{"upstream_params": upstreamParams(10)}})
	s.createConnection(map[string]any{"name": "gh", "strategy": "github", "options": map[string]any{"upstream_params": upstreamParams(11)}})
	id := fb["id"].(string)
	before := s.do("GET", "/api/v2/connections/"+id, nil).raw
	wantError(t, s.do("PATCH", "/api/v2/connections/"+id, map[string]any{"options": map[string]any{"upstream_params": upstreamParams(11)}}),
		http.StatusBadRequest, "invalid_body", "Payload validation error: 'Too many properties defined (11), maximum 10' on property options.upstream_params ("+propertyDescriptions["options.upstream_params"]+").")
	if after := s.do("GET", "/api/v2/connections/"+id, nil).raw; string(after) != string(before) {
		t.Errorf("rejected PATCH changed the connection:\n%s\n%s", before, after)
	}
}

func TestMalformedBodies(t *testing.T) {
	s := newTestServer(t, Config{})
	wantError(t, s.do("POST", "/api/v2/connections", `{"name": "x",`), http.StatusBadRequest, "", "Invalid request payload JSON format")
	big := `{"name":"big","strategy":"auth0","options":{"x":"` + strings.Repeat("a", maxBodyBytes) + `"}}`
	wantError(t, s.do("POST", "/api/v2/connections", big), http.StatusRequestEntityTooLarge, "", "Payload content length greater than maximum allowed: 1048576")
}

func TestPatchValidation(t *testing.T) {
	s := newTestServer(t, Config{})
	id := s.createConnection(map[string]any{"name": "patch-me", "strategy": "auth0"})["id"].(string)
	cases := []struct {
		name string
		body string
		want string
	}{
		// Keys are reported in body order, as z-schema does.
		{"name and strategy", `{"strategy":"auth0","name":"other"}`, "Payload validation error: 'Additional properties not allowed: strategy,name'."},
		{"id", `{"id":"con_x"}`, "Payload validation error: 'Additional properties not allowed: id'."},
		{"empty body", `{}`, "Payload validation error: 'Too few properties defined (0), minimum 1'."},
		{"bad display_name type", `{"display_name":5}`, "Payload validation error: 'Expected type string but found type integer' on property display_name (" + propertyDescriptions["display_name"] + ")."},
		{"bad upstream params", `{"options":{"upstream_params":{"x":{"alias":"bogus"}}}}`, "Payload validation error: 'No enum match for: bogus' on property options.upstream_params.x.alias."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			wantError(t, s.do("PATCH", "/api/v2/connections/"+id, tc.body), http.StatusBadRequest, "invalid_body", tc.want)
		})
	}
	wantError(t, s.do("PATCH", "/api/v2/connections/con_AAAAAAAAAAAAAAAA", `{"display_name":"x"}`),
		http.StatusNotFound, "inexistent_connection", "The connection does not exist")
}

func TestConflicts(t *testing.T) {
	s := newTestServer(t, Config{})
	s.createConnection(map[string]any{"name": "dup", "strategy": "auth0", "realms": []any{"example.com"}, "is_domain_connection": true})
	wantError(t, s.do("POST", "/api/v2/connections", map[string]any{"name": "dup", "strategy": "email"}),
		http.StatusConflict, "connection_conflict", "A connection with the same name already exists")
	wantError(t, s.do("POST", "/api/v2/connections", map[string]any{"name": "other", "strategy": "email", "realms": []any{"example.com"}}),
		http.StatusConflict, "connection_conflict", `There is already another connection with some realms from "realms" parameter`)
	wantError(t, s.do("POST", "/api/v2/connections", map[string]any{"name": "dom2", "strategy": "auth0", "is_domain_connection": true}),
		http.StatusConflict, "connection_conflict", "There is already a domain connection enabled for strategy")
	s.createConnection(map[string]any{"name": "dom3", "strategy": "email", "is_domain_connection": true})
}

// The OpenAPI spec also declares form bodies for POST and PATCH.
func TestCreateFromAFormBody(t *testing.T) {
	s := newTestServer(t, Config{})
	req, _ := http.NewRequest("POST", s.url+"/api/v2/connections", strings.NewReader("name=from-form&strategy=email&is_domain_connection=true"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer "+s.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("status %d", resp.StatusCode)
	}
	r := s.do("GET", "/api/v2/connections?name=from-form", nil)
	if got := path(r.body.([]any)[0], "is_domain_connection"); got != true {
		t.Errorf("is_domain_connection = %v", got)
	}
}
