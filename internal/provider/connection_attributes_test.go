package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
)

// What the auth0_connection page promises about options, metadata and the
// API calls of an update, beside the merge tests of
// connection_options_merge_test.go.

// "Key order and whitespace never cause a diff", and "unknown keys are
// passed through, because Auth0 adds options over time".
func TestAccConnection_keyOrderAndWhitespaceNeverDiff(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: env.config(connectionHCL("tf-acc-order", "auth0",
					`options = jsonencode({ passwordPolicy = "good", brute_force_protection = true, future_option = { on = true } })`)),
				ConfigStateChecks: []statecheck.StateCheck{env.expectServerOption(connAddr, "future_option", map[string]any{"on": true})},
			},
			{
				Config: env.config(connectionHCL("tf-acc-order", "auth0",
					`options = "{\n  \"future_option\" : {\"on\":true},\n\n  \"brute_force_protection\":true,   \"passwordPolicy\": \"good\"\n}"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// "Leaving options out altogether manages no key there and deletes
// nothing", as the page says.
func TestAccConnection_optionsLeftOutDeletesNothing(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	managed := map[string]any{"passwordPolicy": "fair", "password_history": map[string]any{"enable": true, "size": 5}}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: env.config(connectionHCL("tf-acc-left-out", "auth0",
				`options = jsonencode({ passwordPolicy = "fair", password_history = { enable = true, size = 5 } })`))},
			{
				Config:            env.config(connectionHCL("tf-acc-left-out", "auth0", `display_name = "Left out"`)),
				ConfigStateChecks: []statecheck.StateCheck{env.expectServerHolds(connAddr, managed)},
			},
			{
				// A dashboard change is nobody's business from then on.
				PreConfig: func() {
					env.patchOptions(env.onlyConnectionID(), func(opts map[string]any) { opts["passwordPolicy"] = "excellent" })
				},
				Config:           env.config(connectionHCL("tf-acc-left-out", "auth0", `display_name = "Left out"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// metadata: "Leaving the attribute out keeps whatever metadata the
// connection has; {} removes it all", as the page says.
func TestAccConnection_metadataLeftOutKeepsEmptyRemoves(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	serverMetadata := func(want map[string]string) statecheck.StateCheck {
		return env.expectServerConnection(connAddr, func(conn *client.Connection) error {
			if len(conn.Metadata) != len(want) {
				return fmt.Errorf("server metadata %v, want %v", conn.Metadata, want)
			}
			for k, v := range want {
				if got := conn.Metadata[k]; got == nil || *got != v {
					return fmt.Errorf("server metadata %v, want %v", conn.Metadata, want)
				}
			}
			return nil
		})
	}
	cfg := func(metadata string) string { return env.config(connectionHCL("tf-acc-metadata", "auth0", metadata)) }
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config:            cfg(`metadata = { team = "identity" }`),
				ConfigStateChecks: []statecheck.StateCheck{serverMetadata(map[string]string{"team": "identity"})},
			},
			{
				Config:            cfg(""),
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{serverMetadata(map[string]string{"team": "identity"})},
			},
			{
				Config: cfg("metadata = {}"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(connAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{serverMetadata(nil)},
			},
		},
	})
}

// "An update costs two API calls when options change (the read and the
// PATCH) and one when only other attributes change": beside the plan's
// refresh, which reads the connection once.
func TestAccConnection_updateCalls(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	cfg := func(policy, displayName string) string {
		return env.config(connectionHCL("tf-acc-calls", "auth0",
			fmt.Sprintf("options = jsonencode({ passwordPolicy = %q })", policy), fmt.Sprintf("display_name = %q", displayName)))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: cfg("fair", "One")},
			{
				PreConfig:         env.server.ResetStats,
				Config:            cfg("good", "One"),
				ConfigStateChecks: []statecheck.StateCheck{env.expectOnlyCalls(map[string]int64{routeGet: 1 + 1, routePatch: 1})},
			},
			{
				PreConfig:         env.server.ResetStats,
				Config:            cfg("good", "Two"),
				ConfigStateChecks: []statecheck.StateCheck{env.expectOnlyCalls(map[string]int64{routeGet: 1, routePatch: 1})},
			},
		},
	})
}

// "Auth0 stores the values of a database connection's configuration
// encrypted and returns fresh ciphertext on every read. The provider
// merges them by key and keeps the values you wrote in the state; … they
// do not show as drift", as the page says.
func TestAccConnection_encryptedConfigurationIsNoDrift(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	cfg := env.config(connectionHCL("tf-acc-encrypted", "auth0",
		`secret_options = jsonencode({ configuration = { API_KEY = "plain-value" } })`))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					expectAttr(connAddr, "secret_options", jsonEquals(`{"configuration":{"API_KEY":"plain-value"}}`)),
					env.expectServer(connAddr, func(opts map[string]any) error {
						stored, _ := opts["configuration"].(map[string]any)
						if v, ok := stored["API_KEY"].(string); !ok || v == "plain-value" {
							return fmt.Errorf("the server holds configuration %v, want API_KEY as ciphertext", opts["configuration"])
						}
						return nil
					}),
				},
			},
			{
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// "A key dropped from secret_options_wo (with a version bump) is deleted
// from the server like any managed key", as the page says.
func TestAccConnection_writeOnlyKeyDroppedIsDeleted(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	cfg := func(configuration string, version int) string {
		return env.config(connectionHCL("tf-acc-wo-drop", "auth0",
			"secret_options_wo = jsonencode({ configuration = "+configuration+" })", fmt.Sprintf("secret_options_wo_version = %d", version)))
	}
	configurationKeys := func(want ...string) statecheck.StateCheck {
		return env.expectServer(connAddr, func(opts map[string]any) error {
			stored, _ := opts["configuration"].(map[string]any)
			return hasExactly(stored, want...)
		})
	}
	testWriteOnly(t, []resource.TestStep{
		{
			Config:            cfg(`{ KEEP = "1", DROP = "2" }`, 1),
			ConfigStateChecks: []statecheck.StateCheck{configurationKeys("DROP", "KEEP")},
		},
		{
			Config:            cfg(`{ KEEP = "1" }`, 2),
			ConfigStateChecks: []statecheck.StateCheck{configurationKeys("KEEP")},
		},
	})
}

// hasExactly checks an object holds these keys and no other.
func hasExactly(obj map[string]any, keys ...string) error {
	if err := hasKeys(obj, keys...); err != nil {
		return err
	}
	if len(obj) != len(keys) {
		return fmt.Errorf("%v holds more keys than %v", obj, keys)
	}
	return nil
}

// realms: "The server defaults it to [name]", and display_name "is updated
// in place".
func TestAccConnection_realmsDefaultAndDisplayNameInPlace(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: env.config(connectionHCL("tf-acc-realms", "auth0", `display_name = "Before"`)),
				ConfigStateChecks: []statecheck.StateCheck{
					expectAttr(connAddr, "realms", knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("tf-acc-realms")})),
					sameID.AddStateValue(connAddr, tfjsonpath.New("id")),
				},
			},
			{
				Config: env.config(connectionHCL("tf-acc-realms", "auth0", `display_name = "After"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(connAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(connAddr, tfjsonpath.New("id"))},
			},
		},
	})
}
