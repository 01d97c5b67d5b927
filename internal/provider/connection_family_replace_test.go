package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
)

// movedPart is a resource of a connection whose connection_id a test
// changes: two connections of its strategy, what each needs first, the
// resource's arguments, and what the old connection must hold once the
// resource has moved off it.
type movedPart struct {
	strategy string
	options  func() map[string]any
	prepare  func(e *accEnv, connectionID string)
	args     func(e *accEnv) string
	leftOn   func(e *accEnv, connectionID string) error
}

func movedParts() map[string]movedPart {
	none := func(what string, count func(e *accEnv, id string) (int, error)) func(e *accEnv, id string) error {
		return func(e *accEnv, id string) error {
			n, err := count(e, id)
			if err == nil && n != 0 {
				err = fmt.Errorf("the old connection %s still has %d %s", id, n, what)
			}
			return err
		}
	}
	enabledClients := none("enabled clients", func(e *accEnv, id string) (int, error) {
		ids, err := e.client.ListEnabledClients(e.t.Context(), id)
		return len(ids), err
	})
	withSCIM := func(e *accEnv, id string) {
		if _, err := e.client.CreateSCIMConfiguration(e.t.Context(), id, nil); err != nil {
			e.t.Fatal(err)
		}
	}
	return map[string]movedPart{
		"auth0_connection_client": {
			strategy: "auth0",
			args:     func(e *accEnv) string { return "  client_id = " + hcl(e.server.CreateClient("app")) },
			leftOn:   enabledClients,
		},
		"auth0_connection_clients": {
			strategy: "auth0",
			args:     func(e *accEnv) string { return "  enabled_clients = [" + hcl(e.server.CreateClient("app")) + "]" },
			leftOn:   enabledClients,
		},
		"auth0_connection_directory": {
			strategy: "google-apps", options: workspaceOptions,
			leftOn: func(e *accEnv, id string) error {
				if _, err := e.client.GetDirectoryProvisioning(e.t.Context(), id); !client.IsNoDirectoryProvisioning(err) {
					return fmt.Errorf("the old connection keeps its directory provisioning, or reading it failed: %w", err)
				}
				return nil
			},
		},
		"auth0_connection_directory_synchronized_groups": {
			strategy: "google-apps", options: workspaceOptions,
			prepare: func(e *accEnv, id string) {
				if _, err := e.client.CreateDirectoryProvisioning(e.t.Context(), id, client.DirectorySettings{SynchronizeGroups: "selected"}); err != nil {
					e.t.Fatal(err)
				}
			},
			args: func(*accEnv) string { return `  group_ids = ["group1abc"]` },
			leftOn: none("selected groups", func(e *accEnv, id string) (int, error) {
				groups, err := e.client.ListSynchronizedGroups(e.t.Context(), id)
				return len(groups), err
			}),
		},
		"auth0_connection_keys": {
			// Destroying rotates nothing and deletes no key: the old
			// connection keeps the three keys the create's rotation left.
			strategy: "oidc", options: privateKeyJWTOptions,
			args: func(*accEnv) string { return `  triggers = { version = "1" }` },
			leftOn: func(e *accEnv, id string) error {
				if roles := e.rolesOnServer(id); len(roles) != 3 {
					return fmt.Errorf("the old connection has keys %v, want the 3 the rotation left", roles)
				}
				return nil
			},
		},
		"auth0_connection_scim_configuration": {
			strategy: "okta", options: oktaOptions,
			leftOn: func(e *accEnv, id string) error {
				if _, err := e.scimOnServer(id); !client.IsNoSCIMConfiguration(err) {
					return fmt.Errorf("the old connection keeps its SCIM configuration, or reading it failed: %w", err)
				}
				return nil
			},
		},
		"auth0_connection_scim_token": {
			strategy: "okta", options: oktaOptions, prepare: withSCIM,
			args: func(*accEnv) string { return `  scopes = ["get:users"]` },
			leftOn: none("SCIM tokens", func(e *accEnv, id string) (int, error) {
				ids, err := e.tokenIDsOnServer(id)
				return len(ids), err
			}),
		},
	}
}

// Every resource of a connection says "Changing connection_id replaces
// the resource": the plan replaces it, and what it made on the old
// connection is undone there as its destroy says.
func TestAccFamily_connectionIDChangeReplaces(t *testing.T) {
	t.Parallel()
	for resourceType, part := range movedParts() {
		t.Run(resourceType, func(t *testing.T) {
			t.Parallel()
			env := newAccEnv(t)
			var options map[string]any
			if part.options != nil {
				options = part.options()
			}
			old, moved := env.newConnection("moved-from", part.strategy, options), env.newConnection("moved-to", part.strategy, options)
			if part.prepare != nil {
				part.prepare(env, old)
				part.prepare(env, moved)
			}
			args := ""
			if part.args != nil {
				args = part.args(env)
			}
			address := resourceType + ".test"
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProviders,
				Steps: []resource.TestStep{
					{Config: env.partConfig(resourceType, old, args)},
					{
						Config: env.partConfig(resourceType, moved, args),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(address, plancheck.ResourceActionDestroyBeforeCreate),
						}},
						ConfigStateChecks: []statecheck.StateCheck{
							expectAttr(address, "connection_id", knownvalue.StringExact(moved)),
							funcCheck(func() error { return part.leftOn(env, old) }),
						},
					},
				},
			})
		})
	}
}
