package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

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
		_, err := env.client.CreateConnection(context.Background(), &client.Connection{
			Name: fmt.Sprintf("app-%02d-other-%d", k%managed, k/managed), Strategy: "auth0",
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// tenantSize is M: the connections the tenant holds.
func tenantSize(t *testing.T, env *accEnv) int {
	t.Helper()
	m := 0
	for _, err := range env.client.ListConnections(context.Background(), client.ListOptions{}) {
		if err != nil {
			t.Fatal(err)
		}
		m++
	}
	return m
}

// managedConnectionsConfig is `count` auth0 connections named app-00, app-01, …
func managedConnectionsConfig(env *accEnv, count int, providerExtra string) string {
	return fmt.Sprintf(`
provider "auth0" {
  domain     = %q
  api_token  = %q
  rate_limit = -1
  %s
}

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
`, env.server.URL, env.server.Token, providerExtra, count)
}

// refreshCalls is a step that changes nothing, so the only calls between
// its PreConfig and its Check are the refresh of its plan; check receives
// the emulator's counters.
func refreshCalls(config string, env *accEnv, check func(stats map[string]int64) error) resource.TestStep {
	return resource.TestStep{
		Config:    config,
		PreConfig: env.server.ResetStats,
		Check: func(*terraform.State) error {
			return check(env.server.Stats())
		},
	}
}

func TestAccConnectionRefreshOfManyListsInsteadOfGets(t *testing.T) {
	// 30 managed connections spread over a tenant of 250 (three pages):
	// the refresh lists, within ceil(M/100)+2 calls, and sends no GET.
	env := newAccEnv(t)
	addUnmanagedConnections(t, env, 30, 220)
	config := managedConnectionsConfig(env, 30, "")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: config},
			refreshCalls(config, env, func(stats map[string]int64) error {
				m := tenantSize(t, env)
				budget := int64((m+99)/100 + 2)
				if m != 250 || stats[routeList] > budget || stats[routeGet] != 0 || stats["total"] != stats[routeList] {
					return fmt.Errorf("refresh of 30 in a tenant of %d: %v; want at most %d list calls (ceil(M/100)+2) and nothing else", m, stats, budget)
				}
				return nil
			}),
		},
	})
}

func TestAccConnectionRefreshOfFewUsesSingleGets(t *testing.T) {
	// 3 managed connections in a tenant of 250: three GETs, no listing.
	env := newAccEnv(t)
	addUnmanagedConnections(t, env, 3, 247)
	config := managedConnectionsConfig(env, 3, "")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: config},
			refreshCalls(config, env, func(stats map[string]int64) error {
				if stats[routeGet] != 3 || stats["total"] != 3 {
					return fmt.Errorf("refresh of 3 in a tenant of 250: %v; want exactly 3 GETs", stats)
				}
				return nil
			}),
		},
	})
}

func TestAccConnectionRefreshUnbatchedReadsEachConnection(t *testing.T) {
	// batch_reads = false: the per-connection GET path, kept for comparison.
	env := newAccEnv(t)
	config := managedConnectionsConfig(env, 30, "batch_reads = false")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: config},
			refreshCalls(config, env, func(stats map[string]int64) error {
				if stats[routeGet] != 30 || stats["total"] != 30 {
					return fmt.Errorf("unbatched refresh of 30: %v; want exactly 30 GETs", stats)
				}
				return nil
			}),
		},
	})
}

func TestAccConnectionRefreshBatchedNoticesOutOfBandChanges(t *testing.T) {
	// A listed connection carries what a GET would: a display name changed
	// in the dashboard is planned back, and a connection deleted there,
	// missing from the listing, is confirmed gone by one GET and planned
	// for re-creation.
	env := newAccEnv(t)
	config := managedConnectionsConfig(env, 12, "")
	var changed, deleted string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: func(s *terraform.State) error {
					var err error
					if changed, err = stateID(s, "auth0_connection.app.3"); err != nil {
						return err
					}
					deleted, err = stateID(s, "auth0_connection.app.7")
					return err
				},
			},
			{
				Config: config,
				PreConfig: func() {
					if _, err := env.client.UpdateConnection(context.Background(), changed, client.Patch{"display_name": "Renamed"}); err != nil {
						t.Fatal(err)
					}
					if err := env.client.DeleteConnection(context.Background(), deleted); err != nil {
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
				Check: func(*terraform.State) error {
					// Refresh: one page and one GET (the deleted connection);
					// apply: a PATCH of the display name and a POST.
					stats := env.server.Stats()
					if stats[routeList] != 1 || stats[routeGet] != 1 || stats["PATCH /api/v2/connections/{id}"] != 1 ||
						stats["POST /api/v2/connections"] != 1 || stats["total"] != 4 {
						return fmt.Errorf("calls %v; want one list page, one GET, one PATCH and one POST", stats)
					}
					return nil
				},
			},
		},
	})
}
