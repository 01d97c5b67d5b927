package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
)

// These tests refresh connections through the real terraform binary and
// count the calls the emulator answered during that refresh.

// addUnmanagedConnections adds `extra` connections Terraform does not
// manage, named so that they sort between the `managed` ones
// ("app-07" < "app-07-other-1" < "app-08"), which spreads the managed ones
// over every page of the listing.
func addUnmanagedConnections(t *testing.T, env *accEnv, managed, extra int) {
	t.Helper()
	for k := range extra {
		_, err := env.client.CreateConnection(t.Context(), &client.Connection{
			Name: fmt.Sprintf("app-%02d-other-%d", k%managed, k/managed), Strategy: "auth0",
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// managedConnectionsConfig is `count` auth0 connections named app-00, app-01
// and so on.
func managedConnectionsConfig(env *accEnv, count int, providerExtra string) string {
	return providerHCL(env.server.URL, env.server.Token, providerExtra) + fmt.Sprintf(`
resource "auth0_connection" "app" {
  count        = %d
  name         = format("app-%%02d", count.index)
  strategy     = "auth0"
  display_name = "App ${count.index}"
  options = jsonencode({
    passwordPolicy         = "good"
    brute_force_protection = true
  })
}
`, count)
}

// refreshCalls is a step that changes nothing, so the only calls between
// its PreConfig and its state checks are the refresh of its plan.
func refreshCalls(config string, env *accEnv, checks ...statecheck.StateCheck) resource.TestStep {
	return resource.TestStep{
		Config:    config,
		PreConfig: env.server.ResetStats,
		ConfigPlanChecks: resource.ConfigPlanChecks{
			PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
		},
		ConfigStateChecks: checks,
	}
}

func TestAccConnectionRefresh(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name             string
		managed, tenant  int    // connections in the configuration, and on the server in all
		providerSettings string // more of the provider block
		calls            func(env *accEnv) statecheck.StateCheck
	}{
		{
			// Spread over three pages, the refresh lists, within
			// ceil(M/100)+2 calls. Its reads all start together, so none
			// should need a GET; on a loaded machine the first few may
			// miss the gather window and read with single GETs before the
			// listing starts (at most listAfterReads-1 of them).
			name: "of many lists instead of GETs", managed: 30, tenant: 250,
			calls: func(env *accEnv) statecheck.StateCheck {
				return env.expectCallsWithin(map[string]callRange{
					routeList: {1, (250+99)/100 + 2},
					routeGet:  {0, int64(defaultCacheTuning.listAfterReads - 1)},
				})
			},
		},
		{
			name: "of few uses single GETs", managed: 3, tenant: 250,
			calls: func(env *accEnv) statecheck.StateCheck {
				return env.expectOnlyCalls(map[string]int64{routeGet: 3})
			},
		},
		{
			// The per-connection GET path, kept for comparison.
			name: "unbatched reads each connection", managed: 30, tenant: 30, providerSettings: "batch_reads = false",
			calls: func(env *accEnv) statecheck.StateCheck {
				return env.expectOnlyCalls(map[string]int64{routeGet: 30})
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env := newAccEnv(t)
			addUnmanagedConnections(t, env, tt.managed, tt.tenant-tt.managed)
			config := managedConnectionsConfig(env, tt.managed, tt.providerSettings)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProviders,
				Steps: []resource.TestStep{
					{
						Config: config,
						ConfigStateChecks: []statecheck.StateCheck{
							env.expectServerConnectionCount(tt.tenant),
						},
					},
					refreshCalls(config, env, tt.calls(env)),
				},
			})
		})
	}
}

func TestAccConnectionRefreshBatchedNoticesOutOfBandChanges(t *testing.T) {
	// A listed connection carries what a GET would: a display name changed
	// in the dashboard is planned back, and a connection deleted there,
	// missing from the listing, is confirmed gone by one GET and planned
	// for re-creation.
	t.Parallel()
	env := newAccEnv(t)
	config := managedConnectionsConfig(env, 12, "")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: config},
			{
				Config: config,
				PreConfig: func() {
					if _, err := env.client.UpdateConnection(t.Context(), env.connectionNamed("app-03"), client.Patch{"display_name": "Renamed"}); err != nil {
						t.Fatal(err)
					}
					if err := env.client.DeleteConnection(t.Context(), env.connectionNamed("app-07")); err != nil {
						t.Fatal(err)
					}
					env.server.ResetStats()
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("auth0_connection.app[3]", plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction("auth0_connection.app[7]", plancheck.ResourceActionCreate),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					// Refresh: one page and one GET (the deleted connection);
					// apply: a PATCH of the display name and a POST. On a
					// loaded machine some of the first reads may miss the
					// gather window and read with single GETs before the
					// listing starts (at most listAfterReads-1 of them).
					env.expectCallsWithin(map[string]callRange{
						routeList:  {1, 1},
						routeGet:   {1, 1 + int64(defaultCacheTuning.listAfterReads-1)},
						routePatch: {1, 1},
						routePost:  {1, 1},
					}),
				},
			},
		},
	})
}
