package provider

import (
	"encoding/json"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
)

// seedConnections creates count connections of a strategy outside Terraform,
// named prefix-000, prefix-001 and so on.
func (e *accEnv) seedConnections(prefix, strategy string, count int) {
	e.t.Helper()
	for i := range count {
		conn := &client.Connection{Name: fmt.Sprintf("%s-%03d", prefix, i), Strategy: strategy}
		if _, err := e.client.CreateConnection(e.t.Context(), conn); err != nil {
			e.t.Fatalf("seeding %s: %v", conn.Name, err)
		}
	}
}

func TestAccConnectionsDataSource_filtersAcrossPages(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	// 210 connections: more than two pages of 100 in all, and more than one
	// page for the two-strategy filter (150).
	env.seedConnections("db", "auth0", 60)
	env.seedConnections("gh", "github", 120)
	env.seedConnections("goog", "google-oauth2", 30)
	named, err := env.client.CreateConnection(t.Context(), &client.Connection{
		Name: "Corp-SSO", Strategy: "waad", DisplayName: ptr("Corporate login"),
		IsDomainConnection: ptr(true), Realms: []string{"corp.example.com", "example.org"},
		Metadata: map[string]*string{"team": ptr("identity")},
		Options:  json.RawMessage(`{"client_id":"waad","tenant_domain":"corp.example.com","client_secret":"never-listed"}`),
	})
	if err != nil {
		t.Fatal(err)
	}
	const all = "data.auth0_connections.all"
	const social = "data.auth0_connections.social"
	const byName = "data.auth0_connections.by_name"
	const none = "data.auth0_connections.none"
	env.server.ResetStats()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: env.config(`
data "auth0_connections" "all" {}
`),
				ConfigStateChecks: []statecheck.StateCheck{
					expectAttr(all, "connections", knownvalue.ListSizeExact(211)),
					// The API's order: by name, ignoring case.
					statecheck.ExpectKnownValue(all, tfjsonpath.New("connections").AtSliceIndex(0).AtMapKey("name"), knownvalue.StringExact("Corp-SSO")),
					statecheck.ExpectKnownValue(all, tfjsonpath.New("connections").AtSliceIndex(1).AtMapKey("name"), knownvalue.StringExact("db-000")),
					statecheck.ExpectKnownValue(all, tfjsonpath.New("connections").AtSliceIndex(210).AtMapKey("name"), knownvalue.StringExact("goog-029")),
					// Each read follows three pages (100 + 100 + 11).
					env.expectPagesPerRead(routeList, 3),
				},
			},
			{
				PreConfig: env.server.ResetStats,
				Config: env.config(`
data "auth0_connections" "social" {
  strategy = ["github", "google-oauth2"]
}
`),
				ConfigStateChecks: []statecheck.StateCheck{
					expectAttr(social, "connections", knownvalue.ListSizeExact(150)),
					statecheck.ExpectKnownValue(social, tfjsonpath.New("connections").AtSliceIndex(0).AtMapKey("strategy"), knownvalue.StringExact("github")),
					statecheck.ExpectKnownValue(social, tfjsonpath.New("connections").AtSliceIndex(149).AtMapKey("strategy"), knownvalue.StringExact("google-oauth2")),
					// The filter is the API's: two pages, not the 211 listed and filtered here.
					env.expectPagesPerRead(routeList, 2),
				},
			},
			{
				Config: env.config(`
data "auth0_connections" "by_name" {
  name = "Corp-SSO"
}

data "auth0_connections" "none" {
  name     = "gh-000"
  strategy = ["auth0"]
}
`),
				ConfigStateChecks: []statecheck.StateCheck{
					expectAttr(byName, "connections", knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"id":                   knownvalue.StringExact(named.ID),
							"name":                 knownvalue.StringExact("Corp-SSO"),
							"strategy":             knownvalue.StringExact("waad"),
							"display_name":         knownvalue.StringExact("Corporate login"),
							"is_domain_connection": knownvalue.Bool(true),
							"realms": knownvalue.ListExact([]knownvalue.Check{
								knownvalue.StringExact("corp.example.com"), knownvalue.StringExact("example.org"),
							}),
							"metadata": knownvalue.MapExact(map[string]knownvalue.Check{"team": knownvalue.StringExact("identity")}),
						}),
					})),
					// Name and strategy filters combine.
					expectAttr(none, "connections", knownvalue.ListSizeExact(0)),
				},
			},
			{
				// A connection without display name or metadata: null name,
				// empty metadata (so lookup() works), realms defaulted by the server.
				Config: env.config(`
data "auth0_connections" "by_name" {
  name = "gh-007"
}
`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(byName, tfjsonpath.New("connections").AtSliceIndex(0), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"id":                   knownvalue.StringRegexp(regexp.MustCompile(`^con_`)),
						"name":                 knownvalue.StringExact("gh-007"),
						"strategy":             knownvalue.StringExact("github"),
						"display_name":         knownvalue.Null(),
						"is_domain_connection": knownvalue.Bool(false),
						"realms":               knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("gh-007")}),
						"metadata":             knownvalue.MapSizeExact(0),
					})),
				},
			},
		},
	})
}

func TestAccConnectionsDataSource_unknownStrategyFailsAtPlan(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	env.expectRejectedAtPlan(env.config(`
data "auth0_connections" "bad" {
  strategy = ["github", "auth0-adldap"]
}
`), `(?s)strategy\[1\].*value must be one of`)
}

// "Leave it out (or empty) for every strategy", as the page says.
func TestAccConnectionsDataSource_emptyStrategyListsEvery(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	env.seedConnections("gh", "github", 2)
	env.seedConnections("db", "auth0", 1)
	const addr = "data.auth0_connections.test"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: env.config(`
data "auth0_connections" "test" {
  strategy = []
}
`),
			ConfigStateChecks: []statecheck.StateCheck{expectAttr(addr, "connections", knownvalue.ListSizeExact(3))},
		}},
	})
}

func ptr[T any](v T) *T { return &v }
