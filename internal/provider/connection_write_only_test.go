package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// On a CLI without write-only attributes (Terraform or OpenTofu before
// 1.11), a configuration that uses secret_options_wo fails at plan time
// with an error naming the attribute and the version it needs, and makes
// no API call.
func TestAccConnection_writeOnlyNeedsNewerCLI(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	const secrets = `secret_options_wo = jsonencode({ client_secret = "s" })`
	newerCLI := `(?s)Write-only secrets need a newer CLI.*with auth0_connection.gh.*secret_options_wo_version = 1.*` +
		`secret_options_wo_version goes with secret_options_wo, a write-only attribute, and write-only attributes need Terraform 1.11 or OpenTofu 1.11 or later`
	var steps []resource.TestStep
	for _, c := range []struct{ attrs, error string }{
		{secrets, writeOnlyRefused},
		{secrets + "\n  secret_options_wo_version = 1", writeOnlyRefused},
		{"secret_options_wo_version = 1", newerCLI},
	} {
		steps = append(steps, resource.TestStep{
			Config: env.config(fmt.Sprintf(`
resource "auth0_connection" "gh" {
  name     = "tf-acc-old-cli"
  strategy = "github"
  %s
}
`, c.attrs)),
			PlanOnly:    true,
			ExpectError: wrappedRegexp(c.error),
		})
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{
			skipFromCLI(writeOnlyCLI, "this test is of a CLI without write-only attributes, older than Terraform or OpenTofu 1.11"),
		},
		Steps: steps,
	})
	if total := env.calls("total"); total != 0 {
		t.Errorf("rejected at plan after %d API calls, want none: %v", total, env.server.Stats())
	}
}
