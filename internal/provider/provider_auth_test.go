package provider

import (
	"context"
	"crypto"
	"crypto/elliptic"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/zalando/go-keyring"

	"github.com/openauth0/terraform-provider-auth0/internal/emulator"
	"github.com/openauth0/terraform-provider-auth0/internal/emulator/emulatortest"
	"github.com/openauth0/terraform-provider-auth0/internal/testkeys"
)

// keyFile writes a private key where a configuration's file() reads it.
func keyFile(t *testing.T, key crypto.Signer) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "private.pem")
	if err := os.WriteFile(p, []byte(testkeys.PrivatePEM(t, key)), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

var unknownString = tftypes.NewValue(tftypes.String, tftypes.UnknownValue)

// authSettingsErrorCases are the bad authentication settings of
// TestProviderSettingsErrorsNameTheirAttribute.
func authSettingsErrorCases(t *testing.T) []settingsErrorCase {
	rsaPEM, ecPEM := testkeys.PrivatePEM(t, testkeys.RSA()), testkeys.PrivatePEM(t, testkeys.EC(elliptic.P256()))
	// pkjwt is a valid private-key JWT block with changes.
	pkjwt := func(changes map[string]tftypes.Value) map[string]tftypes.Value {
		all := map[string]tftypes.Value{"api_token": null, "client_id": str("id"),
			"client_assertion_private_key": str(rsaPEM), "client_assertion_signing_alg": str("RS256")}
		for k, v := range changes {
			all[k] = v
		}
		return block(all)
	}
	return []settingsErrorCase{
		{"unsupported signing algorithm", pkjwt(map[string]tftypes.Value{"client_assertion_signing_alg": str("HS256")}), nil, true, "client_assertion_signing_alg",
			`client_assertion_signing_alg must be one of ES256, ES384, ES512, PS256, PS384, PS512, RS256, RS384, RS512, got "HS256"`},
		{"private key not PEM, from the environment", pkjwt(map[string]tftypes.Value{"client_assertion_private_key": null}), map[string]string{"AUTH0_CLIENT_ASSERTION_PRIVATE_KEY": "not a key"}, false, "client_assertion_private_key",
			"client_assertion_private_key must be a PEM-encoded RSA or EC private key, but it is not a PEM block (it should start with -----BEGIN PRIVATE KEY-----).\n\nRead from the environment: AUTH0_CLIENT_ASSERTION_PRIVATE_KEY (client_assertion_private_key)."},
		{"EC key for RS256", pkjwt(map[string]tftypes.Value{"client_assertion_private_key": str(ecPEM)}), nil, true, "client_assertion_signing_alg",
			"RS256 needs an RSA key, but the key is EC (P-256). Use ES256."},
		{"key without algorithm", pkjwt(map[string]tftypes.Value{"client_assertion_signing_alg": null}), nil, false, "client_assertion_signing_alg",
			"client_id and client_assertion_private_key are set but client_assertion_signing_alg is not: private-key JWT authentication needs client_id, client_assertion_private_key and client_assertion_signing_alg.\n\nSet neither in the provider block nor in the environment: client_assertion_signing_alg (AUTH0_CLIENT_ASSERTION_SIGNING_ALG)."},
		{"algorithm from the environment, no client id", block(map[string]tftypes.Value{"api_token": null, "client_assertion_private_key": str(rsaPEM)}), map[string]string{"AUTH0_CLIENT_ASSERTION_SIGNING_ALG": "PS256"}, false, "client_id",
			"are set but client_id is not"},
		{"token and private key", block(map[string]tftypes.Value{"client_id": str("id"), "client_assertion_private_key": str(rsaPEM), "client_assertion_signing_alg": str("RS256")}), nil, true, "api_token",
			"api_token and client credentials (client_id, client_assertion_private_key, client_assertion_signing_alg) are both set"},
		{"secret and private key", pkjwt(map[string]tftypes.Value{"client_secret": str("s")}), nil, true, "client_secret",
			"client_secret and private-key JWT authentication (client_assertion_private_key, client_assertion_signing_alg) are both set"},
		{"cli_login with a token", block(map[string]tftypes.Value{"cli_login": boolean(true)}), nil, true, "cli_login", "other credentials (api_token) are set too"},
		{"custom domain header with a scheme", block(map[string]tftypes.Value{"custom_domain_header": str("https://login.example.com")}), nil, true, "custom_domain_header", "without a scheme"},
		{"dynamic_credentials not a bool", validBlock, map[string]string{"AUTH0_DYNAMIC_CREDENTIALS": "perhaps"}, false, "dynamic_credentials",
			`dynamic_credentials (from AUTH0_DYNAMIC_CREDENTIALS) must be true or false, got "perhaps"`},
		{"unknown token without dynamic_credentials", block(map[string]tftypes.Value{"api_token": unknownString}), nil, false, "api_token",
			"while api_token is unknown. Set it to a value known at plan time, or through AUTH0_API_TOKEN. When it comes from another resource, set dynamic_credentials = true"},
	}
}

func TestProviderDynamicCredentialsDeferUnknownCredentials(t *testing.T) {
	for name, attrs := range map[string]map[string]tftypes.Value{
		"unknown token":       block(map[string]tftypes.Value{"api_token": unknownString, "dynamic_credentials": boolean(true)}),
		"unknown secret":      block(map[string]tftypes.Value{"api_token": null, "client_id": str("id"), "client_secret": unknownString, "dynamic_credentials": boolean(true)}),
		"missing credentials": block(map[string]tftypes.Value{"api_token": null, "dynamic_credentials": boolean(true)}),
	} {
		data, diags := configure(t, attrs, nil)
		if diags.HasError() || data == nil {
			t.Fatalf("%s: Configure: %v", name, diags)
		}
		_, err := data.client.GetConnection(t.Context(), "con_0123456789abcdef")
		if err == nil || !strings.Contains(err.Error(), "dynamic_credentials is true and the provider was configured without complete credentials") {
			t.Errorf("%s: %v", name, err)
		}
	}
	// The environment counts: AUTH0_DYNAMIC_CREDENTIALS=on, as the official
	// provider reads it.
	if _, diags := configure(t, block(map[string]tftypes.Value{"api_token": unknownString}), map[string]string{"AUTH0_DYNAMIC_CREDENTIALS": "on"}); diags.HasError() {
		t.Errorf("AUTH0_DYNAMIC_CREDENTIALS=on: %v", diags)
	}
	// A known credential is still checked.
	_, diags := configure(t, block(map[string]tftypes.Value{"client_id": str("id"), "dynamic_credentials": boolean(true)}), nil)
	if !diags.HasError() || !strings.Contains(diags.Errors()[0].Detail(), "api_token and client credentials (client_id) are both set") {
		t.Errorf("a conflict with dynamic_credentials: %v", diags)
	}
}

// authSettingsAccCases are the bad authentication settings of
// TestAccProvider_badSettingsFailAtPlanWithoutAPICalls, as HCL.
func authSettingsAccCases(t *testing.T) []settingsCase {
	rsaPEM, ecPEM := hcl(testkeys.PrivatePEM(t, testkeys.RSA())), hcl(testkeys.PrivatePEM(t, testkeys.EC(elliptic.P256())))
	return []settingsCase{
		{"api_token with a private key", map[string]string{"client_id": `"id"`, "client_assertion_private_key": rsaPEM, "client_assertion_signing_alg": `"RS256"`}, nil,
			`Conflicting Auth0 credentials.*api_token and client credentials \(client_id, client_assertion_private_key, client_assertion_signing_alg\) are both set`},
		{"api_token with a signing algorithm", map[string]string{"client_assertion_signing_alg": `"RS256"`}, nil,
			`api_token and client credentials \(client_assertion_signing_alg\) are both set`},
		{"client_secret with a private key", map[string]string{"api_token": "", "client_id": `"id"`, "client_secret": `"s"`, "client_assertion_private_key": rsaPEM, "client_assertion_signing_alg": `"RS256"`}, nil,
			`Conflicting Auth0 credentials.*client_secret and private-key JWT authentication \(client_assertion_private_key, client_assertion_signing_alg\) are both set`},
		{"private key without algorithm", map[string]string{"api_token": "", "client_id": `"id"`, "client_assertion_private_key": rsaPEM}, nil,
			`Incomplete private-key JWT credentials.*client_assertion_signing_alg is not.*AUTH0_CLIENT_ASSERTION_SIGNING_ALG`},
		{"algorithm without private key", map[string]string{"api_token": "", "client_id": `"id"`, "client_assertion_signing_alg": `"PS256"`}, nil,
			`Incomplete private-key JWT credentials.*client_assertion_private_key is not`},
		{"private key without client id", map[string]string{"api_token": "", "client_assertion_private_key": rsaPEM, "client_assertion_signing_alg": `"PS256"`}, nil,
			`Incomplete private-key JWT credentials.*but client_id is not`},
		{"unsupported algorithm", map[string]string{"api_token": "", "client_id": `"id"`, "client_assertion_private_key": rsaPEM, "client_assertion_signing_alg": `"HS256"`}, nil,
			`Unsupported signing algorithm.*must be one of ES256.*got "HS256"`},
		{"private key not PEM", map[string]string{"api_token": "", "client_id": `"id"`, "client_assertion_private_key": `"MIIEvQIBADANBgkqhkiG9w0BAQEFAASC"`, "client_assertion_signing_alg": `"RS256"`}, nil,
			`Invalid private key.*must be a PEM-encoded RSA or EC private key, but it is not a PEM block`},
		{"EC key for RS256", map[string]string{"api_token": "", "client_id": `"id"`, "client_assertion_private_key": ecPEM, "client_assertion_signing_alg": `"RS256"`}, nil,
			`Signing algorithm does not fit the private key.*RS256 needs an RSA key, but the key is EC \(P-256\). Use ES256`},
		{"private key from the environment, token in the block", nil, map[string]string{"AUTH0_CLIENT_ASSERTION_PRIVATE_KEY": testkeys.PrivatePEM(t, testkeys.RSA())},
			`api_token and client credentials \(client_assertion_private_key\) are both set.*AUTH0_CLIENT_ASSERTION_PRIVATE_KEY`},
		{"cli_login with a token", map[string]string{"cli_login": "true"}, nil,
			`Conflicting Auth0 credentials.*cli_login uses the Auth0 CLI's token, but other credentials \(api_token\) are set too`},
		{"custom domain header with a scheme", map[string]string{"custom_domain_header": `"https://login.example.com"`}, nil,
			`Invalid custom domain header.*without a scheme`},
		{"token unknown without dynamic_credentials", map[string]string{"api_token": "terraform_data.later.output"}, nil,
			`Unknown provider setting.*while api_token is unknown.*set dynamic_credentials = true`},
		{"dynamic_credentials not a bool", nil, map[string]string{"AUTH0_DYNAMIC_CREDENTIALS": "maybe"},
			`dynamic_credentials \(from AUTH0_DYNAMIC_CREDENTIALS\) must be true or false`},
	}
}

// checkFunc runs a function as a state check: the state after an apply is
// also the moment to look at what reached the emulator.
type checkFunc func() error

func (f checkFunc) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = f()
}

// tokenExchanges are the /oauth/token requests recorded so far.
func tokenExchanges(rec *emulatortest.Recorder) (tokens, api []emulatortest.Exchange) {
	for _, x := range rec.Exchanges() {
		switch {
		case x.Path == "/oauth/token":
			tokens = append(tokens, x)
		case strings.HasPrefix(x.Path, "/api/v2/"):
			api = append(api, x)
		}
	}
	return tokens, api
}

// checkAssertions verifies recorded token requests: each carries a client
// assertion signed by key with the algorithm of its client (algs: client id
// -> algorithm), with a jti never seen before, and no client secret.
func checkAssertions(tokens []emulatortest.Exchange, pub crypto.PublicKey, algs map[string]string, audience string, seen map[string]bool) error {
	for _, x := range tokens {
		if x.Status != 200 {
			return fmt.Errorf("a token request got %d", x.Status)
		}
		if x.Form.Get("client_assertion_type") != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" || x.Form.Has("client_secret") {
			return fmt.Errorf("token request without a client assertion, or with a secret: %v", x.Form)
		}
		clientID := x.Form.Get("client_id")
		alg := algs[clientID]
		claims := jwt.MapClaims{}
		_, err := jwt.ParseWithClaims(x.Form.Get("client_assertion"), claims, func(*jwt.Token) (any, error) { return pub, nil },
			jwt.WithValidMethods([]string{alg}), jwt.WithIssuer(clientID), jwt.WithSubject(clientID), jwt.WithAudience(audience),
			jwt.WithTimeFunc(func() time.Time { return x.At }))
		if err != nil {
			return fmt.Errorf("the client assertion does not verify as %s for %s: %w", alg, clientID, err)
		}
		jti, _ := claims["jti"].(string)
		if seen[jti] {
			return fmt.Errorf("jti %q was sent twice", jti)
		}
		seen[jti] = true
	}
	return nil
}

// TestAccProvider_privateKeyJWT manages connections with private-key JWT:
// RS256, with a token that expires during the apply, then PS256.
func TestAccProvider_privateKeyJWT(t *testing.T) {
	key := testkeys.RSA()
	// Ten-second tokens: the provider replaces one after 8 s (a fifth of
	// its lifetime before it expires). Twelve creates paced at one request
	// per second take longer than that. The token's exp has whole-second
	// resolution, so the emulator may refuse it up to a second before the
	// provider's reckoning: the 2 s margin leaves at least a second for a
	// request to reach the emulator on a loaded machine.
	const (
		ttl     = 10 * time.Second
		creates = 12
	)
	srv, rec := emulatortest.StartRecording(t, emulator.Config{
		TokenTTL:            ttl,
		ClientAssertionKeys: map[string]crypto.PublicKey{"pkjwt-rs": &key.PublicKey, "pkjwt-ps": &key.PublicKey},
	})
	file := keyFile(t, key)
	configFor := func(clientID, alg, rateLimit, displayName string) string {
		return fmt.Sprintf(`
provider "auth0" {
  domain                       = %q
  client_id                    = %q
  client_assertion_private_key = file(%q)
  client_assertion_signing_alg = %q
  rate_limit                   = %s
}

resource "auth0_connection" "db" {
  count        = %d
  name         = "pkjwt-${count.index}"
  strategy     = "auth0"
  display_name = %q
}
`, srv.URL, clientID, file, alg, rateLimit, creates, displayName)
	}
	algs := map[string]string{"pkjwt-rs": "RS256", "pkjwt-ps": "PS256"}
	seen := map[string]bool{}
	var checked int // token requests checked so far
	// checkNewTokens checks the token requests since the last check; at
	// least atLeast of them are clientID's.
	checkNewTokens := func(clientID string, atLeast int) checkFunc {
		return func() error {
			tokens, api := tokenExchanges(rec)
			fresh := tokens[checked:]
			checked = len(tokens)
			n := 0
			for _, x := range fresh {
				if x.Form.Get("client_id") == clientID {
					n++
				}
			}
			if n < atLeast {
				return fmt.Errorf("%d token requests for %s, want at least %d", n, clientID, atLeast)
			}
			if len(fresh) > 0 {
				t.Logf("%s: %d token requests from %s to %s", clientID, n, fresh[0].At.Format("15:04:05.000"), fresh[len(fresh)-1].At.Format("15:04:05.000"))
			}
			for _, x := range api {
				if x.Status == 401 {
					return fmt.Errorf("%s %s got 401: a token was used after it expired", x.Method, x.Path)
				}
			}
			return checkAssertions(fresh, &key.PublicKey, algs, srv.URL+"/", seen)
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: configFor("pkjwt-rs", "RS256", "1", "first"),
				ConfigStateChecks: []statecheck.StateCheck{
					// The plan made no API call (new resources), so every token
					// request came from the apply: a first token and at least
					// one refresh, each with a new assertion, and no request
					// with an expired token.
					checkNewTokens("pkjwt-rs", 2),
					checkFunc(func() error {
						if n := len(srv.Stats()); n == 0 || srv.Stats()["POST /api/v2/connections"] != creates {
							return fmt.Errorf("creates: %v", srv.Stats())
						}
						return nil
					}),
				},
			},
			{
				Config: configFor("pkjwt-ps", "PS256", "-1", "second"),
				ConfigStateChecks: []statecheck.StateCheck{
					checkNewTokens("pkjwt-ps", 1),
					checkFunc(func() error {
						if n := srv.Stats()["PATCH /api/v2/connections/{id}"]; n != creates {
							return fmt.Errorf("updates with PS256: %d, want %d", n, creates)
						}
						return nil
					}),
				},
			},
		},
	})
}

func TestAccProvider_privateKeyJWTWrongKeyIsRejected(t *testing.T) {
	key := testkeys.RSA()
	env := newAccEnvWith(t, emulator.Config{ClientAssertionKeys: map[string]crypto.PublicKey{"pkjwt": &key.PublicKey}})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "auth0" {
  domain                       = %q
  client_id                    = "pkjwt"
  client_assertion_private_key = file(%q)
  client_assertion_signing_alg = "RS256"
  rate_limit                   = -1
}

resource "auth0_connection" "db" {
  name     = "wrong-key"
  strategy = "auth0"
}
`, env.server.URL, keyFile(t, testkeys.OtherRSA())),
			ExpectError: wrappedRegexp(`(?s)obtaining a Management API token with a private-key JWT client assertion.*401 invalid_client: Invalid signature for the client assertion.*Check that the public key of a credential of application pkjwt in Auth0 pairs with client_assertion_private_key`),
		}},
	})
	if n := env.calls("POST /api/v2/connections"); n != 0 {
		t.Errorf("%d creates were sent without a token", n)
	}
}

// officialExamples are the provider blocks of auth0/auth0's documentation,
// verbatim but for the placeholders: the one with a client secret, the one
// with private-key JWT, the one that reads everything from the
// environment (used with both sets of variables), and api_token, which
// its attribute documentation describes.
var officialExamples = []struct {
	name, block string
	env         []string // environment variables, from the placeholders
}{
	{"client secret", `
provider "auth0" {
  domain        = "<domain>"
  client_id     = "<client-id>"
  client_secret = "<client-secret>"
  debug         = "<debug>"
}
`, nil},
	{"private key JWT", `
provider "auth0" {
  domain                       = "<domain>"
  client_id                    = "<client-id>"
  client_assertion_private_key = file("<path-to-private-key>")
  client_assertion_signing_alg = "<signing-algorithm>"
  debug                        = "<debug>"
}
`, nil},
	{"environment, client secret", `
provider "auth0" {}
`, []string{"AUTH0_DOMAIN=<domain>", "AUTH0_CLIENT_ID=<client-id>", "AUTH0_CLIENT_SECRET=<client-secret>"}},
	{"environment, private key JWT", `
provider "auth0" {}
`, []string{"AUTH0_DOMAIN=<domain>", "AUTH0_CLIENT_ID=<client-id>", "AUTH0_CLIENT_ASSERTION_PRIVATE_KEY=<private-key>", "AUTH0_CLIENT_ASSERTION_SIGNING_ALG=<signing-algorithm>"}},
	{"api token", `
provider "auth0" {
  domain    = "<domain>"
  api_token = "<api-token>"
}
`, nil},
}

// TestAccProvider_officialExamplesPlan: each official provider block
// authenticates and reads the tenant at plan time, unchanged.
func TestAccProvider_officialExamplesPlan(t *testing.T) {
	key := testkeys.RSA()
	env := newAccEnvWith(t, emulator.Config{ClientAssertionKeys: map[string]crypto.PublicKey{"pkjwt": &key.PublicKey}})
	file := keyFile(t, key)
	for _, ex := range officialExamples {
		t.Run(ex.name, func(t *testing.T) {
			clientID := env.server.ClientID
			if strings.Contains(ex.name, "private key") {
				clientID = "pkjwt"
			}
			fill := strings.NewReplacer("<domain>", env.server.URL, "<client-id>", clientID, "<client-secret>", env.server.ClientSecret,
				"<debug>", "true", "<path-to-private-key>", file, "<signing-algorithm>", "RS256",
				"<private-key>", testkeys.PrivatePEM(t, key), "<api-token>", env.server.Token)
			vars := map[string]string{}
			for _, v := range ex.env {
				name, value, _ := strings.Cut(fill.Replace(v), "=")
				vars[name] = value
			}
			env.server.ResetStats()
			resource.Test(t, resource.TestCase{Steps: []resource.TestStep{{
				ProtoV6ProviderFactories: protoV6(withEnvironment(vars)),
				Config:                   fill.Replace(ex.block) + "\ndata \"auth0_connections\" \"all\" {}\n",
				PlanOnly:                 true,
			}}})
			if n := env.calls("GET /api/v2/connections"); n == 0 {
				t.Errorf("the plan did not read the tenant: %v", env.server.Stats())
			}
			if n := env.calls("POST /oauth/token"); (n == 0) != strings.Contains(ex.name, "api token") {
				t.Errorf("%d token requests", n)
			}
		})
	}
}

// TestAccProvider_customDomainHeader: accepted, and sent on no request,
// because Auth0 honours it on none of the connection endpoints (the client
// tests show it is sent where Auth0 does).
func TestAccProvider_customDomainHeader(t *testing.T) {
	srv, rec := emulatortest.StartRecording(t, emulator.Config{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "auth0" {
  domain               = %q
  client_id            = %q
  client_secret        = %q
  custom_domain_header = "login.example.com"
  rate_limit           = -1
}

resource "auth0_connection" "db" {
  name     = "custom-domain"
  strategy = "auth0"
}

data "auth0_connection" "db" {
  id = auth0_connection.db.id
}
`, srv.URL, srv.ClientID, srv.ClientSecret),
			ConfigStateChecks: []statecheck.StateCheck{checkFunc(func() error {
				_, api := tokenExchanges(rec)
				if len(api) < 2 {
					return fmt.Errorf("only %d API requests recorded", len(api))
				}
				for _, x := range api {
					if v := x.Header.Get("Auth0-Custom-Domain"); v != "" {
						return fmt.Errorf("%s %s carried Auth0-Custom-Domain: %s", x.Method, x.Path, v)
					}
				}
				return nil
			})},
		}},
	})
}

// TestAccProvider_dynamicCredentials: a token that comes from another
// resource is unknown at plan time. Without dynamic_credentials that is an
// error; with it, the plan of new resources works, an operation that needs
// the API at plan time says why it cannot run, and the apply uses the token
// once it is known.
func TestAccProvider_dynamicCredentials(t *testing.T) {
	env := newAccEnv(t)
	configWith := func(dynamic, body string) string {
		return fmt.Sprintf(`
variable "token" {
  type      = string
  sensitive = true
}

resource "terraform_data" "credentials" {
  input = var.token
}

provider "auth0" {
  domain              = %q
  api_token           = terraform_data.credentials.output
  dynamic_credentials = %s
  rate_limit          = -1
}
`, env.server.URL, dynamic) + body
	}
	const connection = `
resource "auth0_connection" "db" {
  name     = "dynamic"
  strategy = "auth0"
}
`
	vars := config.Variables{"token": config.StringVariable(env.server.Token)}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: configWith("false", connection), ConfigVariables: vars, PlanOnly: true,
				ExpectError: wrappedRegexp(`(?s)Unknown provider setting.*while api_token is unknown.*set dynamic_credentials = true`),
			},
			{
				Config: configWith("true", connection+"\ndata \"auth0_connections\" \"all\" {}\n"), ConfigVariables: vars, PlanOnly: true,
				ExpectError: wrappedRegexp(`(?s)no Auth0 credentials to call the Management API with: dynamic_credentials is true and the provider was configured without complete credentials`),
			},
			{
				PreConfig: func() {
					if n := env.calls("total"); n != 0 {
						t.Errorf("the plans without credentials made %d API calls", n)
					}
				},
				Config: configWith("true", connection), ConfigVariables: vars,
				ConfigStateChecks: []statecheck.StateCheck{
					// The check fails unless the server holds the connection.
					env.expectServer("auth0_connection.db", func(map[string]any) error { return nil }),
				},
			},
		},
	})
}

// TestAccProvider_cliLogin uses the token the Auth0 CLI stored, as `auth0
// login` leaves it on a machine without a keyring, and says what to do when
// there is none.
func TestAccProvider_cliLogin(t *testing.T) {
	env := newAccEnv(t)
	tenant := strings.TrimPrefix(env.server.URL, "http://")
	home := t.TempDir()
	if err := os.MkdirAll(filepath.Join(home, ".config", "auth0"), 0o700); err != nil {
		t.Fatal(err)
	}
	cliConfig := fmt.Sprintf(`{"default_tenant":%q,"tenants":{%q:{"name":"emulator","domain":%q,"access_token":%q}}}`, tenant, tenant, tenant, env.server.Token)
	if err := os.WriteFile(filepath.Join(home, ".config", "auth0", "config.json"), []byte(cliConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	noKeyring := func(string, string) (string, error) { return "", keyring.ErrNotFound }
	loggedIn := withEnvironment(map[string]string{"HOME": home})
	loggedIn.keyring = noKeyring
	loggedOut := withEnvironment(map[string]string{"HOME": t.TempDir()})
	loggedOut.keyring = noKeyring
	block := fmt.Sprintf(`
provider "auth0" {
  domain     = %q
  cli_login  = true
  rate_limit = -1
}

resource "auth0_connection" "db" {
  name     = "cli-login"
  strategy = "auth0"
}
`, env.server.URL)
	resource.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				ProtoV6ProviderFactories: protoV6(loggedOut),
				Config:                   block,
				PlanOnly:                 true,
				ExpectError:              wrappedRegexp(`(?s)No Auth0 CLI token.*cli_login is true but the Auth0 CLI has no token for ` + strings.ReplaceAll(tenant, ".", `\.`) + `.*auth0 login --domain`),
			},
			{
				ProtoV6ProviderFactories: protoV6(loggedIn),
				Config:                   block,
				ConfigStateChecks: []statecheck.StateCheck{
					// The check fails unless the server holds the connection.
					env.expectServer("auth0_connection.db", func(map[string]any) error { return nil }),
				},
			},
		},
	})
}
