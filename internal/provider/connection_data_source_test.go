package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

func TestAccConnectionDataSource_byIDConnectionIDAndName(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	id := env.newConnection("tf-acc-data", "github", map[string]any{"client_id": "gh", "client_secret": "data-secret", "follow": true})
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

# The auth0/auth0 provider's argument.
data "auth0_connection" "by_connection_id" {
  connection_id = %q
}
`, id, id)),
				ConfigStateChecks: []statecheck.StateCheck{
					expectAttr("data.auth0_connection.by_id", "name", knownvalue.StringExact("tf-acc-data")),
					expectAttr("data.auth0_connection.by_name", "id", knownvalue.StringExact(id)),
					expectAttr("data.auth0_connection.by_name", "connection_id", knownvalue.StringExact(id)),
					expectAttr("data.auth0_connection.by_connection_id", "name", knownvalue.StringExact("tf-acc-data")),
					expectAttr("data.auth0_connection.by_connection_id", "id", knownvalue.StringExact(id)),
					expectAttr("data.auth0_connection.by_name", "options",
						jsonWhere(func(opts map[string]any) error {
							if err := optionEquals(opts, "client_id", "gh"); err != nil {
								return err
							}
							return lacksKeys(opts, "client_secret")
						})),
					expectSensitiveAttr("data.auth0_connection.by_id", "secret_options"),
					expectAttr("data.auth0_connection.by_id", "secret_options",
						jsonEquals(`{"client_secret":"data-secret"}`)),
					env.expectOneCallPerRead(2, 1), // by id and by connection_id; by name
				},
			},
		},
	})
}

// Exactly one of id, connection_id and name: two at once are refused at
// plan time.
func TestAccConnectionDataSource_oneLookUpKey(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	env.expectRejectedAtPlan(env.config(`
data "auth0_connection" "both" {
  id            = "con_0123456789abcdef"
  connection_id = "con_0123456789abcdef"
}
`), `Invalid Attribute Combination`)
}
