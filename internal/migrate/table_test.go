package migrate

import (
	"strings"
	"testing"
)

func TestTableRows(t *testing.T) {
	tests := []struct {
		strategy, attr, key string
		kind                transformKind
	}{
		{"auth0", "password_policy", "passwordPolicy", kindCopy},
		{"auth0", "custom_scripts", "customScripts", kindCopy},
		{"auth0", "password_history.size", "password_history.size", kindOmitWhen},
		{"auth0", "upstream_params", "upstream_params", kindUpstreamParams},
		{"apple", "client_secret", "app_secret", kindCopy},
		{"apple", "key_id", "kid", kindCopy},
		{"apple", "scopes", "", kindScopeFlags},
		{"email", "template", "email.body", kindCopy},
		{"email", "from", "email.from", kindCopy},
		{"sms", "from", "from", kindCopy},
		{"sms", "forward_request_info", "forward_req_info", kindCopy},
		{"samlp", "decryption_key.key", "decryptionKey.key", kindCopy},
		{"samlp", "signing_key.key", "signing_key.key", kindCopy},
		{"samlp", "idp_initiated.client_authorize_query", "idpinitiated.client_authorizequery", kindCopy},
		{"samlp", "fields_map", "fieldsMap", kindJSONObject},
		{"samlp", "set_user_root_attributes", "set_user_root_attributes", kindOmitWhen},
		{"oidc", "scopes", "scope", kindScopeString},
		{"okta", "attribute_map.attributes", "attribute_map.attributes", kindJSONObject},
		{"oauth2", "scopes", "scope", kindScopeList},
		{"oauth2", "custom_headers", "customHeaders", kindHeaderMap},
		{"shopify", "authorization_endpoint", "authorizationURL", kindCopy},
		{"waad", "user_id_attribute", "userid_attribute", kindCopy},
		{"waad", "waad_common_endpoint", "useCommonEndpoint", kindCopy},
		{"ad", "use_kerberos", "kerberos", kindCopy},
		{"oauth1", "request_token_url", "requestTokenURL", kindCopy},
	}
	for _, tt := range tests {
		s := table.strategy(tt.strategy)
		if s == nil {
			t.Errorf("no strategy %s", tt.strategy)
			continue
		}
		r := s.row(tt.attr)
		if r == nil || r.Key != tt.key || r.Kind != tt.kind {
			t.Errorf("%s %s: row %+v, want key %q kind %q", tt.strategy, tt.attr, r, tt.key, tt.kind)
		}
	}
	for _, notSent := range [][2]string{{"okta", "requires_username"}, {"sms", "set_user_root_attributes"}, {"samlp", "scopes"}} {
		if r := table.strategy(notSent[0]).row(notSent[1]); r != nil {
			t.Errorf("%s sends %s: %+v", notSent[0], notSent[1], r)
		}
	}
	if !table.strategy("okta").Enterprise || table.strategy("github").Enterprise {
		t.Error("enterprise flags wrong")
	}
	if table.strategy("aol") != nil {
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
				if !isSecretKey(name, r.keyPath()) {
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
