package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// Secrets stay out of plans and states: secret_options is sensitive, and
// secret_options_wo is never stored.

func TestAccConnection_secretsStaySensitive(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: env.config(connectionHCL("tf-acc-secret", "github", `options = jsonencode({ client_id = "gh" })`,
					`secret_options = jsonencode({ client_secret = "plan-secret-value" })`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectSensitiveValue(connAddr, tfjsonpath.New("secret_options"))},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectSensitiveValue(connAddr, tfjsonpath.New("secret_options")),
					env.expectServerOption(connAddr, "client_secret", "plan-secret-value"),
				},
			},
		},
	})
}

func TestAccConnection_writeOnlySecrets(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	cfg := func(secret string, version int) string {
		return env.config(connectionHCL("tf-acc-wo", "github", `options = jsonencode({ client_id = "gh" })`,
			fmt.Sprintf("secret_options_wo = jsonencode({ client_secret = %q })", secret),
			fmt.Sprintf("secret_options_wo_version = %d", version)))
	}
	serverSecret := func(want string) statecheck.StateCheck {
		return env.expectServerOption(connAddr, "client_secret", want)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{skipBelowCLI(writeOnlyCLI, "secret_options_wo (a write-only attribute)")},
		Steps: []resource.TestStep{
			{
				Config: cfg("wo-secret-one", 1),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(connAddr, tfjsonpath.New("secret_options_wo"), knownvalue.Null()),
					stateLacks("wo-secret-one"),
					serverSecret("wo-secret-one"),
				},
			},
			{
				// A new value without a new version is not sent.
				Config:   cfg("wo-secret-two", 1),
				PlanOnly: true,
			},
			{
				PreConfig: env.server.ResetStats,
				Config:    cfg("wo-secret-two", 2),
				ConfigStateChecks: []statecheck.StateCheck{
					stateLacks("wo-secret-two"),
					serverSecret("wo-secret-two"),
					env.expectCalls(routePatch, 1),
				},
			},
		},
	})
}

// stateLacks fails when a secret appears anywhere in the state.
func stateLacks(secret string) statecheck.StateCheck {
	return stateLacksCheck{secret: secret}
}

type stateLacksCheck struct{ secret string }

func (c stateLacksCheck) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	raw, err := json.Marshal(req.State)
	if err != nil {
		resp.Error = err
		return
	}
	if strings.Contains(string(raw), c.secret) {
		resp.Error = fmt.Errorf("the state contains the write-only secret %q", c.secret)
	}
}
