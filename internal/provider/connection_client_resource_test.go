package provider

import (
	"fmt"
	"regexp"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
)

const connClientAddr = "auth0_connection_client.mine"

// connectionClientHCL is auth0_connection_client.mine enabling clientID on
// connectionID.
func connectionClientHCL(connectionID, clientID string) string {
	return fmt.Sprintf("\nresource \"auth0_connection_client\" \"mine\" {\n  connection_id = %q\n  client_id     = %q\n}\n", connectionID, clientID)
}

// enabledClientsAre checks which clients the server has enabled on the
// connection of a resource in the state (connection_id).
func (e *accEnv) enabledClientsAre(address string, want ...string) statecheck.StateCheck {
	return stateAttrCheck{address: address, attribute: "connection_id", check: func(connectionID string) error {
		got, err := e.client.ListEnabledClients(e.t.Context(), connectionID)
		if err != nil {
			return err
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			return fmt.Errorf("enabled clients of %s = %v, want %v", connectionID, got, want)
		}
		return nil
	}}
}

// One client enabled on a connection that other clients are enabled on too:
// create, import by connection_id::client_id, removal outside Terraform,
// destroy, and the others never touched.
func TestAccConnectionClient_nonAuthoritative(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	id := env.newConnection("tf-acc-shared-db", "auth0", nil)
	mine, theirs := env.server.CreateClient("mine"), env.server.CreateClient("theirs")
	if err := env.client.SetEnabledClients(t.Context(), id, []client.ClientStatus{{ClientID: theirs, Status: true}}); err != nil {
		t.Fatal(err)
	}
	cfg := env.config(connectionClientHCL(id, mine))
	testLifecycle(t, func() error {
		got, err := env.client.ListEnabledClients(t.Context(), id)
		if err != nil {
			return err
		}
		if !slices.Equal(got, []string{theirs}) {
			return fmt.Errorf("after destroy the enabled clients are %v, want only %s", got, theirs)
		}
		return nil
	}, []resource.TestStep{
		{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				env.enabledClientsAre(connClientAddr, mine, theirs),
				expectAttr(connClientAddr, "id", knownvalue.StringExact(id+"::"+mine)),
				expectAttr(connClientAddr, "name", knownvalue.StringExact("tf-acc-shared-db")),
				expectAttr(connClientAddr, "strategy", knownvalue.StringExact("auth0")),
			},
		},
		{
			ResourceName:      connClientAddr,
			ImportState:       true,
			ImportStateId:     id + "::" + mine,
			ImportStateVerify: true,
		},
		{
			// Disabled outside Terraform: the plan enables it again.
			PreConfig: func() {
				if err := env.client.SetEnabledClients(t.Context(), id, []client.ClientStatus{{ClientID: mine, Status: false}}); err != nil {
					t.Fatal(err)
				}
			},
			Config: cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(connClientAddr, plancheck.ResourceActionCreate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{env.enabledClientsAre(connClientAddr, mine, theirs)},
		},
	})
}

func TestAccConnectionClient_badInput(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	id := env.newConnection("tf-acc-bad-input", "auth0", nil)
	cfg := func(connectionID, clientID string) string {
		return env.config(connectionClientHCL(connectionID, clientID))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: cfg(id, "no-such-client"), ExpectError: regexp.MustCompile(`(?s)Client does not exist.*no-such-client`)},
			{Config: cfg("con_0000000000000000", env.server.CreateClient("app")), ExpectError: regexp.MustCompile(`Connection does not exist`)},
			{
				Config:        cfg(id, "x"),
				ResourceName:  connClientAddr,
				ImportState:   true,
				ImportStateId: id,
				ExpectError:   regexp.MustCompile(`(?s)Invalid import id.*connection's id and the client's id`),
			},
		},
	})
}

// auth0_connection_clients and auth0_connection_client on one connection
// would undo each other: the plan says so and changes nothing.
func TestAccConnectionClient_clashWithConnectionClients(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	id := env.newConnection("tf-acc-clash", "auth0", nil)
	a, b := env.server.CreateClient("a"), env.server.CreateClient("b")
	// Terraform plans the configuration in the refresh before a destroy
	// too, so the error names the way out of it.
	env.expectClientsPlanRefused(env.config(fmt.Sprintf(`
resource "auth0_connection_clients" "all" {
  connection_id   = %q
  enabled_clients = [%q]
}
`, id, a)+connectionClientHCL(id, b)),
		`(?s)Two kinds of resource manage this connection's clients.*auth0_connection_clients.*auth0_connection_client.*`+
			`to destroy both as they are, run terraform destroy -refresh=false\.`)
}

// Changing client_id disables the old client and enables the new one,
// leaving the other clients of the connection alone.
func TestAccConnectionClient_changingClientIDMovesTheEnable(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	id := env.newConnection("tf-acc-move-client", "auth0", nil)
	first, second, theirs := env.server.CreateClient("first"), env.server.CreateClient("second"), env.server.CreateClient("theirs")
	if err := env.client.SetEnabledClients(t.Context(), id, []client.ClientStatus{{ClientID: theirs, Status: true}}); err != nil {
		t.Fatal(err)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: env.config(connectionClientHCL(id, first))},
			{
				Config: env.config(connectionClientHCL(id, second)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(connClientAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{env.enabledClientsAre(connClientAddr, second, theirs)},
			},
		},
	})
}
