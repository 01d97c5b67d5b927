package provider

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/openauth0/terraform-provider-auth0/internal/emulator"
)

// How an update merges into the options the server holds: keys no
// configuration manages survive, removed keys are deleted and planned,
// drift on managed keys is planned back, and nothing is sent that was not read.

func TestAccConnection_outOfBandKeySurvivesUpdate(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	cfg := func(policy string) string {
		return env.config(connectionHCL("tf-acc-oob", "auth0",
			fmt.Sprintf("options = jsonencode({ passwordPolicy = %q, brute_force_protection = true })", policy)))
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
						expectPlannedAttr(connAddr, "options",
							jsonEquals(`{"passwordPolicy":"good","brute_force_protection":true}`)),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					env.expectServerOption(connAddr, "passwordPolicy", "good"),
					env.expectServerKeys("dashboard_only", "enabledDatabaseCustomization", "mfa", "strategy_version"),
				},
			},
		},
	})
}

func TestAccConnection_removedKeyIsDeletedAndPlanned(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	cfg := optionsConfig(env, "tf-acc-remove", "github")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: cfg(`{ client_id = "gh", follow = true, read_user = true, gist = true }`)},
			{
				Config: cfg(`{ client_id = "gh", follow = true, read_user = true }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(connAddr, plancheck.ResourceActionUpdate),
						expectPlannedAttr(connAddr, "options",
							jsonEquals(`{"client_id":"gh","follow":true,"read_user":true}`)),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					env.expectServerLacks("gist"),
					env.expectServerKeys("follow", "read_user", "scope"),
				},
			},
			{
				// A configured null deletes the key too.
				Config: cfg(`{ client_id = "gh", follow = null, read_user = true }`),
				ConfigStateChecks: []statecheck.StateCheck{
					env.expectServerLacks("follow"),
				},
			},
		},
	})
}

func TestAccConnection_drift(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	cfg := env.config(connectionHCL("tf-acc-drift", "auth0", `options = jsonencode({ passwordPolicy = "fair" })`))
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
						expectPlannedAttr(connAddr, "options", jsonEquals(`{"passwordPolicy":"fair"}`)),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					env.expectServerOption(connAddr, "passwordPolicy", "fair"),
					env.expectServerKeys("requires_username"),
				},
			},
		},
	})
}

func TestAccConnection_upstreamParams(t *testing.T) {
	t.Parallel()
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
		return env.expectServerOption(address, "upstream_params", json.RawMessage(want))
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
	t.Parallel()
	env := newAccEnv(t)
	cfg := func(domain bool) string {
		return env.config(connectionHCL("tf-acc-domain", "google-oauth2",
			`options = jsonencode({ client_id = "g" })`, fmt.Sprintf("is_domain_connection = %t", domain)))
	}
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: cfg(false),
				ConfigStateChecks: []statecheck.StateCheck{
					expectAttr(connAddr, "is_domain_connection", knownvalue.Bool(false)),
					sameID.AddStateValue(connAddr, tfjsonpath.New("id")),
				},
			},
			{
				PreConfig: env.server.ResetStats,
				Config:    cfg(true),
				ConfigStateChecks: []statecheck.StateCheck{
					expectAttr(connAddr, "is_domain_connection", knownvalue.Bool(true)),
					sameID.AddStateValue(connAddr, tfjsonpath.New("id")),
					// Options did not change: the plan's refresh reads the
					// connection once, then one PATCH, and no GET to merge.
					env.expectOnlyCalls(map[string]int64{routeGet: 1, routePatch: 1}),
					env.expectServerOption(connAddr, "client_id", "g"),
				},
			},
		},
	})
}

func TestAccConnection_tokenWithoutOptionsScope(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	var limited []string
	for _, s := range emulator.AllScopes() {
		if !strings.HasSuffix(s, ":connections_options") {
			limited = append(limited, s)
		}
	}
	limitedToken := env.server.MintToken(limited...)
	body := func(policy string) string {
		return connectionHCL("tf-acc-scope", "auth0", fmt.Sprintf("options = jsonencode({ passwordPolicy = %q })", policy))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: env.config(body("fair"))},
			{
				// The token cannot read options, so the provider cannot merge:
				// it stops rather than send options it has not read.
				PreConfig:   env.server.ResetStats,
				Config:      env.providerBlock(limitedToken) + body("good"),
				ExpectError: regexp.MustCompile(`read:connections_options`),
			},
			{
				// Nothing was patched: with a token that reads options the
				// change is still to be made, and is made.
				Config: env.config(body("good")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						env.expectCalls(routePatch, 0),
						plancheck.ExpectResourceAction(connAddr, plancheck.ResourceActionUpdate),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					env.expectServerOption(connAddr, "passwordPolicy", "good"),
				},
			},
		},
	})
}
