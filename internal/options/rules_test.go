package options

import (
	"os"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/openauth0/terraform-provider-auth0/internal/shared"
)

func p(dotted string) Path {
	if dotted == "" {
		return nil
	}
	return Path(strings.Split(dotted, "."))
}

func TestStrategies(t *testing.T) {
	all := Strategies()
	// Auth0's "Create a connection" reference lists 62.
	if len(all) != 62 {
		t.Fatalf("%d strategies, want the 62 of the create schema", len(all))
	}
	seen := map[string]bool{}
	for _, s := range all {
		if seen[s] {
			t.Errorf("duplicate strategy %q", s)
		}
		seen[s] = true
		if RulesFor(s).Strategy() != s {
			t.Errorf("RulesFor(%q) has no profile", s)
		}
	}
	for _, s := range []string{"auth0-adldap", "guardian", "Auth0", "", "saml"} {
		if seen[s] {
			t.Errorf("%q is not a strategy of the create schema", s)
		}
	}
	all[0] = "mutated"
	if Strategies()[0] != "ad" {
		t.Fatal("Strategies returns shared memory")
	}
}

func TestUpstreamAliases(t *testing.T) {
	got := UpstreamAliases()
	want := []string{"acr_values", "audience", "client_id", "display", "id_token_hint", "login_hint",
		"max_age", "prompt", "resource", "response_mode", "response_type", "ui_locales"}
	if !slices.Equal(got, want) {
		t.Fatalf("got %v", got)
	}
	got[0] = "x"
	if UpstreamAliases()[0] != "acr_values" {
		t.Fatal("UpstreamAliases returns shared memory")
	}
}

func TestIsSecret(t *testing.T) {
	secret := []string{
		"client_secret", "app_secret", "consumer_secret", "twilio_token",
		"gateway_authentication.secret", "signing_key.key", "decryptionKey.key", "decryption_key.key",
		"configuration", "configuration.DB_PASSWORD", "admin_access_token", "admin_refresh_token",
	}
	public := []string{
		"client_id", "signing_key", "signing_key.cert", "decryptionKey.cert", "gateway_authentication",
		"gateway_authentication.audience", "twilio_sid", "customScripts.login", "secret", "key",
		"upstream_params.client_secret", "mfa.client_secret",
	}
	// Secrets are recognised for every strategy, including unknown ones and
	// the zero Rules.
	for _, r := range []Rules{RulesFor("auth0"), RulesFor("samlp"), RulesFor("no-such-strategy"), {}} {
		for _, s := range secret {
			if !r.IsSecret(p(s)) {
				t.Errorf("%q: IsSecret(%s) = false", r.Strategy(), s)
			}
		}
		for _, s := range public {
			if r.IsSecret(p(s)) {
				t.Errorf("%q: IsSecret(%s) = true", r.Strategy(), s)
			}
		}
	}
}

func TestIsServerEncrypted(t *testing.T) {
	r := RulesFor("auth0")
	for s, want := range map[string]bool{
		"configuration.foo":   true,
		"configuration":       false, // the object itself is merged by key
		"customScripts.login": false,
		"client_secret":       false,
	} {
		if got := r.IsServerEncrypted(p(s)); got != want {
			t.Errorf("IsServerEncrypted(%s) = %v", s, got)
		}
	}
}

func TestIsAtomic(t *testing.T) {
	r := RulesFor("github")
	for s, want := range map[string]bool{
		"upstream_params.blog":       true,
		"upstream_params":            false, // entries merge one by one
		"upstream_params.blog.value": false,
		"mfa":                        false,
	} {
		if got := r.isAtomic(p(s)); got != want {
			t.Errorf("isAtomic(%s) = %v", s, got)
		}
	}
	if !(Rules{}).isAtomic(p("upstream_params.x")) {
		t.Error("the zero Rules must still know upstream_params entries are atomic")
	}
}

func TestServerDerived(t *testing.T) {
	tests := []struct {
		strategy, path string
		derived        bool
		hintHas        string
	}{
		{"google-oauth2", "scope", true, "email, profile"},
		{"facebook", "scope", true, "public_profile"},
		{"github", "scope", true, "read_user"},
		{"linkedin", "scope", true, "strategy_version"},
		{"windowslive", "scope", true, "signin"},
		{"apple", "scope", true, "name and email"},
		{"oidc", "scope", false, ""}, // configured by the user
		{"okta", "scope", false, ""},
		{"oauth2", "scope", false, ""},
		{"oidc", "oidc_metadata", true, "discovery_url"},
		{"oidc", "oidc_metadata.issuer", true, "discovery_url"},
		{"oidc", "token_endpoint", false, ""}, // oidc keeps configured endpoints
		{"okta", "authorization_endpoint", true, "set domain"},
		{"okta", "token_endpoint", true, "set domain"},
		{"okta", "issuer", false, ""},
		{"samlp", "cert", true, "signingCert"},
		{"samlp", "expires", true, "signingCert"},
		{"samlp", "subject.commonName", true, "signingCert"},
		{"samlp", "thumbprints", true, "signingCert"},
		{"samlp", "signingCert", false, ""},
		{"pingfederate", "cert", true, "signingCert"},
		{"pingfederate", "signInEndpoint", true, "pingFederateBaseUrl"},
		{"adfs", "thumbprints", true, "adfs_server"},
		{"waad", "app_domain", true, "tenant"},
		{"waad", "thumbprints", true, "Azure AD"},
		{"google-apps", "admin_access_token", true, "administrator"},
		{"ad", "agentVersion", true, "Connector"},
		{"auth0", "scope", false, ""},
		{"no-such-strategy", "scope", false, ""},
	}
	for _, tc := range tests {
		derived, hint := RulesFor(tc.strategy).ServerDerived(p(tc.path))
		if derived != tc.derived || !strings.Contains(hint, tc.hintHas) {
			t.Errorf("%s %s: derived=%v hint=%q, want %v with %q", tc.strategy, tc.path, derived, hint, tc.derived, tc.hintHas)
		}
	}
}

func TestIsServerConsumed(t *testing.T) {
	if !RulesFor("samlp").IsServerConsumed(p("metadataXml")) {
		t.Error("samlp metadataXml is consumed by the server")
	}
	if !RulesFor("pingfederate").IsServerConsumed(p("signingCert")) {
		t.Error("pingfederate signingCert is consumed by the server")
	}
	if RulesFor("samlp").IsServerConsumed(p("signingCert")) {
		t.Error("samlp keeps signingCert")
	}
	if RulesFor("adfs").IsServerConsumed(p("fedMetadataXml")) {
		t.Error("adfs keeps fedMetadataXml")
	}
}

func TestTakesUpstreamParams(t *testing.T) {
	var refusing []string
	for _, s := range Strategies() {
		if !RulesFor(s).TakesUpstreamParams() {
			refusing = append(refusing, s)
		}
	}
	sort.Strings(refusing)
	if strings.Join(refusing, ",") != "adfs,pingfederate,samlp" {
		t.Fatalf("strategies without upstream params: %v", refusing)
	}
	if !(Rules{}).TakesUpstreamParams() {
		t.Fatal("generic rules should allow upstream params")
	}
}

func TestTakesCrossAppAccess(t *testing.T) {
	var taking []string
	for _, s := range Strategies() {
		if RulesFor(s).TakesCrossAppAccess() {
			taking = append(taking, s)
		}
	}
	sort.Strings(taking)
	if strings.Join(taking, ",") != "oidc,okta" {
		t.Fatalf("strategies with Cross App Access: %v", taking)
	}
}

func TestPatternCovers(t *testing.T) {
	q := pat("a.*.c")
	if !q.covers(p("a.x.c")) || !q.covers(p("a.x.c.d")) || q.covers(p("a.x")) || q.covers(p("b.x.c")) {
		t.Fatal("covers")
	}
	if !q.matches(p("a.y.c")) || q.matches(p("a.y.c.d")) {
		t.Fatal("matches")
	}
}

// The strategy list is the one Auth0's create-connection documentation page
// gives for the create schema, in the same order.
func TestStrategiesMatchTheCreateConnectionPage(t *testing.T) {
	page := shared.PathOf(t, "the Auth0 create-connection documentation page captured in ../shared/seeds", "seeds/001_*.txt")
	raw, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	_, rest, found := strings.Cut(string(raw), "Available options:\n")
	if !found {
		t.Fatal("the create-connection page has no strategy list")
	}
	var documented []string
	for _, line := range strings.Split(rest, "\n") {
		name, more := strings.CutSuffix(strings.TrimSpace(line), ",")
		documented = append(documented, name)
		if !more {
			break
		}
	}
	if got := strings.Join(Strategies(), ","); got != strings.Join(documented, ",") {
		t.Fatalf("strategies differ from the create-connection page:\n got  %s\n page %s", got, strings.Join(documented, ","))
	}
}
