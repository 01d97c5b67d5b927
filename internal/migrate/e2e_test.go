package migrate

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/openauth0/terraform-provider-auth0/internal/shared"
	"github.com/openauth0/terraform-provider-auth0/internal/tfcli"
)

// The end-to-end tests switch configurations the way a user does: apply
// with auth0/auth0 (its real binary), run auth0-migrate (the real program)
// on the directory, terraform init, terraform plan says No changes,
// terraform apply changes nothing on the tenant.

// TestMain removes the binaries the end-to-end tests built.
func TestMain(m *testing.M) { tfcli.Main(m) }

// officialVersions is the terraform block the official examples lack.
const officialVersions = "terraform {\n  required_providers {\n    auth0 = { source = \"auth0/auth0\" }\n  }\n}\n"

// switchTools are the programs the end-to-end tests run: both providers and
// the converter, each built once per test binary.
type switchTools struct {
	providers tfcli.Providers
	migrate   string
}

func newSwitchTools(t *testing.T) switchTools {
	t.Helper()
	return switchTools{providers: tfcli.Build(t, true), migrate: tfcli.Command(t, "./cmd/auth0-migrate")}
}

// replaceRoute are the examples also switched with --replace and terraform
// state replace-provider (one per strategy family). Those with an
// auth0_client cannot be: the converter must refuse them.
var replaceRoute = map[string]bool{"database.tf": true, "google_oauth2.tf": true, "saml.tf": true, "sms.tf": true}

// Every published example of the official provider: applied by its binary,
// converted in place, and switched with No changes and an untouched tenant;
// the converted options are what auth0/auth0 sent (see agreeWithOfficial);
// some are switched with --replace too, and some get a managed change
// afterwards that must touch only its key.
func TestSwitchOfficialExamples(t *testing.T) {
	tfcli.AcceptanceOnly(t)
	examples, err := filepath.Glob(filepath.Join(shared.Path(t, "official-provider/examples"), "*.tf"))
	if err != nil || len(examples) != 20 {
		t.Fatalf("%d official examples, want 20 (%v)", len(examples), err)
	}
	tools := newSwitchTools(t)
	var (
		mu      sync.Mutex
		summary []string
	)
	// After the parallel subtests, which run once this function returns.
	t.Cleanup(func() {
		sort.Strings(summary)
		t.Logf("%d of %d examples switched with No changes and an untouched tenant:\n  %s",
			len(summary), len(examples), strings.Join(summary, "\n  "))
	})
	for _, path := range examples {
		name := filepath.Base(path)
		t.Run(strings.TrimSuffix(name, ".tf"), func(t *testing.T) {
			t.Parallel()
			routes := switchExample(t, tools, name, readFile(t, path))
			if !t.Failed() {
				mu.Lock()
				summary = append(summary, name+": "+strings.Join(routes, ", "))
				mu.Unlock()
			}
		})
	}
}

// switchExample runs the switch of one example and returns what it did.
func switchExample(t *testing.T, tools switchTools, name string, src []byte) []string {
	world := tfcli.NewWorld(t, tools.providers)
	d := world.Dir(t, map[string]string{name: string(src), "versions.tf": officialVersions})
	d.Must("init", "-input=false")
	d.Must("apply", "-auto-approve", "-input=false")
	applied := copyDir(t, d.Path)
	before := world.Snapshot(t)

	report, code := d.Run(tools.migrate, ".")
	if code != 0 || !strings.Contains(report, "everything converted") {
		t.Fatalf("auth0-migrate: exit %d, want 0 and everything converted:\n%s", code, report)
	}
	t.Logf("auth0-migrate:\n%s", report)
	agreeWithOfficial(t, world, d.Read(name))
	switchInPlace(t, world, d, before, "the switch")
	routes := []string{"side by side"}

	if replaceRoute[name] && !usesOfficialOnlyForConnections(string(src)) {
		t.Fatalf("%s is in replaceRoute but uses auth0/auth0 for more than connections", name)
	}
	switch {
	case replaceRoute[name]:
		r := world.DirAt(t, applied)
		if report, code := r.Run(tools.migrate, "--replace", "."); code != 0 {
			t.Fatalf("auth0-migrate --replace: exit %d\n%s", code, report)
		}
		r.Must("state", "replace-provider", "-auto-approve", "registry.terraform.io/auth0/auth0", "registry.terraform.io/openauth0/auth0")
		switchInPlace(t, world, r, before, "the switch with --replace")
		routes = append(routes, "--replace with state replace-provider")
	case !usesOfficialOnlyForConnections(string(src)):
		replaceIsRefused(t, world.DirAt(t, applied), tools, name)
		routes = append(routes, "--replace refused (auth0_client stays on auth0/auth0)")
	}
	if change, ok := managedChanges[name]; ok {
		change.apply(t, world, d, name)
		routes = append(routes, "then a change of "+change.key+" that touched only it")
	}
	return routes
}

// switchInPlace runs what the converter's report says comes next, in a
// converted directory that holds the official provider's state: terraform
// init, a plan that finds nothing to do and its apply, which must leave the
// tenant exactly as before (no write at all), and a clean plan after it.
func switchInPlace(t *testing.T, world *tfcli.World, d *tfcli.Dir, before tfcli.Snapshot, what string) {
	t.Helper()
	d.Must("init", "-input=false")
	if out, code := d.Terraform("plan", "-detailed-exitcode", "-input=false", "-out=switch.tfplan"); code != 0 {
		t.Fatalf("%s: terraform plan exit code %d, want 0 (No changes)\n%s", what, code, out)
	}
	d.Must("apply", "-input=false", "switch.tfplan")
	world.UnchangedSince(t, before, what)
	d.PlanIsClean("after " + what)
	connectionsAreOurs(t, d.Read("terraform.tfstate"))
}

// replaceIsRefused: --replace would hand the configuration's other
// resources to this provider, so the converter refuses and writes nothing.
func replaceIsRefused(t *testing.T, d *tfcli.Dir, tools switchTools, name string) {
	t.Helper()
	src := d.Read(name)
	report, code := d.Run(tools.migrate, "--replace", ".")
	if code != 1 || !strings.Contains(report, "nothing written") || !strings.Contains(report, "uses auth0/auth0, which --replace would take away from it") {
		t.Errorf("auth0-migrate --replace on a configuration with other auth0/auth0 resources: exit %d, want 1 and a refusal:\n%s", code, report)
	}
	if string(d.Read(name)) != string(src) {
		t.Errorf("auth0-migrate --replace refused but rewrote %s", name)
	}
}

// usesOfficialOnlyForConnections reports whether an example has no resource
// other than connection resources.
func usesOfficialOnlyForConnections(src string) bool {
	for _, line := range strings.Split(src, "\n") {
		if strings.HasPrefix(line, `resource "`) && !strings.HasPrefix(line, `resource "auth0_connection`) {
			return false
		}
	}
	return true
}

// connectionsAreOurs checks that after the switch every connection resource
// of the state belongs to this provider, and nothing else does.
func connectionsAreOurs(t *testing.T, raw []byte) {
	t.Helper()
	var state struct {
		Resources []struct {
			Mode, Type, Name, Provider string
		} `json:"resources"`
	}
	if err := decodeJSON(raw, &state); err != nil {
		t.Fatalf("state: %v", err)
	}
	for _, r := range state.Resources {
		ours := strings.Contains(r.Provider, "openauth0/auth0")
		if connection := strings.HasPrefix(r.Type, "auth0_connection"); connection != ours {
			t.Errorf("%s.%s belongs to %s after the switch", r.Type, r.Name, r.Provider)
		}
	}
}

// copyDir copies the regular files of a directory (not .terraform) to a new
// one, for a second route from the same starting point.
func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		writeFile(t, filepath.Join(dst, e.Name()), readFile(t, filepath.Join(src, e.Name())))
	}
	return dst
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}
