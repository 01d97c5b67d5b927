package provider

import (
	"bufio"
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
)

// The import examples of each resource (import.sh, import-by-string-id.tf,
// import-by-identity.tf) import what the resource's resource.tf made, as
// written: the test applies resource.tf, then runs each `terraform import`
// line of import.sh and plans each import block in a working directory
// whose state lacks the imported resource. The placeholder ids of the
// examples become the ids the apply made.

// importedAttrs maps the placeholders of the import examples to the
// attribute of the imported resource that holds the real id.
var importedAttrs = map[string][]string{
	placeholderConnection: {"connection_id", "id"},
	placeholderToken:      {"token_id"},
}

// importPlansChange names the resources whose import plans a change as
// the page says: the API does not know auth0_connection_keys' triggers, so
// the import records the configuration's (an update that rotates nothing).
var importPlansChange = map[string]bool{"auth0_connection_keys": true}

// importCommands parses import.sh: the address and id of each `terraform
// import` line.
func importCommands(t *testing.T, path string) [][2]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cmds [][2]string
	scan := bufio.NewScanner(f)
	for scan.Scan() {
		fields := strings.Fields(scan.Text())
		if len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		if len(fields) != 4 || fields[0] != "terraform" || fields[1] != "import" {
			t.Fatalf("%s: %q is not a `terraform import ADDRESS ID` line", path, scan.Text())
		}
		cmds = append(cmds, [2]string{fields[2], fields[3]})
	}
	if err := scan.Err(); err != nil {
		t.Fatal(err)
	}
	if len(cmds) == 0 {
		t.Fatalf("%s has no terraform import line", path)
	}
	return cmds
}

// capturedAttrs records the string attributes a resource has in the state
// after a step, for the steps after it.
type capturedAttrs struct {
	address string
	attrs   map[string]string
}

func (c *capturedAttrs) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	attrs, err := stateAttributes(req, c.address)
	if err != nil {
		resp.Error = err
		return
	}
	c.attrs = map[string]string{}
	for name, v := range attrs {
		if s, ok := v.(string); ok {
			c.attrs[name] = s
		}
	}
}

// placeholders are the real ids for the import examples' placeholders.
func (c *capturedAttrs) placeholders(t *testing.T, setup map[string]string) map[string]string {
	out := maps.Clone(setup)
	if out == nil {
		out = map[string]string{}
	}
	for placeholder, names := range importedAttrs {
		for _, name := range names {
			if v := c.attrs[name]; v != "" {
				out[placeholder] = v
				break
			}
		}
	}
	if out[placeholderConnection] == "" {
		t.Fatalf("%s has no connection id in the state: %v", c.address, c.attrs)
	}
	return out
}

func TestAccExamples_importAsWritten(t *testing.T) {
	t.Parallel()
	dirs, err := filepath.Glob(filepath.Join(examplesDir, "resources", "*"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no resource examples under %s: %v", examplesDir, err)
	}
	for _, dir := range dirs {
		resourceType := filepath.Base(dir)
		t.Run(resourceType, func(t *testing.T) {
			t.Parallel()
			testImportExamples(t, resourceType)
		})
	}
}

// testImportExamples applies a resource's resource.tf and runs its import
// examples against what it made.
func testImportExamples(t *testing.T, resourceType string) {
	rel := "resources/" + resourceType + "/"
	env := newAccEnv(t)
	var setup map[string]string
	if s := exampleSetups[rel+"resource.tf"]; s != nil {
		setup = s(env)
	}
	base := readExample(t, rel+"resource.tf", setup).removeProviderBlocks()
	vars := base.vars(t)
	files := map[string]string{
		"provider.tf": env.providerBlock(env.server.Token),
		"example.tf":  string(base.body.Bytes()),
	}
	cmds := importCommands(t, filepath.Join(examplesDir, rel, "import.sh"))
	address := cmds[0][0]
	captured := &capturedAttrs{address: address}

	first := exampleStep(writeExampleDir(t, files), vars)
	first.ConfigStateChecks = []statecheck.StateCheck{captured}
	steps := []resource.TestStep{first}
	for _, cmd := range cmds {
		step := importCommandStep(t, captured, setup, cmd)
		step.ConfigDirectory, step.ConfigVariables = first.ConfigDirectory, vars
		steps = append(steps, step)
	}
	blocks := map[string]resource.ImportStateKind{"import-by-string-id.tf": resource.ImportBlockWithID}
	if cliAtLeast(t, identityCLI) {
		blocks["import-by-identity.tf"] = resource.ImportBlockWithResourceIdentity
	} else {
		t.Logf("import-by-identity.tf not planned: import blocks with an identity need Terraform or OpenTofu %s or later", identityCLI)
	}
	for _, file := range slices.Sorted(maps.Keys(blocks)) {
		steps = append(steps, importBlockStep(t, captured, setup, files, rel+file, blocks[file], vars))
	}
	resource.Test(t, resource.TestCase{TerraformVersionChecks: base.versionChecks(), Steps: steps})
}

// importCommandStep runs `terraform import ADDRESS ID` with the line's id,
// its placeholders replaced, and checks it imported the object the apply
// made.
func importCommandStep(t *testing.T, captured *capturedAttrs, setup map[string]string, cmd [2]string) resource.TestStep {
	return resource.TestStep{
		ProtoV6ProviderFactories: testAccProviders,
		ResourceName:             cmd[0],
		ImportState:              true,
		ImportStateIdFunc: func(*terraform.State) (string, error) {
			id := cmd[1]
			for placeholder, value := range captured.placeholders(t, setup) {
				id = strings.ReplaceAll(id, placeholder, value)
			}
			return id, nil
		},
		ImportStateCheck: func(states []*terraform.InstanceState) error {
			if len(states) != 1 || states[0].ID != captured.attrs["id"] {
				return fmt.Errorf("terraform import %s %s imported %v, want the one object of id %s", cmd[0], cmd[1], states, captured.attrs["id"])
			}
			return nil
		},
	}
}

// importBlockStep plans resource.tf with an import block example beside it,
// its placeholders replaced, in a working directory whose state lacks the
// imported resource: the plan must import it and change nothing (or,
// where the page says so, update it in place).
func importBlockStep(t *testing.T, captured *capturedAttrs, setup, files map[string]string, rel string, kind resource.ImportStateKind, vars config.Variables) resource.TestStep {
	address := captured.address
	step := resource.TestStep{
		ProtoV6ProviderFactories: testAccProviders,
		ResourceName:             address,
		ImportState:              true,
		ImportStateKind:          kind,
		ImportStateConfigExact:   true,
		ConfigVariables:          vars,
		ConfigDirectory: func(config.TestStepConfigRequest) string {
			module := maps.Clone(files)
			// The test case validates its steps before it runs them,
			// before the apply that makes the ids: without them the
			// directory lacks the import block until the step runs.
			if captured.attrs != nil {
				module["import.tf"] = string(readExample(t, rel, captured.placeholders(t, setup)).body.Bytes())
			}
			return writeExampleDir(t, module)
		},
	}
	if importPlansChange[strings.Split(address, ".")[0]] {
		step.ExpectNonEmptyPlan = true
		step.ImportPlanChecks.PreApply = []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)}
	}
	return step
}
