package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
)

// crossAppAccessIs checks the Cross App Access objects the server holds for
// connAddr, written active=BOOL and status=STATUS; "" for an object the
// connection must not have.
func (e *accEnv) crossAppAccessIs(requesting, resource string) statecheck.StateCheck {
	return e.expectServerConnection(connAddr, func(conn *client.Connection) error {
		var r, s string
		if a := conn.CrossAppAccessRequestingApp; a != nil {
			r = fmt.Sprintf("active=%t", a.Active)
		}
		if a := conn.CrossAppAccessResourceApp; a != nil {
			s = "status=" + a.Status
		}
		if r != requesting || s != resource {
			return fmt.Errorf("server holds requesting app %q and resource app %q, want %q and %q", r, s, requesting, resource)
		}
		return nil
	})
}

// The Cross App Access objects: created, changed one at a time (the PATCH
// carries only the changed one), imported, planned back after a change on
// the tenant, and left alone when removed from the configuration.
func TestAccConnection_crossAppAccess(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	cfg := func(body string) string {
		return env.config(`
resource "auth0_connection" "test" {
  name     = "tf-acc-xaa"
  strategy = "oidc"
  options = jsonencode({
    client_id     = "xaa"
    type          = "back_channel"
    issuer        = "https://idp.example.com"
    jwks_uri      = "https://idp.example.com/jwks"
    token_endpoint = "https://idp.example.com/token"
    authorization_endpoint = "https://idp.example.com/authorize"
  })
` + body + `
}
`)
	}
	both := func(active bool, status string) string {
		return cfg(fmt.Sprintf(`
  cross_app_access_requesting_app = { active = %t }
  cross_app_access_resource_app   = { status = %q }`, active, status))
	}
	requesting := tfjsonpath.New("cross_app_access_requesting_app").AtMapKey("active")
	resourceStatus := tfjsonpath.New("cross_app_access_resource_app").AtMapKey("status")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: both(true, "enabled"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(connAddr, requesting, knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(connAddr, resourceStatus, knownvalue.StringExact("enabled")),
					env.crossAppAccessIs("active=true", "status=enabled"),
				},
			},
			{
				// One changed: the refresh's GET and one PATCH, no GET to
				// merge options (they did not change).
				PreConfig: env.server.ResetStats,
				Config:    both(false, "enabled"),
				ConfigStateChecks: []statecheck.StateCheck{
					// Before the checks that read the server themselves.
					env.expectOnlyCalls(map[string]int64{routeGet: 1, routePatch: 1}),
					statecheck.ExpectKnownValue(connAddr, requesting, knownvalue.Bool(false)),
					env.crossAppAccessIs("active=false", "status=enabled"),
				},
			},
			{
				// An import adopts every option the server added too.
				ResourceName:            connAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"options"},
			},
			{
				// Changed on the tenant: the plan puts it back.
				PreConfig: func() {
					if _, err := env.client.UpdateConnection(t.Context(), env.onlyConnectionID(), client.Patch{
						"cross_app_access_resource_app": map[string]any{"status": "disabled"},
					}); err != nil {
						t.Fatal(err)
					}
				},
				Config: both(false, "enabled"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(connAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(connAddr, resourceStatus, knownvalue.StringExact("enabled")),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{env.crossAppAccessIs("active=false", "status=enabled")},
			},
			{
				// Removed from the configuration: nothing to do, the tenant
				// keeps both.
				Config: cfg(""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{env.crossAppAccessIs("active=false", "status=enabled")},
			},
		},
	})
}

// A connection without Cross App Access reads as null and plans clean.
func TestAccConnection_crossAppAccessAbsent(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: env.config(connectionHCL("tf-acc-no-xaa", "okta", `options = jsonencode({ client_id = "okta", domain = "example.okta.com" })`)),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttr(connAddr, "cross_app_access_requesting_app", knownvalue.Null()),
				expectAttr(connAddr, "cross_app_access_resource_app", knownvalue.Null()),
				env.crossAppAccessIs("", ""),
			},
		}},
	})
}

// Strategies other than oidc and okta are refused at plan time, naming the
// attribute, before any API call.
func TestAccConnection_crossAppAccessRefusedForOtherStrategies(t *testing.T) {
	t.Parallel()
	for _, attribute := range []string{"cross_app_access_requesting_app = { active = true }", `cross_app_access_resource_app = { status = "enabled" }`} {
		env := newAccEnv(t)
		env.expectRejectedAtPlan(env.config(connectionHCL("tf-acc-xaa-db", "auth0", attribute)), `cross_app_access_\w+ not supported by this strategy(?s:.*)"oidc" or "okta" connections only`)
	}
	env := newAccEnv(t)
	env.expectRejectedAtPlan(env.config(connectionHCL("tf-acc-xaa-status", "oidc", `cross_app_access_resource_app = { status = "on" }`)), `status value must be one of`)
}
