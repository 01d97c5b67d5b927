package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
	"github.com/openauth0/terraform-provider-auth0/internal/emulator"
	"github.com/openauth0/terraform-provider-auth0/internal/localserver"
)

// The life of an auth0_connection: create, update in place, import and
// destroy for each strategy family, replacement, recreation after an
// out-of-band delete, secrets kept out of plans and states. How updates
// merge options is in connection_options_merge_test.go.

const connAddr = "auth0_connection.test"

// connectionHCL is the configuration of one connection, auth0_connection.test,
// with these attributes (HCL, one a line) after its name and strategy.
func connectionHCL(name, strategy string, attrs ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\nresource \"auth0_connection\" \"test\" {\n  name     = %q\n  strategy = %q\n", name, strategy)
	for _, a := range attrs {
		if a != "" {
			b.WriteString("  " + a + "\n")
		}
	}
	b.WriteString("}\n")
	return b.String()
}

// optionsConfig returns the configuration of one connection named name
// whose options are the HCL object expression it is given.
func optionsConfig(env *accEnv, name, strategy string) func(options string) string {
	return func(options string) string {
		return env.config(connectionHCL(name, strategy, "options = jsonencode("+options+")"))
	}
}

// generatedAddr is where an import step that generates configuration after
// the first step imports connAddr to.
const generatedAddr = "auth0_connection.generated"

// A connection made outside Terraform, with secrets, upstream params on a
// SAML connection and server defaults, imports into a configuration that
// plans clean.
func TestAccConnection_importGeneratesCleanConfig(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	saml, err := env.client.CreateConnection(t.Context(), &client.Connection{
		Name: "tf-acc-import-saml", Strategy: "samlp",
		Options: json.RawMessage(fmt.Sprintf(`{"signInEndpoint":"https://idp.example.com/sso","signingCert":%q,
			"upstream_params":{"tenant":{"value":"acme"}}}`, testCertificatePEM(t))),
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.client.CreateConnection(t.Context(), &client.Connection{
		Name: "tf-acc-import-gh", Strategy: "github",
		Options: json.RawMessage(`{"client_id":"gh","client_secret":"import-secret","follow":true,
			"upstream_params":{"login":{"alias":"login_hint"}}}`),
	}); err != nil {
		t.Fatal(err)
	}
	importStep := func(id string, checks ...plancheck.PlanCheck) resource.TestCase {
		return resource.TestCase{
			ProtoV6ProviderFactories: testAccProviders,
			Steps: []resource.TestStep{{
				Config:           env.providerBlock(env.server.Token),
				ResourceName:     "auth0_connection.imported",
				ImportState:      true,
				ImportStateId:    id,
				ImportStateKind:  resource.ImportBlockWithID,
				GenerateConfig:   true,
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: checks},
			}},
		}
	}
	resource.Test(t, importStep(saml.ID,
		expectPlannedAttr("auth0_connection.imported", "options", jsonWhere(func(opts map[string]any) error {
			if err := hasKeys(opts, "upstream_params", "signingCert"); err != nil {
				return err
			}
			return lacksKeys(opts, "cert", "thumbprints") // server-derived: not adopted
		})),
	))
	// By name.
	resource.Test(t, importStep("tf-acc-import-gh",
		plancheck.ExpectKnownValue("auth0_connection.imported", tfjsonpath.New("upstream_params").AtMapKey("login").AtMapKey("alias"),
			knownvalue.StringExact("login_hint")),
		expectPlannedAttr("auth0_connection.imported", "secret_options",
			jsonEquals(`{"client_secret":"import-secret"}`)),
	))
}

func TestAccConnection_nameTakenSaysHowToImport(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	existing := env.newConnection("tf-acc-taken", "auth0", nil)
	// The API's errorCode and message, then the exact import command.
	env.expectApplyRefused(env.config(connectionHCL("tf-acc-taken", "auth0")),
		`connection_conflict.*A connection with the same name already exists(?s).*terraform import auth0_connection.NAME `+existing)
}

// Under create_before_destroy a replacement that keeps the name creates the
// new connection while the old one still holds that name, and Auth0 refuses
// it. The error must say why, not only suggest importing the connection
// that Terraform is replacing.
func TestAccConnection_createBeforeDestroyKeepingTheNameSaysWhy(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	lifecycle := "lifecycle {\n    create_before_destroy = true\n  }"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: env.config(connectionHCL("tf-acc-cbd", "email", lifecycle))},
			{
				Config:      env.config(connectionHCL("tf-acc-cbd", "sms", lifecycle)),
				ExpectError: wrappedRegexp(`terraform import auth0_connection.NAME con_\w+(?s).*create_before_destroy.*names are unique`),
			},
		},
	})
}

func TestReplacementWarning(t *testing.T) {
	var diags diag.Diagnostics
	warnIfReplacing(path.Root("name"), "old", types.StringValue("old"), types.StringValue("old"), &diags)
	warnIfReplacing(path.Root("name"), "old", types.StringValue("old"), types.StringUnknown(), &diags)
	if len(diags) != 0 {
		t.Fatalf("no replacement, yet: %v", diags)
	}
	warnIfReplacing(path.Root("strategy"), "customers", types.StringValue("auth0"), types.StringValue("email"), &diags)
	if len(diags) != 1 || diags[0].Severity() != diag.SeverityWarning ||
		!strings.Contains(diags[0].Detail(), "is deleted with it") || !strings.Contains(diags[0].Summary(), "deletes its users") {
		t.Fatalf("want one warning about deleted users, got %v", diags)
	}
	// The connection destroyed is named by its name, not by the old strategy.
	if want := `destroys connection "customers"`; !strings.Contains(diags[0].Detail(), want) {
		t.Fatalf("want the detail to say %s, got %q", want, diags[0].Detail())
	}
}

// family is one strategy family's life cycle: create, an in-place update
// that changes one managed key and removes another, import, destroy.
type family struct {
	strategy     string
	options      map[string]any // the options it is created with
	secrets      map[string]any // secret_options, or nil for none
	removedKey   string         // in options; the update removes it
	changedKey   string         // in options; the update sets it to changedValue
	changedValue any
	serverAdded  []string // keys the server adds that must survive the update
}

func testFamilies(t *testing.T) map[string]family {
	return map[string]family{
		"database": {
			strategy: "auth0",
			options: map[string]any{"brute_force_protection": true, "passwordPolicy": "fair", "disable_signup": false,
				"password_history": map[string]any{"enable": true, "size": 5}},
			removedKey: "password_history", changedKey: "passwordPolicy", changedValue: "good",
			serverAdded: []string{"passkey_options", "authentication_methods"},
		},
		"social": {
			strategy:   "google-oauth2",
			options:    map[string]any{"client_id": "google-client", "email": true, "profile": true, "calendar": true},
			secrets:    map[string]any{"client_secret": "google-secret-value"},
			removedKey: "calendar", changedKey: "client_id", changedValue: "google-client-2",
			serverAdded: []string{"scope"},
		},
		"oidc": {
			strategy: "oidc",
			options: map[string]any{"client_id": "oidc-client", "issuer": "https://idp.example.com/", "type": "back_channel",
				"authorization_endpoint": "https://idp.example.com/authorize", "token_endpoint": "https://idp.example.com/token",
				"jwks_uri": "https://idp.example.com/jwks", "scope": "openid profile",
				"discovery_url": "https://idp.example.com/.well-known/openid-configuration"},
			secrets:    map[string]any{"client_secret": "oidc-secret-value"},
			removedKey: "discovery_url", changedKey: "scope", changedValue: "openid profile email",
			serverAdded: []string{"schema_version", "connection_settings"},
		},
		"samlp": {
			strategy: "samlp",
			options: map[string]any{"signInEndpoint": "https://saml.example.com/sso", "signOutEndpoint": "https://saml.example.com/slo",
				"signingCert": testCertificatePEM(t), "signatureAlgorithm": "rsa-sha256", "digestAlgorithm": "sha256", "debug": true},
			removedKey: "signOutEndpoint", changedKey: "signInEndpoint", changedValue: "https://saml.example.com/sso2",
			serverAdded: []string{"cert", "thumbprints"},
		},
		"waad": {
			strategy: "waad",
			options: map[string]any{"client_id": "waad-client", "tenant_domain": "example.onmicrosoft.com", "domain": "example.onmicrosoft.com",
				"waad_protocol": "openid-connect", "use_wsfed": false, "ext_groups": true},
			secrets:    map[string]any{"client_secret": "waad-secret-value"},
			removedKey: "ext_groups", changedKey: "client_id", changedValue: "waad-client-2",
			serverAdded: []string{"identity_api"},
		},
		"passwordless": {
			strategy: "sms",
			options: map[string]any{"from": "+15550100", "syntax": "md_with_macros", "template": "Your code is @@password@@",
				"totp": map[string]any{"time_step": 300, "length": 6}, "twilio_sid": "AC123", "disable_signup": false},
			secrets:    map[string]any{"twilio_token": "twilio-secret-value"},
			removedKey: "disable_signup", changedKey: "from", changedValue: "+15550101",
			serverAdded: []string{"brute_force_protection"},
		},
	}
}

// updatedOptions are the options after the update: removedKey gone,
// changedKey at changedValue, the rest as created.
func (f family) updatedOptions(t *testing.T) map[string]any {
	t.Helper()
	if _, ok := f.options[f.removedKey]; !ok {
		t.Fatalf("%s: the removed key %q is not among the options it is created with", f.strategy, f.removedKey)
	}
	if old, ok := f.options[f.changedKey]; !ok || sameJSON(old, f.changedValue) {
		t.Fatalf("%s: the update must give the created key %q a new value, not %s", f.strategy, f.changedKey, asJSON(f.changedValue))
	}
	updated := maps.Clone(f.options)
	delete(updated, f.removedKey)
	updated[f.changedKey] = f.changedValue
	return updated
}

func (f family) config(env *accEnv, name string, options map[string]any) string {
	secrets := ""
	if f.secrets != nil {
		secrets = "secret_options = " + hcl(asJSON(f.secrets))
	}
	return env.config(connectionHCL(name, f.strategy, "options = "+hcl(asJSON(options)), secrets))
}

// importedSecrets is what an import must hold as secret_options: the secrets
// the server returns, which are the configured ones.
func (f family) importedSecrets() knownvalue.Check {
	if f.secrets == nil {
		return knownvalue.Null()
	}
	return jsonEquals(asJSON(f.secrets))
}

func TestAccConnection_strategyFamilies(t *testing.T) {
	t.Parallel()
	for familyName, f := range testFamilies(t) {
		t.Run(familyName, func(t *testing.T) {
			t.Parallel()
			env := newAccEnv(t)
			name := "tf-acc-" + familyName
			updated := f.updatedOptions(t)
			sameID := statecheck.CompareValue(compare.ValuesSame())
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProviders,
				CheckDestroy:             env.checkDestroyed(),
				Steps: []resource.TestStep{
					{
						Config: f.config(env, name, f.options),
						ConfigStateChecks: []statecheck.StateCheck{
							expectAttr(connAddr, "id", knownvalue.StringRegexp(regexp.MustCompile(`^con_[A-Za-z0-9]{16}$`))),
							expectAttr(connAddr, "strategy", knownvalue.StringExact(f.strategy)),
							expectAttr(connAddr, "realms", knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact(name)})),
							expectAttr(connAddr, "options", jsonEquals(asJSON(f.options))),
							sameID.AddStateValue(connAddr, tfjsonpath.New("id")),
							env.expectServerHolds(connAddr, f.options),
						},
					},
					{
						Config: f.config(env, name, updated),
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{
								plancheck.ExpectResourceAction(connAddr, plancheck.ResourceActionUpdate),
								expectPlannedAttr(connAddr, "options", jsonEquals(asJSON(updated))),
							},
						},
						ConfigStateChecks: []statecheck.StateCheck{
							// Updated in place: the same connection.
							sameID.AddStateValue(connAddr, tfjsonpath.New("id")),
							expectAttr(connAddr, "options", jsonEquals(asJSON(updated))),
							env.expectServerLacks(f.removedKey),
							env.expectServerOption(connAddr, f.changedKey, f.changedValue),
							env.expectServerHolds(connAddr, updated),
							env.expectServerKeys(f.serverAdded...),
						},
					},
					{
						ResourceName:      connAddr,
						ImportState:       true,
						ImportStateVerify: true,
						// An import adopts every option the server holds, its
						// defaults among them, not only the keys this
						// configuration manages: the imported options are a
						// superset of the state's. The next step checks that
						// they hold every managed value; secret_options are
						// verified here.
						ImportStateVerifyIgnore: []string{"options"},
					},
					{
						// The configuration terraform writes from the import must
						// plan clean (the step fails on any planned change).
						Config:          env.providerBlock(env.server.Token),
						ResourceName:    connAddr,
						ImportState:     true,
						ImportStateKind: resource.ImportBlockWithID,
						GenerateConfig:  true,
						ImportPlanChecks: resource.ImportPlanChecks{
							PreApply: []plancheck.PlanCheck{
								expectPlannedAttr(generatedAddr, "options", jsonHolds(updated)),
								expectPlannedAttr(generatedAddr, "secret_options", f.importedSecrets()),
							},
						},
					},
				},
			})
		})
	}
}

// Auth0 deletes connections in the background: a replacement that keeps
// the name (a strategy change) sends its create while the old connection
// is still being deleted, and is refused with a 409 until the deletion
// ends. The create waits for it instead of failing with "already exists".
func TestAccConnection_replacementWaitsForTheOldConnectionsDeletion(t *testing.T) {
	t.Parallel()
	// Five seconds of pending deletion: terraform sends the create right
	// after the delete, and even a loaded machine takes far less than that
	// between the two, so the first create is refused.
	env := newAccEnvWith(t, emulator.Config{DeletePending: 5 * time.Second})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: replacementSteps(env, connectionHCL("tf-acc-pending", "email"), connectionHCL("tf-acc-pending", "sms"),
			"tf-acc-pending", expectAttr(connAddr, "strategy", knownvalue.StringExact("sms"))),
	})
	if refused := env.server.Stats()["POST /api/v2/connections"]; refused < 3 {
		t.Errorf("%d creates sent; want the first, at least one refused while the old connection was being deleted, and the one that succeeded", refused)
	}
}

func TestAccConnection_renameReplaces(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: replacementSteps(env, connectionHCL("tf-acc-before", "auth0"), connectionHCL("tf-acc-after", "auth0"),
			"tf-acc-after", expectAttr(connAddr, "name", knownvalue.StringExact("tf-acc-after"))),
	})
}

// replacementSteps apply before, then after, which must replace the
// connection: the plan destroys it before creating the new one, the id
// changes, changed holds, and serverName is the only connection left on the
// server.
func replacementSteps(env *accEnv, before, after, serverName string, changed statecheck.StateCheck) []resource.TestStep {
	newID := statecheck.CompareValue(compare.ValuesDiffer())
	return []resource.TestStep{
		{
			Config:            env.config(before),
			ConfigStateChecks: []statecheck.StateCheck{newID.AddStateValue(connAddr, tfjsonpath.New("id"))},
		},
		{
			Config: env.config(after),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(connAddr, plancheck.ResourceActionDestroyBeforeCreate)},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				changed,
				newID.AddStateValue(connAddr, tfjsonpath.New("id")),
				env.expectServerNames(serverName),
			},
		},
	}
}

func TestAccConnection_deletedOutOfBandIsRecreated(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	cfg := env.config(connectionHCL("tf-acc-gone", "email",
		`options = jsonencode({ from = "noreply@example.com", subject = "Your code", syntax = "liquid" })`))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: cfg},
			env.recreatedStep(cfg, []string{connAddr}, env.expectServerOption(connAddr, "from", "noreply@example.com")),
		},
	})
}

// TestAccConnection_metadataKeysArriveNormalized pins why the provider has
// no validator for metadata keys that collide after Unicode NFC
// normalization: Terraform normalizes every string to NFC (cty) before a
// provider sees it, and merges such keys itself, the last value winning
// (zipmap, merge and map literals alike; jsondecode refuses them, see the
// invalid-configuration table). The provider receives one key, in NFC,
// and the tenant stores exactly that. If Terraform ever stops normalizing,
// this test fails and the validator becomes necessary.
func TestAccConnection_metadataKeysArriveNormalized(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: env.config(connectionHCL("nfc-metadata", "auth0", `metadata = zipmap(["cafe\u0301", "caf\u00e9"], ["decomposed", "precomposed"])`)),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttr(connAddr, "metadata",
					knownvalue.MapExact(map[string]knownvalue.Check{"caf\u00e9": knownvalue.StringExact("precomposed")})),
				env.expectServerConnection(connAddr, func(conn *client.Connection) error {
					if len(conn.Metadata) != 1 || conn.Metadata["caf\u00e9"] == nil || *conn.Metadata["caf\u00e9"] != "precomposed" {
						return fmt.Errorf("server metadata = %v, want only the NFC key", conn.Metadata)
					}
					return nil
				}),
			},
		}},
	})
}

// testCertificatePEM makes a self-signed certificate for SAML signingCert.
// The emulator only parses it (to derive cert, subject and thumbprints), so
// the one the local TLS server makes for itself will do.
func testCertificatePEM(t *testing.T) string {
	t.Helper()
	_, pemText, err := localserver.SelfSignedCertificate("saml.example.com")
	if err != nil {
		t.Fatal(err)
	}
	return string(pemText)
}

func TestAccConnection_secretsStaySensitive(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: env.config(connectionHCL("tf-acc-secret", "github", `options = jsonencode({ client_id = "gh" })`,
					`secret_options = jsonencode({ client_secret = "plan-secret-value" })`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{expectPlannedSensitiveAttr(connAddr, "secret_options")},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					expectSensitiveAttr(connAddr, "secret_options"),
					env.expectServerOption(connAddr, "client_secret", "plan-secret-value"),
				},
			},
		},
	})
}

func TestAccConnection_writeOnlySecrets(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	cfg := func(secret string, version int) string {
		return env.config(connectionHCL("tf-acc-wo", "github", `options = jsonencode({ client_id = "gh" })`,
			fmt.Sprintf("secret_options_wo = jsonencode({ client_secret = %q })", secret),
			fmt.Sprintf("secret_options_wo_version = %d", version)))
	}
	serverSecret := func(want string) statecheck.StateCheck {
		return env.expectServerOption(connAddr, "client_secret", want)
	}
	testWriteOnly(t, []resource.TestStep{
		{
			Config: cfg("wo-secret-one", 1),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttr(connAddr, "secret_options_wo", knownvalue.Null()),
				stateLacks("wo-secret-one"),
				serverSecret("wo-secret-one"),
			},
		},
		{
			// A new value without a new version is not sent.
			Config:   cfg("wo-secret-two", 1),
			PlanOnly: true,
		},
		{
			PreConfig: env.server.ResetStats,
			Config:    cfg("wo-secret-two", 2),
			ConfigStateChecks: []statecheck.StateCheck{
				stateLacks("wo-secret-two"),
				serverSecret("wo-secret-two"),
				env.expectCalls(routePatch, 1),
			},
		},
	})
}

// stateLacks fails when a secret appears anywhere in the state.
func stateLacks(secret string) statecheck.StateCheck {
	return stateLacksCheck{secret: secret}
}

type stateLacksCheck struct{ secret string }

func (c stateLacksCheck) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	raw, err := json.Marshal(req.State)
	if err != nil {
		resp.Error = err
		return
	}
	if strings.Contains(string(raw), c.secret) {
		resp.Error = fmt.Errorf("the state contains the write-only secret %q", c.secret)
	}
}
