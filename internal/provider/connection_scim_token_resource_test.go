package provider

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
)

const tokenAddr = "auth0_connection_scim_token.test"

// scimTokenConfig is a SCIM configuration and one token with these
// arguments.
func (e *accEnv) scimTokenConfig(connectionID, tokenArgs string) string {
	return e.scimConfig(connectionID, "") + fmt.Sprintf(`
resource "auth0_connection_scim_token" "test" {
  connection_id = auth0_connection_scim_configuration.test.connection_id
%s
}
`, tokenArgs)
}

// tokenIDsOnServer lists the ids of a connection's SCIM tokens.
func (e *accEnv) tokenIDsOnServer(connectionID string) ([]string, error) {
	tokens, err := e.client.ListSCIMTokens(e.t.Context(), connectionID)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(tokens))
	for i, tok := range tokens {
		ids[i] = tok.TokenID
	}
	return ids, nil
}

// expectTokenOnServer checks the server holds exactly the token the state
// names, with these scopes.
func (e *accEnv) expectTokenOnServer(connectionID string, scopes ...string) statecheck.StateCheck {
	return stateAttrCheck{address: tokenAddr, attribute: "token_id", check: func(tokenID string) error {
		tokens, err := e.client.ListSCIMTokens(e.t.Context(), connectionID)
		if err != nil {
			return err
		}
		if len(tokens) != 1 || tokens[0].TokenID != tokenID {
			return fmt.Errorf("server holds tokens %v, want only %s", tokens, tokenID)
		}
		if got := slices.Sorted(slices.Values(tokens[0].Scopes)); !slices.Equal(got, slices.Sorted(slices.Values(scopes))) {
			return fmt.Errorf("token scopes %v, want %v", got, scopes)
		}
		return nil
	}}
}

func TestAccSCIMToken_lifecycle(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	id := env.newConnection("scim-token", "okta", oktaOptions())
	firstTokenID := statecheck.CompareValue(compare.ValuesDiffer())
	testLifecycle(t, func() error {
		if _, err := env.tokenIDsOnServer(id); !client.IsNoSCIMConfiguration(err) {
			return fmt.Errorf("after destroy the configuration (and its tokens) should be gone: %w", err)
		}
		return nil
	}, []resource.TestStep{
		{
			Config: env.scimTokenConfig(id, `scopes = ["get:users", "post:users"]`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				expectPlannedSensitiveAttr(tokenAddr, "token"),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttr(tokenAddr, "connection_id", knownvalue.StringExact(id)),
				expectAttr(tokenAddr, "scopes", stringSetOf("get:users", "post:users")),
				expectAttr(tokenAddr, "token", knownvalue.StringRegexp(regexpMust(`^\S{20,}$`))),
				expectAttr(tokenAddr, "token_id", knownvalue.StringRegexp(regexpMust(`^tok_[A-Za-z0-9]{16}$`))),
				expectAttr(tokenAddr, "created_at", knownvalue.NotNull()),
				expectAttr(tokenAddr, "valid_until", knownvalue.Null()),
				expectSameAttrs(tokenAddr, "id", tokenAddr, "token_id"),
				firstTokenID.AddStateValue(tokenAddr, tfjsonpath.New("token_id")),
				env.expectTokenOnServer(id, "get:users", "post:users"),
			},
		},
		{
			Config:           env.scimTokenConfig(id, `scopes = ["get:users", "post:users"]`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		},
		{
			// Scopes are fixed at creation: a new token replaces the old.
			Config: env.scimTokenConfig(id, `scopes = ["get:users", "patch:users"]`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(tokenAddr, plancheck.ResourceActionDestroyBeforeCreate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				firstTokenID.AddStateValue(tokenAddr, tfjsonpath.New("token_id")),
				env.expectTokenOnServer(id, "get:users", "patch:users"),
			},
		},
		{
			ResourceName: tokenAddr,
			ImportState:  true,
			ImportStateIdFunc: func(s *terraform.State) (string, error) {
				return id + "::" + s.RootModule().Resources[tokenAddr].Primary.Attributes["token_id"], nil
			},
			ImportStateVerify: true,
			// The API never shows the secret again: the import leaves it
			// null.
			ImportStateVerifyIgnore: []string{"token"},
			ImportStateCheck: func(states []*terraform.InstanceState) error {
				if token, ok := states[0].Attributes["token"]; ok {
					return fmt.Errorf("the imported token is %d characters, want it null", len(token))
				}
				return nil
			},
		},
		// Revoked outside Terraform: the next plan issues a new one.
		recreatedAfterDelete(t, tokenAddr, env.scimTokenConfig(id, `scopes = ["get:users", "patch:users"]`), func(ctx context.Context) error {
			ids, err := env.tokenIDsOnServer(id)
			if err != nil {
				return err
			}
			if len(ids) != 1 {
				return fmt.Errorf("tokens on the server: %v, want one", ids)
			}
			return env.client.DeleteSCIMToken(ctx, id, ids[0])
		}, env.expectTokenOnServer(id, "get:users", "patch:users")),
		{
			// An expiring token: a new lifetime issues a new token too.
			Config: env.scimTokenConfig(id, "scopes = [\"get:users\", \"patch:users\"]\n  token_lifetime = 3600"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(tokenAddr, plancheck.ResourceActionDestroyBeforeCreate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttr(tokenAddr, "valid_until", knownvalue.StringRegexp(regexpMust(`^\d{4}-\d\d-\d\dT`))),
				env.expectTokenOnServer(id, "get:users", "patch:users"),
			},
		},
	})
}

func TestAccSCIMToken_rejectedAtPlan(t *testing.T) {
	t.Parallel()
	expectArgsRejectedAtPlan(t, "auth0_connection_scim_token", map[string]rejectedArgs{
		"an unknown scope":   {`scopes = ["read:users"]`, `value must be one of: \["get:users" "post:users" "put:users" "patch:users" "delete:users"\]`},
		"no scopes":          {`scopes = []`, `set must contain at least 1 elements`},
		"a lifetime of 900s": {`token_lifetime = 900`, `token_lifetime value must be at least 901`},
	})
	t.Run("a name as connection_id", func(t *testing.T) {
		t.Parallel()
		env := newAccEnv(t)
		env.expectRejectedAtPlan(env.partConfig("auth0_connection_scim_token", "my-okta", ""), `must be a connection's id`)
	})
}

func TestAccSCIMToken_refusals(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	bare := env.newConnection("scim-token-bare", "okta", oktaOptions())
	full := env.newConnection("scim-token-full", "okta", oktaOptions())
	ctx := t.Context()
	if _, err := env.client.CreateSCIMConfiguration(ctx, full, nil); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := env.client.CreateSCIMToken(ctx, full, client.SCIMTokenRequest{Scopes: []string{"get:users"}}); err != nil {
			t.Fatal(err)
		}
	}
	token := func(connectionID string) string {
		return env.partConfig("auth0_connection_scim_token", connectionID, "")
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: token(bare), ExpectError: wrappedRegexp(`(?s)Connection has no SCIM configuration.*Create it with auth0_connection_scim_configuration`)},
			{Config: token(full), ExpectError: wrappedRegexp(`(?s)Too many SCIM tokens.*holds two SCIM tokens already`)},
		},
	})
}

// An expiring token is imported as it is: its lifetime is read back from
// created_at and valid_until, so a configuration that states it plans no
// replacement, which would revoke the token the identity provider uses.
func TestAccSCIMToken_importExpiring(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	id := env.newConnection("scim-token-import", "okta", oktaOptions())
	const lifetime = 31536000
	cfg := env.scimTokenConfig(id, fmt.Sprintf("scopes = [\"get:users\", \"post:users\"]\n  token_lifetime = %d", lifetime))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				Config:          cfg,
				ResourceName:    tokenAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					return id + "::" + s.RootModule().Resources[tokenAddr].Primary.Attributes["token_id"], nil
				},
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(tokenAddr, plancheck.ResourceActionNoop),
					expectPlannedAttr(tokenAddr, "token_lifetime", knownvalue.Int64Exact(lifetime)),
				}},
			},
		},
	})
}
