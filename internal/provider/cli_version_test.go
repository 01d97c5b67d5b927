package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// The CLI the acceptance tests run, and what it can do. Terraform and
// OpenTofu number the features these tests need alike: write-only
// attributes came with 1.11 in both, resource identity with 1.12.

var (
	writeOnlyCLI = version.Must(version.NewVersion("1.11.0"))
	identityCLI  = tfversion.Version1_12_0
)

// skipBelowCLI is tfversion.SkipBelow(minimum) with a skip message that
// says which feature needs the newer CLI.
func skipBelowCLI(minimum *version.Version, feature string) tfversion.TerraformVersionCheck {
	return explainedSkip{check: tfversion.SkipBelow(minimum), why: fmt.Sprintf("%s needs Terraform or OpenTofu %s or later", feature, minimum)}
}

// skipFromCLI skips a test on CLIs at or above version v (a test of what
// an older CLI does), with a message saying why.
func skipFromCLI(v *version.Version, why string) tfversion.TerraformVersionCheck {
	return atOrAbove{version: v, why: why}
}

// testWriteOnly runs steps that write secret_options_wo, skipped, with a
// message saying why, on a CLI without write-only attributes.
func testWriteOnly(t *testing.T, steps []resource.TestStep) {
	t.Helper()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{skipBelowCLI(writeOnlyCLI, "secret_options_wo (a write-only attribute)")},
		Steps:                    steps,
	})
}

type explainedSkip struct {
	check tfversion.TerraformVersionCheck
	why   string
}

func (c explainedSkip) CheckTerraformVersion(ctx context.Context, req tfversion.CheckTerraformVersionRequest, resp *tfversion.CheckTerraformVersionResponse) {
	c.check.CheckTerraformVersion(ctx, req, resp)
	if resp.Skip != "" {
		resp.Skip = c.why + ": " + resp.Skip
	}
}

type atOrAbove struct {
	version *version.Version
	why     string
}

func (c atOrAbove) CheckTerraformVersion(_ context.Context, req tfversion.CheckTerraformVersionRequest, resp *tfversion.CheckTerraformVersionResponse) {
	if !req.TerraformVersion.Core().LessThan(c.version) {
		resp.Skip = fmt.Sprintf("%s: the CLI is %s, at or above %s: skipping test", c.why, req.TerraformVersion, c.version)
	}
}

// cliVersion is the version of the CLI terraform-plugin-testing runs:
// TF_ACC_TERRAFORM_PATH, else terraform on PATH. Tests that drive the CLI
// themselves, or pick an expected error by CLI, ask it.
var cliVersion = sync.OnceValues(func() (*version.Version, error) {
	bin := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if bin == "" {
		bin = "terraform"
	}
	out, err := exec.Command(bin, "version", "-json").Output()
	if err != nil {
		return nil, fmt.Errorf("%s version -json: %w", bin, err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		return nil, fmt.Errorf("%s version -json: %w", bin, err)
	}
	return version.NewVersion(v.Version)
})

// cliAtLeast reports whether the CLI under test is at least minimum.
func cliAtLeast(t *testing.T, minimum *version.Version) bool {
	t.Helper()
	v, err := cliVersion()
	if err != nil {
		t.Fatal(err)
	}
	return !v.Core().LessThan(minimum)
}
