package provider

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
	"github.com/openauth0/terraform-provider-auth0/internal/migrate"
	"github.com/openauth0/terraform-provider-auth0/internal/shared"
)

// A migration route: how a state written by auth0/auth0 reaches this
// provider.
type migrationRoute struct {
	name            string
	replaceProvider bool
}

// migrationRoutes are the routes taken here. The switch without touching
// the state, both providers side by side, is taken for every example in
// internal/migrate (TestSwitchOfficialExamples), as is --replace.
var migrationRoutes = []migrationRoute{
	// The state is rewritten first: every resource in it, the example's
	// auth0_client ones too, is then this provider's, while the converted
	// configuration keeps those on auth0/auth0.
	{name: "state replace-provider", replaceProvider: true},
}

// convertedConfig is an official example as auth0-migrate's converter
// writes it: this provider beside auth0/auth0, named on each converted
// resource.
func convertedConfig(t *testing.T, example []byte) string {
	t.Helper()
	res := migrate.Convert([]migrate.File{{Path: "main.tf", Src: append([]byte(officialOnly), example...)}}, migrate.Options{})
	if res.HasErrors() {
		t.Fatalf("the converter reported errors: %+v", res.Findings)
	}
	return string(res.Files[0].Out)
}

const officialOnly = `terraform {
  required_providers {
    auth0 = { source = "auth0/auth0" }
  }
}
`

// Every published example of the auth0/auth0 provider, applied by its own
// binary, then handed to this provider with terraform state
// replace-provider and the configuration auth0-migrate's converter writes
// (which, unlike auth0-migrate --replace, keeps the example's auth0_client
// resources on auth0/auth0): the state upgraders take the official states,
// the plan is clean, and applying it changes nothing on the tenant.
func TestAccMigration_officialExamples(t *testing.T) {
	examplesDir := shared.Path(t, "official-provider/examples")
	statesDir := shared.Path(t, "official-provider/states")
	bins := binaries(t, true)
	files, err := filepath.Glob(filepath.Join(examplesDir, "*.tf"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples in %s: %v", examplesDir, err)
	}
	for _, file := range files {
		example := strings.TrimSuffix(filepath.Base(file), ".tf")
		t.Run(example, func(t *testing.T) {
			t.Parallel()
			source, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			world := newCLIWorld(t, bins)
			written := world.Dir(t, map[string]string{"main.tf": officialOnly + string(source)})
			written.Must("apply", "-auto-approve", "-input=false")
			officialState := written.Read("terraform.tfstate")
			sameShapeAsShared(t, officialState, filepath.Join(statesDir, example+".tfstate"))

			before := world.Snapshot(t)
			for _, route := range migrationRoutes {
				t.Run(route.name, func(t *testing.T) {
					d := world.Dir(t, map[string]string{
						"main.tf":           convertedConfig(t, source),
						"terraform.tfstate": string(officialState),
					})
					if route.replaceProvider {
						d.Must("state", "replace-provider", "-auto-approve",
							"registry.terraform.io/auth0/auth0", "registry.terraform.io/openauth0/auth0")
					}
					d.PlanIsClean("after the switch")
					d.Must("apply", "-auto-approve", "-input=false")
					world.UnchangedSince(t, before, "the apply after the switch")
					d.PlanIsClean("after the apply")
					convertedResourcesAreOurs(t, d.Read("terraform.tfstate"))
				})
			}
		})
	}
}

// tfState is the part of a state file these tests read.
type tfState struct {
	Resources []struct {
		Mode      string `json:"mode"`
		Type      string `json:"type"`
		Name      string `json:"name"`
		Provider  string `json:"provider"`
		Instances []struct {
			SchemaVersion int                        `json:"schema_version"`
			Attributes    map[string]json.RawMessage `json:"attributes"`
			Private       string                     `json:"private,omitempty"`
			Identity      map[string]any             `json:"identity,omitempty"`
		} `json:"instances"`
	} `json:"resources"`
}

func parseState(t *testing.T, raw []byte) tfState {
	t.Helper()
	var s tfState
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatalf("state: %v", err)
	}
	return s
}

// shape lists type, name, schema version and attribute names of every
// resource instance.
func (s tfState) shape() []string {
	var out []string
	for _, r := range s.Resources {
		for _, i := range r.Instances {
			names := make([]string, 0, len(i.Attributes))
			for k := range i.Attributes {
				names = append(names, k)
			}
			sort.Strings(names)
			out = append(out, fmt.Sprintf("%s.%s v%d %v", r.Type, r.Name, i.SchemaVersion, names))
		}
	}
	sort.Strings(out)
	return out
}

// sameShapeAsShared checks that the state the test's official binary wrote
// has the shape of the one the team recorded, so the upgrade is tested
// against what users' states hold.
func sameShapeAsShared(t *testing.T, fresh []byte, sharedFile string) {
	t.Helper()
	recorded, err := os.ReadFile(sharedFile)
	if err != nil {
		t.Fatalf("the recorded state of this example: %v", err)
	}
	got, want := parseState(t, fresh).shape(), parseState(t, recorded).shape()
	if !slices.Equal(got, want) {
		t.Errorf("the official provider wrote a state of another shape than %s:\n got  %v\n want %v", sharedFile, got, want)
	}
	for _, r := range parseState(t, fresh).Resources {
		if r.Type == "auth0_connection" && r.Instances[0].SchemaVersion != officialConnectionSchemaVersion {
			t.Errorf("%s.%s is at schema version %d, want %d", r.Type, r.Name, r.Instances[0].SchemaVersion, officialConnectionSchemaVersion)
		}
	}
}

// convertedResourcesAreOurs checks that after the apply the connection
// resources belong to this provider, at its schema versions.
func convertedResourcesAreOurs(t *testing.T, raw []byte) {
	t.Helper()
	versions := map[string]int{"auth0_connection": connectionSchemaVersion, "auth0_connection_client": 0, "auth0_connection_clients": 0}
	for _, r := range parseState(t, raw).Resources {
		want, converted := versions[r.Type]
		if !converted {
			continue
		}
		if !strings.Contains(r.Provider, "openauth0/auth0") {
			t.Errorf("%s.%s belongs to %s, want this provider", r.Type, r.Name, r.Provider)
		}
		for _, i := range r.Instances {
			if i.SchemaVersion != want {
				t.Errorf("%s.%s is at schema version %d, want %d", r.Type, r.Name, i.SchemaVersion, want)
			}
		}
	}
	identitiesAreSet(t, raw)
}

// States this provider wrote before its schema version 4 (version 0, with
// no record of the keys the configuration wrote) plan clean after the
// upgrade and keep their meaning: the keys the state holds count as
// written, so one removed from the configuration is deleted; a connection
// that managed no options adopts the live ones.
func TestAccMigration_ownVersion0States(t *testing.T) {
	world := newCLIWorld(t, binaries(t, false))
	config := func(dbOptions string) string {
		return `terraform {
  required_providers {
    auth0 = { source = "openauth0/auth0" }
  }
}

resource "auth0_connection" "db" {
  name     = "tf-acc-v0-db"
  strategy = "auth0"
  options  = jsonencode(` + dbOptions + `)
}

resource "auth0_connection" "bare" {
  name     = "tf-acc-v0-bare"
  strategy = "auth0"
}

resource "auth0_connection" "gh" {
  name           = "tf-acc-v0-gh"
  strategy       = "github"
  options        = jsonencode({ client_id = "gh" })
  secret_options = jsonencode({ client_secret = "gh-secret" })
  upstream_params = {
    login = { alias = "login_hint" }
  }
}
`
	}
	d := world.Dir(t, map[string]string{"main.tf": config(`{ passwordPolicy = "fair", disable_signup = true }`)})
	d.Must("apply", "-auto-approve", "-input=false")
	d.Write("terraform.tfstate", string(asVersion0(t, d.Read("terraform.tfstate"))))

	before := world.Snapshot(t)
	d.PlanIsClean("a version 0 state")
	d.Must("apply", "-auto-approve", "-input=false")
	world.UnchangedSince(t, before, "the apply of a version 0 state")
	identitiesAreSet(t, d.Read("terraform.tfstate"))
	if v := parseState(t, d.Read("terraform.tfstate")).Resources[0].Instances[0].SchemaVersion; v != connectionSchemaVersion {
		t.Errorf("schema version after the apply = %d, want %d", v, connectionSchemaVersion)
	}

	// Start over from version 0: disable_signup was written, so removing
	// it deletes it.
	d.Write("terraform.tfstate", string(asVersion0(t, d.Read("terraform.tfstate"))))
	d.Write("main.tf", config(`{ passwordPolicy = "fair" }`))
	if _, code := d.Terraform("plan", "-detailed-exitcode", "-input=false"); code != 2 {
		t.Errorf("removing a key written before the upgrade: plan exit code %d, want 2 (changes)", code)
	}
	d.Must("apply", "-auto-approve", "-input=false")
	for conn, err := range world.env.client.ListConnections(t.Context(), client.ListOptions{Name: "tf-acc-v0-db"}) {
		if err != nil {
			t.Fatal(err)
		}
		opts := world.env.liveOptions(conn.ID)
		if err := lacksKeys(opts, "disable_signup"); err != nil {
			t.Error(err)
		}
		if err := hasKeys(opts, "passwordPolicy", "mfa", "strategy_version"); err != nil {
			t.Error(err)
		}
	}
	d.PlanIsClean("after the removal")
}

// asVersion0 rewrites a state of this provider as version 0 wrote it:
// schema_version 0, no identity, and no record of written keys in the
// private state.
func asVersion0(t *testing.T, raw []byte) []byte {
	t.Helper()
	var s map[string]any
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatal(err)
	}
	for _, r := range s["resources"].([]any) {
		for _, i := range r.(map[string]any)["instances"].([]any) {
			inst := i.(map[string]any)
			inst["schema_version"] = 0
			delete(inst, "identity")
			delete(inst, "identity_schema_version")
			enc, _ := inst["private"].(string)
			if enc == "" {
				continue
			}
			b, err := base64.StdEncoding.DecodeString(enc)
			if err != nil {
				t.Fatal(err)
			}
			var private map[string]any
			if err := json.Unmarshal(b, &private); err != nil {
				t.Fatal(err)
			}
			delete(private, privateWrittenOptions)
			if len(private) == 0 {
				delete(inst, "private")
				continue
			}
			b, _ = json.Marshal(private)
			inst["private"] = base64.StdEncoding.EncodeToString(b)
		}
	}
	out, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// A plan that changes an adopted connection's options says which adopted
// keys leave the state and that they stay on the server; the apply keeps
// them there.
func TestAccAdoption_releasedKeysAreNamed(t *testing.T) {
	world := newCLIWorld(t, binaries(t, false))
	id, before := world.env.createDefaultDatabase()
	d := world.Dir(t, map[string]string{"main.tf": fmt.Sprintf(`terraform {
  required_providers {
    auth0 = { source = "openauth0/auth0" }
  }
}

import {
  to = auth0_connection.db
  id = %q
}

resource "auth0_connection" "db" {
  name     = %q
  strategy = "auth0"
  options  = jsonencode({ passwordPolicy = "fair", mfa = { active = true } })
}
`, id, defaultDatabase)})
	out := d.Must("plan", "-input=false")
	for _, want := range []string{
		"Warning: Adopted options leave the state, not the server",
		"options.mfa.return_enroll_settings",
		"options.strategy_version",
		"options.passkey_options.challenge_ui",
		"they stay on the server as they are",
	} {
		if !strings.Contains(strings.Join(strings.Fields(out), " "), want) {
			t.Errorf("the plan does not say %q:\n%s", want, out)
		}
	}
	d.Must("apply", "-auto-approve", "-input=false")
	if got := world.env.liveOptions(id); !reflect.DeepEqual(got, with(before, "passwordPolicy", "fair")) {
		t.Errorf("after the apply the server holds %v, want everything it had with passwordPolicy fair", got)
	}
	d.PlanIsClean("after the apply")
}
