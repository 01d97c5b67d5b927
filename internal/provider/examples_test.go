package provider

import (
	"crypto"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	hclv2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
	"github.com/zclconf/go-cty/cty"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
	"github.com/openauth0/terraform-provider-auth0/internal/emulator"
	"github.com/openauth0/terraform-provider-auth0/internal/emulator/emulatortest"
	"github.com/openauth0/terraform-provider-auth0/internal/testkeys"
)

// The examples under examples/ are what the registry pages show: each one
// must apply against the emulator as written and then plan empty. An
// example refers to an object that exists before it by a placeholder id
// (a connection con_a1B2c3D4e5F6g7H8, an application's client id); the
// test makes that object through the API and writes its real id in the
// placeholder's place. Nothing else of an example is changed, except its
// terraform block (the test serves the provider in-process) and, for the
// provider examples, the tenant's domain.

const examplesDir = "../../examples"

// The placeholder ids the examples use.
const (
	placeholderConnection = "con_a1B2c3D4e5F6g7H8"
	placeholderToken      = "tok_a1B2c3D4e5F6g7H8"
	placeholderStorefront = "AaiyAPdpYdesoKnqjj8HJqRn4T5titww"
	placeholderMobileApp  = "0ZLGKf9lnlk5UPwHXUwhDRXGZa6Zv9hM"
	placeholderJWTClient  = "pYc7vLk0dQ2sE8uJ3tHf9wXaB4nM6rZo"
	exampleDomain         = "example.eu.auth0.com"
)

// exampleSetup makes, through the API, what an example expects to exist
// already, and returns its placeholders with the real ids.
type exampleSetup func(e *accEnv) map[string]string

// A connection of a strategy whose id an example holds as a placeholder,
// with what else it needs.
func connectionFor(name, strategy string, options map[string]any, then ...func(e *accEnv, id string)) exampleSetup {
	return func(e *accEnv) map[string]string {
		id := e.newConnection(name, strategy, options)
		for _, f := range then {
			f(e, id)
		}
		return map[string]string{placeholderConnection: id}
	}
}

func withDirectory(e *accEnv, id string) {
	if _, err := e.client.CreateDirectoryProvisioning(e.t.Context(), id, client.DirectorySettings{}); err != nil {
		e.t.Fatal(err)
	}
}

func withSCIM(e *accEnv, id string) {
	if _, err := e.client.CreateSCIMConfiguration(e.t.Context(), id, nil); err != nil {
		e.t.Fatal(err)
	}
}

// applications makes the applications an example enables.
func applications(placeholders ...string) exampleSetup {
	return func(e *accEnv) map[string]string {
		ids := map[string]string{}
		for _, p := range placeholders {
			ids[p] = e.server.CreateClient("app-" + p[:6])
		}
		return ids
	}
}

// exampleSetups holds every example that needs something first; the other
// examples need nothing.
var exampleSetups = map[string]exampleSetup{
	"resources/auth0_connection_client/resource.tf":  applications(placeholderStorefront),
	"resources/auth0_connection_clients/resource.tf": applications(placeholderStorefront, placeholderMobileApp),
	"resources/auth0_connection_directory_synchronized_groups/resource.tf": connectionFor(
		"google-workspace", "google-apps", workspaceOptions()),
	"data-sources/auth0_connection/data-source.tf": connectionFor(
		"Username-Password-Authentication", "auth0", map[string]any{"passwordPolicy": "good"}),
	"data-sources/auth0_connection_directory/data-source.tf": connectionFor(
		"google-workspace", "google-apps", workspaceOptions(), withDirectory),
	"data-sources/auth0_connection_directory_default_mapping/data-source.tf": connectionFor(
		"google-workspace", "google-apps", workspaceOptions()),
	"data-sources/auth0_connection_directory_synchronized_groups/data-source.tf": connectionFor(
		"google-workspace", "google-apps", workspaceOptions(), withDirectory),
	"data-sources/auth0_connection_keys/data-source.tf": connectionFor(
		"corporate-oidc", "oidc", privateKeyJWTOptions()),
	"data-sources/auth0_connection_scim_configuration/data-source.tf": connectionFor(
		"okta-workforce", "okta", oktaOptions(), withSCIM),
}

// exampleVariables are values for the variables the examples declare.
func exampleVariables(t *testing.T) map[string]config.Variable {
	return map[string]config.Variable{
		"google_client_secret": config.StringVariable("example-google-secret"),
		"twilio_token":         config.StringVariable("example-twilio-token"),
		"oidc_client_secret":   config.StringVariable("example-oidc-secret"),
		"azure_client_secret":  config.StringVariable("example-azure-secret"),
		"okta_client_secret":   config.StringVariable("example-okta-secret"),
		"entra_client_secret":  config.StringVariable("example-entra-secret"),
		"idp_signing_cert":     config.StringVariable(testCertificatePEM(t)),
	}
}

// isImportExample reports whether an example file shows an import (import
// blocks, the terraform import command) rather than a configuration.
func isImportExample(rel string) bool {
	base := filepath.Base(rel)
	return base == "import.sh" || strings.HasPrefix(base, "import-")
}

// exampleConfigs lists every configuration example, relative to examples/.
func exampleConfigs(t *testing.T) []string {
	t.Helper()
	var rels []string
	err := filepath.WalkDir(examplesDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(examplesDir, path)
		if err != nil {
			return err
		}
		if !isImportExample(rel) {
			rels = append(rels, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(rels) < 20 {
		t.Fatalf("found %d examples under %s, want every one: %v", len(rels), examplesDir, rels)
	}
	return rels
}

// exampleFile is one example: its HCL, with the terraform block left out,
// and the variables it declares without a default.
type exampleFile struct {
	body      *hclwrite.File
	variables []string
}

func readExample(t *testing.T, rel string, placeholders map[string]string) exampleFile {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(examplesDir, rel))
	if err != nil {
		t.Fatal(err)
	}
	text := string(raw)
	for placeholder, id := range placeholders {
		text = strings.ReplaceAll(text, placeholder, id)
	}
	f, diags := hclwrite.ParseConfig([]byte(text), rel, hclv2.InitialPos)
	if diags.HasErrors() {
		t.Fatalf("%s: %v", rel, diags)
	}
	var ex exampleFile
	for _, b := range f.Body().Blocks() {
		switch b.Type() {
		case "terraform":
			f.Body().RemoveBlock(b)
		case "variable":
			if b.Body().GetAttribute("default") != nil {
				continue
			}
			ex.variables = append(ex.variables, b.Labels()[0])
		}
	}
	ex.body = f
	return ex
}

// versionChecks skip an example that writes a write-only attribute on a
// CLI without them, which refuses such a configuration at init.
func (ex exampleFile) versionChecks() []tfversion.TerraformVersionCheck {
	for _, b := range ex.body.Body().Blocks() {
		for name := range b.Body().Attributes() {
			if strings.HasSuffix(name, "_wo") {
				return []tfversion.TerraformVersionCheck{skipBelowCLI(writeOnlyCLI, "an example writing "+name+" (a write-only attribute)")}
			}
		}
	}
	return nil
}

// removeProviderBlocks leaves out an example's provider blocks, for the
// test's own.
func (ex exampleFile) removeProviderBlocks() exampleFile {
	for _, b := range ex.body.Body().Blocks() {
		if b.Type() == "provider" {
			ex.body.Body().RemoveBlock(b)
		}
	}
	return ex
}

// vars are the values of the variables the example declares.
func (ex exampleFile) vars(t *testing.T) config.Variables {
	all := exampleVariables(t)
	vars := config.Variables{}
	for _, name := range ex.variables {
		v, ok := all[name]
		if !ok {
			t.Fatalf("no test value for the example's variable %q: add one to exampleVariables", name)
		}
		vars[name] = v
	}
	return vars
}

// writeExampleDir writes files (name -> content) to a fresh directory, the
// root module a step runs.
func writeExampleDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// exampleStep applies a root module and checks the plan after it is empty.
// The providers are the step's: a configuration directory takes them there.
func exampleStep(dir string, vars config.Variables) resource.TestStep {
	return resource.TestStep{
		ProtoV6ProviderFactories: testAccProviders,
		ConfigDirectory:          config.StaticDirectory(dir),
		ConfigVariables:          vars,
		ConfigPlanChecks: resource.ConfigPlanChecks{
			PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
		},
	}
}

// appliedByImportTest reports whether TestAccExamples_importAsWritten
// applies an example (and checks the plan after it is empty) as its first
// step: each resource's resource.tf, which its import examples import.
func appliedByImportTest(rel string) bool {
	return strings.HasPrefix(rel, "resources/") && filepath.Base(rel) == "resource.tf"
}

func TestAccExamples_applyAndPlanEmpty(t *testing.T) {
	t.Parallel()
	for _, rel := range exampleConfigs(t) {
		if appliedByImportTest(rel) {
			continue
		}
		t.Run(rel, func(t *testing.T) {
			t.Parallel()
			if strings.HasPrefix(rel, "provider/") {
				testProviderExample(t, rel)
				return
			}
			env := newAccEnv(t)
			var placeholders map[string]string
			if setup := exampleSetups[rel]; setup != nil {
				placeholders = setup(env)
			}
			ex := readExample(t, rel, placeholders).removeProviderBlocks()
			dir := writeExampleDir(t, map[string]string{
				"provider.tf": env.providerBlock(env.server.Token),
				"example.tf":  string(ex.body.Bytes()),
			})
			resource.Test(t, resource.TestCase{TerraformVersionChecks: ex.versionChecks(), Steps: []resource.TestStep{exampleStep(dir, ex.vars(t))}})
		})
	}
}

// testProviderExample runs a provider example with its own provider block,
// pointed at the emulator, and a data source that makes Terraform
// configure the provider. The private-key JWT example reads its key from
// private.pem beside it, which the test writes, for an application the
// emulator holds the public key of.
func testProviderExample(t *testing.T, rel string) {
	key := testkeys.RSA()
	srv := emulatortest.Start(t, emulator.Config{
		ClientAssertionKeys: map[string]crypto.PublicKey{placeholderJWTClient: &key.PublicKey},
	})
	env := newAccEnvFor(t, srv)
	env.newConnection("Username-Password-Authentication", "auth0", nil)
	ex := readExample(t, rel, map[string]string{exampleDomain: srv.URL})
	for _, b := range ex.body.Body().Blocks() {
		if b.Type() == "provider" && b.Body().GetAttribute("client_id") == nil {
			b.Body().SetAttributeValue("api_token", cty.StringVal(srv.Token))
		}
	}
	dir := writeExampleDir(t, map[string]string{
		"provider.tf":    string(ex.body.Bytes()),
		"private.pem":    testkeys.PrivatePEM(t, key),
		"data_source.tf": "data \"auth0_connections\" \"all\" {}\n",
	})
	step := exampleStep(dir, nil)
	step.ConfigStateChecks = []statecheck.StateCheck{
		expectAttr("data.auth0_connections.all", "connections", knownvalue.ListSizeExact(1)),
	}
	resource.Test(t, resource.TestCase{
		Steps: []resource.TestStep{step},
	})
}

func TestExamplesHaveSetupsThatExist(t *testing.T) {
	rels := exampleConfigs(t)
	for rel := range exampleSetups {
		if !slices.Contains(rels, rel) {
			t.Errorf("exampleSetups names %s, which is not an example", rel)
		}
	}
}
