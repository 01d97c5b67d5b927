package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/openauth0/terraform-provider-auth0/internal/migrate"
	"github.com/openauth0/terraform-provider-auth0/internal/tfcli"
)

// The switch from auth0/auth0, end to end with the terraform binary and
// both providers' binaries: the official provider applies its own
// configuration of the connection family against the emulator; the
// configuration is converted with auth0-migrate's converter; this
// provider then takes the resources over (Terraform hands it the official
// states) and plans No changes, and applying changes nothing on the tenant.

// familySwitchDir holds the configuration: connections.tf stays on
// auth0/auth0, family.tf and versions.tf are converted.
const familySwitchDir = "testdata/family-switch"

func TestAccFamilySwitchFromOfficial(t *testing.T) {
	t.Parallel()
	world := newCLIWorld(t, binaries(t, true))
	files := map[string]string{}
	for _, name := range []string{"connections.tf", "family.tf", "versions.tf"} {
		src, err := os.ReadFile(filepath.Join(familySwitchDir, name))
		if err != nil {
			t.Fatal(err)
		}
		files[name] = string(src)
	}
	d := world.Dir(t, files)

	d.Must("apply", "-auto-approve", "-input=false")
	d.PlanIsClean("auth0/auth0 after its own apply")
	before := world.Snapshot(t, familyReaders(world)...)
	officialState := pulledAttributes(t, d, "auth0_connection_scim_token", "okta")

	converted := migrate.Convert([]migrate.File{
		{Path: "family.tf", Src: d.Read("family.tf")},
		{Path: "versions.tf", Src: d.Read("versions.tf")},
	}, migrate.Options{})
	if converted.HasErrors() {
		t.Fatalf("the converter reported errors: %+v", converted.Findings)
	}
	for _, f := range converted.Files {
		d.Write(f.Path, string(f.Out))
	}

	plan := d.PlanIsClean("openauth0/auth0 taking the family over")
	t.Logf("the plan after the switch:\n%s", plan)
	if !strings.Contains(plan, "No changes.") {
		t.Errorf("the plan after the switch does not say No changes:\n%s", plan)
	}
	d.Must("apply", "-auto-approve", "-input=false")
	world.UnchangedSince(t, before, "the first apply with openauth0/auth0")
	identitiesAreSet(t, []byte(d.Must("state", "pull")))
	d.PlanIsClean("openauth0/auth0 after its first apply")

	for _, r := range pulledState(t, d) {
		if r.Type != "auth0_connection" && !strings.Contains(r.Provider, "openauth0/auth0") {
			t.Errorf("%s.%s is still on %s", r.Type, r.Name, r.Provider)
		}
	}
	if got := pulledAttributes(t, d, "auth0_connection_scim_token", "okta"); got["token"] == "" || got["token"] != officialState["token"] {
		t.Error("the SCIM token's secret did not survive the switch")
	}

	// From now on openauth0/auth0 manages them: a trigger rotates, a group
	// change sends the difference.
	d.Write("family.tf", string(bytes.Replace(bytes.Replace(d.Read("family.tf"),
		[]byte(`version = "1"`), []byte(`version = "2"`), 1),
		[]byte(`"group3ghi"]`), []byte(`"group4jkl"]`), 1)))
	world.env.server.ResetStats()
	d.Must("apply", "-auto-approve", "-input=false")
	stats := world.env.server.Stats()
	for route, want := range map[string]int64{
		"POST /api/v2/connections/{id}/keys/rotate":                                  1,
		"DELETE /api/v2/connections/{id}/directory-provisioning/synchronized-groups": 1,
		"POST /api/v2/connections/{id}/directory-provisioning/synchronized-groups":   1,
		"PUT /api/v2/connections/{id}/directory-provisioning/synchronized-groups":    0,
		"PATCH /api/v2/connections/{id}/scim-configuration":                          0,
		"POST /api/v2/connections/{id}/scim-configuration/tokens":                    0,
		"DELETE /api/v2/connections/{id}/scim-configuration/tokens/{token}":          0,
		"PATCH /api/v2/connections/{id}/directory-provisioning":                      0,
		"POST /api/v2/connections":                                                   0,
		"PATCH /api/v2/connections/{id}":                                             0,
	} {
		if stats[route] != want {
			t.Errorf("the apply after the switch: %s: %d calls, want %d", route, stats[route], want)
		}
	}
	d.PlanIsClean("openauth0/auth0 after a rotation and a group change")
	d.Must("destroy", "-auto-approve", "-input=false")
}

// familyReaders read what the connection family keeps beside a connection,
// for snapshots of the tenant.
func familyReaders(w *cliWorld) []tfcli.Reader {
	c := w.env.client
	return []tfcli.Reader{
		func(ctx context.Context, id string) (any, error) { return c.GetSCIMConfiguration(ctx, id) },
		func(ctx context.Context, id string) (any, error) { return c.ListSCIMTokens(ctx, id) },
		func(ctx context.Context, id string) (any, error) { return c.ListConnectionKeys(ctx, id) },
		func(ctx context.Context, id string) (any, error) { return c.GetDirectoryProvisioning(ctx, id) },
		func(ctx context.Context, id string) (any, error) { return c.ListSynchronizedGroups(ctx, id) },
	}
}

type stateResource struct {
	Mode, Type, Name, Provider string
	Instances                  []struct {
		Attributes map[string]any `json:"attributes"`
	}
}

// pulledState is what terraform state pull says of d.
func pulledState(t *testing.T, d *tfcli.Dir) []stateResource {
	t.Helper()
	var st struct{ Resources []stateResource }
	if err := json.Unmarshal([]byte(d.Must("state", "pull")), &st); err != nil {
		t.Fatal(err)
	}
	return st.Resources
}

// pulledAttributes returns the attributes of a managed resource of d's state.
func pulledAttributes(t *testing.T, d *tfcli.Dir, typeName, name string) map[string]any {
	t.Helper()
	for _, r := range pulledState(t, d) {
		if r.Mode == "managed" && r.Type == typeName && r.Name == name && len(r.Instances) == 1 {
			return r.Instances[0].Attributes
		}
	}
	t.Fatalf("%s.%s not in the state", typeName, name)
	return nil
}
