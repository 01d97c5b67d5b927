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

const directoryAddr = "auth0_connection_directory.test"

func (e *accEnv) directoryConfig(connectionID, body string) string {
	return e.partConfig("auth0_connection_directory", connectionID, body)
}

func (e *accEnv) expectDirectoryOnServer(connectionID string, check func(d *client.DirectoryProvisioning) error) funcCheck {
	return func() error {
		d, err := e.client.GetDirectoryProvisioning(e.t.Context(), connectionID)
		if err != nil {
			return err
		}
		return check(d)
	}
}

const customDirectoryMapping = `
  synchronize_groups        = "selected"
  synchronize_automatically = true
  mapping {
    auth0 = "email"
    idp   = "primaryEmail"
  }
  mapping {
    auth0 = "name"
    idp   = "name.fullName"
  }
`

func TestAccDirectory_lifecycle(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	id := env.newConnection("dir-gw", "google-apps", workspaceOptions())
	testLifecycle(t, func() error {
		if _, err := env.client.GetDirectoryProvisioning(t.Context(), id); !client.IsNoDirectoryProvisioning(err) {
			return fmt.Errorf("after destroy the directory provisioning is still there or unreadable: %w", err)
		}
		return nil
	}, []resource.TestStep{
		{
			Config: env.directoryConfig(id, `synchronize_groups = "selected"`),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttr(directoryAddr, "id", knownvalue.StringExact(id)),
				expectAttr(directoryAddr, "connection_name", knownvalue.StringExact("dir-gw")),
				expectAttr(directoryAddr, "strategy", knownvalue.StringExact("google-apps")),
				expectAttr(directoryAddr, "mapping", knownvalue.SetSizeExact(51)),
				expectAttr(directoryAddr, "synchronize_automatically", knownvalue.Bool(false)),
				expectAttr(directoryAddr, "synchronize_groups", knownvalue.StringExact("selected")),
				expectAttr(directoryAddr, "last_synchronization_at", knownvalue.Null()),
				expectSameAttrs(directoryAddr, "created_at", directoryAddr, "updated_at"),
			},
		},
		{
			Config:           env.directoryConfig(id, `synchronize_groups = "selected"`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		},
		{
			Config: env.directoryConfig(id, customDirectoryMapping),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(directoryAddr, plancheck.ResourceActionUpdate),
				expectPlannedUnknownAttr(directoryAddr, "updated_at"),
				expectPlannedAttr(directoryAddr, "created_at", knownvalue.NotNull()),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttr(directoryAddr, "mapping", mappingSetOf("idp", [2]string{"email", "primaryEmail"}, [2]string{"name", "name.fullName"})),
				expectAttr(directoryAddr, "synchronize_automatically", knownvalue.Bool(true)),
				env.expectDirectoryOnServer(id, func(d *client.DirectoryProvisioning) error {
					if len(d.Mapping) != 2 || !d.SynchronizeAutomatically || d.SynchronizeGroups != "selected" {
						return fmt.Errorf("server holds %+v", d)
					}
					return nil
				}),
			},
		},
		{
			ResourceName:      directoryAddr,
			ImportState:       true,
			ImportStateId:     id,
			ImportStateVerify: true,
		},
		{
			// Automatic sync turned off in the dashboard: drift, restored.
			PreConfig: func() {
				off := false
				if _, err := env.client.UpdateDirectoryProvisioning(t.Context(), id, client.DirectorySettings{SynchronizeAutomatically: &off}); err != nil {
					t.Fatal(err)
				}
			},
			Config: env.directoryConfig(id, customDirectoryMapping),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(directoryAddr, plancheck.ResourceActionUpdate),
				expectPlannedAttr(directoryAddr, "synchronize_automatically", knownvalue.Bool(true)),
			}},
			ConfigStateChecks: []statecheck.StateCheck{env.expectDirectoryOnServer(id, func(d *client.DirectoryProvisioning) error {
				if !d.SynchronizeAutomatically {
					return fmt.Errorf("automatic sync still off")
				}
				return nil
			})},
		},
		{
			// Leaving mapping out keeps what the server has.
			Config:           env.directoryConfig(id, "  synchronize_groups = \"selected\"\n  synchronize_automatically = true"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		},
		recreatedAfterDelete(t, directoryAddr, env.directoryConfig(id, customDirectoryMapping), func(ctx context.Context) error {
			return env.client.DeleteDirectoryProvisioning(ctx, id)
		}),
	})
}

func TestAccDirectory_rejectedAtPlan(t *testing.T) {
	t.Parallel()
	expectArgsRejectedAtPlan(t, "auth0_connection_directory", map[string]rejectedArgs{
		"an unknown group mode": {`synchronize_groups = "some"`, `value must be one of: \["off" "all" "selected"\]`},
		"an empty mapping":      {`mapping = []`, `set must contain at least 1 elements`},
		"an empty field":        {"mapping {\n auth0 = \"email\"\n idp = \"\"\n}", `needs a non-empty idp`},
	})
	t.Run("strategy known at plan", func(t *testing.T) {
		t.Parallel()
		env := newAccEnv(t)
		env.expectRefusedOnDatabase("dir-db", "auth0_connection_directory", "",
			`(?s)Connection has no directory provisioning.*strategy "auth0". Only connections of strategy "google-apps" have directory provisioning`,
			"/directory-provisioning")
	})
}

func TestAccDirectory_refusedByAPI(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	okta := env.newConnection("dir-okta", "okta", oktaOptions())
	env.expectApplyRefused(env.directoryConfig(okta, ""),
		`(?s)Connection has no directory provisioning.*does not support inbound directory provisioning`)
}

func TestAccDirectoryDataSources(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	id := env.newConnection("dir-data", "google-apps", workspaceOptions())
	const dir, defaults = "data.auth0_connection_directory.test", "data.auth0_connection_directory_default_mapping.test"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: env.directoryConfig(id, customDirectoryMapping) + `
data "auth0_connection_directory" "test" {
  connection_id = auth0_connection_directory.test.connection_id
}

data "auth0_connection_directory_default_mapping" "test" {
  connection_id = auth0_connection_directory.test.connection_id
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				expectSameAttrs(dir, "mapping", directoryAddr, "mapping"),
				expectSameAttrs(dir, "updated_at", directoryAddr, "updated_at"),
				expectAttr(dir, "synchronize_automatically", knownvalue.Bool(true)),
				expectAttr(dir, "synchronize_groups", knownvalue.StringExact("selected")),
				expectAttr(defaults, "id", knownvalue.StringExact(id)),
				expectAttr(defaults, "mapping", knownvalue.SetSizeExact(51)),
				expectAttr(defaults, "mapping", knownvalue.SetPartial([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{"auth0": knownvalue.StringExact("app_metadata.external_id"), "idp": knownvalue.StringExact("id")}),
				})),
			},
		}},
	})
}

// Left out, synchronize_automatically is false and synchronize_groups is
// off, as the schema says, on the server too.
func TestAccDirectory_defaults(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	id := env.newConnection("dir-defaults", "google-apps", workspaceOptions())
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: env.directoryConfig(id, ""),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttr(directoryAddr, "synchronize_automatically", knownvalue.Bool(false)),
				expectAttr(directoryAddr, "synchronize_groups", knownvalue.StringExact("off")),
				env.expectDirectoryOnServer(id, func(d *client.DirectoryProvisioning) error {
					if d.SynchronizeAutomatically || d.SynchronizeGroups != "off" {
						return fmt.Errorf("server holds %+v, want no automatic sync and groups off", d)
					}
					return nil
				}),
			},
		}},
	})
}

// The page's prerequisites: the Users API for any directory provisioning,
// the Groups API and the groups attribute to synchronize groups. Without
// them the API's refusal is the error, naming the option to turn on.
func TestAccDirectory_prerequisites(t *testing.T) {
	t.Parallel()
	without := func(key string) map[string]any {
		opts := workspaceOptions()
		delete(opts, key)
		return opts
	}
	for name, c := range map[string]struct {
		options map[string]any
		args    string
		pattern string
	}{
		"no Users API":           {without("api_enable_users"), "", `Users API is not enabled`},
		"no groups attribute":    {without("ext_groups"), `synchronize_groups = "all"`, `Groups extended attribute is not enabled`},
		"no Groups API":          {without("api_enable_groups"), `synchronize_groups = "selected"`, `Groups API is not enabled`},
		"groups off without API": {without("api_enable_groups"), `synchronize_groups = "off"`, ""},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			env := newAccEnv(t)
			id := env.newConnection("dir-prereq", "google-apps", c.options)
			if c.pattern == "" {
				testLifecycle(t, func() error { return nil }, []resource.TestStep{{Config: env.directoryConfig(id, c.args)}})
				return
			}
			env.expectApplyRefused(env.directoryConfig(id, c.args), c.pattern)
		})
	}
}
