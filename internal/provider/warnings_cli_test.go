package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The warnings the pages promise, as terraform prints them: the acceptance
// test framework does not show a plan's warnings, so these run the
// terraform binary on the provider built as a binary (package tfcli).

const warningsProvider = `terraform {
  required_providers {
    auth0 = { source = "openauth0/auth0" }
  }
}
`

// expectSaid fails unless out says each of want, whitespace aside (the CLI
// wraps long lines).
func expectSaid(t *testing.T, what, out string, want ...string) {
	t.Helper()
	flat := strings.Join(strings.Fields(out), " ")
	for _, w := range want {
		if !strings.Contains(flat, w) {
			t.Errorf("%s does not say %q:\n%s", what, w, out)
		}
	}
}

func TestAccWarnings_asThePagesSay(t *testing.T) {
	world := newCLIWorld(t, binaries(t, false))
	keysExample, err := os.ReadFile(filepath.Join(examplesDir, "resources", "auth0_connection_keys", "resource.tf"))
	if err != nil {
		t.Fatal(err)
	}
	d := world.Dir(t, map[string]string{"keys.tf": string(keysExample), "main.tf": warningsProvider + `
resource "auth0_connection" "db" {
  name     = "warn-db"
  strategy = "auth0"
  options  = jsonencode({ passwordPolicy = "good" })
}
`})
	// auth0_connection_keys, its example: "The plan warns before each
	// rotation."
	expectSaid(t, "the plan of a new auth0_connection_keys", d.Must("plan", "-input=false"),
		"Warning:", "applying it rotates the signing keys")
	d.Must("apply", "-auto-approve", "-input=false")

	// auth0_connection: "The plan shows such a change as # forces
	// replacement and adds a warning naming the attribute."
	renamed := strings.Replace(string(d.Read("main.tf")), `"warn-db"`, `"warn-db-renamed"`, 1)
	d.Write("main.tf", renamed)
	expectSaid(t, "the plan of a rename", d.Must("plan", "-input=false"),
		"# forces replacement", "Warning: Replacing the connection deletes its users", `Changing name from "warn-db" to "warn-db-renamed"`)

	// "Configuring one [a key Auth0 computes] is a plan-time warning that
	// says what to set instead."
	d.Write("main.tf", warningsProvider+`
resource "auth0_connection" "google" {
  name     = "warn-google"
  strategy = "google-oauth2"
  options  = jsonencode({ client_id = "g", scope = ["email"] })
}
`)
	expectSaid(t, "the plan of a computed key", d.Must("plan", "-input=false"),
		"Warning: Server-derived option", "scope is computed by Auth0", "set those flags")

	// "Auth0 puts some keys back as soon as they are absent (a new database
	// connection's passwordPolicy…): the apply warns which keys came back."
	d.Write("main.tf", warningsProvider+`
resource "auth0_connection" "db_null" {
  name     = "warn-db-null"
  strategy = "auth0"
  options  = jsonencode({ passwordPolicy = null })
}
`)
	expectSaid(t, "the apply of a null that comes back", d.Must("apply", "-auto-approve", "-input=false"),
		"Warning: Deleted options are back on the server", "writes options.passwordPolicy as null")
	// "…and every plan shows them as a change until the configuration
	// writes the value wanted instead of null."
	if out, code := d.Terraform("plan", "-detailed-exitcode", "-input=false"); code != 2 {
		t.Errorf("the plan after a null came back: exit %d, want 2 (changes)\n%s", code, out)
	}

	// "The values of a database connection's configuration are not
	// imported… Import warns about them."
	id := world.env.newConnection("warn-encrypted", "auth0", map[string]any{"configuration": map[string]any{"API_KEY": "plain"}})
	imported := world.Dir(t, map[string]string{"main.tf": warningsProvider + fmt.Sprintf(`
import {
  to = auth0_connection.encrypted
  id = %q
}

resource "auth0_connection" "encrypted" {
  name     = "warn-encrypted"
  strategy = "auth0"
}
`, id)})
	expectSaid(t, "the plan of an import with encrypted options", imported.Must("plan", "-input=false"),
		"Warning: Encrypted options not imported", "configuration.API_KEY")
}

// auth0_connection_keys' import example: "terraform plan
// -generate-config-out=generated.tf writes triggers = null, which the next
// plan refuses since triggers is required (the API does not know them):
// write your triggers there. The apply records them and rotates nothing", as the example says.
func TestAccConnectionKeys_generatedConfigAsTheExampleSays(t *testing.T) {
	world := newCLIWorld(t, binaries(t, false))
	id := world.env.newConnection("generated-keys", "oidc", privateKeyJWTOptions())
	before := world.env.rolesOnServer(id)
	d := world.Dir(t, map[string]string{"main.tf": warningsProvider + fmt.Sprintf(`
import {
  to = auth0_connection_keys.oidc
  id = %q
}
`, id)})
	out, _ := d.Terraform("plan", "-input=false", "-generate-config-out=generated.tf")
	generated := string(d.Read("generated.tf"))
	nullTriggers := regexp.MustCompile(`triggers\s*=\s*null`)
	if !nullTriggers.MatchString(generated) {
		t.Errorf("generated.tf does not write triggers = null:\n%s\n%s", generated, out)
	}
	if out, code := d.Terraform("plan", "-input=false"); code == 0 || !strings.Contains(out, "triggers") {
		t.Errorf("the plan of the generated configuration: exit %d, want an error about triggers\n%s", code, out)
	}
	d.Write("generated.tf", nullTriggers.ReplaceAllLiteralString(generated, `triggers = { rotated = "1" }`))
	d.Must("apply", "-auto-approve", "-input=false")
	if got := world.env.rolesOnServer(id); !slices.Equal(got, before) {
		t.Errorf("the apply after the import changed the keys from %v to %v, want no rotation", before, got)
	}
	d.PlanIsClean("after the apply that recorded the triggers")
}
