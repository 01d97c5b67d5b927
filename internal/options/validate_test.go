package options

import (
	"strings"
	"testing"
)

// want describes one expected problem: severity, path and a detail fragment.
type want struct {
	sev    Severity
	path   string
	detail string
}

func checkProblems(t *testing.T, got []Problem, wants []want) {
	t.Helper()
	if len(got) != len(wants) {
		t.Fatalf("got %d problems, want %d:\n%s", len(got), len(wants), listProblems(got))
	}
	for i, w := range wants {
		g := got[i]
		if g.Severity != w.sev || g.Path.String() != w.path || !strings.Contains(g.Detail, w.detail) {
			t.Errorf("problem %d = %s\nwant %s at %s containing %q", i, g, w.sev, w.path, w.detail)
		}
		if g.Summary == "" {
			t.Errorf("problem %d has no summary", i)
		}
	}
}

func listProblems(ps []Problem) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString("  " + p.String() + "\n")
	}
	return b.String()
}

// validateCase is one options object of a strategy and the problems a
// validation function must find in it.
type validateCase struct {
	name, strategy, opts string
	wants                []want
}

func runValidateCases(t *testing.T, validate func(string, Object) []Problem, tests []validateCase) {
	t.Helper()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkProblems(t, validate(tc.strategy, mustParse(t, tc.opts)), tc.wants)
		})
	}
}

func TestValidate(t *testing.T) {
	runValidateCases(t, Validate, []validateCase{
		{"valid database options", "auth0", `{
			"passwordPolicy":"excellent","precedence":["username","email","phone_number"],
			"password_history":{"enable":true,"size":24},"password_complexity_options":{"min_length":128},
			"brute_force_protection":true,"mfa":{"active":true},"strategy_version":2,
			"non_persistent_attrs":["gender"],"set_user_root_attributes":"never_on_login",
			"upstream_params":{"blog":{"value":"x"},"screen_name":{"alias":"login_hint"}},
			"validation":{"username":{"min":1,"max":128}},"customScripts":{"login":"function(){}"}}`, nil},
		{"null where the API allows it", "auth0", `{"passwordPolicy":null,"non_persistent_attrs":null,"password_history":null}`, nil},
		{"null deletes any key, even a non-nullable one", "auth0", `{"brute_force_protection":null,"mfa":{"active":null}}`, nil},
		{"unknown keys pass", "auth0", `{"brand_new_option":{"anything":[1,"x"]},"another":5}`, nil},
		{"generic rules know nothing", "no-such-strategy", `{"passwordPolicy":"medium","mfa":"yes"}`, nil},
		{"enum", "auth0", `{"passwordPolicy":"medium"}`,
			[]want{{Error, "passwordPolicy", `must be one of "none", "low", "fair", "good", "excellent", got "medium"`}}},
		{"type", "auth0", `{"brute_force_protection":"true"}`,
			[]want{{Error, "brute_force_protection", "expected boolean, got a string"}}},
		{"nested type", "auth0", `{"mfa":{"active":1}}`,
			[]want{{Error, "mfa.active", "expected boolean, got a number"}}},
		{"integer range", "auth0", `{"password_history":{"enable":true,"size":25}}`,
			[]want{{Error, "password_history.size", "must be between 0 and 24, got 25"}}},
		{"not an integer", "auth0", `{"password_history":{"size":2.5}}`,
			[]want{{Error, "password_history.size", "expected integer, got a number"}}},
		{"integral float is an integer", "auth0", `{"password_history":{"size":5.0},"strategy_version":2e0}`, nil},
		{"minimum", "auth0", `{"password_complexity_options":{"min_length":0}}`,
			[]want{{Error, "password_complexity_options.min_length", "between 1 and 128, got 0"}}},
		{"too long", "auth0", `{"password_dictionary":{"dictionary":["` + strings.Repeat("x", 51) + `"]}}`,
			[]want{{Error, "password_dictionary.dictionary[0]", "must be at most 50 characters long, got 51"}}},
		{"at least", "email", `{"totp":{"time_step":30,"length":41}}`,
			[]want{{Error, "totp.length", "between 4 and 40, got 41"}, {Error, "totp.time_step", "at least 60, got 30"}}},
		{"huge number", "auth0", `{"strategy_version":1e999999}`, nil},
		{"array items with exact paths", "auth0", `{"precedence":["email","phone","username"]}`,
			[]want{{Error, "precedence[1]", `got "phone"`}}},
		{"array too short", "auth0", `{"precedence":["email"]}`,
			[]want{{Error, "precedence", "at least 3 items, got 1"}}},
		{"array of strings", "auth0", `{"non_persistent_attrs":["a",2]}`,
			[]want{{Error, "non_persistent_attrs[1]", "expected string, got a number"}}},
		{"closed object unknown key warns", "auth0", `{"validation":{"username":{"min":1,"max":5,"requires":true}}}`,
			[]want{{Warning, "validation.username.requires", "not a documented key of validation.username"}}},
		{"secret in options names secret_options", "github", `{"client_id":"x","client_secret":"s"}`,
			[]want{{Error, "client_secret", "move it to secret_options"}}},
		{"nested secret in options", "samlp", `{"signing_key":{"cert":"C","key":"K"}}`,
			[]want{{Error, "signing_key.key", "secret_options"}}},
		{"configuration is secret as a whole", "auth0", `{"configuration":{"A":"1","B":"2"}}`,
			[]want{{Error, "configuration", "secret_options"}}},
		{"sms secrets", "sms", `{"twilio_token":"t","gateway_authentication":{"method":"bearer","secret":"s"}}`,
			[]want{{Error, "gateway_authentication.secret", "secret_options"}, {Error, "twilio_token", "secret_options"}}},
		{"apple app_secret", "apple", `{"app_secret":"-----BEGIN PRIVATE KEY-----"}`,
			[]want{{Error, "app_secret", "secret_options"}}},
		{"derived social scope warns with hint", "google-oauth2", `{"scope":["email"],"email":true}`,
			[]want{{Warning, "scope", "set those flags"}}},
		{"derived SAML cert warns with hint", "samlp", `{"cert":"x","subject":{"commonName":"y"}}`,
			[]want{{Warning, "cert", "set signingCert"}, {Warning, "subject", "set signingCert"}}},
		{"derived is not type-checked further", "okta", `{"token_endpoint":5}`,
			[]want{{Warning, "token_endpoint", "set domain"}}},
		{"oidc type", "oidc", `{"type":"side_channel"}`,
			[]want{{Error, "type", `"back_channel", "front_channel"`}}},
		{"okta type", "okta", `{"type":"front_channel"}`,
			[]want{{Error, "type", `must be one of "back_channel"`}}},
		{"oidc pkce and mapping", "oidc", `{"connection_settings":{"pkce":"S512"},"attribute_map":{"mapping_mode":"basic_profile"}}`,
			[]want{{Error, "attribute_map.mapping_mode", `"bind_all", "use_map"`}, {Error, "connection_settings.pkce", `"auto", "S256"`}}},
		{"samlp enums", "samlp", `{"signatureAlgorithm":"rsa-sha512","digestAlgorithm":"md5","protocolBinding":"HTTP-POST"}`,
			[]want{
				{Error, "digestAlgorithm", `"sha1", "sha256"`},
				{Error, "protocolBinding", "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"},
				{Error, "signatureAlgorithm", `"rsa-sha1", "rsa-sha256"`},
			}},
		{"samlp fieldsMap string or array", "samlp", `{"fieldsMap":{"email":"mail","name":["a","b"],"bad":5,"long":["1","2","3","4","5"]}}`,
			[]want{
				{Error, "fieldsMap.bad", "expected string or array, got a number"},
				{Error, "fieldsMap.long", "at most 4 items, got 5"},
			}},
		{"waad enums", "waad", `{"waad_protocol":"saml","identity_api":"v3","userid_attribute":"email"}`,
			[]want{
				{Error, "identity_api", "microsoft-identity-platform-v2.0"},
				{Error, "userid_attribute", `"oid", "sub"`},
				{Error, "waad_protocol", `"ws-federation", "openid-connect"`},
			}},
		{"sms provider and totp", "sms", `{"provider":"vonage","totp":{"time_step":"60"},"syntax":"liquid"}`,
			[]want{{Error, "provider", `"sms_gateway", "twilio"`}, {Error, "totp.time_step", "expected integer, got a string"}}},
		{"email template syntax", "email", `{"email":{"syntax":"handlebars","from":"a@b"}}`,
			[]want{{Error, "email.syntax", `must be one of "liquid"`}}},
		{"set_user_root_attributes", "github", `{"set_user_root_attributes":"always"}`,
			[]want{{Error, "set_user_root_attributes", "on_each_login"}}},
		{"linkedin strategy_version", "linkedin", `{"strategy_version":4}`,
			[]want{{Error, "strategy_version", "between 1 and 3, got 4"}}},
		{"string length", "adfs", `{"entityId":""}`,
			[]want{{Error, "entityId", "at least 1 characters long, got 0"}}},
		{"domain_aliases", "okta", `{"domain_aliases":"example.com"}`,
			[]want{{Error, "domain_aliases", "expected array, got a string"}}},
		{"strategy_version minimum", "ad", `{"strategy_version":0}`,
			[]want{{Error, "strategy_version", "at least 1, got 0"}}},
	})
}

func TestValidateUpstreamParams(t *testing.T) {
	runValidateCases(t, Validate, []validateCase{
		{"static and dynamic", "github", `{"upstream_params":{"blog":{"value":"myblog"},"screen_name":{"alias":"login_hint"}}}`, nil},
		{"null removes them all", "github", `{"upstream_params":null}`, nil},
		{"not an object", "github", `{"upstream_params":["blog"]}`,
			[]want{{Error, "upstream_params", "expected object or null, got an array"}}},
		{"entry not an object", "github", `{"upstream_params":{"blog":"x"}}`,
			[]want{{Error, "upstream_params.blog", `{"value": "<static value>"} or {"alias"`}}},
		{"both", "github", `{"upstream_params":{"blog":{"value":"x","alias":"prompt"}}}`,
			[]want{{Error, "upstream_params.blog", "not both"}}},
		{"neither", "github", `{"upstream_params":{"blog":{}}}`,
			[]want{{Error, "upstream_params.blog", "set exactly one of value and alias"}}},
		{"unknown key", "github", `{"upstream_params":{"blog":{"value":"x","extra":1}}}`,
			[]want{{Error, "upstream_params.blog.extra", `unknown key "extra"`}}},
		{"bad alias", "github", `{"upstream_params":{"screen_name":{"alias":"username"}}}`,
			[]want{{Error, "upstream_params.screen_name.alias", `"acr_values", "audience"`}}},
		{"alias not a string", "github", `{"upstream_params":{"screen_name":{"alias":true}}}`,
			[]want{{Error, "upstream_params.screen_name.alias", "got true"}}},
		{"value not a string", "github", `{"upstream_params":{"blog":{"value":5}}}`,
			[]want{{Error, "upstream_params.blog.value", "value must be a string, got a number"}}},
		{"SAML IdPs take none (a warning: the API stores them)", "samlp", `{"upstream_params":{"blog":{"value":"x"}}}`,
			[]want{{Warning, "upstream_params", "SAML or WS-Federation"}}},
		{"facebook allows at most 10", "facebook",
			`{"upstream_params":{"a":{"value":"1"},"b":{"value":"1"},"c":{"value":"1"},"d":{"value":"1"},"e":{"value":"1"},"f":{"value":"1"},"g":{"value":"1"},"h":{"value":"1"},"i":{"value":"1"},"j":{"value":"1"},"k":{"value":"1"}}}`,
			[]want{{Error, "upstream_params", "at most 10 upstream parameters, got 11"}}},
	})
}

func TestValidateSecrets(t *testing.T) {
	runValidateCases(t, ValidateSecrets, []validateCase{
		{"client secret", "github", `{"client_secret":"s"}`, nil},
		{"nested secrets", "samlp", `{"signing_key":{"key":"K"},"decryptionKey":{"key":"D"}}`, nil},
		{"configuration", "auth0", `{"configuration":{"A":"1","B":null}}`, nil},
		{"sms", "sms", `{"twilio_token":"t","gateway_authentication":{"secret":"g"}}`, nil},
		{"public key in secrets", "github", `{"client_id":"x","client_secret":"s"}`,
			[]want{{Error, "client_id", `not a secret option of strategy "github": it belongs in options`}}},
		{"public half of a pair", "samlp", `{"signing_key":{"key":"K","cert":"C"}}`,
			[]want{{Error, "signing_key.cert", "belongs in options"}}},
		{"empty object is not a secret", "samlp", `{"signing_key":{}}`,
			[]want{{Error, "signing_key", "belongs in options"}}},
		{"secret type checked", "auth0", `{"configuration":{"A":5}}`,
			[]want{{Error, "configuration.A", "expected string or null, got a number"}}},
		{"secret must be a string", "github", `{"client_secret":["s"]}`,
			[]want{{Error, "client_secret", "expected string or null, got an array"}}},
		{"server-set secret warns", "google-apps", `{"admin_refresh_token":"r"}`,
			[]want{{Warning, "admin_refresh_token", "Google Workspace administrator"}}},
		{"upstream entry is atomic, never a secret", "github", `{"upstream_params":{"x":{"value":"v"}}}`,
			[]want{{Error, "upstream_params.x", "belongs in options"}}},
		{"unknown strategy still knows secrets", "no-such-strategy", `{"client_secret":"s","other":1}`,
			[]want{{Error, "other", "belongs in options"}}},
	})
}

func TestSeverityString(t *testing.T) {
	if Error.String() != "error" || Warning.String() != "warning" {
		t.Fatal("Severity.String")
	}
	got := Problem{Path: Path{"mfa", "active"}, Severity: Warning, Summary: "S", Detail: "D"}.String()
	if got != "warning: mfa.active: S: D" {
		t.Fatalf("Problem.String() = %q", got)
	}
}

// Every problem on valid options of any strategy must be absent: the tables
// must not reject the shapes the API documents for its defaults.
func TestServerDefaultsValidate(t *testing.T) {
	defaults := map[string]string{
		"auth0": `{"mfa":{"active":true,"return_enroll_settings":true},"passwordPolicy":"good","strategy_version":2,
			"authentication_methods":{"password":{"enabled":true,"api_behavior":"required","signup_behavior":"allow"},
			"passkey":{"enabled":false},"email_otp":{"enabled":false},"phone_otp":{"enabled":false}},
			"passkey_options":{"challenge_ui":"both","progressive_enrollment_enabled":true,"local_enrollment_enabled":true},
			"brute_force_protection":true,
			"password_options":{"complexity":{"min_length":12,"character_types":["uppercase","lowercase","number","special"],
			"character_type_rule":"three_of_four","identical_characters":"block","sequential_characters":"allow",
			"max_length_exceeded":"error"},"dictionary":{"active":true,"custom":[],"default":"en_100k"},
			"history":{"active":true,"size":3},"profile_data":{"active":true,"blocked_fields":["name"]}}}`,
		"ad":            `{"ips":null,"brute_force_protection":true}`,
		"email":         `{"brute_force_protection":true}`,
		"google-oauth2": `{"email":true,"profile":true}`,
		"oidc":          `{"attribute_map":{"mapping_mode":"bind_all"},"connection_settings":{"pkce":"auto"},"schema_version":"oidc-V4","type":"front_channel"}`,
		"okta":          `{"attribute_map":{"mapping_mode":"basic_profile"},"connection_settings":{"pkce":"auto"},"type":"back_channel"}`,
		"samlp":         `{"assertion_decryption_settings":{"algorithm_profile":"v2026-1","algorithm_exceptions":[]}}`,
		"waad": `{"identity_api":"microsoft-identity-platform-v2.0","should_trust_email_verified_connection":"never_set_emails_as_verified",
			"useCommonEndpoint":false,"use_wsfed":false,"waad_common_endpoint":false,"waad_protocol":"openid-connect"}`,
		"windowslive": `{"signin":true}`,
		"linkedin":    `{"profile":true,"strategy_version":2}`,
	}
	for strategy, opts := range defaults {
		if ps := Validate(strategy, mustParse(t, opts)); len(ps) > 0 {
			t.Errorf("%s defaults:\n%s", strategy, listProblems(ps))
		}
	}
}
