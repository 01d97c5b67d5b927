package emulator

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestServerDefaultsByStrategy checks what a create adds per strategy, as
// recorded creates show it: want lists option values (as JSON) that must be present,
// absent lists option keys that must not be.
func TestServerDefaultsByStrategy(t *testing.T) {
	cases := []struct {
		strategy string
		options  string // raw JSON, so the flags keep their order
		want     map[string]string
		absent   []string
		top      map[string]string // top-level values (as JSON)
	}{
		{strategy: "auth0",
			want: map[string]string{
				"mfa": `{"active":true,"return_enroll_settings":true}`, "passwordPolicy": `"good"`,
				"strategy_version": `2`, "brute_force_protection": `true`,
				"passkey_options": `{"challenge_ui":"both","local_enrollment_enabled":true,"progressive_enrollment_enabled":true}`,
			}},
		{strategy: "email", want: map[string]string{"brute_force_protection": `true`}},
		{strategy: "sms", want: map[string]string{"brute_force_protection": `true`}},
		{strategy: "ad", want: map[string]string{"ips": `null`, "brute_force_protection": `true`}, top: map[string]string{"show_as_button": `false`}},
		{strategy: "apple", absent: []string{"scope", "brute_force_protection"}},
		{strategy: "twitter", absent: []string{"scope"}},
		{strategy: "facebook", want: map[string]string{"scope": `""`}},
		{strategy: "facebook", options: `{"email":true,"groups_access_member_info":true,"user_birthday":true,"public_profile":true}`,
			want: map[string]string{"scope": `"email,groups_access_member_info,user_birthday,public_profile"`}},
		{strategy: "github", want: map[string]string{"scope": `[]`}},
		{strategy: "github", options: `{"read_user":true,"gist":true,"repo":false}`, want: map[string]string{"scope": `["read:user","gist"]`}},
		{strategy: "google-oauth2", want: map[string]string{"email": `true`, "profile": `true`, "scope": `["email","profile"]`}},
		{strategy: "google-oauth2", options: `{"profile":true,"calendar":true,"youtube":false}`,
			want: map[string]string{"scope": `["profile","https://www.googleapis.com/auth/calendar","email"]`}},
		{strategy: "google-apps", want: map[string]string{
			"map_user_id_to_id": `false`, "email": `true`, "profile": `true`, "scope": `["email","profile"]`, "handle_login_from_social": `true`},
			top: map[string]string{"show_as_button": `false`}},
		{strategy: "linkedin", want: map[string]string{"profile": `true`, "scope": `["r_basicprofile"]`}},
		{strategy: "linkedin", options: `{"strategy_version":2}`, want: map[string]string{"scope": `["r_liteprofile"]`}},
		{strategy: "windowslive", want: map[string]string{"signin": `true`, "scope": `["wl.signin"]`}},
		{strategy: "line", options: `{"email":true,"scope":["email","openid","profile"]}`,
			want: map[string]string{"profile": `true`, "scope": `["openid","email","profile"]`}},
		{strategy: "wordpress", options: `{"scope":["email","profile","openid"]}`,
			want: map[string]string{"profile": `true`, "scope": `["profile"]`}},
		{strategy: "salesforce", want: map[string]string{"scope": `[]`}},
		{strategy: "waad", want: map[string]string{
			"app_domain": `"emulator.local"`, "identity_api": `"microsoft-identity-platform-v2.0"`,
			"should_trust_email_verified_connection": `"never_set_emails_as_verified"`, "useCommonEndpoint": `false`,
			"use_wsfed": `false`, "waad_common_endpoint": `false`, "waad_protocol": `"openid-connect"`},
			top: map[string]string{"display_name": `"strategy-waad"`, "show_as_button": `false`}},
		{strategy: "adfs", want: map[string]string{"should_trust_email_verified_connection": `"always_set_emails_as_verified"`},
			top: map[string]string{"show_as_button": `false`}},
		{strategy: "samlp", want: map[string]string{"assertion_decryption_settings": `{"algorithm_profile":"v2026-1","algorithm_exceptions":[]}`},
			top: map[string]string{"show_as_button": `false`}},
		{strategy: "pingfederate", absent: []string{"assertion_decryption_settings"}, top: map[string]string{"show_as_button": `false`}},
		{strategy: "oidc", want: map[string]string{
			"attribute_map": `{"mapping_mode":"bind_all"}`, "connection_settings": `{"pkce":"auto"}`,
			"schema_version": `"oidc-V4"`, "type": `"front_channel"`},
			absent: []string{"oidc_metadata"},
			top:    map[string]string{"display_name": `"strategy-oidc"`, "show_as_button": `false`}},
		{strategy: "okta", want: map[string]string{
			"attribute_map": `{"mapping_mode":"basic_profile"}`, "connection_settings": `{"pkce":"auto"}`,
			"schema_version": `"oidc-V4"`, "type": `"back_channel"`},
			top: map[string]string{"display_name": `"strategy-okta"`, "show_as_button": `false`}},
	}
	for _, tc := range cases {
		t.Run(tc.strategy, func(t *testing.T) {
			s := newTestServer(t, Config{})
			body := `{"name":"strategy-` + tc.strategy + `","strategy":"` + tc.strategy + `"`
			if tc.options != "" {
				body += `,"options":` + tc.options
			}
			r := s.do("POST", "/api/v2/connections", body+"}")
			mustStatus(t, r, http.StatusCreated)
			c := r.object(t)
			opts, ok := c["options"].(map[string]any)
			if !ok {
				t.Fatalf("options missing: %s", mustJSON(c))
			}
			for k, want := range tc.want {
				if got, has := opts[k]; !has || mustJSON(got) != want {
					t.Errorf("options.%s = %s, want %s", k, mustJSON(got), want)
				}
			}
			for _, k := range tc.absent {
				if _, has := opts[k]; has {
					t.Errorf("options.%s present: %s", k, mustJSON(opts[k]))
				}
			}
			for k, want := range tc.top {
				if got := mustJSON(c[k]); got != want {
					t.Errorf("%s = %s, want %s", k, got, want)
				}
			}
			if _, isEnterprise := tc.top["show_as_button"]; !isEnterprise {
				if _, has := c["show_as_button"]; has {
					t.Errorf("show_as_button added to a non-enterprise strategy")
				}
			}
		})
	}
}

func TestProvisioningTicketURLs(t *testing.T) {
	s := newTestServer(t, Config{Domain: "tenant.example.com"})
	for strategy, ticketLen := range map[string]int{"ad": 32, "adfs": 8, "samlp": 8, "pingfederate": 8, "waad": 8, "google-apps": 8} {
		c := s.createConnection(map[string]any{"name": "ticket-" + strategy, "strategy": strategy})
		// waad's and google-apps' URLs name the tenant before /p/ (recorded).
		under := ""
		if strategy == "waad" || strategy == "google-apps" {
			under = "tenant/"
		}
		re := regexp.MustCompile(`^https://tenant\.example\.com/` + under + `p/` + regexp.QuoteMeta(strategy) + `/[A-Za-z0-9]{` + itoa(ticketLen) + `}$`)
		if u, _ := c["provisioning_ticket_url"].(string); !re.MatchString(u) {
			t.Errorf("%s: provisioning_ticket_url %q does not match %s", strategy, u, re)
		}
	}
	for _, strategy := range []string{"auth0", "oidc", "okta", "facebook"} {
		c := s.createConnection(map[string]any{"name": "noticket-" + strategy, "strategy": strategy})
		if _, has := c["provisioning_ticket_url"]; has {
			t.Errorf("%s got a provisioning_ticket_url", strategy)
		}
	}
}

func TestTopLevelDefaultsAndEnabledClientsOnCreate(t *testing.T) {
	s := newTestServer(t, Config{})
	b := s.emu.CreateClient("b")
	a := s.emu.CreateClient("a")
	c := s.createConnection(map[string]any{"name": "tops", "strategy": "auth0", "realms": []any{}, "enabled_clients": []any{b, a}})
	want := []string{a, b}
	if a > b {
		want = []string{b, a}
	}
	if got := mustJSON(c["enabled_clients"]); got != mustJSON(stringsToJSON(want)) {
		t.Errorf("enabled_clients = %s, want ASCII order %v", got, want)
	}
	if got := mustJSON(c["realms"]); got != `["tops"]` {
		t.Errorf("empty realms = %s, want [name]", got)
	}
	for k, want := range map[string]string{"is_domain_connection": "false", "authentication": `{"active":true}`, "connected_accounts": `{"active":false}`} {
		if got := mustJSON(c[k]); got != want {
			t.Errorf("%s = %s, want %s", k, got, want)
		}
	}
	// Top-level key order on the wire, as Auth0 writes it.
	r := s.do("GET", "/api/v2/connections/"+c["id"].(string), nil)
	if !regexp.MustCompile(`^\{"id":.*,"options":.*,"strategy":.*,"name":.*,"is_domain_connection":.*,"authentication":.*,"connected_accounts":.*,"enabled_clients":.*,"realms":.*\}$`).Match(r.raw) {
		t.Errorf("key order: %s", r.raw)
	}
	wantError(t, s.do("POST", "/api/v2/connections", map[string]any{"name": "ghost-client", "strategy": "auth0", "enabled_clients": []any{"nope"}}),
		http.StatusNotFound, "inexistent_client", "The client does not exist")
}

func TestDatabaseBusinessRules(t *testing.T) {
	emailActive := map[string]any{"identifier": map[string]any{"active": true}, "profile_required": true, "signup": map[string]any{"status": "required", "verification": map[string]any{"active": false}}}
	cases := []struct {
		name    string
		options map[string]any
		want    string
	}{
		{"attributes with validation", map[string]any{"validation": map[string]any{"username": map[string]any{"min": 1, "max": 5}}, "attributes": map[string]any{"email": emailActive}},
			"Cannot set both options.attributes and options.validation"},
		{"attributes with requires_username", map[string]any{"requires_username": true, "attributes": map[string]any{"email": emailActive}},
			"Cannot set both options.attributes and options.requires_username"},
		{"no active identifier", map[string]any{"attributes": map[string]any{"email": map[string]any{"identifier": map[string]any{"active": false}}}},
			"attributes must contain one active identifier"},
		{"active identifier not required on signup", map[string]any{"attributes": map[string]any{"phone_number": map[string]any{"identifier": map[string]any{"active": true}, "signup": map[string]any{"status": "inactive"}}}},
			"attribute phone_number must also be required on signup"},
	}
	s := newTestServer(t, Config{})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := s.do("POST", "/api/v2/connections", map[string]any{"name": "db-rules", "strategy": "auth0", "options": tc.options})
			wantError(t, r, http.StatusBadRequest, "invalid_body", tc.want)
		})
	}

	// A valid email identifier gets unique:true and verification_method:link.
	c := s.createConnection(map[string]any{"name": "db-attrs", "strategy": "auth0", "options": map[string]any{"attributes": map[string]any{"email": emailActive}}})
	if got := mustJSON(path(c, "options", "attributes", "email", "unique")); got != "true" {
		t.Errorf("email.unique = %s", got)
	}
	if got := path(c, "options", "attributes", "email", "verification_method"); got != "link" {
		t.Errorf("email.verification_method = %v", got)
	}
	id := c["id"].(string)
	nonUnique := map[string]any{"identifier": map[string]any{"active": true}, "signup": map[string]any{"status": "required"}, "unique": false}
	wantError(t, s.do("PATCH", "/api/v2/connections/"+id, map[string]any{"options": map[string]any{"attributes": map[string]any{"email": nonUnique}}}),
		http.StatusBadRequest, "invalid_body", "cannot patch unique property on email attribute")

	plain := s.createConnection(map[string]any{"name": "db-plain", "strategy": "auth0", "options": map[string]any{"brute_force_protection": true}})
	username := map[string]any{"identifier": map[string]any{"active": true}, "signup": map[string]any{"status": "required"}}
	emailNonUnique := map[string]any{"identifier": map[string]any{"active": false}, "signup": map[string]any{"status": "required"}, "unique": false}
	wantError(t, s.do("PATCH", "/api/v2/connections/"+plain["id"].(string), map[string]any{"options": map[string]any{"attributes": map[string]any{"email": emailNonUnique, "username": username}}}),
		http.StatusBadRequest, "invalid_body", "cannot add non-unique email attribute")

	// enable_script_context cannot be turned off, nor left out, once on.
	ctx := s.createConnection(map[string]any{"name": "db-ctx", "strategy": "auth0", "options": map[string]any{"enable_script_context": true}})["id"].(string)
	for _, opts := range []map[string]any{{"enable_script_context": false}, {"brute_force_protection": true}} {
		wantError(t, s.do("PATCH", "/api/v2/connections/"+ctx, map[string]any{"options": opts}),
			http.StatusBadRequest, "invalid_body", "once enabled, options.enable_script_context can not be disabled")
	}
	mustStatus(t, s.do("PATCH", "/api/v2/connections/"+ctx, map[string]any{"options": map[string]any{"enable_script_context": true, "brute_force_protection": false}}), http.StatusOK)
	mustStatus(t, s.do("PATCH", "/api/v2/connections/"+plain["id"].(string), map[string]any{"options": map[string]any{"enable_script_context": false}}), http.StatusOK)

	// password_options gets its defaults completed and no passwordPolicy.
	po := s.createConnection(map[string]any{"name": "db-po", "strategy": "auth0", "options": map[string]any{"password_options": map[string]any{"history": map[string]any{"active": true, "size": 5}}}})
	if _, has := path(po, "options").(map[string]any)["passwordPolicy"]; has {
		t.Error("passwordPolicy added next to password_options")
	}
	if got := mustJSON(path(po, "options", "password_options", "history")); got != `{"size":5,"active":true}` {
		t.Errorf("history = %s", got)
	}
	if got := path(po, "options", "password_options", "dictionary", "default"); got != "en_100k" {
		t.Errorf("dictionary.default = %v", got)
	}
}

func TestCrossAppAccessSupport(t *testing.T) {
	s := newTestServer(t, Config{})
	wantError(t, s.do("POST", "/api/v2/connections", map[string]any{"name": "xaa-db", "strategy": "auth0", "cross_app_access_requesting_app": map[string]any{"active": true}}),
		http.StatusBadRequest, "operation_not_supported", "Cross App Access Requesting App is not supported for this connection.")
	c := s.createConnection(map[string]any{"name": "xaa-oidc", "strategy": "oidc", "cross_app_access_resource_app": map[string]any{"status": "enabled"}})
	if got := mustJSON(c["cross_app_access_resource_app"]); got != `{"status":"enabled"}` {
		t.Errorf("cross_app_access_resource_app = %s", got)
	}
}

// POST echoes the client's option order (server keys after),
// GET returns options in jsonb order (shorter keys first).
func TestOptionKeyOrderOnTheWire(t *testing.T) {
	s := newTestServer(t, Config{})
	r := s.do("POST", "/api/v2/connections", `{"name":"order","strategy":"email","options":{"totp":{"time_step":300,"length":6},"name":"x","disable_signup":false}}`)
	mustStatus(t, r, http.StatusCreated)
	if want := `"options":{"totp":{"length":6,"time_step":300},"name":"x","disable_signup":false,"brute_force_protection":true}`; !strings.Contains(string(r.raw), want) {
		t.Errorf("POST options order:\n%s\nwant %s", r.raw, want)
	}
	r = s.do("GET", "/api/v2/connections/"+r.object(t)["id"].(string), nil)
	if want := `"options":{"name":"x","totp":{"length":6,"time_step":300},"disable_signup":false,"brute_force_protection":true}`; !strings.Contains(string(r.raw), want) {
		t.Errorf("GET options order:\n%s\nwant %s", r.raw, want)
	}
}
