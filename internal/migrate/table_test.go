package migrate

import (
	"strings"
	"testing"
)

func TestTableRows(t *testing.T) {
	tests := []struct {
		strategy, attr, key string
		kind                Kind
	}{
		{"auth0", "password_policy", "passwordPolicy", KindCopy},
		{"auth0", "custom_scripts", "customScripts", KindCopy},
		{"auth0", "password_history.size", "password_history.size", KindOmitWhen},
		{"auth0", "upstream_params", "upstream_params", KindUpstreamParams},
		{"apple", "client_secret", "app_secret", KindCopy},
		{"apple", "key_id", "kid", KindCopy},
		{"apple", "scopes", "", KindScopeFlags},
		{"email", "template", "email.body", KindCopy},
		{"email", "from", "email.from", KindCopy},
		{"sms", "from", "from", KindCopy},
		{"sms", "forward_request_info", "forward_req_info", KindCopy},
		{"samlp", "decryption_key.key", "decryptionKey.key", KindCopy},
		{"samlp", "signing_key.key", "signing_key.key", KindCopy},
		{"samlp", "idp_initiated.client_authorize_query", "idpinitiated.client_authorizequery", KindCopy},
		{"samlp", "fields_map", "fieldsMap", KindJSONObject},
		{"samlp", "set_user_root_attributes", "set_user_root_attributes", KindOmitWhen},
		{"oidc", "scopes", "scope", KindScopeString},
		{"okta", "attribute_map.attributes", "attribute_map.attributes", KindJSONObject},
		{"oauth2", "scopes", "scope", KindScopeList},
		{"oauth2", "custom_headers", "customHeaders", KindHeaderMap},
		{"shopify", "authorization_endpoint", "authorizationURL", KindCopy},
		{"waad", "user_id_attribute", "userid_attribute", KindCopy},
		{"waad", "waad_common_endpoint", "useCommonEndpoint", KindCopy},
		{"ad", "use_kerberos", "kerberos", KindCopy},
		{"oauth1", "request_token_url", "requestTokenURL", KindCopy},
	}
	for _, tt := range tests {
		s := table.Strategy(tt.strategy)
		if s == nil {
			t.Errorf("no strategy %s", tt.strategy)
			continue
		}
		r := s.Row(tt.attr)
		if r == nil || r.Key != tt.key || r.Kind != tt.kind {
			t.Errorf("%s %s: row %+v, want key %q kind %q", tt.strategy, tt.attr, r, tt.key, tt.kind)
		}
	}
	for _, notSent := range [][2]string{{"okta", "requires_username"}, {"sms", "set_user_root_attributes"}, {"samlp", "scopes"}} {
		if r := table.Strategy(notSent[0]).Row(notSent[1]); r != nil {
			t.Errorf("%s sends %s: %+v", notSent[0], notSent[1], r)
		}
	}
	if !table.Strategy("okta").Enterprise || table.Strategy("github").Enterprise {
		t.Error("enterprise flags wrong")
	}
	if table.Strategy("aol") != nil {
		t.Error("aol has options in the official provider")
	}
}

// Every attribute the official provider marks sensitive lands in
// secret_options under this provider's own secret-key rules, so no secret
// the user kept hidden ever shows in a plan after the switch.
func TestTableSensitiveRowsAreSecretsHere(t *testing.T) {
	n := 0
	for name, s := range table.strategies {
		for _, r := range s.rows {
			if r.Sensitive {
				n++
				if !isSecretKey(name, r.KeyPath()) {
					t.Errorf("%s: official %s is sensitive but %s is not a secret key in internal/options", name, r.Attr, r.Key)
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("no sensitive row")
	}
}

func TestLoadTableRefusesWhatTheConverterDoesNotKnow(t *testing.T) {
	base := `{"official_attributes": {"a": "string"}, "families": [%s]}`
	for name, fam := range map[string]string{
		"unknown kind":      `{"strategies": ["x"], "rows": [{"attr": "a", "key": "a", "type": "string", "kind": "rot13"}]}`,
		"unknown attribute": `{"strategies": ["x"], "rows": [{"attr": "b", "key": "b", "type": "string"}]}`,
		"no key":            `{"strategies": ["x"], "rows": [{"attr": "a", "type": "string"}]}`,
		"strategy twice":    `{"strategies": ["x"], "rows": []}, {"strategies": ["x"], "rows": []}`,
	} {
		if _, err := loadTable([]byte(strings.Replace(base, "%s", fam, 1))); err == nil {
			t.Errorf("%s: loaded", name)
		}
	}
}
