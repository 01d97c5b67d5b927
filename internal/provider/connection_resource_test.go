package provider

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
	"github.com/openauth0/terraform-provider-auth0/internal/emulator"
)

const connAddr = "auth0_connection.test"

// family is one strategy family's life cycle: create, update (changing one
// managed key and removing another), import, destroy.
type family struct {
	strategy      string
	createOptions string // HCL object for jsonencode
	updateOptions string
	secretOptions string // HCL object, or "" for none
	removedKey    string // in createOptions, not in updateOptions
	changedKey    string
	changedValue  any
	serverAdded   []string // keys the server adds that must survive the update
}

func testFamilies(t *testing.T) map[string]family {
	cert := testCertificatePEM(t)
	return map[string]family{
		"database": {
			strategy:      "auth0",
			createOptions: `{ brute_force_protection = true, passwordPolicy = "fair", password_history = { enable = true, size = 5 }, disable_signup = false }`,
			updateOptions: `{ brute_force_protection = true, passwordPolicy = "good", disable_signup = true }`,
			removedKey:    "password_history",
			changedKey:    "passwordPolicy", changedValue: "good",
			serverAdded: []string{"passkey_options", "authentication_methods"},
		},
		"social": {
			strategy:      "google-oauth2",
			createOptions: `{ client_id = "google-client", email = true, profile = true, calendar = true }`,
			updateOptions: `{ client_id = "google-client-2", email = true, profile = true }`,
			secretOptions: `{ client_secret = "google-secret-value" }`,
			removedKey:    "calendar",
			changedKey:    "client_id", changedValue: "google-client-2",
			serverAdded: []string{"scope"},
		},
		"oidc": {
			strategy: "oidc",
			createOptions: `{ client_id = "oidc-client", issuer = "https://idp.example.com/", type = "back_channel",
				authorization_endpoint = "https://idp.example.com/authorize", token_endpoint = "https://idp.example.com/token",
				jwks_uri = "https://idp.example.com/jwks", scope = "openid profile", discovery_url = "https://idp.example.com/.well-known/openid-configuration" }`,
			updateOptions: `{ client_id = "oidc-client", issuer = "https://idp.example.com/", type = "back_channel",
				authorization_endpoint = "https://idp.example.com/authorize", token_endpoint = "https://idp.example.com/token",
				jwks_uri = "https://idp.example.com/jwks", scope = "openid profile email" }`,
			secretOptions: `{ client_secret = "oidc-secret-value" }`,
			removedKey:    "discovery_url",
			changedKey:    "scope", changedValue: "openid profile email",
			serverAdded: []string{"schema_version", "connection_settings"},
		},
		"samlp": {
			strategy: "samlp",
			createOptions: fmt.Sprintf(`{ signInEndpoint = "https://saml.example.com/sso", signOutEndpoint = "https://saml.example.com/slo",
				signingCert = %s, signatureAlgorithm = "rsa-sha256", digestAlgorithm = "sha256", debug = true }`, hcl(cert)),
			updateOptions: fmt.Sprintf(`{ signInEndpoint = "https://saml.example.com/sso2",
				signingCert = %s, signatureAlgorithm = "rsa-sha256", digestAlgorithm = "sha256", debug = true }`, hcl(cert)),
			removedKey: "signOutEndpoint",
			changedKey: "signInEndpoint", changedValue: "https://saml.example.com/sso2",
			serverAdded: []string{"cert", "thumbprints"},
		},
		"waad": {
			strategy: "waad",
			createOptions: `{ client_id = "waad-client", tenant_domain = "example.onmicrosoft.com", domain = "example.onmicrosoft.com",
				waad_protocol = "openid-connect", use_wsfed = false, ext_groups = true }`,
			updateOptions: `{ client_id = "waad-client", tenant_domain = "example.onmicrosoft.com", domain = "example.onmicrosoft.com",
				waad_protocol = "openid-connect", use_wsfed = false }`,
			secretOptions: `{ client_secret = "waad-secret-value" }`,
			removedKey:    "ext_groups",
			changedKey:    "client_id", changedValue: "waad-client",
			serverAdded: []string{"identity_api"},
		},
		"passwordless": {
			strategy: "sms",
			createOptions: `{ from = "+15550100", syntax = "md_with_macros", template = "Your code is @@password@@",
				totp = { time_step = 300, length = 6 }, twilio_sid = "AC123", disable_signup = false }`,
			updateOptions: `{ from = "+15550101", syntax = "md_with_macros", template = "Your code is @@password@@",
				totp = { time_step = 300, length = 6 }, twilio_sid = "AC123" }`,
			secretOptions: `{ twilio_token = "twilio-secret-value" }`,
			removedKey:    "disable_signup",
			changedKey:    "from", changedValue: "+15550101",
			serverAdded: []string{"brute_force_protection"},
		},
	}
}

func (f family) config(env *accEnv, name, opts string) string {
	secret := ""
	if f.secretOptions != "" {
		secret = fmt.Sprintf("secret_options = jsonencode(%s)", f.secretOptions)
	}
	return env.config(fmt.Sprintf(`
resource "auth0_connection" "test" {
  name     = %q
  strategy = %q
  options  = jsonencode(%s)
  %s
}
`, name, f.strategy, opts, secret))
}

func TestAccConnection_strategyFamilies(t *testing.T) {
	for familyName, f := range testFamilies(t) {
		t.Run(familyName, func(t *testing.T) {
			env := newAccEnv(t)
			name := "tf-acc-" + familyName
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProviders,
				CheckDestroy:             env.checkDestroyed(),
				Steps: []resource.TestStep{
					{
						Config: f.config(env, name, f.createOptions),
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(connAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^con_[A-Za-z0-9]{16}$`))),
							statecheck.ExpectKnownValue(connAddr, tfjsonpath.New("strategy"), knownvalue.StringExact(f.strategy)),
							statecheck.ExpectKnownValue(connAddr, tfjsonpath.New("realms"), knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact(name)})),
							env.expectServer(connAddr, func(_ string, opts map[string]any) error {
								return hasKeys(opts, f.removedKey, f.changedKey)
							}),
						},
					},
					{
						Config: f.config(env, name, f.updateOptions),
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(connAddr, plancheck.ResourceActionUpdate)},
						},
						ConfigStateChecks: []statecheck.StateCheck{
							env.expectServer(connAddr, func(_ string, opts map[string]any) error {
								if err := lacksKeys(opts, f.removedKey); err != nil {
									return err
								}
								if err := optionEquals(opts, f.changedKey, f.changedValue); err != nil {
									return err
								}
								return hasKeys(opts, f.serverAdded...)
							}),
						},
					},
					{
						ResourceName:            connAddr,
						ImportState:             true,
						ImportStateVerify:       true,
						ImportStateVerifyIgnore: []string{"options", "secret_options"},
					},
					{
						// The configuration terraform writes from the import must
						// plan clean (the step fails on any planned change).
						Config:          env.providerBlock(env.server.Token),
						ResourceName:    connAddr,
						ImportState:     true,
						ImportStateKind: resource.ImportBlockWithID,
						GenerateConfig:  true,
					},
				},
			})
		})
	}
}

// checkDestroyed verifies no connection is left on the server.
func (e *accEnv) checkDestroyed() resource.TestCheckFunc {
	return func(*terraform.State) error {
		for conn, err := range e.client.ListConnections(context.Background(), client.ListOptions{}) {
			if err != nil {
				return err
			}
			return fmt.Errorf("connection %s (%s) still exists after destroy", conn.Name, conn.ID)
		}
		return nil
	}
}

func TestAccConnection_outOfBandKeySurvivesUpdate(t *testing.T) {
	env := newAccEnv(t)
	cfg := func(policy string) string {
		return env.config(fmt.Sprintf(`
resource "auth0_connection" "test" {
  name     = "tf-acc-oob"
  strategy = "auth0"
  options  = jsonencode({ passwordPolicy = %q, brute_force_protection = true })
}
`, policy))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: cfg("fair")},
			{
				// A dashboard user adds a key no configuration knows about.
				PreConfig: func() {
					env.patchOptions(env.onlyConnectionID(), func(opts map[string]any) {
						opts["dashboard_only"] = map[string]any{"set": "by hand"}
						opts["enabledDatabaseCustomization"] = true
					})
				},
				Config: cfg("good"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(connAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(connAddr, tfjsonpath.New("options"),
							jsonEquals(`{"passwordPolicy":"good","brute_force_protection":true}`)),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					env.expectServer(connAddr, func(_ string, opts map[string]any) error {
						if err := optionEquals(opts, "passwordPolicy", "good"); err != nil {
							return err
						}
						return hasKeys(opts, "dashboard_only", "enabledDatabaseCustomization", "mfa", "strategy_version")
					}),
				},
			},
		},
	})
}

func TestAccConnection_removedKeyIsDeletedAndPlanned(t *testing.T) {
	env := newAccEnv(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: env.config(`
resource "auth0_connection" "test" {
  name     = "tf-acc-remove"
  strategy = "github"
  options  = jsonencode({ client_id = "gh", follow = true, read_user = true, gist = true })
}
`)},
			{
				Config: env.config(`
resource "auth0_connection" "test" {
  name     = "tf-acc-remove"
  strategy = "github"
  options  = jsonencode({ client_id = "gh", follow = true, read_user = true })
}
`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(connAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(connAddr, tfjsonpath.New("options"),
							jsonEquals(`{"client_id":"gh","follow":true,"read_user":true}`)),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					env.expectServer(connAddr, func(_ string, opts map[string]any) error {
						if err := lacksKeys(opts, "gist"); err != nil {
							return err
						}
						return hasKeys(opts, "follow", "read_user", "scope")
					}),
				},
			},
			{
				// A configured null deletes the key too.
				Config: env.config(`
resource "auth0_connection" "test" {
  name     = "tf-acc-remove"
  strategy = "github"
  options  = jsonencode({ client_id = "gh", follow = null, read_user = true })
}
`),
				ConfigStateChecks: []statecheck.StateCheck{
					env.expectServer(connAddr, func(_ string, opts map[string]any) error {
						return lacksKeys(opts, "follow")
					}),
				},
			},
		},
	})
}

func TestAccConnection_drift(t *testing.T) {
	env := newAccEnv(t)
	cfg := env.config(`
resource "auth0_connection" "test" {
  name     = "tf-acc-drift"
  strategy = "auth0"
  options  = jsonencode({ passwordPolicy = "fair" })
}
`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				// Drift on an unmanaged key: nothing to plan.
				PreConfig: func() {
					env.patchOptions(env.onlyConnectionID(), func(opts map[string]any) {
						opts["requires_username"] = true
						delete(opts, "mfa")
					})
				},
				Config:   cfg,
				PlanOnly: true,
			},
			{
				// Drift on a managed key: planned back, and applied.
				PreConfig: func() {
					env.patchOptions(env.onlyConnectionID(), func(opts map[string]any) {
						opts["passwordPolicy"] = "excellent"
					})
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(connAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(connAddr, tfjsonpath.New("options"), jsonEquals(`{"passwordPolicy":"fair"}`)),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					env.expectServer(connAddr, func(_ string, opts map[string]any) error {
						if err := optionEquals(opts, "passwordPolicy", "fair"); err != nil {
							return err
						}
						return hasKeys(opts, "requires_username")
					}),
				},
			},
		},
	})
}

func TestAccConnection_upstreamParams(t *testing.T) {
	env := newAccEnv(t)
	cfg := func(blog, screenName string) string {
		return env.config(fmt.Sprintf(`
resource "auth0_connection" "wordpress" {
  name     = "tf-acc-wordpress"
  strategy = "wordpress"
  options  = jsonencode({ client_id = "wp" })
  upstream_params = {
    blog = %s
  }
}

resource "auth0_connection" "twitter" {
  name     = "tf-acc-twitter"
  strategy = "twitter"
  upstream_params = {
    screen_name = %s
  }
}
`, blog, screenName))
	}
	upstreamOf := func(address string, want string) statecheck.StateCheck {
		return env.expectServer(address, func(_ string, opts map[string]any) error {
			got, _ := json.Marshal(opts["upstream_params"])
			if !jsonSame(string(got), want) {
				return fmt.Errorf("%s upstream_params = %s, want %s", address, got, want)
			}
			return nil
		})
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: cfg(`{ value = "myblog.wordpress.com" }`, `{ alias = "login_hint" }`),
				ConfigStateChecks: []statecheck.StateCheck{
					upstreamOf("auth0_connection.wordpress", `{"blog":{"value":"myblog.wordpress.com"}}`),
					upstreamOf("auth0_connection.twitter", `{"screen_name":{"alias":"login_hint"}}`),
					statecheck.ExpectKnownValue("auth0_connection.twitter", tfjsonpath.New("upstream_params").AtMapKey("screen_name").AtMapKey("alias"),
						knownvalue.StringExact("login_hint")),
				},
			},
			{
				// Switching an entry from alias to value replaces it whole.
				Config: cfg(`{ alias = "login_hint" }`, `{ value = "fixed" }`),
				ConfigStateChecks: []statecheck.StateCheck{
					upstreamOf("auth0_connection.wordpress", `{"blog":{"alias":"login_hint"}}`),
					upstreamOf("auth0_connection.twitter", `{"screen_name":{"value":"fixed"}}`),
				},
			},
			{
				ResourceName:      "auth0_connection.twitter",
				ImportState:       true,
				ImportStateVerify: true,
			},
		},
	})
}

func TestAccConnection_domainLevelPromotion(t *testing.T) {
	env := newAccEnv(t)
	cfg := func(domain bool) string {
		return env.config(fmt.Sprintf(`
resource "auth0_connection" "test" {
  name                 = "tf-acc-domain"
  strategy             = "google-oauth2"
  options              = jsonencode({ client_id = "g" })
  is_domain_connection = %t
}
`, domain))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: cfg(false),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(connAddr, tfjsonpath.New("is_domain_connection"), knownvalue.Bool(false)),
				},
			},
			{
				PreConfig: env.server.ResetStats,
				Config:    cfg(true),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(connAddr, tfjsonpath.New("is_domain_connection"), knownvalue.Bool(true)),
					// Options did not change: one PATCH, and no GET to merge.
					env.expectCalls("PATCH /api/v2/connections/{id}", 1),
					env.expectServer(connAddr, func(_ string, opts map[string]any) error {
						return optionEquals(opts, "client_id", "g")
					}),
				},
			},
		},
	})
}

func TestAccConnection_secretsStaySensitive(t *testing.T) {
	env := newAccEnv(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: env.config(`
resource "auth0_connection" "test" {
  name           = "tf-acc-secret"
  strategy       = "github"
  options        = jsonencode({ client_id = "gh" })
  secret_options = jsonencode({ client_secret = "plan-secret-value" })
}
`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectSensitiveValue(connAddr, tfjsonpath.New("secret_options"))},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectSensitiveValue(connAddr, tfjsonpath.New("secret_options")),
					env.expectServer(connAddr, func(_ string, opts map[string]any) error {
						return optionEquals(opts, "client_secret", "plan-secret-value")
					}),
				},
			},
		},
	})
}

func TestAccConnection_writeOnlySecrets(t *testing.T) {
	env := newAccEnv(t)
	cfg := func(secret string, version int) string {
		return env.config(fmt.Sprintf(`
resource "auth0_connection" "test" {
  name                      = "tf-acc-wo"
  strategy                  = "github"
  options                   = jsonencode({ client_id = "gh" })
  secret_options_wo         = jsonencode({ client_secret = %q })
  secret_options_wo_version = %d
}
`, secret, version))
	}
	serverSecret := func(want string) statecheck.StateCheck {
		return env.expectServer(connAddr, func(_ string, opts map[string]any) error {
			return optionEquals(opts, "client_secret", want)
		})
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		Steps: []resource.TestStep{
			{
				Config: cfg("wo-secret-one", 1),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(connAddr, tfjsonpath.New("secret_options_wo"), knownvalue.Null()),
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
					env.expectCalls("PATCH /api/v2/connections/{id}", 1),
				},
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

func TestAccConnection_renameReplaces(t *testing.T) {
	env := newAccEnv(t)
	cfg := func(name string) string {
		return env.config(fmt.Sprintf(`
resource "auth0_connection" "test" {
  name     = %q
  strategy = "auth0"
}
`, name))
	}
	var firstID string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: cfg("tf-acc-before"),
				ConfigStateChecks: []statecheck.StateCheck{
					env.expectServer(connAddr, func(id string, _ map[string]any) error { firstID = id; return nil }),
				},
			},
			{
				Config: cfg("tf-acc-after"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(connAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(connAddr, tfjsonpath.New("name"), knownvalue.StringExact("tf-acc-after")),
					env.expectServer(connAddr, func(id string, _ map[string]any) error {
						if id == firstID {
							return fmt.Errorf("id unchanged after a rename: %s", id)
						}
						if _, err := env.client.GetConnection(context.Background(), firstID); !client.IsNotFound(err) {
							return fmt.Errorf("the old connection %s still exists (err=%w)", firstID, err)
						}
						return nil
					}),
				},
			},
		},
	})
}

func TestAccConnection_deletedOutOfBandIsRecreated(t *testing.T) {
	env := newAccEnv(t)
	cfg := env.config(`
resource "auth0_connection" "test" {
  name     = "tf-acc-gone"
  strategy = "email"
  options  = jsonencode({ from = "noreply@example.com", subject = "Your code", syntax = "liquid" })
}
`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig: func() {
					if err := env.client.DeleteConnection(context.Background(), env.onlyConnectionID()); err != nil {
						t.Fatal(err)
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(connAddr, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					env.expectServer(connAddr, func(_ string, opts map[string]any) error {
						return optionEquals(opts, "from", "noreply@example.com")
					}),
				},
			},
		},
	})
}

func TestAccConnection_tokenWithoutOptionsScope(t *testing.T) {
	env := newAccEnv(t)
	var limited []string
	for _, s := range emulator.AllScopes() {
		if !strings.HasSuffix(s, ":connections_options") {
			limited = append(limited, s)
		}
	}
	limitedToken := env.server.MintToken(limited...)
	body := func(policy string) string {
		return fmt.Sprintf(`
resource "auth0_connection" "test" {
  name     = "tf-acc-scope"
  strategy = "auth0"
  options  = jsonencode({ passwordPolicy = %q })
}
`, policy)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy: func(*terraform.State) error {
			return env.expectCalls("PATCH /api/v2/connections/{id}", 0).err()
		},
		Steps: []resource.TestStep{
			{Config: env.config(body("fair"))},
			{
				PreConfig:   env.server.ResetStats,
				Config:      env.providerBlock(limitedToken) + body("good"),
				ExpectError: regexp.MustCompile(`read:connections_options`),
			},
		},
	})
}

func TestAccConnectionDataSource_byIDAndName(t *testing.T) {
	env := newAccEnv(t)
	created, err := env.client.CreateConnection(context.Background(), &client.Connection{
		Name: "tf-acc-data", Strategy: "github",
		Options: json.RawMessage(`{"client_id":"gh","client_secret":"data-secret","follow":true}`),
	})
	if err != nil {
		t.Fatal(err)
	}
	env.server.ResetStats()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: env.config(fmt.Sprintf(`
data "auth0_connection" "by_id" {
  id = %q
}

data "auth0_connection" "by_name" {
  name = "tf-acc-data"
}
`, created.ID)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.auth0_connection.by_id", tfjsonpath.New("name"), knownvalue.StringExact("tf-acc-data")),
					statecheck.ExpectKnownValue("data.auth0_connection.by_name", tfjsonpath.New("id"), knownvalue.StringExact(created.ID)),
					statecheck.ExpectKnownValue("data.auth0_connection.by_name", tfjsonpath.New("options"),
						jsonWhere(func(opts map[string]any) error {
							if err := optionEquals(opts, "client_id", "gh"); err != nil {
								return err
							}
							return lacksKeys(opts, "client_secret")
						})),
					statecheck.ExpectSensitiveValue("data.auth0_connection.by_id", tfjsonpath.New("secret_options")),
					statecheck.ExpectKnownValue("data.auth0_connection.by_id", tfjsonpath.New("secret_options"),
						jsonEquals(`{"client_secret":"data-secret"}`)),
					oneCallPerRead{env: env},
				},
			},
		},
	})
}

// oneCallPerRead checks that each data source read made exactly one call:
// the reads by id and by name happen equally often and nothing else is called.
type oneCallPerRead struct{ env *accEnv }

func (c oneCallPerRead) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	stats := c.env.server.Stats()
	byID, byName := stats["GET /api/v2/connections/{id}"], stats["GET /api/v2/connections"]
	if byID == 0 || byID != byName || stats["total"] != byID+byName {
		resp.Error = fmt.Errorf("want one GET per read by id and one list call per read by name, and nothing else: %v", stats)
	}
}

// onlyConnectionID returns the id of the single connection on the server.
func (e *accEnv) onlyConnectionID() string {
	e.t.Helper()
	var ids []string
	for conn, err := range e.client.ListConnections(context.Background(), client.ListOptions{}) {
		if err != nil {
			e.t.Fatal(err)
		}
		ids = append(ids, conn.ID)
	}
	if len(ids) != 1 {
		e.t.Fatalf("want exactly one connection on the server, have %v", ids)
	}
	return ids[0]
}

// jsonWhere checks a JSON object attribute with a function.
func jsonWhere(check func(map[string]any) error) knownvalue.Check {
	return knownvalue.StringFunc(func(got string) error {
		var obj map[string]any
		if err := json.Unmarshal([]byte(got), &obj); err != nil {
			return fmt.Errorf("not a JSON object: %w: %s", err, got)
		}
		return check(obj)
	})
}

func jsonSame(a, b string) bool {
	var x, y any
	if json.Unmarshal([]byte(a), &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return false
	}
	xs, _ := json.Marshal(x)
	ys, _ := json.Marshal(y)
	return string(xs) == string(ys)
}

// testCertificatePEM makes a self-signed certificate for SAML signingCert.
func testCertificatePEM(t *testing.T) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "saml.example.com", Organization: []string{"Example"}, Country: []string{"US"}},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(365 * 24 * time.Hour),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}

// A connection made outside Terraform, with secrets, upstream params on a
// SAML connection and server defaults, imports into a configuration that
// plans clean.
func TestAccConnection_importGeneratesCleanConfig(t *testing.T) {
	env := newAccEnv(t)
	saml, err := env.client.CreateConnection(context.Background(), &client.Connection{
		Name: "tf-acc-import-saml", Strategy: "samlp",
		Options: json.RawMessage(fmt.Sprintf(`{"signInEndpoint":"https://idp.example.com/sso","signingCert":%q,
			"upstream_params":{"tenant":{"value":"acme"}}}`, testCertificatePEM(t))),
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.client.CreateConnection(context.Background(), &client.Connection{
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
		plancheck.ExpectKnownValue("auth0_connection.imported", tfjsonpath.New("options"), jsonWhere(func(opts map[string]any) error {
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
		plancheck.ExpectKnownValue("auth0_connection.imported", tfjsonpath.New("secret_options"),
			jsonEquals(`{"client_secret":"import-secret"}`)),
	))
}

func TestAccConnection_nameTakenSaysHowToImport(t *testing.T) {
	env := newAccEnv(t)
	existing, err := env.client.CreateConnection(context.Background(), &client.Connection{Name: "tf-acc-taken", Strategy: "auth0"})
	if err != nil {
		t.Fatal(err)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: env.config(`
resource "auth0_connection" "test" {
  name     = "tf-acc-taken"
  strategy = "auth0"
}
`),
			// The API's errorCode and message, then the exact import command.
			ExpectError: wrappedRegexp(`connection_conflict.*A connection with the same name already exists(?s).*terraform import auth0_connection.NAME ` + existing.ID),
		}},
	})
}

func TestReplacementWarning(t *testing.T) {
	var diags diag.Diagnostics
	warnIfReplacing(path.Root("name"), types.StringValue("old"), types.StringValue("old"), &diags)
	warnIfReplacing(path.Root("name"), types.StringValue("old"), types.StringUnknown(), &diags)
	if len(diags) != 0 {
		t.Fatalf("no replacement, yet: %v", diags)
	}
	warnIfReplacing(path.Root("strategy"), types.StringValue("auth0"), types.StringValue("email"), &diags)
	if len(diags) != 1 || diags[0].Severity() != diag.SeverityWarning ||
		!strings.Contains(diags[0].Detail(), "is deleted with it") || !strings.Contains(diags[0].Summary(), "deletes its users") {
		t.Fatalf("want one warning about deleted users, got %v", diags)
	}
}
