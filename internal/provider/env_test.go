package provider

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
)

// What a test does to the emulator behind Terraform's back, and the
// acceptance-test steps that come back often.

// onlyConnectionID returns the id of the single connection on the server.
func (e *accEnv) onlyConnectionID() string {
	e.t.Helper()
	var ids []string
	for conn, err := range e.client.ListConnections(e.t.Context(), client.ListOptions{}) {
		if err != nil {
			e.t.Fatal(err)
		}
		ids = append(ids, conn.ID)
	}
	if len(ids) != 1 {
		e.t.Fatalf("want exactly one connection on the server, have %v", ids)
	}
	return ids[0]
}

// connectionNamed returns the id of the connection with this name.
func (e *accEnv) connectionNamed(name string) string {
	e.t.Helper()
	for conn, err := range e.client.ListConnections(e.t.Context(), client.ListOptions{Name: name}) {
		if err != nil {
			e.t.Fatal(err)
		}
		return conn.ID
	}
	e.t.Fatalf("no connection named %q on the server", name)
	return ""
}

// deleteOnlyConnection deletes the single connection on the server, as a
// dashboard user would.
func (e *accEnv) deleteOnlyConnection() {
	e.t.Helper()
	if err := e.client.DeleteConnection(e.t.Context(), e.onlyConnectionID()); err != nil {
		e.t.Fatal(err)
	}
}

// recreatedStep deletes the single connection behind Terraform's back, then
// plans config again: the plan must create each of recreated anew.
func (e *accEnv) recreatedStep(config string, recreated []string, checks ...statecheck.StateCheck) resource.TestStep {
	creates := make([]plancheck.PlanCheck, len(recreated))
	for i, address := range recreated {
		creates[i] = plancheck.ExpectResourceAction(address, plancheck.ResourceActionCreate)
	}
	return resource.TestStep{
		PreConfig:         e.deleteOnlyConnection,
		Config:            config,
		ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: creates},
		ConfigStateChecks: checks,
	}
}

// checkDestroyed verifies no connection is left on the server.
func (e *accEnv) checkDestroyed() resource.TestCheckFunc {
	return func(*terraform.State) error {
		return e.expectServerNames()()
	}
}

// expectRejectedAtPlan runs config through terraform plan, which must fail
// with an error matching pattern (see wrappedRegexp) and make no API call.
func (e *accEnv) expectRejectedAtPlan(config, pattern string) {
	e.t.Helper()
	resource.Test(e.t, resource.TestCase{
		Steps: []resource.TestStep{{
			// Providers of the step, not the test case: the test case
			// would run a terraform init of its own before the step's.
			ProtoV6ProviderFactories: testAccProviders,
			Config:                   config,
			PlanOnly:                 true,
			ExpectError:              wrappedRegexp(pattern),
		}},
	})
	if total := e.calls("total"); total != 0 {
		e.t.Errorf("rejected at plan after %d API calls, want none: %v", total, e.server.Stats())
	}
}

// providerHCL is a provider block for an emulator at url, with extra
// settings.
func providerHCL(url, token, extra string) string {
	return fmt.Sprintf(`
provider "auth0" {
  domain     = %q
  api_token  = %q
  rate_limit = -1
  %s
}
`, url, token, extra)
}

// hclList writes strings as an HCL list.
func hclList(values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = hcl(v)
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}

// withPreConfig returns step with a PreConfig function.
func withPreConfig(step resource.TestStep, preConfig func()) resource.TestStep {
	step.PreConfig = preConfig
	return step
}
