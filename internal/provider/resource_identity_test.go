package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
)

// Every resource has an identity, each of whose attributes is a string
// attribute of its state that never changes in place: the API sets it
// (computed), or changing it replaces the resource. A resource without one
// would fail every Read (the framework wants an identity from each).
func TestEveryResourceHasIdentity(t *testing.T) {
	ctx := t.Context()
	for _, newResource := range New("test")().Resources(ctx) {
		r := newResource()
		var meta resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "auth0"}, &meta)
		t.Run(meta.TypeName, func(t *testing.T) {
			withIdentity, ok := r.(resource.ResourceWithIdentity)
			if !ok {
				t.Fatal("not a resource.ResourceWithIdentity")
			}
			var identity resource.IdentitySchemaResponse
			withIdentity.IdentitySchema(ctx, resource.IdentitySchemaRequest{}, &identity)
			if len(identity.IdentitySchema.Attributes) == 0 {
				t.Fatal("the identity schema has no attribute")
			}
			var s resource.SchemaResponse
			r.Schema(ctx, resource.SchemaRequest{}, &s)
			for name, a := range identity.IdentitySchema.Attributes {
				if sa, ok := a.(identityschema.StringAttribute); !ok || !sa.RequiredForImport || sa.Description == "" {
					t.Errorf("identity attribute %s: want a described string attribute required for import, got %#v", name, a)
				}
				attr, ok := s.Schema.Attributes[name].(schema.StringAttribute)
				switch {
				case !ok:
					t.Errorf("identity attribute %s is not a string attribute of the schema", name)
				case attr.Optional || attr.Required && !requiresReplace(t.Context(), attr):
					t.Errorf("identity attribute %s can change in place: an identity must not", name)
				}
			}
		})
	}
}

func requiresReplace(ctx context.Context, a schema.StringAttribute) bool {
	want := stringplanmodifier.RequiresReplace().Description(ctx)
	return slices.ContainsFunc(a.PlanModifiers, func(m planmodifier.String) bool { return m.Description(ctx) == want })
}

// The addresses of familyIdentityConfig.
const (
	idConnection   = "auth0_connection.db"
	idClients      = "auth0_connection_clients.db"
	idClient       = "auth0_connection_client.mine"
	idKeys         = "auth0_connection_keys.oidc"
	idSCIM         = "auth0_connection_scim_configuration.okta"
	idSCIMToken    = "auth0_connection_scim_token.okta"
	idDirectory    = "auth0_connection_directory.workspace"
	idSyncedGroups = "auth0_connection_directory_synchronized_groups.workspace"
)

// familyIdentityConfig has one of every resource: a connection Terraform
// creates, with its clients; the others on connections the tenant has.
func (e *accEnv) familyIdentityConfig(shared, okta, oidc, workspace, dbClient, mine string) string {
	return e.config(fmt.Sprintf(`
resource "auth0_connection" "db" {
  name     = "tf-acc-identity-db"
  strategy = "auth0"
}

resource "auth0_connection_clients" "db" {
  connection_id   = auth0_connection.db.id
  enabled_clients = [%[5]q]
}

resource "auth0_connection_client" "mine" {
  connection_id = %[1]q
  client_id     = %[6]q
}

resource "auth0_connection_keys" "oidc" {
  connection_id = %[3]q
  triggers      = { version = "1" }
}

resource "auth0_connection_scim_configuration" "okta" {
  connection_id = %[2]q
}

resource "auth0_connection_scim_token" "okta" {
  connection_id = auth0_connection_scim_configuration.okta.connection_id
  scopes        = ["get:users"]
}

resource "auth0_connection_directory" "workspace" {
  connection_id      = %[4]q
  synchronize_groups = "selected"
}

resource "auth0_connection_directory_synchronized_groups" "workspace" {
  connection_id = auth0_connection_directory.workspace.connection_id
  group_ids     = ["group1abc"]
}
`, shared, okta, oidc, workspace, dbClient, mine))
}

// Every resource keeps its identity in the state from its create on, and
// imports from an import block with identity = { … } to the same state:
// the plan after each import is empty (the keys' records the configured
// triggers, as after any import). A malformed identity fails at plan
// time, naming the attribute, without an API call.
func TestAccIdentity_everyResource(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	shared := env.newConnection("identity-shared", "auth0", map[string]any{})
	okta := env.newConnection("identity-okta", "okta", oktaOptions())
	oidc := env.newConnection("identity-oidc", "oidc", privateKeyJWTOptions())
	workspace := env.newConnection("identity-workspace", "google-apps", workspaceOptions())
	dbClient, mine := env.server.CreateClient("db-app"), env.server.CreateClient("mine")
	cfg := env.familyIdentityConfig(shared, okta, oidc, workspace, dbClient, mine)

	byConnection := func(address, connectionID string) statecheck.StateCheck {
		return statecheck.ExpectIdentity(address, map[string]knownvalue.Check{"connection_id": knownvalue.StringExact(connectionID)})
	}
	steps := []acc.TestStep{{
		// Nothing exists yet: the plan fails before any API call.
		Config: env.config(`
import {
  to       = auth0_connection_clients.other
  identity = { connection_id = "my-database" }
}

resource "auth0_connection_clients" "other" {
  connection_id   = "my-database"
  enabled_clients = []
}
`),
		PlanOnly:    true,
		ExpectError: wrappedRegexp(`identity.connection_id must be a connection's id \(con_…\); got "my-database"`),
	}, {
		PreConfig: func() {
			if n := env.calls("total"); n != 0 {
				t.Errorf("the malformed identity cost %d API calls, want none: %v", n, env.server.Stats())
			}
		},
		Config: cfg,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectIdentityValueMatchesState(idConnection, tfjsonpath.New("id")),
			statecheck.ExpectIdentityValue(idConnection, tfjsonpath.New("id"), knownvalue.StringRegexp(client.ConnectionIDPattern)),
			statecheck.ExpectIdentityValueMatchesStateAtPath(idClients, tfjsonpath.New("connection_id"), tfjsonpath.New("connection_id")),
			statecheck.ExpectIdentity(idClient, map[string]knownvalue.Check{
				"connection_id": knownvalue.StringExact(shared), "client_id": knownvalue.StringExact(mine),
			}),
			byConnection(idKeys, oidc),
			byConnection(idSCIM, okta),
			statecheck.ExpectIdentityValue(idSCIMToken, tfjsonpath.New("connection_id"), knownvalue.StringExact(okta)),
			statecheck.ExpectIdentityValueMatchesState(idSCIMToken, tfjsonpath.New("token_id")),
			byConnection(idDirectory, workspace),
			byConnection(idSyncedGroups, workspace),
		},
	}}
	for _, address := range []string{idConnection, idClients, idClient, idSCIM, idSCIMToken, idDirectory, idSyncedGroups} {
		steps = append(steps, acc.TestStep{
			Config: cfg, ResourceName: address, ImportState: true, ImportStateKind: acc.ImportBlockWithResourceIdentity,
		})
	}
	steps = append(steps, acc.TestStep{
		Config: cfg, ResourceName: idKeys, ImportState: true, ImportStateKind: acc.ImportBlockWithResourceIdentity,
		ExpectNonEmptyPlan: true,
		ImportPlanChecks: acc.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
			plancheck.ExpectResourceAction(idKeys, plancheck.ResourceActionUpdate),
			expectPlannedAttr(idKeys, "kid", knownvalue.NotNull()),
		}},
	})
	env.server.ResetStats() // the setup's calls
	acc.Test(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{skipBelowCLI(identityCLI, "import by resource identity")},
		Steps:                    steps,
	})
}

// identitiesAreSet checks, on a CLI with resource identity, that every
// instance of this provider's resources in a state file has its identity,
// every attribute set: states written without one (by auth0/auth0, by an
// older version of this provider) get it from their first refresh.
func identitiesAreSet(t *testing.T, stateFile []byte) {
	t.Helper()
	if !cliAtLeast(t, identityCLI) {
		return
	}
	for _, r := range parseState(t, stateFile).Resources {
		if r.Mode != "managed" || !strings.Contains(r.Provider, "openauth0/auth0") {
			continue
		}
		for _, i := range r.Instances {
			if len(i.Identity) == 0 {
				t.Errorf("%s.%s has no identity in the state", r.Type, r.Name)
			}
			for name, v := range i.Identity {
				if s, _ := v.(string); s == "" {
					t.Errorf("%s.%s: identity.%s = %v, want the object's value", r.Type, r.Name, name, v)
				}
			}
		}
	}
}
