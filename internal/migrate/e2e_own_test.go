package migrate

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/openauth0/terraform-provider-auth0/internal/tfcli"
)

// ownManagedChange is the edit after the switch of testdata/e2e: in a child
// module.
var ownManagedChange = managedChange{connection: "e2e-partner", strategy: "oauth2",
	from: `tokenURL\s*=\s*"https://partner.example.com/token"`, to: `tokenURL = "https://partner.example.com/oauth/token"`,
	key: "tokenURL", value: "https://partner.example.com/oauth/token"}

// TestSwitchOwnConfiguration switches testdata/e2e, a configuration with
// child modules, for_each, count, variables, locals, a provider "auth0"
// block, references between modules, a data source, outputs and resources
// that stay on auth0/auth0, with the same full flow as the official
// examples. The expressions the converter writes (scope flags merged from
// a variable, sort(distinct(…)) for sets, each.value inside options) are
// checked with Terraform itself: the converted configuration is planned
// against an empty tenant, and what it would create must be what the
// official provider sent.
func TestSwitchOwnConfiguration(t *testing.T) {
	tfcli.AcceptanceOnly(t)
	tools := newSwitchTools(t)
	files := map[string]string{}
	for _, f := range readTree(t, "testdata/e2e/in") {
		files[f.Path] = string(f.Src)
	}
	world := tfcli.NewWorld(t, tools.providers)
	d := world.Dir(t, files)
	d.Must("init", "-input=false")
	d.Must("apply", "-auto-approve", "-input=false")
	before := world.Snapshot(t)

	report, code := d.Run(tools.migrate, ".")
	if want := string(readFile(t, "testdata/e2e/report.txt")); code != 0 || report != want {
		t.Fatalf("auth0-migrate: exit %d, want 0 and the report of testdata/e2e/report.txt:\n%s", code, report)
	}
	plannedAsSent(t, tools, world, d)
	switchInPlace(t, world, d, before, "the switch")
	// The outputs read attributes of the switched resources and data source.
	var outputs struct {
		Users struct {
			Value struct {
				ID             string `json:"id"`
				Strategy       string `json:"strategy"`
				ClientsOf      string `json:"clients_of"`
				Authentication bool   `json:"authentication"`
			}
		}
	}
	if err := json.Unmarshal([]byte(d.Must("output", "-json")), &outputs); err != nil {
		t.Fatal(err)
	}
	if u := outputs.Users.Value; !strings.HasPrefix(u.ID, "con_") || u.Strategy != "auth0" || u.ClientsOf != "e2e-users (auth0)" || !u.Authentication {
		t.Errorf("the outputs after the switch: %+v", u)
	}
	ownManagedChange.apply(t, world, d, "modules/enterprise/main.tf")
}

// plannedAsSent plans the converted configuration of d against a fresh
// tenant: the options, secret_options and upstream_params Terraform
// computed for each connection must be what the official provider sent
// when it created it in world.
func plannedAsSent(t *testing.T, tools switchTools, world *tfcli.World, d *tfcli.Dir) {
	t.Helper()
	fresh := tfcli.NewWorld(t, tools.providers)
	files := map[string]string{}
	for _, f := range readTree(t, d.Path) {
		if !strings.HasPrefix(f.Path, ".terraform/") {
			files[f.Path] = string(f.Src)
		}
	}
	p := fresh.Dir(t, files)
	p.Must("init", "-input=false")
	p.Must("plan", "-out=fresh.tfplan", "-input=false")
	planned := plannedConnections(t, p.Must("show", "-json", "fresh.tfplan"))

	creates := officialCreates(t, world)
	if len(planned) != len(creates) || len(planned) == 0 {
		t.Errorf("%d connections planned, %d created by the official provider", len(planned), len(creates))
	}
	total := &comparison{}
	for name, mine := range planned {
		body := creates[name]
		if body == nil {
			t.Errorf("%s: the official provider sent no POST for it", name)
			continue
		}
		c := &comparison{}
		c.subset(nil, mine, asObject(body["options"]), compareAll)
		for _, m := range append(c.mismatches, extras(nil, mine, asObject(body["options"]))...) {
			t.Errorf("%s: %s", name, m)
		}
		total.matched += c.matched
		total.mismatches = append(total.mismatches, c.mismatches...)
	}
	t.Logf("planned by Terraform with openauth0/auth0 against sent by auth0/auth0: %s", total)
}

// plannedConnections reads the auth0_connection creations of a plan
// (terraform show -json) and returns, by connection name, the options this
// provider would send: options, secret_options and upstream_params merged.
func plannedConnections(t *testing.T, showJSON string) map[string]map[string]any {
	t.Helper()
	var plan struct {
		ResourceChanges []struct {
			Mode   string `json:"mode"`
			Type   string `json:"type"`
			Change struct {
				After map[string]any `json:"after"`
			} `json:"change"`
		} `json:"resource_changes"`
	}
	if err := decodeJSON([]byte(showJSON), &plan); err != nil {
		t.Fatalf("terraform show -json: %v", err)
	}
	out := map[string]map[string]any{}
	for _, rc := range plan.ResourceChanges {
		if rc.Mode != "managed" || rc.Type != "auth0_connection" {
			continue
		}
		after := rc.Change.After
		e := &evaluated{Options: jsonAttr(t, after["options"]), Secrets: jsonAttr(t, after["secret_options"])}
		if up, ok := after["upstream_params"].(map[string]any); ok {
			e.Upstream = withoutNulls(up)
		}
		name, _ := after["name"].(string)
		out[name] = e.combined()
	}
	return out
}

// withoutNulls drops the unset attribute of each typed upstream_params
// entry ({alias = "…", value = null} is sent as {"alias": "…"}).
func withoutNulls(up map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range up {
		entry, ok := v.(map[string]any)
		if !ok {
			out[k] = v
			continue
		}
		clean := map[string]any{}
		for ek, ev := range entry {
			if ev != nil {
				clean[ek] = ev
			}
		}
		out[k] = clean
	}
	b, _ := json.Marshal(out)
	var back map[string]any
	_ = decodeJSON(b, &back)
	return back
}

// TestConvertedTreeValidates runs terraform validate, with both providers'
// schemas, on the converted testdata/tree (aliased provider blocks, a
// module providers map, a data source): it must be valid.
func TestConvertedTreeValidates(t *testing.T) {
	tfcli.AcceptanceOnly(t)
	world := tfcli.NewWorld(t, tfcli.Build(t, true))
	files := map[string]string{}
	for _, f := range Convert(readTree(t, "testdata/tree/in"), Options{}).Files {
		files[f.Path] = string(f.Out)
	}
	d := world.Dir(t, files)
	d.Must("init", "-input=false", "-backend=false")
	out, code := d.Terraform("validate", "-json")
	var v struct {
		Valid       bool `json:"valid"`
		Diagnostics []struct {
			Severity, Summary, Detail string
		} `json:"diagnostics"`
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("terraform validate -json: exit %d, %v\n%s", code, err, out)
	}
	for _, diag := range v.Diagnostics {
		if diag.Severity == "error" {
			t.Errorf("terraform validate: %s: %s", diag.Summary, diag.Detail)
		}
	}
	if !v.Valid {
		t.Errorf("the converted tree is not valid")
	}
}

// TestSwitchAfterFollowingTheReport takes the path of a user whose outputs
// read the options block of counted connections: auth0-migrate --check
// reports each reference, the replacement its arrow line suggests is
// written in place of it before the connections are converted, and the run
// that converts them accepts it; the switch then plans No changes, the
// tenant is untouched, and the output reads the same value.
func TestSwitchAfterFollowingTheReport(t *testing.T) {
	tfcli.AcceptanceOnly(t)
	tools := newSwitchTools(t)
	const ref = "auth0_connection.db[1].options[0].password_policy"
	world := tfcli.NewWorld(t, tools.providers)
	d := world.Dir(t, map[string]string{"versions.tf": officialVersions, "main.tf": `resource "auth0_connection" "db" {
  count    = 2
  name     = "report-db-${count.index}"
  strategy = "auth0"

  options {
    password_policy = count.index == 0 ? "good" : "fair"
  }
}

output "policy" {
  value = ` + ref + `
}
`})
	d.Must("init", "-input=false")
	d.Must("apply", "-auto-approve", "-input=false")
	before := world.Snapshot(t)

	report, code := d.Run(tools.migrate, "--check", ".")
	const hint = "    → use "
	_, suggested, found := strings.Cut(report, "main.tf:12: error: "+ref+": reads the options block")
	if code != 1 || !found || !strings.HasPrefix(strings.TrimPrefix(suggested, "; options is one JSON string in openauth0/auth0\n"), hint) {
		t.Fatalf("auth0-migrate --check: exit %d, want 1 and the reference reported on main.tf:12:\n%s", code, report)
	}
	replacement, _, _ := strings.Cut(strings.SplitN(suggested, hint, 2)[1], " ")
	d.Write("main.tf", strings.Replace(string(d.Read("main.tf")), ref, replacement, 1))

	if report, code := d.Run(tools.migrate, "."); code != 0 || !strings.Contains(report, "everything converted") {
		t.Fatalf("auth0-migrate after writing %s: exit %d, want 0 and everything converted:\n%s", replacement, code, report)
	}
	switchInPlace(t, world, d, before, "the switch")
	if got := strings.TrimSpace(d.Must("output", "-raw", "policy")); got != "fair" {
		t.Errorf("output policy after the switch = %q (read with %s), want fair", got, replacement)
	}
}
