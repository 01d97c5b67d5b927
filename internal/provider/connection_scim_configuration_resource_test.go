package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
)

const scimAddr = "auth0_connection_scim_configuration.test"

func (e *accEnv) scimConfig(connectionID, body string) string {
	return e.partConfig("auth0_connection_scim_configuration", connectionID, body)
}

// scimOnServer reads the SCIM configuration the emulator holds.
func (e *accEnv) scimOnServer(connectionID string) (*client.SCIMConfiguration, error) {
	return e.client.GetSCIMConfiguration(e.t.Context(), connectionID)
}

func (e *accEnv) expectSCIMOnServer(connectionID, userIDAttribute string, mappingItems int) funcCheck {
	return func() error {
		cfg, err := e.scimOnServer(connectionID)
		if err != nil {
			return err
		}
		if cfg.UserIDAttribute != userIDAttribute || len(cfg.Mapping) != mappingItems {
			return fmt.Errorf("server holds user_id_attribute %q and %d mapping items, want %q and %d",
				cfg.UserIDAttribute, len(cfg.Mapping), userIDAttribute, mappingItems)
		}
		return nil
	}
}

const customSCIMMapping = `
  user_id_attribute = "userName"
  mapping {
    auth0 = "username"
    scim  = "userName"
  }
  mapping {
    auth0 = "email"
    scim  = "emails[primary eq true].value"
  }
`

func TestAccSCIMConfiguration_lifecycle(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	id := env.newConnection("scim-okta", "okta", oktaOptions())
	testLifecycle(t, func() error {
		if _, err := env.scimOnServer(id); !client.IsNoSCIMConfiguration(err) {
			return fmt.Errorf("after destroy the SCIM configuration is still there or unreadable: %w", err)
		}
		return nil
	}, []resource.TestStep{
		{
			// No mapping, no user_id_attribute: the strategy's defaults.
			Config: env.scimConfig(id, ""),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttr(scimAddr, "id", knownvalue.StringExact(id)),
				expectAttr(scimAddr, "connection_name", knownvalue.StringExact("scim-okta")),
				expectAttr(scimAddr, "strategy", knownvalue.StringExact("okta")),
				expectAttr(scimAddr, "tenant_name", knownvalue.StringExact("emulator")),
				expectAttr(scimAddr, "user_id_attribute", knownvalue.StringExact("externalId")),
				expectAttr(scimAddr, "mapping", knownvalue.SetSizeExact(32)),
				expectAttr(scimAddr, "mapping", knownvalue.SetPartial([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"auth0": knownvalue.StringExact("preferred_username"), "scim": knownvalue.StringExact("userName"),
					}),
				})),
				env.expectSCIMOnServer(id, "externalId", 32),
			},
		},
		{
			Config:           env.scimConfig(id, ""),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		},
		{
			// mapping blocks, as written for auth0/auth0.
			Config: env.scimConfig(id, customSCIMMapping),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(scimAddr, plancheck.ResourceActionUpdate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttr(scimAddr, "user_id_attribute", knownvalue.StringExact("userName")),
				expectAttr(scimAddr, "mapping", mappingSetOf("scim",
					[2]string{"username", "userName"}, [2]string{"email", "emails[primary eq true].value"})),
				env.expectSCIMOnServer(id, "userName", 2),
			},
		},
		{
			ResourceName:      scimAddr,
			ImportState:       true,
			ImportStateId:     id,
			ImportStateVerify: true,
		},
		{
			// Someone changes the mapping in the dashboard: the plan
			// shows it, and applying restores the configuration's.
			PreConfig: func() {
				if _, err := env.client.UpdateSCIMConfiguration(t.Context(), id, client.SCIMSettings{
					UserIDAttribute: "externalId", Mapping: []client.SCIMMapping{{SCIM: "userName", Auth0: "nickname"}},
				}); err != nil {
					t.Fatal(err)
				}
			},
			Config: env.scimConfig(id, customSCIMMapping),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(scimAddr, plancheck.ResourceActionUpdate),
				expectPlannedAttr(scimAddr, "user_id_attribute", knownvalue.StringExact("userName")),
			}},
			ConfigStateChecks: []statecheck.StateCheck{env.expectSCIMOnServer(id, "userName", 2)},
		},
		recreatedAfterDelete(t, scimAddr, env.scimConfig(id, customSCIMMapping), func(ctx context.Context) error {
			return env.client.DeleteSCIMConfiguration(ctx, id)
		}, env.expectSCIMOnServer(id, "userName", 2)),
		{
			// Leaving both out later keeps what the configuration holds,
			// as the schema says: the default does not come back.
			Config:            env.scimConfig(id, ""),
			ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			ConfigStateChecks: []statecheck.StateCheck{env.expectSCIMOnServer(id, "userName", 2)},
		},
	})
}

// Bad input fails at plan time and nothing is sent.
func TestAccSCIMConfiguration_rejectedAtPlan(t *testing.T) {
	t.Parallel()
	expectArgsRejectedAtPlan(t, "auth0_connection_scim_configuration", map[string]rejectedArgs{
		"user_id_attribute without mapping": {`user_id_attribute = "userName"`, `Attribute "mapping" must be specified when "user_id_attribute" is specified`},
		"mapping without user_id_attribute": {"mapping {\n auth0 = \"email\"\n scim = \"email\"\n}", `Attribute "user_id_attribute" must be specified`},
		"a SCIM attribute mapped twice": {`user_id_attribute = "userName"
  mapping {
    auth0 = "email"
    scim  = "userName"
  }
  mapping {
    auth0 = "username"
    scim  = "userName"
  }`, `maps scim "userName" more than once`},
		"an empty field": {"user_id_attribute = \"userName\"\n mapping {\n auth0 = \"\"\n scim = \"userName\"\n}", `needs a non-empty auth0`},
	})
	t.Run("a connection name for connection_id", func(t *testing.T) {
		t.Parallel()
		env := newAccEnv(t)
		env.expectRejectedAtPlan(env.scimConfig("my-okta", ""), `must be a connection's id \(con_…\), such as auth0_connection.NAME.id, not its name`)
	})
}

// A connection managed in the same configuration is read during the plan,
// so its strategy is known: SCIM on a database connection fails at plan
// time, before any SCIM request.
func TestAccSCIMConfiguration_strategyCheckedAtPlan(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	env.expectRefusedOnDatabase("scim-db", "auth0_connection_scim_configuration", "",
		`(?s)Connection has no SCIM.*strategy "auth0". Only connections of strategy "oidc", "okta", "samlp" or "waad" have SCIM`,
		"/scim-configuration")
}

// Where the plan cannot know the strategy (the connection is not managed
// here), the API's own answer is the error.
func TestAccSCIMConfiguration_strategyRefusedByAPI(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	id := env.newConnection("scim-github", "github", map[string]any{})
	env.expectApplyRefused(env.scimConfig(id, ""),
		`(?s)Connection has no SCIM.*This connection type does not support SCIM\.`)
}

func TestAccSCIMConfiguration_alreadyConfigured(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	id := env.newConnection("scim-taken", "okta", oktaOptions())
	if _, err := env.client.CreateSCIMConfiguration(t.Context(), id, nil); err != nil {
		t.Fatal(err)
	}
	env.expectApplyRefused(env.scimConfig(id, ""),
		`(?s)Already configured.*terraform import auth0_connection_scim_configuration.NAME `+id)
}

func TestAccSCIMConfigurationDataSource(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	id := env.newConnection("scim-data", "okta", oktaOptions())
	const addr = "data.auth0_connection_scim_configuration.test"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: env.scimConfig(id, customSCIMMapping) + `
data "auth0_connection_scim_configuration" "test" {
  connection_id = auth0_connection_scim_configuration.test.connection_id
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttr(addr, "id", knownvalue.StringExact(id)),
				expectAttr(addr, "user_id_attribute", knownvalue.StringExact("userName")),
				expectAttr(addr, "mapping", knownvalue.SetSizeExact(2)),
				expectAttr(addr, "default_mapping", knownvalue.SetSizeExact(32)),
				expectSameAttrs(addr, "mapping", scimAddr, "mapping"),
				expectSameAttrs(addr, "tenant_name", scimAddr, "tenant_name"),
			},
		}},
	})
}

// Each strategy the page names takes a configuration with no arguments,
// and gets its default user id attribute: userName for SAML, externalId
// for the others (okta is in TestAccSCIMConfiguration_lifecycle).
func TestAccSCIMConfiguration_strategyDefaults(t *testing.T) {
	t.Parallel()
	for strategy, c := range map[string]struct {
		options         map[string]any
		userIDAttribute string
	}{
		"samlp": {map[string]any{"signInEndpoint": "https://idp.example.com/sso", "signingCert": testCertificatePEM(t)}, "userName"},
		"oidc":  {map[string]any{"client_id": "cid", "issuer": "https://idp.example.com", "type": "front_channel"}, "externalId"},
		"waad":  {map[string]any{"client_id": "cid", "client_secret": "s", "tenant_domain": "example.onmicrosoft.com"}, "externalId"},
	} {
		t.Run(strategy, func(t *testing.T) {
			t.Parallel()
			env := newAccEnv(t)
			id := env.newConnection("scim-"+strategy, strategy, c.options)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProviders,
				Steps: []resource.TestStep{{
					Config: env.scimConfig(id, ""),
					ConfigStateChecks: []statecheck.StateCheck{
						expectAttr(scimAddr, "strategy", knownvalue.StringExact(strategy)),
						expectAttr(scimAddr, "user_id_attribute", knownvalue.StringExact(c.userIDAttribute)),
						expectAttr(scimAddr, "mapping", knownvalue.NotNull()),
					},
				}},
			})
		})
	}
}

// Destroying the configuration turns SCIM off and revokes its tokens,
// those Terraform does not manage too: a configuration made again starts
// with none.
func TestAccSCIMConfiguration_destroyRevokesTokens(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	id := env.newConnection("scim-revoke", "okta", oktaOptions())
	testLifecycle(t, func() error {
		if _, err := env.scimOnServer(id); !client.IsNoSCIMConfiguration(err) {
			return fmt.Errorf("after destroy the SCIM configuration is still there or unreadable: %w", err)
		}
		if _, err := env.client.CreateSCIMConfiguration(t.Context(), id, nil); err != nil {
			return err
		}
		ids, err := env.tokenIDsOnServer(id)
		if err == nil && len(ids) != 0 {
			err = fmt.Errorf("a configuration made after the destroy has the tokens %v, want none", ids)
		}
		return err
	}, []resource.TestStep{{
		Config: env.scimConfig(id, ""),
		ConfigStateChecks: []statecheck.StateCheck{funcCheck(func() error {
			_, err := env.client.CreateSCIMToken(t.Context(), id, client.SCIMTokenRequest{Scopes: []string{"get:users"}})
			return err
		})},
	}})
}

// "Reads a connection's inbound SCIM configuration and the default mapping
// of its strategy (two API calls)": each read makes one call of each.
func TestAccSCIMConfigurationDataSource_twoCallsARead(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	id := env.newConnection("scim-data-calls", "okta", oktaOptions())
	withSCIM(env, id)
	const config, defaults = "GET /api/v2/connections/{id}/scim-configuration", "GET /api/v2/connections/{id}/scim-configuration/default-mapping"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			PreConfig: env.server.ResetStats,
			Config:    env.config(fmt.Sprintf("data \"auth0_connection_scim_configuration\" \"test\" {\n  connection_id = %q\n}\n", id)),
			ConfigStateChecks: []statecheck.StateCheck{funcCheck(func() error {
				stats := env.server.Stats()
				if stats[config] == 0 || stats[config] != stats[defaults] || stats["total"] != 2*stats[config] {
					return fmt.Errorf("want one call of each of %q and %q a read, and nothing else: %v", config, defaults, stats)
				}
				return nil
			})},
		}},
	})
}
